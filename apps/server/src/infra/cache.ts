import type { Redis } from 'ioredis';

/** Small shared key-value store with expiry (revocation lists, short-lived lookups). */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip (`MGET` on Redis); one answer per key, in order. */
  getMany(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Writes only when the key holds nothing (atomic on Redis: `SET NX PX`); true when it wrote. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export function createMemoryCache(maxEntries = 100_000): Cache {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const evictExpired = (now: number) => {
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };
  const read = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  const write = (key: string, value: string, ttlMs: number) => {
    if (entries.size >= maxEntries) {
      evictExpired(Date.now());
      // Still full: drop the oldest insertion (Map keeps insertion order).
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    }
    entries.delete(key);
    entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  };
  return {
    kind: 'memory',
    async get(key) {
      return read(key);
    },
    async getMany(keys) {
      return keys.map(read);
    },
    async set(key, value, ttlMs) {
      write(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (read(key) !== null) return false;
      write(key, value, ttlMs);
      return true;
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

export function createRedisCache(redis: Redis, prefix = 'hub:cache:'): Cache {
  return {
    kind: 'redis',
    async get(key) {
      return redis.get(prefix + key);
    },
    async getMany(keys) {
      return redis.mget(keys.map((key) => prefix + key));
    },
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
  };
}

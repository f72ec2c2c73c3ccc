import type { Redis } from 'ioredis';

/** Small shared key-value store with expiry (revocation lists, short-lived lookups). */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createMemoryCache(maxEntries = 100_000): Cache {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const evictExpired = (now: number) => {
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };
  return {
    kind: 'memory',
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return null;
      }
      return entry.value;
    },
    async set(key, value, ttlMs) {
      if (entries.size >= maxEntries) {
        evictExpired(Date.now());
        // Still full: drop the oldest insertion (Map keeps insertion order).
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      }
      entries.delete(key);
      entries.set(key, { value, expiresAt: Date.now() + ttlMs });
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
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
  };
}

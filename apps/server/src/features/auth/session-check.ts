import type { Database } from '../../db/database';
import type { Cache } from '../../infra/cache';
import { liveSession } from './repo';

const ACTIVE_TTL_MS = 60_000;
/** A revoked marker outlives every access token that could carry the sid (15 min). */
const REVOKED_TTL_MS = 20 * 60_000;
const REVOKED = 'revoked';

export const sessionCacheKey = (sessionId: string) => `session:${sessionId}`;

export interface ActiveSession {
  userId: string;
  isSuperAdmin: boolean;
}

interface CachedSession extends ActiveSession {
  /** The session's absolute end (ms): a cached answer never outlives the session. */
  expiresAt: number;
}

/**
 * Is this session still usable? Checked on every request so that logout and revocation take effect at
 * once (S-TOK-3). Answers are cached (in Redis across nodes). Revocation always wins: it overwrites the
 * cached answer, while an "active" answer is written only into an empty key, so a database read that
 * raced a revocation cannot put the session back. When the cache fails we ask the database rather than
 * trust a stale token. `prefetched` is the cached value when the caller already read it (the guard reads
 * it in one round trip with the account access).
 */
export async function activeSession(
  database: Database,
  cache: Cache,
  sessionId: string,
  now = Date.now(),
  prefetched?: string | null,
): Promise<ActiveSession | undefined> {
  const cached =
    prefetched === undefined ? await cache.get(sessionCacheKey(sessionId)).catch(() => null) : prefetched;
  if (cached === REVOKED) return undefined;
  if (cached) {
    const entry = JSON.parse(cached) as CachedSession;
    if (entry.expiresAt > now) return { userId: entry.userId, isSuperAdmin: entry.isSuperAdmin };
  }
  const row = await liveSession(database.system, sessionId, new Date(now));
  if (!row) {
    await cache.set(sessionCacheKey(sessionId), REVOKED, REVOKED_TTL_MS).catch(() => {});
    return undefined;
  }
  const entry: CachedSession = {
    userId: row.userId,
    isSuperAdmin: row.isSuperAdmin,
    expiresAt: row.expiresAt.getTime(),
  };
  const ttl = Math.min(ACTIVE_TTL_MS, entry.expiresAt - now);
  const written = await cache
    .setIfAbsent(sessionCacheKey(sessionId), JSON.stringify(entry), ttl)
    .catch(() => true);
  // Not written: the key gained a value since our read; if that is a revocation, it is the answer.
  if (!written && (await cache.get(sessionCacheKey(sessionId)).catch(() => null)) === REVOKED)
    return undefined;
  return { userId: entry.userId, isSuperAdmin: entry.isSuperAdmin };
}

/** Marks sessions revoked on every node; called after the revocation commits. */
export async function forgetSessions(cache: Cache, sessionIds: string[]): Promise<void> {
  await Promise.all(
    sessionIds.map((id) => cache.set(sessionCacheKey(id), REVOKED, REVOKED_TTL_MS).catch(() => {})),
  );
}

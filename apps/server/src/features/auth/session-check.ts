import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { sessions, users } from '../../db/schema';
import type { Cache } from '../../infra/cache';

const ACTIVE_TTL_MS = 60_000;
/** A revoked marker outlives every access token that could carry the sid (15 min). */
const REVOKED_TTL_MS = 20 * 60_000;

const cacheKey = (sessionId: string) => `session:${sessionId}`;

export interface ActiveSession {
  userId: string;
  isSuperAdmin: boolean;
}

/**
 * Is this session still usable? Checked on every request so that logout and revocation take effect at
 * once (S-TOK-3). Answers are cached (in Redis across nodes); revocation overwrites the cached answer,
 * and when the cache fails we ask the database rather than trust a stale token.
 */
export async function activeSession(
  database: Database,
  cache: Cache,
  sessionId: string,
): Promise<ActiveSession | undefined> {
  const cached = await cache.get(cacheKey(sessionId)).catch(() => null);
  if (cached === 'revoked') return undefined;
  if (cached) return JSON.parse(cached) as ActiveSession;
  const [row] = await database.system
    .select({ userId: users.id, isSuperAdmin: users.isSuperAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        eq(users.status, 'active'),
      ),
    );
  if (!row) {
    await cache.set(cacheKey(sessionId), 'revoked', REVOKED_TTL_MS).catch(() => {});
    return undefined;
  }
  await cache.set(cacheKey(sessionId), JSON.stringify(row), ACTIVE_TTL_MS).catch(() => {});
  return row;
}

export async function forgetSessions(cache: Cache, sessionIds: string[]): Promise<void> {
  await Promise.all(
    sessionIds.map((id) => cache.set(cacheKey(id), 'revoked', REVOKED_TTL_MS).catch(() => {})),
  );
}

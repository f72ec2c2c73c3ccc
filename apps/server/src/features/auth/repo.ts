import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { accounts, accountUsers, refreshTokens, sessions, users } from '../../db/schema';

/**
 * Identity tables (users, sessions, refresh tokens) carry no account id: they are read and written on
 * the system connection only, and every function here names the user or session it touches.
 */
type Conn = Db | Tx;

export async function insertSession(
  db: Conn,
  values: Pick<typeof sessions.$inferInsert, 'userId' | 'authMethod' | 'ip' | 'userAgent' | 'expiresAt'>,
) {
  const [session] = await db
    .insert(sessions)
    .values(values)
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return session!;
}

export async function insertRefreshToken(
  db: Conn,
  values: { sessionId: string; tokenHash: string; expiresAt: Date },
) {
  await db.insert(refreshTokens).values(values);
}

export async function touchSession(db: Conn, sessionId: string, at: Date) {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId));
}

/** Marks an unused, live refresh token used; of concurrent claims exactly one gets the row back. */
export async function claimRefreshToken(db: Conn, tokenHash: string, now: Date) {
  const [claimed] = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, now),
      ),
    )
    .returning({ sessionId: refreshTokens.sessionId });
  return claimed;
}

export async function refreshTokenByHash(db: Conn, tokenHash: string) {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/** The session if it is neither revoked nor expired and its user is active. */
export async function liveSession(db: Conn, sessionId: string, now: Date) {
  const [row] = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      isSuperAdmin: users.isSuperAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.status, 'active'),
      ),
    );
  return row;
}

export async function sessionOwner(db: Conn, sessionId: string) {
  const [row] = await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, sessionId));
  return row?.userId;
}

/** Revokes the sessions and every refresh token of them; returns the ids that were still open. */
export async function revokeSessionRows(db: Conn, sessionIds: string[], reason: string, now: Date) {
  if (sessionIds.length === 0) return [];
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(inArray(sessions.id, sessionIds), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(inArray(refreshTokens.sessionId, sessionIds), isNull(refreshTokens.revokedAt)));
  return revoked.map((row) => row.id);
}

export async function openSessionsOfUser(db: Conn, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(sessions.createdAt);
}

export async function openSessionOfUser(db: Conn, userId: string, sessionId: string) {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  return row;
}

export async function userById(db: Conn, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

export async function activeMembershipsOfUser(db: Conn, userId: string) {
  return db
    .select({ accountId: accountUsers.accountId, accountName: accounts.name, role: accountUsers.role })
    .from(accountUsers)
    .innerJoin(accounts, eq(accounts.id, accountUsers.accountId))
    .where(and(eq(accountUsers.userId, userId), eq(accounts.status, 'active')))
    .orderBy(accountUsers.accountId);
}

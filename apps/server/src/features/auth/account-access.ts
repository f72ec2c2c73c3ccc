import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, accountUsers } from '../../db/schema';
import type { Cache } from '../../infra/cache';
import { type AccountAccess, type AccountStatus, accountAccessOf } from './access-repo';

/** How long a member's role and account status are served from the cache without asking the database. */
const ACCESS_TTL_MS = 60_000;
/**
 * Written over the cached answer when a membership or the account's status changes. While it lasts, checks
 * read the database and never cache, so a check that read the old row before the change committed cannot
 * put it back; it lasts as long as a cached answer would.
 */
const STALE = 'stale';

export const accountAccessCacheKey = (accountId: number, userId: string) => `access:${accountId}:${userId}`;

/**
 * The account's status and the user's seat in it, as the guard needs them on every account request.
 * Seats are cached (in Redis across nodes) and every change to a seat or to the account's status marks the
 * cached answer stale after its commit (`forgetAccountAccess`), so a role change, a removal or a
 * suspension applies to the member's very next request on every node. Answers without a seat (a super
 * admin, an outsider) are not cached, so a new seat needs no invalidation. When the cache fails, the
 * database answers. `prefetched` is the cached value when the caller already read it.
 */
export async function accountAccess(
  database: Database,
  cache: Cache,
  accountId: number,
  userId: string,
  prefetched?: string | null,
): Promise<AccountAccess | undefined> {
  const key = accountAccessCacheKey(accountId, userId);
  const cached = prefetched === undefined ? await cache.get(key).catch(() => STALE) : prefetched;
  if (cached && cached !== STALE) return JSON.parse(cached) as AccountAccess;
  const access = await accountAccessOf(database.system, accountId, userId);
  if (cached === null && access?.role) {
    await cache.setIfAbsent(key, JSON.stringify(access), ACCESS_TTL_MS).catch(() => {});
  }
  return access;
}

/** Marks these members' cached access stale on every node; called after the change commits. */
export async function forgetAccountAccess(cache: Cache, accountId: number, userIds: string[]): Promise<void> {
  await Promise.all(
    userIds.map((userId) =>
      cache.set(accountAccessCacheKey(accountId, userId), STALE, ACCESS_TTL_MS).catch(() => {}),
    ),
  );
}

/**
 * Suspends or reactivates an account. Every status change goes through here: the guard serves the
 * status from the cache, and this marks it stale for each member once the change commits.
 */
export async function setAccountStatus(
  deps: { database: Database; cache: Cache },
  accountId: number,
  status: AccountStatus,
): Promise<void> {
  const memberIds = await deps.database.system.transaction(async (tx) => {
    await tx.update(accounts).set({ status, updatedAt: new Date() }).where(eq(accounts.id, accountId));
    const members = await tx
      .select({ userId: accountUsers.userId })
      .from(accountUsers)
      .where(eq(accountUsers.accountId, accountId));
    return members.map((member) => member.userId);
  });
  await forgetAccountAccess(deps.cache, accountId, memberIds);
}

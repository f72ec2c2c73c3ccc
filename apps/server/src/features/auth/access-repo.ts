import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { accounts, accountUsers, apiKeys } from '../../db/schema';

/**
 * The lookups of the guard, run on every authenticated account request before any tenant transaction
 * exists: one statement each, through the system handle, always filtered by the account (or key) asked for.
 * They are prepared once per database, so a request pays neither query building nor planning.
 */
function prepareLookups(db: Db) {
  return {
    accountAccess: db
      .select({ status: accounts.status, role: accountUsers.role })
      .from(accounts)
      .leftJoin(
        accountUsers,
        and(eq(accountUsers.accountId, accounts.id), eq(accountUsers.userId, sql.placeholder('userId'))),
      )
      .where(eq(accounts.id, sql.placeholder('accountId')))
      .prepare('guard_account_access'),
    apiKey: db
      .select({
        id: apiKeys.id,
        accountId: apiKeys.accountId,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
        accountStatus: accounts.status,
      })
      .from(apiKeys)
      .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
      .where(eq(apiKeys.keyHash, sql.placeholder('keyHash')))
      .prepare('guard_api_key'),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepareLookups>>();
function lookups(db: Db) {
  let found = prepared.get(db);
  if (!found) {
    found = prepareLookups(db);
    prepared.set(db, found);
  }
  return found;
}

export type AccountStatus = (typeof accounts.$inferSelect)['status'];

export interface AccountAccess {
  status: AccountStatus;
  /** The user's role in the account; null when the user holds no seat there. */
  role: (typeof accountUsers.$inferSelect)['role'] | null;
}

/** The account's status and the user's membership in it; undefined when no such account exists. */
export async function accountAccessOf(system: Db, accountId: number, userId: string) {
  const [row] = await lookups(system).accountAccess.execute({ accountId, userId });
  return row as AccountAccess | undefined;
}

export async function accountExists(system: Db, accountId: number): Promise<boolean> {
  const [row] = await system.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  return row !== undefined;
}

/** The API key with this hash and its account's status. Keys are looked up before their account is known. */
export async function apiKeyByHash(system: Db, keyHash: string) {
  const [row] = await lookups(system).apiKey.execute({ keyHash });
  return row;
}

export async function touchApiKey(system: Db, accountId: number, keyId: string, at: Date): Promise<void> {
  await system
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, keyId)));
}

import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { apiKeys } from '../../db/schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  tx: Tx,
  accountId: number,
  values: Omit<typeof apiKeys.$inferInsert, 'accountId' | 'id'>,
): Promise<ApiKeyRow> {
  const [row] = await tx
    .insert(apiKeys)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function apiKeysOfAccount(tx: Tx, accountId: number): Promise<ApiKeyRow[]> {
  return tx.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.createdAt));
}

/** The key if it belongs to the account and is not revoked yet; locked until the transaction ends. */
export async function liveApiKeyOfAccount(tx: Tx, accountId: number, keyId: string) {
  const [row] = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .for('update');
  return row;
}

export async function markApiKeyRevoked(tx: Tx, accountId: number, keyId: string, at: Date) {
  await tx
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId)));
}

import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { auditLogs } from '../../db/schema';

export type NewAuditLog = Omit<typeof auditLogs.$inferInsert, 'id' | 'accountId' | 'createdAt'>;

/** Appends one row; `accountId` null is a global event (system handle only). */
export async function insertAuditLog(
  db: Db | Tx,
  accountId: number | null,
  row: NewAuditLog,
): Promise<string> {
  const [inserted] = await db
    .insert(auditLogs)
    .values({ ...row, accountId })
    .returning({ id: auditLogs.id });
  return inserted!.id;
}

/**
 * Adds to an aggregated row's count. Only the system handle may: the app role cannot change audit rows.
 * False when no such row exists in that account.
 */
export async function addToAuditCount(system: Db, accountId: number, id: string, by = 1): Promise<boolean> {
  const updated = await system
    .update(auditLogs)
    .set({ count: sql`${auditLogs.count} + ${by}` })
    .where(and(eq(auditLogs.accountId, accountId), eq(auditLogs.id, id)))
    .returning({ id: auditLogs.id });
  return updated.length > 0;
}

import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
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

/**
 * Where a page ended: the last row's created_at at full microsecond precision (a JS Date keeps only
 * milliseconds, and rows written in one transaction share a timestamp) and its id as the tie-breaker.
 */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

export interface AuditLogFilters {
  action?: string | undefined;
  actor_id?: string | undefined;
  resource_type?: string | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive, so consecutive ranges neither overlap nor leave gaps. */
  to?: Date | undefined;
}

/** The account condition repeats what RLS enforces, so a missed tenant context still returns nothing foreign. */
function matching(accountId: number, filters: AuditLogFilters): SQL | undefined {
  return and(
    eq(auditLogs.accountId, accountId),
    filters.action === undefined ? undefined : eq(auditLogs.action, filters.action),
    filters.actor_id === undefined ? undefined : eq(auditLogs.actorId, filters.actor_id),
    filters.resource_type === undefined ? undefined : eq(auditLogs.resourceType, filters.resource_type),
    filters.from === undefined ? undefined : gte(auditLogs.createdAt, filters.from),
    filters.to === undefined ? undefined : lt(auditLogs.createdAt, filters.to),
  );
}

const newestFirst = [desc(auditLogs.createdAt), desc(auditLogs.id)];
const cursorInstant = sql<string>`to_char(${auditLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A page of matching rows, newest first, after `cursor`, each with its exact position for the next cursor. */
export function auditLogPage(
  tx: Tx,
  accountId: number,
  filters: AuditLogFilters,
  cursor: CursorPosition | undefined,
  limit: number,
) {
  const after = cursor
    ? sql`(${auditLogs.createdAt}, ${auditLogs.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
    : undefined;
  return tx
    .select({ row: auditLogs, position: cursorInstant })
    .from(auditLogs)
    .where(and(matching(accountId, filters), after))
    .orderBy(...newestFirst)
    .limit(limit);
}

export function newestAuditLogs(tx: Tx, accountId: number, filters: AuditLogFilters, limit: number) {
  return tx
    .select()
    .from(auditLogs)
    .where(matching(accountId, filters))
    .orderBy(...newestFirst)
    .limit(limit);
}

import { auditLogQuerySchema, auditLogSchema, safeText } from '@whatpro/contracts';
import { z } from 'zod';
import type { Database } from '../../db/database';
import type { auditLogs } from '../../db/schema';
import { type AuditLogFilters, auditLogPage, type CursorPosition, newestAuditLogs } from './repo';
import { type AuditContext, recordAudit } from './service';

type AuditLogRow = typeof auditLogs.$inferSelect;
export type AuditLog = z.infer<typeof auditLogSchema>;

/** The export's columns, in the contract's order, so the CSV and the JSON carry the same fields. */
export const AUDIT_LOG_COLUMNS = Object.keys(auditLogSchema.shape) as (keyof AuditLog)[];

export function presentAuditLog(row: AuditLogRow): AuditLog {
  return {
    id: row.id,
    account_id: row.accountId,
    actor_type: row.actorType,
    actor_id: row.actorId,
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    ip: row.ip,
    user_agent: row.userAgent,
    request_id: row.requestId,
    old_values: row.oldValues,
    new_values: row.newValues,
    count: row.count,
    created_at: row.createdAt.toISOString(),
  };
}

/**
 * PostgreSQL stores years 1–9999 as ISO text we can send back; an ISO string such as year 0000 or a
 * +23:59 offset passes the contract's format check but would fail in the database as a 500.
 */
function storable(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}

const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine(storable, 'must be between the years 0001 and 9999 (UTC)');

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const cursorPayload = z.strictObject({ t: z.string().regex(CURSOR_INSTANT), i: z.uuid() });

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt, i: position.id })).toString('base64url');
}

function decodeCursor(cursor: string): CursorPosition | undefined {
  // Node's base64url decoder skips characters outside the alphabet instead of failing.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cursorPayload.safeParse(payload);
  if (!parsed.success) return undefined;
  const millis = new Date(`${parsed.data.t.slice(0, 23)}Z`);
  // Rejects impossible dates (2024-02-30) that the regex lets through and PostgreSQL would refuse.
  if (!storable(millis) || millis.toISOString().slice(0, 23) !== parsed.data.t.slice(0, 23)) return undefined;
  return { createdAt: parsed.data.t, id: parsed.data.i };
}

const cursorField = safeText()
  .max(200)
  .transform((value, context) => {
    const position = decodeCursor(value);
    if (!position) {
      context.addIssue({ code: 'custom', message: 'malformed cursor; pass next_cursor back unchanged' });
      return z.NEVER;
    }
    return position;
  });

function orderedRange(query: { from?: Date | undefined; to?: Date | undefined }): boolean {
  return !query.from || !query.to || query.from.getTime() <= query.to.getTime();
}
const rangeIssue = { message: 'must not be before from', path: ['to'] };

export const auditLogListQuerySchema = auditLogQuerySchema
  .extend({ from: instant.optional(), to: instant.optional(), cursor: cursorField.optional() })
  .refine(orderedRange, rangeIssue);

export const auditLogExportQuerySchema = auditLogQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ from: instant.optional(), to: instant.optional(), format: z.enum(['csv', 'json']) })
  .refine(orderedRange, rangeIssue);

export async function listAuditLogs(
  database: Database,
  accountId: number,
  query: AuditLogFilters & { cursor?: CursorPosition | undefined; limit: number },
): Promise<{ audit_logs: AuditLog[]; next_cursor: string | null }> {
  // One row past the page tells whether another page exists without a count query.
  const rows = await database.tenant(accountId, (tx) =>
    auditLogPage(tx, accountId, query, query.cursor, query.limit + 1),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    audit_logs: page.map(({ row }) => presentAuditLog(row)),
    next_cursor:
      rows.length > query.limit && last ? encodeCursor({ createdAt: last.position, id: last.row.id }) : null,
  };
}

/** The newest `maxRows` matching rows; the export is itself audited in the same transaction. */
export async function exportAuditLogs(
  database: Database,
  accountId: number,
  filters: AuditLogFilters,
  options: { format: 'csv' | 'json'; maxRows: number; context: AuditContext },
): Promise<{ rows: AuditLog[]; truncated: boolean }> {
  return database.tenant(accountId, async (tx) => {
    const rows = await newestAuditLogs(tx, accountId, filters, options.maxRows + 1);
    const exported = rows.slice(0, options.maxRows).map(presentAuditLog);
    const truncated = rows.length > options.maxRows;
    await recordAudit(tx, options.context, {
      accountId,
      action: 'audit_logs.exported',
      resourceType: 'audit_log',
      newValues: {
        format: options.format,
        filters: {
          action: filters.action,
          actor_id: filters.actor_id,
          resource_type: filters.resource_type,
          from: filters.from?.toISOString(),
          to: filters.to?.toISOString(),
        },
        row_count: exported.length,
        truncated,
      },
    });
    return { rows: exported, truncated };
  });
}

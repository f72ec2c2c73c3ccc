import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/database';
import type { Actor } from '../auth/actor';
import { insertAuditLog, type NewAuditLog } from './repo';

export interface AuditEntry {
  accountId: number | null;
  action: string;
  resourceType?: string;
  resourceId?: string;
  oldValues?: Record<string, unknown>;
  newValues?: Record<string, unknown>;
}

export interface AuditContext {
  actor: Actor | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  const userAgent = request.headers['user-agent'];
  return {
    actor: request.actor,
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    requestId: String(request.id),
  };
}

function actorColumns(actor: Actor | undefined) {
  if (!actor) return { actorType: 'anonymous' as const, actorId: null };
  if (actor.type === 'api_key') return { actorType: 'api_key' as const, actorId: actor.keyId };
  if (actor.type === 'system') return { actorType: 'system' as const, actorId: actor.name };
  return { actorType: 'user' as const, actorId: actor.userId };
}

/**
 * Writes one audit row in the caller's transaction, so the record and the change commit or roll back
 * together. Pass the tenant transaction for account actions and the system handle for global ones.
 */
export async function recordAudit(db: Db | Tx, context: AuditContext, entry: AuditEntry): Promise<void> {
  await insertAuditLog(db, entry.accountId, auditRow(context, entry));
}

export function auditRow(context: AuditContext, entry: AuditEntry): NewAuditLog {
  return {
    ...actorColumns(context.actor),
    action: entry.action,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    ip: context.ip,
    userAgent: context.userAgent,
    requestId: context.requestId,
    oldValues: entry.oldValues ?? null,
    newValues: entry.newValues ?? null,
  };
}

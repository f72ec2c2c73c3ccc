import type { AccountRole, memberSchema } from '@whatpro/contracts';
import type { z } from 'zod';
import type { Database } from '../../db/database';
import { notFound } from '../../errors';
import { authorize } from '../../policies';
import { type AuditContext, recordAudit } from '../audit/service';
import { forgetAccountAccess } from '../auth/account-access';
import type { Actor } from '../auth/actor';
import { openSessionsOfUser, revokeSessionRows } from '../auth/repo';
import { type AuthDependencies, announceSessionsEnded } from '../auth/service';
import {
  lockedMemberOfAccount,
  type MemberRow,
  memberOfAccount,
  membershipsWithActorRole,
  membersOfAccount,
  setMemberRole,
} from './repo';

type UserActor = Extract<Actor, { type: 'user' }>;
type MemberView = z.infer<typeof memberSchema>;

function present(row: MemberRow): MemberView {
  return {
    user_id: row.userId,
    chatwoot_user_id: row.chatwootUserId,
    name: row.name,
    email: row.email,
    role: row.role,
    chatwoot_role: row.chatwootRole,
    role_source: row.roleSource,
    status: row.status,
  };
}

export async function listMembers(database: Database, accountId: number): Promise<MemberView[]> {
  const rows = await database.tenant(accountId, (tx) => membersOfAccount(tx, accountId));
  return rows.map(present);
}

/**
 * A role change, ranked by the `member:change_role` policy (S-AZ-4). The role is pinned as `hub` so a
 * Chatwoot re-sync does not overwrite it. The guard's cached copy of the seat is marked stale after the
 * commit, so the change applies to the member's very next call on every node.
 */
export async function changeMemberRole(
  { database, cache }: Pick<AuthDependencies, 'database' | 'cache'>,
  actor: UserActor,
  accountId: number,
  userId: string,
  role: AccountRole,
  context: AuditContext,
): Promise<MemberView> {
  const changed = await database.tenant(accountId, async (tx) => {
    const member = await lockedMemberOfAccount(tx, accountId, userId);
    if (!member) throw notFound('Member');
    authorize(actor, 'member:change_role', { member, role });
    const updated = await setMemberRole(tx, accountId, userId, role);
    await recordAudit(tx, context, {
      accountId,
      action: 'member.role_changed',
      resourceType: 'member',
      resourceId: userId,
      oldValues: { role: member.role, role_source: member.roleSource },
      newValues: { role: updated.role, role_source: updated.roleSource },
    });
    return present({ ...member, ...updated });
  });
  await forgetAccountAccess(cache, accountId, [userId]);
  return changed;
}

/**
 * An admin ends every session of a member of this account (S-LO-2). Sessions belong to the user, not
 * the account, so this signs them out of every account: the `member:end_sessions` policy therefore
 * weighs every account the member belongs to. Revocation and its audit row commit together (identity
 * tables are system work); sockets close and caches learn of it after the commit.
 */
export async function endMemberSessions(
  deps: AuthDependencies,
  actor: UserActor,
  accountId: number,
  userId: string,
  context: AuditContext,
): Promise<number> {
  const member = await deps.database.tenant(accountId, (tx) => memberOfAccount(tx, accountId, userId));
  if (!member) throw notFound('Member');
  const memberships = await membershipsWithActorRole(deps.database.system, userId, actor.userId);
  authorize(actor, 'member:end_sessions', { userId, isSuperAdmin: member.isSuperAdmin, memberships });
  const sessionIds = await deps.database.system.transaction(async (tx) => {
    const open = await openSessionsOfUser(tx, userId, new Date());
    const ids = open.map((session) => session.id);
    await revokeSessionRows(tx, ids, 'ended_by_admin', new Date());
    await recordAudit(tx, context, {
      accountId,
      action: 'member.sessions_revoked',
      resourceType: 'member',
      resourceId: userId,
      newValues: { count: ids.length, session_ids: ids },
    });
    return ids;
  });
  await announceSessionsEnded(deps, sessionIds);
  return sessionIds.length;
}

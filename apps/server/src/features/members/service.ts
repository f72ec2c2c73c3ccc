import { type AccountRole, type Role, roleRank } from '@whatpro/contracts';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { accountUsers, sessions, users } from '../../db/schema';
import { forbidden, notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { type AuthDependencies, revokeSessions } from '../auth/service';

type UserActor = Extract<Actor, { type: 'user' }>;

const memberColumns = {
  userId: users.id,
  chatwootUserId: users.chatwootUserId,
  name: users.name,
  email: users.email,
  isSuperAdmin: users.isSuperAdmin,
  status: users.status,
  role: accountUsers.role,
  chatwootRole: accountUsers.chatwootRole,
  roleSource: accountUsers.roleSource,
};

type MemberRow = {
  userId: string;
  chatwootUserId: number;
  name: string;
  email: string;
  isSuperAdmin: boolean;
  status: 'active' | 'disabled';
  role: AccountRole;
  chatwootRole: 'administrator' | 'agent';
  roleSource: 'chatwoot' | 'hub';
};

function present(row: MemberRow) {
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

/** The member row, locked so that two concurrent role changes of one member apply one after the other. */
async function lockedMember(tx: Tx, accountId: number, userId: string): Promise<MemberRow> {
  const [row] = await tx
    .select(memberColumns)
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)))
    .for('update', { of: accountUsers });
  if (!row) throw notFound('Member');
  return row;
}

/**
 * The installation operator outranks every account role wherever they act or are acted on, so a tenant
 * admin cannot demote the operator's own membership in their account.
 */
const rankOf = (role: Role, isSuperAdmin: boolean) => (isSuperAdmin ? roleRank.super_admin : roleRank[role]);

export async function listMembers(database: Database, accountId: number) {
  const rows = await database.tenant(accountId, (tx) =>
    tx
      .select(memberColumns)
      .from(accountUsers)
      .innerJoin(users, eq(users.id, accountUsers.userId))
      .where(eq(accountUsers.accountId, accountId))
      .orderBy(asc(users.name), asc(users.id)),
  );
  return rows.map(present);
}

/**
 * Vertical escalation guard (S-AZ-4): nobody changes their own role; the target must rank strictly below
 * the actor, and so must the role granted, so a role change can never create a peer the actor could not
 * undo. The role is pinned as `hub` so a Chatwoot re-sync does not overwrite it, and the guard reads
 * membership on every request, so the change applies to the member's very next call.
 */
export async function changeMemberRole(
  database: Database,
  actor: UserActor,
  accountId: number,
  userId: string,
  role: AccountRole,
  context: AuditContext,
) {
  return database.tenant(accountId, async (tx) => {
    const member = await lockedMember(tx, accountId, userId);
    if (userId === actor.userId) throw forbidden('You cannot change your own role');
    if (!actor.role) throw forbidden();
    const actorRank = rankOf(actor.role, actor.isSuperAdmin);
    if (rankOf(member.role, member.isSuperAdmin) >= actorRank) {
      throw forbidden('You can only change the role of members ranking below you');
    }
    if (roleRank[role] >= actorRank) throw forbidden(`You cannot grant the role ${role}`);
    const [updated] = await tx
      .update(accountUsers)
      .set({ role, roleSource: 'hub', updatedAt: new Date() })
      .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)))
      .returning({ role: accountUsers.role, roleSource: accountUsers.roleSource });
    await recordAudit(tx, context, {
      accountId,
      action: 'member.role_changed',
      resourceType: 'member',
      resourceId: userId,
      oldValues: { role: member.role, role_source: member.roleSource },
      newValues: { role: updated!.role, role_source: updated!.roleSource },
    });
    return present({ ...member, ...updated! });
  });
}

/**
 * An admin ends every session of a member of this account (S-LO-2). Sessions belong to the user, not the
 * account, so this signs them out everywhere. The revocation runs on the system connection, hence the audit
 * row follows it in a transaction of its own: an error leaves sessions ended rather than a record of
 * something that did not happen.
 */
export async function endMemberSessions(
  deps: AuthDependencies,
  accountId: number,
  userId: string,
  context: AuditContext,
): Promise<number> {
  const sessionIds = await deps.database.tenant(accountId, async (tx) => {
    const [member] = await tx
      .select({ userId: accountUsers.userId })
      .from(accountUsers)
      .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
    if (!member) throw notFound('Member');
    const rows = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())),
      );
    return rows.map((row) => row.id);
  });
  await revokeSessions(deps, sessionIds, 'ended_by_admin');
  await deps.database.tenant(accountId, (tx) =>
    recordAudit(tx, context, {
      accountId,
      action: 'member.sessions_revoked',
      resourceType: 'member',
      resourceId: userId,
      newValues: { count: sessionIds.length, session_ids: sessionIds },
    }),
  );
  return sessionIds.length;
}

import type { AccountRole } from '@whatpro/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { accountUsers, users } from '../../db/schema';

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

export interface MemberRow {
  userId: string;
  chatwootUserId: number;
  name: string;
  email: string;
  isSuperAdmin: boolean;
  status: 'active' | 'disabled';
  role: AccountRole;
  chatwootRole: 'administrator' | 'agent';
  roleSource: 'chatwoot' | 'hub';
}

export async function membersOfAccount(tx: Tx, accountId: number): Promise<MemberRow[]> {
  return tx
    .select(memberColumns)
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(eq(accountUsers.accountId, accountId))
    .orderBy(asc(users.name), asc(users.id));
}

function memberQuery(tx: Tx, accountId: number, userId: string) {
  return tx
    .select(memberColumns)
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
}

export async function memberOfAccount(
  tx: Tx,
  accountId: number,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await memberQuery(tx, accountId, userId);
  return row;
}

/** The member row, locked so that two concurrent role changes of one member apply one after the other. */
export async function lockedMemberOfAccount(
  tx: Tx,
  accountId: number,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await memberQuery(tx, accountId, userId).for('update', { of: accountUsers });
  return row;
}

export async function setMemberRole(tx: Tx, accountId: number, userId: string, role: AccountRole) {
  const [updated] = await tx
    .update(accountUsers)
    .set({ role, roleSource: 'hub', updatedAt: new Date() })
    .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)))
    .returning({ role: accountUsers.role, roleSource: accountUsers.roleSource });
  return updated!;
}

/**
 * Every account the user belongs to, with the actor's role there. Deliberately cross-tenant (system
 * connection): ending a user's sessions reaches every account they are in, so the decision must see
 * all of them. It returns account ids and roles only, never another tenant's data.
 */
export async function membershipsWithActorRole(
  db: Db | Tx,
  userId: string,
  actorUserId: string,
): Promise<{ accountId: number; role: AccountRole; actorRole: AccountRole | undefined }[]> {
  const memberships = await db
    .select({ accountId: accountUsers.accountId, role: accountUsers.role })
    .from(accountUsers)
    .where(eq(accountUsers.userId, userId));
  if (memberships.length === 0) return [];
  const actorRows = await db
    .select({ accountId: accountUsers.accountId, role: accountUsers.role })
    .from(accountUsers)
    .where(
      and(
        eq(accountUsers.userId, actorUserId),
        inArray(
          accountUsers.accountId,
          memberships.map((m) => m.accountId),
        ),
      ),
    );
  const actorRoles = new Map(actorRows.map((row) => [row.accountId, row.role]));
  return memberships.map((m) => ({ ...m, actorRole: actorRoles.get(m.accountId) }));
}

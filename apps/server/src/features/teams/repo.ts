import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { accountUsers, teamMembers, teams, users } from '../../db/schema';

export async function listTeams(tx: Tx, accountId: number) {
  return tx
    .select()
    .from(teams)
    .where(eq(teams.accountId, accountId))
    .orderBy(asc(teams.name), asc(teams.chatwootTeamId));
}

export async function listTeamMembers(tx: Tx, accountId: number) {
  return tx
    .select({ chatwootTeamId: teamMembers.chatwootTeamId, chatwootUserId: teamMembers.chatwootUserId })
    .from(teamMembers)
    .where(eq(teamMembers.accountId, accountId))
    .orderBy(asc(teamMembers.chatwootUserId));
}

/** The Hub users seated in the account among the given Chatwoot users (the account is one installation's). */
export async function seatedUsersByChatwootId(tx: Tx, accountId: number, chatwootUserIds: number[]) {
  if (chatwootUserIds.length === 0) return [];
  return tx
    .select({ id: users.id, name: users.name, chatwootUserId: users.chatwootUserId })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), inArray(users.chatwootUserId, chatwootUserIds)));
}

import type { Team } from '@whatpro/contracts';
import type { Database } from '../../db/database';
import { listTeamMembers, listTeams, seatedUsersByChatwootId } from './repo';

/**
 * The account's teams with their members, from what the reconcile synced (Chatwoot sends no team
 * events). A member is named by their Hub user when they hold a seat in the account.
 */
export async function teamsOfAccount(database: Database, accountId: number): Promise<Team[]> {
  return database.tenant(accountId, async (tx) => {
    const rows = await listTeams(tx, accountId);
    const memberships = await listTeamMembers(tx, accountId);
    const seated = await seatedUsersByChatwootId(tx, accountId, [
      ...new Set(memberships.map((member) => member.chatwootUserId)),
    ]);
    const userOf = new Map(seated.map((user) => [user.chatwootUserId, user]));
    return rows.map((team) => ({
      chatwoot_team_id: team.chatwootTeamId,
      name: team.name,
      description: team.description,
      allow_auto_assign: team.allowAutoAssign,
      synced_at: team.syncedAt.toISOString(),
      members: memberships
        .filter((member) => member.chatwootTeamId === team.chatwootTeamId)
        .map((member) => {
          const user = userOf.get(member.chatwootUserId);
          return {
            chatwoot_user_id: member.chatwootUserId,
            user_id: user?.id ?? null,
            name: user?.name ?? null,
          };
        }),
    }));
  });
}

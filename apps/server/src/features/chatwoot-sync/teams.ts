import { and, eq, notInArray, sql } from 'drizzle-orm';
import { conversations, teamMembers, teams } from '../../db/schema';
import type { UserTokenAuth } from '../../integrations/chatwoot';
import type { SyncDependencies } from './service';

/**
 * Re-reads the account's teams and each team's members through the account's connection: teams
 * Chatwoot no longer lists are removed (their members with them), membership is replaced per team, and
 * mirrored conversations take a renamed team's name. Chatwoot sends no team events, so only the
 * reconcile keeps these current.
 */
export async function syncTeams(deps: SyncDependencies, auth: UserTokenAuth, accountId: number) {
  const chatwoot = deps.chatwoot;
  if (!chatwoot) return 0;
  const remoteTeams = await chatwoot.listTeams(auth, accountId);
  const members = await Promise.all(
    remoteTeams.map((team) => chatwoot.listTeamMembers(auth, accountId, team.id)),
  );
  const now = new Date();
  await deps.database.tenant(accountId, async (tx) => {
    for (const team of remoteTeams) {
      const values = {
        name: team.name,
        description: team.description ?? null,
        allowAutoAssign: team.allow_auto_assign ?? true,
        syncedAt: now,
      };
      await tx
        .insert(teams)
        .values({ accountId, chatwootTeamId: team.id, ...values })
        .onConflictDoUpdate({ target: [teams.accountId, teams.chatwootTeamId], set: values });
      await tx
        .update(conversations)
        .set({ teamName: team.name, updatedAt: now })
        .where(
          and(
            eq(conversations.accountId, accountId),
            eq(conversations.teamId, team.id),
            sql`${conversations.teamName} is distinct from ${team.name}`,
          ),
        );
    }
    const kept = remoteTeams.map((team) => team.id);
    await tx
      .delete(teams)
      .where(
        kept.length > 0
          ? and(eq(teams.accountId, accountId), notInArray(teams.chatwootTeamId, kept))
          : eq(teams.accountId, accountId),
      );
    await tx.delete(teamMembers).where(eq(teamMembers.accountId, accountId));
    const rows = remoteTeams.flatMap((team, index) =>
      (members[index] ?? []).map((agent) => ({
        accountId,
        chatwootTeamId: team.id,
        chatwootUserId: agent.id,
        syncedAt: now,
      })),
    );
    if (rows.length > 0) await tx.insert(teamMembers).values(rows);
  });
  return remoteTeams.length;
}

import { and, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { accountUsers, chatRoomMembers, chatRooms, teamMembers, teams, users } from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export async function findTeam(tx: Tx, accountId: number, chatwootTeamId: number) {
  const [row] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.accountId, accountId), eq(teams.chatwootTeamId, chatwootTeamId)));
  return row;
}

/**
 * Every team room linked to a Chatwoot team, with that team's id when the team still exists and null
 * when the reconcile removed it (it was deleted in Chatwoot): one read serves both the unlinking of
 * orphans and the alignment of the rest.
 */
export async function teamRoomLinks(tx: Tx, accountId: number) {
  return tx
    .select({ roomId: chatRooms.id, chatwootTeamId: teams.chatwootTeamId })
    .from(chatRooms)
    .leftJoin(
      teams,
      and(eq(teams.accountId, chatRooms.accountId), eq(teams.chatwootTeamId, chatRooms.chatwootTeamId)),
    )
    .where(
      and(
        eq(chatRooms.accountId, accountId),
        eq(chatRooms.kind, 'team'),
        isNotNull(chatRooms.chatwootTeamId),
      ),
    );
}

/** Ends a room's link to its Chatwoot team; the room itself is kept. */
export async function unlinkRoom(tx: Tx, accountId: number, roomId: string) {
  const [row] = await tx
    .update(chatRooms)
    .set({ chatwootTeamId: null })
    .where(and(eq(chatRooms.accountId, accountId), eq(chatRooms.id, roomId)))
    .returning();
  return row!;
}

/** The Hub users of this account who are members of the Chatwoot team (by their Chatwoot user id). */
export async function teamUserIds(tx: Tx, accountId: number, chatwootTeamId: number) {
  const rows = await tx
    .select({ userId: accountUsers.userId })
    .from(teamMembers)
    .innerJoin(users, eq(users.chatwootUserId, teamMembers.chatwootUserId))
    .innerJoin(
      accountUsers,
      and(eq(accountUsers.userId, users.id), eq(accountUsers.accountId, teamMembers.accountId)),
    )
    .where(
      and(
        eq(teamMembers.accountId, accountId),
        eq(teamMembers.chatwootTeamId, chatwootTeamId),
        eq(users.status, 'active'),
      ),
    );
  return rows.map((row) => row.userId);
}

export async function roomMembersWithRoles(tx: Tx, accountId: number, roomId: string) {
  return tx
    .select({ userId: chatRoomMembers.userId, role: chatRoomMembers.role })
    .from(chatRoomMembers)
    .where(and(eq(chatRoomMembers.accountId, accountId), eq(chatRoomMembers.roomId, roomId)));
}

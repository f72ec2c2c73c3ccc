import type { ChatRoom } from '@whatpro/contracts';
import type { Tx } from '../../db/database';
import type { AppDependencies } from '../../dependencies';
import { forbidden, notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { advanceRead, findMember, findRoom, insertMembers } from '../chat/repo';
import {
  addRoomMembers,
  type ChatDelivery,
  deliveriesToMembers,
  findOrCreateRoom,
  getRoom,
  logChatEvent,
  postSystemMessage,
  presentRoomBase,
  publishChatEvents,
  removeRoomMember,
} from '../chat/service';
import { findTeam, roomMembersWithRoles, teamRoomLinks, teamUserIds, unlinkRoom } from './repo';

export type TeamRoomDependencies = Pick<AppDependencies, 'database' | 'bus' | 'log'>;

/**
 * Brings one team room's members in line with its Chatwoot team: team members who are Hub users of the
 * account join, plain members who left the team leave. Owners and moderators keep their seats: they
 * were given them in the Hub, not by the team.
 */
async function alignRoom(tx: Tx, accountId: number, roomId: string, chatwootTeamId: number) {
  const wanted = new Set(await teamUserIds(tx, accountId, chatwootTeamId));
  const current = await roomMembersWithRoles(tx, accountId, roomId);
  const seated = new Set(current.map((member) => member.userId));
  const deliveries: ChatDelivery[] = [];
  const joining = [...wanted].filter((userId) => !seated.has(userId));
  if (joining.length > 0) {
    const added = await addRoomMembers(
      tx,
      accountId,
      roomId,
      joining.map((userId) => ({ userId, role: 'member' as const })),
      null,
    );
    deliveries.push(...added.deliveries);
  }
  for (const member of current) {
    if (member.role !== 'member' || wanted.has(member.userId)) continue;
    const removed = await removeRoomMember(tx, accountId, roomId, member.userId, null);
    deliveries.push(...removed.deliveries);
  }
  return deliveries;
}

/**
 * A room whose Chatwoot team was deleted is kept, with its history and members, but unlinked: it is an
 * ordinary team room from then on (managed in the Hub, no longer synced), and a system message says why.
 * Archiving it instead would end a conversation the team may still want to have.
 */
async function unlinkOrphan(tx: Tx, accountId: number, roomId: string): Promise<ChatDelivery[]> {
  const room = await unlinkRoom(tx, accountId, roomId);
  const events = [
    await logChatEvent(tx, accountId, { type: 'room.updated', room_id: roomId, room: presentRoomBase(room) }),
    await postSystemMessage(tx, accountId, roomId, { action: 'team_unlinked', actor_id: null }),
  ];
  return deliveriesToMembers(tx, accountId, roomId, events);
}

/**
 * For the reconcile, after teams and members are re-read: rooms of deleted teams are unlinked, and every
 * other team room of the account follows its team. Each room in its own transaction; events go out
 * after each commits.
 */
export async function syncTeamRooms(deps: TeamRoomDependencies, accountId: number): Promise<number> {
  const links = await deps.database.tenant(accountId, (tx) => teamRoomLinks(tx, accountId));
  const rooms = links.flatMap(({ roomId, chatwootTeamId }) =>
    chatwootTeamId === null ? [] : [{ roomId, chatwootTeamId }],
  );
  for (const { roomId } of links.filter((link) => link.chatwootTeamId === null)) {
    const deliveries = await deps.database.tenant(accountId, (tx) => unlinkOrphan(tx, accountId, roomId));
    await publishChatEvents(deps, accountId, deliveries);
  }
  for (const room of rooms) {
    const deliveries = await deps.database.tenant(accountId, (tx) =>
      alignRoom(tx, accountId, room.roomId, room.chatwootTeamId),
    );
    await publishChatEvents(deps, accountId, deliveries);
  }
  return rooms.length;
}

/**
 * The chat room of a Chatwoot team, created on first use with the team's members (kept in sync by the
 * reconcile from then on). The manager who opens it is its owner when they create it, a moderator when
 * they join it later.
 */
export async function openTeamRoom(
  deps: TeamRoomDependencies,
  actor: Actor,
  accountId: number,
  chatwootTeamId: number,
  context: AuditContext,
): Promise<ChatRoom> {
  if (actor.type !== 'user') throw forbidden('Chat needs a user session, not an API key');
  const { roomId, deliveries } = await deps.database.tenant(accountId, async (tx) => {
    const team = await findTeam(tx, accountId, chatwootTeamId);
    if (!team) throw notFound('Team');
    const { room, created } = await findOrCreateRoom(tx, accountId, {
      kind: 'team',
      chatwootTeamId,
      name: team.name.slice(0, 100),
      description: team.description?.slice(0, 1000) ?? null,
      createdBy: actor.userId,
    });
    const out: ChatDelivery[] = [];
    if (created) {
      await insertMembers(tx, accountId, room.id, [{ userId: actor.userId, role: 'owner' }]);
    } else if (!(await findMember(tx, accountId, room.id, actor.userId))) {
      const joined = await addRoomMembers(
        tx,
        accountId,
        room.id,
        [{ userId: actor.userId, role: 'moderator' }],
        actor.userId,
      );
      if (joined.added.length === 0) throw forbidden('Only members of this account can join its rooms');
      out.push(...joined.deliveries);
    }
    out.push(...(await alignRoom(tx, accountId, room.id, chatwootTeamId)));
    // The creator saw the team join; nothing of that is unread for them.
    if (created)
      await advanceRead(
        tx,
        accountId,
        room.id,
        actor.userId,
        (await findRoom(tx, accountId, room.id))!.lastMessageSeq,
      );
    if (created) {
      await recordAudit(tx, context, {
        accountId,
        action: 'chat.room_created',
        resourceType: 'chat_room',
        resourceId: room.id,
        newValues: { kind: 'team', chatwoot_team_id: chatwootTeamId, name: room.name },
      });
    }
    return { roomId: room.id, deliveries: out };
  });
  await publishChatEvents(deps, accountId, deliveries);
  return getRoom(deps, actor, accountId, roomId);
}

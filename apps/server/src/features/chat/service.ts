import { randomUUID } from 'node:crypto';
import {
  CHAT_MAX_REACTIONS_PER_MESSAGE,
  CHAT_PREVIEW_MAX_LENGTH,
  type ChatEvent,
  type ChatEventPage,
  type ChatLoggedEvent,
  type ChatMember,
  type ChatMemberRole,
  type ChatMentionList,
  type ChatMessage,
  type ChatMessagePage,
  type ChatReaction,
  type ChatReadState,
  type ChatRoom,
  type ChatRoomBase,
  type ChatRoomList,
  type ChatRoomListQuery,
  type ChatSearchResult,
  type ChatSystemData,
  type ChatUnread,
  type CreateChatRoom,
  chatMentionedUserIds,
  chatMentionPattern,
  type UpdateChatRoom,
  type UpdateChatRoomSettings,
} from '@whatpro/contracts';
import type { Database, Tx } from '../../db/database';
import { groupCommit } from '../../db/group-commit';
import type { AppDependencies } from '../../dependencies';
import { AppError, conflict, notFound } from '../../errors';
import { authorize, type ChatRoomSubject } from '../../policies';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { type AttachmentRow, attachmentsOfMessages } from '../chat-attachments/repo';
import { attachToMessage, presentMessageAttachment } from '../chat-attachments/service';
import { findConversation } from '../conversations/repo';
import { maySeeConversation } from '../conversations/visibility';
import { channels, type UserEventsMessage } from '../realtime/events';
import {
  accountRolesOf,
  advanceRead,
  appendEvent,
  deleteMember,
  deletePin,
  deleteReaction,
  distinctEmojis,
  eventsAfter,
  eventsShowingMessage,
  findMember,
  findMessage,
  findMessageByClientId,
  findRoom,
  findRoomByKey,
  insertMembers,
  insertMessage,
  insertPin,
  insertReaction,
  insertRoom,
  insertRoomUnlessExists,
  lockRoom,
  type MemberRow,
  type MemberWithUser,
  type MessageRow,
  membersWithUsers,
  messagesByIds,
  messagesPage,
  nextEventSeq,
  nextMessageSeq,
  type PageCursor,
  type PlainSendValues,
  pinnedAmong,
  pinnedMessages,
  type RoomMessageRow,
  type RoomRow,
  reactionsOf,
  recountMentions,
  replaceEvents,
  roomMemberIds,
  roomPageJson,
  roomsOfUser,
  searchMessages,
  seatedUserIds,
  setLatestPreview,
  storeSend,
  storeSends,
  unreadMentions,
  unreadTotals,
  updateMember,
  updateMessage,
  updateRoom,
} from './repo';

export type ChatDependencies = Pick<AppDependencies, 'database' | 'bus' | 'log'>;
type UserActor = Extract<Actor, { type: 'user' }>;

/** An event and who receives it, decided inside the transaction that logged it. */
export interface ChatDelivery {
  event: ChatEvent;
  userIds: string[];
}

type WithoutSeq<E> = E extends unknown ? Omit<E, 'seq'> : never;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function presentRoomBase(room: RoomRow): ChatRoomBase {
  return {
    id: room.id,
    kind: room.kind,
    name: room.name,
    description: room.description,
    chatwoot_team_id: room.chatwootTeamId,
    conversation_display_id: room.conversationDisplayId,
    created_by: room.createdBy,
    created_at: room.createdAt.toISOString(),
    archived_at: iso(room.archivedAt),
    last_message_seq: room.lastMessageSeq,
    last_event_seq: room.lastEventSeq,
    last_message_at: iso(room.lastMessageAt),
    last_message_preview: room.lastMessagePreview,
  };
}

function presentMember(member: MemberWithUser): ChatMember {
  return {
    user: { id: member.userId, name: member.name, avatar_url: member.avatarUrl },
    role: member.role,
    joined_at: member.joinedAt.toISOString(),
  };
}

/** Mentions shown as `@Name`, whitespace folded, cut to the preview length. */
function previewOf(body: string): string {
  const plain = body
    .replace(chatMentionPattern, (_match, name: string) => `@${name}`)
    .replace(/\s+/gu, ' ')
    .trim();
  return plain.length > CHAT_PREVIEW_MAX_LENGTH ? `${plain.slice(0, CHAT_PREVIEW_MAX_LENGTH - 1)}…` : plain;
}

function groupReactions(rows: { userId: string; emoji: string }[]): ChatReaction[] {
  const byEmoji = new Map<string, string[]>();
  for (const row of rows) byEmoji.set(row.emoji, [...(byEmoji.get(row.emoji) ?? []), row.userId]);
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, user_ids: userIds }));
}

/** Messages as the API shows them: reactions, pin state and the replied-to excerpt loaded in bulk. */
async function presentMessages(tx: Tx, accountId: number, rows: MessageRow[]): Promise<ChatMessage[]> {
  const ids = rows.map((row) => row.id);
  const replyIds = [...new Set(rows.flatMap((row) => (row.replyToId ? [row.replyToId] : [])))];
  const [reactions, pinned, replies, files] = [
    await reactionsOf(tx, accountId, ids),
    await pinnedAmong(tx, accountId, ids),
    await messagesByIds(tx, accountId, replyIds),
    await attachmentsOfMessages(tx, accountId, ids),
  ];
  const repliesById = new Map(replies.map((reply) => [reply.id, reply]));
  return rows.map((row) =>
    messageView(row, {
      reply: row.replyToId ? repliesById.get(row.replyToId) : undefined,
      files: files.filter((file) => file.messageId === row.id),
      reactions: reactions.filter((reaction) => reaction.messageId === row.id),
      pinned: pinned.has(row.id),
    }),
  );
}

/** One message as the API shows it, from what was loaded with it. */
function messageView(
  row: MessageRow,
  loaded: {
    reply: MessageRow | undefined;
    files: AttachmentRow[];
    reactions: { userId: string; emoji: string }[];
    pinned: boolean;
  },
): ChatMessage {
  const { reply } = loaded;
  return {
    id: row.id,
    room_id: row.roomId,
    seq: row.seq,
    kind: row.kind,
    author_id: row.authorId,
    body: row.deletedAt ? null : row.body,
    system: row.system as ChatSystemData | null,
    client_id: row.clientId,
    reply_to: reply
      ? {
          id: reply.id,
          seq: reply.seq,
          author_id: reply.authorId,
          excerpt: reply.deletedAt || reply.body === null ? null : previewOf(reply.body),
        }
      : null,
    conversation_display_id: row.conversationDisplayId,
    mentions: row.deletedAt ? [] : row.mentions,
    attachments: row.deletedAt ? [] : loaded.files.map(presentMessageAttachment),
    reactions: groupReactions(loaded.reactions),
    pinned: loaded.pinned,
    created_at: row.createdAt.toISOString(),
    edited_at: iso(row.editedAt),
    deleted_at: iso(row.deletedAt),
  };
}

async function presentMessage(tx: Tx, accountId: number, row: MessageRow): Promise<ChatMessage> {
  const [message] = await presentMessages(tx, accountId, [row]);
  return message!;
}

/**
 * Appends an event to the room's log under the next event seq. The caller holds the room's lock (or
 * just created the room), so seqs are gapless and in commit order.
 */
export async function logChatEvent<E extends WithoutSeq<ChatLoggedEvent>>(
  tx: Tx,
  accountId: number,
  event: E,
): Promise<E & { seq: number }> {
  const seq = await nextEventSeq(tx, accountId, event.room_id);
  const logged = { ...event, seq };
  await appendEvent(tx, accountId, event.room_id, seq, event.type, logged);
  return logged;
}

/** These events go to whoever is a member of the room now, in this transaction: the audience at commit. */
export async function deliveriesToMembers(
  tx: Tx,
  accountId: number,
  roomId: string,
  events: ChatEvent[],
  alsoTo: string[] = [],
): Promise<ChatDelivery[]> {
  const userIds = [...new Set([...(await roomMemberIds(tx, accountId, roomId)), ...alsoTo])];
  return events.map((event) => ({ event, userIds }));
}

/**
 * Publishes events on the user-events channel after their transaction committed. A failed publish loses
 * nothing: the events are in the room log, and clients that missed them catch up by seq.
 */
export async function publishChatEvents(
  deps: Pick<ChatDependencies, 'bus' | 'log'>,
  accountId: number,
  deliveries: ChatDelivery[],
): Promise<void> {
  for (const { event, userIds } of deliveries) {
    if (userIds.length === 0) continue;
    const message: UserEventsMessage = { account_id: accountId, user_ids: userIds, event };
    try {
      await deps.bus.publish(channels.userEvents, message);
    } catch (error) {
      deps.log.warn(
        { err: error, account_id: accountId, room_id: event.room_id, seq: event.seq },
        'chat event not published; clients catch up from the room log',
      );
    }
  }
}

/** Runs `work` in a tenant transaction and publishes what it delivers after the commit. */
async function committed<T>(
  deps: ChatDependencies,
  accountId: number,
  work: (tx: Tx) => Promise<{ result: T; deliveries: ChatDelivery[] }>,
): Promise<T> {
  const { result, deliveries } = await deps.database.tenant(accountId, work);
  await publishChatEvents(deps, accountId, deliveries);
  return result;
}

function userOf(actor: Actor): UserActor {
  if (actor.type !== 'user')
    throw new AppError(403, 'forbidden', 'Chat needs a user session, not an API key');
  return actor;
}

/** The room and the caller's membership; a room the caller is not in does not exist for them. */
async function membership(
  tx: Tx,
  accountId: number,
  roomId: string,
  userId: string,
  lock = false,
): Promise<{ room: RoomRow; member: MemberRow }> {
  const room = lock ? await lockRoom(tx, accountId, roomId) : await findRoom(tx, accountId, roomId);
  const member = room ? await findMember(tx, accountId, roomId, userId) : undefined;
  if (!room || !member) throw notFound('Room');
  return { room, member };
}

const roomArchived = () => conflict('This room is archived; unarchive it first');

function assertOpen(room: RoomRow): void {
  if (room.archivedAt) throw roomArchived();
}

const roomSubject = (accountId: number, room: RoomRow, member: MemberRow): ChatRoomSubject => ({
  accountId,
  kind: room.kind,
  memberRole: member.role,
});

async function roomView(tx: Tx, accountId: number, userId: string, roomId: string): Promise<ChatRoom> {
  const [row] = await roomsOfUser(tx, accountId, userId, { roomId });
  if (!row) throw notFound('Room');
  return row.view;
}

/**
 * Posts a system message (membership changes, renames) in a room whose lock the caller holds, and logs
 * its `message.created` event. For other features (discussion and team rooms) as well as this one.
 */
export async function postSystemMessage(
  tx: Tx,
  accountId: number,
  roomId: string,
  data: ChatSystemData,
): Promise<Extract<ChatLoggedEvent, { type: 'message.created' }>> {
  const at = new Date();
  const seq = await nextMessageSeq(tx, accountId, roomId, { at });
  const row = await insertMessage(tx, {
    accountId,
    roomId,
    seq,
    kind: 'system',
    system: data,
    createdAt: at,
  });
  return logChatEvent(tx, accountId, {
    type: 'message.created',
    room_id: roomId,
    message: await presentMessage(tx, accountId, row),
  });
}

/** The name of each member's room of notices from the Hub, shown where a DM shows its partner. */
const HUB_ROOM_NAME = 'WhatPro Hub';

/**
 * A notice from the Hub itself to one member (Kanban reminders, SLA breaches, time rules): a message
 * with no author in the member's own Hub room, a DM they alone are in (`dm_key` `hub:<user id>`, so it
 * never meets a two-person DM), created on first use. `key` makes it idempotent: posting the same key
 * again posts nothing. Runs in the caller's transaction, so the notice exists exactly when what it
 * announces committed; publish the returned deliveries after that commit.
 */
export async function postHubNotice(
  tx: Tx,
  accountId: number,
  userId: string,
  notice: { key: string; body: string; conversationDisplayId: number | null },
): Promise<ChatDelivery[]> {
  const dmKey = `hub:${userId}`;
  const created = await insertRoomUnlessExists(tx, accountId, {
    kind: 'dm',
    dmKey,
    name: HUB_ROOM_NAME,
    createdBy: null,
  });
  const events: ChatEvent[] = [];
  if (created) {
    await insertMembers(tx, accountId, created.id, [{ userId, role: 'member' }]);
    events.push(
      await logChatEvent(tx, accountId, {
        type: 'room.created',
        room_id: created.id,
        room: presentRoomBase(created),
      }),
    );
  }
  const room = await lockRoom(
    tx,
    accountId,
    (created ?? (await findRoomByKey(tx, accountId, { dmKey })))!.id,
  );
  if (!room) throw new Error('hub room vanished under its lock');
  if (await findMessageByClientId(tx, accountId, room.id, null, notice.key)) return [];
  const at = new Date();
  const seq = await nextMessageSeq(tx, accountId, room.id, { at, preview: previewOf(notice.body) });
  const row = await insertMessage(tx, {
    accountId,
    roomId: room.id,
    seq,
    kind: 'user',
    authorId: null,
    body: notice.body,
    clientId: notice.key,
    conversationDisplayId: notice.conversationDisplayId,
    createdAt: at,
  });
  events.push(
    await logChatEvent(tx, accountId, {
      type: 'message.created',
      room_id: room.id,
      message: await presentMessage(tx, accountId, row),
    }),
  );
  return deliveriesToMembers(tx, accountId, room.id, events);
}

export type RoomSpec =
  | {
      kind: 'team';
      chatwootTeamId: number;
      name: string;
      description?: string | null;
      createdBy: string | null;
    }
  | {
      kind: 'discussion';
      conversationDisplayId: number;
      name: string;
      description?: string | null;
      createdBy: string | null;
    };

/**
 * The team room of a Chatwoot team, or the discussion room of a conversation: found, or created once
 * however many ask at the same time (the unique key decides). A created room has no members yet; add
 * them with `addRoomMembers` in the same transaction.
 */
export async function findOrCreateRoom(
  tx: Tx,
  accountId: number,
  spec: RoomSpec,
): Promise<{ room: RoomRow; created: boolean }> {
  const key =
    spec.kind === 'team'
      ? { chatwootTeamId: spec.chatwootTeamId }
      : { conversationDisplayId: spec.conversationDisplayId };
  const created = await insertRoomUnlessExists(tx, accountId, {
    kind: spec.kind,
    name: spec.name,
    description: spec.description ?? null,
    createdBy: spec.createdBy,
    ...key,
  });
  if (created) return { room: created, created: true };
  const existing = await findRoomByKey(tx, accountId, key);
  if (!existing) throw new Error('room key conflict without a room');
  return { room: existing, created: false };
}

/**
 * Adds account members to a room (those already in it are skipped), each announced by a system message
 * and a `room.member_added` event. Locks the room. Returns what to publish after commit.
 */
export async function addRoomMembers(
  tx: Tx,
  accountId: number,
  roomId: string,
  members: { userId: string; role: ChatMemberRole }[],
  actorId: string | null,
): Promise<{ added: ChatMember[]; deliveries: ChatDelivery[] }> {
  const room = await lockRoom(tx, accountId, roomId);
  if (!room) throw notFound('Room');
  const seated = new Set(
    await seatedUserIds(
      tx,
      accountId,
      members.map((member) => member.userId),
    ),
  );
  // New members start with everything so far read: history is there to scroll, not to badge.
  const inserted = await insertMembers(
    tx,
    accountId,
    roomId,
    members
      .filter((member) => seated.has(member.userId))
      .map((member) => ({ ...member, lastReadSeq: room.lastMessageSeq })),
  );
  const added = (
    await membersWithUsers(
      tx,
      accountId,
      roomId,
      inserted.map((row) => row.userId),
    )
  ).map(presentMember);
  const events: ChatEvent[] = [];
  for (const member of added) {
    events.push(
      await logChatEvent(tx, accountId, { type: 'room.member_added', room_id: roomId, member }),
      await postSystemMessage(tx, accountId, roomId, {
        action: 'member_added',
        actor_id: actorId,
        user_id: member.user.id,
      }),
    );
  }
  // The new members' read marks follow the system messages announcing them.
  const lastSeq = (await findRoom(tx, accountId, roomId))?.lastMessageSeq ?? room.lastMessageSeq;
  for (const member of added) await advanceRead(tx, accountId, roomId, member.user.id, lastSeq);
  return { added, deliveries: await deliveriesToMembers(tx, accountId, roomId, events) };
}

/**
 * Removes a member, announced by a system message; the removed user gets the `room.member_removed` event
 * and nothing after it. Locks the room. Returns false when they were not a member.
 */
export async function removeRoomMember(
  tx: Tx,
  accountId: number,
  roomId: string,
  userId: string,
  actorId: string | null,
): Promise<{ removed: boolean; deliveries: ChatDelivery[] }> {
  const room = await lockRoom(tx, accountId, roomId);
  if (!room) throw notFound('Room');
  if (!(await deleteMember(tx, accountId, roomId, userId))) return { removed: false, deliveries: [] };
  const removed = await logChatEvent(tx, accountId, {
    type: 'room.member_removed',
    room_id: roomId,
    user_id: userId,
  });
  const system = await postSystemMessage(tx, accountId, roomId, {
    action: actorId === userId ? 'member_left' : 'member_removed',
    actor_id: actorId,
    user_id: userId,
  });
  return {
    removed: true,
    deliveries: [
      ...(await deliveriesToMembers(tx, accountId, roomId, [removed], [userId])),
      ...(await deliveriesToMembers(tx, accountId, roomId, [system])),
    ],
  };
}

/** Who is in a room now (realtime: typing indicators). Empty for an unknown room. */
export async function listRoomMemberIds(
  database: Database,
  accountId: number,
  roomId: string,
): Promise<string[]> {
  return database.tenant(accountId, (tx) => roomMemberIds(tx, accountId, roomId));
}

/** `POST /chat/dms`: the one DM room of the caller and another account member, created on first use. */
export async function openDirectMessage(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  otherUserId: string,
  context: AuditContext,
): Promise<ChatRoom> {
  const user = userOf(actor);
  if (otherUserId === user.userId) {
    throw new AppError(400, 'bad_request', 'A direct message needs another member of the account');
  }
  return committed(deps, accountId, async (tx) => {
    if ((await seatedUserIds(tx, accountId, [otherUserId])).length === 0) throw notFound('User');
    const dmKey = [user.userId, otherUserId].sort().join(':');
    const created = await insertRoomUnlessExists(tx, accountId, {
      kind: 'dm',
      dmKey,
      createdBy: user.userId,
    });
    if (!created) {
      const existing = await findRoomByKey(tx, accountId, { dmKey });
      return { result: await roomView(tx, accountId, user.userId, existing!.id), deliveries: [] };
    }
    await insertMembers(tx, accountId, created.id, [
      { userId: user.userId, role: 'member' },
      { userId: otherUserId, role: 'member' },
    ]);
    const event = await logChatEvent(tx, accountId, {
      type: 'room.created',
      room_id: created.id,
      room: presentRoomBase(created),
    });
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.room_created',
      resourceType: 'chat_room',
      resourceId: created.id,
      newValues: { kind: 'dm', member_ids: [user.userId, otherUserId] },
    });
    return {
      result: await roomView(tx, accountId, user.userId, created.id),
      deliveries: await deliveriesToMembers(tx, accountId, created.id, [event]),
    };
  });
}

/** `POST /chat/rooms`: a team room; the creator owns it. */
export async function createTeamRoom(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  input: CreateChatRoom,
  context: AuditContext,
): Promise<ChatRoom> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const memberIds = [...new Set(input.member_ids ?? [])].filter((id) => id !== user.userId);
    const seated = new Set(await seatedUserIds(tx, accountId, memberIds));
    const strangers = memberIds.filter((id) => !seated.has(id));
    if (strangers.length > 0) {
      throw new AppError(400, 'bad_request', 'Some member_ids are not members of this account', {
        user_ids: strangers,
      });
    }
    const room = await insertRoom(tx, accountId, {
      kind: 'team',
      name: input.name,
      description: input.description || null,
      createdBy: user.userId,
    });
    await insertMembers(tx, accountId, room.id, [
      { userId: user.userId, role: 'owner' },
      ...memberIds.map((userId) => ({ userId, role: 'member' as const })),
    ]);
    const created = await logChatEvent(tx, accountId, {
      type: 'room.created',
      room_id: room.id,
      room: presentRoomBase(room),
    });
    const system = await postSystemMessage(tx, accountId, room.id, {
      action: 'room_created',
      actor_id: user.userId,
      name: input.name,
    });
    // Nobody has anything unread in a room that was just created.
    for (const userId of [user.userId, ...memberIds]) {
      await advanceRead(tx, accountId, room.id, userId, system.message.seq);
    }
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.room_created',
      resourceType: 'chat_room',
      resourceId: room.id,
      newValues: { kind: 'team', name: input.name, member_ids: [user.userId, ...memberIds] },
    });
    return {
      result: await roomView(tx, accountId, user.userId, room.id),
      deliveries: await deliveriesToMembers(tx, accountId, room.id, [created, system]),
    };
  });
}

/**
 * `GET /chat/rooms`. A page without a search (`?limit=`, what the web app asks for on every open and
 * scroll) is the response's JSON text, written by PostgreSQL exactly as the response schema's serializer
 * writes the page, ready to send; every room, or a search, is the list itself. Either is one statement
 * outside a transaction: rooms and badge totals come from the same snapshot.
 */
export async function listRooms(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  query: ChatRoomListQuery = {},
): Promise<ChatRoomList | string> {
  const user = userOf(actor);
  const { limit, before, q } = query;
  if (limit !== undefined && q === undefined) {
    return deps.database.tenantAutocommit(accountId, (tx) =>
      roomPageJson(tx, accountId, user.userId, limit, before),
    );
  }
  return deps.database.tenantAutocommit(accountId, async (tx) => {
    const rows = await roomsOfUser(tx, accountId, user.userId, {
      before,
      nameContains: q,
      limit: limit === undefined ? undefined : limit + 1,
    });
    const page = limit === undefined ? rows : rows.slice(0, limit);
    // Past the last room there is no row to carry the totals.
    const totals = rows[0]?.totals ?? (await unreadTotals(tx, accountId, user.userId));
    return {
      rooms: page.map((row) => row.view),
      total: { unread_count: totals.unread, mention_count: totals.mentions },
      ...(limit === undefined ? {} : { next_cursor: rows.length > limit ? page.at(-1)!.cursor : null }),
    };
  });
}

export async function unreadBadge(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
): Promise<ChatUnread> {
  const user = userOf(actor);
  const totals = await deps.database.tenantAutocommit(accountId, (tx) =>
    unreadTotals(tx, accountId, user.userId),
  );
  return { unread_count: totals.unread, mention_count: totals.mentions };
}

export async function getRoom(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
): Promise<ChatRoom> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, (tx) => roomView(tx, accountId, user.userId, roomId));
}

/** Rename, describe, archive or unarchive; each visible change leaves a system message. */
export async function changeRoom(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  input: UpdateChatRoom,
): Promise<ChatRoom> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { room, member } = await membership(tx, accountId, roomId, user.userId, true);
    authorize(actor, 'chat_room:manage', roomSubject(accountId, room, member));
    const changes: Parameters<typeof updateRoom>[3] = {};
    const notes: ChatSystemData[] = [];
    if (input.name !== undefined && input.name !== room.name) {
      changes.name = input.name;
      notes.push({ action: 'room_renamed', actor_id: user.userId, name: input.name });
    }
    if (input.description !== undefined) changes.description = input.description || null;
    if (input.archived !== undefined && input.archived !== (room.archivedAt !== null)) {
      changes.archivedAt = input.archived ? new Date() : null;
      notes.push({ action: input.archived ? 'room_archived' : 'room_unarchived', actor_id: user.userId });
    }
    if (Object.keys(changes).length === 0) {
      return { result: await roomView(tx, accountId, user.userId, roomId), deliveries: [] };
    }
    const updated = await updateRoom(tx, accountId, roomId, changes);
    const events: ChatEvent[] = [
      await logChatEvent(tx, accountId, {
        type: 'room.updated',
        room_id: roomId,
        room: presentRoomBase(updated),
      }),
    ];
    for (const note of notes) events.push(await postSystemMessage(tx, accountId, roomId, note));
    return {
      result: await roomView(tx, accountId, user.userId, roomId),
      deliveries: await deliveriesToMembers(tx, accountId, roomId, events),
    };
  });
}

export async function listMembers(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
): Promise<ChatMember[]> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    await membership(tx, accountId, roomId, user.userId);
    return (await membersWithUsers(tx, accountId, roomId)).map(presentMember);
  });
}

export async function addMember(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  input: { user_id: string; role?: 'moderator' | 'member' | undefined },
  context: AuditContext,
): Promise<ChatMember> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { room, member } = await membership(tx, accountId, roomId, user.userId, true);
    authorize(actor, 'chat_room:manage', roomSubject(accountId, room, member));
    if ((await seatedUserIds(tx, accountId, [input.user_id])).length === 0) throw notFound('User');
    if (await findMember(tx, accountId, roomId, input.user_id))
      throw conflict('Already a member of this room');
    const { added, deliveries } = await addRoomMembers(
      tx,
      accountId,
      roomId,
      [{ userId: input.user_id, role: input.role ?? 'member' }],
      user.userId,
    );
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.member_added',
      resourceType: 'chat_room',
      resourceId: roomId,
      newValues: { user_id: input.user_id, role: input.role ?? 'member' },
    });
    return { result: added[0]!, deliveries };
  });
}

export async function changeMemberRole(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  userId: string,
  role: ChatMemberRole,
  context: AuditContext,
): Promise<ChatMember> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { room, member } = await membership(tx, accountId, roomId, user.userId, true);
    authorize(actor, 'chat_room:change_member_role', roomSubject(accountId, room, member));
    const target = await findMember(tx, accountId, roomId, userId);
    if (!target) throw notFound('Member');
    if (target.role === role) {
      const [same] = await membersWithUsers(tx, accountId, roomId, [userId]);
      return { result: presentMember(same!), deliveries: [] };
    }
    await updateMember(tx, accountId, roomId, userId, { role });
    const [changed] = await membersWithUsers(tx, accountId, roomId, [userId]);
    const view = presentMember(changed!);
    const event = await logChatEvent(tx, accountId, {
      type: 'room.member_updated',
      room_id: roomId,
      member: view,
    });
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.member_role_changed',
      resourceType: 'chat_room',
      resourceId: roomId,
      oldValues: { user_id: userId, role: target.role },
      newValues: { user_id: userId, role },
    });
    return { result: view, deliveries: await deliveriesToMembers(tx, accountId, roomId, [event]) };
  });
}

/** Removes someone else (moderators) or, with the caller's own id, leaves the room. */
export async function removeMember(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  userId: string,
  context: AuditContext,
): Promise<void> {
  const user = userOf(actor);
  await committed(deps, accountId, async (tx) => {
    const { room, member } = await membership(tx, accountId, roomId, user.userId, true);
    const leaving = userId === user.userId;
    if (room.kind === 'dm') throw conflict('Nobody leaves a direct message');
    if (!leaving) {
      const subject = roomSubject(accountId, room, member);
      authorize(actor, 'chat_room:manage', subject);
      const target = await findMember(tx, accountId, roomId, userId);
      if (!target) throw notFound('Member');
      // Removing an owner takes an owner's (or an administrator's) right.
      if (target.role === 'owner') authorize(actor, 'chat_room:change_member_role', subject);
    }
    const { deliveries } = await removeRoomMember(tx, accountId, roomId, userId, user.userId);
    await recordAudit(tx, context, {
      accountId,
      action: leaving ? 'chat.member_left' : 'chat.member_removed',
      resourceType: 'chat_room',
      resourceId: roomId,
      oldValues: { user_id: userId },
    });
    return { result: undefined, deliveries };
  });
}

export async function changeRoomSettings(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  input: UpdateChatRoomSettings,
): Promise<{ muted: boolean; notification_level: MemberRow['notificationLevel'] }> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    await membership(tx, accountId, roomId, user.userId);
    const updated = await updateMember(tx, accountId, roomId, user.userId, {
      ...(input.muted !== undefined ? { muted: input.muted } : {}),
      ...(input.notification_level !== undefined ? { notificationLevel: input.notification_level } : {}),
    });
    return { muted: updated.muted, notification_level: updated.notificationLevel };
  });
}

/**
 * Marks the room read up to `seq` (never backwards, never past the last message) and tells the caller's
 * other tabs with a `room.read` event, which is theirs alone and not logged.
 */
export async function markRead(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  seq: number,
): Promise<ChatReadState> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { room } = await membership(tx, accountId, roomId, user.userId);
    await advanceRead(tx, accountId, roomId, user.userId, Math.min(seq, room.lastMessageSeq));
    await recountMentions(tx, accountId, roomId, [user.userId]);
    const member = (await findMember(tx, accountId, roomId, user.userId))!;
    const state: ChatReadState = {
      room_id: roomId,
      last_read_seq: member.lastReadSeq,
      unread_count: Math.max(room.lastMessageSeq - member.lastReadSeq, 0),
      mention_count: member.mentionCount,
    };
    return {
      result: state,
      deliveries: [
        {
          event: { type: 'room.read', seq: room.lastEventSeq, ...state },
          userIds: [user.userId],
        },
      ],
    };
  });
}

export async function listMessages(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  cursor: PageCursor,
): Promise<ChatMessagePage> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    const { room } = await membership(tx, accountId, roomId, user.userId);
    const page = await messagesPage(tx, accountId, roomId, cursor, room.lastMessageSeq);
    return {
      messages: await presentMessages(tx, accountId, page.rows),
      has_more_before: page.hasMoreBefore,
      has_more_after: page.hasMoreAfter,
    };
  });
}

export interface SendInput {
  client_id: string;
  body: string;
  reply_to_id?: string | undefined;
  conversation_display_id?: number | undefined;
  attachment_ids?: string[] | undefined;
}

/**
 * Sends a message. The room row is locked first, so sends queue per room: each takes the next seq with
 * no gap, and a retry with the same client id (even a concurrent one) finds the first and returns it.
 * A plain send is group-committed with the account's other plain sends (`sendPlainMessage`), and
 * `chat_send` locks and checks the room itself; a reply, a reference, files or mentions lock the room
 * here first and are checked before it.
 */
export async function sendMessage(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  input: SendInput,
): Promise<{ message: ChatMessage; created: boolean }> {
  const user = userOf(actor);
  const mentionCandidates = chatMentionedUserIds(input.body);
  const withFiles = Boolean(input.attachment_ids?.length);
  const plain =
    !input.reply_to_id &&
    input.conversation_display_id === undefined &&
    !withFiles &&
    mentionCandidates.length === 0;
  const draft: MessageRow = {
    id: randomUUID(),
    accountId,
    roomId,
    seq: 0,
    kind: 'user',
    authorId: user.userId,
    body: input.body,
    system: null,
    clientId: input.client_id,
    replyToId: input.reply_to_id ?? null,
    conversationDisplayId: input.conversation_display_id ?? null,
    mentions: [],
    createdAt: new Date(),
    editedAt: null,
    deletedAt: null,
  };
  if (plain) return sendPlainMessage(deps, accountId, user.userId, input, draft);
  return committed<{ message: ChatMessage; created: boolean }>(deps, accountId, async (tx) => {
    const repeated = async (messageId: string) => {
      const existing = await findMessage(tx, accountId, messageId);
      return {
        result: { message: await presentMessage(tx, accountId, existing!), created: false },
        deliveries: [],
      };
    };
    let repliedTo: MessageRow | undefined;
    let joined: ChatDelivery[] = [];
    // What a plain send does not need is checked here, before anything is written, in the order the
    // call checks the rest: membership, then the client id, then the room being open.
    if (!plain) {
      const room = await lockRoom(tx, accountId, roomId);
      if (!room || !(await findMember(tx, accountId, roomId, user.userId))) throw notFound('Room');
      const existing = await findMessageByClientId(tx, accountId, roomId, user.userId, input.client_id);
      if (existing) return repeated(existing.id);
      assertOpen(room);
      repliedTo = input.reply_to_id ? await findMessage(tx, accountId, input.reply_to_id) : undefined;
      if (input.reply_to_id && (!repliedTo || repliedTo.roomId !== roomId)) {
        throw notFound('Replied-to message');
      }
      if (input.conversation_display_id !== undefined) {
        const conversation = await findConversation(tx, accountId, input.conversation_display_id);
        if (!conversation || !(await maySeeConversation(tx, actor, accountId, conversation))) {
          throw notFound('Conversation');
        }
      }
      if (room.kind === 'discussion' && mentionCandidates.length > 0) {
        const mentions = await seatedUserIds(tx, accountId, mentionCandidates);
        joined = await seatMentionedInDiscussion(tx, accountId, room, mentions, user.userId);
      }
    }
    // A new message has no reactions or pin yet: its view is built from what this send already holds.
    const view = (row: MessageRow, files: AttachmentRow[]) =>
      messageView(row, { reply: repliedTo, files, reactions: [], pinned: false });
    const sent = await storeSend(tx, accountId, {
      id: draft.id,
      roomId,
      authorId: user.userId,
      clientId: input.client_id,
      body: input.body,
      preview: previewOf(input.body),
      replyToId: draft.replyToId,
      conversationDisplayId: draft.conversationDisplayId,
      mentionCandidates,
      at: draft.createdAt,
      event: withFiles ? null : messageCreated(view(draft, []), 0),
    });
    if (!sent.isMember) throw notFound('Room');
    if (sent.existingId) return repeated(sent.existingId);
    if (!sent.stored) throw roomArchived();
    const row: MessageRow = { ...draft, seq: sent.stored.seq, mentions: sent.stored.mentions };
    const files = withFiles
      ? (await attachToMessage(tx, accountId, roomId, user.userId, row.id, input.attachment_ids!)).sort(
          // The order every later read of the message shows them in.
          (x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1),
        )
      : [];
    const message = view(row, files);
    const event = messageCreated(message, sent.stored.eventSeq);
    if (withFiles) await appendEvent(tx, accountId, roomId, event.seq, event.type, event);
    return {
      result: { message, created: true },
      deliveries: [...joined, { event, userIds: sent.memberIds }],
    };
  });
}

const messageCreated = (message: ChatMessage, seq: number) => ({
  type: 'message.created' as const,
  room_id: message.room_id,
  message,
  seq,
});

/** Plain sends one statement writes at most; a larger backlog is written by the statements that follow. */
const SENDS_PER_COMMIT = 100;
/**
 * Writes of one account's plain sends in flight at once. With one, a busy account's sends all ran on one
 * PostgreSQL backend, which capped them at about 2,000/s on the bench's VM; two gave 25–30 % more, three and
 * four no more (docs/PERFORMANCE.md). `chat_send_many` locks its rooms in id order, so two batches sharing
 * rooms wait for each other instead of deadlocking, and each room's seqs stay gapless in commit order.
 */
const SEND_WRITERS = 2;

/**
 * Plain sends of one account arriving while its writes are in flight are written together by the next
 * one (group commit): one round trip and one commit for all of them, each answered after it.
 */
const storeSendWithOthers = groupCommit(
  SENDS_PER_COMMIT,
  (database, accountId, sends: PlainSendValues[]) =>
    database.tenantAutocommit(accountId, (tx) => storeSends(tx, accountId, sends)),
  SEND_WRITERS,
);

/**
 * A send with no reply, conversation reference, files or mentions: nothing to check before the room
 * lock, so it is stored with the other plain sends of the account in flight (group commit), and its
 * event published once that commit is done.
 */
async function sendPlainMessage(
  deps: ChatDependencies,
  accountId: number,
  authorId: string,
  input: SendInput,
  draft: MessageRow,
): Promise<{ message: ChatMessage; created: boolean }> {
  const view = (row: MessageRow) =>
    messageView(row, { reply: undefined, files: [], reactions: [], pinned: false });
  const sent = await storeSendWithOthers(deps.database, accountId, {
    id: draft.id,
    roomId: draft.roomId,
    authorId,
    clientId: input.client_id,
    body: input.body,
    preview: previewOf(input.body),
    at: draft.createdAt,
    event: messageCreated(view(draft), 0),
  });
  if (!sent.isMember) throw notFound('Room');
  if (sent.existingId) {
    const existingId = sent.existingId;
    const message = await deps.database.tenant(accountId, async (tx) =>
      presentMessage(tx, accountId, (await findMessage(tx, accountId, existingId))!),
    );
    return { message, created: false };
  }
  if (!sent.stored) throw roomArchived();
  const message = view({ ...draft, seq: sent.stored.seq });
  await publishChatEvents(deps, accountId, [
    { event: messageCreated(message, sent.stored.eventSeq), userIds: sent.memberIds },
  ]);
  return { message, created: true };
}

/**
 * A discussion room takes in whoever is mentioned in it, if they may see its conversation in Chatwoot.
 * They join before the message is stored, so its mention is unread for them.
 */
async function seatMentionedInDiscussion(
  tx: Tx,
  accountId: number,
  room: RoomRow,
  mentions: string[],
  authorId: string,
): Promise<ChatDelivery[]> {
  if (room.kind !== 'discussion' || room.conversationDisplayId === null || mentions.length === 0) return [];
  const conversation = await findConversation(tx, accountId, room.conversationDisplayId);
  if (!conversation) return [];
  const present = new Set(await roomMemberIds(tx, accountId, room.id));
  const newcomers = await accountRolesOf(
    tx,
    accountId,
    mentions.filter((userId) => !present.has(userId)),
  );
  const allowed: string[] = [];
  for (const { userId, role } of newcomers) {
    // The mentioned user as they would act in this account, for the one visibility rule.
    const reader: Actor = { type: 'user', userId, sessionId: '', isSuperAdmin: false, accountId, role };
    if (await maySeeConversation(tx, reader, accountId, conversation)) allowed.push(userId);
  }
  if (allowed.length === 0) return [];
  const { deliveries } = await addRoomMembers(
    tx,
    accountId,
    room.id,
    allowed.map((userId) => ({ userId, role: 'member' as const })),
    authorId,
  );
  return deliveries;
}

/** The message, its room locked, and the caller's membership of it; 404 to anyone outside the room. */
async function messageInMyRoom(tx: Tx, accountId: number, messageId: string, userId: string) {
  const message = await findMessage(tx, accountId, messageId);
  if (!message) throw notFound('Message');
  const room = await lockRoom(tx, accountId, message.roomId);
  const member = room ? await findMember(tx, accountId, message.roomId, userId) : undefined;
  if (!room || !member) throw notFound('Message');
  return { message, room, member };
}

export async function editMessage(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  messageId: string,
  body: string,
): Promise<ChatMessage> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { message, room, member } = await messageInMyRoom(tx, accountId, messageId, user.userId);
    authorize(actor, 'chat_message:edit', {
      accountId,
      kind: message.kind,
      authorId: message.authorId,
      memberRole: member.role,
    });
    if (message.deletedAt) throw conflict('This message was deleted');
    assertOpen(room);
    const mentions = await seatedUserIds(tx, accountId, chatMentionedUserIds(body));
    const updated = await updateMessage(tx, accountId, messageId, { body, mentions, editedAt: new Date() });
    await recountMentions(tx, accountId, room.id, [...new Set([...message.mentions, ...mentions])]);
    if (message.seq === room.lastMessageSeq) await setLatestPreview(tx, accountId, room.id, previewOf(body));
    const view = await presentMessage(tx, accountId, updated);
    const event = await logChatEvent(tx, accountId, {
      type: 'message.updated',
      room_id: room.id,
      message: view,
    });
    return { result: view, deliveries: await deliveriesToMembers(tx, accountId, room.id, [event]) };
  });
}

/**
 * Takes a deleted message's content out of the room log too, so catch-up shows no more of it than the
 * history does: its own events lose body and mentions, replies to it lose their excerpt.
 */
async function scrubLoggedMessage(
  tx: Tx,
  accountId: number,
  roomId: string,
  messageId: string,
  deletedAt: Date,
): Promise<void> {
  const events = await eventsShowingMessage(tx, accountId, roomId, messageId);
  const scrubbed = events.map((event) => {
    const message = event.payload.message as ChatMessage;
    const shown: ChatMessage =
      message.id === messageId
        ? { ...message, body: null, mentions: [], deleted_at: deletedAt.toISOString() }
        : { ...message, reply_to: message.reply_to ? { ...message.reply_to, excerpt: null } : null };
    return { ...event, payload: { ...event.payload, message: shown } };
  });
  await replaceEvents(tx, accountId, roomId, scrubbed);
}

/**
 * Soft delete: the row keeps its seq, the body and mentions are gone, the pin goes with them. Deleting
 * someone else's message is audited.
 */
export async function deleteMessage(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  messageId: string,
  context: AuditContext,
): Promise<void> {
  const user = userOf(actor);
  await committed(deps, accountId, async (tx) => {
    const { message, room, member } = await messageInMyRoom(tx, accountId, messageId, user.userId);
    authorize(actor, 'chat_message:delete', {
      accountId,
      kind: message.kind,
      authorId: message.authorId,
      memberRole: member.role,
    });
    if (message.deletedAt) return { result: undefined, deliveries: [] };
    const deletedAt = new Date();
    await updateMessage(tx, accountId, messageId, { body: null, mentions: [], deletedAt });
    await scrubLoggedMessage(tx, accountId, room.id, messageId, deletedAt);
    await recountMentions(tx, accountId, room.id, message.mentions);
    const unpinned = await deletePin(tx, accountId, room.id, messageId);
    if (message.seq === room.lastMessageSeq) await setLatestPreview(tx, accountId, room.id, null);
    if (message.authorId !== user.userId) {
      await recordAudit(tx, context, {
        accountId,
        action: 'chat.message_deleted',
        resourceType: 'chat_message',
        resourceId: messageId,
        oldValues: { room_id: room.id, author_id: message.authorId, seq: message.seq },
      });
    }
    const events: ChatEvent[] = [];
    if (unpinned) {
      events.push(
        await logChatEvent(tx, accountId, {
          type: 'pin.changed',
          room_id: room.id,
          message_id: messageId,
          pinned: false,
          by: user.userId,
        }),
      );
    }
    events.push(
      await logChatEvent(tx, accountId, {
        type: 'message.deleted',
        room_id: room.id,
        message_id: messageId,
        message_seq: message.seq,
      }),
    );
    return { result: undefined, deliveries: await deliveriesToMembers(tx, accountId, room.id, events) };
  });
}

/** Adds or removes the caller's reaction; at most 20 distinct emoji per message. */
export async function react(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  messageId: string,
  emoji: string,
  add: boolean,
): Promise<{ message_id: string; reactions: ChatReaction[] }> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { message, room } = await messageInMyRoom(tx, accountId, messageId, user.userId);
    if (message.deletedAt) throw conflict('This message was deleted');
    assertOpen(room);
    let changed: boolean;
    if (add) {
      const emojis = await distinctEmojis(tx, accountId, messageId);
      if (!emojis.includes(emoji) && emojis.length >= CHAT_MAX_REACTIONS_PER_MESSAGE) {
        throw conflict(`A message takes at most ${CHAT_MAX_REACTIONS_PER_MESSAGE} different reactions`);
      }
      changed = await insertReaction(tx, accountId, room.id, messageId, user.userId, emoji);
    } else {
      changed = await deleteReaction(tx, accountId, messageId, user.userId, emoji);
    }
    const reactions = groupReactions(await reactionsOf(tx, accountId, [messageId]));
    const result = { message_id: messageId, reactions };
    if (!changed) return { result, deliveries: [] };
    const event = await logChatEvent(tx, accountId, {
      type: 'reaction.changed',
      room_id: room.id,
      message_id: messageId,
      reactions,
    });
    return { result, deliveries: await deliveriesToMembers(tx, accountId, room.id, [event]) };
  });
}

/** Pins or unpins a message for the whole room; any member may. */
export async function setPinned(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  messageId: string,
  pinned: boolean,
): Promise<ChatMessage> {
  const user = userOf(actor);
  return committed(deps, accountId, async (tx) => {
    const { message, room } = await messageInMyRoom(tx, accountId, messageId, user.userId);
    if (message.deletedAt) throw conflict('This message was deleted');
    assertOpen(room);
    const changed = pinned
      ? await insertPin(tx, accountId, room.id, messageId, user.userId)
      : await deletePin(tx, accountId, room.id, messageId);
    const view = await presentMessage(tx, accountId, message);
    if (!changed) return { result: view, deliveries: [] };
    const event = await logChatEvent(tx, accountId, {
      type: 'pin.changed',
      room_id: room.id,
      message_id: messageId,
      pinned,
      by: user.userId,
    });
    return { result: view, deliveries: await deliveriesToMembers(tx, accountId, room.id, [event]) };
  });
}

export async function listPins(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
): Promise<ChatMessage[]> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    await membership(tx, accountId, roomId, user.userId);
    return presentMessages(tx, accountId, await pinnedMessages(tx, accountId, roomId));
  });
}

async function presentRoomMessages(tx: Tx, accountId: number, rows: RoomMessageRow[]) {
  const messages = await presentMessages(
    tx,
    accountId,
    rows.map((row) => row.message),
  );
  return rows.map((row, index) => ({ room: row.room, message: messages[index]! }));
}

export async function mentionsInbox(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  limit: number,
): Promise<ChatMentionList> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => ({
    mentions: await presentRoomMessages(
      tx,
      accountId,
      await unreadMentions(tx, accountId, user.userId, limit),
    ),
  }));
}

export async function searchMyMessages(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  query: { q: string; room_id?: string | undefined; limit: number },
): Promise<ChatSearchResult> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    if (query.room_id) await membership(tx, accountId, query.room_id, user.userId);
    const rows = await searchMessages(tx, accountId, user.userId, query.q, query.room_id, query.limit);
    return { results: await presentRoomMessages(tx, accountId, rows) };
  });
}

/** `GET …/rooms/:roomId/events?after=`: what a member missed, from the room log. */
export async function catchUp(
  deps: ChatDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  after: number,
  limit: number,
): Promise<ChatEventPage> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    const { room } = await membership(tx, accountId, roomId, user.userId);
    const events = (await eventsAfter(tx, accountId, roomId, after, limit)) as ChatEvent[];
    const lastSeen = events.at(-1)?.seq ?? Math.max(after, 0);
    return {
      events,
      last_seq: room.lastEventSeq,
      has_more: lastSeen < room.lastEventSeq && events.length === limit,
    };
  });
}

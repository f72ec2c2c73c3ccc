import type { ChatMemberRole, ChatNotificationLevel, ChatRoom } from '@whatpro/contracts';
import { and, asc, desc, eq, gt, inArray, isNull, lt, type SQLWrapper, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import {
  accountUsers,
  chatMessageReactions,
  chatMessages,
  chatPins,
  chatRoomEvents,
  chatRoomMembers,
  chatRooms,
  users,
} from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export type RoomRow = typeof chatRooms.$inferSelect;
export type MemberRow = typeof chatRoomMembers.$inferSelect;
export type MessageRow = Omit<typeof chatMessages.$inferSelect, 'search'>;
export type NewRoom = Omit<typeof chatRooms.$inferInsert, 'id' | 'accountId'>;

const messageColumns = {
  id: chatMessages.id,
  accountId: chatMessages.accountId,
  roomId: chatMessages.roomId,
  seq: chatMessages.seq,
  authorId: chatMessages.authorId,
  kind: chatMessages.kind,
  body: chatMessages.body,
  system: chatMessages.system,
  clientId: chatMessages.clientId,
  replyToId: chatMessages.replyToId,
  conversationDisplayId: chatMessages.conversationDisplayId,
  mentions: chatMessages.mentions,
  createdAt: chatMessages.createdAt,
  editedAt: chatMessages.editedAt,
  deletedAt: chatMessages.deletedAt,
};

const roomOf = (accountId: number, roomId: string) =>
  and(eq(chatRooms.accountId, accountId), eq(chatRooms.id, roomId));
const memberOf = (accountId: number, roomId: string, userId: string) =>
  and(
    eq(chatRoomMembers.accountId, accountId),
    eq(chatRoomMembers.roomId, roomId),
    eq(chatRoomMembers.userId, userId),
  );

/** JSON columns come back parsed from node-postgres and as text from PGlite. */
const parsedJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function findRoom(tx: Tx, accountId: number, roomId: string): Promise<RoomRow | undefined> {
  const [row] = await tx.select().from(chatRooms).where(roomOf(accountId, roomId));
  return row;
}

/** The room row locked: every writer of a room queues here, which keeps both sequences gapless. */
export async function lockRoom(tx: Tx, accountId: number, roomId: string): Promise<RoomRow | undefined> {
  const [row] = await tx.select().from(chatRooms).where(roomOf(accountId, roomId)).for('update');
  return row;
}

export async function insertRoom(tx: Tx, accountId: number, values: NewRoom): Promise<RoomRow> {
  const [row] = await tx
    .insert(chatRooms)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

/**
 * Inserts the room unless its unique key (DM pair, Chatwoot team, conversation) already has one;
 * returns it only when inserted. A concurrent insert of the same key waits for the first to commit.
 */
export async function insertRoomUnlessExists(
  tx: Tx,
  accountId: number,
  values: NewRoom,
): Promise<RoomRow | undefined> {
  const [row] = await tx
    .insert(chatRooms)
    .values({ ...values, accountId })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function findRoomByKey(
  tx: Tx,
  accountId: number,
  key: { dmKey: string } | { chatwootTeamId: number } | { conversationDisplayId: number },
): Promise<RoomRow | undefined> {
  const match =
    'dmKey' in key
      ? eq(chatRooms.dmKey, key.dmKey)
      : 'chatwootTeamId' in key
        ? eq(chatRooms.chatwootTeamId, key.chatwootTeamId)
        : eq(chatRooms.conversationDisplayId, key.conversationDisplayId);
  const [row] = await tx
    .select()
    .from(chatRooms)
    .where(and(eq(chatRooms.accountId, accountId), match));
  return row;
}

export async function updateRoom(
  tx: Tx,
  accountId: number,
  roomId: string,
  values: Partial<Pick<RoomRow, 'name' | 'description' | 'archivedAt'>>,
): Promise<RoomRow> {
  const [row] = await tx.update(chatRooms).set(values).where(roomOf(accountId, roomId)).returning();
  return row!;
}

/** The next event seq of a locked room. */
export async function nextEventSeq(tx: Tx, accountId: number, roomId: string): Promise<number> {
  const [row] = await tx
    .update(chatRooms)
    .set({ lastEventSeq: sql`${chatRooms.lastEventSeq} + 1` })
    .where(roomOf(accountId, roomId))
    .returning({ seq: chatRooms.lastEventSeq });
  return row!.seq;
}

/** Takes the next message seq and makes the message the room's latest, for the room list. */
export async function nextMessageSeq(
  tx: Tx,
  accountId: number,
  roomId: string,
  latest: { at: Date; preview?: string },
): Promise<number> {
  const [row] = await tx
    .update(chatRooms)
    .set({
      lastMessageSeq: sql`${chatRooms.lastMessageSeq} + 1`,
      lastMessageAt: latest.at,
      // System messages move the room up the list but leave the last words said as its preview.
      ...(latest.preview !== undefined ? { lastMessagePreview: latest.preview } : {}),
    })
    .where(roomOf(accountId, roomId))
    .returning({ seq: chatRooms.lastMessageSeq });
  return row!.seq;
}

export async function setLatestPreview(tx: Tx, accountId: number, roomId: string, preview: string | null) {
  await tx.update(chatRooms).set({ lastMessagePreview: preview }).where(roomOf(accountId, roomId));
}

export async function appendEvent(
  tx: Tx,
  accountId: number,
  roomId: string,
  seq: number,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx.insert(chatRoomEvents).values({ accountId, roomId, seq, type, payload });
}

/** Logged events that carry a message, or quote it as the message replied to. */
export async function eventsShowingMessage(
  tx: Tx,
  accountId: number,
  roomId: string,
  messageId: string,
): Promise<(typeof chatRoomEvents.$inferSelect)[]> {
  return tx
    .select()
    .from(chatRoomEvents)
    .where(
      and(
        eq(chatRoomEvents.accountId, accountId),
        eq(chatRoomEvents.roomId, roomId),
        sql`(${chatRoomEvents.payload} -> 'message' ->> 'id' = ${messageId}
          or ${chatRoomEvents.payload} -> 'message' -> 'reply_to' ->> 'id' = ${messageId})`,
      ),
    );
}

/**
 * Puts logged events back with new payloads, same seq and time. The app role may append to and delete
 * from the log but not update it, so the one rewrite there is (taking deleted content out) is a delete
 * and an insert in one transaction.
 */
export async function replaceEvents(
  tx: Tx,
  accountId: number,
  roomId: string,
  events: (typeof chatRoomEvents.$inferSelect)[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.delete(chatRoomEvents).where(
    and(
      eq(chatRoomEvents.accountId, accountId),
      eq(chatRoomEvents.roomId, roomId),
      inArray(
        chatRoomEvents.seq,
        events.map((event) => event.seq),
      ),
    ),
  );
  await tx.insert(chatRoomEvents).values(events.map((event) => ({ ...event, accountId, roomId })));
}

export async function eventsAfter(
  tx: Tx,
  accountId: number,
  roomId: string,
  after: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const rows = await tx
    .select({ payload: chatRoomEvents.payload })
    .from(chatRoomEvents)
    .where(
      and(
        eq(chatRoomEvents.accountId, accountId),
        eq(chatRoomEvents.roomId, roomId),
        gt(chatRoomEvents.seq, after),
      ),
    )
    .orderBy(asc(chatRoomEvents.seq))
    .limit(limit);
  return rows.map((row) => row.payload);
}

export async function findMember(
  tx: Tx,
  accountId: number,
  roomId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await tx
    .select()
    .from(chatRoomMembers)
    .where(memberOf(accountId, roomId, userId));
  return row;
}

/** Adds who is not a member yet; returns the rows added. */
export async function insertMembers(
  tx: Tx,
  accountId: number,
  roomId: string,
  members: { userId: string; role: ChatMemberRole; lastReadSeq?: number }[],
): Promise<MemberRow[]> {
  if (members.length === 0) return [];
  return tx
    .insert(chatRoomMembers)
    .values(members.map((member) => ({ ...member, accountId, roomId })))
    .onConflictDoNothing()
    .returning();
}

export async function deleteMember(tx: Tx, accountId: number, roomId: string, userId: string) {
  const deleted = await tx
    .delete(chatRoomMembers)
    .where(memberOf(accountId, roomId, userId))
    .returning({ userId: chatRoomMembers.userId });
  return deleted.length > 0;
}

export async function updateMember(
  tx: Tx,
  accountId: number,
  roomId: string,
  userId: string,
  values: Partial<{ role: ChatMemberRole; muted: boolean; notificationLevel: ChatNotificationLevel }>,
): Promise<MemberRow> {
  const [row] = await tx
    .update(chatRoomMembers)
    .set(values)
    .where(memberOf(accountId, roomId, userId))
    .returning();
  return row!;
}

export async function roomMemberIds(tx: Tx, accountId: number, roomId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: chatRoomMembers.userId })
    .from(chatRoomMembers)
    .where(and(eq(chatRoomMembers.accountId, accountId), eq(chatRoomMembers.roomId, roomId)));
  return rows.map((row) => row.userId);
}

export interface MemberWithUser {
  userId: string;
  name: string;
  avatarUrl: string | null;
  role: ChatMemberRole;
  joinedAt: Date;
}

export async function membersWithUsers(
  tx: Tx,
  accountId: number,
  roomId: string,
  userIds?: string[],
): Promise<MemberWithUser[]> {
  return tx
    .select({
      userId: chatRoomMembers.userId,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: chatRoomMembers.role,
      joinedAt: chatRoomMembers.joinedAt,
    })
    .from(chatRoomMembers)
    .innerJoin(users, eq(users.id, chatRoomMembers.userId))
    .where(
      and(
        eq(chatRoomMembers.accountId, accountId),
        eq(chatRoomMembers.roomId, roomId),
        userIds ? inArray(chatRoomMembers.userId, userIds) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

/** Which of these users hold an active seat in the account (only they can be in its rooms or mentioned). */
export async function seatedUserIds(tx: Tx, accountId: number, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .select({ userId: accountUsers.userId })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(
      and(
        eq(accountUsers.accountId, accountId),
        inArray(accountUsers.userId, userIds),
        eq(users.status, 'active'),
      ),
    );
  return rows.map((row) => row.userId);
}

/** The account roles of these users, for deciding what each may see. */
export async function accountRolesOf(tx: Tx, accountId: number, userIds: string[]) {
  if (userIds.length === 0) return [];
  return tx
    .select({ userId: accountUsers.userId, role: accountUsers.role })
    .from(accountUsers)
    .where(and(eq(accountUsers.accountId, accountId), inArray(accountUsers.userId, userIds)));
}

export interface RoomOfUserRow {
  /** The room as the API shows it to this user, built by PostgreSQL (see `roomViewJson`). */
  view: ChatRoom;
  /** Where the list continues after this room: its last activity (epoch microseconds) and id. */
  cursor: string;
  /** The badge totals over all the user's rooms; null when one room was asked for. */
  totals: UnreadTotals | null;
}

export interface UnreadTotals {
  unread: number;
  mentions: number;
}

const unreadSum = sql.raw(
  'coalesce(sum(case when tm.muted then 0 else greatest(tr.last_message_seq - tm.last_read_seq, 0) end), 0)::int',
);
const mentionSum = sql.raw('coalesce(sum(tm.mention_count), 0)::int');

export interface RoomsOfUserQuery {
  roomId?: string;
  /** `<epoch microseconds>_<room id>` of the room the page starts after. */
  before?: string | undefined;
  limit?: number | undefined;
  /** Rooms whose name, or a DM partner's name, contains this, case and Portuguese accents aside. */
  nameContains?: string | undefined;
}

const ACCENTED = 'ÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇáàâãäéèêëíìîïóòôõöúùûüç';
const PLAIN = 'AAAAAEEEEIIIIOOOOOUUUUCaaaaaeeeeiiiiooooouuuuc';
/** `unaccent` is an extension PGlite lacks; the letters of Portuguese names are folded by hand instead. */
const folded = (text: SQLWrapper) => sql`lower(translate(${text}, ${ACCENTED}, ${PLAIN}))`;
const foldedPattern = (text: string) =>
  `%${text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** A `timestamptz` as `Date#toISOString()` writes it: UTC, milliseconds cut (not rounded) as drizzle's dates are. */
const isoText = (column: SQLWrapper) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API's `ChatRoom` of one member row, as one JSON value. A list row of some 25 columns cost the Hub about
 * 15 µs to parse, map to objects and present again, most of the first page's Hub CPU; one JSON text per row
 * costs node-postgres a `JSON.parse`. `userId` is the member's (the DM partner is the other member).
 */
function roomViewJson(userId: SQLWrapper) {
  return sql`json_build_object(
    'id', ${chatRooms.id}, 'kind', ${chatRooms.kind}, 'name', ${chatRooms.name},
    'description', ${chatRooms.description}, 'chatwoot_team_id', ${chatRooms.chatwootTeamId},
    'conversation_display_id', ${chatRooms.conversationDisplayId}, 'created_by', ${chatRooms.createdBy},
    'created_at', ${isoText(chatRooms.createdAt)}, 'archived_at', ${isoText(chatRooms.archivedAt)},
    'last_message_seq', ${chatRooms.lastMessageSeq}, 'last_event_seq', ${chatRooms.lastEventSeq},
    'last_message_at', ${isoText(chatRooms.lastMessageAt)},
    'last_message_preview', ${chatRooms.lastMessagePreview},
    'my_role', ${chatRoomMembers.role}, 'last_read_seq', ${chatRoomMembers.lastReadSeq},
    'unread_count', greatest(${chatRooms.lastMessageSeq} - ${chatRoomMembers.lastReadSeq}, 0),
    'mention_count', ${chatRoomMembers.mentionCount}, 'muted', ${chatRoomMembers.muted},
    'notification_level', ${chatRoomMembers.notificationLevel},
    'dm_user', case when ${chatRooms.kind} = 'dm' then (
      select json_build_object('id', u.id, 'name', u.name, 'avatar_url', u.avatar_url)
        from chat_room_members other join users u on u.id = other.user_id
       where other.room_id = ${chatRooms.id} and other.user_id <> ${userId} limit 1) end)`;
}

/** Exactly the expression of the `chat_rooms_activity` index (see the schema for why it is not coalesce()). */
const lastActivity = sql`(case when ${chatRooms.lastMessageAt} is null then ${chatRooms.createdAt} else ${chatRooms.lastMessageAt} end)`;

/**
 * A page the web app asks for on every open and scroll, as the whole `GET /chat/rooms` response body (a
 * `ChatRoomList` with `next_cursor`), from `chat_rooms_page` (migrations 0026 and 0027). PostgreSQL plans it
 * once per connection, and writes the JSON exactly as the response schema's serializer wrote the page, so the
 * Hub neither parses nor checks nor writes again its 50 rooms (see docs/PERFORMANCE.md).
 */
export async function roomPageJson(
  tx: Tx,
  accountId: number,
  userId: string,
  limit: number,
  before: string | undefined,
): Promise<string> {
  const [beforeMicros, beforeId] = before?.split('_') ?? [];
  const result = (await tx.execute(sql`
    select chat_rooms_page(${accountId}, ${userId}, ${limit}, ${beforeMicros ?? null}::bigint, ${beforeId ?? null}::uuid) as body
  `)) as unknown as { rows: { body: string }[] };
  return result.rows[0]!.body;
}

/**
 * The user's rooms (one, when `roomId` is given), most recent activity first, with the DM partner. Pages
 * without a search are `roomPageJson`'s; the rest is one statement that reads members and rooms only
 * (never messages), the partner looked up by the room's primary key for DM rows only, so the list costs the
 * same however many members the account's other rooms have.
 */
export async function roomsOfUser(
  tx: Tx,
  accountId: number,
  userId: string,
  query: RoomsOfUserQuery = {},
): Promise<RoomOfUserRow[]> {
  const [beforeMicros, beforeId] = query.before?.split('_') ?? [];
  const pattern = query.nameContains ? foldedPattern(query.nameContains) : undefined;
  const list = tx
    .select({
      view: sql<unknown>`${roomViewJson(sql`${userId}`)}`,
      activityMicros: sql<string>`(extract(epoch from ${lastActivity}) * 1000000)::bigint::text`,
      // Computed once per statement, over all the user's rooms whichever page this is.
      totals: query.roomId
        ? sql<null>`null`
        : sql<unknown>`(select json_build_object('unread', ${unreadSum}, 'mentions', ${mentionSum})
            from chat_room_members tm join chat_rooms tr on tr.id = tm.room_id
           where tm.account_id = ${accountId} and tm.user_id = ${userId})`,
    })
    .from(chatRoomMembers)
    .innerJoin(chatRooms, eq(chatRooms.id, chatRoomMembers.roomId))
    .where(
      and(
        eq(chatRooms.accountId, accountId),
        eq(chatRoomMembers.accountId, accountId),
        eq(chatRoomMembers.userId, userId),
        query.roomId ? eq(chatRoomMembers.roomId, query.roomId) : undefined,
        beforeId
          ? sql`(${lastActivity}, ${chatRooms.id}) < (timestamptz 'epoch' + ${beforeMicros}::bigint * interval '1 microsecond', ${beforeId}::uuid)`
          : undefined,
        pattern
          ? sql`(${folded(chatRooms.name)} like ${pattern} or (${chatRooms.kind} = 'dm' and exists (
              select 1 from chat_room_members other join users u on u.id = other.user_id
               where other.room_id = ${chatRooms.id} and other.user_id <> ${userId}
                 and ${folded(sql`u.name`)} like ${pattern})))`
          : undefined,
      ),
    )
    .orderBy(desc(lastActivity), desc(chatRooms.id))
    .$dynamic();
  const rows = query.limit === undefined ? await list : await list.limit(query.limit);
  return rows.map((row) => {
    const view = parsedJson<ChatRoom>(row.view);
    return {
      view,
      cursor: `${row.activityMicros}_${view.id}`,
      totals: row.totals === null ? null : parsedJson<UnreadTotals>(row.totals),
    };
  });
}

/** Badge totals: unread messages of rooms not muted, and unread mentions everywhere. */
export async function unreadTotals(tx: Tx, accountId: number, userId: string): Promise<UnreadTotals> {
  const result = (await tx.execute(sql`
    select ${unreadSum} as unread, ${mentionSum} as mentions
      from chat_room_members tm join chat_rooms tr on tr.id = tm.room_id
     where tm.account_id = ${accountId} and tm.user_id = ${userId}
  `)) as unknown as { rows: UnreadTotals[] };
  const row = result.rows[0];
  return { unread: Number(row?.unread ?? 0), mentions: Number(row?.mentions ?? 0) };
}

export async function insertMessage(
  tx: Tx,
  values: Omit<typeof chatMessages.$inferInsert, 'id' | 'search'>,
): Promise<MessageRow> {
  const [row] = await tx.insert(chatMessages).values(values).returning(messageColumns);
  return row!;
}

export interface SendValues {
  id: string;
  roomId: string;
  authorId: string;
  clientId: string;
  body: string;
  preview: string;
  replyToId: string | null;
  conversationDisplayId: number | null;
  /** Mentioned user ids; only those with an active seat in the account are kept. */
  mentionCandidates: string[];
  at: Date;
  /**
   * The `message.created` event to log, its `seq` and its message's `seq` and `mentions` filled in by the
   * statement; null when the caller logs it itself (after attaching files, which the event shows).
   */
  event: Record<string, unknown> | null;
}

export interface SendOutcome {
  isMember: boolean;
  /** A message this author already sent here with the same client id. */
  existingId: string | null;
  /** Null when nothing was stored: not a member, a repeated client id, or an archived room. */
  stored: { seq: number; eventSeq: number; mentions: string[] } | null;
  /** Who is a member of the room in this transaction: the audience of the event at commit. */
  memberIds: string[];
}

/**
 * A whole send in one call of `chat_send` (migration 0018): locks the room (sends queue per room, so
 * seqs stay gapless), checks membership, the client id and that the room is open, takes both seqs,
 * stores the message as the room's latest, logs its event, moves the author's read mark and counts the
 * mentions. Each check reads what the room's previous writer committed, and a refused send writes nothing.
 */
export async function storeSend(tx: Tx, accountId: number, values: SendValues): Promise<SendOutcome> {
  const event = values.event === null ? null : JSON.stringify(values.event);
  const result = (await tx.execute(sql`
    select * from chat_send(${accountId}, ${values.roomId}, ${values.authorId}, ${values.clientId},
      ${values.id}, ${values.body}, ${values.preview}, ${values.replyToId}, ${values.conversationDisplayId},
      string_to_array(${values.mentionCandidates.join(',')}, ',')::uuid[], ${values.at.toISOString()}::timestamptz,
      ${event}::jsonb)
  `)) as unknown as {
    rows: {
      is_member: boolean;
      existing_id: string | null;
      seq: string | number | null;
      event_seq: string | number | null;
      mentions: unknown;
      member_ids: unknown;
    }[];
  };
  const row = result.rows[0]!;
  return {
    isMember: row.is_member,
    existingId: row.existing_id,
    stored:
      row.seq === null || row.event_seq === null
        ? null
        : {
            seq: Number(row.seq),
            eventSeq: Number(row.event_seq),
            mentions: parsedJson<string[]>(row.mentions),
          },
    memberIds: row.member_ids === null ? [] : parsedJson<string[]>(row.member_ids),
  };
}

/** A send `storeSends` takes: no reply, conversation reference, files or mentions, and its event logged. */
export type PlainSendValues = Omit<
  SendValues,
  'replyToId' | 'conversationDisplayId' | 'mentionCandidates' | 'event'
> & { event: Record<string, unknown> };

export type PlainSendOutcome = Omit<SendOutcome, 'stored'> & {
  stored: { seq: number; eventSeq: number } | null;
};

/**
 * Plain sends of one account in one statement, `chat_send_many` (migrations 0023, 0029), which commits
 * them together when run outside a transaction: each send is checked and stored as `storeSend` would, in
 * the order given, and a refused send is answered in its outcome without failing the others.
 */
export async function storeSends(
  tx: Tx,
  accountId: number,
  sends: PlainSendValues[],
): Promise<PlainSendOutcome[]> {
  const items = sends.map((values) => ({
    room_id: values.roomId,
    author_id: values.authorId,
    client_id: values.clientId,
    id: values.id,
    body: values.body,
    preview: values.preview,
    at: values.at.toISOString(),
    event: values.event,
  }));
  const result = (await tx.execute(sql`
    select * from chat_send_many(${accountId}, ${JSON.stringify(items)}::jsonb) order by ord
  `)) as unknown as {
    rows: {
      is_member: boolean;
      existing_id: string | null;
      seq: string | number | null;
      event_seq: string | number | null;
      member_ids: unknown;
    }[];
  };
  return result.rows.map((row) => ({
    isMember: row.is_member,
    existingId: row.existing_id,
    stored:
      row.seq === null || row.event_seq === null
        ? null
        : { seq: Number(row.seq), eventSeq: Number(row.event_seq) },
    memberIds: row.member_ids === null ? [] : parsedJson<string[]>(row.member_ids),
  }));
}

export async function findMessage(
  tx: Tx,
  accountId: number,
  messageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select(messageColumns)
    .from(chatMessages)
    .where(and(eq(chatMessages.accountId, accountId), eq(chatMessages.id, messageId)));
  return row;
}

export async function findMessageByClientId(
  tx: Tx,
  accountId: number,
  roomId: string,
  authorId: string | null,
  clientId: string,
): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select(messageColumns)
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.accountId, accountId),
        eq(chatMessages.roomId, roomId),
        authorId === null ? isNull(chatMessages.authorId) : eq(chatMessages.authorId, authorId),
        eq(chatMessages.clientId, clientId),
      ),
    );
  return row;
}

export async function updateMessage(
  tx: Tx,
  accountId: number,
  messageId: string,
  values: Partial<Pick<MessageRow, 'body' | 'mentions' | 'editedAt' | 'deletedAt' | 'conversationDisplayId'>>,
): Promise<MessageRow> {
  const [row] = await tx
    .update(chatMessages)
    .set(values)
    .where(and(eq(chatMessages.accountId, accountId), eq(chatMessages.id, messageId)))
    .returning(messageColumns);
  return row!;
}

export interface PageCursor {
  before?: number | undefined;
  after?: number | undefined;
  around?: number | undefined;
  limit: number;
}

async function messagesWhere(
  tx: Tx,
  accountId: number,
  roomId: string,
  direction: 'older' | 'newer',
  from: number | undefined,
  limit: number,
): Promise<MessageRow[]> {
  const bound =
    from === undefined
      ? undefined
      : direction === 'older'
        ? lt(chatMessages.seq, from)
        : gt(chatMessages.seq, from);
  return tx
    .select(messageColumns)
    .from(chatMessages)
    .where(and(eq(chatMessages.accountId, accountId), eq(chatMessages.roomId, roomId), bound))
    .orderBy(direction === 'older' ? desc(chatMessages.seq) : asc(chatMessages.seq))
    .limit(limit);
}

/**
 * One page of history in ascending seq, fetched one row beyond the limit in each direction it reads to
 * know whether more exist. `around` centres the page on a seq (half before, the rest from it on).
 */
export async function messagesPage(
  tx: Tx,
  accountId: number,
  roomId: string,
  cursor: PageCursor,
  lastSeq: number,
): Promise<{ rows: MessageRow[]; hasMoreBefore: boolean; hasMoreAfter: boolean }> {
  const { limit } = cursor;
  if (cursor.after !== undefined) {
    const rows = await messagesWhere(tx, accountId, roomId, 'newer', cursor.after, limit + 1);
    return {
      rows: rows.slice(0, limit),
      hasMoreBefore: cursor.after > 0,
      hasMoreAfter: rows.length > limit,
    };
  }
  if (cursor.around !== undefined) {
    const olderCount = Math.floor(limit / 2);
    const older = await messagesWhere(tx, accountId, roomId, 'older', cursor.around, olderCount + 1);
    const newer = await messagesWhere(
      tx,
      accountId,
      roomId,
      'newer',
      cursor.around - 1,
      limit - olderCount + 1,
    );
    const before = older.slice(0, olderCount).reverse();
    const fromAround = newer.slice(0, limit - olderCount);
    return {
      rows: [...before, ...fromAround],
      hasMoreBefore: older.length > olderCount,
      hasMoreAfter: newer.length > limit - olderCount,
    };
  }
  const rows = await messagesWhere(tx, accountId, roomId, 'older', cursor.before, limit + 1);
  return {
    rows: rows.slice(0, limit).reverse(),
    hasMoreBefore: rows.length > limit,
    hasMoreAfter: cursor.before !== undefined && cursor.before <= lastSeq,
  };
}

export async function reactionsOf(tx: Tx, accountId: number, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return tx
    .select({
      messageId: chatMessageReactions.messageId,
      userId: chatMessageReactions.userId,
      emoji: chatMessageReactions.emoji,
    })
    .from(chatMessageReactions)
    .where(
      and(eq(chatMessageReactions.accountId, accountId), inArray(chatMessageReactions.messageId, messageIds)),
    )
    .orderBy(asc(chatMessageReactions.createdAt), asc(chatMessageReactions.emoji));
}

export async function pinnedAmong(tx: Tx, accountId: number, messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await tx
    .select({ messageId: chatPins.messageId })
    .from(chatPins)
    .where(and(eq(chatPins.accountId, accountId), inArray(chatPins.messageId, messageIds)));
  return new Set(rows.map((row) => row.messageId));
}

export async function messagesByIds(tx: Tx, accountId: number, messageIds: string[]): Promise<MessageRow[]> {
  if (messageIds.length === 0) return [];
  return tx
    .select(messageColumns)
    .from(chatMessages)
    .where(and(eq(chatMessages.accountId, accountId), inArray(chatMessages.id, messageIds)));
}

export async function distinctEmojis(tx: Tx, accountId: number, messageId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ emoji: chatMessageReactions.emoji })
    .from(chatMessageReactions)
    .where(and(eq(chatMessageReactions.accountId, accountId), eq(chatMessageReactions.messageId, messageId)));
  return rows.map((row) => row.emoji);
}

/** True when the reaction was new. */
export async function insertReaction(
  tx: Tx,
  accountId: number,
  roomId: string,
  messageId: string,
  userId: string,
  emoji: string,
): Promise<boolean> {
  const inserted = await tx
    .insert(chatMessageReactions)
    .values({ accountId, roomId, messageId, userId, emoji })
    .onConflictDoNothing()
    .returning({ emoji: chatMessageReactions.emoji });
  return inserted.length > 0;
}

/** True when there was such a reaction. */
export async function deleteReaction(
  tx: Tx,
  accountId: number,
  messageId: string,
  userId: string,
  emoji: string,
): Promise<boolean> {
  const deleted = await tx
    .delete(chatMessageReactions)
    .where(
      and(
        eq(chatMessageReactions.accountId, accountId),
        eq(chatMessageReactions.messageId, messageId),
        eq(chatMessageReactions.userId, userId),
        eq(chatMessageReactions.emoji, emoji),
      ),
    )
    .returning({ emoji: chatMessageReactions.emoji });
  return deleted.length > 0;
}

export async function insertPin(
  tx: Tx,
  accountId: number,
  roomId: string,
  messageId: string,
  pinnedBy: string,
): Promise<boolean> {
  const inserted = await tx
    .insert(chatPins)
    .values({ accountId, roomId, messageId, pinnedBy })
    .onConflictDoNothing()
    .returning({ messageId: chatPins.messageId });
  return inserted.length > 0;
}

export async function deletePin(tx: Tx, accountId: number, roomId: string, messageId: string) {
  const deleted = await tx
    .delete(chatPins)
    .where(
      and(eq(chatPins.accountId, accountId), eq(chatPins.roomId, roomId), eq(chatPins.messageId, messageId)),
    )
    .returning({ messageId: chatPins.messageId });
  return deleted.length > 0;
}

export async function pinnedMessages(tx: Tx, accountId: number, roomId: string): Promise<MessageRow[]> {
  return tx
    .select(messageColumns)
    .from(chatPins)
    .innerJoin(chatMessages, eq(chatMessages.id, chatPins.messageId))
    .where(and(eq(chatPins.accountId, accountId), eq(chatPins.roomId, roomId)))
    .orderBy(desc(chatPins.pinnedAt));
}

/** Recounts the unread mentions of these members from the messages past their read mark. */
export async function recountMentions(tx: Tx, accountId: number, roomId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  await tx
    .update(chatRoomMembers)
    .set({
      mentionCount: sql`(select count(*)::int from ${chatMessages} m
        where m.account_id = ${accountId} and m.room_id = ${roomId} and m.seq > ${chatRoomMembers.lastReadSeq}
          and m.deleted_at is null and ${chatRoomMembers.userId} = any(m.mentions)
          and m.author_id is distinct from ${chatRoomMembers.userId})`,
    })
    .where(
      and(
        eq(chatRoomMembers.accountId, accountId),
        eq(chatRoomMembers.roomId, roomId),
        inArray(chatRoomMembers.userId, userIds),
      ),
    );
}

/** Moves the read mark forward (never back) and returns the member row after it. */
export async function advanceRead(
  tx: Tx,
  accountId: number,
  roomId: string,
  userId: string,
  seq: number,
): Promise<MemberRow> {
  const [row] = await tx
    .update(chatRoomMembers)
    .set({ lastReadSeq: sql`greatest(${chatRoomMembers.lastReadSeq}, ${seq})` })
    .where(memberOf(accountId, roomId, userId))
    .returning();
  return row!;
}

export interface RoomMessageRow {
  message: MessageRow;
  room: Pick<RoomRow, 'id' | 'kind' | 'name'>;
}

const roomSummary = { id: chatRooms.id, kind: chatRooms.kind, name: chatRooms.name };

/** My unread mentions across my rooms, newest first. */
export async function unreadMentions(
  tx: Tx,
  accountId: number,
  userId: string,
  limit: number,
): Promise<RoomMessageRow[]> {
  return tx
    .select({ message: messageColumns, room: roomSummary })
    .from(chatMessages)
    .innerJoin(
      chatRoomMembers,
      and(eq(chatRoomMembers.roomId, chatMessages.roomId), eq(chatRoomMembers.userId, userId)),
    )
    .innerJoin(chatRooms, eq(chatRooms.id, chatMessages.roomId))
    .where(
      and(
        eq(chatMessages.accountId, accountId),
        sql`${userId}::uuid = any(${chatMessages.mentions})`,
        sql`${chatMessages.seq} > ${chatRoomMembers.lastReadSeq}`,
        isNull(chatMessages.deletedAt),
        sql`${chatMessages.authorId} is distinct from ${userId}::uuid`,
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(limit);
}

/**
 * Full-text search over the messages of my rooms, in Portuguese and English stemming at once (the
 * stored vector holds both), best match first.
 */
export async function searchMessages(
  tx: Tx,
  accountId: number,
  userId: string,
  query: string,
  roomId: string | undefined,
  limit: number,
): Promise<RoomMessageRow[]> {
  const tsquery = sql`(websearch_to_tsquery('portuguese', ${query}) || websearch_to_tsquery('english', ${query}))`;
  return tx
    .select({ message: messageColumns, room: roomSummary })
    .from(chatMessages)
    .innerJoin(
      chatRoomMembers,
      and(eq(chatRoomMembers.roomId, chatMessages.roomId), eq(chatRoomMembers.userId, userId)),
    )
    .innerJoin(chatRooms, eq(chatRooms.id, chatMessages.roomId))
    .where(
      and(
        eq(chatMessages.accountId, accountId),
        roomId ? eq(chatMessages.roomId, roomId) : undefined,
        isNull(chatMessages.deletedAt),
        sql`${chatMessages.search} @@ ${tsquery}`,
      ),
    )
    .orderBy(desc(sql`ts_rank(${chatMessages.search}, ${tsquery})`), desc(chatMessages.createdAt))
    .limit(limit);
}

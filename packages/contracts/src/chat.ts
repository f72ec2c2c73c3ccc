import { z } from 'zod';
import { chatAttachmentIdsSchema, chatMessageAttachmentSchema } from './chat-attachments';
import { safeText } from './text';

/**
 * Internal chat under `/api/v1/accounts/:accountId/chat`. Rooms are DMs (exactly one per pair of
 * users), team rooms and conversation discussion rooms. Messages are numbered per room by a gapless
 * `seq`; every change is also an entry of the room's event log, numbered by the room's event `seq`,
 * published after commit to the room's members and replayable from the catch-up endpoint.
 *
 * Mentions: the composer writes `@[Display name](user-uuid)`; the server keeps the ids of account
 * members so written and stores them in `mentions`. The display name is only what the author saw.
 */

export const CHAT_MESSAGE_MAX_LENGTH = 16_000;
export const CHAT_ROOM_NAME_MAX_LENGTH = 100;
export const CHAT_ROOM_DESCRIPTION_MAX_LENGTH = 1_000;
export const CHAT_PAGE_MAX_LIMIT = 100;
export const CHAT_MAX_REACTIONS_PER_MESSAGE = 20;
export const CHAT_PREVIEW_MAX_LENGTH = 140;

/** `@[Display name](user-uuid)`: group 1 is the name, group 2 the user id. */
export const chatMentionPattern =
  /@\[([^\]\n]{1,100})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/giu;

/** The user ids a body mentions, in order of first appearance, lower-cased. */
export function chatMentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(chatMentionPattern)) ids.add((match[2] as string).toLowerCase());
  return [...ids];
}

/** How a mention is written, so the composer and the server agree. */
export function chatMentionMarkup(name: string, userId: string): string {
  return `@[${name.replace(/[\]\n]/gu, ' ')}](${userId})`;
}

export const chatRoomKinds = ['dm', 'team', 'discussion'] as const;
export type ChatRoomKind = (typeof chatRoomKinds)[number];
export const chatMemberRoles = ['owner', 'moderator', 'member'] as const;
export type ChatMemberRole = (typeof chatMemberRoles)[number];
export const chatNotificationLevels = ['all', 'mentions', 'none'] as const;
export type ChatNotificationLevel = (typeof chatNotificationLevels)[number];

const seq = z.number().int().nonnegative();

export const chatUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  avatar_url: z.string().nullable(),
});
export type ChatUser = z.infer<typeof chatUserSchema>;

/** What every member sees of a room (and what room events carry). */
export const chatRoomBaseSchema = z.object({
  id: z.uuid(),
  kind: z.enum(chatRoomKinds),
  /** Null for DMs: show the other member (`dm_user`). */
  name: z.string().nullable(),
  description: z.string().nullable(),
  chatwoot_team_id: z.number().int().nullable(),
  conversation_display_id: z.number().int().nullable(),
  created_by: z.uuid().nullable(),
  created_at: z.string(),
  archived_at: z.string().nullable(),
  last_message_seq: seq,
  last_event_seq: seq,
  last_message_at: z.string().nullable(),
  last_message_preview: z.string().nullable(),
});
export type ChatRoomBase = z.infer<typeof chatRoomBaseSchema>;

/** A room as the caller sees it: with their role and read state. */
export const chatRoomSchema = chatRoomBaseSchema.extend({
  my_role: z.enum(chatMemberRoles),
  last_read_seq: seq,
  unread_count: seq,
  mention_count: seq,
  muted: z.boolean(),
  notification_level: z.enum(chatNotificationLevels),
  /** For DMs, the other member. */
  dm_user: chatUserSchema.nullable(),
});
export type ChatRoom = z.infer<typeof chatRoomSchema>;

export const chatUnreadSchema = z.object({
  /** Unread messages in rooms that are not muted: the launcher badge. */
  unread_count: seq,
  mention_count: seq,
});
export type ChatUnread = z.infer<typeof chatUnreadSchema>;

/**
 * `GET /chat/rooms` query. Without `limit`, every room; with it, one page, and `before` is the
 * `next_cursor` of the page above (the rooms less recently active than its last one).
 */
export const chatRoomListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(CHAT_PAGE_MAX_LIMIT).optional(),
  before: z
    .string()
    .regex(/^\d{1,16}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u)
    .optional(),
  /** Only rooms whose name, or a DM's colleague's name, contains this (case and accents aside). */
  q: safeText().trim().min(1).max(CHAT_ROOM_NAME_MAX_LENGTH).optional(),
});
export type ChatRoomListQuery = z.infer<typeof chatRoomListQuerySchema>;

/** `GET /chat/rooms`: my rooms, most recent activity first, with the badge totals over all of them. */
export const chatRoomListSchema = z.object({
  rooms: z.array(chatRoomSchema),
  total: chatUnreadSchema,
  /** With `limit`: where the next page starts, null after the last; absent without `limit`. */
  next_cursor: z.string().nullable().optional(),
});
export type ChatRoomList = z.infer<typeof chatRoomListSchema>;

const roomName = safeText().trim().min(1).max(CHAT_ROOM_NAME_MAX_LENGTH);
const roomDescription = safeText({ multiline: true }).trim().max(CHAT_ROOM_DESCRIPTION_MAX_LENGTH);

export const createChatDmSchema = z.strictObject({ user_id: z.uuid() });
export type CreateChatDm = z.infer<typeof createChatDmSchema>;

export const createChatRoomSchema = z.strictObject({
  name: roomName,
  description: roomDescription.optional(),
  /** Account members to add besides the creator (who becomes the owner). */
  member_ids: z.array(z.uuid()).max(500).optional(),
});
export type CreateChatRoom = z.infer<typeof createChatRoomSchema>;

export const updateChatRoomSchema = z
  .strictObject({
    name: roomName.optional(),
    description: roomDescription.nullable().optional(),
    archived: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' });
export type UpdateChatRoom = z.infer<typeof updateChatRoomSchema>;

export const chatMemberSchema = z.object({
  user: chatUserSchema,
  role: z.enum(chatMemberRoles),
  joined_at: z.string(),
});
export type ChatMember = z.infer<typeof chatMemberSchema>;
export const chatMemberListSchema = z.object({ members: z.array(chatMemberSchema) });

export const addChatMemberSchema = z.strictObject({
  user_id: z.uuid(),
  role: z.enum(['moderator', 'member']).optional(),
});
export type AddChatMember = z.infer<typeof addChatMemberSchema>;
export const updateChatMemberSchema = z.strictObject({ role: z.enum(chatMemberRoles) });
export type UpdateChatMember = z.infer<typeof updateChatMemberSchema>;

/** My own preferences for a room. */
export const chatRoomSettingsSchema = z.object({
  muted: z.boolean(),
  notification_level: z.enum(chatNotificationLevels),
});
export const updateChatRoomSettingsSchema = z
  .strictObject({
    muted: z.boolean().optional(),
    notification_level: z.enum(chatNotificationLevels).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' });
export type UpdateChatRoomSettings = z.infer<typeof updateChatRoomSettingsSchema>;

export const markChatReadSchema = z.strictObject({ seq });
export const chatReadStateSchema = z.object({
  room_id: z.uuid(),
  last_read_seq: seq,
  unread_count: seq,
  mention_count: seq,
});
export type ChatReadState = z.infer<typeof chatReadStateSchema>;

/** What a system message records; clients word it in their own language. */
export const chatSystemActions = [
  'room_created',
  'member_added',
  'member_removed',
  'member_left',
  'room_renamed',
  'room_archived',
  'room_unarchived',
  /** The room's Chatwoot team was deleted in Chatwoot: the room stays, no longer linked or synced. */
  'team_unlinked',
] as const;
export const chatSystemDataSchema = z.object({
  action: z.enum(chatSystemActions),
  actor_id: z.uuid().nullable(),
  user_id: z.uuid().optional(),
  name: z.string().optional(),
});
export type ChatSystemData = z.infer<typeof chatSystemDataSchema>;

export const chatReactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  user_ids: z.array(z.uuid()),
});
export type ChatReaction = z.infer<typeof chatReactionSchema>;

export const chatMessageSchema = z.object({
  id: z.uuid(),
  room_id: z.uuid(),
  seq,
  kind: z.enum(['user', 'system']),
  author_id: z.uuid().nullable(),
  /** Null once deleted. Markdown, with mentions as `@[Name](user-uuid)`. */
  body: z.string().nullable(),
  system: chatSystemDataSchema.nullable(),
  client_id: z.string().nullable(),
  reply_to: z
    .object({
      id: z.uuid(),
      seq,
      author_id: z.uuid().nullable(),
      /** The start of the replied-to message; null when it was deleted. */
      excerpt: z.string().nullable(),
    })
    .nullable(),
  conversation_display_id: z.number().int().nullable(),
  mentions: z.array(z.uuid()),
  /** Files sent with the message (none once it is deleted); optional only for clients' optimistic copies. */
  attachments: z.array(chatMessageAttachmentSchema).optional(),
  reactions: z.array(chatReactionSchema),
  pinned: z.boolean(),
  created_at: z.string(),
  edited_at: z.string().nullable(),
  deleted_at: z.string().nullable(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const clientId = safeText()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/u, { message: 'letters, digits, dot, colon, underscore or dash' });
const messageText = safeText({ multiline: true }).max(CHAT_MESSAGE_MAX_LENGTH);
const messageBody = messageText.refine((value) => value.trim().length > 0, { message: 'must not be blank' });

export const sendChatMessageSchema = z
  .strictObject({
    /** Chosen by the client per message: a retry with the same id returns the first message. */
    client_id: clientId,
    /** Empty (or left out) only when the message carries files: a photo needs no caption. */
    body: messageText.default(''),
    reply_to_id: z.uuid().optional(),
    /** A Chatwoot conversation of the account this message points at. */
    conversation_display_id: z.number().int().positive().max(2_147_483_647).optional(),
    /** Files the sender uploaded to this room (`POST …/rooms/:roomId/attachments`) and has not sent yet. */
    attachment_ids: chatAttachmentIdsSchema.optional(),
  })
  .refine((value) => value.body.trim().length > 0 || (value.attachment_ids?.length ?? 0) > 0, {
    message: 'must not be blank without files',
    path: ['body'],
  });
export type SendChatMessage = z.infer<typeof sendChatMessageSchema>;

export const editChatMessageSchema = z.strictObject({ body: messageBody });
export type EditChatMessage = z.infer<typeof editChatMessageSchema>;

const seqParam = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** History: at most one of `before`, `after`, `around` (a message seq); none means the latest page. */
export const chatHistoryQuerySchema = z
  .strictObject({
    before: seqParam.optional(),
    after: seqParam.optional(),
    around: seqParam.optional(),
    limit: z.coerce.number().int().min(1).max(CHAT_PAGE_MAX_LIMIT).default(50),
  })
  .refine(
    (value) => [value.before, value.after, value.around].filter((cursor) => cursor !== undefined).length <= 1,
    { message: 'use at most one of before, after, around' },
  );
export type ChatHistoryQuery = z.infer<typeof chatHistoryQuerySchema>;

/** Messages in ascending seq; `has_more_*` say whether older/newer messages exist beyond this page. */
export const chatMessagePageSchema = z.object({
  messages: z.array(chatMessageSchema),
  has_more_before: z.boolean(),
  has_more_after: z.boolean(),
});
export type ChatMessagePage = z.infer<typeof chatMessagePageSchema>;

export const chatReactionsSchema = z.object({ message_id: z.uuid(), reactions: z.array(chatReactionSchema) });
/** One emoji (a grapheme or a short `:name:`), as a path segment. */
export const chatEmojiSchema = safeText()
  .min(1)
  .max(32)
  .refine((value) => !/\s/u.test(value), { message: 'must not contain spaces' });

export const chatPinListSchema = z.object({ messages: z.array(chatMessageSchema) });

export const chatMentionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(CHAT_PAGE_MAX_LIMIT).default(50),
});
/** My unread mentions across my rooms, newest first. */
export const chatMentionListSchema = z.object({
  mentions: z.array(
    z.object({
      room: chatRoomBaseSchema.pick({ id: true, kind: true, name: true }),
      message: chatMessageSchema,
    }),
  ),
});
export type ChatMentionList = z.infer<typeof chatMentionListSchema>;

export const chatSearchQuerySchema = z.strictObject({
  q: safeText().trim().min(1).max(200),
  room_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(CHAT_PAGE_MAX_LIMIT).default(20),
});
export type ChatSearchQuery = z.infer<typeof chatSearchQuerySchema>;
export const chatSearchResultSchema = z.object({
  results: z.array(
    z.object({
      room: chatRoomBaseSchema.pick({ id: true, kind: true, name: true }),
      message: chatMessageSchema,
    }),
  ),
});
export type ChatSearchResult = z.infer<typeof chatSearchResultSchema>;

/**
 * Realtime chat events, published on `channels.userEvents` to the room's members at commit and kept in
 * the room's event log. `seq` is the room's event sequence: a client that sees a gap, or reconnects,
 * asks `GET …/chat/rooms/:roomId/events?after=<last seq seen>`. `room.read` is the exception: it is
 * per-user, not logged, and carries the room's current event seq.
 */
const eventBase = { room_id: z.uuid(), seq };

export const chatEventSchema = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('message.created'), message: chatMessageSchema }),
  z.object({ ...eventBase, type: z.literal('message.updated'), message: chatMessageSchema }),
  z.object({
    ...eventBase,
    type: z.literal('message.deleted'),
    message_id: z.uuid(),
    message_seq: seq,
  }),
  z.object({
    ...eventBase,
    type: z.literal('reaction.changed'),
    message_id: z.uuid(),
    reactions: z.array(chatReactionSchema),
  }),
  z.object({
    ...eventBase,
    type: z.literal('pin.changed'),
    message_id: z.uuid(),
    pinned: z.boolean(),
    by: z.uuid().nullable(),
  }),
  z.object({ ...eventBase, type: z.literal('room.created'), room: chatRoomBaseSchema }),
  z.object({ ...eventBase, type: z.literal('room.updated'), room: chatRoomBaseSchema }),
  z.object({ ...eventBase, type: z.literal('room.member_added'), member: chatMemberSchema }),
  z.object({ ...eventBase, type: z.literal('room.member_updated'), member: chatMemberSchema }),
  z.object({ ...eventBase, type: z.literal('room.member_removed'), user_id: z.uuid() }),
  z.object({
    ...eventBase,
    type: z.literal('room.read'),
    last_read_seq: seq,
    unread_count: seq,
    mention_count: seq,
  }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
export type ChatEventType = ChatEvent['type'];
/** The events the room log keeps (all but `room.read`). */
export type ChatLoggedEvent = Exclude<ChatEvent, { type: 'room.read' }>;

export const chatEventsQuerySchema = z.strictObject({
  after: seqParam.default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
/** `GET …/rooms/:roomId/events?after=`: logged events with seq > after, ascending. */
export const chatEventPageSchema = z.object({
  events: z.array(chatEventSchema),
  /** The room's newest event seq, to resume from when `has_more` is false. */
  last_seq: seq,
  has_more: z.boolean(),
});
export type ChatEventPage = z.infer<typeof chatEventPageSchema>;

import { z } from 'zod';
import type { ChatEvent } from './chat';
import type { ChatAnnouncementEvent } from './chat-announcements';
import type { ChatMessagesPurgedEvent } from './chat-retention';
import type { CardRealtimeEvent } from './kanban';
import type { CardNoticeEvent } from './kanban-extras';

/**
 * The realtime protocol of `/ws` and its SSE fallback `GET /api/v1/realtime/events`. A client asks for
 * a short-lived single-use ticket for one account, opens the socket (or the stream) with it, receives a
 * `hello` and then the events addressed to its user in that account. Chat events (contracts `chat.ts`)
 * carry their room's event sequence; after a reconnect the client asks the room's catch-up endpoint for
 * what it missed. `typing` and `presence.changed` are not stored and carry no sequence.
 */

/** How long a ticket may wait between issue and use. */
export const REALTIME_TICKET_TTL_SECONDS = 30;
/** Typing is sent at most this often per user and room (clients) and passed on at most this often (server). */
export const TYPING_SEND_INTERVAL_MS = 3_000;
/** The largest frame a client may send; the server closes the socket on anything bigger. */
export const REALTIME_MAX_CLIENT_FRAME_BYTES = 4 * 1024;

/** Close codes the client acts on (WebSocket; the SSE stream simply ends). */
export const realtimeCloseCodes = {
  /** The session ended (logout, revocation): sign in again, do not reconnect. */
  sessionEnded: 1008,
  /** The access token behind the ticket expired: refresh, then reconnect with a new ticket. */
  accessExpired: 4001,
  /** Too many frames from the client. */
  rateLimited: 4029,
} as const;

export const realtimeTicketRequestSchema = z.strictObject({
  account_id: z.number().int().positive().max(2_147_483_647),
});
export type RealtimeTicketRequest = z.infer<typeof realtimeTicketRequestSchema>;

export const realtimeTicketSchema = z.object({
  /** Opaque; goes in `?ticket=` of `/ws` or of the SSE stream, once. */
  ticket: z.string(),
  expires_in: z.number().int(),
});
export type RealtimeTicket = z.infer<typeof realtimeTicketSchema>;

export const presenceStatuses = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

/** Someone in a room the receiver belongs to is typing; sent at most every few seconds per user and room. */
export const typingEventSchema = z.object({
  type: z.literal('typing'),
  room_id: z.uuid(),
  user_id: z.uuid(),
});
export type TypingEvent = z.infer<typeof typingEventSchema>;

/**
 * A user's status in the account across all their tabs and all nodes: online when any connection is
 * active, away when every connection reports away, offline when none is left. `version` grows per user:
 * a client keeps the highest it has seen, so a late change never overrides a newer one.
 */
export const presenceEntrySchema = z.object({
  user_id: z.uuid(),
  status: z.enum(presenceStatuses),
  version: z.number().int(),
});
/**
 * Members of the account changed status. Changes are gathered for a moment and sent together, so a
 * burst of people connecting (a shift starting, a node restarting) costs each connection one frame, not
 * one per person.
 */
export const presenceChangedEventSchema = z.object({
  type: z.literal('presence.changed'),
  users: z.array(presenceEntrySchema).min(1),
});
export type PresenceChangedEvent = z.infer<typeof presenceChangedEventSchema>;

/** `GET /api/v1/accounts/:accountId/presence`: everyone not offline; whoever is missing is offline. */
export const presenceListSchema = z.object({ users: z.array(presenceEntrySchema) });
export type PresenceList = z.infer<typeof presenceListSchema>;

/** Client → server frames (JSON text). Anything else closes nothing but answers an `error` frame. */
export const realtimeClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('typing'), room_id: z.uuid() }),
  /** The tab became hidden or idle (`away`) or active again (`online`). */
  z.strictObject({ type: z.literal('presence'), status: z.enum(['online', 'away']) }),
  /** Browsers cannot see protocol pings; the client's own heartbeat is answered with `pong`. */
  z.strictObject({ type: z.literal('ping') }),
]);
export type RealtimeClientFrame = z.infer<typeof realtimeClientFrameSchema>;

export const realtimeHelloFrameSchema = z.object({
  type: z.literal('hello'),
  server_time: z.string(),
  account_id: z.number().int(),
  user_id: z.uuid(),
});
export const realtimePongFrameSchema = z.object({ type: z.literal('pong') });
export const realtimeErrorFrameSchema = z.object({
  type: z.literal('error'),
  code: z.enum(['bad_frame', 'not_found']),
  message: z.string(),
});
export type RealtimeHelloFrame = z.infer<typeof realtimeHelloFrameSchema>;
export type RealtimeErrorFrame = z.infer<typeof realtimeErrorFrameSchema>;

/** Control frames of the server; everything else it sends is an event with its own `type`. */
export type RealtimeControlFrame =
  | RealtimeHelloFrame
  | z.infer<typeof realtimePongFrameSchema>
  | RealtimeErrorFrame;

/**
 * Every event the server sends a user: `typing`, `presence.changed`, the chat's room events (which carry
 * their room's `seq`), announcements, purges, and board changes and notices.
 */
export type RealtimeEvent =
  | TypingEvent
  | PresenceChangedEvent
  | ChatEvent
  | ChatAnnouncementEvent
  | ChatMessagesPurgedEvent
  | CardRealtimeEvent
  | CardNoticeEvent;

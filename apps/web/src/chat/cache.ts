import type { InfiniteData } from '@tanstack/react-query';
import type { ChatEvent, ChatMessage, ChatMessagePage, ChatRoom, ChatRoomList } from '@whatpro/contracts';
import { notificationBody } from './notifications';

/** Query keys of the chat, all under `['chat', accountId]` so one invalidation refreshes a whole account. */
export const chatKeys = {
  all: (accountId: number) => ['chat', accountId] as const,
  rooms: (accountId: number) => ['chat', accountId, 'rooms'] as const,
  messages: (accountId: number, roomId: string) => ['chat', accountId, 'messages', roomId] as const,
  /** The history opened at one message (a search hit), kept apart from the room's latest pages. */
  messagesAround: (accountId: number, roomId: string, seq: number) =>
    ['chat', accountId, 'messages', roomId, 'around', seq] as const,
  search: (accountId: number, q: string) => ['chat', accountId, 'search', q] as const,
  allMessages: (accountId: number) => ['chat', accountId, 'messages'] as const,
  announcements: (accountId: number) => ['chat', accountId, 'announcements'] as const,
  members: (accountId: number, roomId: string) => ['chat', accountId, 'members', roomId] as const,
  pins: (accountId: number, roomId: string) => ['chat', accountId, 'pins', roomId] as const,
  mentions: (accountId: number) => ['chat', accountId, 'mentions'] as const,
  colleagues: (accountId: number) => ['chat', accountId, 'colleagues'] as const,
  reference: (accountId: number, displayId: number) => ['chat', accountId, 'reference', displayId] as const,
  attachment: (accountId: number, attachmentId: string) =>
    ['chat', accountId, 'attachment', attachmentId] as const,
};

/** Where a page of history starts: the latest page (null), older, newer or around one message. */
export type HistoryCursor = { before: number } | { after: number } | { around: number } | null;
/**
 * Pages of history, newest page first (`fetchNextPage` loads older ones, `fetchPreviousPage` newer ones
 * of a history opened around a message); each page is in ascending seq.
 */
export type MessagePages = InfiniteData<ChatMessagePage, HistoryCursor>;

/** Oldest first, as the pane draws them. */
export function flattenPages(data: MessagePages | undefined): ChatMessage[] {
  if (!data) return [];
  return data.pages.toReversed().flatMap((page) => page.messages);
}

function mapMessages(data: MessagePages, update: (message: ChatMessage) => ChatMessage): MessagePages {
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, messages: page.messages.map(update) })),
  };
}

/**
 * Adds a message the server confirmed (the send response or `message.created`), once: the event and the
 * response of one send both arrive, in either order. Only the newest page grows, and only when it is the
 * newest there is (a history scrolled far back is not the live end).
 */
export function insertMessage(data: MessagePages, message: ChatMessage): MessagePages {
  if (data.pages.some((page) => page.messages.some((existing) => existing.id === message.id))) {
    return mapMessages(data, (existing) => (existing.id === message.id ? message : existing));
  }
  const [newest, ...older] = data.pages;
  if (!newest || newest.has_more_after) return data;
  const messages = [...newest.messages, message].sort((a, b) => a.seq - b.seq);
  return { ...data, pages: [{ ...newest, messages }, ...older] };
}

/** A purge blanked every message sent before `before`, as the server now shows them: content gone, seq kept. */
export function purgeMessages(data: MessagePages, before: string, at: string): MessagePages {
  const cutoff = Date.parse(before);
  return mapMessages(data, (message) =>
    Date.parse(message.created_at) < cutoff
      ? {
          ...message,
          body: null,
          system: null,
          mentions: [],
          conversation_display_id: null,
          attachments: [],
          reactions: [],
          pinned: false,
          deleted_at: message.deleted_at ?? at,
        }
      : message,
  );
}

/** A room event applied to the open history. */
export function applyEventToMessages(data: MessagePages, event: ChatEvent): MessagePages {
  switch (event.type) {
    case 'message.created':
      return insertMessage(data, event.message);
    case 'message.updated':
      return mapMessages(data, (message) => (message.id === event.message.id ? event.message : message));
    case 'message.deleted':
      return mapMessages(data, (message) =>
        message.id === event.message_id
          ? {
              ...message,
              body: null,
              reactions: [],
              pinned: false,
              deleted_at: message.deleted_at ?? new Date().toISOString(),
            }
          : message,
      );
    case 'reaction.changed':
      return mapMessages(data, (message) =>
        message.id === event.message_id ? { ...message, reactions: event.reactions } : message,
      );
    case 'pin.changed':
      return mapMessages(data, (message) =>
        message.id === event.message_id ? { ...message, pinned: event.pinned } : message,
      );
    default:
      return data;
  }
}

export interface RoomsUpdate {
  list: ChatRoomList;
  /** The event concerns a room this list does not hold yet (created, or I was added): fetch the list. */
  refetch: boolean;
}

function withTotals(rooms: ChatRoom[]): ChatRoomList {
  // Muted rooms keep their own counts but stay out of the badge, as the server counts it.
  let unread = 0;
  let mentions = 0;
  for (const room of rooms) {
    if (!room.muted) unread += room.unread_count;
    mentions += room.mention_count;
  }
  return { rooms, total: { unread_count: unread, mention_count: mentions } };
}

/** Newest activity first, as the server orders the list. */
function byActivity(a: ChatRoom, b: ChatRoom): number {
  return (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at);
}

/**
 * A room event applied to my room list: previews, order, unread and mention counts and the badge total
 * follow each message and read without asking the server again.
 */
export function applyEventToRooms(list: ChatRoomList, event: ChatEvent, selfId: string): RoomsUpdate {
  const index = list.rooms.findIndex((room) => room.id === event.room_id);
  const current = list.rooms[index];
  if (!current) {
    const concernsMe =
      event.type === 'room.created' ||
      event.type === 'message.created' ||
      (event.type === 'room.member_added' && event.member.user.id === selfId);
    return { list, refetch: concernsMe };
  }
  const replace = (room: ChatRoom): RoomsUpdate => {
    const rooms = list.rooms.with(index, room).toSorted(byActivity);
    return { list: withTotals(rooms), refetch: false };
  };
  const eventSeq = Math.max(current.last_event_seq, event.type === 'room.read' ? 0 : event.seq);
  switch (event.type) {
    case 'message.created': {
      const { message } = event;
      if (message.seq <= current.last_message_seq) return { list, refetch: false };
      const mine = message.author_id === selfId;
      return replace({
        ...current,
        last_message_seq: message.seq,
        last_event_seq: eventSeq,
        last_message_at: message.created_at,
        last_message_preview:
          message.body === null ? current.last_message_preview : notificationBody(message.body),
        // Sending reads the room up to one's own message; anyone else's message is one more unread.
        last_read_seq: mine ? message.seq : current.last_read_seq,
        unread_count: mine ? 0 : current.unread_count + 1,
        mention_count:
          !mine && message.mentions.includes(selfId) ? current.mention_count + 1 : current.mention_count,
      });
    }
    case 'room.read':
      if (event.last_read_seq < current.last_read_seq) return { list, refetch: false };
      return replace({
        ...current,
        last_read_seq: event.last_read_seq,
        unread_count: event.unread_count,
        mention_count: event.mention_count,
      });
    case 'room.updated':
      return replace({ ...current, ...event.room, last_event_seq: eventSeq });
    case 'room.member_removed':
      if (event.user_id !== selfId) return replace({ ...current, last_event_seq: eventSeq });
      return {
        list: withTotals(list.rooms.filter((room) => room.id !== current.id)),
        refetch: false,
      };
    default:
      return replace({ ...current, last_event_seq: eventSeq });
  }
}

/** A room I just changed my own settings of, or read: the counts the server answered. */
export function patchRoom(list: ChatRoomList, roomId: string, patch: Partial<ChatRoom>): ChatRoomList {
  return withTotals(list.rooms.map((room) => (room.id === roomId ? { ...room, ...patch } : room)));
}

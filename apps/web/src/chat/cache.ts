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
  allSearches: (accountId: number) => ['chat', accountId, 'search'] as const,
  room: (accountId: number, roomId: string) => ['chat', accountId, 'room', roomId] as const,
  /** Rooms found by name on the server, for a search while the list has not loaded every room. */
  roomSearch: (accountId: number, q: string) => ['chat', accountId, 'roomSearch', q] as const,
  allMessages: (accountId: number) => ['chat', accountId, 'messages'] as const,
  announcements: (accountId: number) => ['chat', accountId, 'announcements'] as const,
  members: (accountId: number, roomId: string) => ['chat', accountId, 'members', roomId] as const,
  pins: (accountId: number, roomId: string) => ['chat', accountId, 'pins', roomId] as const,
  allPins: (accountId: number) => ['chat', accountId, 'pins'] as const,
  mentions: (accountId: number) => ['chat', accountId, 'mentions'] as const,
  colleagues: (accountId: number) => ['chat', accountId, 'colleagues'] as const,
  reference: (accountId: number, displayId: number) => ['chat', accountId, 'reference', displayId] as const,
  attachment: (accountId: number, attachmentId: string) =>
    ['chat', accountId, 'attachment', attachmentId] as const,
};

/**
 * One room on its own (a room not loaded that an event names): whoever asks for it at the same time (the
 * list, the notification) shares one request.
 */
export function roomQuery(
  api: { accountId: number; getRoom: (roomId: string) => Promise<ChatRoom> },
  roomId: string,
) {
  return {
    queryKey: chatKeys.room(api.accountId, roomId),
    queryFn: () => api.getRoom(roomId),
    staleTime: 0,
  };
}

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

/** How many rooms a page of the room list holds; the list loads more as it is scrolled. */
export const ROOM_PAGE_SIZE = 50;

export interface RoomsUpdate {
  list: ChatRoomList;
  /** The event concerns a room this list does not hold (not loaded yet, created, or I was added): fetch it. */
  fetchRoom: boolean;
  /** The event changed the counts of a room this list does not hold: ask the server for the totals. */
  refreshTotals: boolean;
}

/**
 * What a room adds to the badge totals. Muted rooms keep their own counts but stay out of the unread
 * total, as the server counts it.
 */
function share(room: ChatRoom | undefined): { unread: number; mentions: number } {
  if (!room) return { unread: 0, mentions: 0 };
  return { unread: room.muted ? 0 : room.unread_count, mentions: room.mention_count };
}

/**
 * The totals come from the server and cover every room, loaded or not; a change to a loaded room moves
 * them by that room's difference only.
 */
function withTotals(
  list: ChatRoomList,
  rooms: ChatRoom[],
  before: ChatRoom | undefined,
  after: ChatRoom | undefined,
): ChatRoomList {
  const was = share(before);
  const is = share(after);
  return {
    ...list,
    rooms,
    total: {
      unread_count: Math.max(0, list.total.unread_count - was.unread + is.unread),
      mention_count: Math.max(0, list.total.mention_count - was.mentions + is.mentions),
    },
  };
}

/** Newest activity first, as the server orders the list. */
export function byActivity(a: ChatRoom, b: ChatRoom): number {
  return (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at);
}

/**
 * A room event applied to my room list: previews, order, unread and mention counts and the badge total
 * follow each message and read without asking the server again.
 */
export function applyEventToRooms(list: ChatRoomList, event: ChatEvent, selfId: string): RoomsUpdate {
  const index = list.rooms.findIndex((room) => room.id === event.room_id);
  const current = list.rooms[index];
  const unchanged: RoomsUpdate = { list, fetchRoom: false, refreshTotals: false };
  if (!current) {
    // A room past the loaded pages is counted in the totals already; one new to me is not.
    const fetchRoom =
      event.type === 'room.created' ||
      event.type === 'message.created' ||
      (event.type === 'room.member_added' && event.member.user.id === selfId);
    const refreshTotals =
      fetchRoom ||
      event.type === 'room.read' ||
      (event.type === 'room.member_removed' && event.user_id === selfId);
    return { list, fetchRoom, refreshTotals };
  }
  const replace = (room: ChatRoom): RoomsUpdate => {
    const rooms = list.rooms.with(index, room).toSorted(byActivity);
    return { list: withTotals(list, rooms, current, room), fetchRoom: false, refreshTotals: false };
  };
  const eventSeq = Math.max(current.last_event_seq, event.type === 'room.read' ? 0 : event.seq);
  switch (event.type) {
    case 'message.created': {
      const { message } = event;
      if (message.seq <= current.last_message_seq) return unchanged;
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
      if (event.last_read_seq < current.last_read_seq) return unchanged;
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
        list: withTotals(
          list,
          list.rooms.filter((room) => room.id !== current.id),
          current,
          undefined,
        ),
        fetchRoom: false,
        refreshTotals: false,
      };
    default:
      return replace({ ...current, last_event_seq: eventSeq });
  }
}

/** A room I just changed my own settings of, or read: the counts the server answered. */
export function patchRoom(list: ChatRoomList, roomId: string, patch: Partial<ChatRoom>): ChatRoomList {
  const current = list.rooms.find((room) => room.id === roomId);
  if (!current) return list;
  const room = { ...current, ...patch };
  return withTotals(
    list,
    list.rooms.map((entry) => (entry.id === roomId ? room : entry)),
    current,
    room,
  );
}

/**
 * A room fetched on its own (an event for a room not loaded, a room opened by link): in activity order,
 * once. The totals stay as they are; the caller asks the server for them when the room is new to them.
 */
export function putRoom(list: ChatRoomList, room: ChatRoom): ChatRoomList {
  const rooms = [...list.rooms.filter((entry) => entry.id !== room.id), room].toSorted(byActivity);
  return { ...list, rooms };
}

/** The next page of the list, after the loaded ones: rooms already held (moved up meanwhile) stay once. */
export function appendRoomPage(list: ChatRoomList, page: ChatRoomList): ChatRoomList {
  const held = new Set(list.rooms.map((room) => room.id));
  return {
    rooms: [...list.rooms, ...page.rooms.filter((room) => !held.has(room.id))],
    total: page.total,
    next_cursor: page.next_cursor ?? null,
  };
}

import type { QueryClient } from '@tanstack/react-query';
import {
  type ChatAnnouncement,
  type ChatEvent,
  type ChatEventPage,
  type ChatMessagesPurgedEvent,
  type ChatRoom,
  type ChatRoomList,
  chatAnnouncementEventSchema,
  chatEventSchema,
  chatMessagesPurgedEventSchema,
} from '@whatpro/contracts';
import {
  applyEventToMessages,
  applyEventToRooms,
  chatKeys,
  type MessagePages,
  purgeMessages,
  putRoom,
  roomQuery,
} from './cache';

/**
 * Keeps the chat caches of one account in step with the server. Each logged event moves its room's event
 * seq by one; an event further ahead means some were missed (a dropped socket, a slow consumer), so the
 * room's catch-up endpoint fills the gap, in order, before the newer event applies.
 */
export function createChatSync(options: {
  queryClient: QueryClient;
  api: {
    accountId: number;
    events: (roomId: string, after: number) => Promise<ChatEventPage>;
    getRoom: (roomId: string) => Promise<ChatRoom>;
    listRooms: (page: { limit: number }) => Promise<ChatRoomList>;
  };
  selfId: string;
  /** Told of every event applied, in order (notifications, typing cleanup). */
  onEvent?: (event: ChatEvent) => void;
}) {
  const { queryClient, api, selfId } = options;
  const accountId = api.accountId;
  /** The last event seq applied per room; seeded from the room list. */
  const applied = new Map<string, number>();
  /** One catch-up at a time per room; events arriving meanwhile wait behind it. */
  const catchingUp = new Map<string, Promise<void>>();
  let totals: { running: boolean; again: boolean } = { running: false, again: false };

  /**
   * The list holds its first pages only: a room with news that is not among them is fetched and put on
   * top. A request already under way may have read the room before this event; then it is asked once more.
   */
  function fetchRoom(roomId: string, seq: number, retry = true): void {
    queryClient.fetchQuery(roomQuery(api, roomId)).then(
      (room) => {
        if (room.last_event_seq < seq && retry) {
          fetchRoom(roomId, seq, false);
          return;
        }
        queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (list) =>
          list ? putRoom(list, room) : list,
        );
      },
      // Not mine any more (removed meanwhile) or offline: the next event or resync tells.
      () => undefined,
    );
  }

  /** The badge totals after a change to a room not loaded: the list's cheapest page carries them. */
  function refreshTotals(): void {
    if (totals.running) {
      totals.again = true;
      return;
    }
    totals = { running: true, again: false };
    api
      .listRooms({ limit: 1 })
      .then(
        (page) => {
          // Something changed meanwhile: these totals may predate it, and the next request follows.
          if (totals.again) return;
          queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (list) =>
            list ? { ...list, total: page.total } : list,
          );
        },
        () => undefined,
      )
      .finally(() => {
        const again = totals.again;
        totals = { running: false, again: false };
        if (again) refreshTotals();
      });
  }

  function knownSeq(roomId: string): number | null {
    const seen = applied.get(roomId);
    if (seen !== undefined) return seen;
    const list = queryClient.getQueryData<ChatRoomList>(chatKeys.rooms(accountId));
    return list?.rooms.find((room) => room.id === roomId)?.last_event_seq ?? null;
  }

  function apply(event: ChatEvent): void {
    const list = queryClient.getQueryData<ChatRoomList>(chatKeys.rooms(accountId));
    if (list) {
      const update = applyEventToRooms(list, event, selfId);
      if (update.list !== list) queryClient.setQueryData(chatKeys.rooms(accountId), update.list);
      // Totals under way may have been counted before this change: they would overwrite it, so ask again.
      if (totals.running && update.list.total !== list.total) totals.again = true;
      if (update.fetchRoom) fetchRoom(event.room_id, event.seq);
      if (update.refreshTotals) refreshTotals();
    } else {
      void queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
    }
    // The room's latest pages and any history opened around a search hit.
    queryClient.setQueriesData<MessagePages>(
      { queryKey: chatKeys.messages(accountId, event.room_id) },
      (data) => (data ? applyEventToMessages(data, event) : data),
    );
    if (event.type.startsWith('room.member_')) {
      void queryClient.invalidateQueries({ queryKey: chatKeys.members(accountId, event.room_id) });
    }
    if (event.type === 'pin.changed' || event.type === 'message.deleted') {
      void queryClient.invalidateQueries({ queryKey: chatKeys.pins(accountId, event.room_id) });
    }
    if (
      event.type === 'room.read' ||
      (event.type === 'message.created' && event.message.mentions.includes(selfId))
    ) {
      void queryClient.invalidateQueries({ queryKey: chatKeys.mentions(accountId) });
    }
    if (event.type !== 'room.read')
      applied.set(event.room_id, Math.max(event.seq, applied.get(event.room_id) ?? 0));
    options.onEvent?.(event);
  }

  async function catchUp(roomId: string, after: number): Promise<void> {
    let cursor = after;
    for (;;) {
      const page = await api.events(roomId, cursor);
      for (const event of page.events) {
        if (event.type === 'room.read' || event.seq > (applied.get(roomId) ?? cursor)) apply(event);
      }
      cursor = Math.max(cursor, page.last_seq);
      applied.set(roomId, Math.max(applied.get(roomId) ?? 0, cursor));
      if (!page.has_more) return;
    }
  }

  async function handleChatEvent(event: ChatEvent): Promise<void> {
    const waiting = catchingUp.get(event.room_id);
    if (waiting) await waiting;
    if (event.type === 'room.read') {
      apply(event);
      return;
    }
    const known = knownSeq(event.room_id);
    if (known !== null && event.seq <= known) return;
    if (known !== null && event.seq > known + 1) {
      const run = catchUp(event.room_id, known).finally(() => catchingUp.delete(event.room_id));
      catchingUp.set(event.room_id, run);
      try {
        await run;
      } catch {
        // The catch-up failed (offline again): reload the room's history and list instead of guessing.
        void queryClient.invalidateQueries({ queryKey: chatKeys.messages(accountId, event.room_id) });
        void queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
      }
      if ((applied.get(event.room_id) ?? 0) >= event.seq) return;
    }
    apply(event);
  }

  /** Old messages lost their content everywhere: blank them in what is held, refetch lists that quote them. */
  function applyPurge(event: ChatMessagesPurgedEvent): void {
    const at = new Date().toISOString();
    queryClient.setQueriesData<MessagePages>(
      {
        queryKey:
          event.room_id === null
            ? chatKeys.allMessages(accountId)
            : chatKeys.messages(accountId, event.room_id),
      },
      (data) => (data ? purgeMessages(data, event.before, at) : data),
    );
    for (const key of [
      chatKeys.rooms(accountId),
      chatKeys.mentions(accountId),
      chatKeys.allPins(accountId),
      chatKeys.allSearches(accountId),
    ]) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  }

  function applyAnnouncement(announcement: ChatAnnouncement): void {
    queryClient.setQueryData<{ announcements: ChatAnnouncement[] }>(
      chatKeys.announcements(accountId),
      (list) =>
        list && !list.announcements.some((held) => held.id === announcement.id)
          ? { announcements: [announcement, ...list.announcements] }
          : list,
    );
  }

  return {
    /** Any realtime frame; what is not a chat event, an announcement or a purge is ignored here. */
    handle(frame: unknown): Promise<void> {
      const parsed = chatEventSchema.safeParse(frame);
      if (parsed.success) return handleChatEvent(parsed.data);
      const purged = chatMessagesPurgedEventSchema.safeParse(frame);
      if (purged.success) applyPurge(purged.data);
      const announced = chatAnnouncementEventSchema.safeParse(frame);
      if (announced.success) applyAnnouncement(announced.data.announcement);
      return Promise.resolve();
    },
    /**
     * After a reconnect the server may have moved on: the list and open histories are fetched again, and
     * per-room seqs restart from what the fresh list says.
     */
    resync(): Promise<void> {
      applied.clear();
      return queryClient.invalidateQueries({ queryKey: chatKeys.all(accountId) });
    },
  };
}

export type ChatSync = ReturnType<typeof createChatSync>;

import { QueryClient } from '@tanstack/react-query';
import type { ChatEvent, ChatEventPage } from '@whatpro/contracts';
import { describe, expect, it, vi } from 'vitest';
import { chatKeys, flattenPages, type MessagePages } from './cache';
import { ANA, BRUNO, ROOM_1, ROOM_2, roomList, sampleMessage, sampleRoom } from './fixtures';
import { createChatSync } from './sync';

const created = (seq: number, messageSeq: number): ChatEvent => ({
  type: 'message.created',
  room_id: ROOM_1,
  seq,
  message: sampleMessage(messageSeq),
});

function setup(events: (after: number) => ChatEventPage) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    chatKeys.rooms(1),
    roomList([sampleRoom({ last_event_seq: 2, last_message_seq: 2 })]),
  );
  const history: MessagePages = {
    pages: [
      { messages: [sampleMessage(1), sampleMessage(2)], has_more_before: false, has_more_after: false },
    ],
    pageParams: [null],
  };
  queryClient.setQueryData(chatKeys.messages(1, ROOM_1), history);
  // Bruno's DM is past the first page: the server knows it, the list does not hold it yet.
  const farRoom = sampleRoom({
    id: ROOM_2,
    kind: 'dm',
    name: null,
    dm_user: { id: BRUNO, name: 'Bruno Lima', avatar_url: null },
    last_message_seq: 8,
    last_event_seq: 8,
    last_message_at: '2026-12-01T09:00:00.000Z',
    unread_count: 1,
  });
  const api = {
    accountId: 1,
    events: vi.fn(async (_room: string, after: number) => events(after)),
    getRoom: vi.fn(async (_room: string) => farRoom),
    listRooms: vi.fn(async (_page: { limit: number }) => ({
      rooms: [farRoom],
      total: { unread_count: 9, mention_count: 0 },
      next_cursor: 'next',
    })),
  };
  const seen: string[] = [];
  const sync = createChatSync({
    queryClient,
    api,
    selfId: ANA,
    onEvent: (event) => seen.push(`${event.type}#${event.seq}`),
  });
  const seqs = () =>
    flattenPages(queryClient.getQueryData(chatKeys.messages(1, ROOM_1))).map((message) => message.seq);
  return { queryClient, api, sync, seen, seqs };
}

describe('createChatSync', () => {
  it('applies the next event directly and ignores repeats and frames that are not chat events', async () => {
    const { sync, api, seqs, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    await sync.handle(created(3, 3));
    await sync.handle(created(3, 3));
    await sync.handle({ type: 'typing', room_id: ROOM_1, user_id: ANA });
    expect(seqs()).toEqual([1, 2, 3]);
    expect(api.events).not.toHaveBeenCalled();
    expect(queryClient.getQueryData<ReturnType<typeof roomList>>(chatKeys.rooms(1))?.total.unread_count).toBe(
      1,
    );
  });

  it('fills a gap from the catch-up endpoint, in order, before the event that revealed it', async () => {
    const { sync, api, seen, seqs } = setup((after) => ({
      events: after === 2 ? [created(3, 3), created(4, 4), created(5, 5)] : [],
      last_seq: 5,
      has_more: false,
    }));
    await sync.handle(created(5, 5));
    expect(api.events).toHaveBeenCalledWith(ROOM_1, 2);
    expect(seen).toEqual(['message.created#3', 'message.created#4', 'message.created#5']);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('blanks the purged messages it holds, in every open history of the room, and keeps newer ones', async () => {
    const { sync, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    const around: MessagePages = {
      pages: [{ messages: [sampleMessage(1)], has_more_before: false, has_more_after: true }],
      pageParams: [{ around: 1 }],
    };
    queryClient.setQueryData(chatKeys.messagesAround(1, ROOM_1, 1), around);
    // Message 1 is older than the cutoff, message 2 is not.
    await sync.handle({ type: 'messages.purged', room_id: null, before: sampleMessage(2).created_at });
    const bodies = (key: readonly unknown[]) =>
      flattenPages(queryClient.getQueryData(key)).map((message) => message.body);
    expect(bodies(chatKeys.messages(1, ROOM_1))).toEqual([null, 'mensagem 2']);
    expect(bodies(chatKeys.messagesAround(1, ROOM_1, 1))).toEqual([null]);
  });

  it('adds a live announcement to my announcements, once', async () => {
    const { sync, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    queryClient.setQueryData(chatKeys.announcements(1), { announcements: [] });
    const announcement = {
      id: 'f0000000-0000-4000-8000-000000000001',
      author_id: ANA,
      chatwoot_team_id: null,
      body: 'Reunião às 15h',
      created_at: '2026-12-01T10:00:00.000Z',
      recipient_count: 3,
      read_count: 0,
      read_at: null,
    };
    await sync.handle({ type: 'announcement.created', announcement });
    await sync.handle({ type: 'announcement.created', announcement });
    expect(queryClient.getQueryData(chatKeys.announcements(1))).toEqual({ announcements: [announcement] });
  });

  it('fetches a room not loaded when a message arrives for it, puts it on top and takes the totals from the server', async () => {
    const { sync, api, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    const message = sampleMessage(8, { room_id: ROOM_2, created_at: '2026-12-01T09:00:00.000Z' });
    await sync.handle({ type: 'message.created', room_id: ROOM_2, seq: 8, message });
    await vi.waitFor(() =>
      expect(queryClient.getQueryData<ReturnType<typeof roomList>>(chatKeys.rooms(1))).toMatchObject({
        rooms: [{ id: ROOM_2, unread_count: 1 }, { id: ROOM_1 }],
        total: { unread_count: 9 },
      }),
    );
    expect(api.getRoom).toHaveBeenCalledTimes(1);
    expect(api.listRooms).toHaveBeenCalledWith({ limit: 1 });
  });

  it('does not let totals asked for before a change to a loaded room overwrite it, and asks again', async () => {
    const { sync, api, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    const answers: ((total: number) => void)[] = [];
    api.listRooms.mockImplementation(
      () =>
        new Promise((resolve) =>
          answers.push((unread) =>
            resolve({ rooms: [], total: { unread_count: unread, mention_count: 0 }, next_cursor: 'end' }),
          ),
        ),
    );
    const total = () =>
      queryClient.getQueryData<ReturnType<typeof roomList>>(chatKeys.rooms(1))?.total.unread_count;
    // A read elsewhere of a room not loaded asks for the totals; a message in a loaded room then arrives.
    await sync.handle({
      type: 'room.read',
      room_id: ROOM_2,
      seq: 8,
      last_read_seq: 8,
      unread_count: 0,
      mention_count: 0,
    });
    await sync.handle(created(3, 3));
    expect(total()).toBe(1);
    answers[0]?.(0);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    expect(total()).toBe(1);
    answers[1]?.(1);
    await vi.waitFor(() => expect(api.listRooms).toHaveBeenCalledTimes(2));
    expect(total()).toBe(1);
  });

  it('asks the server for the totals when a room not loaded was read elsewhere', async () => {
    const { sync, api, queryClient } = setup(() => ({ events: [], last_seq: 0, has_more: false }));
    await sync.handle({
      type: 'room.read',
      room_id: ROOM_2,
      seq: 8,
      last_read_seq: 8,
      unread_count: 0,
      mention_count: 0,
    });
    await vi.waitFor(() =>
      expect(
        queryClient.getQueryData<ReturnType<typeof roomList>>(chatKeys.rooms(1))?.total.unread_count,
      ).toBe(9),
    );
    expect(api.getRoom).not.toHaveBeenCalled();
  });

  it('reloads the room when the catch-up itself fails', async () => {
    const { sync, queryClient } = setup(() => {
      throw new Error('offline');
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await sync.handle(created(6, 6));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: chatKeys.messages(1, ROOM_1) });
  });
});

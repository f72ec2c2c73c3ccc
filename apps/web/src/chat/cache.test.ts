import { describe, expect, it } from 'vitest';
import {
  appendRoomPage,
  applyEventToMessages,
  applyEventToRooms,
  flattenPages,
  type MessagePages,
  patchRoom,
  putRoom,
} from './cache';
import { ANA, BRUNO, ROOM_1, ROOM_2, ROOM_3, roomList, sampleMessage, sampleRoom } from './fixtures';

function pages(...groups: { seqs: number[]; hasMoreAfter?: boolean }[]): MessagePages {
  return {
    pages: groups.map((group) => ({
      messages: group.seqs.map((seq) => sampleMessage(seq)),
      has_more_before: true,
      has_more_after: group.hasMoreAfter ?? false,
    })),
    pageParams: groups.map(() => null),
  };
}

describe('applyEventToMessages', () => {
  it('appends a new message to the newest page once, whichever of the event and the send response comes first', () => {
    const data = pages({ seqs: [3, 4] }, { seqs: [1, 2] });
    const created = { type: 'message.created' as const, room_id: ROOM_1, seq: 9, message: sampleMessage(5) };
    const once = applyEventToMessages(data, created);
    const twice = applyEventToMessages(once, created);
    expect(flattenPages(twice).map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves a history scrolled away from the live end alone', () => {
    const data = pages({ seqs: [3, 4], hasMoreAfter: true });
    const created = { type: 'message.created' as const, room_id: ROOM_1, seq: 9, message: sampleMessage(9) };
    expect(applyEventToMessages(data, created)).toBe(data);
  });

  it('applies edits, deletions, reactions and pins to the message wherever it is', () => {
    let data = pages({ seqs: [3, 4] }, { seqs: [1, 2] });
    const target = sampleMessage(2);
    data = applyEventToMessages(data, {
      type: 'message.updated',
      room_id: ROOM_1,
      seq: 10,
      message: { ...target, body: 'editada', edited_at: '2026-11-30T11:00:00.000Z' },
    });
    data = applyEventToMessages(data, {
      type: 'reaction.changed',
      room_id: ROOM_1,
      seq: 11,
      message_id: target.id,
      reactions: [{ emoji: '👍', count: 1, user_ids: [ANA] }],
    });
    data = applyEventToMessages(data, {
      type: 'pin.changed',
      room_id: ROOM_1,
      seq: 12,
      message_id: target.id,
      pinned: true,
      by: ANA,
    });
    let second = flattenPages(data)[1];
    expect(second).toMatchObject({ body: 'editada', pinned: true, reactions: [{ emoji: '👍' }] });

    data = applyEventToMessages(data, {
      type: 'message.deleted',
      room_id: ROOM_1,
      seq: 13,
      message_id: target.id,
      message_seq: 2,
    });
    second = flattenPages(data)[1];
    expect(second?.body).toBeNull();
    expect(second?.deleted_at).not.toBeNull();
    expect(second?.reactions).toEqual([]);
  });
});

describe('applyEventToRooms', () => {
  const older = sampleRoom({ id: ROOM_1, last_message_at: '2026-11-30T09:00:00.000Z', last_message_seq: 1 });
  const newer = sampleRoom({
    id: ROOM_2,
    name: 'Vendas',
    last_message_at: '2026-11-30T10:00:00.000Z',
    last_message_seq: 1,
  });

  it("moves the room to the top with the message's preview and counts it unread, and as a mention when it names me", () => {
    const message = sampleMessage(2, {
      room_id: ROOM_1,
      body: `**oi** @[Ana](${ANA})`,
      mentions: [ANA],
      created_at: '2026-11-30T11:00:00.000Z',
    });
    const { list, fetchRoom } = applyEventToRooms(
      roomList([newer, older]),
      { type: 'message.created', room_id: ROOM_1, seq: 5, message },
      ANA,
    );
    expect(fetchRoom).toBe(false);
    expect(list.rooms.map((room) => room.id)).toEqual([ROOM_1, ROOM_2]);
    expect(list.rooms[0]).toMatchObject({
      unread_count: 1,
      mention_count: 1,
      last_message_seq: 2,
      last_event_seq: 5,
    });
    expect(list.rooms[0]?.last_message_preview).toBe('oi @Ana');
    expect(list.total).toEqual({ unread_count: 1, mention_count: 1 });
  });

  it('reads the room up to my own message, and keeps a muted room out of the badge', () => {
    const muted = sampleRoom({ ...older, muted: true, unread_count: 2, last_message_seq: 2 });
    const fromBruno = applyEventToRooms(
      roomList([muted]),
      { type: 'message.created', room_id: ROOM_1, seq: 5, message: sampleMessage(3, { author_id: BRUNO }) },
      ANA,
    ).list;
    expect(fromBruno.rooms[0]?.unread_count).toBe(3);
    expect(fromBruno.total.unread_count).toBe(0);

    const mine = applyEventToRooms(
      fromBruno,
      { type: 'message.created', room_id: ROOM_1, seq: 6, message: sampleMessage(4, { author_id: ANA }) },
      ANA,
    ).list;
    expect(mine.rooms[0]).toMatchObject({ unread_count: 0, last_read_seq: 4 });
  });

  it('takes read state from room.read (other tabs) but never goes back', () => {
    const unread = sampleRoom({
      ...older,
      unread_count: 3,
      mention_count: 1,
      last_read_seq: 1,
      last_message_seq: 4,
    });
    const read = applyEventToRooms(
      roomList([unread]),
      { type: 'room.read', room_id: ROOM_1, seq: 7, last_read_seq: 4, unread_count: 0, mention_count: 0 },
      ANA,
    ).list;
    expect(read.total).toEqual({ unread_count: 0, mention_count: 0 });
    const stale = applyEventToRooms(
      read,
      { type: 'room.read', room_id: ROOM_1, seq: 7, last_read_seq: 2, unread_count: 2, mention_count: 0 },
      ANA,
    ).list;
    expect(stale).toBe(read);
  });

  it('moves the server totals, which count rooms not loaded, by the change to a loaded room only', () => {
    const unread = sampleRoom({ ...older, unread_count: 2, mention_count: 1, last_message_seq: 2 });
    const loaded = { ...roomList([unread]), total: { unread_count: 40, mention_count: 5 } };
    const more = applyEventToRooms(
      loaded,
      { type: 'message.created', room_id: ROOM_1, seq: 5, message: sampleMessage(3, { author_id: BRUNO }) },
      ANA,
    ).list;
    expect(more.total).toEqual({ unread_count: 41, mention_count: 5 });
    const read = applyEventToRooms(
      more,
      { type: 'room.read', room_id: ROOM_1, seq: 5, last_read_seq: 3, unread_count: 0, mention_count: 0 },
      ANA,
    ).list;
    expect(read.total).toEqual({ unread_count: 38, mention_count: 4 });
    // Muting keeps the room's own counts out of the unread total, mentions still count.
    const muted = patchRoom(more, ROOM_1, { muted: true });
    expect(muted.total).toEqual({ unread_count: 38, mention_count: 5 });
  });

  it('asks for a room not loaded and for fresh totals when an event concerns it', () => {
    const unloaded = applyEventToRooms(
      roomList([newer]),
      { type: 'message.created', room_id: ROOM_1, seq: 9, message: sampleMessage(9) },
      ANA,
    );
    expect(unloaded).toMatchObject({ fetchRoom: true, refreshTotals: true });
    const readElsewhere = applyEventToRooms(
      roomList([newer]),
      { type: 'room.read', room_id: ROOM_1, seq: 9, last_read_seq: 9, unread_count: 0, mention_count: 0 },
      ANA,
    );
    expect(readElsewhere).toMatchObject({ fetchRoom: false, refreshTotals: true });
    const someoneElse = applyEventToRooms(
      roomList([newer]),
      { type: 'room.member_removed', room_id: ROOM_1, seq: 9, user_id: BRUNO },
      ANA,
    );
    expect(someoneElse).toMatchObject({ fetchRoom: false, refreshTotals: false });
  });

  it('puts a fetched room in activity order once and appends the next page without repeating a room', () => {
    const listed = { ...roomList([older]), next_cursor: 'c1' };
    const fetched = putRoom(putRoom(listed, newer), newer);
    expect(fetched.rooms.map((room) => room.id)).toEqual([ROOM_2, ROOM_1]);
    const third = sampleRoom({ id: ROOM_3, last_message_at: '2026-11-30T08:00:00.000Z' });
    const page = { rooms: [newer, third], total: { unread_count: 7, mention_count: 0 }, next_cursor: null };
    const appended = appendRoomPage(fetched, page);
    expect(appended.rooms.map((room) => room.id)).toEqual([ROOM_2, ROOM_1, ROOM_3]);
    expect(appended).toMatchObject({ total: { unread_count: 7 }, next_cursor: null });
  });

  it('drops a room I was removed from and asks for the list when a room I do not have appears', () => {
    const removed = applyEventToRooms(
      roomList([older, newer]),
      { type: 'room.member_removed', room_id: ROOM_1, seq: 8, user_id: ANA },
      ANA,
    );
    expect(removed.list.rooms.map((room) => room.id)).toEqual([ROOM_2]);

    const added = applyEventToRooms(
      roomList([newer]),
      { type: 'message.created', room_id: ROOM_1, seq: 1, message: sampleMessage(1) },
      ANA,
    );
    expect(added.fetchRoom).toBe(true);
  });
});

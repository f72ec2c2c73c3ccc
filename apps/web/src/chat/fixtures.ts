import type { ChatMessage, ChatRoom, ChatRoomList } from '@whatpro/contracts';

/** Test data shaped by the contracts; ids are fixed so tests can name them. */
export const ANA = 'a0000000-0000-4000-8000-000000000001';
export const BRUNO = 'b0000000-0000-4000-8000-000000000002';
export const CARLA = 'c0000000-0000-4000-8000-000000000003';
export const ROOM_1 = 'd0000000-0000-4000-8000-000000000001';
export const ROOM_2 = 'd0000000-0000-4000-8000-000000000002';
export const ROOM_3 = 'd0000000-0000-4000-8000-000000000003';

export function sampleRoom(overrides: Partial<ChatRoom> = {}): ChatRoom {
  return {
    id: ROOM_1,
    kind: 'team',
    name: 'Suporte',
    description: null,
    chatwoot_team_id: null,
    conversation_display_id: null,
    created_by: ANA,
    created_at: '2026-11-30T09:00:00.000Z',
    archived_at: null,
    last_message_seq: 0,
    last_event_seq: 0,
    last_message_at: null,
    last_message_preview: null,
    my_role: 'member',
    last_read_seq: 0,
    unread_count: 0,
    mention_count: 0,
    muted: false,
    notification_level: 'all',
    dm_user: null,
    ...overrides,
  };
}

export function roomList(rooms: ChatRoom[]): ChatRoomList {
  return {
    rooms,
    total: {
      unread_count: rooms.filter((room) => !room.muted).reduce((sum, room) => sum + room.unread_count, 0),
      mention_count: rooms.reduce((sum, room) => sum + room.mention_count, 0),
    },
  };
}

export function sampleMessage(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `e0000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    room_id: ROOM_1,
    seq,
    kind: 'user',
    author_id: BRUNO,
    body: `mensagem ${seq}`,
    system: null,
    client_id: null,
    reply_to: null,
    conversation_display_id: null,
    mentions: [],
    reactions: [],
    pinned: false,
    created_at: new Date(Date.UTC(2026, 10, 30, 10, seq)).toISOString(),
    edited_at: null,
    deleted_at: null,
    ...overrides,
  };
}

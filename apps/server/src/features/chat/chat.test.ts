import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type ChatEvent,
  type ChatMessage,
  type ChatRoom,
  type ChatRoomList,
  chatEventSchema,
  chatMentionMarkup,
} from '@whatpro/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  auditLogs,
  chatMessageReactions,
  chatMessages,
  chatPins,
  chatRoomEvents,
  chatRoomMembers,
  chatRooms,
  users,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestTenant, type TestUser } from '../../test/factories';
import { channels, type UserEventsMessage } from '../realtime/events';
import { storeSends } from './repo';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describe('Chat', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  /** Everything published on the user-events channel, in order. */
  const published: UserEventsMessage[] = [];

  before(async () => {
    t = await createTestApp();
    a = await createTenant(t.app, 'A');
    b = await createTenant(t.app, 'B');
    await t.app.deps.bus.subscribe(channels.userEvents, (message) => {
      published.push(message as UserEventsMessage);
    });
  });
  after(() => t.close());

  const system = () => t.app.deps.database.system;
  const call = (
    user: TestUser | undefined,
    method: Method,
    path: string,
    payload?: object,
    accountId = a.accountId,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url: `/api/v1/accounts/${accountId}/chat${path}`,
      ...(user ? { headers: user.headers } : {}),
      ...(payload ? { payload } : {}),
    });
  /** Lets the in-memory bus (or Redis) hand over what was published. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
  const eventsFor = (userId: string) =>
    published.filter((message) => message.user_ids.includes(userId)).map((message) => message.event);

  async function teamRoom(owner: TestUser, members: TestUser[], name = 'Suporte'): Promise<ChatRoom> {
    const response = await call(owner, 'POST', '/rooms', {
      name,
      member_ids: members.map((member) => member.id),
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }
  async function send(
    user: TestUser,
    roomId: string,
    body: string,
    extra: object = {},
  ): Promise<ChatMessage> {
    const response = await call(user, 'POST', `/rooms/${roomId}/messages`, {
      client_id: randomUUID(),
      body,
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }
  const storedMessages = (roomId: string) =>
    system()
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.roomId, roomId))
      .orderBy(asc(chatMessages.seq));
  const storedMember = async (roomId: string, userId: string) => {
    const [row] = await system()
      .select()
      .from(chatRoomMembers)
      .where(and(eq(chatRoomMembers.roomId, roomId), eq(chatRoomMembers.userId, userId)));
    return row;
  };
  const auditOf = (action: string, resourceId: string) =>
    system()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, action), eq(auditLogs.resourceId, resourceId)));
  const logOf = (roomId: string) =>
    system()
      .select()
      .from(chatRoomEvents)
      .where(eq(chatRoomEvents.roomId, roomId))
      .orderBy(asc(chatRoomEvents.seq));

  test('every chat route refuses a caller without credentials (401) and changes nothing', async () => {
    const routes = t.app.routeInventory.filter(
      (route) =>
        route.url.startsWith('/api/v1/accounts/:accountId/chat/') && route.config?.access !== 'public',
    );
    assert.ok(routes.length >= 20, `chat routes found: ${routes.length}`);
    const before = await system().select().from(chatRooms);
    for (const route of routes) {
      for (const method of [route.method].flat().filter((m) => m !== 'HEAD')) {
        const url = route.url
          .replace(':accountId', String(a.accountId))
          .replace(/:(roomId|messageId|userId)/g, randomUUID())
          .replace(':emoji', '👍');
        const response = await t.app.inject({ method: method as Method, url, payload: {} });
        assert.equal(response.statusCode, 401, `${method} ${route.url}`);
        assert.equal(response.json().error.code, 'unauthorized');
      }
    }
    assert.deepEqual(await system().select().from(chatRooms), before);
  });

  test('every chat route answers 400 to bad input and 404 to another tenant, changing nothing', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const message = await send(agent, room.id, 'alvo');
    const r = `/rooms/${room.id}`;
    const m = `/messages/${message.id}`;
    const snapshot = async () => ({
      rooms: await system().select().from(chatRooms).where(eq(chatRooms.id, room.id)),
      members: await system().select().from(chatRoomMembers).where(eq(chatRoomMembers.roomId, room.id)),
      messages: await storedMessages(room.id),
      reactions: await system()
        .select()
        .from(chatMessageReactions)
        .where(eq(chatMessageReactions.roomId, room.id)),
      pins: await system().select().from(chatPins).where(eq(chatPins.roomId, room.id)),
      log: await logOf(room.id),
    });
    const before = await snapshot();
    const badInput: [Method, string, object?][] = [
      ['POST', '/dms', {}],
      ['POST', '/rooms', { name: 'x'.repeat(101) }],
      ['GET', '/rooms/not-a-uuid'],
      ['PATCH', r, { name: '' }],
      ['PUT', `${r}/settings`, { notification_level: 'loud' }],
      ['POST', `${r}/read`, { seq: 'x' }],
      ['GET', '/rooms/not-a-uuid/members'],
      ['POST', `${r}/members`, { user_id: 'x' }],
      ['PATCH', `${r}/members/not-a-uuid`, { role: 'owner' }],
      ['PATCH', `${r}/members/${agent.id}`, { role: 'king' }],
      ['DELETE', `${r}/members/not-a-uuid`],
      ['GET', `${r}/messages?around=-1`],
      ['POST', `${r}/messages`, { client_id: 'a', body: 123 }],
      ['GET', '/rooms/not-a-uuid/pins'],
      ['GET', `${r}/events?limit=0`],
      ['PATCH', m, { body: 'x'.repeat(16_001) }],
      ['DELETE', '/messages/not-a-uuid'],
      ['PUT', `${m}/reactions/a%20b`],
      ['DELETE', `${m}/reactions/${'x'.repeat(33)}`],
      ['PUT', '/messages/not-a-uuid/pin'],
      ['DELETE', '/messages/not-a-uuid/pin'],
      ['GET', '/mentions?limit=101'],
      ['GET', '/search?q='],
    ];
    for (const [method, path, payload] of badInput) {
      const response = await call(supervisor, method, path, payload);
      assert.equal(response.statusCode, 400, `${method} ${path}: ${response.body}`);
      assert.equal(response.json().error.code, 'validation_failed', `${method} ${path}`);
    }
    const otherTenant: [Method, string, object?][] = [
      ['GET', r],
      ['PATCH', r, { name: 'B' }],
      ['PUT', `${r}/settings`, { muted: true }],
      ['POST', `${r}/read`, { seq: 1 }],
      ['GET', `${r}/members`],
      ['POST', `${r}/members`, { user_id: b.users.agent.id }],
      ['PATCH', `${r}/members/${agent.id}`, { role: 'moderator' }],
      ['DELETE', `${r}/members/${agent.id}`],
      ['GET', `${r}/messages`],
      ['POST', `${r}/messages`, { client_id: 'b', body: 'b' }],
      ['GET', `${r}/pins`],
      ['GET', `${r}/events`],
      ['PATCH', m, { body: 'b' }],
      ['DELETE', m],
      ['PUT', `${m}/reactions/b`],
      ['DELETE', `${m}/reactions/b`],
      ['PUT', `${m}/pin`],
      ['DELETE', `${m}/pin`],
      ['GET', `/search?q=alvo&room_id=${room.id}`],
    ];
    for (const [method, path, payload] of otherTenant) {
      const response = await call(b.users.admin, method, path, payload, b.accountId);
      assert.equal(response.statusCode, 404, `${method} ${path}: ${response.body}`);
      assert.equal(response.json().error.code, 'not_found');
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('a DM is one room per pair, however many open it at once, from either side', async () => {
    const { agent, supervisor } = a.users;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        index % 2 === 0
          ? call(agent, 'POST', '/dms', { user_id: supervisor.id })
          : call(supervisor, 'POST', '/dms', { user_id: agent.id }),
      ),
    );
    for (const response of responses) assert.equal(response.statusCode, 200, response.body);
    const ids = new Set(responses.map((response) => response.json().id));
    assert.equal(ids.size, 1);
    const room = responses[0]!.json() as ChatRoom;
    assert.equal(room.kind, 'dm');
    assert.equal(room.name, null);
    assert.equal(room.dm_user?.id, supervisor.id, 'the other person, as the agent sees it');
    const rooms = await system()
      .select()
      .from(chatRooms)
      .where(eq(chatRooms.dmKey, [agent.id, supervisor.id].sort().join(':')));
    assert.equal(rooms.length, 1);
    assert.equal(rooms[0]!.accountId, a.accountId);
    const members = await system().select().from(chatRoomMembers).where(eq(chatRoomMembers.roomId, room.id));
    assert.deepEqual(members.map((m) => m.userId).sort(), [agent.id, supervisor.id].sort());
    assert.deepEqual(
      (await logOf(room.id)).map((event) => [event.seq, event.type]),
      [[1, 'room.created']],
    );
    assert.equal((await auditOf('chat.room_created', room.id)).length, 1);

    const self = await call(agent, 'POST', '/dms', { user_id: agent.id });
    assert.equal(self.statusCode, 400);
    const stranger = await call(agent, 'POST', '/dms', { user_id: b.users.agent.id });
    assert.equal(stranger.statusCode, 404);
    const viewer = await call(a.users.viewer, 'POST', '/dms', { user_id: agent.id });
    assert.equal(viewer.statusCode, 403);
    const bad = await call(agent, 'POST', '/dms', { user_id: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'validation_failed');
  });

  test('team rooms: admins and supervisors create them; the creator owns, the rest are members', async () => {
    const { supervisor, agent, viewer } = a.users;
    const denied = await call(agent, 'POST', '/rooms', { name: 'Nope' });
    assert.equal(denied.statusCode, 403);
    const blank = await call(supervisor, 'POST', '/rooms', { name: '   ' });
    assert.equal(blank.statusCode, 400);
    const foreign = await call(supervisor, 'POST', '/rooms', { name: 'X', member_ids: [b.users.agent.id] });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, new RegExp(b.users.agent.id));

    const created = await call(supervisor, 'POST', '/rooms', {
      name: ' Vendas ',
      description: 'Time de vendas',
      member_ids: [agent.id, viewer.id],
    });
    assert.equal(created.statusCode, 201, created.body);
    const room = created.json() as ChatRoom;
    assert.equal(room.name, 'Vendas');
    assert.equal(room.description, 'Time de vendas');
    assert.equal(room.my_role, 'owner');
    assert.equal(room.unread_count, 0);
    assert.equal(room.last_message_seq, 1);
    const members = await system().select().from(chatRoomMembers).where(eq(chatRoomMembers.roomId, room.id));
    assert.deepEqual(Object.fromEntries(members.map((m) => [m.userId, m.role])), {
      [supervisor.id]: 'owner',
      [agent.id]: 'member',
      [viewer.id]: 'member',
    });
    const [first] = await storedMessages(room.id);
    assert.equal(first?.kind, 'system');
    assert.deepEqual(first?.system, { action: 'room_created', actor_id: supervisor.id, name: 'Vendas' });
    const [audit] = await auditOf('chat.room_created', room.id);
    assert.equal(audit?.actorId, supervisor.id);
    assert.equal(audit?.accountId, a.accountId);
  });

  test('my rooms come most recent first, with preview, unread and mention counts and totals', async () => {
    const { admin, agent, supervisor } = a.users;
    const quiet = await teamRoom(admin, [agent], 'Quiet');
    const busy = await teamRoom(admin, [agent], 'Busy');
    await send(admin, busy.id, `Olá ${chatMentionMarkup('Agente', agent.id)}, tudo bem?`);
    await send(admin, busy.id, 'Segunda mensagem');
    const response = await call(agent, 'GET', '/rooms');
    assert.equal(response.statusCode, 200);
    const list = response.json() as {
      rooms: ChatRoom[];
      total: { unread_count: number; mention_count: number };
      next_cursor?: string | null;
    };
    const ids = list.rooms.map((room) => room.id);
    assert.ok(ids.indexOf(busy.id) < ids.indexOf(quiet.id), 'the busy room comes first');
    const busyView = list.rooms.find((room) => room.id === busy.id)!;
    assert.equal(busyView.unread_count, 2);
    assert.equal(busyView.mention_count, 1);
    assert.equal(busyView.last_message_preview, 'Segunda mensagem');
    assert.equal(
      list.total.unread_count,
      list.rooms.reduce((sum, room) => sum + (room.muted ? 0 : room.unread_count), 0),
    );
    assert.ok(list.total.mention_count >= 1);
    const badge = await call(agent, 'GET', '/unread');
    assert.deepEqual(badge.json(), list.total);
    // The sender has read their own messages.
    const mine = (await call(admin, 'GET', `/rooms/${busy.id}`)).json() as ChatRoom;
    assert.equal(mine.unread_count, 0);
    // Someone outside the room, or the tenant, does not see it.
    assert.equal((await call(supervisor, 'GET', `/rooms/${busy.id}`)).statusCode, 404);
    assert.equal(
      (await call(b.users.admin, 'GET', `/rooms/${busy.id}`, undefined, b.accountId)).statusCode,
      404,
    );
    assert.equal((await call(agent, 'GET', '/rooms/not-a-uuid')).statusCode, 400);

    // Page by page, the same rooms in the same order, each page with the totals over all of them.
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const query: string = cursor ? `?limit=1&before=${cursor}` : '?limit=1';
      const page = (await call(agent, 'GET', `/rooms${query}`)).json() as typeof list;
      assert.ok(page.rooms.length <= 1);
      assert.deepEqual(page.total, list.total);
      paged.push(...page.rooms.map((room) => room.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(paged, ids);
    assert.equal(list.next_cursor, undefined, 'no cursor when every room was asked for');
    const beyond = `1_${quiet.id}`;
    assert.deepEqual((await call(agent, 'GET', `/rooms?limit=5&before=${beyond}`)).json(), {
      rooms: [],
      total: list.total,
      next_cursor: null,
    });
    for (const bad of ['?limit=0', '?limit=101', '?before=x', `?before=99999999999999999_${quiet.id}`]) {
      assert.equal((await call(agent, 'GET', `/rooms${bad}`)).statusCode, 400, bad);
    }

    const muted = await call(agent, 'PUT', `/rooms/${busy.id}/settings`, {
      muted: true,
      notification_level: 'mentions',
    });
    assert.deepEqual(muted.json(), { muted: true, notification_level: 'mentions' });
    const stored = await storedMember(busy.id, agent.id);
    assert.equal(stored?.muted, true);
    assert.equal(stored?.notificationLevel, 'mentions');
    const afterMute = (await call(agent, 'GET', '/unread')).json();
    assert.equal(afterMute.unread_count, list.total.unread_count - 2);
    assert.equal((await call(agent, 'PUT', `/rooms/${busy.id}/settings`, {})).statusCode, 400);
    assert.equal(
      (await call(b.users.agent, 'PUT', `/rooms/${busy.id}/settings`, { muted: false }, b.accountId))
        .statusCode,
      404,
    );
  });

  test('pages of a user in 130 rooms and of one in 4 of them hold every room once, in order, with the badge totals', async () => {
    const many = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
    const few = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
    const rooms = await system()
      .insert(chatRooms)
      .values(
        Array.from({ length: 130 }, (_, index) => ({
          accountId: a.accountId,
          kind: 'team' as const,
          name: `Sala ${index}`,
          createdBy: many.id,
          lastMessageSeq: index % 7,
          // Some rooms share an instant, so the id breaks the tie; some never had a message.
          lastMessageAt: index % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, Math.floor(index / 2))),
          createdAt: new Date(Date.UTC(2025, 0, 1, 0, index)),
        })),
      )
      .returning({ id: chatRooms.id });
    await system()
      .insert(chatRoomMembers)
      .values([
        ...rooms.map((room, index) => ({
          roomId: room.id,
          userId: many.id,
          accountId: a.accountId,
          lastReadSeq: index % 3,
          mentionCount: index % 4 === 0 ? 1 : 0,
          muted: index % 11 === 0,
        })),
        ...rooms
          .filter((_, index) => index % 40 === 3)
          .map((room) => ({ roomId: room.id, userId: few.id, accountId: a.accountId })),
      ]);
    for (const [user, count] of [
      [many, 130],
      [few, 4],
    ] as const) {
      const whole = (await call(user, 'GET', '/rooms')).json() as ChatRoomList;
      assert.equal(whole.rooms.length, count);
      const paged: ChatRoom[] = [];
      let cursor: string | null | undefined;
      do {
        const query: string = cursor ? `?limit=50&before=${cursor}` : '?limit=50';
        const page = (await call(user, 'GET', `/rooms${query}`)).json() as ChatRoomList;
        assert.deepEqual(page.total, whole.total);
        paged.push(...page.rooms);
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(paged, whole.rooms);
      const activity = (room: ChatRoom) => room.last_message_at ?? room.created_at;
      for (const [index, room] of whole.rooms.entries()) {
        const next = whole.rooms[index + 1];
        if (next)
          assert.ok(
            activity(room) > activity(next) || (activity(room) === activity(next) && room.id > next.id),
          );
      }
    }
    const badge = (await call(many, 'GET', '/unread')).json();
    assert.deepEqual(badge, {
      unread_count: Array.from({ length: 130 }, (_, index) =>
        index % 11 === 0 ? 0 : Math.max((index % 7) - (index % 3), 0),
      ).reduce((sum, value) => sum + value, 0),
      mention_count: Array.from({ length: 130 }, (_, index) => (index % 4 === 0 ? 1 : 0)).reduce(
        (sum: number, value) => sum + value,
        0,
      ),
    });
    assert.deepEqual(((await call(many, 'GET', '/rooms?limit=1')).json() as ChatRoomList).total, badge);
    // chat_rooms_page runs as its caller, under the caller's tenant: asked for account A from B's session,
    // row-level security hides every room and member row.
    const pageRows = (accountId: number) =>
      t.app.deps.database.tenantAutocommit(accountId, async (tx) => {
        const result = (await tx.execute(
          sql`select json_array_length(chat_rooms_page(${a.accountId}, ${many.id}, 50, null, null)::json -> 'rooms') as n`,
        )) as unknown as { rows: { n: number }[] };
        return result.rows[0]?.n;
      });
    assert.equal(await pageRows(a.accountId), 50);
    assert.equal(await pageRows(b.accountId), 0);
  });

  test('a page is, byte for byte, the whole list as the response schema writes it: odd text, DMs, archived and muted rooms', async () => {
    const reader = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
    const partner = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
    const odd = 'Aspas " barra \\ linha\nnova\ttab \u0001\u001f fim é ç 日本 😀 \u2028 </script>';
    await system()
      .update(users)
      .set({ name: `Colega ${odd}`, avatarUrl: 'https://cdn.test/a"b.png' })
      .where(eq(users.id, partner.id));
    const dm = await call(reader, 'POST', '/dms', { user_id: partner.id });
    assert.equal(dm.statusCode, 200, dm.body);
    const rooms = await system()
      .insert(chatRooms)
      .values(
        Array.from({ length: 7 }, (_, index) => ({
          accountId: a.accountId,
          kind: 'team' as const,
          name: index === 3 ? null : `${odd} ${index}`,
          description: index % 2 === 0 ? odd : null,
          chatwootTeamId: index === 1 ? 4_000_000 + a.accountId : null,
          conversationDisplayId: index === 2 ? 5_000_000 + a.accountId : null,
          createdBy: index === 4 ? null : reader.id,
          lastMessageSeq: index * 3,
          lastEventSeq: index * 5,
          lastMessagePreview: index === 5 ? null : `${odd} prévia`,
          lastMessageAt: index === 6 ? null : new Date(Date.UTC(2026, 1, 2, 3, 4, 5, 678) + index),
          archivedAt: index === 0 ? new Date(Date.UTC(2026, 5, 6, 7, 8, 9, 12)) : null,
          createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, 1)),
        })),
      )
      .returning({ id: chatRooms.id });
    await system()
      .insert(chatRoomMembers)
      .values(
        rooms.map((room, index) => ({
          roomId: room.id,
          userId: reader.id,
          accountId: a.accountId,
          role: (['owner', 'moderator', 'member'] as const)[index % 3],
          lastReadSeq: index,
          mentionCount: index % 2,
          muted: index === 2,
          notificationLevel: (['all', 'mentions', 'none'] as const)[index % 3],
        })),
      );
    const whole = await call(reader, 'GET', '/rooms');
    const list = whole.json() as ChatRoomList;
    assert.equal(list.rooms.length, 8);
    assert.ok(list.rooms.some((room) => room.dm_user?.name === `Colega ${odd}`));
    for (const limit of [1, 3, 8, 9]) {
      let cursor: string | null | undefined;
      let offset = 0;
      do {
        const query: string = cursor ? `?limit=${limit}&before=${cursor}` : `?limit=${limit}`;
        const page = await call(reader, 'GET', `/rooms${query}`);
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers['content-type'], whole.headers['content-type']);
        const rooms = list.rooms.slice(offset, offset + limit);
        offset += limit;
        const more: boolean = offset < list.rooms.length;
        const expected: ChatRoomList = {
          rooms,
          total: list.total,
          next_cursor: more ? (JSON.parse(page.body) as ChatRoomList).next_cursor : null,
        };
        // The whole list is written by the response schema's serializer, field by field as the schema lists them.
        assert.equal(page.body, JSON.stringify(expected), `limit ${limit}, from ${offset - limit}`);
        cursor = expected.next_cursor;
      } while (cursor);
      assert.ok(offset >= list.rooms.length);
    }
    const past = await call(reader, 'GET', `/rooms?limit=5&before=1_${rooms[0]!.id}`);
    assert.equal(past.body, JSON.stringify({ rooms: [], total: list.total, next_cursor: null }));
  });

  test('room search by name: rooms past any page, DMs by the colleague’s name, case and accents aside', async () => {
    const { admin, agent } = a.users;
    const joana = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
    await system().update(users).set({ name: 'Joana Conceição' }).where(eq(users.id, joana.id));
    const finance = await teamRoom(admin, [agent], 'Financeiro – Cobrança');
    const dm = (await call(agent, 'POST', '/dms', { user_id: joana.id })).json() as ChatRoom;
    // Rooms made later push the two down the list; the search still finds them.
    for (const name of ['Recente 1', 'Recente 2'])
      await send(admin, (await teamRoom(admin, [agent], name)).id, 'oi');

    const search = async (q: string, user = agent) => {
      const response = await call(user, 'GET', `/rooms?limit=1&q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { rooms: ChatRoom[]; total: object; next_cursor: string | null };
    };
    const all = (await call(agent, 'GET', '/rooms')).json() as { total: object };
    const cobranca = await search('COBRANCA');
    assert.deepEqual(
      cobranca.rooms.map((room) => room.id),
      [finance.id],
    );
    assert.deepEqual(cobranca.total, all.total, 'the totals stay those of every room');
    assert.equal(cobranca.next_cursor, null);
    assert.deepEqual(
      (await search('conceicao')).rooms.map((room) => room.id),
      [dm.id],
    );
    assert.deepEqual((await search('100%_')).rooms, []);
    // Someone not in the room does not find it.
    assert.deepEqual((await search('Cobrança', a.users.supervisor)).rooms, []);

    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${a.accountId}/chat/rooms?q=x` }))
        .statusCode,
      401,
    );
    for (const bad of ['', 'x'.repeat(101)]) {
      const response = await call(agent, 'GET', `/rooms?q=${bad}`);
      assert.equal(response.statusCode, 400, bad);
      assert.equal(response.json().error.code, 'validation_failed');
    }
    const otherTenant = await call(b.users.admin, 'GET', '/rooms?q=Cobran%C3%A7a', undefined, b.accountId);
    assert.equal(otherTenant.statusCode, 200);
    assert.deepEqual(otherTenant.json().rooms, [], 'another tenant finds none of these rooms');
    const crossing = await call(b.users.admin, 'GET', '/rooms?q=Cobran%C3%A7a');
    assert.equal(crossing.statusCode, 404, 'nor reaches this account');
  });

  test('rename and archive: owner, moderators and admins; a system message each; archived rooms take no sends', async () => {
    const { supervisor, agent, admin } = a.users;
    const room = await teamRoom(supervisor, [agent, admin]);
    const refused = await call(agent, 'PATCH', `/rooms/${room.id}`, { name: 'Hijack' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await call(agent, 'PATCH', `/rooms/${room.id}`, {})).statusCode, 400);
    const renamed = await call(admin, 'PATCH', `/rooms/${room.id}`, {
      name: 'Suporte N2',
      description: null,
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().name, 'Suporte N2');
    const archived = await call(supervisor, 'PATCH', `/rooms/${room.id}`, { archived: true });
    assert.ok(archived.json().archived_at);
    const [stored] = await system().select().from(chatRooms).where(eq(chatRooms.id, room.id));
    assert.equal(stored?.name, 'Suporte N2');
    assert.ok(stored?.archivedAt);
    const actions = (await storedMessages(room.id)).map(
      (message) => (message.system as { action: string }).action,
    );
    assert.deepEqual(actions, ['room_created', 'room_renamed', 'room_archived']);
    const blocked = await call(agent, 'POST', `/rooms/${room.id}/messages`, { client_id: 'c1', body: 'oi' });
    assert.equal(blocked.statusCode, 409);
    assert.equal((await storedMessages(room.id)).length, 3);
    await call(supervisor, 'PATCH', `/rooms/${room.id}`, { archived: false });
    await send(agent, room.id, 'voltou');
    const other = await call(b.users.admin, 'PATCH', `/rooms/${room.id}`, { name: 'X' }, b.accountId);
    assert.equal(other.statusCode, 404);
    const dm = (await call(agent, 'POST', '/dms', { user_id: admin.id })).json() as ChatRoom;
    assert.equal((await call(agent, 'PATCH', `/rooms/${dm.id}`, { name: 'DM' })).statusCode, 403);
  });

  test('members: add, change role, remove and leave, each a system message; audited; the removed hear nothing more', async () => {
    const { supervisor, agent, viewer, admin } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const added = await call(supervisor, 'POST', `/rooms/${room.id}/members`, {
      user_id: viewer.id,
      role: 'moderator',
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().user.id, viewer.id);
    assert.equal(added.json().role, 'moderator');
    assert.equal((await storedMember(room.id, viewer.id))?.role, 'moderator');
    assert.equal((await storedMember(room.id, viewer.id))?.lastReadSeq, 2, 'joins with the history read');
    assert.equal((await auditOf('chat.member_added', room.id)).length, 1);
    const again = await call(supervisor, 'POST', `/rooms/${room.id}/members`, { user_id: viewer.id });
    assert.equal(again.statusCode, 409);
    const byMember = await call(agent, 'POST', `/rooms/${room.id}/members`, { user_id: admin.id });
    assert.equal(byMember.statusCode, 403);
    const stranger = await call(supervisor, 'POST', `/rooms/${room.id}/members`, {
      user_id: b.users.agent.id,
    });
    assert.equal(stranger.statusCode, 404);
    assert.equal(
      (await call(supervisor, 'POST', `/rooms/${room.id}/members`, { user_id: 1 })).statusCode,
      400,
    );

    const listed = await call(agent, 'GET', `/rooms/${room.id}/members`);
    assert.deepEqual(
      listed
        .json()
        .members.map((m: { user: { id: string } }) => m.user.id)
        .sort(),
      [supervisor.id, agent.id, viewer.id].sort(),
    );

    const promoted = await call(supervisor, 'PATCH', `/rooms/${room.id}/members/${agent.id}`, {
      role: 'moderator',
    });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal((await storedMember(room.id, agent.id))?.role, 'moderator');
    const byModerator = await call(agent, 'PATCH', `/rooms/${room.id}/members/${viewer.id}`, {
      role: 'owner',
    });
    assert.equal(byModerator.statusCode, 403);
    assert.equal((await call(agent, 'DELETE', `/rooms/${room.id}/members/${supervisor.id}`)).statusCode, 403);

    const removed = await call(agent, 'DELETE', `/rooms/${room.id}/members/${viewer.id}`);
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal(await storedMember(room.id, viewer.id), undefined);
    assert.equal((await auditOf('chat.member_removed', room.id)).length, 1);
    await send(agent, room.id, 'depois da saída');
    await settle();
    const viewerEvents = eventsFor(viewer.id).filter((event) => event.room_id === room.id);
    assert.equal(viewerEvents.at(-1)?.type, 'room.member_removed', 'the removal is the last thing they hear');
    assert.equal((await call(viewer, 'GET', `/rooms/${room.id}`)).statusCode, 404);
    assert.equal((await call(viewer, 'GET', `/rooms/${room.id}/messages`)).statusCode, 404);
    assert.equal((await call(viewer, 'GET', `/rooms/${room.id}/events`)).statusCode, 404);

    const left = await call(agent, 'DELETE', `/rooms/${room.id}/members/${agent.id}`);
    assert.equal(left.statusCode, 204);
    assert.equal(await storedMember(room.id, agent.id), undefined);
    const actions = (await storedMessages(room.id))
      .filter((message) => message.kind === 'system')
      .map((message) => (message.system as { action: string }).action);
    assert.deepEqual(actions, ['room_created', 'member_added', 'member_removed', 'member_left']);
    assert.equal(
      (
        await call(
          b.users.admin,
          'DELETE',
          `/rooms/${room.id}/members/${supervisor.id}`,
          undefined,
          b.accountId,
        )
      ).statusCode,
      404,
    );
    const dm = (await call(supervisor, 'POST', '/dms', { user_id: admin.id })).json() as ChatRoom;
    assert.equal(
      (await call(supervisor, 'DELETE', `/rooms/${dm.id}/members/${supervisor.id}`)).statusCode,
      409,
    );
  });

  test('sends are idempotent by client id: a retry, even a concurrent one, returns the one stored message', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const payload = { client_id: 'retry-1', body: 'uma vez só' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => call(agent, 'POST', `/rooms/${room.id}/messages`, payload)),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 201]);
    assert.equal(new Set(responses.map((response) => response.json().id)).size, 1);
    const stored = (await storedMessages(room.id)).filter((message) => message.clientId === 'retry-1');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.body, 'uma vez só');
    const created = (await logOf(room.id)).filter((event) => event.type === 'message.created');
    assert.equal(created.length, 2, 'the room_created system message and the one send');
  });

  test('concurrent sends get distinct, gapless seqs, and the event log stays gapless too', async () => {
    const { supervisor, agent, admin } = a.users;
    // Well past the connection pool (10): sends queue on their room's lock and on the pool, none fails.
    const rooms = [
      await teamRoom(supervisor, [agent, admin], 'Fila 1'),
      await teamRoom(supervisor, [agent, admin], 'Fila 2'),
      await teamRoom(supervisor, [agent, admin], 'Fila 3'),
    ];
    const perRoom = 40;
    const senders = [supervisor, agent, admin];
    const responses = await Promise.all(
      Array.from({ length: perRoom * rooms.length }, (_, index) =>
        call(senders[index % 3]!, 'POST', `/rooms/${rooms[index % rooms.length]!.id}/messages`, {
          client_id: `c-${index}`,
          body: `m${index} ${chatMentionMarkup('colega', senders[(index + 1) % 3]!.id)}`,
        }),
      ),
    );
    for (const response of responses) assert.equal(response.statusCode, 201, response.body);
    for (const room of rooms) {
      const sent = responses
        .map((response) => response.json() as ChatMessage)
        .filter((m) => m.room_id === room.id);
      assert.deepEqual(
        sent.map((message) => message.seq).sort((x, y) => x - y),
        Array.from({ length: perRoom }, (_, index) => index + 2),
      );
      const stored = await storedMessages(room.id);
      assert.deepEqual(
        stored.map((message) => message.seq),
        Array.from({ length: perRoom + 1 }, (_, index) => index + 1),
      );
      const log = await logOf(room.id);
      assert.deepEqual(
        log.map((event) => event.seq),
        Array.from({ length: log.length }, (_, index) => index + 1),
      );
      // The view a send answers with is the one the log keeps and history shows.
      const created = new Map(
        log.flatMap((row) => {
          const event = chatEventSchema.parse(row.payload);
          return event.type === 'message.created' ? [[event.message.id, event.message] as const] : [];
        }),
      );
      for (const message of sent) assert.deepEqual(created.get(message.id), message);
      const [roomRow] = await system().select().from(chatRooms).where(eq(chatRooms.id, room.id));
      assert.equal(roomRow?.lastMessageSeq, perRoom + 1);
      assert.equal(roomRow?.lastEventSeq, log.length);
    }
  });

  test('plain sends arriving together are committed together: gapless seqs, each client id once, a refused send answered alone', async () => {
    const { supervisor, agent, admin } = a.users;
    const rooms = [
      await teamRoom(supervisor, [agent, admin], 'Lote 1'),
      await teamRoom(supervisor, [agent, admin], 'Lote 2'),
    ];
    const closed = await teamRoom(supervisor, [agent], 'Lote fechado');
    await call(supervisor, 'PATCH', `/rooms/${closed.id}`, { archived: true });
    const outsiders = await teamRoom(supervisor, [admin], 'Lote sem o agente');
    const publishedBefore = published.length;
    const perRoom = 30;
    const senders = [supervisor, agent, admin];
    const plainSend = (index: number) =>
      call(senders[index % 3]!, 'POST', `/rooms/${rooms[index % 2]!.id}/messages`, {
        client_id: `lote-${index}`,
        body: `lote ${index}`,
      });
    // Sent in one turn, so they queue behind one another's commits; the refused ones sit in the middle.
    const [responses, repeated, archived, notMember] = await Promise.all([
      Promise.all(Array.from({ length: perRoom * 2 }, (_, index) => plainSend(index))),
      plainSend(7),
      call(agent, 'POST', `/rooms/${closed.id}/messages`, { client_id: 'lote-fechado', body: 'oi' }),
      call(agent, 'POST', `/rooms/${outsiders.id}/messages`, { client_id: 'lote-fora', body: 'oi' }),
    ]);
    // Two writes of the account may be in flight, so either copy of client id lote-7 may be the one stored.
    const copies = [responses[7]!, repeated];
    assert.deepEqual(
      copies.map((response) => response.statusCode).sort(),
      [200, 201],
      'one copy of a client id is stored (201), the other answered with it (200)',
    );
    assert.equal((copies[0]!.json() as ChatMessage).id, (copies[1]!.json() as ChatMessage).id);
    for (const [index, response] of responses.entries()) {
      if (index !== 7) assert.equal(response.statusCode, 201, response.body);
    }
    assert.equal(archived.statusCode, 409, archived.body);
    assert.equal(notMember.statusCode, 404, notMember.body);
    assert.equal((await storedMessages(closed.id)).filter((message) => message.kind === 'user').length, 0);
    assert.equal((await storedMessages(outsiders.id)).filter((message) => message.kind === 'user').length, 0);
    await settle();
    const createdEvents = published
      .slice(publishedBefore)
      .filter((message) => message.event.type === 'message.created');
    for (const room of rooms) {
      const sent = responses
        .map((response) => response.json() as ChatMessage)
        .filter((message) => message.room_id === room.id);
      assert.deepEqual(
        sent.map((message) => message.seq).sort((x, y) => x - y),
        Array.from({ length: perRoom }, (_, index) => index + 2),
      );
      const stored = await storedMessages(room.id);
      assert.deepEqual(
        stored.map((message) => message.seq),
        Array.from({ length: perRoom + 1 }, (_, index) => index + 1),
      );
      assert.equal(new Set(stored.map((message) => message.clientId)).size, stored.length);
      const log = await logOf(room.id);
      assert.deepEqual(
        log.map((event) => event.seq),
        Array.from({ length: log.length }, (_, index) => index + 1),
      );
      const logged = new Map(
        log.flatMap((row) => {
          const event = chatEventSchema.parse(row.payload);
          return event.type === 'message.created' ? [[event.message.id, event.message] as const] : [];
        }),
      );
      for (const message of sent) {
        assert.deepEqual(logged.get(message.id), message);
        const delivered = createdEvents.filter(
          (published) => (published.event.message as ChatMessage).id === message.id,
        );
        assert.equal(delivered.length, 1, 'each stored send is published once, after its commit');
        assert.deepEqual(delivered[0]!.user_ids.sort(), [supervisor.id, agent.id, admin.id].sort());
      }
      for (const sender of senders) {
        const own = sent.filter((message) => message.author_id === sender.id).map((message) => message.seq);
        assert.equal((await storedMember(room.id, sender.id))?.lastReadSeq, Math.max(...own));
      }
    }
    assert.equal(createdEvents.length, perRoom * 2, 'nothing is published for the refused or repeated sends');
  });

  test('one batch of plain sends answers each as if sent alone: seqs in order per room, copies, refusals, room and read marks', async () => {
    const { supervisor, agent, admin } = a.users;
    const first = await teamRoom(supervisor, [agent], 'Lote direto 1');
    const second = await teamRoom(supervisor, [agent, admin], 'Lote direto 2');
    const closed = await teamRoom(supervisor, [agent], 'Lote direto fechado');
    await call(supervisor, 'PATCH', `/rooms/${closed.id}`, { archived: true });
    const earlier = await send(agent, first.id, 'antes do lote');
    const [earlierClientId] = (await storedMessages(first.id))
      .filter((message) => message.id === earlier.id)
      .map((message) => message.clientId);
    const roomBefore = async (roomId: string) => {
      const [room] = await system().select().from(chatRooms).where(eq(chatRooms.id, roomId));
      return { seq: room!.lastMessageSeq, eventSeq: room!.lastEventSeq };
    };
    const [firstBefore, secondBefore] = [await roomBefore(first.id), await roomBefore(second.id)];
    const startedAt = Date.parse('2026-03-10T12:00:00Z');
    const plain = (index: number, author: TestUser, roomId: string, clientId: string) => {
      const id = randomUUID();
      return {
        id,
        roomId,
        authorId: author.id,
        clientId,
        body: `direto ${index}`,
        preview: `prévia ${index}`,
        at: new Date(startedAt + index * 1000),
        event: { type: 'message.created', seq: 0, message: { id, seq: 0, mentions: ['x'] } },
      };
    };
    const sends = [
      plain(0, agent, first.id, 'd-a'),
      plain(1, admin, second.id, 'd-b'),
      plain(2, agent, first.id, 'd-a'),
      plain(3, agent, closed.id, 'd-c'),
      plain(4, admin, first.id, 'd-d'),
      plain(5, agent, first.id, earlierClientId!),
      plain(6, supervisor, first.id, 'd-e'),
      plain(7, agent, randomUUID(), 'd-f'),
      plain(8, admin, second.id, 'd-g'),
      plain(9, agent, second.id, 'd-b'),
    ];
    const outcomes = await t.app.deps.database.tenantAutocommit(a.accountId, (tx) =>
      storeSends(tx, a.accountId, sends),
    );
    const inFirst = (nth: number) => ({ seq: firstBefore.seq + nth, eventSeq: firstBefore.eventSeq + nth });
    const inSecond = (nth: number) => ({
      seq: secondBefore.seq + nth,
      eventSeq: secondBefore.eventSeq + nth,
    });
    const membersOfFirst = [supervisor.id, agent.id].sort();
    const membersOfSecond = [supervisor.id, agent.id, admin.id].sort();
    assert.deepEqual(
      outcomes.map((outcome) => ({ ...outcome, memberIds: outcome.memberIds.sort() })),
      [
        { isMember: true, existingId: null, stored: inFirst(1), memberIds: membersOfFirst },
        { isMember: true, existingId: null, stored: inSecond(1), memberIds: membersOfSecond },
        { isMember: true, existingId: sends[0]!.id, stored: null, memberIds: [] },
        { isMember: true, existingId: null, stored: null, memberIds: [] },
        { isMember: false, existingId: null, stored: null, memberIds: [] },
        { isMember: true, existingId: earlier.id, stored: null, memberIds: [] },
        { isMember: true, existingId: null, stored: inFirst(2), memberIds: membersOfFirst },
        { isMember: false, existingId: null, stored: null, memberIds: [] },
        { isMember: true, existingId: null, stored: inSecond(2), memberIds: membersOfSecond },
        { isMember: true, existingId: null, stored: inSecond(3), memberIds: membersOfSecond },
      ],
    );
    assert.deepEqual(
      (await storedMessages(first.id))
        .filter((message) => message.seq > firstBefore.seq)
        .map((message) => [message.seq, message.body, message.clientId, message.authorId]),
      [
        [inFirst(1).seq, 'direto 0', 'd-a', agent.id],
        [inFirst(2).seq, 'direto 6', 'd-e', supervisor.id],
      ],
    );
    assert.deepEqual(
      (await storedMessages(second.id))
        .filter((message) => message.seq > secondBefore.seq)
        .map((message) => [message.seq, message.body, message.authorId]),
      [
        [inSecond(1).seq, 'direto 1', admin.id],
        [inSecond(2).seq, 'direto 8', admin.id],
        [inSecond(3).seq, 'direto 9', agent.id],
      ],
    );
    assert.equal((await storedMessages(closed.id)).filter((message) => message.kind === 'user').length, 0);
    const [firstRoom] = await system().select().from(chatRooms).where(eq(chatRooms.id, first.id));
    assert.deepEqual(
      [firstRoom!.lastMessageSeq, firstRoom!.lastEventSeq, firstRoom!.lastMessagePreview],
      [inFirst(2).seq, inFirst(2).eventSeq, 'prévia 6'],
    );
    assert.equal(firstRoom!.lastMessageAt?.getTime(), startedAt + 6000, 'the last send of the room');
    const [secondRoom] = await system().select().from(chatRooms).where(eq(chatRooms.id, second.id));
    assert.deepEqual(
      [secondRoom!.lastMessageSeq, secondRoom!.lastEventSeq, secondRoom!.lastMessagePreview],
      [inSecond(3).seq, inSecond(3).eventSeq, 'prévia 9'],
    );
    assert.equal((await storedMember(first.id, agent.id))?.lastReadSeq, inFirst(1).seq);
    assert.equal((await storedMember(first.id, supervisor.id))?.lastReadSeq, inFirst(2).seq);
    assert.equal((await storedMember(second.id, admin.id))?.lastReadSeq, inSecond(2).seq);
    assert.equal((await storedMember(second.id, agent.id))?.lastReadSeq, inSecond(3).seq);
    const logged = (await logOf(second.id))
      .filter((row) => row.seq > secondBefore.eventSeq)
      .map((row) => row.payload);
    assert.deepEqual(logged, [
      {
        type: 'message.created',
        seq: inSecond(1).eventSeq,
        message: { id: sends[1]!.id, seq: inSecond(1).seq, mentions: [] },
      },
      {
        type: 'message.created',
        seq: inSecond(2).eventSeq,
        message: { id: sends[8]!.id, seq: inSecond(2).seq, mentions: [] },
      },
      {
        type: 'message.created',
        seq: inSecond(3).eventSeq,
        message: { id: sends[9]!.id, seq: inSecond(3).seq, mentions: [] },
      },
    ]);
  });

  test('messages: 16,000 characters at most, mentions resolved to account members, replies and references checked', async () => {
    const { supervisor, agent, viewer } = a.users;
    const room = await teamRoom(supervisor, [agent, viewer]);
    const tooLong = await call(agent, 'POST', `/rooms/${room.id}/messages`, {
      client_id: 'x',
      body: 'a'.repeat(16_001),
    });
    assert.equal(tooLong.statusCode, 400);
    const noClient = await call(agent, 'POST', `/rooms/${room.id}/messages`, { body: 'oi' });
    assert.equal(noClient.statusCode, 400);
    const fromViewer = await call(viewer, 'POST', `/rooms/${room.id}/messages`, {
      client_id: 'v',
      body: 'oi',
    });
    assert.equal(fromViewer.statusCode, 403);
    const longest = await send(agent, room.id, 'a'.repeat(16_000));
    assert.equal(longest.body?.length, 16_000);

    const body = `**Atenção** ${chatMentionMarkup('Sup', supervisor.id)} e ${chatMentionMarkup('Fora', b.users.agent.id)}`;
    const message = await send(agent, room.id, body, { reply_to_id: longest.id });
    assert.deepEqual(message.mentions, [supervisor.id]);
    assert.equal(message.reply_to?.id, longest.id);
    assert.equal(message.reply_to?.excerpt?.length, 140);
    const [stored] = (await storedMessages(room.id)).filter((row) => row.id === message.id);
    assert.deepEqual(stored?.mentions, [supervisor.id]);
    assert.equal(stored?.body, body);
    assert.equal((await storedMember(room.id, supervisor.id))?.mentionCount, 1);

    const otherRoom = await teamRoom(supervisor, [agent], 'Outra');
    const foreignReply = await call(agent, 'POST', `/rooms/${otherRoom.id}/messages`, {
      client_id: 'r',
      body: 'x',
      reply_to_id: message.id,
    });
    assert.equal(foreignReply.statusCode, 404);
    const unknownConversation = await call(agent, 'POST', `/rooms/${room.id}/messages`, {
      client_id: 'conv',
      body: 'veja',
      conversation_display_id: 987_654,
    });
    assert.equal(unknownConversation.statusCode, 404);
    assert.equal(
      (
        await call(
          b.users.agent,
          'POST',
          `/rooms/${room.id}/messages`,
          { client_id: 'b', body: 'x' },
          b.accountId,
        )
      ).statusCode,
      404,
    );

    const inbox = await call(supervisor, 'GET', '/mentions');
    assert.equal(inbox.statusCode, 200);
    const entry = inbox
      .json()
      .mentions.find((item: { message: ChatMessage }) => item.message.id === message.id);
    assert.equal(entry?.room.id, room.id);
    assert.equal((await call(supervisor, 'GET', '/mentions?limit=0')).statusCode, 400);

    const read = await call(supervisor, 'POST', `/rooms/${room.id}/read`, { seq: message.seq });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json(), {
      room_id: room.id,
      last_read_seq: message.seq,
      unread_count: 0,
      mention_count: 0,
    });
    const member = await storedMember(room.id, supervisor.id);
    assert.equal(member?.lastReadSeq, message.seq);
    assert.equal(member?.mentionCount, 0);
    const afterRead = await call(supervisor, 'GET', '/mentions');
    assert.ok(
      !afterRead.json().mentions.some((item: { message: ChatMessage }) => item.message.id === message.id),
    );
    // Reading never goes backwards, nor past the last message.
    const back = await call(supervisor, 'POST', `/rooms/${room.id}/read`, { seq: 1 });
    assert.equal(back.json().last_read_seq, message.seq);
    const beyond = await call(supervisor, 'POST', `/rooms/${room.id}/read`, { seq: 10_000 });
    assert.equal(beyond.json().last_read_seq, message.seq);
    await settle();
    const readEvents = published.filter(
      (item) => item.event.type === 'room.read' && item.event.room_id === room.id,
    );
    assert.ok(readEvents.length >= 1);
    for (const item of readEvents) assert.deepEqual(item.user_ids, [supervisor.id], 'only my own tabs');
    assert.equal((await call(supervisor, 'POST', `/rooms/${room.id}/read`, { seq: -1 })).statusCode, 400);
    assert.equal(
      (await call(b.users.agent, 'POST', `/rooms/${room.id}/read`, { seq: 1 }, b.accountId)).statusCode,
      404,
    );
  });

  test('history pages before, after and around a seq, at most 100 at a time', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    for (let index = 0; index < 30; index++) await send(agent, room.id, `n${index}`);
    const page = (query: string) => call(agent, 'GET', `/rooms/${room.id}/messages${query}`);
    const seqsOf = (response: LightMyRequestResponse) =>
      response.json().messages.map((message: ChatMessage) => message.seq);

    const latest = await page('?limit=10');
    assert.deepEqual(seqsOf(latest), [22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    assert.equal(latest.json().has_more_before, true);
    assert.equal(latest.json().has_more_after, false);
    const before = await page('?before=22&limit=10');
    assert.deepEqual(seqsOf(before), [12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    assert.equal(before.json().has_more_after, true);
    const oldest = await page('?before=5&limit=10');
    assert.deepEqual(seqsOf(oldest), [1, 2, 3, 4]);
    assert.equal(oldest.json().has_more_before, false);
    const after = await page('?after=25&limit=10');
    assert.deepEqual(seqsOf(after), [26, 27, 28, 29, 30, 31]);
    assert.equal(after.json().has_more_after, false);
    const around = await page('?around=15&limit=6');
    assert.deepEqual(seqsOf(around), [12, 13, 14, 15, 16, 17]);
    assert.equal(around.json().has_more_before, true);
    assert.equal(around.json().has_more_after, true);

    assert.equal((await page('?limit=101')).statusCode, 400);
    assert.equal((await page('?before=3&after=1')).statusCode, 400);
    assert.equal((await page('?before=abc')).statusCode, 400);
    const foreign = await call(b.users.agent, 'GET', `/rooms/${room.id}/messages`, undefined, b.accountId);
    assert.equal(foreign.statusCode, 404);
  });

  test('edit own, delete own or as moderator (audited); deleted content is gone from the API', async () => {
    const { supervisor, agent, admin } = a.users;
    const room = await teamRoom(supervisor, [agent, admin]);
    const message = await send(agent, room.id, `oi ${chatMentionMarkup('Admin', admin.id)}`);
    assert.equal((await storedMember(room.id, admin.id))?.mentionCount, 1);

    const byOther = await call(supervisor, 'PATCH', `/messages/${message.id}`, { body: 'not mine' });
    assert.equal(byOther.statusCode, 403);
    const edited = await call(agent, 'PATCH', `/messages/${message.id}`, { body: 'corrigido' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().body, 'corrigido');
    assert.ok(edited.json().edited_at);
    assert.deepEqual(edited.json().mentions, []);
    assert.equal((await storedMember(room.id, admin.id))?.mentionCount, 0, 'the mention went with the edit');
    const [storedEdit] = (await storedMessages(room.id)).filter((row) => row.id === message.id);
    assert.equal(storedEdit?.body, 'corrigido');
    assert.ok(storedEdit?.editedAt);
    assert.equal((await call(agent, 'PATCH', `/messages/${message.id}`, { body: '' })).statusCode, 400);
    assert.equal(
      (await call(b.users.agent, 'PATCH', `/messages/${message.id}`, { body: 'x' }, b.accountId)).statusCode,
      404,
    );

    const own = await send(admin, room.id, 'apagar o meu');
    assert.equal((await call(admin, 'DELETE', `/messages/${own.id}`)).statusCode, 204);
    assert.equal(
      (await auditOf('chat.message_deleted', own.id)).length,
      0,
      'deleting your own is not audited',
    );

    const reply = await send(supervisor, room.id, 'respondendo', { reply_to_id: message.id });
    assert.equal(reply.reply_to?.excerpt, 'corrigido');
    assert.equal((await call(admin, 'DELETE', `/messages/${message.id}`)).statusCode, 204);
    const [audit] = await auditOf('chat.message_deleted', message.id);
    assert.equal(audit?.actorId, admin.id);
    assert.equal((audit?.oldValues as { author_id: string } | undefined)?.author_id, agent.id);
    const [storedDelete] = (await storedMessages(room.id)).filter((row) => row.id === message.id);
    assert.equal(storedDelete?.body, null);
    assert.ok(storedDelete?.deletedAt);
    const history = await call(supervisor, 'GET', `/rooms/${room.id}/messages`);
    const shown = history.json().messages.find((item: ChatMessage) => item.id === message.id);
    assert.equal(shown.body, null);
    assert.ok(shown.deleted_at);
    assert.ok(!history.body.includes('corrigido'));
    const log = await call(supervisor, 'GET', `/rooms/${room.id}/events?after=0`);
    assert.equal(log.statusCode, 200);
    assert.ok(!log.body.includes('corrigido'), 'nor in the catch-up log');
    assert.ok(!log.body.includes('oi @['), 'nor its first version');
    const logged = (id: string) =>
      log
        .json()
        .events.find((event: ChatEvent) => event.type === 'message.created' && event.message.id === id);
    assert.equal(logged(message.id)?.message.body, null);
    assert.equal(logged(reply.id)?.message.reply_to.excerpt, null);
    assert.equal(logged(reply.id)?.message.body, 'respondendo');
    const logSeqs = log.json().events.map((event: ChatEvent) => event.seq);
    assert.deepEqual(
      logSeqs,
      Array.from({ length: logSeqs.length }, (_, index) => index + 1),
      'still gapless',
    );
    assert.equal((await call(agent, 'PATCH', `/messages/${message.id}`, { body: 'volta' })).statusCode, 409);

    const another = await send(supervisor, room.id, 'do dono');
    assert.equal((await call(agent, 'DELETE', `/messages/${another.id}`)).statusCode, 403);
    assert.equal((await call(agent, 'DELETE', '/messages/not-a-uuid')).statusCode, 400);
    assert.equal(
      (await call(b.users.admin, 'DELETE', `/messages/${another.id}`, undefined, b.accountId)).statusCode,
      404,
    );
    assert.equal((await storedMessages(room.id)).find((row) => row.id === another.id)?.deletedAt, null);
  });

  test('reactions: one per user and emoji, at most 20 different ones per message (409 beyond)', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const message = await send(agent, room.id, 'reaja');
    const put = (user: TestUser, emoji: string) =>
      call(user, 'PUT', `/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`);
    const first = await put(supervisor, '👍');
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().reactions, [{ emoji: '👍', count: 1, user_ids: [supervisor.id] }]);
    await put(supervisor, '👍');
    const both = await put(agent, '👍');
    assert.deepEqual(both.json().reactions, [{ emoji: '👍', count: 2, user_ids: [supervisor.id, agent.id] }]);
    for (let index = 1; index < 20; index++) assert.equal((await put(agent, `:e${index}:`)).statusCode, 200);
    const overflow = await put(agent, ':e20:');
    assert.equal(overflow.statusCode, 409);
    const stored = await system()
      .select()
      .from(chatMessageReactions)
      .where(eq(chatMessageReactions.messageId, message.id));
    assert.equal(stored.length, 21);
    assert.equal(new Set(stored.map((row) => row.emoji)).size, 20);
    const removed = await call(
      supervisor,
      'DELETE',
      `/messages/${message.id}/reactions/${encodeURIComponent('👍')}`,
    );
    assert.deepEqual(removed.json().reactions[0], { emoji: '👍', count: 1, user_ids: [agent.id] });
    assert.equal((await put(agent, 'has space')).statusCode, 400);
    const foreign = await call(
      b.users.agent,
      'PUT',
      `/messages/${message.id}/reactions/x`,
      undefined,
      b.accountId,
    );
    assert.equal(foreign.statusCode, 404);
  });

  test('pins: any member pins and unpins; the room lists them', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const message = await send(supervisor, room.id, 'importante');
    const pinned = await call(agent, 'PUT', `/messages/${message.id}/pin`);
    assert.equal(pinned.statusCode, 200, pinned.body);
    assert.equal(pinned.json().pinned, true);
    const [stored] = await system().select().from(chatPins).where(eq(chatPins.messageId, message.id));
    assert.equal(stored?.pinnedBy, agent.id);
    const list = await call(supervisor, 'GET', `/rooms/${room.id}/pins`);
    assert.deepEqual(
      list.json().messages.map((item: ChatMessage) => item.id),
      [message.id],
    );
    const unpinned = await call(agent, 'DELETE', `/messages/${message.id}/pin`);
    assert.equal(unpinned.json().pinned, false);
    assert.equal(
      (await system().select().from(chatPins).where(eq(chatPins.messageId, message.id))).length,
      0,
    );
    assert.equal((await call(agent, 'PUT', '/messages/nope/pin')).statusCode, 400);
    assert.equal(
      (await call(b.users.agent, 'GET', `/rooms/${room.id}/pins`, undefined, b.accountId)).statusCode,
      404,
    );
  });

  test('search finds messages of my rooms only, with Portuguese and English stemming', async () => {
    const { supervisor, agent, admin } = a.users;
    const mine = await teamRoom(supervisor, [agent], 'Busca');
    const notMine = await teamRoom(supervisor, [admin], 'Privada');
    const pt = await send(supervisor, mine.id, 'Os clientes estão esperando a proposta');
    const en = await send(supervisor, mine.id, 'Scheduling the meetings for Friday');
    await send(supervisor, notMine.id, 'clientes secretos');
    const search = (q: string, extra = '') =>
      call(agent, 'GET', `/search?q=${encodeURIComponent(q)}${extra}`);
    const ptResult = await search('cliente');
    assert.equal(ptResult.statusCode, 200, ptResult.body);
    assert.deepEqual(
      ptResult.json().results.map((item: { message: ChatMessage }) => item.message.id),
      [pt.id],
    );
    assert.equal(ptResult.json().results[0].room.id, mine.id);
    const enResult = await search('meeting');
    assert.deepEqual(
      enResult.json().results.map((item: { message: ChatMessage }) => item.message.id),
      [en.id],
    );
    const scoped = await search('meeting', `&room_id=${notMine.id}`);
    assert.equal(scoped.statusCode, 404);
    assert.equal((await search('')).statusCode, 400);
    const foreign = await call(b.users.agent, 'GET', '/search?q=clientes', undefined, b.accountId);
    assert.deepEqual(foreign.json().results, []);
  });

  test('events: every change is logged and published to the members at commit; catch-up replays by seq', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const message = await send(agent, room.id, 'primeira');
    await call(supervisor, 'PUT', `/messages/${message.id}/reactions/ok`);
    await settle();
    const live = eventsFor(agent.id).filter((event) => event.room_id === room.id);
    assert.deepEqual(
      live.map((event) => event.type),
      ['room.created', 'message.created', 'message.created', 'reaction.changed'],
    );
    for (const event of live) assert.ok(chatEventSchema.safeParse(event).success, JSON.stringify(event));

    const caughtUp = await call(agent, 'GET', `/rooms/${room.id}/events?after=0`);
    assert.equal(caughtUp.statusCode, 200, caughtUp.body);
    assert.deepEqual(caughtUp.json().events, live);
    assert.equal(caughtUp.json().last_seq, 4);
    assert.equal(caughtUp.json().has_more, false);
    const partial = await call(agent, 'GET', `/rooms/${room.id}/events?after=1&limit=2`);
    assert.deepEqual(
      partial.json().events.map((event: ChatEvent) => event.seq),
      [2, 3],
    );
    assert.equal(partial.json().has_more, true);
    assert.equal((await call(agent, 'GET', `/rooms/${room.id}/events?after=x`)).statusCode, 400);
    assert.equal(
      (await call(b.users.agent, 'GET', `/rooms/${room.id}/events`, undefined, b.accountId)).statusCode,
      404,
    );
  });

  test('a crash between commit and publish loses nothing: the event waits in the catch-up log', async () => {
    const { supervisor, agent } = a.users;
    const room = await teamRoom(supervisor, [agent]);
    const bus = t.app.deps.bus;
    const publish = bus.publish;
    bus.publish = async () => {
      throw new Error('Redis went away');
    };
    let message: ChatMessage;
    try {
      message = await send(agent, room.id, 'enviada durante a queda');
    } finally {
      bus.publish = publish;
    }
    await settle();
    assert.ok(
      !published.some((item) => item.event.room_id === room.id && JSON.stringify(item).includes(message.id)),
      'nothing about the message was published',
    );
    const caughtUp = await call(supervisor, 'GET', `/rooms/${room.id}/events?after=0`);
    const created = caughtUp
      .json()
      .events.find((event: ChatEvent) => event.type === 'message.created' && event.message.id === message.id);
    assert.ok(created, 'the message is in the log');
    assert.equal(created.message.body, 'enviada durante a queda');
  });
});

describe('Chat send rate limits', () => {
  let t: TestApp;
  let tenant: TestTenant;
  before(async () => {
    t = await createTestApp({ env: { CHAT_SEND_LIMIT_PER_USER: '3', CHAT_SEND_LIMIT_PER_ACCOUNT: '5' } });
    tenant = await createTenant(t.app, 'Limits');
  });
  after(() => t.close());

  test('a user, then the whole account, gets 429 with Retry-After past the limit', async () => {
    const { supervisor, agent, admin } = tenant.users;
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${tenant.accountId}/chat/rooms`,
      headers: supervisor.headers,
      payload: { name: 'Limite', member_ids: [agent.id, admin.id] },
    });
    const roomId = created.json().id as string;
    const sendAs = (user: TestUser, clientId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${tenant.accountId}/chat/rooms/${roomId}/messages`,
        headers: user.headers,
        payload: { client_id: clientId, body: 'x' },
      });
    for (let index = 0; index < 3; index++) assert.equal((await sendAs(agent, `a${index}`)).statusCode, 201);
    const perUser = await sendAs(agent, 'a3');
    assert.equal(perUser.statusCode, 429);
    assert.equal(perUser.json().error.code, 'rate_limited');
    assert.ok(Number(perUser.headers['retry-after']) > 0);
    for (let index = 0; index < 2; index++) assert.equal((await sendAs(admin, `b${index}`)).statusCode, 201);
    const perAccount = await sendAs(supervisor, 'c0');
    assert.equal(perAccount.statusCode, 429);
    assert.ok(Number(perAccount.headers['retry-after']) > 0);
    const stored = await t.app.deps.database.system
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.roomId, roomId), eq(chatMessages.kind, 'user')));
    assert.equal(stored.length, 5);
  });
});

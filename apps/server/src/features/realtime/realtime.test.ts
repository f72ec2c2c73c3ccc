import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { REALTIME_MAX_CLIENT_FRAME_BYTES, realtimeCloseCodes } from '@whatpro/contracts';
import { chatRoomMembers, chatRooms } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestTenant, type TestUser } from '../../test/factories';
import { type Frame, openSocket, realtimeTicket, type TestSocket } from '../../test/realtime';
import { ACCESS_AUDIENCE, signAccessToken, signingKeys } from '../auth/tokens';
import { channels, type UserEventsMessage } from './events';
import { SESSION_ENDED_CLOSE_CODE, TOKEN_EXPIRED_CLOSE_CODE } from './routes';

const isType = (type: string) => (frame: Frame) => frame.type === type;

describe('realtime', () => {
  let t: TestApp;
  let base: string;
  let a: TestTenant;
  let b: TestTenant;
  const opened: TestSocket[] = [];

  async function connect(user: TestUser, accountId: number, headers: Record<string, string> = {}) {
    const socket = await openSocket(base, await realtimeTicket(base, user, accountId), headers);
    opened.push(socket);
    await socket.next(isType('hello'));
    return socket;
  }

  async function createRoom(accountId: number, members: TestUser[]): Promise<string> {
    const { system } = t.app.deps.database;
    const [room] = await system
      .insert(chatRooms)
      .values({ accountId, kind: 'team', name: 'Room' })
      .returning({ id: chatRooms.id });
    await system
      .insert(chatRoomMembers)
      .values(members.map((member) => ({ roomId: room!.id, accountId, userId: member.id })));
    return room!.id;
  }

  const publishTo = (accountId: number, users: TestUser[], event: Frame) =>
    t.app.deps.bus.publish(channels.userEvents, {
      account_id: accountId,
      user_ids: users.map((user) => user.id),
      event,
    } satisfies UserEventsMessage);

  before(async () => {
    t = await createTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    a = await createTenant(t.app, 'A');
    b = await createTenant(t.app, 'B');
  });
  after(async () => {
    for (const { socket } of opened) socket.terminate();
    await t.close();
  });

  describe('tickets', () => {
    const ask = (headers: Record<string, string> | undefined, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/realtime/tickets', headers, payload: payload as object });

    test('anonymous callers and API keys get none', async () => {
      assert.equal((await ask(undefined, { account_id: a.accountId })).statusCode, 401);
      const key = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${a.accountId}/api-keys`,
        headers: a.users.admin.headers,
        payload: { name: 'k', scopes: ['members:read:account'] },
      });
      const byKey = await ask({ authorization: `Bearer ${key.json().key}` }, { account_id: a.accountId });
      assert.equal(byKey.statusCode, 401);
    });

    test('a malformed request is 400 with the reason', async () => {
      const response = await ask(a.users.agent.headers, { account_id: 'one' });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'validation_failed');
    });

    test("another tenant's account is 404 and opens nothing", async () => {
      const response = await ask(a.users.agent.headers, { account_id: b.accountId });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'not_found');
    });

    test('a member gets a 30-second ticket that opens one connection, once', async () => {
      const response = await ask(a.users.agent.headers, { account_id: a.accountId });
      assert.equal(response.statusCode, 201);
      const { ticket, expires_in } = response.json();
      assert.equal(expires_in, 30);
      const first = await openSocket(base, ticket);
      opened.push(first);
      assert.deepEqual(
        { ...(await first.next(isType('hello'))), server_time: undefined },
        { type: 'hello', server_time: undefined, account_id: a.accountId, user_id: a.users.agent.id },
      );
      await assert.rejects(openSocket(base, ticket), /HTTP 401/);
      first.socket.close();
    });
  });

  describe('the socket', () => {
    test('no ticket, a forged one or a malformed one never gets a socket', async () => {
      await assert.rejects(openSocket(base, undefined), /HTTP 401/);
      await assert.rejects(openSocket(base, 'x'.repeat(43)), /HTTP 401/);
      await assert.rejects(openSocket(base, '%00'), /HTTP 401/);
    });

    test('refuses other origins (cross-site WebSocket hijacking)', async () => {
      const ticket = await realtimeTicket(base, a.users.agent, a.accountId);
      await assert.rejects(openSocket(base, ticket, { origin: 'https://evil.example' }), /HTTP 403/);
    });

    test('a ticket whose session ended opens nothing', async () => {
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const ticket = await realtimeTicket(base, user, a.accountId);
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers });
      await assert.rejects(openSocket(base, ticket), /HTTP 401/);
    });

    test('events reach the named users in that account only', async () => {
      const agent = await connect(a.users.agent, a.accountId);
      const viewer = await connect(a.users.viewer, a.accountId);
      // A super admin connected to tenant B: same user id list would not reach them in A.
      const outsider = await connect(b.users.agent, b.accountId);
      await publishTo(a.accountId, [a.users.agent, b.users.agent], { type: 'message.created', seq: 7 });
      await publishTo(a.accountId, [a.users.viewer], { type: 'marker' });
      assert.deepEqual(await agent.next(isType('message.created')), { type: 'message.created', seq: 7 });
      await viewer.next(isType('marker'));
      assert.equal(viewer.frames.filter(isType('message.created')).length, 0);
      await publishTo(b.accountId, [b.users.agent], { type: 'marker' });
      await outsider.next(isType('marker'));
      assert.equal(outsider.frames.filter(isType('message.created')).length, 0);
      for (const s of [agent, viewer, outsider]) s.socket.close();
    });

    test('typing reaches the other members of the room, throttled, and never a non-member', async () => {
      const [alice, bob, carol] = await Promise.all(
        [1, 2, 3].map(() => createUser(t.app, { accountId: a.accountId, role: 'agent' })),
      );
      const roomId = await createRoom(a.accountId, [alice!, bob!]);
      const aliceSocket = await connect(alice!, a.accountId);
      const bobSocket = await connect(bob!, a.accountId);
      const carolSocket = await connect(carol!, a.accountId);
      aliceSocket.socket.send(JSON.stringify({ type: 'typing', room_id: roomId }));
      aliceSocket.socket.send(JSON.stringify({ type: 'typing', room_id: roomId }));
      assert.deepEqual(await bobSocket.next(isType('typing')), {
        type: 'typing',
        room_id: roomId,
        user_id: alice!.id,
      });
      carolSocket.socket.send(JSON.stringify({ type: 'typing', room_id: roomId }));
      assert.deepEqual(await carolSocket.next(isType('error')), {
        type: 'error',
        code: 'not_found',
        message: 'Room not found',
      });
      // Another tenant's room is not found either.
      const otherRoom = await createRoom(b.accountId, [b.users.agent]);
      aliceSocket.socket.send(JSON.stringify({ type: 'typing', room_id: otherRoom }));
      await aliceSocket.next(isType('error'));
      await publishTo(a.accountId, [bob!, alice!], { type: 'marker' });
      await bobSocket.next(isType('marker'));
      assert.equal(bobSocket.frames.filter(isType('typing')).length, 1, 'the second was throttled');
      assert.equal(aliceSocket.frames.filter(isType('typing')).length, 0, 'not echoed to the typist');
      for (const s of [aliceSocket, bobSocket, carolSocket]) s.socket.close();
    });

    test('answers pings and refuses malformed frames without closing', async () => {
      const socket = await connect(a.users.agent, a.accountId);
      socket.socket.send('not json');
      assert.equal((await socket.next(isType('error'))).code, 'bad_frame');
      socket.socket.send(JSON.stringify({ type: 'ping' }));
      await socket.next(isType('pong'));
      socket.socket.close();
    });

    test('a frame over the size limit closes the socket', async () => {
      const socket = await connect(a.users.agent, a.accountId);
      socket.socket.send('x'.repeat(REALTIME_MAX_CLIENT_FRAME_BYTES + 1));
      assert.equal(await socket.closed, 1009);
    });

    test('a client that floods frames is closed', async () => {
      const socket = await connect(a.users.agent, a.accountId);
      for (let i = 0; i < 100; i++) socket.socket.send(JSON.stringify({ type: 'ping' }));
      assert.equal(await socket.closed, realtimeCloseCodes.rateLimited);
    });

    test('a client that stops reading is dropped instead of buffered without end', async () => {
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const socket = await connect(user, a.accountId);
      // The client stops reading: the kernel buffers fill, then the server's queue grows.
      (socket.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const payload = 'x'.repeat(64 * 1024);
      const server = [...t.app.websocketServer.clients].at(-1)!;
      let dropped = false;
      server.once('close', () => {
        dropped = true;
      });
      for (let i = 0; i < 2_000 && !dropped; i++) {
        await publishTo(a.accountId, [user], { type: 'bulk', payload });
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(dropped, 'the server dropped the slow socket');
      socket.socket.terminate();
    });

    test("logout closes that session's connections at once, and only those", async () => {
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const mine = await connect(user, a.accountId);
      const theirs = await connect(a.users.viewer, a.accountId);
      const logout = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: user.headers,
      });
      assert.equal(logout.statusCode, 204);
      assert.equal(await mine.closed, SESSION_ENDED_CLOSE_CODE);
      assert.equal(theirs.socket.readyState, theirs.socket.OPEN);
      theirs.socket.close();
    });

    // A socket that never closes fails here rather than hanging the run.
    test('a socket closes when the access token behind its ticket expires, while the session lives on', {
      timeout: 15_000,
    }, async () => {
      const { config } = t.app.deps;
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const now = Math.floor(Date.now() / 1000);
      const [key] = signingKeys(config.sessionSecret);
      const shortLived = await signAccessToken(
        {
          iss: config.publicUrl,
          aud: ACCESS_AUDIENCE,
          sub: user.id,
          sid: user.sessionId,
          typ: 'access',
          iat: now,
          exp: now + 3,
        },
        key!,
      );
      const longLived = await connect(user, a.accountId);
      const ticket = await realtimeTicket(
        base,
        { headers: { authorization: `Bearer ${shortLived}` } },
        a.accountId,
      );
      const socket = await openSocket(base, ticket);
      opened.push(socket);
      const code = await socket.closed;
      assert.equal(code, TOKEN_EXPIRED_CLOSE_CODE);
      assert.ok(Date.now() >= (now + 3) * 1000, 'not before the token expired');
      assert.equal(
        longLived.socket.readyState,
        longLived.socket.OPEN,
        'a connection with a live token stays open',
      );
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers });
      assert.equal(me.statusCode, 200, 'the session itself was not ended');
      longLived.socket.close();
    });
  });

  describe('presence', () => {
    const presenceOf = async (viewer: TestUser, accountId: number) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${accountId}/presence`,
        headers: viewer.headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().users as { user_id: string; status: string; version: number }[];
    };
    type Entry = { user_id: string; status: string; version: number };
    const entriesFor = (frames: Frame[], userId: string) =>
      frames
        .filter((frame) => frame.type === 'presence.changed')
        .flatMap((frame) => frame.users as Entry[])
        .filter((entry) => entry.user_id === userId);

    test('online with any tab, away when every tab is, offline when the last one closes', async () => {
      const watcher = await connect(a.users.admin, a.accountId);
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const changeTo = (status: string) => (frame: Frame) =>
        frame.type === 'presence.changed' &&
        (frame.users as Entry[]).some((entry) => entry.user_id === user.id && entry.status === status) &&
        frame !== seen;
      let seen: Frame | undefined;
      const tab1 = await connect(user, a.accountId);
      seen = await watcher.next(changeTo('online'));
      const tab2 = await connect(user, a.accountId);
      tab1.socket.send(JSON.stringify({ type: 'presence', status: 'away' }));
      tab2.socket.send(JSON.stringify({ type: 'presence', status: 'away' }));
      seen = await watcher.next(changeTo('away'));
      assert.deepEqual(
        (await presenceOf(a.users.viewer, a.accountId)).find((entry) => entry.user_id === user.id)?.status,
        'away',
      );
      tab2.socket.send(JSON.stringify({ type: 'presence', status: 'online' }));
      seen = await watcher.next(changeTo('online'));
      tab2.socket.close();
      await tab2.closed;
      tab1.socket.close();
      await watcher.next(changeTo('offline'));
      const entries = entriesFor(watcher.frames, user.id);
      assert.equal(entries.at(-1)?.status, 'offline');
      const versions = entries.map((entry) => entry.version);
      assert.deepEqual(
        versions,
        [...versions].sort((x, y) => x - y),
        'versions only grow',
      );
      assert.equal(
        (await presenceOf(a.users.viewer, a.accountId)).find((entry) => entry.user_id === user.id),
        undefined,
      );
      watcher.socket.close();
    });

    test('the presence list shows no one from another tenant', async () => {
      const outsider = await connect(b.users.viewer, b.accountId);
      const listed = (await presenceOf(a.users.viewer, a.accountId)).map((entry) => entry.user_id);
      assert.ok(!listed.includes(b.users.viewer.id));
      assert.ok((await presenceOf(b.users.admin, b.accountId)).some((e) => e.user_id === b.users.viewer.id));
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${b.accountId}/presence`,
        headers: a.users.admin.headers,
      });
      assert.equal(response.statusCode, 404);
      outsider.socket.close();
    });
  });

  describe('the event stream (SSE fallback)', () => {
    /** Reads the stream's `data:` frames and `end` events until told to stop. */
    async function stream(ticket: string) {
      const controller = new AbortController();
      const response = await fetch(`${base}/api/v1/realtime/events?ticket=${ticket}`, {
        signal: controller.signal,
      });
      const frames: Frame[] = [];
      const ends: { code: number }[] = [];
      let buffer = '';
      const done = (async () => {
        if (!response.body) return;
        const decoder = new TextDecoder();
        try {
          for await (const chunk of response.body) {
            buffer += decoder.decode(chunk as Uint8Array, { stream: true });
            let cut = buffer.indexOf('\n\n');
            while (cut >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (data && block.startsWith('event: end')) ends.push(JSON.parse(data));
              else if (data) frames.push(JSON.parse(data));
              cut = buffer.indexOf('\n\n');
            }
          }
        } catch {
          // Aborted by the test.
        }
      })();
      const next = async (match: (frame: Frame) => boolean) => {
        for (let i = 0; i < 100; i++) {
          const found = frames.find(match);
          if (found) return found;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      };
      return { response, frames, ends, done, next, stop: () => controller.abort() };
    }

    test('without a valid ticket it is refused', async () => {
      const missing = await fetch(`${base}/api/v1/realtime/events`);
      assert.equal(missing.status, 400);
      const forged = await fetch(`${base}/api/v1/realtime/events?ticket=${'y'.repeat(43)}`);
      assert.equal(forged.status, 401);
      assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'unauthorized');
    });

    test('carries the same frames as the socket and ends when the session does', async () => {
      const user = await createUser(t.app, { accountId: a.accountId, role: 'agent' });
      const events = await stream(await realtimeTicket(base, user, a.accountId));
      assert.equal(events.response.status, 200);
      assert.match(events.response.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(events.response.headers.get('cache-control'), 'no-store');
      assert.equal((await events.next(isType('hello'))).user_id, user.id);
      await publishTo(a.accountId, [user], { type: 'message.created', room_id: randomUUID(), seq: 3 });
      assert.equal((await events.next(isType('message.created'))).seq, 3);
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers });
      await events.done;
      assert.deepEqual(events.ends, [{ code: SESSION_ENDED_CLOSE_CODE, reason: 'session ended' }]);
    });
  });
});

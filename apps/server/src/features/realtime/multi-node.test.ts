import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { chatRoomMembers, chatRooms } from '../../db/schema';
import { createMemoryBus } from '../../infra/event-bus';
import { testConfig } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createTenant, createUser, type TestTenant, type TestUser } from '../../test/factories';
import { type Frame, openSocket, realtimeTicket, type TestSocket } from '../../test/realtime';

/**
 * Two Hub processes sharing one PostgreSQL database and one Redis, reached through a proxy the test can
 * cut, as a Redis outage would. Needs both servers (DATABASE_URL and REDIS_URL); without them two apps in
 * this process share one database and one in-process bus instead (the last describe).
 */
const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;
const skip =
  !redisUrl || !databaseUrl ? 'needs DATABASE_URL and REDIS_URL (two processes share them)' : false;

const mainPath = join(import.meta.dirname, '../../main.ts');
const PUBLIC_URL = 'http://localhost:3000';
const isType = (type: string) => (frame: Frame) => frame.type === type;

/** A TCP proxy in front of Redis: `cut` drops every connection and refuses new ones until `restore`. */
async function redisProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Node {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_URL,
      DATA_DIR: 'memory://',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${output}`)), 120_000);
    const onData = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1].replace('//localhost', '//127.0.0.1').replace(/\/$/, ''));
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`node exited (${code}): ${output}`)));
  });
  return { url, child, output: () => output };
}

describe('realtime across two nodes', { skip }, () => {
  let db: TestDatabase;
  let seeder: FastifyInstance;
  let proxy: Awaited<ReturnType<typeof redisProxy>>;
  let nodeA: Node;
  let nodeB: Node;
  let tenant: TestTenant;
  const opened: TestSocket[] = [];

  async function connect(node: Node, user: TestUser) {
    const socket = await openSocket(node.url, await realtimeTicket(node.url, user, tenant.accountId));
    opened.push(socket);
    await socket.next(isType('hello'));
    return socket;
  }
  const agent = () => createUser(seeder, { accountId: tenant.accountId, role: 'agent' });

  async function room(members: TestUser[]): Promise<string> {
    const { system } = seeder.deps.database;
    const [created] = await system
      .insert(chatRooms)
      .values({ accountId: tenant.accountId, kind: 'team', name: 'Across nodes' })
      .returning({ id: chatRooms.id });
    await system
      .insert(chatRoomMembers)
      .values(
        members.map((member) => ({ roomId: created!.id, accountId: tenant.accountId, userId: member.id })),
      );
    return created!.id;
  }
  const typing = (socket: TestSocket, roomId: string) =>
    socket.socket.send(JSON.stringify({ type: 'typing', room_id: roomId }));
  const typedBy = (user: TestUser, roomId: string) => (frame: Frame) =>
    frame.type === 'typing' && frame.user_id === user.id && frame.room_id === roomId;
  const presenceOf = (user: TestUser, status: string) => (frame: Frame) =>
    frame.type === 'presence.changed' &&
    (frame.users as { user_id: string; status: string }[]).some(
      (entry) => entry.user_id === user.id && entry.status === status,
    );

  before(async () => {
    db = await createTestDatabase();
    proxy = await redisProxy(new URL(redisUrl!));
    const env = { DATABASE_URL: db.url!, REDIS_URL: proxy.url };
    // Signs the test users' tokens with the nodes' secret and issuer; it serves nothing itself.
    seeder = await buildApp(testConfig({ ...env, PUBLIC_URL }), { database: db.database });
    [nodeA, nodeB] = await Promise.all([startNode(env), startNode(env)]);
    tenant = await createTenant(seeder, 'Nodes');
  });
  after(async () => {
    for (const { socket } of opened) socket.terminate();
    for (const node of [nodeA, nodeB]) {
      if (node && node.child.exitCode === null && node.child.signalCode === null) {
        node.child.kill('SIGKILL');
        await once(node.child, 'exit');
      }
    }
    await seeder?.close();
    await proxy?.close();
    await db?.drop();
  });

  test('typing on node A reaches a member connected to node B', async () => {
    const [alice, bob] = await Promise.all([agent(), agent()]);
    const roomId = await room([alice, bob]);
    const onA = await connect(nodeA, alice);
    const onB = await connect(nodeB, bob);
    typing(onA, roomId);
    await onB.next(typedBy(alice, roomId));
    onA.socket.close();
    onB.socket.close();
  });

  test('presence is right across nodes: online while any tab on any node is, offline after the last', async () => {
    const watcher = await connect(nodeB, tenant.users.admin);
    const dave = await agent();
    const tabOnA = await connect(nodeA, dave);
    await watcher.next(presenceOf(dave, 'online'));
    const tabOnB = await connect(nodeB, dave);
    tabOnA.socket.close();
    await tabOnA.closed;
    const listed = await fetch(`${nodeA.url}/api/v1/accounts/${tenant.accountId}/presence`, {
      headers: tenant.users.viewer.headers,
    });
    const users = ((await listed.json()) as { users: { user_id: string; status: string }[] }).users;
    assert.equal(
      users.find((entry) => entry.user_id === dave.id)?.status,
      'online',
      'node B still holds a tab',
    );
    tabOnB.socket.close();
    await watcher.next(presenceOf(dave, 'offline'));
    watcher.socket.close();
  });

  test('while Redis is down each node serves its own sockets; afterwards events cross nodes again', {
    timeout: 60_000,
  }, async () => {
    const [alice, bob, carol] = await Promise.all([agent(), agent(), agent()]);
    const before = await room([alice, bob, carol]);
    const during = await room([alice, bob, carol]);
    const afterwards = await room([alice, bob, carol]);
    const aliceOnA = await connect(nodeA, alice);
    const bobOnB = await connect(nodeB, bob);
    const carolOnB = await connect(nodeB, carol);
    typing(aliceOnA, before);
    await bobOnB.next(typedBy(alice, before));

    // A message before the outage arrives live; bob remembers the room's event seq it carried.
    const send = (body: string) =>
      fetch(`${nodeA.url}/api/v1/accounts/${tenant.accountId}/chat/rooms/${before}/messages`, {
        method: 'POST',
        headers: { ...alice.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: `c-${body}`, body }),
      });
    assert.equal((await send('first')).status, 201);
    const first = await bobOnB.next((frame) => frame.type === 'message.created' && frame.room_id === before);
    const seenSeq = first.seq as number;

    await proxy.cut();
    assert.equal((await send('while-down')).status, 201, 'sending does not need Redis');
    typing(carolOnB, during);
    await bobOnB.next(typedBy(carol, during));
    typing(aliceOnA, during);
    // Nothing crosses while Redis is away: wait as long as a delivery would take, then check.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(bobOnB.frames.filter(typedBy(alice, during)).length, 0);
    assert.equal(bobOnB.frames.filter((frame) => frame.type === 'message.created').length, 1);

    await proxy.restore();
    // The nodes reconnect and resubscribe on their own; typing is sent until one crosses.
    const crossed = bobOnB.next(typedBy(alice, afterwards), 30_000);
    const retry = setInterval(() => typing(aliceOnA, afterwards), 1_000);
    await crossed.finally(() => clearInterval(retry));
    // What bob missed is in the room log: he asks node B for everything after the seq he saw.
    const missed = await fetch(
      `${nodeB.url}/api/v1/accounts/${tenant.accountId}/chat/rooms/${before}/events?after=${seenSeq}`,
      { headers: bob.headers },
    );
    assert.equal(missed.status, 200);
    const page = (await missed.json()) as {
      events: { type: string; seq: number; message?: { body: string } }[];
    };
    assert.deepEqual(
      page.events.map((event) => [event.type, event.seq, event.message?.body]),
      [['message.created', seenSeq + 1, 'while-down']],
    );
    for (const socket of [aliceOnA, bobOnB, carolOnB]) socket.socket.close();
  });

  test("a node that dies takes its users offline on the others' watch", { timeout: 60_000 }, async () => {
    const watcher = await connect(nodeB, tenant.users.supervisor);
    const eve = await agent();
    await connect(nodeA, eve);
    await watcher.next(presenceOf(eve, 'online'));
    nodeA.child.kill('SIGKILL');
    await once(nodeA.child, 'exit');
    await watcher.next(presenceOf(eve, 'offline'), 40_000);
    watcher.socket.close();
  });
});

describe('realtime across two apps in one process (one database, one bus)', () => {
  let db: TestDatabase;
  const bus = createMemoryBus();
  let appA: FastifyInstance;
  let appB: FastifyInstance;
  let urlA: string;
  let urlB: string;
  let tenant: TestTenant;
  const opened: TestSocket[] = [];

  async function connect(url: string, user: TestUser) {
    const socket = await openSocket(url, await realtimeTicket(url, user, tenant.accountId));
    opened.push(socket);
    await socket.next(isType('hello'));
    return socket;
  }

  before(async () => {
    db = await createTestDatabase();
    const config = testConfig({ PUBLIC_URL });
    appA = await buildApp(config, { database: db.database, bus });
    appB = await buildApp(config, { database: db.database, bus });
    urlA = await appA.listen({ host: '127.0.0.1', port: 0 });
    urlB = await appB.listen({ host: '127.0.0.1', port: 0 });
    tenant = await createTenant(appA, 'Apps');
  });
  after(async () => {
    for (const { socket } of opened) socket.terminate();
    await appA?.close();
    await appB?.close();
    await bus.close();
    await db?.drop();
  });

  test('typing on app A reaches a member connected to app B', async () => {
    const [alice, bob] = await Promise.all(
      [1, 2].map(() => createUser(appA, { accountId: tenant.accountId, role: 'agent' })),
    );
    const { system } = db.database;
    const [room] = await system
      .insert(chatRooms)
      .values({ accountId: tenant.accountId, kind: 'team', name: 'Across apps' })
      .returning({ id: chatRooms.id });
    await system.insert(chatRoomMembers).values(
      [alice!, bob!].map((member) => ({
        roomId: room!.id,
        accountId: tenant.accountId,
        userId: member.id,
      })),
    );
    const onA = await connect(urlA, alice!);
    const onB = await connect(urlB, bob!);
    onA.socket.send(JSON.stringify({ type: 'typing', room_id: room!.id }));
    const frame = await onB.next(isType('typing'));
    assert.deepEqual(frame, { type: 'typing', room_id: room!.id, user_id: alice!.id });
  });

  test("a logout on app A closes the session's socket on app B", async () => {
    const user = await createUser(appA, { accountId: tenant.accountId, role: 'agent' });
    const onB = await connect(urlB, user);
    const logout = await appA.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers });
    assert.equal(logout.statusCode, 204);
    assert.equal(await onB.closed, 1008);
  });
});

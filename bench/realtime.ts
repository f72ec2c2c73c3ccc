/**
 * `npm run bench:realtime` (and the last part of `npm run bench`): the Hub's realtime on PostgreSQL + Redis.
 *
 * 1. Idle connections: BENCH_REALTIME_SOCKETS (10,000) authenticated WebSockets on one node, each opened
 *    with its own ticket; the Hub process's resident memory before and after, per connection.
 * 2. Delivery: 1,000 members in 100 rooms of 10, one socket each; messages sent through the chat API at
 *    BENCH_REALTIME_RATE (200) a second for BENCH_REALTIME_SECONDS (10); the time from the send to each
 *    other member's socket receiving `message.created`, p50 and p99.
 *
 * The load runs in this process, the Hub in its own. See docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Config } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/db/database';
import { accounts, accountUsers, chatRoomMembers, chatRooms, users } from '../apps/server/src/db/schema';
import { startSession } from '../apps/server/src/features/auth/issue';
import { onCleanup, runCleanup } from './lib/cleanup';
import { createTempDatabase, redact } from './lib/postgres';
import { writeResults } from './lib/report';
import { startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const SESSION_SECRET = randomBytes(32).toString('base64url');
const PUBLIC_URL = 'http://127.0.0.1';
const INSTALLATION = 'http://127.0.0.1:9';
const ACCOUNT_ID = 1;
const IDLE_SOCKETS = Number(process.env.BENCH_REALTIME_SOCKETS ?? 10_000);
const MEMBERS = 1_000;
const ROOMS = 100;
const RATE = Number(process.env.BENCH_REALTIME_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_REALTIME_SECONDS ?? 10);
/** Tickets are limited to 60 a minute per user: idle sockets are spread over enough users. */
const SOCKETS_PER_USER = 50;
const OPEN_CONCURRENCY = 100;
const IDLE_SETTLE_MS = 5_000;
const STRAGGLER_WAIT_MS = 3_000;

interface Member {
  id: string;
  token: string;
}

/** One account, `count` agents with a session each, and `ROOMS` team rooms sharing the first MEMBERS. */
async function seed(databaseUrl: string, count: number): Promise<{ members: Member[]; rooms: string[][] }> {
  const database = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    await database.migrate();
    const { system } = database;
    await system.insert(accounts).values({ id: ACCOUNT_ID, installation: INSTALLATION, name: 'Bench' });
    const created = await system
      .insert(users)
      .values(
        Array.from({ length: count }, (_, index) => ({
          installation: INSTALLATION,
          chatwootUserId: index + 1,
          email: `agent${index + 1}@bench.test`,
          name: `Agent ${index + 1}`,
        })),
      )
      .returning({ id: users.id });
    await system.insert(accountUsers).values(
      created.map((user) => ({
        accountId: ACCOUNT_ID,
        userId: user.id,
        role: 'agent' as const,
        chatwootRole: 'agent' as const,
      })),
    );
    const config = { sessionSecret: SESSION_SECRET, publicUrl: PUBLIC_URL } as Config;
    const members: Member[] = [];
    for (const user of created) {
      const session = await startSession(database, config, {
        userId: user.id,
        authMethod: 'sso',
        ip: null,
        userAgent: null,
      });
      members.push({ id: user.id, token: session.accessToken });
    }
    const rooms: string[][] = [];
    const perRoom = MEMBERS / ROOMS;
    for (let index = 0; index < ROOMS; index++) {
      const [room] = await system
        .insert(chatRooms)
        .values({ accountId: ACCOUNT_ID, kind: 'team', name: `Room ${index + 1}` })
        .returning({ id: chatRooms.id });
      const ids = members.slice(index * perRoom, (index + 1) * perRoom).map((member) => member.id);
      await system
        .insert(chatRoomMembers)
        .values(ids.map((userId) => ({ roomId: room!.id, accountId: ACCOUNT_ID, userId })));
      rooms.push([room!.id, ...ids]);
    }
    return { members, rooms };
  } finally {
    await database.close();
  }
}

/** Production mode with throwaway secrets, as a deployment runs it; nothing from a developer's .env. */
function hubEnv(databaseUrl: string, redisUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SESSION_SECRET,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CHATWOOT_URL: INSTALLATION,
    CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
    // The account-wide send limit (3,000 a minute) is below the offered rate; delivery is what is measured.
    CHAT_SEND_LIMIT_PER_ACCOUNT: String(RATE * 120),
  };
}

const rssBytes = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error('no VmRSS for the Hub process');
  return Number(match[1]) * 1024;
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Ticket requests the Hub answered 5xx and were asked again, as the web client does after a backoff. */
let ticketRetries = 0;
const TICKET_ATTEMPTS = 5;

async function ticket(baseUrl: string, member: Member): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/v1/realtime/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: ACCOUNT_ID }),
    });
    if (response.status === 201) return ((await response.json()) as { ticket: string }).ticket;
    const body = await response.text();
    if (response.status < 500 || attempt === TICKET_ATTEMPTS)
      throw new Error(`ticket: HTTP ${response.status} ${body}`);
    ticketRetries++;
    await new Promise((settle) => setTimeout(settle, 250 * attempt));
  }
}

/** Opens a socket and resolves once the server said hello; `onFrame` sees every later frame. */
async function connect(
  baseUrl: string,
  member: Member,
  onFrame?: (frame: string) => void,
): Promise<WebSocket> {
  const url = `${baseUrl.replace('http', 'ws')}/ws?ticket=${await ticket(baseUrl, member)}`;
  const socket = new WebSocket(url);
  await new Promise<void>((done, fail) => {
    socket.once('message', () => done());
    socket.once('error', fail);
  });
  if (onFrame) socket.on('message', (data) => onFrame(String(data)));
  return socket;
}

async function inBatches<T>(count: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  for (let start = 0; start < count; start += OPEN_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(OPEN_CONCURRENCY, count - start) }, (_, i) =>
      open(start + i),
    );
    opened.push(...(await Promise.all(batch)));
  }
  return opened;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (ms: number) => Math.round(ms * 100) / 100;

async function idleConnections(baseUrl: string, pid: number, members: Member[]) {
  const before = rssBytes(pid);
  const started = performance.now();
  const sockets = await inBatches(IDLE_SOCKETS, (index) =>
    connect(baseUrl, members[Math.floor(index / SOCKETS_PER_USER)]!),
  );
  const openSeconds = (performance.now() - started) / 1000;
  await new Promise((settle) => setTimeout(settle, IDLE_SETTLE_MS));
  const after = rssBytes(pid);
  for (const socket of sockets) socket.terminate();
  await new Promise((settle) => setTimeout(settle, 2_000));
  return {
    sockets: sockets.length,
    open_seconds: Math.round(openSeconds * 10) / 10,
    rss_before_mb: mb(before),
    rss_after_mb: mb(after),
    rss_per_connection_kb: Math.round(((after - before) / sockets.length / 1024) * 10) / 10,
    target_total_mb: 512,
  };
}

async function delivery(baseUrl: string, members: Member[], rooms: string[][]) {
  const sentAt = new Map<string, number>();
  /** When the 201 arrived, and when each other member's socket got the event, per message body. */
  const acceptedAt = new Map<string, number>();
  const receivedAt = new Map<string, number[]>();
  const latencies: number[] = [];
  const sendLatencies: number[] = [];
  let failedSends = 0;
  const failures: Record<string, number> = {};
  const failed = (reason: string) => {
    failedSends++;
    failures[reason] = (failures[reason] ?? 0) + 1;
  };
  const sockets = await inBatches(MEMBERS, (index) =>
    connect(baseUrl, members[index]!, (text) => {
      const at = performance.now();
      if (!text.startsWith('{"type":"message.created"')) return;
      const event = JSON.parse(text) as { message: { body: string; author_id: string } };
      if (event.message.author_id === members[index]!.id) return;
      const sent = sentAt.get(event.message.body);
      if (sent === undefined) return;
      latencies.push(at - sent);
      receivedAt.set(event.message.body, [...(receivedAt.get(event.message.body) ?? []), at]);
    }),
  );
  const memberById = new Map(members.map((member) => [member.id, member]));
  // Unmeasured: presence of the new connections settles, and every room's send path runs once.
  await new Promise((settle) => setTimeout(settle, IDLE_SETTLE_MS));
  await Promise.all(
    rooms.map(([roomId, authorId], index) =>
      fetch(`${baseUrl}/api/v1/accounts/${ACCOUNT_ID}/chat/rooms/${roomId}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${memberById.get(authorId!)!.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ client_id: `warm-${index}`, body: `warm-up ${index}` }),
      }).then((response) => response.arrayBuffer()),
    ),
  );
  const total = RATE * SECONDS;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let sent = 0; sent < total; sent++) {
    // Open loop: each message leaves at its scheduled time, whatever the earlier ones are doing.
    const due = start + (sent * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((settle) => setTimeout(settle, wait));
    const [roomId, ...memberIds] = rooms[sent % rooms.length]!;
    const author = memberById.get(memberIds[Math.floor(sent / rooms.length) % memberIds.length]!)!;
    const body = `bench ${sent}`;
    const at = performance.now();
    sentAt.set(body, at);
    inFlight.push(
      fetch(`${baseUrl}/api/v1/accounts/${ACCOUNT_ID}/chat/rooms/${roomId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: `bench-${sent}`, body }),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 201) return failed(`HTTP ${response.status}`);
          acceptedAt.set(body, performance.now());
          sendLatencies.push(performance.now() - at);
        },
        (error: Error) => failed(error.message),
      ),
    );
  }
  const offeredSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  await new Promise((settle) => setTimeout(settle, STRAGGLER_WAIT_MS));
  for (const socket of sockets) socket.terminate();
  // The realtime leg alone: how long after the sender had its 201 each member had the event (negative when
  // the event arrived first, as it is published before the response is written).
  const afterResponse: number[] = [];
  for (const [body, accepted] of acceptedAt)
    for (const received of receivedAt.get(body) ?? []) afterResponse.push(received - accepted);
  latencies.sort((a, b) => a - b);
  sendLatencies.sort((a, b) => a - b);
  afterResponse.sort((a, b) => a - b);
  const expected = (total - failedSends) * (MEMBERS / ROOMS - 1);
  return {
    members: MEMBERS,
    rooms: ROOMS,
    offered_rate: RATE,
    achieved_rate: Math.round((total / offeredSeconds) * 10) / 10,
    messages: total,
    failed_sends: failedSends,
    failures,
    deliveries: latencies.length,
    missing_deliveries: expected - latencies.length,
    send_to_receive_ms: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    send_accepted_ms: {
      p50: round(percentile(sendLatencies, 50)),
      p99: round(percentile(sendLatencies, 99)),
    },
    receive_after_response_ms: {
      p50: round(percentile(afterResponse, 50)),
      p99: round(percentile(afterResponse, 99)),
    },
    target_p99_ms: 100,
  };
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!serverUrl || !redisUrl) {
    console.log('realtime: skipped (set DATABASE_URL or BENCH_DATABASE_URL, and REDIS_URL)');
    return;
  }
  const startedAt = new Date();
  const loadAtStart = loadavg();
  console.log(`realtime: PostgreSQL ${redact(serverUrl)}, Redis ${redact(redisUrl)}`);
  const database = await createTempDatabase(serverUrl);
  onCleanup(() => database.drop());
  const users = Math.max(MEMBERS, Math.ceil(IDLE_SOCKETS / SOCKETS_PER_USER));
  const { members, rooms } = await seed(database.url, users);
  const server = await startServer({
    entry: 'apps/server/src/main.ts',
    cwd: repoRoot,
    env: hubEnv(database.url, redisUrl),
  });
  onCleanup(server.stop);
  try {
    let idle: Awaited<ReturnType<typeof idleConnections>> | null = null;
    if (IDLE_SOCKETS > 0) {
      console.log(`  ${IDLE_SOCKETS} idle sockets …`);
      idle = await idleConnections(server.url, server.pid, members);
      console.log(
        `  RSS ${idle.rss_before_mb} → ${idle.rss_after_mb} MB, ${idle.rss_per_connection_kb} KB per connection`,
      );
    }
    console.log(`  ${RATE} msg/s for ${SECONDS} s to ${MEMBERS} members in ${ROOMS} rooms …`);
    const sent = await delivery(server.url, members, rooms);
    console.log(
      `  send→receive p50 ${sent.send_to_receive_ms.p50} ms, p99 ${sent.send_to_receive_ms.p99} ms ` +
        `(${sent.deliveries} deliveries, ${sent.missing_deliveries} missing, ${sent.failed_sends} failed sends); ` +
        `after the sender's 201: p50 ${sent.receive_after_response_ms.p50} ms, p99 ${sent.receive_after_response_ms.p99} ms`,
    );
    const file = writeResults(join(benchDir, 'results'), startedAt, {
      kind: 'realtime',
      started_at: startedAt.toISOString(),
      machine: {
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? 'unknown',
        memory_gb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        loadavg_at_start: loadAtStart,
      },
      idle,
      delivery: sent,
      ticket_retries: ticketRetries,
    });
    console.log(`  ticket requests retried after a 5xx: ${ticketRetries}; results: ${file}`);
  } finally {
    await server.stop();
  }
}

main()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(runCleanup);

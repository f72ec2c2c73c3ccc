/**
 * `npm run bench:chat`: chat on PostgreSQL. (1) Messages accepted per second by `POST …/messages` over
 * 100 rooms, against single-row INSERTs per second into `chat_messages` from a pool of the Hub's default
 * size at the same concurrency (target ratio ≥ 0.5); (2) the room list of a user in 1,000 rooms with
 * 1,000,000 messages in the account (target p99 < 25 ms), all of it at once (what the web app asks for)
 * and its first page of 50, the page also offered at half the rate the machine sustained for it (an open
 * loop: the wait at that load rather than the queue of a saturated one). CPU per request of the Hub and of
 * PostgreSQL is sampled with each, since on a shared machine latency mostly measures the neighbours. Needs
 * BENCH_DATABASE_URL or DATABASE_URL (a server where a temporary database may be created). See
 * docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { onCleanup, runCleanup } from './lib/cleanup';
import { cpuPerRequest, sampleCpu } from './lib/cpu';
import { type HubPauses, hubPauses, scrapeMetrics } from './lib/hub-metrics';
import { measure, measureAtRate } from './lib/load';
import { createTempDatabase, redact } from './lib/postgres';
import { writeResults } from './lib/report';
import { BENCH_ACCOUNT_ID, seedAdminToken, seedUserToken } from './lib/seed';
import { startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const SESSION_SECRET = randomBytes(32).toString('base64url');
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const METRICS_TOKEN = randomBytes(24).toString('base64url');
const CHATWOOT_URL = 'http://127.0.0.1:9';
const SEND_ROOMS = 100;
const LIST_ROOMS = Number(process.env.BENCH_CHAT_ROOMS ?? 1_000);
const MESSAGES = Number(process.env.BENCH_CHAT_MESSAGES ?? 1_000_000);
/** The Hub's `DATABASE_POOL_MAX` (its default unless `BENCH_DATABASE_POOL_MAX`): the raw inserts get the same pool. */
const POOL_SIZE = Number(process.env.BENCH_DATABASE_POOL_MAX || 10);
/** What a paging client asks for first. */
const LIST_PAGE = 50;
/** The rooms of a user in few of the account's rooms (the first page then holds all of them). */
const FEW_ROOMS = 20;
/**
 * Which measures to run, comma-separated: `list` (all rooms), `page` (first page), `few` (first page of a
 * user in FEW_ROOMS of the account's rooms; BENCH_CHAT_ROOMS sets how many the account has), `sends`
 * (with the raw inserts). All by default.
 */
const PARTS = new Set((process.env.BENCH_CHAT_PARTS ?? 'list,page,few,sends').split(','));
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  durationS: Number(process.env.BENCH_DURATION ?? 10),
  warmupS: Number(process.env.BENCH_WARMUP ?? 3),
};

/**
 * A second member, the 100 rooms the sends go to, and the 1,000 rooms of the list (DMs and team rooms,
 * with the messages spread over them), in set-based statements. Returns the send rooms' ids.
 */
async function seedChat(client: pg.Client): Promise<{ sendRooms: string[]; adminId: string }> {
  const account = BENCH_ACCOUNT_ID;
  const {
    rows: [admin],
  } = await client.query<{ id: string }>(
    `select user_id as id from account_users where account_id = $1 and role = 'admin'`,
    [account],
  );
  const {
    rows: [colleague],
  } = await client.query<{ id: string }>(
    `insert into users (installation, chatwoot_user_id, email, name)
     values ($1, 2, 'bench-agent@example.test', 'Bench agent') returning id`,
    [CHATWOOT_URL],
  );
  await client.query(
    `insert into account_users (account_id, user_id, role, chatwoot_role) values ($1, $2, 'agent', 'agent')`,
    [account, colleague!.id],
  );
  const { rows: sendRooms } = await client.query<{ id: string }>(
    `insert into chat_rooms (account_id, kind, name, created_by)
     select $1, 'team', 'Send ' || n, $2 from generate_series(1, $3) n returning id`,
    [account, admin!.id, SEND_ROOMS],
  );
  await client.query(
    `insert into chat_rooms (account_id, kind, name, created_by, created_at)
     select $1, 'team', 'List ' || n, $2, now() - n * interval '1 minute' from generate_series(1, $3) n`,
    [account, admin!.id, LIST_ROOMS],
  );
  await client.query(
    `insert into chat_room_members (room_id, user_id, account_id, role)
     select r.id, u.id, $1, case when u.id = $2 then 'owner' else 'member' end
       from chat_rooms r cross join (values ($2::uuid), ($3::uuid)) u(id) where r.account_id = $1`,
    [account, admin!.id, colleague!.id],
  );
  // The messages: one per seq, spread over the list rooms, alternating authors; the rooms then carry
  // their counters and latest preview as sends leave them, and each member has read half.
  await client.query(
    `with r as (select id, row_number() over (order by id) - 1 as rank from chat_rooms
                 where account_id = $1 and name like 'List %')
     insert into chat_messages (account_id, room_id, seq, author_id, body, created_at)
     select $1, r.id, (n / $3) + 1, case when n % 2 = 0 then $4::uuid else $5::uuid end,
            'Mensagem ' || n || ' sobre o pedido do cliente', now() - (n % 100000) * interval '1 second'
       from generate_series(0, $2 - 1) n join r on r.rank = n % $3`,
    [account, MESSAGES, LIST_ROOMS, admin!.id, colleague!.id],
  );
  await client.query(
    `update chat_rooms r set last_message_seq = m.last_seq, last_message_at = m.last_at,
            last_message_preview = 'Mensagem sobre o pedido do cliente'
       from (select room_id, max(seq) as last_seq, max(created_at) as last_at from chat_messages
              group by room_id) m
      where m.room_id = r.id`,
  );
  await client.query(
    `update chat_room_members m set last_read_seq = r.last_message_seq / 2
       from chat_rooms r where r.id = m.room_id`,
  );
  await client.query('analyze');
  return { sendRooms: sendRooms.map((row) => row.id), adminId: admin!.id };
}

/** Messages accepted per second: each request a new client id, rooms in turn, all 201s counted. */
async function measureSends(
  serverUrl: string,
  token: string,
  rooms: string[],
  cpu: () => ReturnType<typeof sampleCpu>,
) {
  let next = 0;
  const run = (durationS: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: serverUrl,
          connections: settings.connections,
          duration: durationS,
          timeout: 10,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => {
                const index = next++;
                return {
                  ...request,
                  path: `/api/v1/accounts/${BENCH_ACCOUNT_ID}/chat/rooms/${rooms[index % rooms.length]}/messages`,
                  body: JSON.stringify({ client_id: `bench-${index}`, body: `Mensagem de bench ${index}` }),
                };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  if (settings.warmupS > 0) await run(settings.warmupS);
  const cpuBefore = await cpu();
  const result = await run(settings.durationS);
  const cpuAfter = await cpu();
  return {
    accepted_per_s: Math.round(result['2xx'] / settings.durationS),
    cpu_ms_per_send: cpuPerRequest(cpuBefore, cpuAfter, result['2xx']),
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Single-row INSERTs per second into `chat_messages`, from a pool of the Hub's size, as many at once. */
async function measureRawInserts(databaseUrl: string, roomId: string, authorId: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  // `pool.end()` resolves before its sockets are closed, and the database is then dropped with force: a
  // connection still closing reports that termination, which must not crash the run after its results.
  pool.on('error', () => {});
  let seq = 1_000_000;
  let inserted = 0;
  const insertFor = async (until: number, count: boolean) => {
    while (Date.now() < until) {
      const mine = seq++;
      await pool.query(
        `insert into chat_messages (account_id, room_id, seq, author_id, body, client_id)
         values ($1, $2, $3, $4, $5, $6)`,
        [BENCH_ACCOUNT_ID, roomId, mine, authorId, `Mensagem de bench ${mine}`, `raw-${mine}`],
      );
      if (count) inserted++;
    }
  };
  try {
    const workers = (seconds: number, count: boolean) => {
      const until = Date.now() + seconds * 1000;
      return Promise.all(Array.from({ length: settings.connections }, () => insertFor(until, count)));
    };
    if (settings.warmupS > 0) await workers(settings.warmupS, false);
    const cpuBefore = await sampleCpu(process.pid, databaseUrl);
    await workers(settings.durationS, true);
    const cpu = cpuPerRequest(cpuBefore, await sampleCpu(process.pid, databaseUrl), inserted);
    return {
      inserts_per_s: Math.round(inserted / settings.durationS),
      cpu_ms_per_insert: { client: cpu.hub, database: cpu.database },
    };
  } finally {
    await pool.end();
  }
}

/**
 * A third member in FEW_ROOMS of the list rooms, spread evenly over their activity, having read half of
 * each. Returns the user's id.
 */
async function seedFewRoomsUser(client: pg.Client): Promise<string> {
  const {
    rows: [user],
  } = await client.query<{ id: string }>(
    `insert into users (installation, chatwoot_user_id, email, name)
     values ($1, 3, 'bench-few@example.test', 'Bench few') returning id`,
    [CHATWOOT_URL],
  );
  await client.query(
    `insert into account_users (account_id, user_id, role, chatwoot_role) values ($1, $2, 'agent', 'agent')`,
    [BENCH_ACCOUNT_ID, user!.id],
  );
  await client.query(
    `with r as (select id, last_message_seq, row_number() over (order by last_message_at desc, id) - 1 as rank
                  from chat_rooms where account_id = $1 and name like 'List %')
     insert into chat_room_members (room_id, user_id, account_id, role, last_read_seq)
     select id, $2, $1, 'member', last_message_seq / 2 from r where rank % ($3::int / $4::int) = 0 limit $4`,
    [BENCH_ACCOUNT_ID, user!.id, LIST_ROOMS, FEW_ROOMS],
  );
  await client.query('analyze chat_room_members');
  return user!.id;
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server');
  const startedAt = new Date();
  const load = loadavg();
  const database = await createTempDatabase(serverUrl);
  onCleanup(() => database.drop());
  const token = await seedAdminToken({
    databaseUrl: database.url,
    sessionSecret: SESSION_SECRET,
    publicUrl: 'http://127.0.0.1',
    installation: CHATWOOT_URL,
  });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const seedStarted = Date.now();
  const { sendRooms, adminId, fewUserId } = await seedChat(client)
    .then(async (seeded) => ({
      ...seeded,
      fewUserId: PARTS.has('few') ? await seedFewRoomsUser(client) : '',
    }))
    .finally(() => client.end());
  console.log(
    `seeded ${LIST_ROOMS} rooms and ${MESSAGES} messages in ${Math.round((Date.now() - seedStarted) / 1000)} s`,
  );
  const server = await startServer({
    entry: 'apps/server/src/main.ts',
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DATA_DIR: '',
      REDIS_URL: '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      SESSION_SECRET,
      ENCRYPTION_KEY,
      CHATWOOT_URL,
      CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
      PUBLIC_URL: 'http://127.0.0.1',
      METRICS_TOKEN,
      DATABASE_POOL_MAX: String(POOL_SIZE),
      // The limits guard production from floods; here they would measure themselves.
      CHAT_SEND_LIMIT_PER_USER: '100000',
      CHAT_SEND_LIMIT_PER_ACCOUNT: '10000000',
    },
  });
  onCleanup(server.stop);
  const headers = { authorization: `Bearer ${token}` };
  const cpu = () => sampleCpu(server.pid, database.url);
  type Measured = Awaited<ReturnType<typeof measure>> & { hub: HubPauses };
  /**
   * A run with what the Hub itself saw of its measured part (the scrapes are taken with the CPU samples,
   * after the warm-up), to tell the Hub's pauses from the rest of the tail.
   */
  const seenByHub = async (run: (sample: typeof cpu) => ReturnType<typeof measure>): Promise<Measured> => {
    const scrapes: string[] = [];
    const result = await run(async () => {
      scrapes.push(await scrapeMetrics(server.url, METRICS_TOKEN));
      return cpu();
    });
    return { ...result, hub: hubPauses(scrapes[0]!, scrapes[1]!, '/api/v1/accounts/:accountId/chat/rooms') };
  };
  let roomList: Awaited<ReturnType<typeof measure>> | undefined;
  let roomPage: Measured | undefined;
  let roomPageAtHalfRate: Measured | undefined;
  let fewRoomsPage: Awaited<ReturnType<typeof measure>> | undefined;
  let sends: Awaited<ReturnType<typeof measureSends>> | undefined;
  try {
    const listUrl = `${server.url}/api/v1/accounts/${BENCH_ACCOUNT_ID}/chat/rooms`;
    const listSettings = { ...settings, connections: 10 };
    const report = (label: string, result: Awaited<ReturnType<typeof measure>> & { hub?: HubPauses }) => {
      console.log(
        `GET …/chat/rooms, ${label}: p50 ${result.p50} ms, p99 ${result.p99} ms, CPU per request: Hub ${result.cpu?.hub?.toFixed(2)} ms, PostgreSQL ${result.cpu?.database?.toFixed(2)} ms`,
      );
      const { hub, generatorDelay } = result;
      if (hub) {
        console.log(
          `  seen by the Hub: ${(hub.routeOver25ms * 100).toFixed(2)} % over 25 ms, event-loop delay p99 ${hub.eventLoopDelayP99} / max ${hub.eventLoopDelayMax} ms, GC pauses ${hub.gcMinorMs} ms young + ${hub.gcMajorMs} ms full${generatorDelay ? `; load generator's event-loop delay p99 ${generatorDelay.p99} / max ${generatorDelay.max} ms` : ''}`,
        );
      }
    };
    if (PARTS.has('list')) {
      roomList = await measure(listUrl, listSettings, { headers }, cpu);
      report(`all ${LIST_ROOMS + SEND_ROOMS} rooms`, roomList);
    }
    if (PARTS.has('page')) {
      roomPage = await seenByHub((sample) =>
        measure(`${listUrl}?limit=${LIST_PAGE}`, listSettings, { headers }, sample),
      );
      report(`first ${LIST_PAGE}`, roomPage);
      // The same page offered at half the rate the machine just sustained: what a user waits for while the
      // Hub is busy but not saturated, where the run above keeps ten requests queued at every moment.
      const halfRate = Math.max(1, Math.round(roomPage.rps / 2));
      roomPageAtHalfRate = await seenByHub((sample) =>
        measureAtRate(
          `${listUrl}?limit=${LIST_PAGE}`,
          { ...listSettings, rate: halfRate },
          { headers },
          sample,
        ),
      );
      report(`first ${LIST_PAGE}, offered at ${halfRate}/s (half the rate above)`, roomPageAtHalfRate);
    }
    if (PARTS.has('few')) {
      const fewToken = await seedUserToken(
        {
          databaseUrl: database.url,
          sessionSecret: SESSION_SECRET,
          publicUrl: 'http://127.0.0.1',
          installation: CHATWOOT_URL,
        },
        fewUserId,
      );
      fewRoomsPage = await measure(
        `${listUrl}?limit=${LIST_PAGE}`,
        listSettings,
        { headers: { authorization: `Bearer ${fewToken}` } },
        cpu,
      );
      report(`first ${LIST_PAGE} of a user in ${FEW_ROOMS} of ${LIST_ROOMS + SEND_ROOMS}`, fewRoomsPage);
    }
    if (PARTS.has('sends')) {
      sends = await measureSends(server.url, token, sendRooms, cpu);
      console.log(
        `POST …/messages: ${sends.accepted_per_s} accepted/s, p99 ${sends.p99} ms, CPU per send: Hub ${sends.cpu_ms_per_send.hub?.toFixed(2)} ms, PostgreSQL ${sends.cpu_ms_per_send.database?.toFixed(2)} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  const raw = sends ? await measureRawInserts(database.url, sendRooms[0]!, adminId) : undefined;
  const ratio = sends && raw && raw.inserts_per_s > 0 ? sends.accepted_per_s / raw.inserts_per_s : 0;
  if (raw) {
    console.log(
      `raw INSERT: ${raw.inserts_per_s}/s (PostgreSQL CPU per insert ${raw.cpu_ms_per_insert.database?.toFixed(2)} ms); sends / inserts = ${ratio.toFixed(2)} (target ≥ 0.5)`,
    );
  }
  const file = writeResults(join(benchDir, 'results'), startedAt, {
    kind: 'chat',
    started_at: startedAt.toISOString(),
    loadavg_at_start: load,
    postgres: redact(serverUrl),
    settings: {
      ...settings,
      pool: POOL_SIZE,
      send_rooms: SEND_ROOMS,
      list_rooms: LIST_ROOMS,
      list_page: LIST_PAGE,
      few_rooms: FEW_ROOMS,
      parts: [...PARTS],
      messages: MESSAGES,
    },
    results: {
      room_list: roomList,
      room_list_first_page: roomPage,
      room_list_first_page_at_half_rate: roomPageAtHalfRate,
      room_list_first_page_few_rooms: fewRoomsPage,
      sends,
      raw_inserts: raw,
      sends_to_inserts: Number(ratio.toFixed(3)),
    },
  });
  console.log(`results written to ${file}`);
}

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await runCleanup();
}

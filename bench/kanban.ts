/**
 * `npm run bench:kanban`: loading a board of 5,000 cards with 100,000 card events on PostgreSQL, as the
 * account's admin (who sees every card). Measures the board with its stage counts, one column's first
 * page (what a virtualised column asks for first), every card of the board in one page, and the board's
 * metrics over the 90 days the events span, with an explicit range as the web asks: warm (repeated reads
 * of an unchanged board, the common dashboard case, answered from the metrics cache) and cold (a card
 * moved through the API before every read, so each read computes; at one connection every read misses,
 * at more, reads that follow the same change share one computation, as they would in production).
 * Needs BENCH_DATABASE_URL or DATABASE_URL (a server where a temporary database may be created).
 * See docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { onCleanup, runCleanup } from './lib/cleanup';
import { type CpuSample, cpuPerRequest, sampleCpu } from './lib/cpu';
import { type LoadResult, measure } from './lib/load';
import { createTempDatabase, redact } from './lib/postgres';
import { writeResults } from './lib/report';
import { BENCH_ACCOUNT_ID, seedAdminToken } from './lib/seed';
import { startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const SESSION_SECRET = randomBytes(32).toString('base64url');
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const CHATWOOT_URL = 'http://127.0.0.1:9';
const CARDS = Number(process.env.BENCH_KANBAN_CARDS ?? 5_000);
const EVENTS = Number(process.env.BENCH_KANBAN_EVENTS ?? 100_000);
const STAGES = 5;
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  durationS: Number(process.env.BENCH_DURATION ?? 10),
  warmupS: Number(process.env.BENCH_WARMUP ?? 3),
};

/**
 * The board, its stages, the cards spread over the stages and inboxes, and the events, written in a few
 * set-based statements: a create per card in its first stage, and the rest real moves, each to another
 * stage than the card's current one (a walk of one to four stages forward, wrapping round), spread in
 * time order over the card's life up to now; the card ends where its last move put it. So the
 * maintained placements hold what such a history produces (one per event), not a few thousand rows.
 */
async function seedBoard(databaseUrl: string): Promise<{ boardId: string; placements: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const account = BENCH_ACCOUNT_ID;
    const {
      rows: [board],
    } = await client.query<{ id: string }>(
      `insert into boards (account_id, name, is_default, loss_reasons) values ($1, 'Bench', true, '{Preço}') returning id`,
      [account],
    );
    await client.query(
      `insert into board_stages (account_id, board_id, name, position, is_in_progress, is_done)
       select $1, $2, 'Stage ' || n, n * 1024, n between 2 and 4, n = $3 from generate_series(1, $3) n`,
      [account, board!.id, STAGES],
    );
    await client.query(
      `insert into cards (account_id, board_id, stage_id, position, title, conversation_display_id,
                          contact_name, contact_phone, inbox_id, labels, created_at, stage_entered_at)
       select $1, $2, s.id, n * 1024, 'Card ' || n, n, 'Contato ' || n, '+55119' || lpad(n::text, 8, '0'),
              1 + n % 3, array['lead'], now() - (n % 90) * interval '1 day' - interval '1 hour',
              now() - (n % 90) * interval '1 day' - interval '1 hour'
         from generate_series(1, $3) n
         join lateral (select id from board_stages where board_id = $2 order by position
                       offset (n % $4) limit 1) s on true`,
      [account, board!.id, CARDS, STAGES],
    );
    await client.query(
      `insert into card_events (account_id, board_id, card_id, type, to_stage_id, cause, data, at)
       select account_id, board_id, id, 'create', stage_id, 'automation', '{}', created_at from cards where board_id = $1`,
      [board!.id],
    );
    const moves = Math.max(0, EVENTS - CARDS);
    const perCard = Math.floor(moves / CARDS);
    await client.query(
      `with st as (
         select id, (row_number() over (order by position) - 1)::int as idx from board_stages where board_id = $1
       ),
       c as (
         select c.id, c.created_at, st.idx as first_idx, row_number() over (order by c.id) as rank
         from cards c join st on st.id = c.stage_id where c.board_id = $1
       ),
       walk as (
         select c.id, c.created_at, j,
           (c.first_idx + sum(1 + (c.rank * 7919 + j * 104729) % ($5 - 1))
             over (partition by c.id order by j)) % $5 as idx
         from c cross join lateral generate_series(1, $3 + case when c.rank <= $4 then 1 else 0 end) j
       ),
       steps as (
         select w.*, lag(w.idx) over (partition by w.id order by w.j) as previous_idx from walk w
       )
       insert into card_events (account_id, board_id, card_id, type, from_stage_id, to_stage_id, cause, data, at)
       select $2, $1, s.id, 'move', f.id, t.id, 'user', '{}',
              s.created_at + (now() - s.created_at) * s.j / ($3 + 2)
         from steps s
         join c on c.id = s.id
         join st t on t.idx = s.idx
         join st f on f.idx = coalesce(s.previous_idx, c.first_idx)`,
      [board!.id, account, perCard, moves - perCard * CARDS, STAGES],
    );
    await client.query(
      `update cards c set stage_id = last.to_stage_id, stage_entered_at = last.at
         from (select distinct on (card_id) card_id, to_stage_id, at from card_events
               where board_id = $1 and type = 'move' order by card_id, at desc) last
        where c.id = last.card_id`,
      [board!.id],
    );
    await client.query('analyze');
    const {
      rows: [counted],
    } = await client.query<{ placements: number }>(
      'select count(*)::int as placements from card_placements where board_id = $1',
      [board!.id],
    );
    return { boardId: board!.id, placements: counted!.placements };
  } finally {
    await client.end();
  }
}

/** Nearest-rank percentile of latencies in ms. */
function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return Math.round(value * 100) / 100;
}

/**
 * Each of `connections` workers moves a card of its own to the next stage through the API, then reads
 * the metrics; the reads are the result, the moves are timed on the side (`moveP50`, `moveP99`): what a
 * move costs with the metrics' aggregates kept in its transaction.
 */
async function measureCold(
  metricsUrl: string,
  boardUrl: string,
  headers: Record<string, string>,
  stageIds: string[],
  connections: number,
  cpu: () => Promise<CpuSample>,
): Promise<LoadResult & { moveP50: number; moveP99: number }> {
  const page = (await (await fetch(`${boardUrl}/cards?limit=${connections * 20}`, { headers })).json()) as {
    cards: { id: string; stage_id: string }[];
  };
  const latencies: number[] = [];
  const moveLatencies: number[] = [];
  let failed = 0;
  const deadline = performance.now() + settings.durationS * 1000;
  const cpuBefore = await cpu();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      const mine = page.cards.filter((_, index) => index % connections === worker);
      for (let turn = 0; performance.now() < deadline; turn++) {
        const card = mine[turn % mine.length]!;
        const next = stageIds[(stageIds.indexOf(card.stage_id) + 1) % stageIds.length]!;
        const moveStarted = performance.now();
        const moved = await fetch(`${boardUrl}/cards/${card.id}/move`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ stage_id: next }),
        });
        await moved.arrayBuffer();
        moveLatencies.push(performance.now() - moveStarted);
        if (moved.ok) card.stage_id = next;
        else failed++;
        const before = performance.now();
        const read = await fetch(metricsUrl, { headers });
        await read.arrayBuffer();
        latencies.push(performance.now() - before);
        if (!read.ok) failed++;
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  // The moves' CPU is in it too: one move and one read per sample.
  const cpuUsed = cpuPerRequest(cpuBefore, await cpu(), latencies.length);
  latencies.sort((a, b) => a - b);
  moveLatencies.sort((a, b) => a - b);
  return {
    moveP50: percentile(moveLatencies, 50),
    moveP99: percentile(moveLatencies, 99),
    rps: Math.round((latencies.length / elapsedS) * 10) / 10,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    meanLatency: Math.round((latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length) * 100) / 100,
    requests: latencies.length,
    non2xx: failed,
    errors: 0,
    cpu: cpuUsed,
  };
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
  const { boardId, placements } = await seedBoard(database.url);
  console.log(`seeded ${CARDS} cards, ${EVENTS} events, ${placements} placements`);
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
      DATABASE_POOL_MAX: process.env.BENCH_DATABASE_POOL_MAX ?? '',
      SESSION_SECRET,
      ENCRYPTION_KEY,
      CHATWOOT_URL,
      CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
      PUBLIC_URL: 'http://127.0.0.1',
    },
  });
  onCleanup(server.stop);
  const headers = { authorization: `Bearer ${token}` };
  const boardUrl = `${server.url}/api/v1/accounts/${BENCH_ACCOUNT_ID}/boards/${boardId}`;
  const board = (await (await fetch(boardUrl, { headers })).json()) as { stages: { id: string }[] };
  // Fixed for the run, as the web's date pickers send it: up to the end of today (UTC), 90 days back.
  const to = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000);
  const metricsUrl = `${boardUrl}/metrics?from=${encodeURIComponent(new Date(to.getTime() - 90 * 86_400_000).toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const scenarios = [
    { label: 'GET board (stages + counts)', url: boardUrl },
    {
      label: 'GET one column, first 100 cards',
      url: `${boardUrl}/cards?stage_id=${board.stages[0]!.id}&limit=100`,
    },
    { label: `GET all ${CARDS} cards`, url: `${boardUrl}/cards?limit=${CARDS}` },
    { label: 'GET metrics, 90 days, warm (unchanged board)', url: metricsUrl },
  ];
  const rows: Array<LoadResult & { route: string }> = [];
  const cpu = () => sampleCpu(server.pid, database.url);
  // The previous scenario's last requests (seconds each for the 5,000-card page) still run when
  // autocannon stops: let them finish before the next one is timed.
  const settle = () => new Promise((done) => setTimeout(done, 5_000));
  try {
    for (const scenario of scenarios) {
      await settle();
      const result = await measure(scenario.url, settings, { headers }, cpu);
      rows.push({ route: scenario.label, ...result });
      console.log(`${scenario.label}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.rps} req/s`);
    }
    const stageIds = board.stages.map((stage) => stage.id);
    for (const connections of [1, settings.connections]) {
      const label = `GET metrics, 90 days, cold (a move before each read), ${connections} connection(s)`;
      await settle();
      const result = await measureCold(metricsUrl, boardUrl, headers, stageIds, connections, cpu);
      rows.push({ route: label, ...result });
      console.log(
        `${label}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.rps} req/s; moves p50 ${result.moveP50} ms, p99 ${result.moveP99} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  console.log(
    '\n| route | req/s | p50 ms | p99 ms | Hub CPU ms/req | PostgreSQL CPU ms/req | non-2xx |\n|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of rows)
    console.log(
      `| ${row.route} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.cpu?.hub?.toFixed(1) ?? '—'} | ${row.cpu?.database?.toFixed(1) ?? '—'} | ${row.non2xx + row.errors} |`,
    );
  const file = writeResults(join(benchDir, 'results'), startedAt, {
    kind: 'kanban-board-load',
    started_at: startedAt.toISOString(),
    loadavg_at_start: load,
    postgres: redact(serverUrl),
    settings: { ...settings, cards: CARDS, events: EVENTS, stages: STAGES, placements },
    results: rows,
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

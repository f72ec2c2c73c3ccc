/**
 * `npm run bench:webhooks`: signed Chatwoot webhook intake at increasing offered rates, on PGlite and
 * PostgreSQL, against the bare-Fastify baseline of the same run. Accepted/s and ack latency come from
 * the load generator; processing lag (stored → processed) and lost deliveries from the Hub's /metrics.
 * See docs/PERFORMANCE.md.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../apps/server/src/db/database';
import { chatwootConnections } from '../apps/server/src/db/schema';
import { hashSecret } from '../apps/server/src/features/auth/tokens';
import { createSecretBox, encryptionKeysFrom } from '../apps/server/src/infra/secrets';
import { onCleanup, runCleanup } from './lib/cleanup';
import { cpuPerRequest, sampleCpu } from './lib/cpu';
import { metric, scrapeMetrics } from './lib/hub-metrics';
import { measure } from './lib/load';
import { createTempDatabase, redact, withClient } from './lib/postgres';
import { writeResults } from './lib/report';
import { BENCH_ACCOUNT_ID, seedAdminToken } from './lib/seed';
import { type ServerProcess, startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const SESSION_SECRET = randomBytes(32).toString('base64url');
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const METRICS_TOKEN = randomBytes(24).toString('base64url');
const WEBHOOK_SECRET = randomBytes(24).toString('base64url');
const URL_TOKEN = randomBytes(24).toString('base64url');
const CHATWOOT_URL = 'http://127.0.0.1:9';
const RATES = (process.env.BENCH_WEBHOOK_RATES ?? '250,500,1000,2000,4000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_WEBHOOK_STEP_S ?? 5);
/** `in-process` (JOBS_ENABLED=false, the default) or `pg-boss`: the job system that runs the processing. */
const JOBS = process.env.BENCH_WEBHOOK_JOBS ?? 'in-process';
const CONNECTIONS = 50;
/** How long the Hub may take to finish what it accepted before the step counts the rest as lost. */
const DRAIN_TIMEOUT_MS = 120_000;
const METRICS_POLL_MS = 1_500;

/** The account's connection as `PUT …/chatwoot/connection` stores it, sealed with the Hub's key. */
async function seedConnection(database: { databaseUrl?: string; dataDir?: string }) {
  await seedAdminToken({
    ...database,
    sessionSecret: SESSION_SECRET,
    publicUrl: 'http://127.0.0.1',
    installation: CHATWOOT_URL,
  });
  const db = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? '' });
  try {
    const secrets = createSecretBox(encryptionKeysFrom(ENCRYPTION_KEY, undefined, SESSION_SECRET));
    const aad = (field: string) => `chatwoot_connection:${BENCH_ACCOUNT_ID}:${field}`;
    await db.system
      .insert(chatwootConnections)
      .values({
        accountId: BENCH_ACCOUNT_ID,
        adminTokenSealed: secrets.seal('bench-admin-token', aad('admin_token')),
        webhookSecretSealed: secrets.seal(WEBHOOK_SECRET, aad('webhook_secret')),
        urlTokenHash: hashSecret(URL_TOKEN),
      })
      .onConflictDoNothing();
  } finally {
    await db.close();
  }
}

function hubEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: '',
    REDIS_URL: '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // The same process takes the deliveries and processes them: in process, or through pg-boss.
    JOBS_ENABLED: JOBS === 'pg-boss' ? 'true' : 'false',
    DATABASE_POOL_MAX: process.env.BENCH_DATABASE_POOL_MAX ?? '',
    SESSION_SECRET,
    ENCRYPTION_KEY,
    METRICS_TOKEN,
    CHATWOOT_URL,
    CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
    PUBLIC_URL: 'http://127.0.0.1',
    ...overrides,
  };
}

let nextMessage = 1;
/** A `message_created` of Chatwoot's shape (reference §4.3), one new message id per request. */
function signedDelivery() {
  const id = nextMessage++;
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    event: 'message_created',
    id,
    content: 'bench',
    message_type: 'incoming',
    private: false,
    created_at: new Date().toISOString(),
    sender: { id: 1, type: 'contact' },
    conversation: {
      id: 1 + (id % 200),
      inbox_id: 1,
      status: 'open',
      labels: [],
      created_at: now,
      updated_at: now,
      last_activity_at: now,
      meta: { sender: { id: 1, name: 'Bench contact' } },
    },
  });
  const timestamp = String(now);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-chatwoot-delivery': `bench-${id}-${randomBytes(4).toString('hex')}`,
      'x-chatwoot-timestamp': timestamp,
      'x-chatwoot-signature': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex')}`,
    },
  };
}

/** The smallest lag bucket holding 99 % of what was finished in the step (an upper bound). */
function lagP99(before: string, after: string): string {
  const buckets = new Map<string, number>();
  for (const line of after.split('\n')) {
    const match = /^hub_webhook_processing_lag_seconds_bucket\{.*le="([^"]+)".*\} (\S+)$/.exec(line);
    if (!match) continue;
    const prior = before
      .split('\n')
      .filter((candidate) => candidate.startsWith(line.slice(0, line.lastIndexOf(' '))))
      .map((candidate) => Number(candidate.split(' ').at(-1)))[0];
    buckets.set(match[1]!, (buckets.get(match[1]!) ?? 0) + Number(match[2]) - (prior ?? 0));
  }
  const total = buckets.get('+Inf') ?? 0;
  for (const [le, count] of buckets) if (count >= total * 0.99) return le === '+Inf' ? '> 3600' : `≤ ${le}`;
  return 'n/a';
}

/**
 * The histogram only bounds p99 by a bucket; on PostgreSQL the rows themselves say exactly how long each
 * delivery the step stored waited, and one still unfinished counts as waiting until now.
 */
async function exactLagP99(databaseUrl: string, since: Date): Promise<number> {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ p99: number | null }>(
      `select percentile_cont(0.99) within group (
                order by extract(epoch from coalesce(processed_at, now()) - received_at)) as p99
         from webhook_events where received_at >= $1`,
      [since.toISOString()],
    ),
  );
  return Math.round((rows[0]?.p99 ?? 0) * 1000) / 1000;
}

interface StepResult {
  target: string;
  offered_per_s: number;
  accepted_per_s: number;
  ack_p99_ms: number;
  non2xx: number;
  lost: number;
  processing_lag_p99_s: string;
  /** PostgreSQL only: p99 of processed_at − received_at over the step's stored deliveries, exact. */
  processing_lag_p99_exact_s: number | null;
  drained_in_s: number;
  ratio_to_baseline: number;
  /** CPU from the step's start until what it accepted was processed, per accepted delivery. */
  hub_cpu_ms_per_delivery: number | null;
  postgres_cpu_ms_per_delivery: number | null;
}

async function step(
  server: ServerProcess,
  target: string,
  rate: number,
  baselineRps: number,
  databaseUrl: string | undefined,
) {
  const before = await scrapeMetrics(server.url, METRICS_TOKEN);
  const stepStartedAt = new Date();
  const cpuBefore = await sampleCpu(server.pid, databaseUrl);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url: `${server.url}/api/v1/webhooks/chatwoot/${BENCH_ACCOUNT_ID}/${URL_TOKEN}`,
        connections: CONNECTIONS,
        overallRate: rate,
        duration: STEP_SECONDS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({ ...request, ...signedDelivery() }),
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolvePromise(finished)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) latencies.push(ms);
    });
  });
  const accepted = latencies.length;
  const drainStarted = Date.now();
  let after = await scrapeMetrics(server.url, METRICS_TOKEN);
  const receivedIn = () =>
    metric(after, 'hub_webhooks_received_total', 'duplicate="false"') -
    metric(before, 'hub_webhooks_received_total', 'duplicate="false"');
  const finishedIn = () =>
    metric(after, 'hub_webhooks_finished_total') - metric(before, 'hub_webhooks_finished_total');
  while (finishedIn() < accepted && Date.now() - drainStarted < DRAIN_TIMEOUT_MS) {
    // /metrics allows 60 requests a minute per address.
    await new Promise((wake) => setTimeout(wake, METRICS_POLL_MS));
    after = await scrapeMetrics(server.url, METRICS_TOKEN);
  }
  const cpu = cpuPerRequest(cpuBefore, await sampleCpu(server.pid, databaseUrl), accepted);
  const sorted = latencies.sort((a, b) => a - b);
  const acceptedPerS = Math.round(accepted / STEP_SECONDS);
  return {
    target,
    offered_per_s: rate,
    accepted_per_s: acceptedPerS,
    ack_p99_ms: Math.round((sorted[Math.ceil(sorted.length * 0.99) - 1] ?? 0) * 100) / 100,
    non2xx: result.non2xx,
    lost: Math.max(0, accepted - Math.min(receivedIn(), finishedIn())),
    processing_lag_p99_s: lagP99(before, after),
    processing_lag_p99_exact_s: databaseUrl ? await exactLagP99(databaseUrl, stepStartedAt) : null,
    drained_in_s: Math.round((Date.now() - drainStarted) / 100) / 10,
    ratio_to_baseline: Number((acceptedPerS / baselineRps).toFixed(4)),
    hub_cpu_ms_per_delivery: cpu.hub === undefined ? null : Number(cpu.hub.toFixed(3)),
    postgres_cpu_ms_per_delivery: cpu.database === undefined ? null : Number(cpu.database.toFixed(3)),
  } satisfies StepResult;
}

async function main() {
  const startedAt = new Date();
  const load = loadavg();
  const baseline = await startServer({
    entry: join(benchDir, 'lib/baseline-server.ts'),
    cwd: repoRoot,
    env: process.env,
  });
  onCleanup(baseline.stop);
  const baselineRps = (
    await measure(`${baseline.url}/hello`, { connections: CONNECTIONS, durationS: STEP_SECONDS, warmupS: 2 })
  ).rps;
  await baseline.stop();
  console.log(`baseline (fastify hello): ${baselineRps} req/s`);

  const targets: Array<{ name: string; database: { databaseUrl?: string; dataDir?: string } }> = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'whatpro-bench-webhooks-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  targets.push({ name: 'hub (PGlite)', database: { dataDir } });
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) {
    const database = await createTempDatabase(serverUrl);
    onCleanup(() => database.drop());
    targets.push({ name: 'hub (PostgreSQL)', database: { databaseUrl: database.url } });
  }

  // BENCH_TARGETS=postgresql (comma-separated, matched in the target names) measures only those.
  const only = (process.env.BENCH_TARGETS ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chosen = targets.filter(
    (target) => only.length === 0 || only.some((part) => target.name.toLowerCase().includes(part)),
  );
  const rows: StepResult[] = [];
  for (const target of chosen) {
    await seedConnection(target.database);
    const server = await startServer({
      entry: 'apps/server/src/main.ts',
      cwd: repoRoot,
      env: hubEnv(
        target.database.databaseUrl
          ? { DATABASE_URL: target.database.databaseUrl }
          : { DATA_DIR: target.database.dataDir ?? '' },
      ),
    });
    onCleanup(server.stop);
    try {
      for (const rate of RATES) {
        const row = await step(server, target.name, rate, baselineRps, target.database.databaseUrl);
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    } finally {
      await server.stop();
    }
  }
  const file = writeResults(join(benchDir, 'results'), startedAt, {
    kind: 'webhook-intake',
    started_at: startedAt.toISOString(),
    loadavg_at_start: load,
    postgres: serverUrl ? redact(serverUrl) : null,
    settings: { connections: CONNECTIONS, step_s: STEP_SECONDS, rates: RATES, jobs: JOBS },
    baseline_rps: baselineRps,
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

/**
 * `npm run bench`: the Hub's throughput as a ratio of a bare Fastify hello-world measured in the same run.
 * Every server runs in its own child process; autocannon runs here. See docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { onCleanup, runCleanup } from './lib/cleanup';
import { sampleCpu } from './lib/cpu';
import { type LoadSettings, measure, type RequestSpec } from './lib/load';
import { createTempDatabase, redact } from './lib/postgres';
import { formatTable, type Row, writeResults } from './lib/report';
import { BENCH_ACCOUNT_ID, type SeedTarget, seedAdminToken } from './lib/seed';
import { type ServerProcess, startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const HUB_ENTRY = 'apps/server/src/main.ts';
const BASELINE_ENTRY = join(benchDir, 'lib/baseline-server.ts');

interface Scenario {
  label: string;
  path: string;
  request?: RequestSpec;
}

/** The route the authenticated scenarios are compared with: one database query, no authentication. */
const ONE_QUERY_PATH = '/api/v1/meta';
const get = (path: string): Scenario => ({ label: `GET ${path}`, path });

/**
 * Signed in as the account's admin: a tenant-scoped read under RLS, and a cheap real write (a new API
 * key and its audit row, in one transaction).
 */
function hubScenarios(token: string): Scenario[] {
  const headers = { authorization: `Bearer ${token}` };
  const apiKeys = `/api/v1/accounts/${BENCH_ACCOUNT_ID}/api-keys`;
  return [
    get('/health/ready'),
    get(ONE_QUERY_PATH),
    {
      ...get(`/api/v1/accounts/${BENCH_ACCOUNT_ID}/inboxes`),
      label: 'GET …/inboxes (bearer)',
      request: { headers },
    },
    {
      label: 'POST …/api-keys (bearer)',
      path: apiKeys,
      request: { method: 'POST', headers, body: { name: 'bench', scopes: ['inboxes:read:account'] } },
    },
  ];
}

/** One pair per run: the seed signs the admin's token with the secret the Hub is started with. */
const SESSION_SECRET = randomBytes(32).toString('base64url');
const PUBLIC_URL = 'http://127.0.0.1';
// Nothing listens there; the benchmarked routes never call Chatwoot, and the bench stays on loopback.
const CHATWOOT_URL = 'http://127.0.0.1:9';

/** Every variable the Hub's config reads. Each is set (to '' = default) so a developer's .env cannot leak in. */
const HUB_CONFIG_KEYS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'HUB_ROLE',
  'LOG_LEVEL',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_MAX',
  'REDIS_URL',
  'CHATWOOT_URL',
  'CHATWOOT_ALLOW_PRIVATE_NETWORK',
  'CORS_ORIGINS',
  'SESSION_SECRET',
  'ENCRYPTION_KEY',
  'BODY_LIMIT_BYTES',
  'REQUEST_TIMEOUT_MS',
  'SHUTDOWN_GRACE_MS',
  'TRUST_PROXY',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'WEB_DIST_DIR',
  'JOBS_ENABLED',
  'SESSION_SECRET_PREVIOUS',
  'ENCRYPTION_KEY_PREVIOUS',
  'PLATFORM_APP_SECRET',
  'EMBED_SCRIPT_PATH',
];

function readSeconds(name: string, fallback: number, min: number): number {
  const raw = process.env[name] ?? String(fallback);
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < min || seconds > 300) {
    throw new Error(`${name} must be a number of seconds from ${min} to 300 (got "${raw}")`);
  }
  return seconds;
}

/** Production mode with throwaway secrets: the configuration a deployment runs, minus request logging. */
function hubEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...Object.fromEntries(HUB_CONFIG_KEYS.map((key) => [key, ''])),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    SESSION_SECRET,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CHATWOOT_URL,
    CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
    PUBLIC_URL,
    // Unset means the Hub's own default, which is what the figures in docs/PERFORMANCE.md describe.
    DATABASE_POOL_MAX: process.env.BENCH_DATABASE_POOL_MAX ?? '',
    ...overrides,
  };
}

const seedTarget = (database: Pick<SeedTarget, 'databaseUrl' | 'dataDir'>): SeedTarget => ({
  ...database,
  sessionSecret: SESSION_SECRET,
  publicUrl: PUBLIC_URL,
  installation: CHATWOOT_URL,
});

/** Seeds the database, then starts the Hub on it; the scenarios carry the seeded admin's token. */
async function startHub(
  database: Pick<SeedTarget, 'databaseUrl' | 'dataDir'>,
  overrides: Record<string, string>,
): Promise<Started> {
  const token = await seedAdminToken(seedTarget(database));
  const server = await startServer({ entry: HUB_ENTRY, cwd: repoRoot, env: hubEnv(overrides) });
  return { server, scenarios: hubScenarios(token), databaseUrl: database.databaseUrl };
}

/** The Fastify a module there would load: the baseline must run the very version the Hub runs. */
function fastifyVersionFrom(file: string): string {
  return (createRequire(file)('fastify/package.json') as { version: string }).version;
}

interface Started {
  server: ServerProcess;
  scenarios: Scenario[];
  /** The server's PostgreSQL database, whose backends' CPU is counted too. */
  databaseUrl?: string | undefined;
}

interface Target {
  name: string;
  start(): Promise<Started>;
}

async function measureTarget(target: Target, settings: LoadSettings, baselineRps?: number): Promise<Row[]> {
  const rows: Row[] = [];
  const { server, scenarios, databaseUrl } = await target.start();
  onCleanup(server.stop);
  try {
    // Every route is loaded once before any is measured: the first authenticated route would otherwise
    // also pay for warming code the later ones share (PGlite's WebAssembly tiers up the functions a
    // tenant transaction runs only once they are hot, which takes seconds on a loaded machine).
    for (const scenario of settings.warmupS > 0 ? scenarios : []) {
      await measure(
        server.url + scenario.path,
        { ...settings, durationS: settings.warmupS, warmupS: 0 },
        scenario.request,
      );
    }
    let oneQueryRps: number | undefined;
    for (const scenario of scenarios) {
      process.stdout.write(`  ${target.name} ${scenario.label} … `);
      const result = await measure(server.url + scenario.path, settings, scenario.request, () =>
        sampleCpu(server.pid, databaseUrl),
      );
      const baseline = baselineRps ?? result.rps;
      if (scenario.path === ONE_QUERY_PATH) oneQueryRps = result.rps;
      rows.push({
        target: target.name,
        route: scenario.label,
        ...result,
        ratio: baseline > 0 ? result.rps / baseline : 0,
        ratioToOneQuery: oneQueryRps ? result.rps / oneQueryRps : undefined,
      });
      console.log(`${result.rps} req/s`);
    }
    return rows;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  // The authenticated routes run code the one-query route never reaches (token, cache, tenant
  // transaction); on a loaded 2-core VM their first seconds still run unoptimised code, so each route
  // is loaded for a few seconds before it is measured.
  const settings: LoadSettings = {
    connections: 50,
    durationS: readSeconds('BENCH_DURATION', 5, 1),
    warmupS: readSeconds('BENCH_WARMUP', 3, 0),
  };
  const fastify = fastifyVersionFrom(join(repoRoot, 'apps/server/package.json'));
  const baselineFastify = fastifyVersionFrom(BASELINE_ENTRY);
  if (fastify !== baselineFastify)
    throw new Error(`baseline Fastify ${baselineFastify} ≠ Hub Fastify ${fastify}`);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;

  const targets: Target[] = [
    {
      name: 'baseline (fastify hello)',
      start: async () => ({
        server: await startServer({ entry: BASELINE_ENTRY, cwd: repoRoot, env: process.env }),
        scenarios: [get('/hello')],
      }),
    },
    {
      name: 'hub (PGlite)',
      start: () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'whatpro-bench-'));
        onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
        return startHub({ dataDir }, { DATA_DIR: dataDir });
      },
    },
  ];

  if (serverUrl) {
    console.log(`PostgreSQL: a temporary database on ${redact(serverUrl)}`);
    const database = await createTempDatabase(serverUrl);
    onCleanup(() => database.drop());
    const postgresTarget = (name: string, extra: Record<string, string>): Target => ({
      name,
      start: () => startHub({ databaseUrl: database.url }, { DATABASE_URL: database.url, ...extra }),
    });
    targets.push(postgresTarget('hub (PostgreSQL)', {}));
    if (redisUrl) targets.push(postgresTarget('hub (PostgreSQL + Redis)', { REDIS_URL: redisUrl }));
  } else {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or DATABASE_URL to include it)');
  }

  // BENCH_TARGETS=postgresql (comma-separated, matched in the target names) measures only those, and
  // the baseline every ratio needs.
  const only = (process.env.BENCH_TARGETS ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (only.length > 0) {
    const chosen = targets.filter(
      (target, index) => index === 0 || only.some((part) => target.name.toLowerCase().includes(part)),
    );
    targets.splice(0, targets.length, ...chosen);
  }

  console.log(
    `${targets.length} targets, ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s per scenario\n`,
  );
  const rows: Row[] = [];
  const failures: string[] = [];
  // One server at a time, stopped before the next starts: each gets the whole machine.
  for (const target of targets) {
    try {
      rows.push(...(await measureTarget(target, settings, rows[0]?.rps)));
    } catch (error) {
      const message = `${target.name}: ${(error as Error).message}`;
      if (rows.length === 0) throw new Error(message); // without the baseline no ratio means anything
      failures.push(message);
      console.error(`\n  failed: ${message}`);
    }
  }

  console.log(`\n${formatTable(rows)}\n`);
  const file = writeResults(join(benchDir, 'results'), startedAt, {
    started_at: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadavg_at_start: loadAtStart,
    },
    fastify,
    settings: {
      connections: settings.connections,
      pipelining: 1,
      warmup_s: settings.warmupS,
      duration_s: settings.durationS,
    },
    postgres: serverUrl ? redact(serverUrl) : null,
    redis: serverUrl && redisUrl ? redact(redisUrl) : null,
    failures,
    results: rows.map((row) => ({
      target: row.target,
      route: row.route,
      rps: row.rps,
      ratio_to_baseline: Number(row.ratio.toFixed(4)),
      ratio_to_one_query: row.ratioToOneQuery === undefined ? null : Number(row.ratioToOneQuery.toFixed(4)),
      latency_ms: { p50: row.p50, p99: row.p99, mean: row.meanLatency },
      cpu_ms_per_request: row.cpu ?? null,
      requests: row.requests,
      non2xx: row.non2xx,
      errors: row.errors,
    })),
  });
  console.log(`results written to ${file}`);
  if (failures.length > 0) throw new Error(`${failures.length} target(s) failed:\n${failures.join('\n')}`);
}

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await runCleanup();
}

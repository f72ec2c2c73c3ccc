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
import { type LoadSettings, measure } from './lib/load';
import { createTempDatabase, redact } from './lib/postgres';
import { formatTable, type Row, writeResults } from './lib/report';
import { type ServerProcess, startServer } from './lib/server-process';

const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '..');
const HUB_ENTRY = 'apps/server/src/main.ts';
const BASELINE_ENTRY = join(benchDir, 'lib/baseline-server.ts');
const HUB_ROUTES = ['/health/ready', '/api/v1/meta'];

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

function readDuration(): number {
  const raw = process.env.BENCH_DURATION ?? '5';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) {
    throw new Error(`BENCH_DURATION must be a number of seconds from 1 to 300 (got "${raw}")`);
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
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Nothing listens there; the benchmarked routes never call Chatwoot, and the bench stays on loopback.
    CHATWOOT_URL: 'http://127.0.0.1:9',
    CHATWOOT_ALLOW_PRIVATE_NETWORK: 'true',
    PUBLIC_URL: 'http://127.0.0.1',
    ...overrides,
  };
}

const startHub = (overrides: Record<string, string>) =>
  startServer({ entry: HUB_ENTRY, cwd: repoRoot, env: hubEnv(overrides) });

/** The Fastify a module there would load: the baseline must run the very version the Hub runs. */
function fastifyVersionFrom(file: string): string {
  return (createRequire(file)('fastify/package.json') as { version: string }).version;
}

interface Target {
  name: string;
  routes: string[];
  start(): Promise<ServerProcess>;
}

async function measureTarget(target: Target, settings: LoadSettings, baselineRps?: number): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await target.start();
  onCleanup(server.stop);
  try {
    for (const route of target.routes) {
      process.stdout.write(`  ${target.name} GET ${route} … `);
      const result = await measure(server.url + route, settings);
      const baseline = baselineRps ?? result.rps;
      rows.push({ target: target.name, route, ...result, ratio: baseline > 0 ? result.rps / baseline : 0 });
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
  const settings: LoadSettings = { connections: 50, durationS: readDuration(), warmupS: 1 };
  const fastify = fastifyVersionFrom(join(repoRoot, 'apps/server/package.json'));
  const baselineFastify = fastifyVersionFrom(BASELINE_ENTRY);
  if (fastify !== baselineFastify)
    throw new Error(`baseline Fastify ${baselineFastify} ≠ Hub Fastify ${fastify}`);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;

  const targets: Target[] = [
    {
      name: 'baseline (fastify hello)',
      routes: ['/hello'],
      start: () => startServer({ entry: BASELINE_ENTRY, cwd: repoRoot, env: process.env }),
    },
    {
      name: 'hub (PGlite)',
      routes: HUB_ROUTES,
      start: () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'whatpro-bench-'));
        onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
        return startHub({ DATA_DIR: dataDir });
      },
    },
  ];

  if (serverUrl) {
    console.log(`PostgreSQL: a temporary database on ${redact(serverUrl)}`);
    const database = await createTempDatabase(serverUrl);
    onCleanup(() => database.drop());
    const postgresTarget = (name: string, extra: Record<string, string>): Target => ({
      name,
      routes: HUB_ROUTES,
      start: () => startHub({ DATABASE_URL: database.url, ...extra }),
    });
    targets.push(postgresTarget('hub (PostgreSQL)', {}));
    if (redisUrl) targets.push(postgresTarget('hub (PostgreSQL + Redis)', { REDIS_URL: redisUrl }));
  } else {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or DATABASE_URL to include it)');
  }

  console.log(
    `${targets.length} targets, ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s per route\n`,
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
      latency_ms: { p50: row.p50, p99: row.p99, mean: row.meanLatency },
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

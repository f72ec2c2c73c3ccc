import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { AppDependencies } from '../../dependencies';

export interface DependencyCheck {
  status: 'ok' | 'down' | 'skipped';
  latency_ms?: number;
  error?: string;
  version?: string;
  free_bytes?: number;
  total_bytes?: number;
}

export interface DeepReport {
  /** Only the database is essential: without it the node cannot serve; anything else degrades it. */
  status: 'ok' | 'degraded' | 'unavailable';
  checkedAt: Date;
  checks: Record<string, DependencyCheck>;
}

const CHECK_TIMEOUT_MS = 2_000;
/** How long one deep probe answers every caller: monitors and scrapes cannot multiply outgoing calls. */
export const DEEP_PROBE_TTL_MS = 5_000;

async function timed(check: () => Promise<Partial<DependencyCheck> | undefined>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const extra = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok', latency_ms: Math.round((performance.now() - started) * 100) / 100, ...extra };
  } catch (error) {
    return {
      status: 'down',
      latency_ms: Math.round(performance.now() - started),
      error: (error as Error).message || 'unreachable',
    };
  } finally {
    clearTimeout(timer);
  }
}

const databaseCheck = (deps: AppDependencies) =>
  timed(async () => {
    await deps.database.ping();
    return undefined;
  });

/** What a load balancer needs to know: can this node serve? Redis is not needed for that. */
export async function readiness(deps: AppDependencies): Promise<Record<string, DependencyCheck>> {
  return { database: await databaseCheck(deps) };
}

async function probeDependencies(deps: AppDependencies): Promise<DeepReport> {
  const { redis, chatwoot } = deps;
  const [database, redisCheck, eventBus, chatwootCheck, disk] = await Promise.all([
    databaseCheck(deps),
    redis
      ? timed(async () => {
          await redis.ping();
          return undefined;
        })
      : ({ status: 'skipped' } as const),
    timed(async () => {
      await deps.bus.ping();
      return undefined;
    }),
    chatwoot
      ? timed(async () => {
          // `GET /api` answers Chatwoot's version JSON: a 200 from something else is not Chatwoot.
          const { version } = await chatwoot.getVersion({ timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
          return { version };
        })
      : ({ status: 'skipped' } as const),
    timed(async () => {
      const onDisk = deps.database.driver === 'pglite' && !deps.config.dataDir.startsWith('memory://');
      const stats = await statfs(onDisk ? deps.config.dataDir : tmpdir());
      return { free_bytes: stats.bavail * stats.bsize, total_bytes: stats.blocks * stats.bsize };
    }),
  ]);
  const checks = { database, redis: redisCheck, event_bus: eventBus, chatwoot: chatwootCheck, disk };
  const anyDown = Object.values(checks).some((check) => check.status === 'down');
  const status = database.status === 'down' ? 'unavailable' : anyDown ? 'degraded' : 'ok';
  return { status, checkedAt: new Date(), checks };
}

export interface DeepProbe {
  /** The last report while it is fresh; otherwise one new probe, shared by everyone who asks meanwhile. */
  report(): Promise<DeepReport>;
}

export function createDeepProbe(deps: AppDependencies, ttlMs = DEEP_PROBE_TTL_MS): DeepProbe {
  let latest: DeepReport | undefined;
  let running: Promise<DeepReport> | undefined;
  return {
    report() {
      if (latest && Date.now() - latest.checkedAt.getTime() < ttlMs) return Promise.resolve(latest);
      running ??= probeDependencies(deps)
        .then((report) => {
          latest = report;
          return report;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}

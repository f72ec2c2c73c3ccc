import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { AppDependencies } from '../../dependencies';

export interface DependencyCheck {
  status: 'ok' | 'down' | 'skipped';
  latency_ms?: number;
  error?: string;
  free_bytes?: number;
  total_bytes?: number;
}

const CHECK_TIMEOUT_MS = 2_000;

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

export async function readiness(deps: AppDependencies): Promise<Record<string, DependencyCheck>> {
  const checks: Record<string, DependencyCheck> = {
    database: await timed(async () => {
      await deps.database.ping();
      return undefined;
    }),
  };
  checks.redis = deps.redis
    ? await timed(async () => {
        await deps.redis?.ping();
        return undefined;
      })
    : { status: 'skipped' };
  return checks;
}

export async function deepHealth(deps: AppDependencies): Promise<Record<string, DependencyCheck>> {
  const checks = await readiness(deps);
  checks.event_bus = await timed(async () => {
    await deps.bus.ping();
    return undefined;
  });
  const chatwootUrl = deps.config.chatwootUrl;
  checks.chatwoot = chatwootUrl
    ? await timed(async () => {
        // Chatwoot's GET /api answers its version without auth; any non-5xx answer means it is up.
        const response = await fetch(`${chatwootUrl}/api`, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
        await response.body?.cancel();
        if (response.status >= 500) throw new Error(`Chatwoot answered ${response.status}`);
        return undefined;
      })
    : { status: 'skipped' };
  checks.disk = await timed(async () => {
    const onDisk = deps.database.driver === 'pglite' && !deps.config.dataDir.startsWith('memory://');
    const stats = await statfs(onDisk ? deps.config.dataDir : tmpdir());
    return { free_bytes: stats.bavail * stats.bsize, total_bytes: stats.blocks * stats.bsize };
  });
  return checks;
}

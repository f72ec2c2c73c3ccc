import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { type CpuPerRequest, type CpuSample, cpuPerRequest } from './cpu';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

/** What each request sends; GET with no headers when omitted. */
export interface RequestSpec {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON, sent with content-type application/json. */
  body?: unknown;
}

export interface LoadResult {
  rps: number;
  /** Latencies in ms, from per-response timings (autocannon's own histogram truncates to whole ms). */
  p50: number;
  p99: number;
  meanLatency: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU per request of the measured run, when a sampler was given. */
  cpu?: CpuPerRequest;
  /**
   * The load generator's own event-loop delay over an open-loop run, in ms beyond its 1 ms sampling
   * interval: a request it sends late counts that lateness as latency, so a tail no larger than this may be
   * the generator's rather than the server's.
   */
  generatorDelay?: { p99: number; max: number };
}

/** Checks the route answers 2xx before loading it: a benchmark of 503s would look fast and mean nothing. */
async function probe(url: string, request: RequestInit & { method: string }): Promise<void> {
  const response = await fetch(url, { ...request, signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (!response.ok)
    throw new Error(`${request.method} ${url} answered ${response.status}: ${body.slice(0, 300)}`);
}

function run(options: autocannon.Options, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (latencies) {
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    }
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const GENERATOR_DELAY_SAMPLING_MS = 1;

/** An event-loop delay from node's histogram, which counts its sampling interval in, without that interval. */
export const delayBeyondSampling = (delayMs: number, samplingMs: number) =>
  round(Math.max(0, delayMs - samplingMs));

/** A run's figures from its 2xx latencies, its counts and the CPU samples taken around it. */
function loadResult(
  latencies: number[],
  counts: { rps: number; requests: number; non2xx: number; errors: number },
  cpuBefore: CpuSample | undefined,
  cpuAfter: CpuSample | undefined,
): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    ...counts,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    meanLatency: round(sorted.reduce((sum, ms) => sum + ms, 0) / (sorted.length || 1)),
    ...(cpuBefore && cpuAfter ? { cpu: cpuPerRequest(cpuBefore, cpuAfter, counts.requests) } : {}),
  };
}

/** A short warm-up (JIT, pools, caches), then the measured run; both on loopback, both bounded in time. */
export async function measure(
  url: string,
  settings: LoadSettings,
  spec: RequestSpec = {},
  sampleCpu?: () => Promise<CpuSample>,
): Promise<LoadResult> {
  const method = spec.method ?? 'GET';
  const headers = {
    ...spec.headers,
    ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  await probe(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const base = {
    url,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections: settings.connections,
    pipelining: 1,
    timeout: 10,
  };
  if (settings.warmupS > 0) await run({ ...base, duration: settings.warmupS });
  const latencies: number[] = [];
  const cpuBefore = await sampleCpu?.();
  const result = await run({ ...base, duration: settings.durationS }, latencies);
  const cpuAfter = await sampleCpu?.();
  return loadResult(
    latencies,
    {
      rps: Math.round(result.requests.average),
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
    },
    cpuBefore,
    cpuAfter,
  );
}

/**
 * Requests offered at a steady `rate` per second, each sent at its moment whether or not the earlier ones
 * were answered (an open loop), its latency counted from that moment, so a stall is not hidden by requests
 * that were never sent. This is the wait a user sees at that load; `measure`'s closed loop keeps every
 * connection busy, and on a saturated machine its latency is mostly the queue.
 */
export async function measureAtRate(
  url: string,
  settings: { rate: number; durationS: number; warmupS: number },
  spec: Pick<RequestSpec, 'headers'> = {},
  sampleCpu?: () => Promise<CpuSample>,
): Promise<LoadResult> {
  await probe(url, { method: 'GET', headers: spec.headers ?? {} });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const send = () =>
    new Promise<number>((resolve, reject) => {
      const request = http.get(url, { agent, headers: spec.headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
    });
  const outcome = { answered: 0, non2xx: 0, errors: 0 };
  const offer = async (seconds: number, latencies?: number[]) => {
    const interval = 1000 / settings.rate;
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (let index = 0; index < Math.round(seconds * settings.rate); index++) {
      const due = start + index * interval;
      const wait = due - performance.now();
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(
        send().then(
          (status) => {
            if (!latencies) return;
            outcome.answered++;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            else outcome.non2xx++;
          },
          () => {
            if (latencies) outcome.errors++;
          },
        ),
      );
    }
    await Promise.all(pending);
  };
  try {
    if (settings.warmupS > 0) await offer(settings.warmupS);
    const latencies: number[] = [];
    const cpuBefore = await sampleCpu?.();
    const delay = monitorEventLoopDelay({ resolution: GENERATOR_DELAY_SAMPLING_MS });
    delay.enable();
    await offer(settings.durationS, latencies);
    delay.disable();
    const cpuAfter = await sampleCpu?.();
    const beyondSampling = (ns: number) => delayBeyondSampling(ns / 1e6, GENERATOR_DELAY_SAMPLING_MS);
    const generatorDelay = { p99: beyondSampling(delay.percentile(99)), max: beyondSampling(delay.max) };
    const result = loadResult(
      latencies,
      {
        rps: Math.round(outcome.answered / settings.durationS),
        requests: outcome.answered,
        non2xx: outcome.non2xx,
        errors: outcome.errors,
      },
      cpuBefore,
      cpuAfter,
    );
    return { ...result, generatorDelay };
  } finally {
    agent.destroy();
  }
}

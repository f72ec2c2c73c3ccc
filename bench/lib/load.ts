import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
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
}

/** Checks the route answers 2xx before loading it: a benchmark of 503s would look fast and mean nothing. */
async function probe(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
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

/** A short warm-up (JIT, pools, caches), then the measured run; both on loopback, both bounded in time. */
export async function measure(url: string, settings: LoadSettings): Promise<LoadResult> {
  await probe(url);
  const base = { url, connections: settings.connections, pipelining: 1, timeout: 10 };
  if (settings.warmupS > 0) await run({ ...base, duration: settings.warmupS });
  const latencies: number[] = [];
  const result = await run({ ...base, duration: settings.durationS }, latencies);
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: Math.round(result.requests.average),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    meanLatency: round(sorted.reduce((sum, ms) => sum + ms, 0) / (sorted.length || 1)),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

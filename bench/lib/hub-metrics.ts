/** Reads the Hub's own Prometheus metrics, so a run's tail can be split between the Hub and the rest. */
import { delayBeyondSampling } from './load';

export async function scrapeMetrics(serverUrl: string, token: string): Promise<string> {
  const response = await fetch(`${serverUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** Sums the samples of one metric whose labels contain every part of `match`. */
export function metric(text: string, name: string, ...match: string[]): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && match.every((part) => line.includes(part)))
      total += Number(line.split(' ').at(-1));
    else if (line.startsWith(`${name} `)) total += Number(line.split(' ').at(-1));
  }
  return total;
}

export interface HubPauses {
  /**
   * The Hub's event-loop delay over the run, in ms beyond the sampling interval (prom-client resets its
   * histogram at each scrape, and node's histogram counts the interval itself).
   */
  eventLoopDelayP99: number;
  eventLoopDelayMax: number;
  /** Time the Hub's garbage collector paused it during the run, in ms, by kind. */
  gcMinorMs: number;
  gcMajorMs: number;
  /** Of the run's requests to `route`, the share the Hub itself took longer than 25 ms to answer. */
  routeOver25ms: number;
}

const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;
/** prom-client's default `eventLoopMonitoringPrecision`: the interval node's histogram samples at. */
const HUB_DELAY_SAMPLING_MS = 10;
const beyondSampling = (seconds: number) => delayBeyondSampling(seconds * 1000, HUB_DELAY_SAMPLING_MS);

/**
 * What the Hub saw of a run, from a scrape just before it and one just after: its event-loop delay, its
 * collector's pauses, and how many of `route`'s requests it held over 25 ms (the histogram's bucket edge).
 * A tail the Hub did not see is the load generator's, the kernel's or the network's.
 */
export function hubPauses(before: string, after: string, route: string): HubPauses {
  const delta = (name: string, ...match: string[]) =>
    metric(after, name, ...match) - metric(before, name, ...match);
  const routeLabel = `route="${route}"`;
  const answered = delta('http_request_duration_seconds_count', routeLabel);
  const within25ms = delta('http_request_duration_seconds_bucket', 'le="0.025"', routeLabel);
  return {
    eventLoopDelayP99: beyondSampling(metric(after, 'nodejs_eventloop_lag_p99_seconds')),
    eventLoopDelayMax: beyondSampling(metric(after, 'nodejs_eventloop_lag_max_seconds')),
    gcMinorMs: ms(delta('nodejs_gc_duration_seconds_sum', 'kind="minor"')),
    gcMajorMs: ms(delta('nodejs_gc_duration_seconds_sum', 'kind="major"')),
    routeOver25ms: answered > 0 ? Math.round(((answered - within25ms) / answered) * 10_000) / 10_000 : 0,
  };
}

import type { MetricsSnapshot } from './metrics';

/**
 * The metrics snapshots of this node, least recently used first out. An entry is keyed by board, range
 * and the viewer's inbox scope, and holds the board's `metrics_version` it was computed at: the database
 * bumps that version in the transaction of every change the metrics read (migration 0020), and a
 * request reads it before asking, so it is answered only by a computation that started after that
 * version was committed. Each key has at most one computation running and one waiting: requests at a
 * version the running one already covers share it; newer ones share the computation that starts when it
 * ends, which sees everything committed before any of them asked. Cards moving while people watch a
 * board's metrics then cost one computation at a time per board and range, not one per request.
 */
export class MetricsCache {
  readonly #entries = new Map<string, MetricsEntry>();

  constructor(readonly maxEntries: number) {}

  async get(key: string, version: number, compute: () => Promise<MetricsSnapshot>): Promise<MetricsSnapshot> {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      // Another request's failure is not this one's: it computes on its own then.
      if (entry.version >= version) return entry.snapshot.catch(compute);
      if (entry.running) {
        entry.waiting ??= this.#waitFor(key, entry, compute);
        entry.waiting.version = Math.max(entry.waiting.version, version);
        return entry.waiting.snapshot.catch(compute);
      }
    }
    return this.#start(key, version, compute).snapshot;
  }

  #start(key: string, version: number, compute: () => Promise<MetricsSnapshot>): MetricsEntry {
    const entry: MetricsEntry = { version, snapshot: compute(), running: true };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    entry.snapshot.then(
      () => {
        entry.running = false;
      },
      () => {
        entry.running = false;
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry;
  }

  /**
   * The computation that starts when `running` ends, at the highest version asked of it until then (raised
   * by the requests that join it before it starts).
   */
  #waitFor(key: string, running: MetricsEntry, compute: () => Promise<MetricsSnapshot>): WaitingComputation {
    const waiting: WaitingComputation = {
      version: 0,
      snapshot: running.snapshot
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => this.#start(key, waiting.version, compute).snapshot),
    };
    return waiting;
  }
}

interface MetricsEntry {
  version: number;
  snapshot: Promise<MetricsSnapshot>;
  running: boolean;
  waiting?: WaitingComputation;
}

interface WaitingComputation {
  version: number;
  snapshot: Promise<MetricsSnapshot>;
}

import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { InstallationConfig } from './config.js';
import { railsJson } from './rails-json.js';
import type { RetryMode, SigningMode } from './types.js';

export type DeliveryKind = 'account_webhook' | 'api_inbox_webhook';

/** Where one event goes, with the modes already resolved (per-webhook override, else installation). */
export interface DeliveryTarget {
  kind: DeliveryKind;
  url: string;
  secret: string | null;
  signing: SigningMode;
  retry: RetryMode;
  webhookId: number | null;
  inboxId: number | null;
}

/** One HTTP attempt, recorded whether it succeeded or not. */
export interface DeliveryAttempt {
  /** Order in which attempts finished (1-based). */
  seq: number;
  /** `X-Chatwoot-Delivery`; the same on every retry of one event. `null` in unsigned mode. */
  deliveryId: string | null;
  kind: DeliveryKind;
  webhookId: number | null;
  inboxId: number | null;
  event: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** Request headers exactly as sent. */
  headers: Record<string, string>;
  /** Raw request body; signatures are computed over these bytes. */
  body: string;
  payload: Record<string, unknown>;
  /** HTTP status of the receiver's answer, `null` when the request failed (refused, timeout…). */
  status: number | null;
  responseBody: string | null;
  error: string | null;
  ok: boolean;
  willRetry: boolean;
  startedAt: string;
  durationMs: number;
}

interface Job {
  target: DeliveryTarget;
  event: string;
  body: string;
  payload: Record<string, unknown>;
  deliveryId: string | null;
  attempt: number;
  generation: number;
}

/** HMAC-SHA256 over `"<timestamp>.<raw body>"`, hex, prefixed `sha256=` (Chatwoot ≥ 4.11.2). */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 65_536) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A single worker that delivers events in the order they were emitted (like one Sidekiq thread),
 * schedules bounded retries with exponential backoff and records every attempt.
 */
export class WebhookDispatcher {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly queue: Job[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(attempt: DeliveryAttempt) => void>();
  private idleWaiters: Array<() => void> = [];
  private running = false;
  private generation = 0;
  private abort = new AbortController();
  /** Events whose next emissions are lost, as when the receiver was down (account webhooks are not retried). */
  private readonly drops = new Map<string, number>();

  constructor(
    private readonly config: () => InstallationConfig,
    private readonly nowSeconds: () => number,
  ) {}

  enqueue(target: DeliveryTarget, payload: Record<string, unknown>): void {
    const event = typeof payload.event === 'string' ? payload.event : 'unknown';
    const dropping = this.drops.get(event) ?? 0;
    if (dropping > 0) {
      this.drops.set(event, dropping - 1);
      return;
    }
    this.queue.push({
      target,
      event,
      body: railsJson(payload),
      payload,
      // Chatwoot generates the delivery id when the job is enqueued, so retries reuse it.
      deliveryId: target.signing === 'signed' ? randomUUID() : null,
      attempt: 1,
      generation: this.generation,
    });
    void this.pump();
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The first recorded attempt (past or future) matching `predicate`. */
  waitFor(predicate: (attempt: DeliveryAttempt) => boolean, timeoutMs = 2000): Promise<DeliveryAttempt> {
    const found = this.attempts.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const seen = this.attempts.map((a) => `${a.event}→${a.url}#${a.attempt}`).join(', ') || 'none';
        reject(new Error(`no matching webhook delivery within ${timeoutMs} ms (attempts so far: ${seen})`));
      }, timeoutMs);
      const listener = (attempt: DeliveryAttempt) => {
        if (!predicate(attempt)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(attempt);
      };
      this.listeners.add(listener);
    });
  }

  /** Forget recorded attempts and drop queued work and pending retries. */
  /** The next `count` emissions of `event` are never sent, to any target. */
  drop(event: string, count: number): void {
    this.drops.set(event, (this.drops.get(event) ?? 0) + count);
  }

  clear(): void {
    this.generation += 1;
    this.drops.clear();
    this.abort.abort();
    this.abort = new AbortController();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.attempts.length = 0;
    this.notifyIdle();
  }

  close(): void {
    this.clear();
    this.listeners.clear();
  }

  private isIdle(): boolean {
    return !this.running && this.queue.length === 0 && this.timers.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        await this.perform(job);
      }
    } finally {
      this.running = false;
      this.notifyIdle();
    }
  }

  private headersFor(job: Job): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (job.target.signing === 'unsigned') return headers;
    if (job.deliveryId) headers['X-Chatwoot-Delivery'] = job.deliveryId;
    if (job.target.secret) {
      // The timestamp and signature are recomputed on every attempt; only the delivery id is reused.
      const timestamp = String(this.nowSeconds());
      headers['X-Chatwoot-Timestamp'] = timestamp;
      headers['X-Chatwoot-Signature'] = signBody(job.target.secret, timestamp, job.body);
    }
    return headers;
  }

  private async perform(job: Job): Promise<void> {
    const config = this.config();
    const headers = this.headersFor(job);
    const started = Date.now();
    let status: number | null = null;
    let responseBody: string | null = null;
    let error: string | null = null;
    try {
      const response = await post(
        job.target.url,
        headers,
        job.body,
        config.webhookTimeoutMs,
        this.abort.signal,
      );
      status = response.status;
      responseBody = response.body;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (job.generation !== this.generation) return;

    const ok = status !== null && status >= 200 && status < 300;
    const willRetry = !ok && job.target.retry === 'retry' && job.attempt < config.retryAttempts;
    const attempt: DeliveryAttempt = {
      seq: this.attempts.length + 1,
      deliveryId: job.deliveryId,
      kind: job.target.kind,
      webhookId: job.target.webhookId,
      inboxId: job.target.inboxId,
      event: job.event,
      url: job.target.url,
      attempt: job.attempt,
      headers,
      body: job.body,
      payload: job.payload,
      status,
      responseBody,
      error,
      ok,
      willRetry,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
    this.attempts.push(attempt);
    for (const listener of [...this.listeners]) listener(attempt);

    if (willRetry) {
      const delay = config.retryBaseDelayMs * 2 ** (job.attempt - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.queue.push({ ...job, attempt: job.attempt + 1 });
        void this.pump();
      }, delay);
      this.timers.add(timer);
    }
  }
}

import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { WEBHOOK_SUBSCRIPTIONS } from '../features/chatwoot-sync/service';

/** Chatwoot webhooks: what arrived, what was refused at the door, and how processing ended. */
export interface WebhookMetrics {
  /** Stored deliveries (a redelivery of a stored one is `duplicate`), by event. */
  received(event: string, duplicate: boolean): void;
  /** Refused before storing: unknown registration, URL token, signature, body, throttled. */
  rejected(
    reason:
      | 'unknown_registration'
      | 'url_token'
      | 'signature_missing'
      | 'signature_invalid'
      | 'no_event_name'
      | 'throttled',
  ): void;
  /** Finished: `processed`, `ignored` (nothing to change) or `dead`, with the time since it was received. */
  finished(event: string, outcome: 'processed' | 'ignored' | 'dead', receivedAt: Date): void;
}

export interface ReconcileMetrics {
  /** One account's reconcile run: how long it took and how many conversations it found changed. */
  observed(kind: 'incremental' | 'full', seconds: number, changes: number): void;
}

export interface Metrics {
  registry: Registry;
  webhooks: WebhookMetrics;
  reconcile: ReconcileMetrics;
  /** Lets features register gauges whose values are read at scrape time. */
  gauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void>): void;
}

/** RED metrics per route template; one registry per app so several apps can live in one test process. */
export function registerMetrics(app: FastifyInstance): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route template and status',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP responses with status 5xx by route template',
    labelNames: ['method', 'route'],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label so scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ method: request.method, route });
  });

  const webhookEvents = new Set<string>(WEBHOOK_SUBSCRIPTIONS);
  // The event name is the sender's: anything not subscribed shares one label.
  const eventLabel = (event: string) => (webhookEvents.has(event) ? event : 'other');
  const received = new Counter({
    name: 'hub_webhooks_received_total',
    help: 'Chatwoot webhook deliveries stored, by event; duplicate="true" for a redelivery already stored',
    labelNames: ['event', 'duplicate'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'hub_webhooks_rejected_total',
    help: 'Chatwoot webhook deliveries refused before storing, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const finished = new Counter({
    name: 'hub_webhooks_finished_total',
    help: 'Chatwoot webhook events finished, by event and outcome (processed, ignored, dead)',
    labelNames: ['event', 'outcome'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'hub_webhook_processing_lag_seconds',
    help: 'From storing a Chatwoot webhook event to finishing it (processed, ignored or dead)',
    labelNames: ['event'],
    buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300, 3600],
    registers: [registry],
  });
  const reconcileDuration = new Histogram({
    name: 'hub_reconcile_duration_seconds',
    help: "One account's reconcile with Chatwoot, by kind (incremental, full)",
    labelNames: ['kind'],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const reconcileChanges = new Counter({
    name: 'hub_reconcile_changes_total',
    help: 'Conversations the reconcile found changed, created or removed (what no webhook reported)',
    labelNames: ['kind'],
    registers: [registry],
  });

  return {
    registry,
    webhooks: {
      received: (event, duplicate) =>
        received.inc({ event: eventLabel(event), duplicate: String(duplicate) }),
      rejected: (reason) => rejected.inc({ reason }),
      finished(event, outcome, receivedAt) {
        finished.inc({ event: eventLabel(event), outcome });
        lag.observe({ event: eventLabel(event) }, Math.max(0, (Date.now() - receivedAt.getTime()) / 1000));
      },
    },
    reconcile: {
      observed(kind, seconds, changes) {
        reconcileDuration.observe({ kind }, seconds);
        reconcileChanges.inc({ kind }, changes);
      },
    },
    gauge(name, help, labelNames, collect) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          await collect(this);
        },
      });
    },
  };
}

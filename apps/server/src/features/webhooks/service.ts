import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { type Database, onePer } from '../../db/database';
import { groupCommit } from '../../db/group-commit';
import type { DomainEvents } from '../../domain-events/service';
import { AppError, databaseFailureOf, notFound, unauthorized } from '../../errors';
import { type SignedBody, singleHeader, timestampedSignatureValid, verifiedJson } from '../../http/raw-body';
import type { Jobs } from '../../jobs/jobs';
import type { Metrics } from '../../plugins/metrics';
import { recordRepeatedAudit } from '../audit/denials';
import { type AuditContext, recordAudit } from '../audit/service';
import { hashSecret } from '../auth/tokens';
import { reconcileAccount, type SyncDependencies, webhookCredentials } from '../chatwoot-sync/service';
import {
  applyConversationEvents,
  conversationBatchEvents,
  conversationWebhookHandlers,
} from '../conversations/handlers';
import { cachedWebhookCredentials } from './credentials';
import { storeEvent } from './group-commit';
import { type IgnoredEvent, RefusedEvent } from './outcome';
import {
  claimEventAttempts,
  listFailedAndDeadEvents,
  markEventFailed,
  markEventsFinished,
  markEventUnhandled,
  resetDeadEventsForReplay,
  resetEventForReplay,
  systemFindStaleEvents,
  systemReviveUnhandledEvents,
  type WebhookEventRow,
} from './repo';

export const CHATWOOT_WEBHOOK_JOB = 'chatwoot-webhook';
export const WEBHOOK_SWEEP_JOB = 'chatwoot-webhook-sweep';
const SIGNATURE_WINDOW_SECONDS = 300;
/** How long one attempt holds its event before another trigger may take it (the attempt died). */
const ATTEMPT_LEASE_MS = 5 * 60_000;
/** Timers may fire a little early; a retry that arrives this close to its time is still taken. */
const EARLY_TRIGGER_SLACK_MS = 1_000;
const LONGEST_RETRY_DELAY_MS = 3_600_000;
const SWEEP_BATCH = 500;

export interface WebhookDependencies extends SyncDependencies {
  config: Config;
  metrics: Pick<Metrics, 'webhooks'>;
  domainEvents: DomainEvents;
  jobs: Jobs | undefined;
  log: FastifyBaseLogger;
}

/** Resolves when applied; with `{ ignored }` when there was nothing to change; throws to retry. */
type WebhookHandler = (
  deps: WebhookDependencies,
  accountId: number,
  payload: unknown,
) => Promise<IgnoredEvent | undefined>;

// Inbox payloads carry no inbox id at the top level; re-reading the account's inboxes is exact.
const reconcileInboxes: WebhookHandler = async (deps, accountId) => {
  await reconcileAccount(deps, accountId);
  return undefined;
};

/** The events applied one at a time; conversation and message events are applied in batches. */
const webhookHandlers: ReadonlyMap<string, WebhookHandler> = new Map([
  ['inbox_created', reconcileInboxes],
  ['inbox_updated', reconcileInboxes],
  ...conversationWebhookHandlers,
]);

/**
 * The events this release applies: every event the Hub subscribes to (WEBHOOK_SUBSCRIPTIONS). Others
 * are stored as `unhandled`; the sweeper queues them again once a release adds their handler.
 */
export const handledWebhookEvents: ReadonlySet<string> = new Set([
  ...webhookHandlers.keys(),
  ...conversationBatchEvents,
]);

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface IncomingDelivery {
  accountId: number;
  urlToken: string;
  body: SignedBody;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Verifies and stores a Chatwoot delivery, then queues it. The tenant comes from the registration (the
 * URL), never from the payload: conversation events carry no account id. The secret URL authenticates
 * every delivery; when Chatwoot signs (X-Chatwoot-Signature over "<timestamp>.<raw body>") the signature
 * must also hold, within five minutes. A delivery id seen before is acknowledged without a second row.
 */
export async function receiveChatwootDelivery(
  deps: WebhookDependencies,
  delivery: IncomingDelivery,
  context: AuditContext,
) {
  const credentials = await cachedWebhookCredentials(deps.database, delivery.accountId, () =>
    webhookCredentials(deps, delivery.accountId),
  );
  // A flood of forged posts must not flood the account's audit log: one counted row per sender and reason.
  const fail = (reason: string) =>
    recordRepeatedAudit(
      deps,
      context,
      {
        accountId: delivery.accountId,
        action: 'webhook.auth_failed',
        resourceType: 'webhook',
        resourceId: reason,
        newValues: { reason },
      },
      `ip:${context.ip ?? 'unknown'}`,
    );
  if (!credentials || !sameHash(hashSecret(delivery.urlToken), credentials.urlTokenHash)) {
    deps.metrics.webhooks.rejected(credentials ? 'url_token' : 'unknown_registration');
    if (credentials) await fail('url_token');
    throw notFound('Webhook');
  }
  const header = (name: string) => singleHeader(delivery.headers, name);
  const signature = header('x-chatwoot-signature');
  let signatureVerified = false;
  if (signature !== undefined || credentials.secret !== undefined) {
    signatureVerified =
      credentials.secret !== undefined &&
      timestampedSignatureValid({
        secret: credentials.secret,
        timestamp: header('x-chatwoot-timestamp'),
        signature,
        bytes: delivery.body.bytes,
        windowSeconds: SIGNATURE_WINDOW_SECONDS,
      });
    // A signing Chatwoot must keep signing: a missing or wrong signature is refused, not downgraded.
    if (!signatureVerified) {
      const reason = signature === undefined ? 'signature_missing' : 'signature_invalid';
      deps.metrics.webhooks.rejected(reason);
      await fail(reason);
      throw unauthorized('Invalid webhook signature');
    }
  }
  const payload = verifiedJson(delivery.body, 'Webhook body') as { event?: unknown } | null;
  if (
    typeof payload !== 'object' ||
    payload === null ||
    typeof payload.event !== 'string' ||
    payload.event.length > 100
  ) {
    deps.metrics.webhooks.rejected('no_event_name');
    throw new AppError(400, 'validation_failed', 'Webhook body has no event name');
  }
  const event = payload.event;
  const deliveryId =
    header('x-chatwoot-delivery')?.slice(0, 200) ??
    `sha256:${createHash('sha256').update(delivery.body.bytes).digest('hex')}`;
  // Committed before the answer, with the deliveries that arrived alongside (group commit): the
  // acknowledgement waits for nothing but this durable insert.
  const storedId = await storeEvent(deps.database, delivery.accountId, {
    provider: 'chatwoot',
    deliveryId,
    event,
    rawBody: delivery.body.bytes.toString('utf8'),
    signatureVerified,
  });
  deps.metrics.webhooks.received(event, !storedId);
  if (!storedId) return { received: true as const, duplicate: true };
  // Not awaited: the row is durable, and a queueing that fails is the sweeper's to redo. With pg-boss the
  // job is a second insert the sender need not wait for, shared with the deliveries stored alongside.
  void queueStored(deps.database, delivery.accountId, { deps, eventId: storedId });
  return { received: true as const, duplicate: false };
}

/**
 * Stored first, queued second: if queuing fails (or the process dies first) the row keeps waiting and the
 * sweeper queues it again, so an acknowledged delivery is never lost.
 */
async function queueEvent(deps: WebhookDependencies, accountId: number, eventId: string, startAfter?: Date) {
  const queued = deps.jobs
    ? await deps.jobs
        .send(CHATWOOT_WEBHOOK_JOB, { account_id: accountId, event_id: eventId }, { startAfter })
        .then(
          () => true,
          () => false,
        )
    : false;
  if (!queued) deps.log.warn({ event_id: eventId }, 'could not queue a webhook event; the sweeper will');
}

/** Wait before the retry that follows attempt `attempt`: doubling from the configured delay, capped. */
export function retryDelayMs(config: Config, attempt: number): number {
  return Math.min(LONGEST_RETRY_DELAY_MS, config.webhookRetryDelayMs * 2 ** (attempt - 1));
}

/**
 * Takes one attempt at a stored event, whichever path triggered it (a queued job, a retry, the sweeper,
 * a replay). A failure schedules the next attempt with backoff; after the last attempt, or at once when
 * the handler refuses the event, it is dead-lettered. Triggers for an event that is done, held or not yet
 * due change nothing. Resolves once the attempt is over: attempts triggered while one of the account's
 * batches runs are taken together by its next batch (`attemptEvents`).
 */
export function processWebhookEvent(deps: WebhookDependencies, accountId: number, eventId: string) {
  return attemptInBatch(deps.database, accountId, { deps, eventId });
}

/** Events one batch takes at most; a larger backlog is taken by the batches that follow. */
const BATCH_MAX_EVENTS = 500;

interface Attempt {
  deps: WebhookDependencies;
  eventId: string;
}

/** One batch at a time per account (group commit's queue), so its events apply in arrival order. */
const attemptInBatch = groupCommit<Attempt, undefined>(
  BATCH_MAX_EVENTS,
  async (database, accountId, attempts) => {
    // The queues are per database, and a database belongs to one Hub: every attempt carries its dependencies.
    const { deps } = attempts[0]!;
    await inTurn(database, () =>
      attemptEvents(
        deps,
        accountId,
        attempts.map((attempt) => attempt.eventId),
      ),
    );
    return attempts.map(() => undefined);
  },
);

/**
 * The intake's deliveries, queued as they are stored: those of one account stored while its previous
 * queueing is in flight are queued together (with pg-boss one insert for all, instead of one per delivery).
 */
const queueStored = groupCommit<Attempt, undefined>(
  BATCH_MAX_EVENTS,
  async (_database, accountId, stored) => {
    const { deps } = stored[0]!;
    const queued = deps.jobs
      ? await deps.jobs
          .sendMany(
            CHATWOOT_WEBHOOK_JOB,
            stored.map(({ eventId }) => ({ account_id: accountId, event_id: eventId })),
          )
          .then(
            () => true,
            () => false,
          )
      : false;
    if (!queued) deps.log.warn({ events: stored.length }, 'could not queue webhook events; the sweeper will');
    return stored.map(() => undefined);
  },
);

/**
 * Batches one node runs at once, across accounts. Run all at once, their statements filled the
 * connection pool's queue, and the intake's single insert (what the sender waits for) waited behind
 * them. A few at a time keep the database busy while the pool keeps connections free for the intake and
 * the API; the rest wait here in arrival order.
 */
const CONCURRENT_BATCHES = 4;

interface Turns {
  running: number;
  waiting: (() => void)[];
}
/** One queue per database: test processes run several Hubs. */
const turnsOf = onePer<Database, Turns>(() => ({ running: 0, waiting: [] }));

async function inTurn<T>(database: Database, task: () => Promise<T>): Promise<T> {
  const queue = turnsOf(database);
  if (queue.running >= CONCURRENT_BATCHES) {
    await new Promise<void>((resolve) => queue.waiting.push(resolve));
  } else {
    queue.running += 1;
  }
  try {
    return await task();
  } finally {
    // The slot passes straight to the next in line, so a newcomer cannot overtake it.
    const next = queue.waiting.shift();
    if (next) next();
    else queue.running -= 1;
  }
}

/**
 * One attempt at each of the events (of one account): claimed in one statement, applied in arrival order,
 * and marked processed or ignored in one statement. Consecutive conversation and message events are
 * applied together (`applyConversationEvents`: one transaction for all); other events one at a time
 * between them, so the order holds. Failures are recorded on each failed event alone.
 */
async function attemptEvents(deps: WebhookDependencies, accountId: number, eventIds: readonly string[]) {
  const { webhookMaxAttempts } = deps.config;
  const now = Date.now();
  const claimed = await deps.database.tenantAutocommit(accountId, (tx) =>
    claimEventAttempts(
      tx,
      accountId,
      eventIds,
      new Date(now + EARLY_TRIGGER_SLACK_MS),
      new Date(now + ATTEMPT_LEASE_MS),
    ),
  );
  if (claimed.length === 0) return;
  const arrival = new Map(eventIds.map((id, index) => [id, index]));
  claimed.sort(
    (a, b) =>
      a.receivedAt.getTime() - b.receivedAt.getTime() || (arrival.get(a.id) ?? 0) - (arrival.get(b.id) ?? 0),
  );
  const finished: { event: WebhookEventRow; ignored?: string }[] = [];
  let group: WebhookEventRow[] = [];
  const applyGroup = async () => {
    if (group.length > 0) finished.push(...(await attemptConversationEvents(deps, accountId, group)));
    group = [];
  };
  for (const event of claimed) {
    if (event.attempts > webhookMaxAttempts) {
      await recordFailure(
        deps,
        accountId,
        event,
        'attempts exhausted: earlier attempts never finished',
        true,
      );
    } else if (conversationBatchEvents.has(event.event)) {
      group.push(event);
    } else {
      await applyGroup();
      const handler = webhookHandlers.get(event.event);
      if (!handler) {
        await deps.database.tenantAutocommit(accountId, (tx) =>
          markEventUnhandled(tx, accountId, event.id, `no handler for ${event.event} in this release`),
        );
        continue;
      }
      try {
        const outcome = await handler(deps, accountId, JSON.parse(event.rawBody));
        finished.push({ event, ignored: outcome?.ignored });
      } catch (error) {
        await recordAttemptFailure(deps, accountId, event, error);
      }
    }
  }
  await applyGroup();
  await deps.database.tenantAutocommit(accountId, (tx) =>
    markEventsFinished(
      tx,
      accountId,
      finished.map(({ event, ignored }) => ({ id: event.id, ignored })),
      new Date(),
    ),
  );
  for (const { event, ignored } of finished) {
    deps.metrics.webhooks.finished(
      event.event,
      ignored === undefined ? 'processed' : 'ignored',
      event.receivedAt,
    );
  }
}

/**
 * Conversation and message events, applied together. When the batch's transaction fails, each is tried
 * again alone, so the one that caused it fails alone (retried, then dead-lettered) and the others are
 * applied once. Answers those handled; failures are recorded here.
 */
async function attemptConversationEvents(
  deps: WebhookDependencies,
  accountId: number,
  events: readonly WebhookEventRow[],
): Promise<{ event: WebhookEventRow; ignored?: string }[]> {
  const readable: { event: WebhookEventRow; payload: unknown }[] = [];
  for (const event of events) {
    try {
      readable.push({ event, payload: JSON.parse(event.rawBody) });
    } catch (error) {
      await recordAttemptFailure(deps, accountId, event, error);
    }
  }
  const items = readable.map(({ event, payload }) => ({ event: event.event, payload }));
  let outcomes: Awaited<ReturnType<typeof applyConversationEvents>>;
  try {
    outcomes = await applyConversationEvents(deps, accountId, items);
  } catch (error) {
    if (items.length === 1) {
      outcomes = [{ failed: error }];
    } else {
      deps.log.warn(
        { err: error, events: items.length },
        'webhook batch failed; applying its events one at a time',
      );
      outcomes = [];
      for (const item of items) {
        const [alone] = await applyConversationEvents(deps, accountId, [item]).catch((failed: unknown) => [
          { failed },
        ]);
        outcomes.push(alone);
      }
    }
  }
  const handled: { event: WebhookEventRow; ignored?: string }[] = [];
  for (const [index, { event }] of readable.entries()) {
    const outcome = outcomes[index];
    if (outcome && 'failed' in outcome) await recordAttemptFailure(deps, accountId, event, outcome.failed);
    else handled.push({ event, ignored: outcome?.ignored });
  }
  return handled;
}

/** A refusal (another account's inbox, a payload that is not what it says) cannot succeed later: dead at once. */
function recordAttemptFailure(
  deps: WebhookDependencies,
  accountId: number,
  event: WebhookEventRow,
  error: unknown,
) {
  const dead = error instanceof RefusedEvent || event.attempts >= deps.config.webhookMaxAttempts;
  return recordFailure(deps, accountId, event, failureReason(error), dead);
}

/** What the dead-letter list may show: a failed query's own message carries its SQL and parameters. */
function failureReason(error: unknown): string {
  const database = databaseFailureOf(error);
  if (database) return `database error ${database.sqlstate}: ${database.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function recordFailure(
  deps: WebhookDependencies,
  accountId: number,
  event: WebhookEventRow,
  error: string,
  dead: boolean,
) {
  const nextAttemptAt = dead ? null : new Date(Date.now() + retryDelayMs(deps.config, event.attempts));
  await deps.database.tenantAutocommit(accountId, (tx) =>
    markEventFailed(tx, accountId, event.id, { dead, error, nextAttemptAt }),
  );
  if (nextAttemptAt) {
    await queueEvent(deps, accountId, event.id, nextAttemptAt);
    return;
  }
  deps.metrics.webhooks.finished(event.event, 'dead', event.receivedAt);
  deps.log.warn({ event_id: event.id, attempts: event.attempts }, 'webhook event dead-lettered');
}

function present(row: WebhookEventRow) {
  return {
    id: row.id,
    event: row.event,
    delivery_id: row.deliveryId,
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    signature_verified: row.signatureVerified,
    received_at: row.receivedAt.toISOString(),
  };
}

export async function listProblemEvents(deps: WebhookDependencies, accountId: number) {
  const rows = await deps.database.tenant(accountId, (tx) => listFailedAndDeadEvents(tx, accountId, 200));
  return rows.map(present);
}

export async function replayEvent(
  deps: WebhookDependencies,
  accountId: number,
  eventId: string,
  context: AuditContext,
) {
  const row = await deps.database.tenant(accountId, async (tx) => {
    const reset = await resetEventForReplay(tx, accountId, eventId);
    if (!reset) throw notFound('Failed webhook event');
    await recordAudit(tx, context, {
      accountId,
      action: 'webhook.replayed',
      resourceType: 'webhook_event',
      resourceId: eventId,
    });
    return reset;
  });
  await queueEvent(deps, accountId, row.id);
  return present(row);
}

/**
 * Replays every dead-lettered event of the account (after an outage that outlasted the retries): each
 * starts over with a fresh attempt count. One audit row names how many; returns that number.
 */
export async function replayDeadEvents(deps: WebhookDependencies, accountId: number, context: AuditContext) {
  const ids = await deps.database.tenant(accountId, async (tx) => {
    const reset = await resetDeadEventsForReplay(tx, accountId);
    await recordAudit(tx, context, {
      accountId,
      action: 'webhook.replayed_all',
      resourceType: 'webhook_event',
      newValues: { queued: reset.length },
    });
    return reset;
  });
  for (const id of ids) await queueEvent(deps, accountId, id);
  return { queued: ids.length };
}

/**
 * Across tenants, bounded per run: queues again what was stored but never taken (the process died
 * between commit and queueing, or during an attempt), failed events overdue for their retry, and
 * unhandled events of kinds this release now handles.
 */
export async function sweepWebhookEvents(deps: WebhookDependencies) {
  const staleBefore = new Date(Date.now() - deps.config.webhookSweepAfterMs);
  const stale = await systemFindStaleEvents(deps.database.system, staleBefore, SWEEP_BATCH);
  const revived = await systemReviveUnhandledEvents(
    deps.database.system,
    [...handledWebhookEvents],
    SWEEP_BATCH,
  );
  for (const row of [...stale, ...revived]) await queueEvent(deps, row.accountId, row.id);
  // Domain events ride the same sweep: consumers that failed are retried, each on its own.
  const redelivered = await deps.domainEvents.retryDue();
  return { requeued: stale.length, revived: revived.length, redelivered };
}

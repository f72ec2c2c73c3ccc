import type { DomainEvent, DomainEventData, DomainEventSource, DomainEventType } from '@whatpro/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Database, Tx } from '../db/database';
import { notFound } from '../errors';
import { type AuditContext, recordAudit } from '../features/audit/service';
import type { EventBus } from '../infra/event-bus';
import {
  claimDeliveriesOf,
  claimDelivery,
  type DeliveryRow,
  type DeliveryWithEvent,
  type DomainEventRow,
  findDeliveryWithEvent,
  findDomainEvent,
  insertDomainEvents,
  listDeadDeliveries,
  markDelivered,
  markDeliveryFailed,
  markManyDelivered,
  resetDeadDeliveries,
  systemFindDueDeliveries,
} from './repo';

/** Every domain event of every account, for other Hub nodes (realtime, workers of other processes). */
export const DOMAIN_EVENTS_CHANNEL = 'hub:domain-events';
/** The consumer that publishes to the event bus; in-process subscribers add their own names. */
export const EVENT_BUS_CONSUMER = 'event-bus';
/** How long one attempt holds its delivery before the sweeper may take it (the attempt died). */
const DELIVERY_LEASE_MS = 5 * 60_000;
const LONGEST_RETRY_DELAY_MS = 3_600_000;
const SWEEP_BATCH = 500;
/** Dead deliveries one "replay all" attempts; the answer says how many, so a caller repeats past it. */
const REPLAY_BATCH = 500;

export type DomainEventConsumer = (event: DomainEvent) => Promise<void> | void;

export interface ConsumerOptions {
  /**
   * Of a batch of one account's events, the ids of those the consumer has anything to do for, found in
   * one look; the others are marked delivered without calling it. When this fails, every event is handed
   * to the consumer.
   */
  relevant?: (accountId: number, events: readonly DomainEvent[]) => Promise<ReadonlySet<string>>;
}

export interface EventToRecord<T extends DomainEventType = DomainEventType> {
  type: T;
  conversationDisplayId: number;
  /** Names the fact, so the same fact reported twice (two webhooks, a replay, a reconcile) is one event. */
  dedupeKey: string;
  data: DomainEventData<T>;
  occurredAt: Date;
  /** Default `webhook`; the reconcile stamps its own, so consumers can tell what it found. */
  source?: DomainEventSource;
}

/**
 * The outbox and its consumers. `record` writes an event in the caller's transaction, with one delivery
 * row per consumer known at that moment; after the commit the caller hands the new ids to `deliver`.
 * Each consumer's delivery is its own row, claimed, run and marked for it alone (the deliveries of one
 * change are claimed together and marked together), so a consumer that fails is retried alone (with
 * backoff, by the sweeper) and dead-lettered after the webhook attempt limit.
 */
export interface DomainEvents {
  /** In-process consumers register at start, before events they should see are written. */
  subscribe(name: string, consumer: DomainEventConsumer, options?: ConsumerOptions): void;
  record(tx: Tx, accountId: number, event: EventToRecord): Promise<string | undefined>;
  /** `record` for several events in one statement; answers each one's new id (undefined: recorded before). */
  recordMany(tx: Tx, accountId: number, events: readonly EventToRecord[]): Promise<(string | undefined)[]>;
  deliver(accountId: number, eventIds: readonly string[]): Promise<void>;
  /** Delivers what is due across tenants: failed consumers' retries and deliveries stranded by a crash. */
  retryDue(): Promise<number>;
  /** Attempts the given deliveries now, each for its consumer alone; answers how many reached it. */
  redeliver(accountId: number, deliveries: readonly DeliveryRef[]): Promise<number>;
}

export interface DeliveryRef {
  eventId: string;
  consumer: string;
}

interface ClaimedDelivery {
  delivery: DeliveryRow;
  event: DomainEventRow;
}

export interface DomainEventsDependencies {
  config: Config;
  database: Database;
  bus: EventBus;
  log: FastifyBaseLogger;
}

export function presentDomainEvent(row: DomainEventRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    account_id: row.accountId,
    conversation_display_id: row.conversationDisplayId,
    occurred_at: row.occurredAt.toISOString(),
    source: row.source,
    data: row.payload,
  } as DomainEvent;
}

export function createDomainEvents(deps: DomainEventsDependencies): DomainEvents {
  const consumers = new Map<string, DomainEventConsumer>([
    [EVENT_BUS_CONSUMER, (event) => deps.bus.publish(DOMAIN_EVENTS_CHANNEL, event)],
  ]);
  const relevanceOf = new Map<string, NonNullable<ConsumerOptions['relevant']>>();
  const { database, config, log } = deps;

  const retryDelayMs = (attempt: number) =>
    Math.min(LONGEST_RETRY_DELAY_MS, config.webhookRetryDelayMs * 2 ** (attempt - 1));

  const leaseFrom = (now: Date) => new Date(now.getTime() + DELIVERY_LEASE_MS);

  /** Runs the consumer of a claimed delivery; a failure is marked on it at once. True when it took the event. */
  async function runClaimed(accountId: number, claimed: ClaimedDelivery): Promise<boolean> {
    const { consumer: consumerName, eventId, attempts } = claimed.delivery;
    const consumer = consumers.get(consumerName);
    try {
      // A consumer this process does not have (removed, or registered by another release) fails visibly.
      if (!consumer) throw new Error(`no consumer named ${consumerName} in this process`);
      await consumer(presentDomainEvent(claimed.event));
    } catch (error) {
      const dead = attempts >= config.webhookMaxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      await database.tenantAutocommit(accountId, (tx) =>
        markDeliveryFailed(tx, accountId, eventId, consumerName, {
          error: message,
          nextAttemptAt: dead ? null : new Date(Date.now() + retryDelayMs(attempts)),
        }),
      );
      log.warn({ event_id: eventId, consumer: consumerName, attempts, dead }, 'domain event consumer failed');
      return false;
    }
    return true;
  }

  /** True when the consumer took the event in this attempt. */
  async function deliverOne(accountId: number, eventId: string, consumerName: string): Promise<boolean> {
    const now = new Date();
    const claimed = await database.tenant(accountId, async (tx) => {
      const delivery = await claimDelivery(tx, accountId, eventId, consumerName, now, leaseFrom(now));
      if (!delivery) return undefined;
      const event = await findDomainEvent(tx, accountId, eventId);
      return event ? { delivery, event } : undefined;
    });
    if (!claimed || !(await runClaimed(accountId, claimed))) return false;
    await database.tenantAutocommit(accountId, (tx) =>
      markDelivered(tx, accountId, eventId, consumerName, new Date()),
    );
    return true;
  }

  /**
   * Claims every consumer's delivery of the given events, with the events, in one statement; in the order
   * the events were recorded and the consumers registered. Each claim is the same atomic lease as
   * `deliverOne`'s, so a delivery another trigger holds is not taken twice.
   */
  async function claimAll(accountId: number, eventIds: readonly string[]): Promise<ClaimedDelivery[]> {
    const names = [...consumers.keys()];
    const now = new Date();
    const claimed = await database.tenantAutocommit(accountId, (tx) =>
      claimDeliveriesOf(tx, accountId, eventIds, names, now, leaseFrom(now)),
    );
    const eventOrder = new Map(eventIds.map((id, index) => [id, index]));
    return claimed.sort(
      (a, b) =>
        (eventOrder.get(a.event.id) ?? 0) - (eventOrder.get(b.event.id) ?? 0) ||
        names.indexOf(a.delivery.consumer) - names.indexOf(b.delivery.consumer),
    );
  }

  /** The claimed deliveries whose consumer says it has nothing to do for their event. */
  async function irrelevantOf(accountId: number, claimed: readonly ClaimedDelivery[]) {
    const skipped = new Set<ClaimedDelivery>();
    for (const [name, relevant] of relevanceOf) {
      const mine = claimed.filter((one) => one.delivery.consumer === name);
      if (mine.length === 0) continue;
      const wanted = await relevant(
        accountId,
        mine.map((one) => presentDomainEvent(one.event)),
      ).catch((error: Error) => {
        log.warn({ err: error, consumer: name }, 'domain event relevance unknown; delivering every event');
        return undefined;
      });
      if (!wanted) continue;
      for (const one of mine) if (!wanted.has(one.event.id)) skipped.add(one);
    }
    return skipped;
  }

  const recordMany: DomainEvents['recordMany'] = (tx, accountId, events) =>
    insertDomainEvents(
      tx,
      accountId,
      events.map((event) => ({
        type: event.type,
        conversationDisplayId: event.conversationDisplayId,
        dedupeKey: event.dedupeKey,
        payload: event.data as Record<string, unknown>,
        occurredAt: event.occurredAt,
        source: event.source ?? 'webhook',
      })),
      [...consumers.keys()],
      new Date(Date.now() + config.webhookSweepAfterMs),
    );

  return {
    subscribe(name, consumer, options = {}) {
      if (consumers.has(name)) throw new Error(`a domain event consumer named ${name} exists`);
      consumers.set(name, consumer);
      if (options.relevant) relevanceOf.set(name, options.relevant);
    },
    async record(tx, accountId, event) {
      const [id] = await recordMany(tx, accountId, [event]);
      return id;
    },
    recordMany,
    async deliver(accountId, eventIds) {
      if (eventIds.length === 0) return;
      // Two statements for all the events of one change or batch (claim, mark delivered) instead of a
      // transaction and a mark per event and consumer; consumers that can tell which events concern
      // them are asked once and called only for those. Whatever is not marked here (a failed step, a
      // crash) is held by its lease and then taken by the sweeper.
      const claimed = await claimAll(accountId, eventIds).catch((error: Error) => {
        log.warn({ err: error, event_ids: eventIds }, 'domain event delivery deferred');
        return [];
      });
      const irrelevant = await irrelevantOf(accountId, claimed);
      const delivered: DeliveryRef[] = [];
      for (const one of claimed) {
        const done =
          irrelevant.has(one) ||
          (await runClaimed(accountId, one).catch((error: Error) => {
            log.warn(
              { err: error, event_id: one.event.id, consumer: one.delivery.consumer },
              'domain event delivery deferred',
            );
            return false;
          }));
        if (done) delivered.push({ eventId: one.event.id, consumer: one.delivery.consumer });
      }
      await database
        .tenantAutocommit(accountId, (tx) => markManyDelivered(tx, accountId, delivered, new Date()))
        .catch((error: Error) =>
          log.warn({ err: error, event_ids: eventIds }, 'domain event deliveries left to the sweeper'),
        );
    },
    async retryDue() {
      const due = await systemFindDueDeliveries(database.system, new Date(), SWEEP_BATCH);
      for (const row of due) {
        await deliverOne(row.accountId, row.eventId, row.consumer).catch((error: Error) =>
          log.warn(
            { err: error, event_id: row.eventId, consumer: row.consumer },
            'domain event retry failed',
          ),
        );
      }
      return due.length;
    },
    async redeliver(accountId, deliveries) {
      let delivered = 0;
      for (const { eventId, consumer } of deliveries) {
        const done = await deliverOne(accountId, eventId, consumer).catch((error: Error) => {
          log.warn({ err: error, event_id: eventId, consumer }, 'domain event replay deferred');
          return false;
        });
        if (done) delivered += 1;
      }
      return delivered;
    },
  };
}

export interface DeadDeliveryDependencies {
  config: Config;
  database: Database;
  domainEvents: DomainEvents;
}

function presentDelivery(row: NonNullable<DeliveryWithEvent>) {
  return {
    event_id: row.eventId,
    consumer: row.consumer,
    event_type: row.eventType,
    conversation_display_id: row.conversationDisplayId,
    occurred_at: row.occurredAt.toISOString(),
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
  };
}

export async function listDeadDeliveriesOf(deps: DeadDeliveryDependencies, accountId: number) {
  const rows = await deps.database.tenant(accountId, (tx) => listDeadDeliveries(tx, accountId, 200));
  return rows.map(presentDelivery);
}

/**
 * Puts dead deliveries back to pending with a fresh attempt count (audited in the same transaction), then
 * attempts each at once for its consumer alone: the other consumers of the event are not called again.
 * A replay that fails again is retried with backoff like any delivery.
 */
async function replayDead(
  deps: DeadDeliveryDependencies,
  accountId: number,
  only: DeliveryRef | undefined,
  context: AuditContext,
) {
  const reset = await deps.database.tenant(accountId, async (tx) => {
    const rows = await resetDeadDeliveries(tx, accountId, {
      only,
      limit: REPLAY_BATCH,
      sweepableAt: new Date(Date.now() + deps.config.webhookSweepAfterMs),
    });
    if (only && rows.length === 0) throw notFound('Dead domain event delivery');
    await recordAudit(tx, context, {
      accountId,
      action: only ? 'domain_event.delivery_replayed' : 'domain_event.deliveries_replayed',
      resourceType: 'domain_event_delivery',
      ...(only
        ? { resourceId: only.eventId, newValues: { consumer: only.consumer } }
        : { newValues: { replayed: rows.length } }),
    });
    return rows;
  });
  const delivered = await deps.domainEvents.redeliver(accountId, reset);
  return { replayed: reset.length, delivered };
}

export async function replayDeadDelivery(
  deps: DeadDeliveryDependencies,
  accountId: number,
  delivery: DeliveryRef,
  context: AuditContext,
) {
  await replayDead(deps, accountId, delivery, context);
  const row = await deps.database.tenant(accountId, (tx) =>
    findDeliveryWithEvent(tx, accountId, delivery.eventId, delivery.consumer),
  );
  if (!row) throw notFound('Domain event delivery');
  return presentDelivery(row);
}

export function replayDeadDeliveries(
  deps: DeadDeliveryDependencies,
  accountId: number,
  context: AuditContext,
) {
  return replayDead(deps, accountId, undefined, context);
}

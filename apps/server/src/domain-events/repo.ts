import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database';
import { domainEventDeliveries, domainEvents } from '../db/schema';

/**
 * Tenant functions take the transaction of `database.tenant(accountId)` and the account id, and filter by
 * it as well as RLS does; `system…` functions run across tenants (the sweeper) and say so.
 */
export type DomainEventRow = typeof domainEvents.$inferSelect;
export type DeliveryRow = typeof domainEventDeliveries.$inferSelect;

export interface NewDomainEvent {
  type: string;
  conversationDisplayId: number;
  dedupeKey: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  source: 'webhook' | 'reconcile';
}

/**
 * Writes the events and one delivery row per consumer for each, in one statement, except those whose
 * dedupe key is recorded already (the fact was reported before, or earlier in the same list): those get
 * nothing. Answers, for each event in the order given, its new id or undefined.
 */
export async function insertDomainEvents(
  tx: Tx,
  accountId: number,
  events: readonly NewDomainEvent[],
  consumers: readonly string[],
  sweepableAt: Date,
): Promise<(string | undefined)[]> {
  if (events.length === 0) return [];
  const firstOfKey = new Map<string, NewDomainEvent>();
  for (const event of events) if (!firstOfKey.has(event.dedupeKey)) firstOfKey.set(event.dedupeKey, event);
  const records = [...firstOfKey.values()].map((event) => ({
    type: event.type,
    conversation_display_id: event.conversationDisplayId,
    dedupe_key: event.dedupeKey,
    payload: event.payload,
    occurred_at: event.occurredAt.toISOString(),
    source: event.source,
  }));
  // The deliveries are made from the events' own `returning`, so a fact already recorded gets none.
  const result = (await tx.execute(sql`
    with stored as (
           insert into ${domainEvents} (account_id, type, conversation_display_id, dedupe_key, payload, occurred_at, source)
           select ${accountId}::integer, type, conversation_display_id, dedupe_key, payload, occurred_at, source
             from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as e(type text,
                  conversation_display_id integer, dedupe_key text, payload jsonb, occurred_at timestamptz,
                  source text)
           on conflict do nothing
           returning id, dedupe_key
         ),
         deliveries as (
           insert into ${domainEventDeliveries} (event_id, account_id, consumer, next_attempt_at)
           select stored.id, ${accountId}::integer, consumer, ${sweepableAt.toISOString()}::timestamptz
             from stored, unnest(array[${sql.join(
               consumers.map((consumer) => sql`${consumer}`),
               sql`, `,
             )}]::text[]) as consumer
         )
    select id, dedupe_key from stored
  `)) as unknown as { rows: { id: string; dedupe_key: string }[] };
  const idOfKey = new Map(result.rows.map((row) => [row.dedupe_key, row.id]));
  return events.map((event) =>
    firstOfKey.get(event.dedupeKey) === event ? idOfKey.get(event.dedupeKey) : undefined,
  );
}

export async function findDomainEvent(tx: Tx, accountId: number, eventId: string) {
  const [row] = await tx
    .select()
    .from(domainEvents)
    .where(and(eq(domainEvents.id, eventId), eq(domainEvents.accountId, accountId)));
  return row;
}

/**
 * Takes one attempt for one consumer: a delivery never tried yet, or one whose retry (or the lease of an
 * attempt that never reported back) is due. Counts the attempt and holds the delivery until `leaseUntil`.
 */
export async function claimDelivery(
  tx: Tx,
  accountId: number,
  eventId: string,
  consumer: string,
  now: Date,
  leaseUntil: Date,
) {
  const [claimed] = await tx
    .update(domainEventDeliveries)
    .set({ attempts: sql`${domainEventDeliveries.attempts} + 1`, nextAttemptAt: leaseUntil })
    .where(
      and(
        eq(domainEventDeliveries.eventId, eventId),
        eq(domainEventDeliveries.consumer, consumer),
        eq(domainEventDeliveries.accountId, accountId),
        inArray(domainEventDeliveries.status, ['pending', 'failed']),
        or(eq(domainEventDeliveries.attempts, 0), lte(domainEventDeliveries.nextAttemptAt, now)),
      ),
    )
    .returning();
  return claimed;
}

/**
 * `claimDelivery` for every consumer of several events at once (the events one change just recorded),
 * answering each claimed delivery with its event: one statement instead of a transaction per event and
 * consumer.
 */
export async function claimDeliveriesOf(
  tx: Tx,
  accountId: number,
  eventIds: readonly string[],
  consumers: readonly string[],
  now: Date,
  leaseUntil: Date,
) {
  if (eventIds.length === 0 || consumers.length === 0) return [];
  const rows = await tx
    .update(domainEventDeliveries)
    .set({ attempts: sql`${domainEventDeliveries.attempts} + 1`, nextAttemptAt: leaseUntil })
    .from(domainEvents)
    .where(
      and(
        eq(domainEvents.id, domainEventDeliveries.eventId),
        eq(domainEvents.accountId, accountId),
        inArray(domainEventDeliveries.eventId, [...eventIds]),
        inArray(domainEventDeliveries.consumer, [...consumers]),
        eq(domainEventDeliveries.accountId, accountId),
        inArray(domainEventDeliveries.status, ['pending', 'failed']),
        or(eq(domainEventDeliveries.attempts, 0), lte(domainEventDeliveries.nextAttemptAt, now)),
      ),
    )
    .returning();
  return rows.map(({ domain_events: event, ...delivery }) => ({ delivery, event }));
}

/** `markDelivered` for several deliveries in one statement. */
export async function markManyDelivered(
  tx: Tx,
  accountId: number,
  deliveries: readonly { eventId: string; consumer: string }[],
  at: Date,
) {
  if (deliveries.length === 0) return;
  const pairs = deliveries.map((delivery) => ({ event_id: delivery.eventId, consumer: delivery.consumer }));
  await tx
    .update(domainEventDeliveries)
    .set({ status: 'delivered', deliveredAt: at, lastError: null, nextAttemptAt: null })
    .where(
      and(
        eq(domainEventDeliveries.accountId, accountId),
        sql`(${domainEventDeliveries.eventId}, ${domainEventDeliveries.consumer}) in (
          select event_id, consumer
            from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as d(event_id uuid, consumer text)
        )`,
      ),
    );
}

export async function markDelivered(tx: Tx, accountId: number, eventId: string, consumer: string, at: Date) {
  await tx
    .update(domainEventDeliveries)
    .set({ status: 'delivered', deliveredAt: at, lastError: null, nextAttemptAt: null })
    .where(
      and(
        eq(domainEventDeliveries.eventId, eventId),
        eq(domainEventDeliveries.consumer, consumer),
        eq(domainEventDeliveries.accountId, accountId),
      ),
    );
}

export async function markDeliveryFailed(
  tx: Tx,
  accountId: number,
  eventId: string,
  consumer: string,
  failure: { error: string; nextAttemptAt: Date | null },
) {
  await tx
    .update(domainEventDeliveries)
    .set({
      status: failure.nextAttemptAt ? 'failed' : 'dead',
      lastError: failure.error.slice(0, 500),
      nextAttemptAt: failure.nextAttemptAt,
    })
    .where(
      and(
        eq(domainEventDeliveries.eventId, eventId),
        eq(domainEventDeliveries.consumer, consumer),
        eq(domainEventDeliveries.accountId, accountId),
      ),
    );
}

export interface DueDelivery {
  eventId: string;
  accountId: number;
  consumer: string;
}

/** Across tenants: deliveries whose retry is due, or never taken after commit (the process died). */
export async function systemFindDueDeliveries(db: Db, now: Date, limit: number): Promise<DueDelivery[]> {
  return db
    .select({
      eventId: domainEventDeliveries.eventId,
      accountId: domainEventDeliveries.accountId,
      consumer: domainEventDeliveries.consumer,
    })
    .from(domainEventDeliveries)
    .where(
      and(
        inArray(domainEventDeliveries.status, ['pending', 'failed']),
        lte(domainEventDeliveries.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(domainEventDeliveries.nextAttemptAt))
    .limit(limit);
}

/** A delivery with the event it carries, as the dead-letter list shows it. */
const deliveryWithEvent = {
  eventId: domainEventDeliveries.eventId,
  consumer: domainEventDeliveries.consumer,
  status: domainEventDeliveries.status,
  attempts: domainEventDeliveries.attempts,
  lastError: domainEventDeliveries.lastError,
  deliveredAt: domainEventDeliveries.deliveredAt,
  eventType: domainEvents.type,
  conversationDisplayId: domainEvents.conversationDisplayId,
  occurredAt: domainEvents.occurredAt,
};
export type DeliveryWithEvent = Awaited<ReturnType<typeof findDeliveryWithEvent>>;

export async function findDeliveryWithEvent(tx: Tx, accountId: number, eventId: string, consumer: string) {
  const [row] = await tx
    .select(deliveryWithEvent)
    .from(domainEventDeliveries)
    .innerJoin(domainEvents, eq(domainEvents.id, domainEventDeliveries.eventId))
    .where(
      and(
        eq(domainEventDeliveries.accountId, accountId),
        eq(domainEventDeliveries.eventId, eventId),
        eq(domainEventDeliveries.consumer, consumer),
      ),
    );
  return row;
}

/** Deliveries whose last attempt failed, newest event first. */
export async function listDeadDeliveries(tx: Tx, accountId: number, limit: number) {
  return tx
    .select(deliveryWithEvent)
    .from(domainEventDeliveries)
    .innerJoin(domainEvents, eq(domainEvents.id, domainEventDeliveries.eventId))
    .where(and(eq(domainEventDeliveries.accountId, accountId), eq(domainEventDeliveries.status, 'dead')))
    .orderBy(desc(domainEvents.occurredAt), asc(domainEventDeliveries.consumer))
    .limit(limit);
}

/**
 * Dead deliveries of the account (one, when `only` names it) start over as pending with a fresh attempt
 * count, for their consumer alone; `sweepableAt` lets the sweeper take them if the replay's own attempt
 * never reports back. At most `limit`, oldest event first.
 */
export async function resetDeadDeliveries(
  tx: Tx,
  accountId: number,
  options: { only?: { eventId: string; consumer: string }; limit: number; sweepableAt: Date },
): Promise<DueDelivery[]> {
  const batch = tx
    .select({ eventId: domainEventDeliveries.eventId, consumer: domainEventDeliveries.consumer })
    .from(domainEventDeliveries)
    .innerJoin(domainEvents, eq(domainEvents.id, domainEventDeliveries.eventId))
    .where(
      and(
        eq(domainEventDeliveries.accountId, accountId),
        eq(domainEventDeliveries.status, 'dead'),
        ...(options.only
          ? [
              eq(domainEventDeliveries.eventId, options.only.eventId),
              eq(domainEventDeliveries.consumer, options.only.consumer),
            ]
          : []),
      ),
    )
    .orderBy(asc(domainEvents.occurredAt))
    .limit(options.limit);
  return tx
    .update(domainEventDeliveries)
    .set({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: options.sweepableAt })
    .where(
      and(
        eq(domainEventDeliveries.accountId, accountId),
        eq(domainEventDeliveries.status, 'dead'),
        sql`(${domainEventDeliveries.eventId}, ${domainEventDeliveries.consumer}) in (${batch})`,
      ),
    )
    .returning({
      eventId: domainEventDeliveries.eventId,
      accountId: domainEventDeliveries.accountId,
      consumer: domainEventDeliveries.consumer,
    });
}

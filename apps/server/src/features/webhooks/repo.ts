import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { webhookEvents } from '../../db/schema';

/**
 * Tenant functions take the transaction of `database.tenant(accountId)` and the account id, and filter by
 * it as well as RLS does. Functions named `system…` run on the system connection across tenants (the
 * sweeper) and say so.
 */
export type WebhookEventRow = typeof webhookEvents.$inferSelect;

export type NewWebhookEvent = Pick<
  typeof webhookEvents.$inferInsert,
  'provider' | 'deliveryId' | 'event' | 'rawBody' | 'signatureVerified'
>;

/** Stores deliveries in one statement; answers the rows written (a delivery id stored before is not). */
export async function insertEvents(tx: Tx, accountId: number, values: readonly NewWebhookEvent[]) {
  if (values.length === 0) return [];
  return tx
    .insert(webhookEvents)
    .values(values.map((value) => ({ ...value, accountId })))
    .onConflictDoNothing()
    .returning({
      id: webhookEvents.id,
      provider: webhookEvents.provider,
      deliveryId: webhookEvents.deliveryId,
    });
}

/**
 * Takes one attempt at an event that is waiting and due: counts the attempt and holds the event for
 * `leaseUntil`, so a second trigger (a duplicate job, the sweeper) finds nothing to take. An attempt that
 * never reports back (the process died) is due again when the lease ends.
 */
export async function claimEventAttempt(
  tx: Tx,
  accountId: number,
  eventId: string,
  dueBy: Date,
  leaseUntil: Date,
): Promise<WebhookEventRow | undefined> {
  const [claimed] = await tx
    .update(webhookEvents)
    .set({ attempts: sql`${webhookEvents.attempts} + 1`, nextAttemptAt: leaseUntil })
    .where(
      and(
        eq(webhookEvents.id, eventId),
        eq(webhookEvents.accountId, accountId),
        inArray(webhookEvents.status, ['pending', 'failed']),
        or(isNull(webhookEvents.nextAttemptAt), lte(webhookEvents.nextAttemptAt, dueBy)),
      ),
    )
    .returning();
  return claimed;
}

export async function markEventProcessed(tx: Tx, accountId: number, eventId: string, at: Date) {
  await tx
    .update(webhookEvents)
    .set({ status: 'processed', processedAt: at, lastError: null, nextAttemptAt: null })
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.accountId, accountId)));
}

/** Handled with nothing to change; the reason stays visible on the row. */
export async function markEventIgnored(tx: Tx, accountId: number, eventId: string, reason: string, at: Date) {
  await tx
    .update(webhookEvents)
    .set({ status: 'ignored', processedAt: at, lastError: reason.slice(0, 500), nextAttemptAt: null })
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.accountId, accountId)));
}

/** No handler in this release: not an attempt at the effect, so the count starts over when one exists. */
export async function markEventUnhandled(tx: Tx, accountId: number, eventId: string, reason: string) {
  await tx
    .update(webhookEvents)
    .set({ status: 'unhandled', attempts: 0, lastError: reason, nextAttemptAt: null })
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.accountId, accountId)));
}

export async function markEventFailed(
  tx: Tx,
  accountId: number,
  eventId: string,
  failure: { dead: boolean; error: string; nextAttemptAt: Date | null },
) {
  await tx
    .update(webhookEvents)
    .set({
      status: failure.dead ? 'dead' : 'failed',
      lastError: failure.error.slice(0, 500),
      nextAttemptAt: failure.nextAttemptAt,
    })
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.accountId, accountId)));
}

export async function listFailedAndDeadEvents(tx: Tx, accountId: number, limit: number) {
  return tx
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.accountId, accountId), inArray(webhookEvents.status, ['failed', 'dead'])))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(limit);
}

/** A failed or dead event starts over as pending with a fresh attempt count; others are left alone. */
export async function resetEventForReplay(
  tx: Tx,
  accountId: number,
  eventId: string,
): Promise<WebhookEventRow | undefined> {
  const [reset] = await tx
    .update(webhookEvents)
    .set({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: null })
    .where(
      and(
        eq(webhookEvents.id, eventId),
        eq(webhookEvents.accountId, accountId),
        inArray(webhookEvents.status, ['failed', 'dead']),
      ),
    )
    .returning();
  return reset;
}

/** Every dead event of the account starts over as pending with a fresh attempt count (replay all). */
export async function resetDeadEventsForReplay(tx: Tx, accountId: number): Promise<string[]> {
  const reset = await tx
    .update(webhookEvents)
    .set({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: null })
    .where(and(eq(webhookEvents.accountId, accountId), eq(webhookEvents.status, 'dead')))
    .returning({ id: webhookEvents.id });
  return reset.map((row) => row.id);
}

export interface QueuedEventRef {
  id: string;
  accountId: number;
}

/**
 * Across tenants: events waiting since before `staleBefore` — pending and never taken (the process died
 * between commit and queueing), failed and overdue for their retry, or held by an attempt whose lease
 * ran out. At most `limit`, oldest first.
 */
export async function systemFindStaleEvents(
  db: Db,
  staleBefore: Date,
  limit: number,
): Promise<QueuedEventRef[]> {
  const waitingSince = sql`coalesce(${webhookEvents.nextAttemptAt}, ${webhookEvents.receivedAt})`;
  const rows = await db
    .select({ id: webhookEvents.id, accountId: webhookEvents.accountId })
    .from(webhookEvents)
    .where(
      and(
        inArray(webhookEvents.status, ['pending', 'failed']),
        isNotNull(webhookEvents.accountId),
        lt(waitingSince, staleBefore),
      ),
    )
    .orderBy(waitingSince)
    .limit(limit);
  return rows as QueuedEventRef[];
}

/**
 * Across tenants: unhandled events of the given kinds (those this release now handles) become pending
 * again with a fresh attempt count. At most `limit` per call.
 */
export async function systemReviveUnhandledEvents(
  db: Db,
  events: string[],
  limit: number,
): Promise<QueuedEventRef[]> {
  if (events.length === 0) return [];
  const batch = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.status, 'unhandled'),
        inArray(webhookEvents.event, events),
        isNotNull(webhookEvents.accountId),
      ),
    )
    .orderBy(webhookEvents.receivedAt)
    .limit(limit);
  const rows = await db
    .update(webhookEvents)
    .set({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: null })
    .where(and(inArray(webhookEvents.id, batch), eq(webhookEvents.status, 'unhandled')))
    .returning({ id: webhookEvents.id, accountId: webhookEvents.accountId });
  return rows as QueuedEventRef[];
}

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
 * Takes one attempt at each of the events that is waiting and due: counts the attempt and holds the event
 * for `leaseUntil`, so a second trigger (a duplicate job, the sweeper) finds nothing to take. An attempt
 * that never reports back (the process died) is due again when the lease ends. Answers the events taken.
 */
export async function claimEventAttempts(
  tx: Tx,
  accountId: number,
  eventIds: readonly string[],
  dueBy: Date,
  leaseUntil: Date,
): Promise<WebhookEventRow[]> {
  if (eventIds.length === 0) return [];
  return tx
    .update(webhookEvents)
    .set({ attempts: sql`${webhookEvents.attempts} + 1`, nextAttemptAt: leaseUntil })
    .where(
      and(
        inArray(webhookEvents.id, [...eventIds]),
        eq(webhookEvents.accountId, accountId),
        inArray(webhookEvents.status, ['pending', 'failed']),
        or(isNull(webhookEvents.nextAttemptAt), lte(webhookEvents.nextAttemptAt, dueBy)),
      ),
    )
    .returning();
}

/** An event handled: applied, or `ignored` with nothing to change and the reason kept on the row. */
export interface FinishedEvent {
  id: string;
  ignored?: string;
}

/** Marks several events `processed` or `ignored` in one statement. */
export async function markEventsFinished(
  tx: Tx,
  accountId: number,
  events: readonly FinishedEvent[],
  at: Date,
) {
  if (events.length === 0) return;
  const records = events.map((event) => ({
    id: event.id,
    status: event.ignored === undefined ? 'processed' : 'ignored',
    reason: event.ignored?.slice(0, 500) ?? null,
  }));
  await tx.execute(sql`
    update ${webhookEvents} as w
       set status = f.status, processed_at = ${at.toISOString()}::timestamptz, last_error = f.reason,
           next_attempt_at = null
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as f(id uuid, status text, reason text)
     where w.account_id = ${accountId} and w.id = f.id
  `);
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

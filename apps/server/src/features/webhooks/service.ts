import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { webhookEvents } from '../../db/schema';
import { AppError, notFound, unauthorized } from '../../errors';
import type { Jobs } from '../../jobs/jobs';
import { type AuditContext, recordAudit } from '../audit/service';
import { hashSecret } from '../auth/tokens';
import { reconcileAccount, type SyncDependencies, webhookCredentials } from '../chatwoot-sync/service';

export const CHATWOOT_WEBHOOK_JOB = 'chatwoot-webhook';
export const MAX_WEBHOOK_ATTEMPTS = 5;
const SIGNATURE_WINDOW_SECONDS = 300;

export interface WebhookDependencies extends SyncDependencies {
  jobs: Jobs | undefined;
  log: FastifyBaseLogger;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface IncomingDelivery {
  accountId: number;
  urlToken: string;
  rawBody: Buffer;
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
  const credentials = await webhookCredentials(deps, delivery.accountId);
  const fail = async (reason: string) => {
    await deps.database.tenant(delivery.accountId, (tx) =>
      recordAudit(tx, context, {
        accountId: delivery.accountId,
        action: 'webhook.auth_failed',
        newValues: { reason },
      }),
    );
  };
  if (!credentials || !sameHash(hashSecret(delivery.urlToken), credentials.urlTokenHash)) {
    if (credentials) await fail('url_token');
    throw notFound('Webhook');
  }
  const header = (name: string) => {
    const value = delivery.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const signature = header('x-chatwoot-signature');
  let signatureVerified = false;
  if (signature !== undefined || credentials.secret !== undefined) {
    const timestamp = header('x-chatwoot-timestamp') ?? '';
    const age = Math.abs(Date.now() / 1000 - Number(timestamp));
    const expected = credentials.secret
      ? `sha256=${createHmac('sha256', credentials.secret).update(`${timestamp}.`).update(delivery.rawBody).digest('hex')}`
      : undefined;
    signatureVerified =
      expected !== undefined &&
      signature !== undefined &&
      /^\d+$/.test(timestamp) &&
      age <= SIGNATURE_WINDOW_SECONDS &&
      sameHash(signature, expected);
    // A signing Chatwoot must keep signing: a missing or wrong signature is refused, not downgraded.
    if (!signatureVerified) {
      await fail(signature === undefined ? 'signature_missing' : 'signature_invalid');
      throw unauthorized('Invalid webhook signature');
    }
  }
  let payload: { event?: unknown };
  try {
    payload = JSON.parse(delivery.rawBody.toString('utf8')) as { event?: unknown };
  } catch {
    throw new AppError(400, 'bad_request', 'Webhook body is not JSON');
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    typeof payload.event !== 'string' ||
    payload.event.length > 100
  ) {
    throw new AppError(400, 'validation_failed', 'Webhook body has no event name');
  }
  const deliveryId =
    header('x-chatwoot-delivery')?.slice(0, 200) ??
    `sha256:${createHash('sha256').update(delivery.rawBody).digest('hex')}`;
  const [stored] = await deps.database.tenant(delivery.accountId, (tx) =>
    tx
      .insert(webhookEvents)
      .values({
        provider: 'chatwoot',
        deliveryId,
        accountId: delivery.accountId,
        event: payload.event as string,
        rawBody: delivery.rawBody.toString('utf8'),
        signatureVerified,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id }),
  );
  if (!stored) return { received: true as const, duplicate: true };
  await enqueue(deps, delivery.accountId, stored.id);
  return { received: true as const, duplicate: false };
}

/** Stored first, queued second: if queuing fails the row stays pending and the sweeper queues it again. */
async function enqueue(deps: WebhookDependencies, accountId: number, eventId: string) {
  if (deps.jobs) {
    await deps.jobs
      .send(CHATWOOT_WEBHOOK_JOB, { account_id: accountId, event_id: eventId })
      .catch((error: Error) => {
        deps.log.warn({ err: error, event_id: eventId }, 'could not queue a webhook event; the sweeper will');
      });
    return;
  }
  setImmediate(() => {
    processWebhookEvent(deps, accountId, eventId).catch(() => undefined);
  });
}

/** Applies one stored event. Failures are retried with backoff; after the last attempt it is dead-lettered. */
export async function processWebhookEvent(
  deps: WebhookDependencies,
  accountId: number,
  eventId: string,
): Promise<void> {
  const [event] = await deps.database.tenant(accountId, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.accountId, accountId))),
  );
  if (!event || event.status === 'processed' || event.status === 'dead') return;
  try {
    if (event.event === 'inbox_created' || event.event === 'inbox_updated') {
      // Inbox payloads carry no inbox id at the top level; re-reading the account's inboxes is exact.
      await reconcileAccount(deps, accountId);
    }
    await deps.database.tenant(accountId, (tx) =>
      tx
        .update(webhookEvents)
        .set({ status: 'processed', processedAt: new Date(), attempts: event.attempts + 1, lastError: null })
        .where(eq(webhookEvents.id, eventId)),
    );
  } catch (error) {
    const attempts = event.attempts + 1;
    const dead = attempts >= MAX_WEBHOOK_ATTEMPTS;
    await deps.database.tenant(accountId, (tx) =>
      tx
        .update(webhookEvents)
        .set({
          status: dead ? 'dead' : 'failed',
          attempts,
          lastError: (error as Error).message.slice(0, 500),
        })
        .where(eq(webhookEvents.id, eventId)),
    );
    if (!dead) throw error;
  }
}

function present(row: typeof webhookEvents.$inferSelect) {
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
  const rows = await deps.database.tenant(accountId, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.accountId, accountId), inArray(webhookEvents.status, ['failed', 'dead'])))
      .orderBy(desc(webhookEvents.receivedAt))
      .limit(200),
  );
  return rows.map(present);
}

export async function replayEvent(
  deps: WebhookDependencies,
  accountId: number,
  eventId: string,
  context: AuditContext,
) {
  const row = await deps.database.tenant(accountId, async (tx) => {
    const [updated] = await tx
      .update(webhookEvents)
      .set({ status: 'pending', attempts: 0, lastError: null })
      .where(
        and(
          eq(webhookEvents.id, eventId),
          eq(webhookEvents.accountId, accountId),
          inArray(webhookEvents.status, ['failed', 'dead']),
        ),
      )
      .returning();
    if (!updated) throw notFound('Failed webhook event');
    await recordAudit(tx, context, {
      accountId,
      action: 'webhook.replayed',
      resourceType: 'webhook_event',
      resourceId: eventId,
    });
    return updated;
  });
  await enqueue(deps, accountId, row.id);
  return present(row);
}

/** Re-queues events stored but never queued (the process died between commit and send). */
export async function sweepPendingEvents(deps: WebhookDependencies): Promise<number> {
  const stale = await deps.database.system
    .select({ id: webhookEvents.id, accountId: webhookEvents.accountId })
    .from(webhookEvents)
    .where(
      and(eq(webhookEvents.status, 'pending'), lt(webhookEvents.receivedAt, new Date(Date.now() - 120_000))),
    );
  for (const row of stale) if (row.accountId) await enqueue(deps, row.accountId, row.id);
  return stale.length;
}

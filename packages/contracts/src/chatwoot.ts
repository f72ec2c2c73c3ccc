import { z } from 'zod';
import { safeText } from './text';

export const connectChatwootSchema = z.strictObject({ api_access_token: safeText().min(1).max(512) });

export const chatwootConnectionSchema = z.object({
  connected: z.boolean(),
  webhook_id: z.number().int().nullable(),
  signed_webhooks: z.boolean(),
  last_synced_at: z.string().nullable(),
  inboxes: z.number().int(),
});

export const webhookEventSchema = z.object({
  id: z.uuid(),
  event: z.string(),
  delivery_id: z.string(),
  status: z.enum(['pending', 'processed', 'failed', 'dead', 'unhandled', 'ignored']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  signature_verified: z.boolean(),
  received_at: z.string(),
});
export const webhookEventListSchema = z.object({ events: z.array(webhookEventSchema) });
export const webhookReceiptSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });
/** What "replay all" put back in the queue: every dead-lettered event of the account at that moment. */
export const webhookReplayAllSchema = z.object({ queued: z.number().int() });

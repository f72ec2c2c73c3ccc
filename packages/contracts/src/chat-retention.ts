import { z } from 'zod';

/** Chat settings of an account. `retention_days` null keeps messages forever. */
export const chatSettingsSchema = z.object({
  retention_days: z.number().int().min(1).max(36_500).nullable(),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

export const updateChatSettingsSchema = z.strictObject({
  retention_days: z.number().int().min(1).max(36_500).nullable(),
});

/** A purge of chat history older than `before`, in one room or the whole account. */
export const requestChatPurgeSchema = z.strictObject({
  before: z.iso.datetime({ offset: true }),
  room_id: z.uuid().optional(),
});
export type RequestChatPurge = z.infer<typeof requestChatPurgeSchema>;

export const chatPurgeStatuses = ['queued', 'running', 'done', 'failed'] as const;

/** A purge and its progress: the counts grow batch by batch while it runs. */
export const chatPurgeSchema = z.object({
  id: z.uuid(),
  room_id: z.uuid().nullable(),
  before: z.iso.datetime(),
  source: z.enum(['admin', 'retention']),
  requested_by: z.uuid().nullable(),
  status: z.enum(chatPurgeStatuses),
  messages_purged: z.number().int().nonnegative(),
  reactions_purged: z.number().int().nonnegative(),
  attachments_purged: z.number().int().nonnegative(),
  events_purged: z.number().int().nonnegative(),
  error: z.string().nullable(),
  created_at: z.iso.datetime(),
  started_at: z.iso.datetime().nullable(),
  finished_at: z.iso.datetime().nullable(),
});
export type ChatPurge = z.infer<typeof chatPurgeSchema>;

export const chatPurgeListSchema = z.object({ purges: z.array(chatPurgeSchema) });

/**
 * Realtime, on the user-events channel, once a purge is done: messages of `room_id` (of every room of
 * the account when null) sent before `before` have lost their content, so open clients blank what they
 * hold. Not kept in any room's event log: the purge clears that log's old entries too.
 */
export const chatMessagesPurgedEventSchema = z.object({
  type: z.literal('messages.purged'),
  room_id: z.uuid().nullable(),
  before: z.iso.datetime(),
});
export type ChatMessagesPurgedEvent = z.infer<typeof chatMessagesPurgedEventSchema>;

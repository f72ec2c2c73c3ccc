import { type ConversationStatus, conversationStatuses } from '@whatpro/contracts';
import { z } from 'zod';

/**
 * Readers of Chatwoot's webhook payloads (reference §4.3) and its conversation API object (§3.5): both
 * are `push_data`-shaped, with `id` the display id. Only what the mirror keeps is read; the rest passes.
 */

const id = z.number().int().positive();
/** Chatwoot mixes unix seconds (0 for none, `nil.to_i`) and ISO strings for its times. */
const time = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined || value === 0 || value === '') return null;
    const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
    return Number.isFinite(ms) ? new Date(ms) : null;
  });
const person = z.looseObject({ id, name: z.string().nullish() });

export const conversationPayloadSchema = z.looseObject({
  id,
  inbox_id: id,
  account_id: id.optional(),
  uuid: z.string().optional(),
  status: z.enum(conversationStatuses),
  labels: z.array(z.string()).optional(),
  priority: z.string().nullish(),
  meta: z
    .looseObject({
      sender: z
        .looseObject({
          id,
          name: z.string().nullish(),
          email: z.string().nullish(),
          phone_number: z.string().nullish(),
        })
        .nullish(),
      assignee: person.nullish(),
      team: person.nullish(),
    })
    .optional(),
  created_at: z.number(),
  /** A float of seconds: Chatwoot's `updated_at`, the order of conversation changes. */
  updated_at: z.number(),
  last_activity_at: time,
  first_reply_created_at: time,
  waiting_since: time,
  account: z.looseObject({ id }).optional(),
});
export type ConversationPayload = z.output<typeof conversationPayloadSchema>;

/** `BaseListener#extract_changed_attributes`: `[{ attr: { previous_value, current_value } }]`, or null. */
const changedAttributesSchema = z
  .array(z.record(z.string(), z.looseObject({ previous_value: z.unknown(), current_value: z.unknown() })))
  .nullish();

export const conversationEventSchema = conversationPayloadSchema.extend({
  changed_attributes: changedAttributesSchema,
});

export const messageEventSchema = z.looseObject({
  id,
  /** The enum name in webhooks; the integer of `push_event_data` is tolerated too. */
  message_type: z.union([z.enum(['incoming', 'outgoing', 'activity', 'template']), z.number().int()]),
  private: z.boolean().optional(),
  created_at: time,
  sender: z.looseObject({ type: z.string().optional() }).nullish(),
  inbox: z.looseObject({ id }).optional(),
  account: z.looseObject({ id }).optional(),
  conversation: conversationPayloadSchema,
});
export type MessageEvent = z.output<typeof messageEventSchema>;

export const contactEventSchema = z.looseObject({
  id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  account: z.looseObject({ id }).optional(),
});

export interface Change<T> {
  from: T;
  to: T;
}

/** The changes a conversation event reports, by attribute. */
export function changesOf(
  changed: z.output<typeof changedAttributesSchema>,
): Map<string, { previous: unknown; current: unknown }> {
  const changes = new Map<string, { previous: unknown; current: unknown }>();
  for (const entry of changed ?? []) {
    for (const [attribute, value] of Object.entries(entry)) {
      changes.set(attribute, { previous: value.previous_value, current: value.current_value });
    }
  }
  return changes;
}

export const asStatus = (value: unknown): ConversationStatus | undefined =>
  conversationStatuses.find((status) => status === value);

/** Chatwoot ids: integers, possibly null (unassigned). */
export const asOptionalId = (value: unknown): number | null | undefined =>
  value === null ? null : typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** `label_list` changes arrive as arrays, or as the comma-separated string of the cached column. */
export function asLabels(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((label): label is string => typeof label === 'string');
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
  }
  if (value === null) return [];
  return undefined;
}

/** `message_type` as the activity it is: a private outgoing message is a note; activities are none. */
export function activityKind(
  message: Pick<MessageEvent, 'message_type' | 'private'>,
): 'incoming' | 'outgoing' | 'note' | undefined {
  const type =
    typeof message.message_type === 'number'
      ? (['incoming', 'outgoing', 'activity', 'template'] as const)[message.message_type]
      : message.message_type;
  if (type === 'incoming') return 'incoming';
  if (type === 'outgoing' || type === 'template') return message.private ? 'note' : 'outgoing';
  return undefined;
}

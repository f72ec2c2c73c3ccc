import { z } from 'zod';

export const conversationStatuses = ['open', 'resolved', 'pending', 'snoozed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

const time = z.string().nullable();

/** The Hub's mirror of one Chatwoot conversation; ids named `chatwoot_…`/`…_id` are Chatwoot's. */
export const conversationSchema = z.object({
  display_id: z.number().int(),
  chatwoot_inbox_id: z.number().int(),
  status: z.enum(conversationStatuses),
  assignee: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
  team: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
  labels: z.array(z.string()),
  priority: z.string().nullable(),
  contact: z
    .object({
      id: z.number().int(),
      name: z.string().nullable(),
      phone_number: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
  created_at: z.string(),
  last_activity_at: time,
  last_incoming_at: time,
  last_outgoing_at: time,
  last_note_at: time,
  first_reply_at: time,
  waiting_since: time,
  source_updated_at: z.string(),
  chatwoot_url: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/**
 * Domain events: what happened to a conversation, once per fact, whichever webhook (or reconcile)
 * reported it. `occurred_at` is Chatwoot's time of the fact, so a consumer orders by it, not by arrival.
 */
export const domainEventSources = ['webhook', 'reconcile'] as const;
export type DomainEventSource = (typeof domainEventSources)[number];
const eventBase = {
  id: z.uuid(),
  account_id: z.number().int(),
  conversation_display_id: z.number().int(),
  occurred_at: z.string(),
  /** Who reported the fact first: a Chatwoot webhook, or the reconcile that found a change webhooks missed. */
  source: z.enum(domainEventSources).default('webhook'),
};
const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

export const domainEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...eventBase,
    type: z.literal('conversation.created'),
    data: z.object({ chatwoot_inbox_id: z.number().int() }),
  }),
  z.object({
    ...eventBase,
    type: z.literal('conversation.status_changed'),
    data: change(z.enum(conversationStatuses)),
  }),
  z.object({
    ...eventBase,
    type: z.literal('conversation.assigned'),
    data: z.object({
      assignee: change(z.number().int().nullable()).nullable(),
      team: change(z.number().int().nullable()).nullable(),
    }),
  }),
  z.object({
    ...eventBase,
    type: z.literal('conversation.labels_changed'),
    data: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
  }),
  z.object({
    ...eventBase,
    type: z.literal('conversation.activity'),
    data: z.object({
      kind: z.enum(['incoming', 'outgoing', 'note']),
      at: z.string(),
      message_id: z.number().int(),
    }),
  }),
]);
export type DomainEvent = z.infer<typeof domainEventSchema>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventData<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];

/** One consumer's delivery of one domain event; `dead` once its last attempt failed. */
export const domainEventDeliverySchema = z.object({
  event_id: z.uuid(),
  consumer: z.string(),
  event_type: z.string(),
  conversation_display_id: z.number().int(),
  occurred_at: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'dead']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
});
export const domainEventDeliveryListSchema = z.object({ deliveries: z.array(domainEventDeliverySchema) });
/** Dead deliveries replayed by one call (at most a batch), and how many of them reached their consumer. */
export const domainEventReplayAllSchema = z.object({
  replayed: z.number().int(),
  delivered: z.number().int(),
});

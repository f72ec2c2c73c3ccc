import { z } from 'zod';

/**
 * What the Hub shows of a Chatwoot conversation referenced in chat, from its mirror. The mirror keeps
 * when and from whom the last message came, not its text, so `last_message` says that much.
 */
export const conversationCardSchema = z.object({
  display_id: z.number().int(),
  status: z.enum(['open', 'resolved', 'pending', 'snoozed']),
  contact: z
    .object({
      name: z.string().nullable(),
      phone_number: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
  inbox: z.object({ id: z.number().int(), name: z.string().nullable() }),
  assignee: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
  team: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
  last_message: z.object({ at: z.iso.datetime(), from: z.enum(['contact', 'agent', 'note']) }).nullable(),
  /** Opens the conversation in Chatwoot; empty when the Hub has no Chatwoot URL configured. */
  chatwoot_url: z.string(),
});
export type ConversationCard = z.infer<typeof conversationCardSchema>;

/**
 * A reference as one reader sees it: the card when they may see the conversation in Chatwoot,
 * otherwise only `unavailable` (whether it does not exist or is not theirs to see is not said).
 */
export const conversationReferenceSchema = z.object({
  display_id: z.number().int(),
  access: z.enum(['granted', 'unavailable']),
  card: conversationCardSchema.nullable(),
});
export type ConversationReference = z.infer<typeof conversationReferenceSchema>;

export const conversationReferencesQuerySchema = z.strictObject({
  /** Comma-separated display ids, at most 50. */
  display_ids: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,49}$/, 'must be up to 50 comma-separated conversation ids')
    .transform((value) => [...new Set(value.split(',').map(Number))])
    .pipe(z.array(z.number().int().positive().max(2_147_483_647))),
});

export const conversationReferenceListSchema = z.object({
  references: z.array(conversationReferenceSchema),
});

import { z } from 'zod';
import { safeText } from './text';

export const CHAT_ANNOUNCEMENT_MAX_LENGTH = 4_000;

/**
 * A broadcast from an admin or supervisor to a Chatwoot team's members (`chatwoot_team_id`) or the
 * whole account (null). Recipients are fixed when it is sent; `read_at` is the caller's own receipt.
 */
export const chatAnnouncementSchema = z.object({
  id: z.uuid(),
  author_id: z.uuid().nullable(),
  chatwoot_team_id: z.number().int().nullable(),
  body: z.string(),
  created_at: z.iso.datetime(),
  recipient_count: z.number().int().nonnegative(),
  read_count: z.number().int().nonnegative(),
  read_at: z.iso.datetime().nullable(),
});
export type ChatAnnouncement = z.infer<typeof chatAnnouncementSchema>;

export const createChatAnnouncementSchema = z.strictObject({
  body: safeText({ multiline: true })
    .max(CHAT_ANNOUNCEMENT_MAX_LENGTH)
    .refine((value) => value.trim().length > 0, { message: 'must not be blank' }),
  chatwoot_team_id: z.number().int().positive().max(2_147_483_647).optional(),
});
export type CreateChatAnnouncement = z.infer<typeof createChatAnnouncementSchema>;

export const chatAnnouncementListSchema = z.object({ announcements: z.array(chatAnnouncementSchema) });

/** Who an announcement went to and who has read it. */
export const chatAnnouncementReceiptsSchema = z.object({
  announcement_id: z.uuid(),
  receipts: z.array(
    z.object({
      user: z.object({ id: z.uuid(), name: z.string() }),
      read_at: z.iso.datetime().nullable(),
    }),
  ),
});

/** Realtime, on the user-events channel, to each recipient when it is sent. */
export const chatAnnouncementEventSchema = z.object({
  type: z.literal('announcement.created'),
  announcement: chatAnnouncementSchema,
});
export type ChatAnnouncementEvent = z.infer<typeof chatAnnouncementEventSchema>;

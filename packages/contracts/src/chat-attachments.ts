import { z } from 'zod';

/**
 * A file attached to a chat message. `url` is a short-lived signed download link for the reader it was
 * made for (it expires at `url_expires_at`; ask for the attachment again for a fresh one). `inline` is
 * true only for raster images (PNG, JPEG, GIF, WebP): everything else downloads as a file.
 */
export const chatAttachmentSchema = z.object({
  id: z.uuid(),
  room_id: z.uuid(),
  message_id: z.uuid().nullable(),
  uploader_id: z.uuid().nullable(),
  file_name: z.string(),
  content_type: z.string(),
  size_bytes: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  inline: z.boolean(),
  created_at: z.iso.datetime(),
  url: z.string(),
  url_expires_at: z.iso.datetime(),
});
export type ChatAttachment = z.infer<typeof chatAttachmentSchema>;

/**
 * An attachment as a chat message carries it, the same for every member: no link, because links are
 * signed per reader; `GET …/chat/attachments/:id` gives the reader theirs.
 */
export const chatMessageAttachmentSchema = chatAttachmentSchema.pick({
  id: true,
  file_name: true,
  content_type: true,
  size_bytes: true,
  width: true,
  height: true,
  inline: true,
});
export type ChatMessageAttachment = z.infer<typeof chatMessageAttachmentSchema>;

/** Attachment ids a message send may carry: files the sender uploaded to that room and not yet sent. */
export const chatAttachmentIdsSchema = z.array(z.uuid()).max(10);

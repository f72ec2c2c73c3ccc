import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { accountUsers, chatAttachments, chatMessages, chatRoomMembers, chatRooms } from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export type AttachmentRow = typeof chatAttachments.$inferSelect;
export type NewAttachment = Omit<typeof chatAttachments.$inferInsert, 'id' | 'accountId' | 'createdAt'>;

/** The room, when this user is one of its members. */
export async function roomOfMember(tx: Tx, accountId: number, roomId: string, userId: string) {
  const [row] = await tx
    .select({ id: chatRooms.id, archivedAt: chatRooms.archivedAt })
    .from(chatRooms)
    .innerJoin(
      chatRoomMembers,
      and(eq(chatRoomMembers.roomId, chatRooms.id), eq(chatRoomMembers.userId, userId)),
    )
    .where(and(eq(chatRooms.accountId, accountId), eq(chatRooms.id, roomId)));
  return row;
}

export async function insertAttachment(tx: Tx, accountId: number, values: NewAttachment) {
  const [row] = await tx
    .insert(chatAttachments)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

/**
 * The attachment with what decides who may read it now: whether the user is a member of its account and
 * of its room, and whether its message was deleted.
 */
export async function attachmentForReader(tx: Tx, accountId: number, attachmentId: string, userId: string) {
  const [row] = await tx
    .select({
      attachment: chatAttachments,
      roomMember: chatRoomMembers.userId,
      accountMember: accountUsers.userId,
      messageDeletedAt: chatMessages.deletedAt,
    })
    .from(chatAttachments)
    .leftJoin(
      chatRoomMembers,
      and(eq(chatRoomMembers.roomId, chatAttachments.roomId), eq(chatRoomMembers.userId, userId)),
    )
    .leftJoin(
      accountUsers,
      and(eq(accountUsers.accountId, chatAttachments.accountId), eq(accountUsers.userId, userId)),
    )
    .leftJoin(chatMessages, eq(chatMessages.id, chatAttachments.messageId))
    .where(and(eq(chatAttachments.accountId, accountId), eq(chatAttachments.id, attachmentId)));
  return row;
}

/**
 * Gives these attachments to a message: only unsent ones the author uploaded to the same room. Returns
 * the rows claimed; fewer than asked means some ids were not the author's to send.
 */
export async function claimAttachments(
  tx: Tx,
  accountId: number,
  roomId: string,
  authorId: string,
  messageId: string,
  attachmentIds: string[],
) {
  if (attachmentIds.length === 0) return [];
  return tx
    .update(chatAttachments)
    .set({ messageId })
    .where(
      and(
        eq(chatAttachments.accountId, accountId),
        eq(chatAttachments.roomId, roomId),
        eq(chatAttachments.uploaderId, authorId),
        isNull(chatAttachments.messageId),
        inArray(chatAttachments.id, attachmentIds),
      ),
    )
    .returning();
}

export async function attachmentsOfMessages(tx: Tx, accountId: number, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return tx
    .select()
    .from(chatAttachments)
    .where(and(eq(chatAttachments.accountId, accountId), inArray(chatAttachments.messageId, messageIds)))
    .orderBy(chatAttachments.createdAt, chatAttachments.id);
}

/** Uploads never sent with a message, older than `before`: their files are deleted with them. */
export async function deleteUnsentAttachments(tx: Tx, accountId: number, before: Date) {
  return tx
    .delete(chatAttachments)
    .where(
      and(
        eq(chatAttachments.accountId, accountId),
        isNull(chatAttachments.messageId),
        lt(chatAttachments.createdAt, before),
      ),
    )
    .returning({ id: chatAttachments.id, storageKey: chatAttachments.storageKey });
}

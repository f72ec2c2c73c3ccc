import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { accountUsers, chatAnnouncementReceipts, chatAnnouncements, users } from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export type AnnouncementRow = typeof chatAnnouncements.$inferSelect;

/** Active users of the account: the audience of an announcement to everyone. */
export async function activeMemberIds(tx: Tx, accountId: number) {
  const rows = await tx
    .select({ userId: accountUsers.userId })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), eq(users.status, 'active')));
  return rows.map((row) => row.userId);
}

export async function insertAnnouncement(
  tx: Tx,
  accountId: number,
  values: Pick<typeof chatAnnouncements.$inferInsert, 'authorId' | 'chatwootTeamId' | 'body'>,
  recipientIds: string[],
) {
  const [row] = await tx
    .insert(chatAnnouncements)
    .values({ ...values, accountId })
    .returning();
  if (recipientIds.length > 0) {
    await tx
      .insert(chatAnnouncementReceipts)
      .values(recipientIds.map((userId) => ({ announcementId: row!.id, userId, accountId })));
  }
  return row!;
}

const counts = {
  recipientCount: sql<number>`(select count(*)::int from ${chatAnnouncementReceipts} r where r.announcement_id = ${chatAnnouncements.id})`,
  readCount: sql<number>`(select count(*)::int from ${chatAnnouncementReceipts} r where r.announcement_id = ${chatAnnouncements.id} and r.read_at is not null)`,
};

/** Announcements this user received, newest first, with their receipt and the counts. */
export async function receivedBy(tx: Tx, accountId: number, userId: string, limit: number) {
  return tx
    .select({ announcement: chatAnnouncements, readAt: chatAnnouncementReceipts.readAt, ...counts })
    .from(chatAnnouncementReceipts)
    .innerJoin(chatAnnouncements, eq(chatAnnouncements.id, chatAnnouncementReceipts.announcementId))
    .where(
      and(eq(chatAnnouncementReceipts.accountId, accountId), eq(chatAnnouncementReceipts.userId, userId)),
    )
    .orderBy(desc(chatAnnouncements.createdAt), desc(chatAnnouncements.id))
    .limit(limit);
}

export async function findAnnouncement(tx: Tx, accountId: number, announcementId: string) {
  const [row] = await tx
    .select({ announcement: chatAnnouncements, ...counts })
    .from(chatAnnouncements)
    .where(and(eq(chatAnnouncements.accountId, accountId), eq(chatAnnouncements.id, announcementId)));
  return row;
}

/** Marks the receipt read (the first read time stays); undefined when the user is no recipient. */
export async function markReceiptRead(
  tx: Tx,
  accountId: number,
  announcementId: string,
  userId: string,
  at: Date,
) {
  const receipt = and(
    eq(chatAnnouncementReceipts.accountId, accountId),
    eq(chatAnnouncementReceipts.announcementId, announcementId),
    eq(chatAnnouncementReceipts.userId, userId),
  );
  await tx
    .update(chatAnnouncementReceipts)
    .set({ readAt: at })
    .where(and(receipt, isNull(chatAnnouncementReceipts.readAt)));
  const [row] = await tx
    .select({ readAt: chatAnnouncementReceipts.readAt })
    .from(chatAnnouncementReceipts)
    .where(receipt);
  return row;
}

export async function receiptsOf(tx: Tx, accountId: number, announcementId: string) {
  return tx
    .select({
      userId: chatAnnouncementReceipts.userId,
      name: users.name,
      readAt: chatAnnouncementReceipts.readAt,
    })
    .from(chatAnnouncementReceipts)
    .innerJoin(users, eq(users.id, chatAnnouncementReceipts.userId))
    .where(
      and(
        eq(chatAnnouncementReceipts.accountId, accountId),
        eq(chatAnnouncementReceipts.announcementId, announcementId),
      ),
    )
    .orderBy(users.name, chatAnnouncementReceipts.userId);
}

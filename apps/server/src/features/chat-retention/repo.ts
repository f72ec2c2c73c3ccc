import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import {
  chatAttachments,
  chatMessagePurges,
  chatMessageReactions,
  chatMessages,
  chatPins,
  chatRoomEvents,
  chatRooms,
  chatSettings,
} from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export type PurgeRow = typeof chatMessagePurges.$inferSelect;
export type PurgeCounts = Pick<
  PurgeRow,
  'messagesPurged' | 'reactionsPurged' | 'attachmentsPurged' | 'eventsPurged'
>;

export async function findSettings(tx: Tx, accountId: number) {
  const [row] = await tx.select().from(chatSettings).where(eq(chatSettings.accountId, accountId));
  return row;
}

export async function upsertSettings(tx: Tx, accountId: number, retentionDays: number | null) {
  const [row] = await tx
    .insert(chatSettings)
    .values({ accountId, retentionDays })
    .onConflictDoUpdate({
      target: chatSettings.accountId,
      set: { retentionDays, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

/** Accounts with a retention period, across tenants: system work for the daily job. */
export async function accountsWithRetention(system: Db) {
  return system
    .select({ accountId: chatSettings.accountId, retentionDays: chatSettings.retentionDays })
    .from(chatSettings)
    .where(isNotNull(chatSettings.retentionDays));
}

export async function roomExists(tx: Tx, accountId: number, roomId: string) {
  const [row] = await tx
    .select({ id: chatRooms.id })
    .from(chatRooms)
    .where(and(eq(chatRooms.accountId, accountId), eq(chatRooms.id, roomId)));
  return row !== undefined;
}

export async function insertPurge(
  tx: Tx,
  accountId: number,
  values: Pick<typeof chatMessagePurges.$inferInsert, 'roomId' | 'cutoff' | 'source' | 'requestedBy'>,
) {
  const [row] = await tx
    .insert(chatMessagePurges)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function findPurge(tx: Tx, accountId: number, purgeId: string) {
  const [row] = await tx
    .select()
    .from(chatMessagePurges)
    .where(and(eq(chatMessagePurges.accountId, accountId), eq(chatMessagePurges.id, purgeId)));
  return row;
}

export async function recentPurges(tx: Tx, accountId: number, limit: number) {
  return tx
    .select()
    .from(chatMessagePurges)
    .where(eq(chatMessagePurges.accountId, accountId))
    .orderBy(desc(chatMessagePurges.createdAt), desc(chatMessagePurges.id))
    .limit(limit);
}

export async function updatePurge(
  tx: Tx,
  accountId: number,
  purgeId: string,
  patch: Partial<Pick<PurgeRow, 'status' | 'error' | 'startedAt' | 'finishedAt'>>,
) {
  await tx
    .update(chatMessagePurges)
    .set(patch)
    .where(and(eq(chatMessagePurges.accountId, accountId), eq(chatMessagePurges.id, purgeId)));
}

export async function addToPurgeCounts(tx: Tx, accountId: number, purgeId: string, counts: PurgeCounts) {
  await tx
    .update(chatMessagePurges)
    .set({
      messagesPurged: sql`${chatMessagePurges.messagesPurged} + ${counts.messagesPurged}`,
      reactionsPurged: sql`${chatMessagePurges.reactionsPurged} + ${counts.reactionsPurged}`,
      attachmentsPurged: sql`${chatMessagePurges.attachmentsPurged} + ${counts.attachmentsPurged}`,
      eventsPurged: sql`${chatMessagePurges.eventsPurged} + ${counts.eventsPurged}`,
    })
    .where(and(eq(chatMessagePurges.accountId, accountId), eq(chatMessagePurges.id, purgeId)));
}

export interface PurgeScope {
  cutoff: Date;
  roomId: string | null;
}

const inScope = (accountId: number, scope: PurgeScope) =>
  and(
    eq(chatMessages.accountId, accountId),
    lt(chatMessages.createdAt, scope.cutoff),
    scope.roomId ? eq(chatMessages.roomId, scope.roomId) : undefined,
  );

/** Messages before the cutoff that still hold content (a purged message keeps only its seq and time). */
export async function messagesWithContent(tx: Tx, accountId: number, scope: PurgeScope, limit: number) {
  const rows = await tx
    .select({ id: chatMessages.id })
    .from(chatMessages)
    .where(
      and(
        inScope(accountId, scope),
        or(
          isNotNull(chatMessages.body),
          isNotNull(chatMessages.system),
          isNotNull(chatMessages.conversationDisplayId),
          sql`cardinality(${chatMessages.mentions}) > 0`,
          sql`exists (select 1 from ${chatMessageReactions} where ${chatMessageReactions.messageId} = ${chatMessages.id})`,
          sql`exists (select 1 from ${chatAttachments} where ${chatAttachments.messageId} = ${chatMessages.id})`,
        ),
      ),
    )
    .orderBy(chatMessages.createdAt, chatMessages.id)
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Empties these messages: content, mentions, reference, reactions, pins and attachments go; the row
 * stays (as deleted) so the room's sequence keeps no gap. Returns the counts and the storage keys of
 * the attachments, to delete once this commits.
 */
export async function emptyMessages(tx: Tx, accountId: number, messageIds: string[], at: Date) {
  const emptied = await tx
    .update(chatMessages)
    .set({
      body: null,
      system: null,
      mentions: sql`'{}'::uuid[]`,
      conversationDisplayId: null,
      deletedAt: sql`coalesce(${chatMessages.deletedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(chatMessages.accountId, accountId), inArray(chatMessages.id, messageIds)))
    .returning({ id: chatMessages.id });
  const reactions = await tx
    .delete(chatMessageReactions)
    .where(
      and(eq(chatMessageReactions.accountId, accountId), inArray(chatMessageReactions.messageId, messageIds)),
    )
    .returning({ id: chatMessageReactions.messageId });
  await tx
    .delete(chatPins)
    .where(and(eq(chatPins.accountId, accountId), inArray(chatPins.messageId, messageIds)));
  const attachments = await tx
    .delete(chatAttachments)
    .where(and(eq(chatAttachments.accountId, accountId), inArray(chatAttachments.messageId, messageIds)))
    .returning({ storageKey: chatAttachments.storageKey });
  return {
    messages: emptied.length,
    reactions: reactions.length,
    storageKeys: attachments.map((row) => row.storageKey),
  };
}

/** Uploads before the cutoff that no message ever claimed. */
export async function deleteUnsentBefore(tx: Tx, accountId: number, scope: PurgeScope) {
  const rows = await tx
    .delete(chatAttachments)
    .where(
      and(
        eq(chatAttachments.accountId, accountId),
        isNull(chatAttachments.messageId),
        lt(chatAttachments.createdAt, scope.cutoff),
        scope.roomId ? eq(chatAttachments.roomId, scope.roomId) : undefined,
      ),
    )
    .returning({ storageKey: chatAttachments.storageKey });
  return rows.map((row) => row.storageKey);
}

/** Event-log entries before the cutoff: their payloads copy message content. */
export async function deleteEventsBefore(tx: Tx, accountId: number, scope: PurgeScope) {
  const rows = await tx
    .delete(chatRoomEvents)
    .where(
      and(
        eq(chatRoomEvents.accountId, accountId),
        lt(chatRoomEvents.createdAt, scope.cutoff),
        scope.roomId ? eq(chatRoomEvents.roomId, scope.roomId) : undefined,
      ),
    )
    .returning({ seq: chatRoomEvents.seq });
  return rows.length;
}

/** Rooms whose last message is before the cutoff keep no preview of it. */
export async function clearOldPreviews(tx: Tx, accountId: number, scope: PurgeScope) {
  await tx
    .update(chatRooms)
    .set({ lastMessagePreview: null })
    .where(
      and(
        eq(chatRooms.accountId, accountId),
        lt(chatRooms.lastMessageAt, scope.cutoff),
        isNotNull(chatRooms.lastMessagePreview),
        scope.roomId ? eq(chatRooms.id, scope.roomId) : undefined,
      ),
    );
}

/** Whether a purge to this cutoff would change anything (the daily job skips accounts with nothing to do). */
export async function anythingBefore(tx: Tx, accountId: number, scope: PurgeScope) {
  const [message] = await messagesWithContent(tx, accountId, scope, 1);
  if (message) return true;
  const [event] = await tx
    .select({ seq: chatRoomEvents.seq })
    .from(chatRoomEvents)
    .where(and(eq(chatRoomEvents.accountId, accountId), lt(chatRoomEvents.createdAt, scope.cutoff)))
    .limit(1);
  return event !== undefined;
}

import { and, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { conversations, inboxes, inboxMembers, users } from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationValues = Omit<
  typeof conversations.$inferInsert,
  'id' | 'accountId' | 'createdAt' | 'updatedAt'
>;

export async function findConversation(tx: Tx, accountId: number, displayId: number) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.displayId, displayId)));
  return row;
}

/** Inserts the row unless the conversation is already mirrored; returns it only when inserted. */
export async function insertConversation(tx: Tx, accountId: number, values: ConversationValues) {
  const [row] = await tx
    .insert(conversations)
    .values({ ...values, accountId })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** The row, locked until the transaction ends, so concurrent events for one conversation apply in turn. */
export async function lockConversation(tx: Tx, accountId: number, displayId: number) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.displayId, displayId)))
    .for('update');
  return row;
}

export async function updateConversation(
  tx: Tx,
  accountId: number,
  displayId: number,
  patch: Partial<ConversationValues>,
) {
  await tx
    .update(conversations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.displayId, displayId)));
}

/** Refreshes the contact fields cached on the account's conversations with this contact; returns how many changed. */
export async function updateContactFields(
  tx: Tx,
  accountId: number,
  contactId: number,
  contact: { contactName: string | null; contactEmail: string | null; contactPhone: string | null },
) {
  const rows = await tx
    .update(conversations)
    .set({ ...contact, updatedAt: new Date() })
    .where(
      and(
        eq(conversations.accountId, accountId),
        eq(conversations.contactId, contactId),
        or(
          sql`${conversations.contactName} is distinct from ${contact.contactName}`,
          sql`${conversations.contactEmail} is distinct from ${contact.contactEmail}`,
          sql`${conversations.contactPhone} is distinct from ${contact.contactPhone}`,
        ),
      ),
    )
    .returning({ id: conversations.id });
  return rows.length;
}

export async function inboxBelongsToAccount(tx: Tx, accountId: number, chatwootInboxId: number) {
  const [row] = await tx
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.accountId, accountId), eq(inboxes.chatwootInboxId, chatwootInboxId)));
  return row !== undefined;
}

/** The Chatwoot inboxes a Hub user is a member of in this account (none when they have no Chatwoot id here). */
export async function inboxIdsOfUser(tx: Tx, accountId: number, userId: string): Promise<number[]> {
  const rows = await tx
    .select({ inboxId: inboxMembers.chatwootInboxId })
    .from(inboxMembers)
    .innerJoin(users, eq(users.chatwootUserId, inboxMembers.chatwootUserId))
    .where(and(eq(inboxMembers.accountId, accountId), eq(users.id, userId)));
  return rows.map((row) => row.inboxId);
}

import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
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

/** `lockConversation` for several conversations, in display id order so concurrent batches cannot deadlock. */
export async function lockConversations(tx: Tx, accountId: number, displayIds: readonly number[]) {
  if (displayIds.length === 0) return [];
  return tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), inArray(conversations.displayId, [...displayIds])))
    .orderBy(asc(conversations.displayId))
    .for('update');
}

/** Inserts the rows of conversations not mirrored yet in one statement; answers the display ids inserted. */
export async function insertConversations(tx: Tx, accountId: number, values: readonly ConversationValues[]) {
  if (values.length === 0) return [];
  const rows = await tx
    .insert(conversations)
    .values(values.map((value) => ({ ...value, accountId })))
    .onConflictDoNothing()
    .returning({ displayId: conversations.displayId });
  return rows.map((row) => row.displayId);
}

/** The fields a payload writes (Chatwoot's, and the activity times), with their SQL types. */
const writtenColumns = [
  ['chatwoot_uuid', 'chatwootUuid', 'text'],
  ['chatwoot_inbox_id', 'chatwootInboxId', 'integer'],
  ['status', 'status', 'text'],
  ['assignee_id', 'assigneeId', 'integer'],
  ['assignee_name', 'assigneeName', 'text'],
  ['team_id', 'teamId', 'integer'],
  ['team_name', 'teamName', 'text'],
  ['labels', 'labels', 'jsonb'],
  ['priority', 'priority', 'text'],
  ['contact_id', 'contactId', 'integer'],
  ['contact_name', 'contactName', 'text'],
  ['contact_phone', 'contactPhone', 'text'],
  ['contact_email', 'contactEmail', 'text'],
  ['waiting_since', 'waitingSince', 'timestamptz'],
  ['source_updated_at', 'sourceUpdatedAt', 'timestamptz'],
  ['last_activity_at', 'lastActivityAt', 'timestamptz'],
  ['last_incoming_at', 'lastIncomingAt', 'timestamptz'],
  ['last_outgoing_at', 'lastOutgoingAt', 'timestamptz'],
  ['last_note_at', 'lastNoteAt', 'timestamptz'],
  ['first_reply_at', 'firstReplyAt', 'timestamptz'],
] as const satisfies readonly (readonly [string, keyof ConversationRow, string])[];

const assignments = sql.raw(writtenColumns.map(([column]) => `${column} = v.${column}`).join(', '));
const recordType = sql.raw(
  ['display_id integer', ...writtenColumns.map(([column, , type]) => `${column} ${type}`)].join(', '),
);

/**
 * Writes the new state of several locked conversations in one statement: every field a payload writes,
 * from rows already merged with their payloads (`conversationPatch`), so a field no payload changed is
 * written back as it was.
 */
export async function updateConversations(tx: Tx, accountId: number, rows: readonly ConversationRow[]) {
  if (rows.length === 0) return;
  const records = rows.map((row) =>
    Object.fromEntries([
      ['display_id', row.displayId],
      ...writtenColumns.map(([column, field]) => [column, row[field]]),
    ]),
  );
  await tx.execute(sql`
    update ${conversations} as c
       set ${assignments}, updated_at = ${new Date().toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(${recordType})
     where c.account_id = ${accountId} and c.display_id = v.display_id
  `);
}

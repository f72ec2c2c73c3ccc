import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { conversations, inboxes } from '../../db/schema';

/** Every function takes the transaction of `database.tenant(accountId)` and the account id, and filters by it. */
export async function conversationsWithInbox(tx: Tx, accountId: number, displayIds: number[]) {
  if (displayIds.length === 0) return [];
  return tx
    .select({ conversation: conversations, inboxName: inboxes.name })
    .from(conversations)
    .leftJoin(
      inboxes,
      and(
        eq(inboxes.accountId, conversations.accountId),
        eq(inboxes.chatwootInboxId, conversations.chatwootInboxId),
      ),
    )
    .where(and(eq(conversations.accountId, accountId), inArray(conversations.displayId, displayIds)));
}

import { asc, eq, sql } from 'drizzle-orm';
import { type Database, preparedPerHandle } from '../../db/database';
import { inboxes } from '../../db/schema';

const accountInboxes = preparedPerHandle((tx) =>
  tx
    .select()
    .from(inboxes)
    .where(eq(inboxes.accountId, sql.placeholder('accountId')))
    .orderBy(asc(inboxes.name))
    .prepare('inboxes_of_account'),
);

export async function listInboxes(database: Database, accountId: number) {
  const rows = await database.tenantAutocommit(accountId, (tx) => accountInboxes(tx).execute({ accountId }));
  return rows.map((row) => ({
    id: row.id,
    chatwoot_inbox_id: row.chatwootInboxId,
    name: row.name,
    channel_type: row.channelType,
    synced_at: row.syncedAt?.toISOString() ?? null,
  }));
}

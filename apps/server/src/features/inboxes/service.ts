import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { inboxes } from '../../db/schema';

export async function listInboxes(database: Database, accountId: number) {
  const rows = await database.tenantAutocommit(accountId, (tx) =>
    tx.select().from(inboxes).where(eq(inboxes.accountId, accountId)).orderBy(asc(inboxes.name)),
  );
  return rows.map((row) => ({
    id: row.id,
    chatwoot_inbox_id: row.chatwootInboxId,
    name: row.name,
    channel_type: row.channelType,
    synced_at: row.syncedAt?.toISOString() ?? null,
  }));
}

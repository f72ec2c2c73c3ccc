import type { Database } from '../../db/database';
import { groupCommit } from '../../db/group-commit';
import { insertEvents, type NewWebhookEvent } from './repo';

/** Rows one statement writes at most; a larger backlog is written by the statements that follow. */
export const GROUP_COMMIT_MAX_ROWS = 500;

const keyOf = (values: { provider: string; deliveryId: string }) =>
  `${values.provider}\n${values.deliveryId}`;

/** One multi-row insert committed on its own; the same delivery twice is one row, its later copies duplicates. */
async function insertDeliveries(database: Database, accountId: number, deliveries: NewWebhookEvent[]) {
  const unique = new Map<string, NewWebhookEvent>();
  for (const values of deliveries) {
    const key = keyOf(values);
    if (!unique.has(key)) unique.set(key, values);
  }
  const stored = await database.tenantAutocommit(accountId, (tx) =>
    insertEvents(tx, accountId, [...unique.values()]),
  );
  const ids = new Map(
    stored.map((row) => [keyOf({ provider: row.provider, deliveryId: row.deliveryId }), row.id]),
  );
  return deliveries.map((values) =>
    unique.get(keyOf(values)) === values ? ids.get(keyOf(values)) : undefined,
  );
}

/**
 * Stores a delivery and resolves with its id once the row is committed, or undefined when its delivery
 * id was stored before (a duplicate). Deliveries of one account arriving together are written by one
 * statement (group commit); a delivery the database refuses fails alone.
 */
export const storeEvent: (
  database: Database,
  accountId: number,
  values: NewWebhookEvent,
) => Promise<string | undefined> = groupCommit(GROUP_COMMIT_MAX_ROWS, insertDeliveries);

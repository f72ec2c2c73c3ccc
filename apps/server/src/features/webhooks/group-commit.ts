import { type Database, onePer } from '../../db/database';
import { databaseFailureOf } from '../../errors';
import { insertEvents, type NewWebhookEvent } from './repo';

/** Rows one statement writes at most; a larger backlog is written by the statements that follow. */
export const GROUP_COMMIT_MAX_ROWS = 500;

interface Waiting {
  values: NewWebhookEvent;
  resolve: (id: string | undefined) => void;
  reject: (error: unknown) => void;
}

interface AccountQueue {
  waiting: Waiting[];
  writing: boolean;
}

/** One set of queues per database: test processes run several Hubs whose account ids overlap. */
const queuesOf = onePer<Database, Map<number, AccountQueue>>(() => new Map());

/**
 * Stores a delivery and resolves with its id once the row is committed, or undefined when its delivery
 * id was stored before (a duplicate). Deliveries of one account that arrive while its previous insert is
 * in flight wait for it and are then written together, by one multi-row insert committed on its own: a
 * burst costs one statement per round trip instead of one per delivery, and a lone delivery waits for
 * nothing but its own insert. A statement the database refuses is retried row by row, so one bad delivery
 * fails alone and its batch-mates are still stored.
 */
export function storeEvent(database: Database, accountId: number, values: NewWebhookEvent) {
  const byAccount = queuesOf(database);
  let queue = byAccount.get(accountId);
  if (!queue) {
    queue = { waiting: [], writing: false };
    byAccount.set(accountId, queue);
  }
  const account = queue;
  const stored = new Promise<string | undefined>((resolve, reject) => {
    account.waiting.push({ values, resolve, reject });
  });
  if (!account.writing) {
    account.writing = true;
    // The rest of this turn's deliveries join the first statement.
    setImmediate(() => void writeWaiting(database, accountId, account, byAccount));
  }
  return stored;
}

async function writeWaiting(
  database: Database,
  accountId: number,
  queue: AccountQueue,
  byAccount: Map<number, AccountQueue>,
) {
  while (queue.waiting.length > 0) {
    const batch = queue.waiting.splice(0, GROUP_COMMIT_MAX_ROWS);
    await writeBatch(database, accountId, batch);
  }
  queue.writing = false;
  byAccount.delete(accountId);
}

const keyOf = (values: { provider: string; deliveryId: string }) =>
  `${values.provider}\n${values.deliveryId}`;

async function writeBatch(database: Database, accountId: number, batch: Waiting[]) {
  // The same delivery twice in one batch is one row; the later copy is answered as a duplicate.
  const first = new Map<string, Waiting>();
  for (const waiting of batch) {
    const key = keyOf(waiting.values);
    if (!first.has(key)) first.set(key, waiting);
  }
  const unique = [...first.values()];
  try {
    const stored = await database.tenantAutocommit(accountId, (tx) =>
      insertEvents(
        tx,
        accountId,
        unique.map((waiting) => waiting.values),
      ),
    );
    const ids = new Map(
      stored.map((row) => [keyOf({ provider: row.provider, deliveryId: row.deliveryId }), row.id]),
    );
    for (const waiting of batch) {
      const key = keyOf(waiting.values);
      waiting.resolve(first.get(key) === waiting ? ids.get(key) : undefined);
    }
  } catch (error) {
    // Without a SQLSTATE the database was not reached: row by row would fail the same way, only slower.
    if (!databaseFailureOf(error)) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [key, waiting] of first) {
      const copies = batch.filter((other) => other !== waiting && keyOf(other.values) === key);
      await database
        .tenantAutocommit(accountId, (tx) => insertEvents(tx, accountId, [waiting.values]))
        .then(
          ([row]) => {
            waiting.resolve(row?.id);
            for (const copy of copies) copy.resolve(undefined);
          },
          (error: unknown) => {
            waiting.reject(error);
            for (const copy of copies) copy.reject(error);
          },
        );
    }
  }
}

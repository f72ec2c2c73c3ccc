import { databaseFailureOf } from '../errors';
import { type Database, onePer } from './database';

/**
 * Writes `items` of one account in one commit and answers each, in their order. An item the write cannot
 * take without failing the others is answered (not thrown) by the write itself; a throw fails the batch.
 */
export type BatchWrite<Item, Outcome> = (
  database: Database,
  accountId: number,
  items: Item[],
) => Promise<Outcome[]>;

interface Waiting<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

interface AccountQueue<Item, Outcome> {
  waiting: Waiting<Item, Outcome>[];
  /** Writes of this account in flight. */
  writers: number;
}

/**
 * Group commit. Returns a function that writes one item of an account and resolves with its outcome once
 * it is committed. Items of one account that arrive while `maxWriters` of its writes are in flight wait for
 * one to end and are then written together, at most `maxItems` per write: a burst costs one round trip and
 * one commit per batch instead of per item, and a lone item waits for nothing but its own write. With one
 * writer an account's batches are written one after another, in arrival order; with more, batches may
 * commit in any order, so `write` must be safe to run concurrently with itself. A batch the database
 * refuses is written again item by item, so one bad item fails alone and its batch-mates are still stored.
 */
export function groupCommit<Item, Outcome>(
  maxItems: number,
  write: BatchWrite<Item, Outcome>,
  maxWriters = 1,
): (database: Database, accountId: number, item: Item) => Promise<Outcome> {
  // One set of queues per database: test processes run several Hubs whose account ids overlap.
  const queuesOf = onePer<Database, Map<number, AccountQueue<Item, Outcome>>>(() => new Map());

  async function writeWaiting(
    database: Database,
    accountId: number,
    queue: AccountQueue<Item, Outcome>,
    byAccount: Map<number, AccountQueue<Item, Outcome>>,
  ) {
    while (queue.waiting.length > 0) {
      await writeBatch(database, accountId, queue.waiting.splice(0, maxItems));
    }
    queue.writers--;
    if (queue.writers === 0) byAccount.delete(accountId);
  }

  async function writeBatch(database: Database, accountId: number, batch: Waiting<Item, Outcome>[]) {
    try {
      const outcomes = await write(
        database,
        accountId,
        batch.map((waiting) => waiting.item),
      );
      for (const [index, waiting] of batch.entries()) waiting.resolve(outcomes[index]!);
    } catch (error) {
      // Without a SQLSTATE the database was not reached: item by item would fail the same way, only slower.
      if (!databaseFailureOf(error) || batch.length === 1) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) {
        await write(database, accountId, [waiting.item]).then(
          ([outcome]) => waiting.resolve(outcome!),
          (alone: unknown) => waiting.reject(alone),
        );
      }
    }
  }

  return (database, accountId, item) => {
    const byAccount = queuesOf(database);
    let queue = byAccount.get(accountId);
    if (!queue) {
      queue = { waiting: [], writers: 0 };
      byAccount.set(accountId, queue);
    }
    const account = queue;
    const written = new Promise<Outcome>((resolve, reject) => {
      account.waiting.push({ item, resolve, reject });
    });
    if (account.writers < maxWriters) {
      account.writers++;
      // The rest of this turn's items join the first write.
      setImmediate(() => void writeWaiting(database, accountId, account, byAccount));
    }
    return written;
  };
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Database } from './database';
import { groupCommit } from './group-commit';

/**
 * A batch write held open until the test lets it commit, recording which items each write carried: the
 * scheduling is what is under test here; the writers' SQL is tested with their features.
 */
function heldWrites() {
  const writes: { items: number[]; commit: () => void }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const write = (_database: Database, _accountId: number, items: number[]) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    return new Promise<string[]>((resolve) => {
      writes.push({
        items,
        commit: () => {
          inFlight--;
          resolve(items.map((item) => `stored ${item}`));
        },
      });
    });
  };
  return { writes, write, mostInFlight: () => mostInFlight };
}

/** Lets the writers scheduled with setImmediate start. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

// Only an identity for the per-database queues: these writes never reach a database.
const database = {} as Database;

describe('group commit', () => {
  test('with one writer, items arriving during a write wait for it and are written together after it', async () => {
    const held = heldWrites();
    const store = groupCommit(10, held.write);
    const first = store(database, 1, 1);
    await nextTurn();
    const later = [store(database, 1, 2), store(database, 1, 3)];
    await nextTurn();
    assert.deepEqual(
      held.writes.map((write) => write.items),
      [[1]],
    );
    held.writes[0]!.commit();
    assert.equal(await first, 'stored 1');
    await nextTurn();
    assert.deepEqual(
      held.writes.map((write) => write.items),
      [[1], [2, 3]],
    );
    held.writes[1]!.commit();
    assert.deepEqual(await Promise.all(later), ['stored 2', 'stored 3']);
    assert.equal(held.mostInFlight(), 1);
  });

  test('with two writers, a second write starts while the first is in flight, and a third waits for one of them', async () => {
    const held = heldWrites();
    const store = groupCommit(10, held.write, 2);
    const first = store(database, 1, 1);
    await nextTurn();
    const second = [store(database, 1, 2), store(database, 1, 3)];
    await nextTurn();
    const third = [store(database, 1, 4), store(database, 1, 5)];
    await nextTurn();
    assert.deepEqual(
      held.writes.map((write) => write.items),
      [[1], [2, 3]],
      'two writes in flight; the items after them wait',
    );
    held.writes[1]!.commit();
    assert.deepEqual(await Promise.all(second), ['stored 2', 'stored 3']);
    await nextTurn();
    assert.deepEqual(held.writes[2]?.items, [4, 5], 'the freed writer takes the waiting items as one batch');
    held.writes[2]!.commit();
    held.writes[0]!.commit();
    assert.deepEqual(await Promise.all([first, ...third]), ['stored 1', 'stored 4', 'stored 5']);
    assert.equal(held.mostInFlight(), 2);
  });

  test("accounts never share a batch, and one account's writes do not hold another's back", async () => {
    const held = heldWrites();
    const store = groupCommit(10, held.write);
    const ofOne = store(database, 1, 1);
    const ofTwo = store(database, 2, 2);
    await nextTurn();
    assert.deepEqual(
      held.writes.map((write) => write.items),
      [[1], [2]],
    );
    held.writes[1]!.commit();
    assert.equal(await ofTwo, 'stored 2');
    held.writes[0]!.commit();
    assert.equal(await ofOne, 'stored 1');
  });
});

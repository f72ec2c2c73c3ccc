import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, webhookEvents } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { GROUP_COMMIT_MAX_ROWS, storeEvent } from './group-commit';

const ACCOUNT = 4_242;

const delivery = (deliveryId: string, rawBody = `{"event":"message_created","id":"${deliveryId}"}`) => ({
  provider: 'chatwoot' as const,
  deliveryId,
  event: 'message_created',
  rawBody,
  signatureVerified: true,
});

describe('group commit at webhook intake', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await db.database.system.insert(accounts).values({ id: ACCOUNT, installation: 'test', name: 'Acme' });
  });
  after(() => db.drop());

  const rowsOf = (prefix: string) =>
    db.database.system
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.accountId, ACCOUNT))
      .then((rows) => rows.filter((row) => row.deliveryId.startsWith(prefix)));

  test('a burst is stored exactly once, in few statements, and each copy of a delivery id after the first is a duplicate', async () => {
    const ids = Array.from({ length: GROUP_COMMIT_MAX_ROWS + 100 }, (_, index) => `burst-${index}`);
    const answers = await Promise.all([
      ...ids.map((id) => storeEvent(db.database, ACCOUNT, delivery(id))),
      storeEvent(db.database, ACCOUNT, delivery('burst-7')),
    ]);
    const stored = await rowsOf('burst-');
    assert.equal(stored.length, ids.length);
    assert.deepEqual(
      answers.slice(0, ids.length).map((id) => typeof id),
      ids.map(() => 'string'),
    );
    assert.equal(answers.at(-1), undefined, 'the second copy of burst-7 is a duplicate');
    assert.equal(new Set(answers.slice(0, ids.length)).size, ids.length);
    // One statement commits on its own and stamps its rows with its own start time: a burst of 600
    // written one by one would show hundreds of distinct times, written in batches of 500 only a few.
    const statements = new Set(stored.map((row) => row.receivedAt.getTime()));
    assert.ok(statements.size <= 3, `${statements.size} statements`);

    assert.equal(await storeEvent(db.database, ACCOUNT, delivery('burst-3')), undefined);
  });

  test('a delivery the database refuses fails alone: its batch-mates are stored and acknowledged', async () => {
    const answers = await Promise.allSettled([
      storeEvent(db.database, ACCOUNT, delivery('mixed-1')),
      // PostgreSQL text cannot hold a NUL character.
      storeEvent(db.database, ACCOUNT, delivery('mixed-2', '{"event":"x"}\u0000')),
      storeEvent(db.database, ACCOUNT, delivery('mixed-2', '{"event":"x"}\u0000')),
      storeEvent(db.database, ACCOUNT, delivery('mixed-3')),
    ]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.deepEqual((await rowsOf('mixed-')).map((row) => row.deliveryId).sort(), ['mixed-1', 'mixed-3']);
  });

  test('when the database cannot be reached, every delivery of the batch is refused, none acknowledged', async () => {
    const closed = await createTestDatabase();
    await closed.drop();
    const answers = await Promise.allSettled(
      ['down-1', 'down-2'].map((id) => storeEvent(closed.database, ACCOUNT, delivery(id))),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status),
      ['rejected', 'rejected'],
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test/database';
import { accounts, inboxes } from './schema';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** drizzle wraps the driver's error; the database's own message is in `cause`. */
const databaseError = (pattern: RegExp) => (error: Error) =>
  pattern.test(error.cause instanceof Error ? error.cause.message : error.message);

describe(`row level security (${engine})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    const { system } = t.database;
    await system.insert(accounts).values([
      { id: 101, installation: 'https://chat.test', name: 'Acme' },
      { id: 202, installation: 'https://chat.test', name: 'Beta' },
    ]);
    await system.insert(inboxes).values([
      { accountId: 101, chatwootInboxId: 1, name: 'Acme WhatsApp', channelType: 'Channel::Api' },
      { accountId: 101, chatwootInboxId: 2, name: 'Acme Email', channelType: 'Channel::Email' },
      { accountId: 202, chatwootInboxId: 1, name: 'Beta WhatsApp', channelType: 'Channel::Api' },
    ]);
  });
  after(() => t.drop());

  test('a tenant transaction sees only its own rows', async () => {
    const names = await t.database.tenant(101, (tx) => tx.select({ name: inboxes.name }).from(inboxes));
    assert.deepEqual(names.map((row) => row.name).sort(), ['Acme Email', 'Acme WhatsApp']);
    const visibleAccounts = await t.database.tenant(202, (tx) => tx.select().from(accounts));
    assert.deepEqual(
      visibleAccounts.map((row) => row.id),
      [202],
    );
  });

  test('filtering by another tenant id from inside a tenant finds nothing', async () => {
    const rows = await t.database.tenant(101, (tx) =>
      tx.select().from(inboxes).where(eq(inboxes.accountId, 202)),
    );
    assert.equal(rows.length, 0);
  });

  test('the app role without a tenant sees zero rows', async () => {
    const count = await t.database.system.transaction(async (tx) => {
      await tx.execute(sql`set local role whatpro_app`);
      const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(inboxes);
      return row?.n;
    });
    assert.equal(count, 0);
  });

  test('writing a row for another tenant fails, even by naming it explicitly', async () => {
    await assert.rejects(
      t.database.tenant(101, (tx) =>
        tx
          .insert(inboxes)
          .values({ accountId: 202, chatwootInboxId: 9, name: 'planted', channelType: 'Channel::Api' }),
      ),
      databaseError(/row-level security/),
    );
    const moved = await t.database
      .tenant(101, (tx) =>
        tx.update(inboxes).set({ accountId: 202 }).where(eq(inboxes.accountId, 101)).returning(),
      )
      .catch((error: Error) => error);
    assert.ok(
      moved instanceof Error && databaseError(/row-level security/)(moved),
      'moving rows elsewhere fails',
    );
    const deleted = await t.database.tenant(101, (tx) =>
      tx.delete(inboxes).where(eq(inboxes.accountId, 202)).returning(),
    );
    assert.equal(deleted.length, 0);
    const [beta] = await t.database.tenant(202, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(inboxes),
    );
    assert.equal(beta?.n, 1);
  });

  test('tenant work runs as a role that has no BYPASSRLS and cannot switch RLS off', async () => {
    await assert.rejects(
      t.database.tenant(101, (tx) => tx.execute(sql`alter table inboxes disable row level security`)),
      databaseError(/must be owner/),
    );
    const [role] = await t.database.tenant(101, async (tx) => {
      const result = await tx.execute(
        sql`select current_user, rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = current_user`,
      );
      return (result as unknown as { rows: unknown[] }).rows;
    });
    assert.deepEqual(role, { current_user: 'whatpro_app', bypass: false, superuser: false });
  });

  test('invalid tenant ids are refused before any query', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(
        t.database.tenant(bad, async () => 1),
        /invalid tenant id/,
      );
    }
  });

  test('every table with an account_id column has RLS enabled and a policy for the app role', async () => {
    const { rows } = await t.database.query(
      `select c.relname as table_name, c.relrowsecurity as rls,
              exists (select 1 from pg_policies p where p.tablename = c.relname and 'whatpro_app' = any(p.roles)) as has_policy
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and (exists (select 1 from information_schema.columns col
                        where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'account_id')
               or c.relname = 'accounts')`,
      [],
    );
    assert.ok(rows.length >= 2, 'tenant tables found');
    const unprotected = rows.filter((row) => !row.rls || !row.has_policy).map((row) => row.table_name);
    assert.deepEqual(unprotected, []);
  });
});

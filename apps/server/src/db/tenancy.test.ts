import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test/database';
import { type Database, openDatabase, preparedPerHandle, type Tx } from './database';
import { accounts, accountUsers, inboxes, refreshTokens, sessions, users } from './schema';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** drizzle wraps the driver's error; the database's own message is in `cause`. */
const databaseError = (pattern: RegExp) => (error: Error) =>
  pattern.test(error.cause instanceof Error ? error.cause.message : error.message);

describe(`row level security (${engine})`, () => {
  let t: TestDatabase;
  let userIds: Record<string, string>;
  let biaSessionId: string;
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
    const seated = await system
      .insert(users)
      .values([
        { installation: 'https://chat.test', chatwootUserId: 1, email: 'ana@acme.test', name: 'Ana' },
        { installation: 'https://chat.test', chatwootUserId: 2, email: 'bia@beta.test', name: 'Bia' },
        { installation: 'https://chat.test', chatwootUserId: 3, email: 'caio@both.test', name: 'Caio' },
      ])
      .returning({ id: users.id, name: users.name });
    userIds = Object.fromEntries(seated.map((user) => [user.name, user.id]));
    await system.insert(accountUsers).values([
      { accountId: 101, userId: userIds.Ana!, role: 'admin', chatwootRole: 'administrator' },
      { accountId: 202, userId: userIds.Bia!, role: 'admin', chatwootRole: 'administrator' },
      { accountId: 101, userId: userIds.Caio!, role: 'agent', chatwootRole: 'agent' },
      { accountId: 202, userId: userIds.Caio!, role: 'agent', chatwootRole: 'agent' },
    ]);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const [biaSession] = await system
      .insert(sessions)
      .values({ userId: userIds.Bia!, authMethod: 'sso', expiresAt })
      .returning({ id: sessions.id });
    biaSessionId = biaSession!.id;
    await system
      .insert(refreshTokens)
      .values({ sessionId: biaSessionId, tokenHash: 'hash-of-bia', expiresAt });
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

  test('a tenant transaction sees only the users seated in its account, and can change none', async () => {
    const namesIn = async (accountId: number) =>
      (await t.database.tenant(accountId, (tx) => tx.select({ name: users.name }).from(users)))
        .map((row) => row.name)
        .sort();
    assert.deepEqual(await namesIn(101), ['Ana', 'Caio']);
    assert.deepEqual(await namesIn(202), ['Bia', 'Caio']);
    await assert.rejects(
      t.database.tenant(101, (tx) =>
        tx.update(users).set({ isSuperAdmin: true }).where(eq(users.id, userIds.Ana!)),
      ),
      databaseError(/permission denied/),
    );
    await assert.rejects(
      t.database.tenant(101, (tx) =>
        tx.insert(users).values({
          installation: 'https://chat.test',
          chatwootUserId: 9,
          email: 'x@x.test',
          name: 'Planted',
        }),
      ),
      databaseError(/permission denied/),
    );
    const [ana] = await t.database.system.select().from(users).where(eq(users.id, userIds.Ana!));
    assert.equal(ana?.isSuperAdmin, false);
  });

  test('a tenant transaction can neither read nor change sessions and refresh tokens', async () => {
    for (const attempt of [
      (tx: Tx) => tx.select().from(sessions),
      (tx: Tx) => tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, biaSessionId)),
      (tx: Tx) => tx.delete(sessions).where(eq(sessions.id, biaSessionId)),
      (tx: Tx) => tx.select().from(refreshTokens),
      (tx: Tx) =>
        tx
          .update(refreshTokens)
          .set({ revokedAt: new Date() })
          .where(eq(refreshTokens.sessionId, biaSessionId)),
    ]) {
      await assert.rejects(t.database.tenant(101, attempt), databaseError(/permission denied/));
    }
    const [session] = await t.database.system.select().from(sessions).where(eq(sessions.id, biaSessionId));
    assert.equal(session?.revokedAt, null);
    const [token] = await t.database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.sessionId, biaSessionId));
    assert.equal(token?.revokedAt, null);
  });

  test('a tenant transaction cannot rename, suspend or delete its own account', async () => {
    await assert.rejects(
      t.database.tenant(101, (tx) =>
        tx.update(accounts).set({ status: 'suspended' }).where(eq(accounts.id, 101)),
      ),
      databaseError(/permission denied/),
    );
    await assert.rejects(
      t.database.tenant(101, (tx) => tx.delete(accounts).where(eq(accounts.id, 101))),
      databaseError(/permission denied/),
    );
    const [acme] = await t.database.system.select().from(accounts).where(eq(accounts.id, 101));
    assert.deepEqual([acme?.name, acme?.status], ['Acme', 'active']);
  });

  test('the app role holds exactly the expected privileges on every table of every schema', async () => {
    const tenantTable = 'DELETE,INSERT,SELECT,UPDATE';
    const expected: Record<string, string> = {
      'drizzle.__drizzle_migrations': '',
      'public.account_users': tenantTable,
      'public.accounts': 'SELECT',
      'public.api_keys': tenantTable,
      'public.audit_logs': 'INSERT,SELECT',
      'public.board_stage_days': 'SELECT',
      'public.board_stages': tenantTable,
      'public.boards': tenantTable,
      'public.card_action_runs': 'INSERT,SELECT,UPDATE',
      'public.card_checklist_items': tenantTable,
      'public.card_conversations': tenantTable,
      'public.card_cycles': 'SELECT',
      'public.card_events': 'INSERT,SELECT',
      'public.card_notes': tenantTable,
      'public.card_placements': 'SELECT',
      'public.card_reminders': tenantTable,
      'public.cards': tenantTable,
      'public.chat_announcement_receipts': tenantTable,
      'public.chat_announcements': tenantTable,
      'public.chat_attachments': tenantTable,
      'public.chat_message_purges': tenantTable,
      'public.chat_message_reactions': tenantTable,
      'public.chat_messages': tenantTable,
      'public.chat_pins': tenantTable,
      'public.chat_room_events': 'DELETE,INSERT,SELECT',
      'public.chat_room_members': tenantTable,
      'public.chat_rooms': tenantTable,
      'public.chat_settings': tenantTable,
      'public.chatwoot_connections': tenantTable,
      'public.conversations': tenantTable,
      'public.domain_event_deliveries': tenantTable,
      'public.domain_events': tenantTable,
      'public.inbox_members': tenantTable,
      'public.inboxes': tenantTable,
      'public.instance_tokens': tenantTable,
      'public.kanban_time_rule_firings': 'INSERT,SELECT',
      'public.kanban_time_rules': tenantTable,
      'public.kanban_webhook_secrets': 'INSERT,SELECT,UPDATE',
      'public.maintenance_runs': '',
      'public.platform_app_events': '',
      'public.refresh_tokens': '',
      'public.sessions': '',
      'public.team_members': tenantTable,
      'public.teams': tenantTable,
      'public.users': 'SELECT',
      'public.webhook_events': tenantTable,
    };
    const { rows } = await t.database.query(
      `select n.nspname || '.' || c.relname as name,
              coalesce((select string_agg(p, ',' order by p)
                          from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                         where has_table_privilege('whatpro_app', c.oid, p)), '') as privileges
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'f')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        order by 1`,
      [],
    );
    assert.deepEqual(Object.fromEntries(rows.map((row) => [row.name, row.privileges])), expected);
    const { rows: sequences } = await t.database.query(
      `select c.relname from pg_class c
        where c.relkind = 'S'
          and (has_sequence_privilege('whatpro_app', c.oid, 'USAGE') or has_sequence_privilege('whatpro_app', c.oid, 'UPDATE'))`,
      [],
    );
    assert.deepEqual(sequences, []);
  });

  test('a table a later migration creates gives the app role no rights until it grants them', async () => {
    await t.database.query('create table later_feature (id integer primary key, seq serial)', []);
    try {
      const { rows } = await t.database.query(
        `select has_table_privilege('whatpro_app', 'later_feature', 'SELECT, INSERT, UPDATE, DELETE') as table_rights,
                has_sequence_privilege('whatpro_app', 'later_feature_seq_seq', 'USAGE, SELECT, UPDATE') as sequence_rights`,
        [],
      );
      assert.deepEqual(rows, [{ table_rights: false, sequence_rights: false }]);
      // No default privilege names the role, whoever creates the object (pg-boss's tables included).
      const { rows: defaults } = await t.database.query(
        `select count(*)::int as n from pg_default_acl, aclexplode(defaclacl) acl
          where acl.grantee = 'whatpro_app'::regrole`,
        [],
      );
      assert.deepEqual(defaults, [{ n: 0 }]);
    } finally {
      await t.database.query('drop table later_feature', []);
    }
  });

  describe('tenant statements without a transaction', () => {
    /** On PostgreSQL a second handle whose pools hold one connection each, so every call shares it. */
    let single: Database;
    before(async () => {
      single = t.url
        ? await openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolMax: 1 })
        : t.database;
    });
    after(async () => {
      if (single !== t.database) await single.close();
    });

    const inboxNames = (tx: Tx) =>
      tx
        .select({ name: inboxes.name })
        .from(inboxes)
        .then((rows) => rows.map((row) => row.name).sort());
    const context = async (tx: Tx) => {
      const result = await tx.execute(
        sql`select current_user as role, current_setting('app.account_id', true) as account`,
      );
      return (result as unknown as { rows: unknown[] }).rows[0];
    };
    const acme = ['Acme Email', 'Acme WhatsApp'];
    const beta = ['Beta WhatsApp'];

    test('see only their tenant, as the app role', async () => {
      assert.deepEqual(await single.tenantAutocommit(101, inboxNames), acme);
      assert.deepEqual(await single.tenantAutocommit(202, context), { role: 'whatpro_app', account: '202' });
      await assert.rejects(
        single.tenantAutocommit(101, (tx) =>
          tx
            .insert(inboxes)
            .values({ accountId: 202, chatwootInboxId: 9, name: 'planted', channelType: 'Channel::Api' }),
        ),
        databaseError(/row-level security/),
      );
      await assert.rejects(single.tenantAutocommit(0, inboxNames), /invalid tenant id/);
    });

    test('interleaved tenants on one connection never see each other', async () => {
      const tenants = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? 202 : 101));
      const seen = await Promise.all(
        tenants.map((accountId, index) =>
          index % 4 === 0
            ? single.tenant(accountId, inboxNames)
            : single.tenantAutocommit(accountId, inboxNames),
        ),
      );
      assert.deepEqual(
        seen,
        tenants.map((accountId) => (accountId === 101 ? acme : beta)),
      );
    });

    test('a statement prepared once per connection still answers each tenant with its own rows', async () => {
      // No account filter: only RLS separates the tenants. Many runs, so PostgreSQL also switches the
      // statement to its generic plan, which must still read the tenant of each execution.
      const allInboxes = preparedPerHandle((tx) =>
        tx.select({ name: inboxes.name }).from(inboxes).orderBy(inboxes.name).prepare('tenancy_test_inboxes'),
      );
      const tenants = Array.from({ length: 24 }, (_, index) => (index % 3 === 0 ? 202 : 101));
      const seen: string[][] = [];
      for (const [index, accountId] of tenants.entries()) {
        const read = (tx: Tx) => allInboxes(tx).execute();
        const rows =
          index % 4 === 0
            ? await single.tenant(accountId, read)
            : await single.tenantAutocommit(accountId, read);
        seen.push(rows.map((row) => row.name));
      }
      assert.deepEqual(
        seen,
        tenants.map((accountId) => (accountId === 101 ? acme : beta)),
      );
    });

    test('after a failed statement the next tenant still gets its own context', async () => {
      await assert.rejects(
        single.tenantAutocommit(101, (tx) => tx.execute(sql`select 1 / 0`)),
        databaseError(/division by zero/),
      );
      await assert.rejects(
        single.tenantAutocommit(101, async (tx) => {
          await inboxNames(tx);
          throw new Error('handler failed after its query');
        }),
        /handler failed/,
      );
      assert.deepEqual(await single.tenantAutocommit(202, inboxNames), beta);
      assert.deepEqual(await single.tenantAutocommit(101, context), { role: 'whatpro_app', account: '101' });
    });

    test('a system script that fails inside its own begin leaves no aborted transaction behind', {
      skip: engine === 'PostgreSQL' && 'there pg-boss, the one sender of such scripts, has its own pool',
    }, async () => {
      await assert.rejects(single.query('begin; select 1 / 0; commit;'), /division by zero/);
      assert.deepEqual(await single.tenantAutocommit(101, context), { role: 'whatpro_app', account: '101' });
      assert.deepEqual(await single.tenant(202, inboxNames), beta);
      const { rows } = await single.query('select current_user as role');
      assert.notEqual(rows[0]?.role, 'whatpro_app');
    });

    test('a transaction after a statement-level read has its own tenant, and leaves the session as it was', async () => {
      assert.deepEqual(await single.tenantAutocommit(101, inboxNames), acme);
      assert.deepEqual(await single.tenant(202, inboxNames), beta);
      await assert.rejects(
        single.tenant(202, async (tx) => {
          await tx.execute(sql`select 1 / 0`);
        }),
        databaseError(/division by zero/),
      );
      assert.deepEqual(await single.tenantAutocommit(101, inboxNames), acme);
      assert.deepEqual(await single.tenantAutocommit(101, context), { role: 'whatpro_app', account: '101' });
    });

    test("system work after tenant work runs as the connection's own role and sees every tenant", async () => {
      await single.tenantAutocommit(202, inboxNames);
      const [row] = await single.system
        .execute(sql`select current_user as role`)
        .then((result) => (result as unknown as { rows: { role: string }[] }).rows);
      assert.notEqual(row?.role, 'whatpro_app');
      const [count] = await single.system.select({ n: sql<number>`count(*)::int` }).from(inboxes);
      assert.ok((count?.n ?? 0) >= 3, 'the system connection is not bound to a tenant');
      const { rows } = await single.query("select current_setting('app.account_id', true) as account");
      assert.ok(rows[0]?.account === null || rows[0]?.account === '', 'no tenant on the system connection');
    });

    test('system and tenant work issued together each run in their own role and tenant', async () => {
      const systemContext = () =>
        single.system
          .execute(sql`select current_user as role, current_setting('app.account_id', true) as account`)
          .then(
            (result) => (result as unknown as { rows: { role: string; account: string | null }[] }).rows[0],
          );
      const work = Array.from({ length: 30 }, (_, index) => index % 3);
      const seen = await Promise.all(
        work.map((kind) =>
          kind === 0
            ? systemContext().then((row) =>
                row?.role !== 'whatpro_app' && !row?.account ? 'system' : 'leak',
              )
            : single
                .tenantAutocommit(kind === 1 ? 101 : 202, context)
                .then((row) => (row as { account: string }).account),
        ),
      );
      assert.deepEqual(
        seen,
        work.map((kind) => (kind === 0 ? 'system' : kind === 1 ? '101' : '202')),
      );
    });

    test("after a failed tenant statement, system work has the rights of the connection's own role", async () => {
      await assert.rejects(
        single.tenantAutocommit(101, (tx) => tx.execute(sql`select 1 / 0`)),
        databaseError(/division by zero/),
      );
      const [count] = await single.system.select({ n: sql<number>`count(*)::int` }).from(inboxes);
      assert.ok((count?.n ?? 0) >= 3, 'system work sees every tenant');
      const sessionsSeen = await single.system.transaction((tx) => tx.select().from(sessions));
      assert.ok(sessionsSeen.length >= 1, 'system work reads what the app role may not');
      assert.deepEqual(await single.tenantAutocommit(202, inboxNames), beta);
      const { rows } = await single.query('select current_user as role');
      assert.notEqual(rows[0]?.role, 'whatpro_app');
    });

    test('tenants taking turns one statement at a time each read their own rows', async () => {
      for (const accountId of [101, 202, 101, 101, 202, 202, 101]) {
        assert.deepEqual(
          await single.tenantAutocommit(accountId, inboxNames),
          accountId === 101 ? acme : beta,
        );
        assert.deepEqual(await single.tenantAutocommit(accountId, context), {
          role: 'whatpro_app',
          account: String(accountId),
        });
      }
    });
  });
});

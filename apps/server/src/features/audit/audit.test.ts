import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { auditLogSchema } from '@whatpro/contracts';
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLogs } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestTenant } from '../../test/factories';
import { csvCell } from './csv';
import { AUDIT_LOG_COLUMNS, encodeCursor, exportAuditLogs } from './queries';
import { recordAudit } from './service';

interface SeedRow {
  action?: string;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  newValues?: Record<string, unknown>;
}

/** A strict RFC 4180 reader, so the tests check the bytes a spreadsheet or SIEM would parse. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') {
      assert.equal(cell, '', 'a quote may only open a field');
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      assert.ok(char !== '\n' && char !== '\r', 'a bare line break outside quotes');
      cell += char;
    }
  }
  assert.ok(
    !quoted && cell === '' && row.length === 0,
    'the file ends with a complete CRLF-terminated record',
  );
  return rows;
}

describe('Audit log API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const url = (accountId: number, suffix = '') => `/api/v1/accounts/${accountId}/audit-logs${suffix}`;
  const list = (accountId: number, headers: Record<string, string> | undefined, query = {}) =>
    t.app.inject({ method: 'GET', url: url(accountId), headers, query });
  const download = (accountId: number, headers: Record<string, string> | undefined, query = {}) =>
    t.app.inject({ method: 'GET', url: url(accountId, '/export'), headers, query });

  async function seed(accountId: number, rows: SeedRow[]): Promise<void> {
    await t.app.deps.database.tenant(accountId, async (tx) => {
      for (const row of rows) {
        await recordAudit(
          tx,
          {
            actor: row.actorId
              ? { type: 'user', userId: row.actorId, sessionId: randomUUID(), isSuperAdmin: false }
              : undefined,
            ip: row.ip ?? '203.0.113.7',
            userAgent: row.userAgent ?? 'test-agent',
            requestId: row.requestId ?? randomUUID(),
          },
          {
            accountId,
            action: row.action ?? 'test.event',
            resourceType: row.resourceType,
            resourceId: row.resourceId,
            newValues: row.newValues,
          },
        );
      }
    });
  }

  /**
   * Rows written in one transaction share now(); tests that need distinct times set them afterwards, in
   * SQL so microseconds survive (PGlite's clock, unlike PostgreSQL's, stops at milliseconds).
   */
  async function backdate(accountId: number, resourceId: string, createdAt: string): Promise<void> {
    await t.app.deps.database.system
      .update(auditLogs)
      .set({ createdAt: sql`${createdAt}::timestamptz` })
      .where(and(eq(auditLogs.accountId, accountId), eq(auditLogs.resourceId, resourceId)));
  }

  async function walk(tenant: TestTenant, limit: number, onPage?: (page: number) => Promise<void>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(tenant.accountId, tenant.users.admin.headers, {
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.ok(body.audit_logs.length <= limit);
      ids.push(...body.audit_logs.map((log: { id: string }) => log.id));
      cursor = body.next_cursor;
      pages++;
      if (cursor) assert.equal(body.audit_logs.length, limit, 'only the last page is short');
      await onPage?.(pages);
    } while (cursor);
    return { ids, pages };
  }

  async function storedIds(accountId: number): Promise<string[]> {
    const rows = await t.app.deps.database.system
      .select({ id: auditLogs.id })
      .from(auditLogs)
      .where(eq(auditLogs.accountId, accountId))
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id));
    return rows.map((row) => row.id);
  }

  test('status ladder on both routes: 401 anonymous, 403 viewer/agent/supervisor, 404 other tenant, 200 admin', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const beta = await createTenant(t.app, 'Beta');
    for (const call of [
      list,
      (id: number, headers?: Record<string, string>) => download(id, headers, { format: 'csv' }),
    ]) {
      assert.equal((await call(acme.accountId, undefined)).statusCode, 401);
      for (const role of ['viewer', 'agent', 'supervisor'] as const) {
        assert.equal((await call(acme.accountId, acme.users[role].headers)).statusCode, 403, role);
      }
      assert.equal((await call(acme.accountId, beta.users.admin.headers)).statusCode, 404);
      const response = await call(acme.accountId, acme.users.admin.headers);
      assert.equal(response.statusCode, 200, response.body);
    }
  });

  test('400, never 500, for bad filters, unknown fields, bad cursors and out-of-range limits', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    const listQueries: Record<string, string | string[]>[] = [
      { from: 'yesterday' },
      { to: '2024-02-30T00:00:00Z' },
      { from: '0000-01-01T00:00:00Z' },
      { from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      { foo: '1' },
      { action: ['a', 'b'] },
      { action: 'x'.repeat(101) },
      { limit: '0' },
      { limit: '999' },
      { limit: 'abc' },
      { limit: '1.5' },
      { cursor: 'not a cursor!' },
      { cursor: Buffer.from('hello').toString('base64url') },
      { cursor: cursorOf({ t: 'x', i: 'y' }) },
      { cursor: cursorOf({ t: '2024-02-30T00:00:00.000000Z', i: randomUUID() }) },
      { cursor: cursorOf({ t: '0000-01-01T00:00:00.000000Z', i: randomUUID() }) },
      { cursor: cursorOf({ t: '2024-01-01T00:00:00.000000Z', i: randomUUID(), extra: 1 }) },
      { cursor: 'A'.repeat(201) },
      { cursor: ['a', 'b'] },
    ];
    for (const query of listQueries) {
      const response = await list(acme.accountId, acme.users.admin.headers, query);
      assert.equal(response.statusCode, 400, `${JSON.stringify(query)}: ${response.body}`);
      assert.equal(response.json().error.code, 'validation_failed');
    }
    const exportQueries: Record<string, string>[] = [
      {},
      { format: 'xml' },
      { format: 'csv', cursor: encodeCursor({ createdAt: '2024-01-01T00:00:00.000000Z', id: randomUUID() }) },
      { format: 'csv', limit: '5' },
      { format: 'json', from: 'yesterday' },
    ];
    for (const query of exportQueries) {
      const response = await download(acme.accountId, acme.users.admin.headers, query);
      assert.equal(response.statusCode, 400, `${JSON.stringify(query)}: ${response.body}`);
    }
  });

  test('filters by action, actor, resource type and a [from, to) time range', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const alice = acme.users.admin.id;
    const bob = acme.users.supervisor.id;
    await seed(acme.accountId, [
      { action: 'member.role_changed', actorId: alice, resourceType: 'member', resourceId: 'r1' },
      { action: 'member.role_changed', actorId: bob, resourceType: 'member', resourceId: 'r2' },
      { action: 'api_key.created', actorId: alice, resourceType: 'api_key', resourceId: 'r3' },
      { action: 'auth.login_failed', resourceId: 'r4' },
    ]);
    await backdate(acme.accountId, 'r1', '2024-01-01T10:00:00Z');
    await backdate(acme.accountId, 'r2', '2024-01-02T10:00:00Z');
    await backdate(acme.accountId, 'r3', '2024-01-03T10:00:00Z');
    await backdate(acme.accountId, 'r4', '2024-01-04T10:00:00Z');
    const resources = async (query: Record<string, string>) => {
      const response = await list(acme.accountId, acme.users.admin.headers, query);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().audit_logs.map((log: { resource_id: string }) => log.resource_id);
    };
    assert.deepEqual(await resources({ action: 'member.role_changed' }), ['r2', 'r1']);
    assert.deepEqual(await resources({ actor_id: alice }), ['r3', 'r1']);
    assert.deepEqual(await resources({ resource_type: 'api_key' }), ['r3']);
    assert.deepEqual(await resources({ from: '2024-01-02T10:00:00Z', to: '2024-01-04T10:00:00Z' }), [
      'r3',
      'r2',
    ]);
    assert.deepEqual(
      await resources({ from: '2024-01-02T07:00:00-03:00', to: '2024-01-02T07:00:00-03:00' }),
      [],
    );
    assert.deepEqual(await resources({ actor_id: alice, to: '2024-01-02T00:00:00Z' }), ['r1']);
    assert.deepEqual(await resources({ action: 'no.such.action' }), []);

    const exported = await download(acme.accountId, acme.users.admin.headers, {
      format: 'json',
      action: 'member.role_changed',
      from: '2024-01-02T00:00:00Z',
    });
    assert.equal(exported.statusCode, 200, exported.body);
    assert.deepEqual(
      exported.json().map((log: { resource_id: string }) => log.resource_id),
      ['r2'],
    );
  });

  test('pagination walks every row exactly once, newest first, also while new rows arrive', async () => {
    const acme = await createTenant(t.app, 'Acme');
    // 15 rows share one timestamp (one transaction), so the id tie-breaker carries the ordering.
    await seed(
      acme.accountId,
      Array.from({ length: 15 }, (_, i) => ({ resourceId: `same-${i}` })),
    );
    await seed(
      acme.accountId,
      Array.from({ length: 10 }, (_, i) => ({ resourceId: `later-${i}` })),
    );
    for (let i = 0; i < 5; i++)
      await backdate(acme.accountId, `later-${i}`, `2024-06-0${1 + (i % 2)}T00:00:00.123456Z`);
    const expected = await storedIds(acme.accountId);
    assert.equal(expected.length, 25);

    for (const limit of [1, 4, 5, 25, 200]) {
      const { ids, pages } = await walk(acme, limit);
      assert.deepEqual(ids, expected, `limit ${limit}`);
      assert.equal(pages, Math.max(1, Math.ceil(25 / limit)), `limit ${limit}: no empty trailing page`);
    }

    const { ids } = await walk(acme, 6, async (page) => {
      if (page === 1) await seed(acme.accountId, [{ resourceId: 'arrived-mid-walk' }]);
    });
    assert.deepEqual(ids, expected, 'rows written after the walk began neither shift nor repeat pages');
    assert.equal(new Set(ids).size, ids.length);

    const first = await list(acme.accountId, acme.users.admin.headers);
    assert.equal(first.json().audit_logs.length, 26, 'limit defaults to 50');
    assert.equal(first.json().next_cursor, null);
  });

  test("tenant B's rows never appear in A's listing, export or through B's cursor", async () => {
    const acme = await createTenant(t.app, 'Acme');
    const beta = await createTenant(t.app, 'Beta');
    await seed(
      acme.accountId,
      Array.from({ length: 3 }, (_, i) => ({ action: 'shared.action', resourceId: `acme-${i}` })),
    );
    await seed(
      beta.accountId,
      Array.from({ length: 3 }, (_, i) => ({ action: 'shared.action', resourceId: `beta-${i}` })),
    );
    const betaIds = await storedIds(beta.accountId);

    const assertOnlyAcme = (logs: { account_id: number; id: string }[]) => {
      assert.ok(logs.length >= 3);
      for (const log of logs) {
        assert.equal(log.account_id, acme.accountId);
        assert.ok(!betaIds.includes(log.id));
      }
    };
    const listing = await list(acme.accountId, acme.users.admin.headers, { limit: '200' });
    assertOnlyAcme(listing.json().audit_logs);
    const filtered = await list(acme.accountId, acme.users.admin.headers, { action: 'shared.action' });
    assert.equal(filtered.json().audit_logs.length, 3);
    assertOnlyAcme(filtered.json().audit_logs);

    const betaPage = await list(beta.accountId, beta.users.admin.headers, { limit: '1' });
    const betaCursor = betaPage.json().next_cursor;
    assert.ok(betaCursor);
    const withBetaCursor = await list(acme.accountId, acme.users.admin.headers, { cursor: betaCursor });
    assert.equal(withBetaCursor.statusCode, 200);
    for (const log of withBetaCursor.json().audit_logs) assert.equal(log.account_id, acme.accountId);

    const json = await download(acme.accountId, acme.users.admin.headers, { format: 'json' });
    assertOnlyAcme(json.json());
    const csv = await download(acme.accountId, acme.users.admin.headers, { format: 'csv' });
    for (const id of betaIds) assert.ok(!csv.body.includes(id));
    assert.ok(!csv.body.includes('beta-'));

    const rlsOnly = await t.app.deps.database.tenant(acme.accountId, (tx) => tx.select().from(auditLogs));
    assert.ok(
      rlsOnly.every((row) => row.accountId === acme.accountId),
      'RLS alone hides other tenants',
    );
  });

  test('CSV export: header row, RFC 4180 quoting, formula cells made inert, attachment headers', async () => {
    const acme = await createTenant(t.app, 'Acme');
    await seed(acme.accountId, [
      {
        action: 'csv.evil',
        resourceType: '\tTAB',
        resourceId: '=HYPERLINK("http://evil")',
        ip: '-2+3',
        userAgent: '+SUM(1,2)',
        requestId: '@cmd',
        newValues: { note: 'a,b "quoted"\nnext' },
      },
      { action: 'csv.plain', resourceType: '\rCR', resourceId: 'multi\nline, with "quotes"' },
    ]);
    const response = await download(acme.accountId, acme.users.admin.headers, {
      format: 'csv',
      action: 'csv.evil',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(response.headers['content-disposition']),
      new RegExp(`^attachment; filename="audit-logs-${acme.accountId}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers['x-export-truncated'], undefined);
    assert.ok(response.body.includes(`"'=HYPERLINK(""http://evil"")"`), response.body);

    const [header, ...records] = parseCsv(response.body);
    assert.deepEqual(header, AUDIT_LOG_COLUMNS);
    assert.equal(records.length, 1);
    const row = Object.fromEntries(AUDIT_LOG_COLUMNS.map((column, i) => [column, records[0]![i]]));
    assert.equal(row.resource_id, `'=HYPERLINK("http://evil")`);
    assert.equal(row.resource_type, `'\tTAB`);
    assert.equal(row.ip, `'-2+3`);
    assert.equal(row.user_agent, `'+SUM(1,2)`);
    assert.equal(row.request_id, `'@cmd`);
    assert.equal(row.actor_type, 'anonymous');
    assert.equal(row.actor_id, '', 'null is an empty cell');
    assert.equal(row.old_values, '');
    assert.deepEqual(JSON.parse(row.new_values!), { note: 'a,b "quoted"\nnext' });
    assert.equal(row.account_id, String(acme.accountId));

    const plain = await download(acme.accountId, acme.users.admin.headers, {
      format: 'csv',
      action: 'csv.plain',
    });
    const [, plainRecord] = parseCsv(plain.body);
    const plainRow = Object.fromEntries(AUDIT_LOG_COLUMNS.map((column, i) => [column, plainRecord![i]]));
    assert.equal(plainRow.resource_id, 'multi\nline, with "quotes"');
    assert.equal(plainRow.resource_type, `'\rCR`);
    assert.ok(plain.body.includes('"multi\nline, with ""quotes"""'));
  });

  test('csvCell: every formula trigger is prefixed; plain text is left alone', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r'])
      assert.ok(csvCell(`${lead}1`).replace(/^"/, '').startsWith(`'${lead}`));
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell("it's"), "it's");
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(-1), "'-1");
    assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
    assert.equal(csvCell('\r\n'), `"'\r\n"`);
  });

  test('JSON export parses as an array of audit logs and the export is itself audited', async () => {
    const acme = await createTenant(t.app, 'Acme');
    await seed(acme.accountId, [{ action: 'json.one' }, { action: 'json.two', newValues: { n: 2 } }]);
    const response = await download(acme.accountId, acme.users.admin.headers, { format: 'json' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(
      String(response.headers['content-disposition']),
      new RegExp(`^attachment; filename="audit-logs-${acme.accountId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    const logs = auditLogSchema.array().parse(response.json());
    assert.deepEqual(logs.map((log) => log.action).sort(), ['json.one', 'json.two']);

    const audited = await list(acme.accountId, acme.users.admin.headers, { action: 'audit_logs.exported' });
    const [entry] = audited.json().audit_logs;
    assert.equal(entry.actor_type, 'user');
    assert.equal(entry.actor_id, acme.users.admin.id);
    assert.equal(entry.resource_type, 'audit_log');
    assert.equal(entry.request_id, response.headers['x-request-id']);
    assert.deepEqual(entry.new_values, { format: 'json', filters: {}, row_count: 2, truncated: false });
  });

  test('the export keeps the newest rows up to its cap and says when it truncated', async () => {
    const acme = await createTenant(t.app, 'Acme');
    await seed(acme.accountId, [{ resourceId: 'old' }, { resourceId: 'mid' }, { resourceId: 'new' }]);
    await backdate(acme.accountId, 'old', '2024-01-01T00:00:00Z');
    await backdate(acme.accountId, 'mid', '2024-01-02T00:00:00Z');
    await backdate(acme.accountId, 'new', '2024-01-03T00:00:00Z');
    const context = { actor: undefined, ip: null, userAgent: null, requestId: null };
    const capped = await exportAuditLogs(
      t.app.deps.database,
      acme.accountId,
      { action: 'test.event' },
      { format: 'csv', maxRows: 2, context },
    );
    assert.deepEqual(
      capped.rows.map((row) => row.resource_id),
      ['new', 'mid'],
    );
    assert.equal(capped.truncated, true);
    const whole = await exportAuditLogs(
      t.app.deps.database,
      acme.accountId,
      { action: 'test.event' },
      { format: 'csv', maxRows: 3, context },
    );
    assert.equal(whole.rows.length, 3);
    assert.equal(whole.truncated, false);
  });

  test('exports are rate limited per user', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await download(acme.accountId, acme.users.admin.headers, { format: 'json' })).statusCode,
      );
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    const secondAdmin = await createUser(t.app, { accountId: acme.accountId, role: 'admin' });
    const other = await download(acme.accountId, secondAdmin.headers, { format: 'json' });
    assert.equal(other.statusCode, 200, 'another user has a budget of their own');
  });

  test('S-AU-1: the app role cannot UPDATE or DELETE audit rows, nor append to another tenant', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const beta = await createTenant(t.app, 'Beta');
    await seed(acme.accountId, [{ action: 'immutable', resourceId: 'keep-me' }]);
    const [id] = await storedIds(acme.accountId);
    const { database } = t.app.deps;
    const causeMatches = (pattern: RegExp) => (error: unknown) => {
      const cause = (error as { cause?: Error }).cause;
      assert.match(cause?.message ?? String(error), pattern);
      return true;
    };
    await assert.rejects(
      database.tenant(acme.accountId, (tx) =>
        tx.update(auditLogs).set({ action: 'tampered' }).where(eq(auditLogs.id, id!)),
      ),
      causeMatches(/permission denied/),
    );
    await assert.rejects(
      database.tenant(acme.accountId, (tx) => tx.delete(auditLogs).where(eq(auditLogs.id, id!))),
      causeMatches(/permission denied/),
    );
    await assert.rejects(
      database.tenant(acme.accountId, (tx) =>
        recordAudit(
          tx,
          { actor: undefined, ip: null, userAgent: null, requestId: null },
          {
            accountId: beta.accountId,
            action: 'forged',
          },
        ),
      ),
      causeMatches(/row-level security/),
    );
    const [row] = await database.system.select().from(auditLogs).where(eq(auditLogs.id, id!));
    assert.equal(row?.action, 'immutable');
    assert.deepEqual(await storedIds(beta.accountId), []);
  });
});

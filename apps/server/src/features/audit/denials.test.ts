import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLogs } from '../../db/schema';
import { createMemoryCache } from '../../infra/cache';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant } from '../../test/factories';
import { DENIAL_LIMIT, recordRepeatedAudit } from './denials';

const PROBES = 60;

describe('Repeated denials: throttled per caller, audited as counted rows', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const inboxes = (accountId: number, headers: Record<string, string>, remoteAddress?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${accountId}/inboxes`,
      headers,
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const denialRows = (accountId: number) =>
    t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, accountId), eq(auditLogs.action, 'authz.cross_tenant_denied')));
  const total = (rows: { count: number }[]) => rows.reduce((sum, row) => sum + row.count, 0);

  test(`${PROBES} cross-tenant probes: 404 up to the limit, then 429 before any lookup; a bounded number of audit rows whose counts add up`, async () => {
    const victim = await createTenant(t.app, 'Victim');
    const prober = await createTenant(t.app, 'Prober');
    const statuses: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const response = await inboxes(victim.accountId, prober.users.admin.headers);
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        assert.equal(response.json().error.code, 'rate_limited');
        assert.ok(Number(response.headers['retry-after']) >= 1);
      }
    }
    assert.deepEqual(statuses, [...Array(DENIAL_LIMIT).fill(404), ...Array(PROBES - DENIAL_LIMIT).fill(429)]);

    const rows = await denialRows(victim.accountId);
    assert.ok(
      rows.length >= 1 && rows.length <= 2,
      `one row per window (a probe may straddle two): ${rows.length}`,
    );
    assert.equal(total(rows), DENIAL_LIMIT, 'every 404 is counted, once');
    for (const row of rows) {
      assert.equal(row.actorType, 'user');
      assert.equal(row.actorId, prober.users.admin.id);
      assert.equal(row.resourceId, 'GET /api/v1/accounts/:accountId/inboxes');
    }

    const ownAccount = await inboxes(prober.accountId, prober.users.admin.headers);
    assert.equal(
      ownAccount.statusCode,
      429,
      'a throttled caller is refused before its membership is looked up',
    );
    const victimAdmin = await inboxes(victim.accountId, victim.users.admin.headers);
    assert.equal(victimAdmin.statusCode, 200, 'other callers are not affected');
  });

  test('concurrent probes are counted exactly and share one row', async () => {
    const victim = await createTenant(t.app, 'Victim');
    const prober = await createTenant(t.app, 'Prober');
    const responses = await Promise.all(
      Array.from({ length: PROBES }, () => inboxes(victim.accountId, prober.users.agent.headers)),
    );
    const notFound = responses.filter((response) => response.statusCode === 404).length;
    const throttled = responses.filter((response) => response.statusCode === 429).length;
    assert.equal(notFound, DENIAL_LIMIT);
    assert.equal(throttled, PROBES - DENIAL_LIMIT);
    const rows = await denialRows(victim.accountId);
    assert.ok(rows.length <= 2, `${rows.length} rows`);
    assert.equal(total(rows), notFound);
  });

  test('a flood of probes from several callers leaves every real event in the export', async () => {
    const victim = await createTenant(t.app, 'Victim');
    const probers = await Promise.all([1, 2, 3].map((i) => createTenant(t.app, `Prober ${i}`)));
    const created: string[] = [];
    for (let round = 0; round < 3; round++) {
      const key = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${victim.accountId}/api-keys`,
        headers: victim.users.admin.headers,
        payload: { name: `real ${round}`, scopes: ['inboxes:read:account'] },
      });
      assert.equal(key.statusCode, 201, key.body);
      created.push(key.json().id);
      for (const prober of probers) {
        for (let i = 0; i < PROBES / 3; i++) await inboxes(victim.accountId, prober.users.admin.headers);
      }
    }

    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${victim.accountId}/audit-logs/export`,
      headers: victim.users.admin.headers,
      query: { format: 'json' },
    });
    assert.equal(exported.statusCode, 200, exported.body);
    const logs: { action: string; resource_id: string | null; count: number }[] = exported.json();
    const realKeys = logs.filter((log) => log.action === 'api_key.created').map((log) => log.resource_id);
    assert.deepEqual(realKeys.sort(), [...created].sort(), 'every real event is exported');
    const denials = logs.filter((log) => log.action === 'authz.cross_tenant_denied');
    assert.ok(denials.length <= probers.length * 2, `${denials.length} denial rows for ${PROBES * 3} probes`);
    assert.equal(
      denials.reduce((sum, log) => sum + log.count, 0),
      probers.length * DENIAL_LIMIT,
      'the export carries the count of every refused probe',
    );
  });

  test('bad credentials on account routes are throttled per address, without touching other addresses', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const forged = { authorization: `Bearer whp_${'x'.repeat(43)}` };
    const statuses: number[] = [];
    for (let i = 0; i < PROBES; i++)
      statuses.push((await inboxes(acme.accountId, forged, '198.51.100.77')).statusCode);
    assert.deepEqual(statuses, [...Array(DENIAL_LIMIT).fill(401), ...Array(PROBES - DENIAL_LIMIT).fill(429)]);
    const elsewhere = await inboxes(acme.accountId, acme.users.admin.headers, '198.51.100.78');
    assert.equal(elsewhere.statusCode, 200, elsewhere.body);
  });

  test('when the remembered row is gone (cache flushed), repeats start a new row and no count is lost', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const context = { actor: undefined, ip: '203.0.113.5', userAgent: null, requestId: null };
    const entry = { accountId: acme.accountId, action: 'webhook.auth_failed', resourceId: 'url_token' };
    const now = Date.now();
    const deps = { database: t.app.deps.database, cache: createMemoryCache() };
    for (let i = 0; i < 3; i++) await recordRepeatedAudit(deps, context, entry, 'ip:203.0.113.5', now);
    const flushed = { ...deps, cache: createMemoryCache() };
    await Promise.all(
      Array.from({ length: 4 }, () => recordRepeatedAudit(flushed, context, entry, 'ip:203.0.113.5', now)),
    );
    const rows = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, acme.accountId), eq(auditLogs.action, 'webhook.auth_failed')));
    assert.deepEqual(rows.map((row) => row.count).sort(), [3, 4]);
  });
});

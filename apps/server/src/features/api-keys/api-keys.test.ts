import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiKeys, auditLogs } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { hashSecret } from '../auth/tokens';

describe('API keys', () => {
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Acme');
    beta = await createTenant(t.app, 'Beta');
  });
  after(() => t.close());

  const url = (accountId: number, suffix = '') => `/api/v1/accounts/${accountId}/api-keys${suffix}`;
  const create = (accountId: number, headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'POST', url: url(accountId), headers, payload });

  test('S-AK-1: an admin creates a key shown once, prefixed, with ≥128 bits, stored only as a hash; audited', async () => {
    const response = await create(acme.accountId, acme.users.admin.headers, {
      name: 'CRM sync',
      scopes: ['inboxes:read:account'],
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.match(body.key, /^whp_[A-Za-z0-9_-]{43}$/);
    assert.equal(body.prefix, body.key.slice(0, 12));
    const [row] = await t.app.deps.database.system.select().from(apiKeys).where(eq(apiKeys.id, body.id));
    assert.equal(row?.keyHash, hashSecret(body.key));
    assert.doesNotMatch(JSON.stringify(row), new RegExp(body.key));
    const list = await t.app.inject({
      method: 'GET',
      url: url(acme.accountId),
      headers: acme.users.admin.headers,
    });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().api_keys.some((key: { id: string }) => key.id === body.id));
    assert.ok(!list.body.includes(body.key), 'never shown again');
    const audit = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.resourceId, body.id));
    assert.equal(audit[0]?.action, 'api_key.created');
    assert.equal(audit[0]?.accountId, acme.accountId);
  });

  test('401 without credentials, 400 for bad bodies, 403 for roles below admin', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: url(acme.accountId) })).statusCode, 401);
    for (const payload of [
      {},
      { name: '', scopes: ['inboxes:read:account'] },
      { name: 'x', scopes: ['api_keys:manage:account'] },
      { name: 'x', scopes: ['inboxes:read:account'], account_id: beta.accountId },
    ]) {
      const response = await create(acme.accountId, acme.users.admin.headers, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
    }
    for (const role of ['supervisor', 'agent', 'viewer'] as const) {
      const response = await create(acme.accountId, acme.users[role].headers, {
        name: 'x',
        scopes: ['inboxes:read:account'],
      });
      assert.equal(response.statusCode, 403, role);
    }
  });

  test("another tenant's admin gets 404 on this account and on its key ids", async () => {
    const created = await create(acme.accountId, acme.users.admin.headers, {
      name: 'k',
      scopes: ['inboxes:read:account'],
    });
    const keyId = created.json().id;
    const foreignList = await t.app.inject({
      method: 'GET',
      url: url(acme.accountId),
      headers: beta.users.admin.headers,
    });
    assert.equal(foreignList.statusCode, 404);
    const revokeFromOwnAccount = await t.app.inject({
      method: 'DELETE',
      url: url(beta.accountId, `/${keyId}`),
      headers: beta.users.admin.headers,
    });
    assert.equal(revokeFromOwnAccount.statusCode, 404);
    const [row] = await t.app.deps.database.system.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    assert.equal(row?.revokedAt, null);
  });

  test('S-AK-2: keys act only within their scopes and their account; revoked and expired keys are refused', async () => {
    const created = await create(acme.accountId, acme.users.admin.headers, {
      name: 'k',
      scopes: ['inboxes:read:account'],
    });
    const key = { authorization: `Bearer ${created.json().key}` };
    const outOfScope = await t.app.inject({ method: 'GET', url: url(acme.accountId), headers: key });
    assert.equal(outOfScope.statusCode, 403);
    const otherAccount = await t.app.inject({ method: 'GET', url: url(beta.accountId), headers: key });
    assert.equal(otherAccount.statusCode, 404);
    const userRoute = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: key });
    assert.equal(userRoute.statusCode, 401);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: url(acme.accountId, `/${created.json().id}`),
      headers: acme.users.admin.headers,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: url(acme.accountId), headers: key })).statusCode,
      401,
    );

    const expiring = await create(acme.accountId, acme.users.admin.headers, {
      name: 'old',
      scopes: ['inboxes:read:account'],
      expires_at: new Date(Date.now() + 60_000).toISOString(),
    });
    await t.app.deps.database.system
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, expiring.json().id));
    const expired = await t.app.inject({
      method: 'GET',
      url: url(acme.accountId),
      headers: { authorization: `Bearer ${expiring.json().key}` },
    });
    assert.equal(expired.statusCode, 401);
  });

  test('S-AK-3: a key whose id equals an admin user id gets only its own scopes', async () => {
    const key = 'whp_collision-test-key-with-plenty-of-entropy-0001';
    await t.app.deps.database.system.insert(apiKeys).values({
      id: acme.users.admin.id,
      accountId: acme.accountId,
      name: 'collision',
      prefix: key.slice(0, 12),
      keyHash: hashSecret(key),
      scopes: ['inboxes:read:account'],
    });
    const response = await t.app.inject({
      method: 'GET',
      url: url(acme.accountId),
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(response.statusCode, 403);
  });
});

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiKeys, auditLogs } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestUser } from '../../test/factories';
import { setAccountStatus } from './account-access';

describe('Guard: accounts that do not exist or are suspended', () => {
  let t: TestApp;
  let superAdmin: TestUser;
  before(async () => {
    t = await createTestApp();
    superAdmin = await createUser(t.app, { superAdmin: true });
  });
  after(() => t.close());

  const inboxes = (accountId: number, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/inboxes`, headers });
  const createKey = (accountId: number, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${accountId}/api-keys`,
      headers,
      payload: { name: 'probe', scopes: ['inboxes:read:account'] },
    });
  const keysOf = (accountId: number) =>
    t.app.deps.database.system.select().from(apiKeys).where(eq(apiKeys.accountId, accountId));
  const auditOf = (accountId: number) =>
    t.app.deps.database.system.select().from(auditLogs).where(eq(auditLogs.accountId, accountId));

  test('an unknown account is 404 for the super admin, an admin and an API key of another account, reads and writes alike, and nothing is stored', async () => {
    const other = await createTenant(t.app, 'Other');
    const missing = randomInt(2_000_000_001, 2_147_483_647);
    for (const headers of [superAdmin.headers, other.users.admin.headers]) {
      for (const response of [await inboxes(missing, headers), await createKey(missing, headers)]) {
        assert.equal(response.statusCode, 404, response.body);
        assert.equal(response.json().error.code, 'not_found');
        assert.equal(response.json().error.message, 'Account not found');
      }
    }
    const otherKey = await createKey(other.accountId, other.users.admin.headers);
    const byKey = await inboxes(missing, { authorization: `Bearer ${otherKey.json().key}` });
    assert.equal(byKey.statusCode, 404, byKey.body);
    assert.deepEqual(await keysOf(missing), []);
    assert.deepEqual(await auditOf(missing), [], 'no audit rows for an account that does not exist');
  });

  test('the super admin still acts on an existing account without a seat in it', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const read = await inboxes(acme.accountId, superAdmin.headers);
    assert.equal(read.statusCode, 200, read.body);
    const created = await createKey(acme.accountId, superAdmin.headers);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await keysOf(acme.accountId)).length, 1);
  });

  test('a suspended account answers reads and refuses changes with 403 account_suspended, for its admin, the super admin and its API keys, storing nothing', async () => {
    const acme = await createTenant(t.app, 'Acme');
    const key = await createKey(acme.accountId, acme.users.admin.headers);
    assert.equal(key.statusCode, 201, key.body);
    const keyHeaders = { authorization: `Bearer ${key.json().key}` };
    await setAccountStatus(t.app.deps, acme.accountId, 'suspended');
    const auditBefore = (await auditOf(acme.accountId)).length;

    for (const headers of [acme.users.admin.headers, superAdmin.headers, keyHeaders]) {
      const read = await inboxes(acme.accountId, headers);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), { inboxes: [] });
    }
    for (const headers of [acme.users.admin.headers, superAdmin.headers]) {
      const refused = await createKey(acme.accountId, headers);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().error.code, 'account_suspended');
      assert.match(refused.json().error.message, /suspended/);
    }
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${acme.accountId}/api-keys/${key.json().id}`,
      headers: acme.users.admin.headers,
    });
    assert.equal(revoke.statusCode, 403, revoke.body);
    assert.equal(revoke.json().error.code, 'account_suspended');

    const keys = await keysOf(acme.accountId);
    assert.equal(keys.length, 1, 'no key was created');
    assert.equal(keys[0]!.revokedAt, null, 'the key was not revoked');
    assert.equal((await auditOf(acme.accountId)).length, auditBefore, 'nothing was audited as done');

    const outsider = await createTenant(t.app, 'Outsider');
    const probe = await createKey(acme.accountId, outsider.users.admin.headers);
    assert.equal(probe.statusCode, 404, 'suspension is not revealed to other tenants');
  });
});

describe('Guard: log context', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("every log line of a request carries that request's user and account, even with other users' requests in flight", async () => {
    const tenants = [await createTenant(t.app, 'One'), await createTenant(t.app, 'Two')];
    const sent = tenants.flatMap((tenant, index) =>
      Array.from({ length: 5 }, (_, n) => ({
        tenant,
        requestId: `guard-log-${index}-${n}`,
        user: n % 2 === 0 ? tenant.users.admin : tenant.users.agent,
      })),
    );
    const responses = await Promise.all(
      sent.map(({ tenant, requestId, user }) =>
        t.app.inject({
          method: 'GET',
          url: `/api/v1/accounts/${tenant.accountId}/inboxes`,
          headers: { ...user.headers, 'x-request-id': requestId },
        }),
      ),
    );
    for (const response of responses) assert.equal(response.statusCode, 200, response.body);
    for (const { tenant, requestId, user } of sent) {
      const summary = t.logs.lines.find(
        (line) => line.request_id === requestId && line.msg === 'request completed',
      );
      assert.equal(summary?.user_id, user.id, requestId);
      assert.equal(summary?.account_id, tenant.accountId, requestId);
    }
    const anonymous = await t.app.inject({
      method: 'GET',
      url: '/api/v1/meta',
      headers: { 'x-request-id': 'guard-log-anonymous' },
    });
    assert.equal(anonymous.statusCode, 200);
    const line = t.logs.lines.find(
      (entry) => entry.request_id === 'guard-log-anonymous' && entry.msg === 'request completed',
    );
    assert.ok(line && !('user_id' in line) && !('account_id' in line));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { accountUsers } from '../../db/schema';
import type { Cache } from '../../infra/cache';
import { captureLogs, createTestApp, type TestApp, testConfig } from '../../test/app';
import { createTenant, createUser, type TestUser } from '../../test/factories';
import { accountAccess, accountAccessCacheKey, setAccountStatus } from './account-access';
import { syncChatwootIdentity } from './service';

const CHATWOOT_URL = 'https://chat.test';
const env = { CHATWOOT_URL };
const context = { actor: undefined, ip: null, userAgent: null, requestId: null };

describe('account access: cached seats follow every change on the very next request', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env });
  });
  after(() => t.close());

  const apiKeys = (app: FastifyInstance, accountId: number, user: TestUser) =>
    app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/api-keys`, headers: user.headers });
  const createKey = (app: FastifyInstance, accountId: number, user: TestUser) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${accountId}/api-keys`,
      headers: user.headers,
      payload: { name: 'cached', scopes: ['inboxes:read:account'] },
    });
  const changeRole = (app: FastifyInstance, accountId: number, userId: string, by: TestUser, role: string) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${accountId}/members/${userId}`,
      headers: by.headers,
      payload: { role },
    });

  test('a request caches the seat it was granted; a role change marks it stale and the next request sees the new role', async () => {
    const tenant = await createTenant(t.app, 'Cached');
    const operator = await createUser(t.app, { superAdmin: true });
    const { supervisor } = tenant.users;
    const members = () =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${tenant.accountId}/members`,
        headers: supervisor.headers,
      });
    assert.equal((await members()).statusCode, 200);
    const key = accountAccessCacheKey(tenant.accountId, supervisor.id);
    assert.deepEqual(JSON.parse((await t.app.deps.cache.get(key)) as string), {
      status: 'active',
      role: 'supervisor',
    });

    const demoted = await changeRole(t.app, tenant.accountId, supervisor.id, operator, 'viewer');
    assert.equal(demoted.statusCode, 200, demoted.body);
    assert.equal(await t.app.deps.cache.get(key), 'stale');
    const refused = await changeRole(t.app, tenant.accountId, tenant.users.agent.id, supervisor, 'viewer');
    assert.equal(refused.statusCode, 403, 'a viewer may not change roles any more');
    assert.match(refused.json().error.message, /viewer/);
    assert.equal(await t.app.deps.cache.get(key), 'stale', 'nothing is cached while the marker lasts');
  });

  test('a check that read the seat before a change commits cannot cache the old role', async () => {
    const tenant = await createTenant(t.app, 'Race');
    const operator = await createUser(t.app, { superAdmin: true });
    const { supervisor } = tenant.users;
    const { cache, database } = t.app.deps;
    let demoted = false;
    // The app's own cache with one interleaving forced: the role changes through the real route after
    // the check read the database and before it writes its answer.
    const racing: Cache = {
      ...cache,
      get: (key) => cache.get(key),
      getMany: (keys) => cache.getMany(keys),
      set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
      delete: (key) => cache.delete(key),
      async setIfAbsent(key, value, ttlMs) {
        if (!demoted) {
          demoted = true;
          const response = await changeRole(t.app, tenant.accountId, supervisor.id, operator, 'viewer');
          assert.equal(response.statusCode, 200, response.body);
        }
        return cache.setIfAbsent(key, value, ttlMs);
      },
    };
    const seen = await accountAccess(database, racing, tenant.accountId, supervisor.id);
    assert.equal(seen?.role, 'supervisor', 'the racing check itself began before the change');
    assert.equal(await cache.get(accountAccessCacheKey(tenant.accountId, supervisor.id)), 'stale');
    assert.equal((await accountAccess(database, cache, tenant.accountId, supervisor.id))?.role, 'viewer');
  });

  test('a seat Chatwoot no longer lists ends at sign-in, and the next request in that account is 404', async () => {
    const tenant = await createTenant(t.app, 'Removed');
    const other = await createTenant(t.app, 'Kept');
    const member = await createUser(t.app, { accountId: tenant.accountId, role: 'agent' });
    await t.app.deps.database.system
      .insert(accountUsers)
      .values({ accountId: other.accountId, userId: member.id, role: 'agent', chatwootRole: 'agent' });
    const inboxes = (accountId: number) =>
      t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/inboxes`, headers: member.headers });
    assert.equal((await inboxes(tenant.accountId)).statusCode, 200);
    assert.equal((await inboxes(other.accountId)).statusCode, 200);

    await syncChatwootIdentity(
      t.app.deps,
      {
        id: member.chatwootUserId,
        name: 'Member',
        email: `user${member.chatwootUserId}@example.test`,
        available_name: 'Member',
        accounts: [{ id: other.accountId, name: 'Kept', role: 'administrator' }],
      },
      context,
    );
    const removed = await inboxes(tenant.accountId);
    assert.equal(removed.statusCode, 404, removed.body);
    assert.equal(removed.json().error.code, 'not_found');
    assert.equal((await inboxes(other.accountId)).statusCode, 200);
    assert.equal(
      (await apiKeys(t.app, other.accountId, member)).statusCode,
      200,
      'the role Chatwoot now gives (administrator) applies at once too',
    );
  });

  test('a suspension applies to the next request of members whose seat was cached; reactivation too', async () => {
    const tenant = await createTenant(t.app, 'Suspended');
    const { admin } = tenant.users;
    assert.equal((await apiKeys(t.app, tenant.accountId, admin)).statusCode, 200);
    await setAccountStatus(t.app.deps, tenant.accountId, 'suspended');
    const refused = await createKey(t.app, tenant.accountId, admin);
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'account_suspended');
    assert.equal(
      (await apiKeys(t.app, tenant.accountId, admin)).json().api_keys.length,
      0,
      'nothing was created',
    );
    await setAccountStatus(t.app.deps, tenant.accountId, 'active');
    assert.equal((await createKey(t.app, tenant.accountId, admin)).statusCode, 201);
  });

  test('with Redis, a role change and a suspension on one node apply to the next request on another', {
    skip: process.env.REDIS_URL ? false : 'needs REDIS_URL: without Redis each node has its own cache',
  }, async () => {
    const other = await buildApp(testConfig(env), {
      database: t.app.deps.database,
      logStream: captureLogs().stream,
    });
    try {
      await other.ready();
      const tenant = await createTenant(t.app, 'TwoNodes');
      const operator = await createUser(t.app, { superAdmin: true });
      const { admin } = tenant.users;
      assert.equal(
        (await apiKeys(other, tenant.accountId, admin)).statusCode,
        200,
        'cached on the other node',
      );
      const demoted = await changeRole(t.app, tenant.accountId, admin.id, operator, 'agent');
      assert.equal(demoted.statusCode, 200, demoted.body);
      assert.equal((await apiKeys(other, tenant.accountId, admin)).statusCode, 403);

      const { supervisor } = tenant.users;
      const members = `/api/v1/accounts/${tenant.accountId}/members`;
      assert.equal((await other.inject({ url: members, headers: supervisor.headers })).statusCode, 200);
      await setAccountStatus(t.app.deps, tenant.accountId, 'suspended');
      const refused = await changeRole(other, tenant.accountId, tenant.users.agent.id, supervisor, 'viewer');
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().error.code, 'account_suspended');
    } finally {
      await other.close();
    }
  });
});

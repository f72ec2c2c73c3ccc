import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Sandbox } from './server.js';
import { call, TOKENS, testSandbox } from './testing.js';

type Json = Record<string, unknown>;

let sandbox: Sandbox;
before(async () => {
  sandbox = await testSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

const NON_PERMISSIBLE = '{"error":"Non permissible resource"}';

describe('platform accounts', () => {
  it('cannot see accounts it did not create', async () => {
    const list = await call<Json[]>(sandbox, '/platform/api/v1/accounts', { token: TOKENS.platform });
    assert.deepEqual(list.json, []);
    const show = await call(sandbox, '/platform/api/v1/accounts/1', { token: TOKENS.platform });
    assert.equal(show.status, 401);
    assert.equal(show.text, NON_PERMISSIBLE);
    const users = await call(sandbox, '/platform/api/v1/accounts/1/account_users', {
      token: TOKENS.platform,
    });
    assert.equal(users.text, NON_PERMISSIBLE);
    const missing = await call(sandbox, '/platform/api/v1/accounts/999', { token: TOKENS.platform });
    assert.equal(missing.status, 404);
  });

  it('creates, shows, updates and lists its own accounts only', async () => {
    const created = await call<Json>(sandbox, '/platform/api/v1/accounts', {
      method: 'POST',
      token: TOKENS.platform,
      body: {
        name: 'Cliente Novo',
        locale: 'pt_BR',
        features: { channel_website: true, help_center: false },
      },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(Object.keys(created.json), [
      'id',
      'name',
      'locale',
      'domain',
      'support_email',
      'features',
      'custom_attributes',
      'limits',
      'status',
    ]);
    assert.deepEqual(created.json.features, ['channel_website']);
    const id = created.json.id;

    const updated = await call<Json>(sandbox, `/platform/api/v1/accounts/${id}`, {
      method: 'PATCH',
      token: TOKENS.platform,
      body: { name: 'Cliente Renomeado', status: 'suspended' },
    });
    assert.equal(updated.json.name, 'Cliente Renomeado');
    assert.equal(updated.json.status, 'suspended');

    const list = await call<Json[]>(sandbox, '/platform/api/v1/accounts', { token: TOKENS.platform });
    assert.deepEqual(
      list.json.map((a) => a.id),
      [id],
    );

    const other = await call(sandbox, `/platform/api/v1/accounts/${id}`, { token: TOKENS.otherPlatform });
    assert.equal(other.status, 401);
    assert.equal(other.text, NON_PERMISSIBLE);
    assert.deepEqual(
      (await call<Json[]>(sandbox, '/platform/api/v1/accounts', { token: TOKENS.otherPlatform })).json,
      [],
    );

    const deleted = await call(sandbox, `/platform/api/v1/accounts/${id}`, {
      method: 'DELETE',
      token: TOKENS.platform,
    });
    assert.equal(deleted.status, 200);
    assert.equal(sandbox.state.account(Number(id)), undefined);
  });
});

describe('platform users and account users', () => {
  it('provisions a user into its account and lets the user in', async () => {
    const account = await call<Json>(sandbox, '/platform/api/v1/accounts', {
      method: 'POST',
      token: TOKENS.platform,
      body: { name: 'Tenant' },
    });
    const user = await call<Json>(sandbox, '/platform/api/v1/users', {
      method: 'POST',
      token: TOKENS.platform,
      body: {
        name: 'Paulo Plataforma',
        email: 'paulo@tenant.test',
        password: 'Tenant@2026',
        custom_attributes: { plan: 'pro' },
      },
    });
    assert.equal(user.status, 200);
    assert.deepEqual(user.json.custom_attributes, { plan: 'pro' });

    const membership = await call<Json>(
      sandbox,
      `/platform/api/v1/accounts/${account.json.id}/account_users`,
      {
        method: 'POST',
        token: TOKENS.platform,
        body: { user_id: user.json.id, role: 'administrator' },
      },
    );
    assert.equal(membership.status, 200);
    assert.equal(membership.json.account_id, account.json.id);
    assert.equal(membership.json.user_id, user.json.id);
    assert.equal(membership.json.role, 'administrator');

    const list = await call<Json[]>(sandbox, `/platform/api/v1/accounts/${account.json.id}/account_users`, {
      token: TOKENS.platform,
    });
    assert.deepEqual(
      list.json.map((m) => [m.user_id, m.role]),
      [[user.json.id, 'administrator']],
    );

    const shown = await call<Json & { accounts: Json[] }>(sandbox, `/platform/api/v1/users/${user.json.id}`, {
      token: TOKENS.platform,
    });
    assert.deepEqual(
      shown.json.accounts.map((a) => Object.keys(a)),
      [['id', 'name', 'active_at', 'role']],
    );

    const token = await call<Json & { user: Json }>(sandbox, `/platform/api/v1/users/${user.json.id}/token`, {
      method: 'POST',
      token: TOKENS.platform,
    });
    assert.equal(token.json.expiry, null);
    const profile = await call<Json>(sandbox, '/api/v1/profile', { token: String(token.json.access_token) });
    assert.equal(profile.json.email, 'paulo@tenant.test');

    const removed = await call(sandbox, `/platform/api/v1/accounts/${account.json.id}/account_users`, {
      method: 'DELETE',
      token: TOKENS.platform,
      body: { user_id: user.json.id },
    });
    assert.equal(removed.status, 200);
    assert.equal(sandbox.state.accountUser(Number(account.json.id), Number(user.json.id)), undefined);
  });

  it('refuses users it did not create', async () => {
    const res = await call(sandbox, '/platform/api/v1/users/1', { token: TOKENS.platform });
    assert.equal(res.status, 401);
    assert.equal(res.text, NON_PERMISSIBLE);
    const login = await call(sandbox, '/platform/api/v1/users/1/login', { token: TOKENS.platform });
    assert.equal(login.text, NON_PERMISSIBLE);
  });

  it('issues single-use SSO login links', async () => {
    const user = await call<Json>(sandbox, '/platform/api/v1/users', {
      method: 'POST',
      token: TOKENS.platform,
      body: { name: 'Sso User', email: 'sso@tenant.test' },
    });
    const link = await call<{ url: string }>(sandbox, `/platform/api/v1/users/${user.json.id}/login`, {
      token: TOKENS.platform,
    });
    const url = new URL(link.json.url);
    assert.equal(url.origin, sandbox.url);
    assert.equal(url.pathname, '/app/login');
    const body = {
      email: url.searchParams.get('email'),
      sso_auth_token: url.searchParams.get('sso_auth_token'),
    };
    const first = await call(sandbox, '/auth/sign_in', { method: 'POST', body });
    assert.equal(first.status, 200);
    assert.ok(first.headers.get('access-token'));
    const second = await call(sandbox, '/auth/sign_in', { method: 'POST', body });
    assert.equal(second.status, 401);
  });

  it('rejects a duplicate email', async () => {
    const res = await call<Json>(sandbox, '/platform/api/v1/users', {
      method: 'POST',
      token: TOKENS.platform,
      body: { name: 'Ana', email: 'ana.admin@acme.test' },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json, { message: 'Email has already been taken', attributes: ['email'] });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';

describe('self-install into Chatwoot', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url, PUBLIC_URL: 'https://hub.example.com' } });
    const idOf = (email: string) => sandbox.state.db.users.find((user) => user.email === email)?.id;
    // Connecting reconciles members with Chatwoot, so the acting admin is the sandbox's own.
    acme = await createTenant(t.app, 'Acme', 1, { admin: idOf('ana.admin@acme.test') });
    beta = await createTenant(t.app, 'Beta', 2, { admin: idOf('carla@whatpro.test') });
    // Start from an account without a Hub Dashboard App, so the first install creates one.
    sandbox.state.db.dashboardApps = sandbox.state.db.dashboardApps.filter((app) => app.account_id !== 1);
    const connected = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: acme.users.admin.headers,
      payload: { api_access_token: 'sandbox-token-ana-admin' },
    });
    assert.equal(connected.statusCode, 200, connected.body);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const install = (tenant: TestTenant, payload: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${tenant.accountId}/embed/dashboard-app`,
      headers: tenant.users.admin.headers,
      payload,
    });

  test('the snippet names the stable script URL', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/1/embed/snippet',
      headers: acme.users.admin.headers,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().snippet, '<script src="https://hub.example.com/embed.js" async></script>');
  });

  test('installs the Hub as a Dashboard App once, then updates it in place', async () => {
    const first = await install(acme);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().action, 'created');
    assert.equal(first.json().url, 'https://hub.example.com/embed/dashboard-app');
    const second = await install(acme);
    assert.equal(second.json().action, 'updated');
    assert.equal(second.json().dashboard_app_id, first.json().dashboard_app_id);
    const apps = sandbox.state.db.dashboardApps.filter(
      (app) => app.title === 'WhatPro Hub' && app.account_id === 1,
    );
    assert.equal(apps.length, 1);
  });

  test('an account not connected to Chatwoot is told to connect first; bodies carry nothing', async () => {
    const response = await install(beta);
    assert.equal(response.statusCode, 409);
    assert.match(response.json().error.message, /Connect this account to Chatwoot first/);
    assert.equal((await install(acme, { chatwoot: { access_token: 'x' } })).statusCode, 400);
  });
});

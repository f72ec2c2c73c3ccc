import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';

describe('self-install into Chatwoot', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url, PUBLIC_URL: 'https://hub.example.com' } });
    acme = await createTenant(t.app, 'Acme', 1);
    // Start from an account without a Hub Dashboard App, so the first install creates one.
    sandbox.state.db.dashboardApps = sandbox.state.db.dashboardApps.filter((app) => app.account_id !== 1);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const sessionOf = (email: string) => {
    const signedIn = sandbox.control.signIn({ email });
    return {
      access_token: String(signedIn.headers['access-token']),
      client: String(signedIn.headers.client),
      uid: String(signedIn.headers.uid),
    };
  };
  const install = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/embed/dashboard-app',
      headers: acme.users.admin.headers,
      payload: { chatwoot: sessionOf(email) },
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
    const first = await install('ana.admin@acme.test');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().action, 'created');
    assert.equal(first.json().url, 'https://hub.example.com/embed/dashboard-app');
    const second = await install('ana.admin@acme.test');
    assert.equal(second.json().action, 'updated');
    assert.equal(second.json().dashboard_app_id, first.json().dashboard_app_id);
    const apps = sandbox.state.db.dashboardApps.filter(
      (app) => app.title === 'WhatPro Hub' && app.account_id === 1,
    );
    assert.equal(apps.length, 1);
  });

  test("Chatwoot's refusal of the session becomes 403; only Hub admins may ask", async () => {
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/embed/dashboard-app',
      headers: acme.users.admin.headers,
      payload: { chatwoot: { ...sessionOf('ana.admin@acme.test'), access_token: 'forged' } },
    });
    assert.equal(forged.statusCode, 403);
    const asAgent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/embed/dashboard-app',
      headers: acme.users.agent.headers,
      payload: { chatwoot: sessionOf('bruno.agent@acme.test') },
    });
    assert.equal(asAgent.statusCode, 403);
  });
});

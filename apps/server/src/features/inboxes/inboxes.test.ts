import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inboxes } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';

describe('inboxes', () => {
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Acme');
    beta = await createTenant(t.app, 'Beta');
    await t.app.deps.database.system.insert(inboxes).values([
      { accountId: acme.accountId, chatwootInboxId: 1, name: 'WhatsApp Vendas', channelType: 'Channel::Api' },
      { accountId: acme.accountId, chatwootInboxId: 2, name: 'E-mail', channelType: 'Channel::Email' },
      { accountId: beta.accountId, chatwootInboxId: 1, name: 'Beta WhatsApp', channelType: 'Channel::Api' },
    ]);
  });
  after(() => t.close());

  const list = (accountId: number, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/inboxes`, headers });

  test('every role of the account lists only its own inboxes', async () => {
    for (const role of ['admin', 'supervisor', 'agent', 'viewer'] as const) {
      const response = await list(acme.accountId, acme.users[role].headers);
      assert.equal(response.statusCode, 200, role);
      assert.deepEqual(
        response.json().inboxes.map((inbox: { name: string }) => inbox.name),
        ['E-mail', 'WhatsApp Vendas'],
      );
    }
  });

  test('401 without credentials, 404 for another tenant and for malformed account ids', async () => {
    assert.equal((await list(acme.accountId)).statusCode, 401);
    assert.equal((await list(acme.accountId, beta.users.admin.headers)).statusCode, 404);
    for (const bad of ['abc', '0', '-1', '99999999999']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${bad}/inboxes`,
        headers: acme.users.admin.headers,
      });
      assert.equal(response.statusCode, 404, bad);
    }
  });
});

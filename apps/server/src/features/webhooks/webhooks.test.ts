import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { and, eq } from 'drizzle-orm';
import { auditLogs, conversations, domainEvents, webhookEvents } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { eventually, unusedPort } from '../../test/net';
import { DENIAL_LIMIT } from '../audit/denials';

describe('Chatwoot connection, webhooks and reconcile', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  let hubUrl: string;
  before(async () => {
    sandbox = await startSandbox();
    const port = await unusedPort();
    hubUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url, PUBLIC_URL: hubUrl } });
    await t.app.listen({ host: '127.0.0.1', port });
    const idOf = (email: string) => sandbox.state.db.users.find((user) => user.email === email)?.id;
    // Reconcile drops members Chatwoot does not list, so the people acting here are the sandbox's own.
    acme = await createTenant(t.app, 'Acme', 1, {
      admin: idOf('ana.admin@acme.test'),
      agent: idOf('bruno.agent@acme.test'),
    });
    beta = await createTenant(t.app, 'Beta', 2, { admin: idOf('carla@whatpro.test') });
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const connect = (token: string, tenant = acme) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${tenant.accountId}/chatwoot/connection`,
      headers: tenant.users.admin.headers,
      payload: { api_access_token: token },
    });
  const storedEvents = (accountId: number) =>
    t.app.deps.database.system.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));

  test("connecting needs a Chatwoot administrator's token of that very account", async () => {
    assert.equal((await connect('sandbox-token-bruno-agent')).statusCode, 403);
    assert.equal((await connect('forged-token')).statusCode, 403);
    assert.equal((await connect('sandbox-token-diego-agent', beta)).statusCode, 403);
    const status = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: acme.users.admin.headers,
    });
    assert.equal(status.json().connected, false);
  });

  test('connecting registers a signed webhook at a secret URL and syncs inboxes', async () => {
    const response = await connect('sandbox-token-ana-admin');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.connected, true);
    assert.equal(body.signed_webhooks, true);
    assert.ok(body.inboxes > 0);
    const registered = sandbox.state.db.webhooks.find((webhook) => webhook.id === body.webhook_id);
    assert.ok(registered?.url.startsWith(`${hubUrl}/api/v1/webhooks/chatwoot/1/`));
    const inboxes = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/1/inboxes',
      headers: acme.users.agent.headers,
    });
    assert.equal(inboxes.json().inboxes.length, body.inboxes);
  });

  test('a status change arrives as both events, stored once each and applied to the mirror once; tenant from the registration', async () => {
    const before = (await storedEvents(1)).length;
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 1, status: 'resolved' });
    const rows = await eventually(async () => {
      const all = await storedEvents(1);
      const fresh = all.slice(before).filter((row) => row.event.startsWith('conversation_'));
      return fresh.length >= 2 && fresh.every((row) => ['processed', 'ignored'].includes(row.status))
        ? fresh
        : undefined;
    });
    const events = rows.map((row) => row.event);
    assert.ok(events.includes('conversation_status_changed'));
    assert.ok(events.includes('conversation_updated'));
    for (const row of rows) {
      assert.equal(row.signatureVerified, true);
      assert.ok(row.processedAt);
    }
    const [mirrored] = await t.app.deps.database.system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, 1), eq(conversations.displayId, 1)));
    assert.equal(mirrored?.status, 'resolved');
    const statusEvents = await t.app.deps.database.system
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, 1), eq(domainEvents.type, 'conversation.status_changed')));
    assert.equal(statusEvents.length, 1, 'one status change, one status event');
    assert.equal((await storedEvents(2)).length, 0, 'nothing lands in another tenant');
  });

  test('a redelivery with the same delivery id is acknowledged without a second row', async () => {
    const attempt = sandbox.deliveries
      .all()
      .find((delivery) => delivery.url.includes('/webhooks/chatwoot/1/'));
    assert.ok(attempt);
    const count = (await storedEvents(1)).length;
    const again = await fetch(attempt.url, {
      method: 'POST',
      headers: attempt.headers as Record<string, string>,
      body: attempt.body,
    });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { received: true, duplicate: true });
    assert.equal((await storedEvents(1)).length, count);
  });

  test('forged, re-encoded, unsigned, stale and misaddressed deliveries are refused and audited', async () => {
    const attempt = sandbox.deliveries
      .all()
      .find((delivery) => delivery.url.includes('/webhooks/chatwoot/1/'));
    assert.ok(attempt);
    const headers = Object.fromEntries(
      Object.entries(attempt.headers as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const post = (url: string, extra: Record<string, string | undefined>, body = attempt.body) => {
      const merged = Object.fromEntries(
        Object.entries({ ...headers, ...extra }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      return fetch(url, { method: 'POST', headers: merged, body });
    };
    const tampered = await post(
      attempt.url,
      { 'x-chatwoot-delivery': 'tampered-1' },
      attempt.body.replace('{', '{ '),
    );
    assert.equal(tampered.status, 401);
    // The same JSON value in other bytes: one letter of the event name written as a \u escape.
    const escapedBody = attempt.body.replace(
      /"event":"(.)/,
      (_match, char: string) => `"event":"\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    assert.notEqual(escapedBody, attempt.body);
    assert.deepEqual(JSON.parse(escapedBody), JSON.parse(attempt.body));
    const escaped = await post(attempt.url, { 'x-chatwoot-delivery': 'escaped-1' }, escapedBody);
    assert.equal(escaped.status, 401, 'same JSON value, other bytes');
    const unsigned = await post(attempt.url, {
      'x-chatwoot-signature': undefined,
      'x-chatwoot-delivery': 'unsigned-1',
    });
    assert.equal(unsigned.status, 401);
    const stale = await post(attempt.url, {
      'x-chatwoot-timestamp': String(Math.floor(Date.now() / 1000) - 3600),
      'x-chatwoot-delivery': 'stale-1',
    });
    assert.equal(stale.status, 401);
    const wrongUrl = await post(attempt.url.replace(/\/[^/]+$/, '/wrongtokenwrongtokenwrongtoken'), {});
    assert.equal(wrongUrl.status, 404);
    const otherTenant = await post(attempt.url.replace('/chatwoot/1/', '/chatwoot/2/'), {});
    assert.equal(otherTenant.status, 404);
    const failures = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'webhook.auth_failed'), eq(auditLogs.accountId, 1)));
    assert.ok(failures.length >= 3);
  });

  test('a flood of forged deliveries from one sender: refused up to the budget, then 429, audited as counted rows', async () => {
    const attempt = sandbox.deliveries
      .all()
      .find((delivery) => delivery.url.includes('/webhooks/chatwoot/1/'));
    assert.ok(attempt);
    const forgedUrl = new URL(attempt.url.replace(/\/[^/]+$/, '/forgedforgedforgedforged')).pathname;
    // A sender address of its own, so counters left in a shared Redis by earlier runs cannot interfere.
    const sender = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
    const before = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'webhook.auth_failed'), eq(auditLogs.ip, sender)));
    assert.equal(before.length, 0);
    const statuses: number[] = [];
    for (let probe = 0; probe < DENIAL_LIMIT + 10; probe++) {
      const response = await t.app.inject({
        method: 'POST',
        url: forgedUrl,
        remoteAddress: sender,
        headers: { 'content-type': 'application/json' },
        payload: attempt.body,
      });
      statuses.push(response.statusCode);
    }
    const refused = statuses.filter((status) => status === 404).length;
    assert.equal(refused, DENIAL_LIMIT + 1, 'refused up to the budget, then throttled');
    assert.deepEqual(statuses.slice(refused), Array(statuses.length - refused).fill(429));
    const rows = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'webhook.auth_failed'), eq(auditLogs.ip, sender)));
    assert.ok(rows.length <= 2, `one row per window, got ${rows.length}`);
    assert.equal(
      rows.reduce((sum, row) => sum + row.count, 0),
      refused,
      'every refused delivery is counted',
    );
    assert.ok(rows.every((row) => row.accountId === 1 && row.resourceId === 'url_token'));
  });

  test('older Chatwoot without signing: the secret URL alone authenticates', async () => {
    sandbox.control.configure({ webhookSigning: 'unsigned' });
    try {
      const response = await connect('sandbox-token-ana-admin');
      assert.equal(response.json().signed_webhooks, false);
      sandbox.control.postMessage({ accountId: 1, displayId: 1, type: 'incoming', content: 'olá' });
      const row = await eventually(async () =>
        (await storedEvents(1)).find(
          (event) => event.event === 'message_created' && !event.signatureVerified,
        ),
      );
      assert.equal(row.signatureVerified, false);
    } finally {
      sandbox.control.configure({ webhookSigning: 'signed' });
      await connect('sandbox-token-ana-admin');
    }
  });

  test('reconnecting takes effect at once: the previous URL and secret are refused, though this node read them a moment ago', async () => {
    sandbox.control.postMessage({ accountId: 1, displayId: 1, type: 'incoming', content: 'antes' });
    await sandbox.deliveries.idle();
    const previous = sandbox.deliveries
      .all()
      .findLast(
        (delivery) => delivery.url.includes('/webhooks/chatwoot/1/') && delivery.event === 'message_created',
      );
    assert.ok(previous);
    const replay = () =>
      fetch(previous.url, {
        method: 'POST',
        headers: previous.headers as Record<string, string>,
        body: previous.body,
      });
    assert.equal((await replay()).status, 200, 'accepted (as a duplicate) while the registration stands');
    assert.equal((await connect('sandbox-token-ana-admin')).statusCode, 200);
    assert.equal((await replay()).status, 404);
  });

  test('a new inbox in Chatwoot reaches the Hub through its webhook', async () => {
    sandbox.control.createInbox({ accountId: 1, name: 'Instagram Loja', channelType: 'Channel::Api' });
    await eventually(async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/accounts/1/inboxes',
        headers: acme.users.agent.headers,
      });
      return response.json().inboxes.some((inbox: { name: string }) => inbox.name === 'Instagram Loja')
        ? true
        : undefined;
    });
  });

  test('an agent removed in Chatwoot loses the account; with no account left, the user is disabled and signed out', async () => {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso',
      payload: { api_access_token: 'sandbox-token-eva-agent' },
      remoteAddress: '10.9.9.9',
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const eva = signIn.json();
    const evaUser = sandbox.state.db.users.find((user) => user.email === 'eva.agent@acme.test');
    assert.ok(evaUser);
    sandbox.control.removeAgent({ accountId: 1, userId: evaUser.id });
    const sync = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/inboxes/sync',
      headers: acme.users.admin.headers,
    });
    assert.equal(sync.statusCode, 200, sync.body);
    assert.equal(sync.json().removed_members, 1);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${eva.access_token}` },
    });
    assert.equal(me.statusCode, 401);
  });
});

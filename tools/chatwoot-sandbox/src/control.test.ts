import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeSessionCookie } from './cookie.js';
import { DEMO_CREDENTIALS, SEED_EPOCH } from './seed.js';
import type { Sandbox } from './server.js';
import { call, type Receiver, startReceiver, TOKENS, testSandbox } from './testing.js';

type Json = Record<string, unknown>;

let sandbox: Sandbox;
let receiver: Receiver;
before(async () => {
  sandbox = await testSandbox();
  receiver = await startReceiver();
});
after(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(() => {
  sandbox.control.reset();
  receiver.requests.length = 0;
});

describe('seed', () => {
  it('is deterministic and matches the demo credentials', async () => {
    const other = await testSandbox();
    try {
      const strip = (s: Sandbox) => JSON.stringify({ ...s.state.db, dashboardApps: [] });
      assert.equal(strip(sandbox), strip(other));
    } finally {
      await other.close();
    }
    for (const user of DEMO_CREDENTIALS.users) {
      const res = await call<Json>(sandbox, '/api/v1/profile', { token: user.accessToken });
      assert.equal(res.json.email, user.email);
    }
    assert.equal(sandbox.state.db.conversations[0]?.created_at, SEED_EPOCH - 90 * 60);
  });

  it('covers every status with per-account display ids', () => {
    for (const accountId of [1, 2]) {
      const conversations = sandbox.state.db.conversations.filter((c) => c.account_id === accountId);
      assert.deepEqual(
        new Set(conversations.map((c) => c.status)),
        new Set(['open', 'pending', 'resolved', 'snoozed']),
      );
      assert.deepEqual(
        conversations.map((c) => c.display_id),
        conversations.map((_, i) => i + 1),
      );
    }
  });

  it('accepts a table override or a transform', async () => {
    const replaced = await testSandbox({ seed: { webhooks: [], dashboardApps: [] } });
    const transformed = await testSandbox({
      seed: (defaults) => ({
        ...defaults,
        accounts: defaults.accounts.map((a) => ({ ...a, name: `${a.name}!` })),
      }),
    });
    try {
      assert.equal(replaced.state.db.dashboardApps.length, 0);
      assert.equal(transformed.state.account(1)?.name, 'Acme Atendimento!');
      transformed.control.reset();
      assert.equal(
        transformed.state.account(1)?.name,
        'Acme Atendimento!',
        'reset keeps the configured seed',
      );
    } finally {
      await replaced.close();
      await transformed.close();
    }
  });

  it('points the seeded Dashboard App at the built-in demo app or the given URL', async () => {
    assert.equal(
      sandbox.state.db.dashboardApps[0]?.content[0]?.url,
      `${sandbox.url}/__sandbox/dashboard-app`,
    );
    const hub = await testSandbox({ dashboardAppUrl: 'http://127.0.0.1:5173/embed' });
    try {
      assert.equal(hub.state.db.dashboardApps[0]?.content[0]?.url, 'http://127.0.0.1:5173/embed');
    } finally {
      await hub.close();
    }
  });
});

describe('control methods', () => {
  it('creates a conversation with a new contact and its first message, with the right webhooks', async () => {
    sandbox.control.createWebhook({ accountId: 2, url: `${receiver.url}/hooks` });
    const conversation = sandbox.control.createConversation({
      accountId: 2,
      inboxId: 5,
      contact: { name: 'Cliente WhatsApp', phoneNumber: '+5521900001111' },
      message: 'Oi, quero comprar',
    });
    assert.equal(conversation.id, 5, 'next display id of account 2');
    assert.equal(conversation.status, 'open');
    await sandbox.deliveries.idle();
    assert.deepEqual(
      receiver.requests.map((r) => (JSON.parse(r.body) as Json).event),
      ['contact_created', 'conversation_created', 'message_created', 'conversation_updated'],
    );
  });

  it('starts conversations pending when a bot serves the inbox', () => {
    const conversation = sandbox.control.createConversation({ accountId: 1, inboxId: 2, contactId: 3 });
    assert.equal(conversation.status, 'pending');
  });

  it('adds an agent who can then sign in and see assigned inboxes', async () => {
    const agent = sandbox.control.addAgent({
      accountId: 1,
      name: 'Nina Nova',
      email: 'nina@acme.test',
      password: 'Nina@2026',
      inboxIds: [3],
      teamIds: [2],
    });
    assert.equal(agent.role, 'agent');
    const login = await call(sandbox, '/auth/sign_in', {
      method: 'POST',
      body: { email: 'nina@acme.test', password: 'Nina@2026' },
    });
    assert.equal(login.status, 200);
    const headers = {
      'access-token': login.headers.get('access-token') ?? '',
      client: login.headers.get('client') ?? '',
      uid: 'nina@acme.test',
    };
    const inboxes = await call<{ payload: Json[] }>(sandbox, '/api/v1/accounts/1/inboxes', { headers });
    assert.deepEqual(
      inboxes.json.payload.map((i) => i.id),
      [3],
    );
    const agents = await call<Json[]>(sandbox, '/api/v1/accounts/1/agents', { token: TOKENS.ana });
    assert.ok(agents.json.some((a) => a.email === 'nina@acme.test'));

    sandbox.control.removeAgent({ accountId: 1, userId: Number(agent.id) });
    const after = await call(sandbox, '/api/v1/accounts/1/inboxes', { headers });
    assert.equal(after.status, 401);
  });

  it('adds an existing user to another account with a different role', async () => {
    sandbox.control.addAgent({
      accountId: 2,
      name: 'Bruno',
      email: 'bruno.agent@acme.test',
      role: 'administrator',
    });
    const profile = await call<{ accounts: Json[] }>(sandbox, '/api/v1/profile', { token: TOKENS.bruno });
    assert.deepEqual(
      profile.json.accounts.map((a) => [a.id, a.role]),
      [
        [1, 'agent'],
        [2, 'administrator'],
      ],
    );
  });

  it('assigns conversations and validates the assignee', () => {
    const assigned = sandbox.control.assignConversation({
      accountId: 1,
      displayId: 2,
      assigneeId: 5,
      teamId: 2,
    });
    assert.equal((assigned.meta as Json & { assignee: Json }).assignee.id, 5);
    assert.throws(() => sandbox.control.assignConversation({ accountId: 1, displayId: 2, assigneeId: 6 }));
  });

  it('resets to the seed and forgets deliveries and sessions', async () => {
    sandbox.control.createWebhook({ accountId: 1, url: `${receiver.url}/hooks` });
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    const session = sandbox.control.signIn({ email: 'ana.admin@acme.test' });
    await sandbox.deliveries.idle();
    assert.ok(sandbox.deliveries.all().length > 0);
    sandbox.control.reset();
    assert.equal(sandbox.deliveries.all().length, 0);
    assert.equal(sandbox.state.db.webhooks.length, 0);
    assert.equal(sandbox.state.db.conversations.filter((c) => c.account_id === 1).length, 8);
    const res = await call(sandbox, '/api/v1/profile', { headers: session.headers });
    assert.equal(res.status, 401);
  });

  it('signs in and returns devise headers and the cookie in every encoding', async () => {
    const raw = sandbox.control.signIn({ email: 'bruno.agent@acme.test', encoding: 'raw' });
    const res = await call<Json>(sandbox, '/api/v1/profile', { headers: raw.headers });
    assert.equal(res.json.email, 'bruno.agent@acme.test');
    for (const encoding of ['js-cookie', 'uri', 'raw'] as const) {
      const result = sandbox.control.signIn({ userId: 3, encoding });
      const decoded = decodeSessionCookie(result.cookie.value);
      assert.equal(decoded['access-token'], result.headers['access-token']);
      assert.equal(decoded['token-type'], 'Bearer');
      assert.equal(decoded.uid, 'bruno.agent@acme.test');
      assert.equal(decoded.expiry, result.headers.expiry);
    }
  });
});

describe('control over HTTP', () => {
  it('exposes the same methods under /__sandbox/control/<method>', async () => {
    const created = await call<Json>(sandbox, '/__sandbox/control/createContact', {
      method: 'POST',
      body: { accountId: 1, name: 'Via HTTP', email: 'http@cliente.test' },
    });
    assert.equal(created.status, 200);
    assert.equal(created.json.name, 'Via HTTP');

    const status = await call<Json>(sandbox, '/__sandbox/control/setConversationStatus', {
      method: 'POST',
      body: { accountId: 1, displayId: 1, status: 'resolved' },
    });
    assert.equal(status.json.status, 'resolved');

    const suspend = await call(sandbox, '/__sandbox/control/suspendAccount', {
      method: 'POST',
      body: { accountId: 2 },
    });
    assert.equal(suspend.status, 200);
    assert.equal(sandbox.state.account(2)?.status, 'suspended');

    const reset = await call(sandbox, '/__sandbox/reset', { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal(sandbox.state.account(2)?.status, 'active');
  });

  it('validates input and names unknown methods', async () => {
    const invalid = await call<Json>(sandbox, '/__sandbox/control/postMessage', {
      method: 'POST',
      body: { accountId: 1, displayId: 1, type: 'shout', content: 'x' },
    });
    assert.equal(invalid.status, 422);
    const unknown = await call<Json>(sandbox, '/__sandbox/control/dropDatabase', {
      method: 'POST',
      body: {},
    });
    assert.equal(unknown.status, 404);
    assert.ok((unknown.json.methods as string[]).includes('createConversation'));
    const missing = await call<Json>(sandbox, '/__sandbox/control/setConversationStatus', {
      method: 'POST',
      body: { accountId: 1, displayId: 999, status: 'open' },
    });
    assert.equal(missing.status, 404);
  });

  it('lists deliveries, waits for idle and clears them', async () => {
    sandbox.control.createWebhook({
      accountId: 1,
      url: `${receiver.url}/hooks`,
      subscriptions: ['message_created'],
    });
    await call(sandbox, '/__sandbox/control/postMessage', {
      method: 'POST',
      body: { accountId: 1, displayId: 1, type: 'incoming', content: 'oi' },
    });
    const idle = await call<Json>(sandbox, '/__sandbox/deliveries/idle', { method: 'POST' });
    assert.equal(idle.json.count, 1);
    const list = await call<{ deliveries: Json[] }>(sandbox, '/__sandbox/deliveries?event=message_created');
    assert.equal(list.json.deliveries.length, 1);
    assert.equal(list.json.deliveries[0]?.status, 200);
    await call(sandbox, '/__sandbox/deliveries', { method: 'DELETE' });
    assert.equal(sandbox.deliveries.all().length, 0);
  });

  it('changes configuration at runtime and reports credentials', async () => {
    const config = await call<Json>(sandbox, '/__sandbox/control/configure', {
      method: 'POST',
      body: { appContextMode: 'latest', dashboardScriptUrl: 'http://127.0.0.1:4000/embed.js' },
    });
    assert.equal(config.json.appContextMode, 'latest');
    assert.equal(sandbox.config.dashboardScriptUrl, 'http://127.0.0.1:4000/embed.js');
    const credentials = await call<{ users: Json[]; platformApps: Json[] }>(
      sandbox,
      '/__sandbox/credentials',
    );
    assert.equal(credentials.json.users.length, DEMO_CREDENTIALS.users.length);
    assert.equal(credentials.json.platformApps[0]?.accessToken, TOKENS.platform);
  });
});

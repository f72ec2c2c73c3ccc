import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, test } from 'node:test';
import { type Sandbox, startSandbox } from './server.js';
import { call, TOKENS, testSandbox } from './testing.js';

type Json = Record<string, unknown>;
type ConversationList = { data: { meta: Record<string, number>; payload: Array<Json & { id: number }> } };

let sandbox: Sandbox;
before(async () => {
  sandbox = await testSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('GET /api/v1/profile', () => {
  it('lists every account with the role the user has there', async () => {
    const res = await call<Json & { accounts: Json[] }>(sandbox, '/api/v1/profile', { token: TOKENS.carla });
    assert.equal(res.status, 200);
    assert.equal(res.json.access_token, TOKENS.carla);
    assert.equal(res.json.uid, 'carla@whatpro.test');
    assert.deepEqual(
      res.json.accounts.map((a) => [a.id, a.role, a.permissions]),
      [
        [1, 'agent', ['agent']],
        [2, 'administrator', ['administrator']],
      ],
    );
    assert.equal(res.json.account_id, 1, 'the active account is the most recently active membership');
    assert.equal(res.json.role, 'agent');
  });

  it('marks the installation super admin with type SuperAdmin', async () => {
    const res = await call<Json>(sandbox, '/api/v1/profile', { token: TOKENS.sofia });
    assert.equal(res.json.type, 'SuperAdmin');
    const ana = await call<Json>(sandbox, '/api/v1/profile', { token: TOKENS.ana });
    assert.equal(ana.json.type, null);
  });
});

describe('inboxes', () => {
  it('wraps inboxes in payload and shows agents only their assigned inboxes', async () => {
    const names = async (token: string) => {
      const res = await call<{ payload: Json[] }>(sandbox, '/api/v1/accounts/1/inboxes', { token });
      assert.equal(res.status, 200);
      return res.json.payload.map((i) => i.name);
    };
    assert.deepEqual(await names(TOKENS.ana), [
      'WhatsApp Vendas',
      'Site Acme',
      'Email Suporte',
      'WhatsApp Cloud',
    ]);
    assert.deepEqual(await names(TOKENS.bruno), ['WhatsApp Vendas', 'Site Acme', 'WhatsApp Cloud']);
    assert.deepEqual(await names(TOKENS.eva), ['Site Acme', 'Email Suporte']);
    assert.deepEqual(await names(TOKENS.carla), ['WhatsApp Vendas']);
  });

  it('renders channel types and hides secrets from agents', async () => {
    const admin = await call<{ payload: Json[] }>(sandbox, '/api/v1/accounts/1/inboxes', {
      token: TOKENS.ana,
    });
    assert.deepEqual(
      admin.json.payload.map((i) => i.channel_type),
      ['Channel::Api', 'Channel::WebWidget', 'Channel::Email', 'Channel::Whatsapp'],
    );
    const api = admin.json.payload[0]!;
    assert.ok(api.hmac_token);
    assert.equal(api.inbox_identifier, 'acmeWhatsappApi00000001');
    const agent = await call<{ payload: Json[] }>(sandbox, '/api/v1/accounts/1/inboxes', {
      token: TOKENS.bruno,
    });
    assert.equal(agent.json.payload[0]!.hmac_token, undefined);
  });

  it('refuses an agent the show of an unassigned inbox', async () => {
    const res = await call(sandbox, '/api/v1/accounts/1/inboxes/3', { token: TOKENS.bruno });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { error: 'You are not authorized to do this action' });
  });
});

describe('agents and teams', () => {
  it('returns agents as a bare array with per-account roles', async () => {
    const res = await call<Json[]>(sandbox, '/api/v1/accounts/2/agents', { token: TOKENS.diego });
    assert.ok(Array.isArray(res.json));
    assert.deepEqual(
      res.json.map((a) => [a.email, a.role, a.account_id]),
      [
        ['carla@whatpro.test', 'administrator', 2],
        ['diego.agent@beta.test', 'agent', 2],
      ],
    );
  });

  it('returns teams as a bare array with is_member for the caller', async () => {
    const res = await call<Json[]>(sandbox, '/api/v1/accounts/1/teams', { token: TOKENS.bruno });
    assert.deepEqual(
      res.json.map((t) => [t.name, t.is_member]),
      [
        ['vendas', true],
        ['suporte', false],
      ],
    );
  });

  it('lists team members as agents', async () => {
    const res = await call<Json[]>(sandbox, '/api/v1/accounts/1/teams/1/team_members', { token: TOKENS.ana });
    assert.deepEqual(
      res.json.map((a) => a.email),
      ['bruno.agent@acme.test', 'carla@whatpro.test'],
    );
    const missing = await call(sandbox, '/api/v1/accounts/1/teams/3/team_members', { token: TOKENS.ana });
    assert.equal(missing.status, 404, "another account's team is not found");
  });
});

describe('conversations', () => {
  it('lists open conversations by default inside data.meta/payload', async () => {
    const res = await call<ConversationList>(sandbox, '/api/v1/accounts/1/conversations', {
      token: TOKENS.ana,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.payload.map((c) => c.status).sort(), ['open', 'open', 'open', 'open']);
    assert.deepEqual(res.json.data.meta, {
      mine_count: 0,
      assigned_count: 2,
      unassigned_count: 2,
      all_count: 4,
    });
  });

  it('filters by status, with every status present in the seed', async () => {
    for (const status of ['open', 'pending', 'resolved', 'snoozed']) {
      const res = await call<ConversationList>(sandbox, `/api/v1/accounts/1/conversations?status=${status}`, {
        token: TOKENS.ana,
      });
      assert.ok(res.json.data.payload.length > 0, `account 1 has ${status} conversations`);
      assert.ok(res.json.data.payload.every((c) => c.status === status));
    }
    const all = await call<ConversationList>(sandbox, '/api/v1/accounts/1/conversations?status=all', {
      token: TOKENS.ana,
    });
    assert.equal(all.json.data.payload.length, 8);
  });

  it('lists only conversations updated within the given seconds (updated_within)', async () => {
    const recent = sandbox.state.db.conversations.find((c) => c.account_id === 1 && c.display_id === 3)!;
    const now = sandbox.state.now();
    for (const c of sandbox.state.db.conversations) c.updated_at = now - 3600;
    recent.updated_at = now - 10;
    const res = await call<ConversationList>(
      sandbox,
      '/api/v1/accounts/1/conversations?status=all&updated_within=60',
      { token: TOKENS.ana },
    );
    assert.deepEqual(
      res.json.data.payload.map((c) => c.id),
      [3],
    );
    const wider = await call<ConversationList>(
      sandbox,
      '/api/v1/accounts/1/conversations?status=all&updated_within=7200',
      { token: TOKENS.ana },
    );
    assert.equal(wider.json.data.payload.length, 8);
  });

  it('counts and filters by assignee type for the caller', async () => {
    const res = await call<ConversationList>(
      sandbox,
      '/api/v1/accounts/1/conversations?status=all&assignee_type=me',
      { token: TOKENS.bruno },
    );
    assert.deepEqual(res.json.data.payload.map((c) => c.id).sort(), [1, 5]);
    assert.equal(res.json.data.meta.mine_count, 2);
  });

  it('shows agents only conversations of their inboxes', async () => {
    const res = await call<ConversationList>(sandbox, '/api/v1/accounts/1/conversations?status=all', {
      token: TOKENS.carla,
    });
    assert.ok(res.json.data.payload.every((c) => c.inbox_id === 1));
    const denied = await call(sandbox, '/api/v1/accounts/1/conversations/4', { token: TOKENS.carla });
    assert.equal(denied.status, 401);
    assert.deepEqual(denied.json, { error: 'You are not authorized to do this action' });
  });

  it('finds conversations by per-account display id', async () => {
    const one = await call<Json>(sandbox, '/api/v1/accounts/1/conversations/1', { token: TOKENS.carla });
    const two = await call<Json>(sandbox, '/api/v1/accounts/2/conversations/1', { token: TOKENS.carla });
    assert.equal(one.json.id, 1);
    assert.equal(two.json.id, 1);
    assert.equal(one.json.account_id, 1);
    assert.equal(two.json.account_id, 2);
    assert.notEqual(one.json.uuid, two.json.uuid);
    assert.equal(
      (await call(sandbox, '/api/v1/accounts/1/conversations/99', { token: TOKENS.ana })).status,
      404,
    );
  });

  it('renders the conversation partial', async () => {
    const res = await call<Json & { meta: Json & { sender: Json; assignee: Json; team: Json } }>(
      sandbox,
      '/api/v1/accounts/1/conversations/1',
      { token: TOKENS.ana },
    );
    assert.equal(res.json.meta.sender.name, 'Maria Souza');
    assert.equal(res.json.meta.channel, 'Channel::Api');
    assert.equal(res.json.meta.assignee.email, 'bruno.agent@acme.test');
    assert.equal(res.json.meta.assignee_type, 'User');
    assert.equal(res.json.meta.team.name, 'vendas');
    assert.equal(res.json.priority, 'high');
    assert.deepEqual(res.json.labels, ['lead']);
    const messages = res.json.messages as Json[];
    assert.equal(messages.length, 1, 'only the last chat message');
    assert.equal(messages[0]!.content, 'Pode sim, obrigada!');
    assert.equal(messages[0]!.conversation_id, 1);
  });

  it('lists messages including private notes and activities', async () => {
    const res = await call<{ payload: Json[] }>(sandbox, '/api/v1/accounts/1/conversations/1/messages', {
      token: TOKENS.ana,
    });
    assert.deepEqual(
      res.json.payload.map((m) => [m.message_type, m.private]),
      [
        [0, false],
        [1, false],
        [1, true],
        [0, false],
      ],
    );
  });
});

describe('POST toggle_status', () => {
  const toggle = (displayId: number, token: string, body?: Json) =>
    call<{ meta: Json; payload: Json }>(
      sandbox,
      `/api/v1/accounts/1/conversations/${displayId}/toggle_status`,
      {
        method: 'POST',
        token,
        body,
      },
    );

  it('sets the requested status and answers meta/payload', async () => {
    const res = await toggle(2, TOKENS.ana, { status: 'resolved' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      meta: {},
      payload: { success: true, conversation_id: 2, current_status: 'resolved', snoozed_until: null },
    });
  });

  it('toggles open ↔ resolved without a status', async () => {
    assert.equal((await toggle(2, TOKENS.ana)).json.payload.current_status, 'resolved');
    assert.equal((await toggle(2, TOKENS.ana)).json.payload.current_status, 'open');
  });

  it('snoozes until the given time', async () => {
    const until = Math.floor(Date.now() / 1000) + 3600;
    const res = await toggle(2, TOKENS.ana, { status: 'snoozed', snoozed_until: until });
    assert.equal(res.json.payload.current_status, 'snoozed');
    assert.equal(res.json.payload.snoozed_until, new Date(until * 1000).toISOString());
  });

  it('assigns the conversation to an agent who opens it', async () => {
    const res = await toggle(7, TOKENS.bruno, { status: 'open' });
    assert.equal(res.json.payload.current_status, 'open');
    assert.equal(sandbox.state.conversationByDisplayId(1, 7)?.assignee_id, 3);
  });

  it('does not assign when an administrator opens it', async () => {
    await toggle(7, TOKENS.ana, { status: 'open' });
    assert.equal(sandbox.state.conversationByDisplayId(1, 7)?.assignee_id, 4, 'Carla stays the assignee');
    await toggle(2, TOKENS.ana, { status: 'open' });
    assert.equal(sandbox.state.conversationByDisplayId(1, 2)?.assignee_id, null);
  });

  it('does not assign when an agent resolves it', async () => {
    await toggle(2, TOKENS.bruno, { status: 'resolved' });
    assert.equal(sandbox.state.conversationByDisplayId(1, 2)?.assignee_id, null);
  });

  it('rejects unknown statuses', async () => {
    const res = await toggle(2, TOKENS.ana, { status: 'closed' });
    assert.equal(res.status, 422);
  });
});

describe('dashboard apps', () => {
  const base = '/api/v1/accounts/1/dashboard_apps';

  it('supports create, list, show, update and delete', async () => {
    const list = await call<Json[]>(sandbox, base, { token: TOKENS.bruno });
    assert.equal(list.json.length, 1, 'the seeded app');
    assert.deepEqual(Object.keys(list.json[0]!), ['id', 'title', 'content', 'created_at']);

    const created = await call<Json>(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: {
        dashboard_app: { title: 'WhatPro Hub', content: [{ type: 'frame', url: 'https://hub.test/app' }] },
      },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(created.json.content, [{ type: 'frame', url: 'https://hub.test/app' }]);

    const updated = await call<Json>(sandbox, `${base}/${created.json.id}`, {
      method: 'PATCH',
      token: TOKENS.ana,
      body: { dashboard_app: { title: 'Hub' } },
    });
    assert.equal(updated.json.title, 'Hub');
    assert.equal(
      (await call<Json>(sandbox, `${base}/${created.json.id}`, { token: TOKENS.ana })).json.title,
      'Hub',
    );

    const deleted = await call(sandbox, `${base}/${created.json.id}`, {
      method: 'DELETE',
      token: TOKENS.ana,
    });
    assert.equal(deleted.status, 204);
    assert.equal((await call(sandbox, `${base}/${created.json.id}`, { token: TOKENS.ana })).status, 404);
  });

  it('validates the content like DashboardApp#validate_content', async () => {
    const res = await call(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: { dashboard_app: { title: 'Bad', content: [{ type: 'frame', url: 'javascript:alert(1)' }] } },
    });
    assert.equal(res.status, 422);
  });
});

describe('account webhooks', () => {
  const base = '/api/v1/accounts/1/webhooks';

  it('creates, lists, updates and deletes webhooks with a secret', async () => {
    const created = await call<{ payload: { webhook: Json } }>(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: {
        webhook: { url: 'https://hub.test/hooks/1', name: 'Hub', subscriptions: ['conversation_created'] },
      },
    });
    assert.equal(created.status, 200);
    const webhook = created.json.payload.webhook;
    assert.equal(webhook.url, 'https://hub.test/hooks/1');
    assert.equal(webhook.account_id, 1);
    assert.deepEqual(webhook.subscriptions, ['conversation_created']);
    assert.match(String(webhook.secret), /^[1-9A-HJ-NP-Za-km-z]{24}$/);

    const list = await call<{ payload: { webhooks: Json[] } }>(sandbox, base, { token: TOKENS.ana });
    assert.deepEqual(
      list.json.payload.webhooks.map((w) => w.id),
      [webhook.id],
    );

    const updated = await call<{ payload: { webhook: Json } }>(sandbox, `${base}/${webhook.id}`, {
      method: 'PATCH',
      token: TOKENS.ana,
      body: { webhook: { subscriptions: ['message_created'], inbox_id: 1 } },
    });
    assert.deepEqual(updated.json.payload.webhook.subscriptions, ['message_created']);
    assert.deepEqual(updated.json.payload.webhook.inbox, { id: 1, name: 'WhatsApp Vendas' });

    const deleted = await call(sandbox, `${base}/${webhook.id}`, { method: 'DELETE', token: TOKENS.ana });
    assert.equal(deleted.status, 200);
    assert.equal(sandbox.state.db.webhooks.length, 0);
  });

  it('uses the default subscriptions when none are given', async () => {
    const res = await call<{ payload: { webhook: Json } }>(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: { webhook: { url: 'https://hub.test/hooks/2' } },
    });
    assert.ok((res.json.payload.webhook.subscriptions as string[]).includes('conversation_status_changed'));
  });

  it('rejects invalid subscriptions and duplicate urls', async () => {
    const invalid = await call<Json>(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: { webhook: { url: 'https://hub.test/x', subscriptions: ['everything'] } },
    });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.json.attributes, ['subscriptions']);
    await call(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: { webhook: { url: 'https://hub.test/y' } },
    });
    const duplicate = await call<Json>(sandbox, base, {
      method: 'POST',
      token: TOKENS.ana,
      body: { webhook: { url: 'https://hub.test/y' } },
    });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.json.message, 'Url has already been taken');
  });
});

test('GET /api answers the version without authentication, like Chatwoot', async () => {
  const sandbox = await startSandbox();
  try {
    const response = await fetch(`${sandbox.url}/api`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { version: string; timestamp: string };
    assert.match(body.version, /^\d+\.\d+\.\d+$/);
    assert.ok(Math.abs(Date.parse(body.timestamp) - Date.now()) < 60_000);
  } finally {
    await sandbox.close();
  }
});

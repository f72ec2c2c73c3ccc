// Contract test: every JSON response the sandbox serves is validated against the response schema of
// Chatwoot's own OpenAPI document (fixtures/chatwoot-swagger.json) wherever the document covers it.
// Where the document is known to be wrong about real Chatwoot, the difference is listed in KNOWN_DRIFT
// with the reason; nothing else may differ.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type OpenApiDocument, OpenApiValidator, type Schema, type ValidationIssue } from './openapi.js';
import type { Sandbox } from './server.js';
import { call, TOKENS, testSandbox } from './testing.js';

const document = JSON.parse(
  readFileSync(new URL('../fixtures/chatwoot-swagger.json', import.meta.url), 'utf8'),
) as OpenApiDocument;
const validator = new OpenApiValidator(document);

interface Drift {
  /** Matches the JSON pointer of the issue. */
  path: RegExp;
  keyword: ValidationIssue['keyword'];
  /** Only issues whose value is `null` (the usual drift: Rails renders unset columns as null). */
  nullOnly?: boolean;
  reason: string;
}

/** Where real Chatwoot (per chatwoot.md and its source) differs from its own OpenAPI document. */
const KNOWN_DRIFT: Drift[] = [
  {
    path: new RegExp(
      `/(${[
        'account_id',
        'active_at',
        'agent_last_seen_at',
        'assignee_last_seen_at',
        'auto_resolve_after',
        'auto_resolve_message',
        'business_name',
        'callback_webhook_url',
        'close_hour',
        'close_minutes',
        'default_value',
        'email',
        'greeting_message',
        'identifier',
        'inviter_id',
        'name',
        'open_hour',
        'open_minutes',
        'out_of_office_message',
        'phone_number',
        'priority',
        'provider',
        'regex_cue',
        'regex_pattern',
        'role',
        'sla_policy_id',
        'snoozed_until',
        'source_id',
      ].join('|')})$`,
    ),
    keyword: 'type',
    nullOnly: true,
    reason: 'Chatwoot views render unset columns as null; the document marks few fields nullable',
  },
  {
    path: /\/status$/,
    keyword: 'enum',
    reason: "conversation status enum in the document lacks 'snoozed' (Conversation.statuses has it)",
  },
  {
    path: /\/timestamp$/,
    keyword: 'type',
    reason: 'the conversation partial renders `timestamp` as last_activity_at.to_i (a number), not a string',
  },
  {
    path: /\/snoozed_until$/,
    keyword: 'type',
    reason: 'Rails renders the snoozed_until datetime as ISO-8601, the document says number',
  },
  {
    path: /\/updated_at$/,
    keyword: 'type',
    reason: 'Message#push_event_data merges raw attributes, so a message updated_at is an ISO-8601 datetime',
  },
  {
    path: /\/sender_type$/,
    keyword: 'enum',
    reason: "sender_type is the raw polymorphic column: 'Contact' | 'User' | 'AgentBot'",
  },
  {
    path: /\/availability_status$/,
    keyword: 'enum',
    reason:
      "agent availability_status comes from presence: 'online' | 'busy' | 'offline' (document says 'available')",
  },
  {
    path: /\/selected_feature_flags$/,
    keyword: 'type',
    reason: "web widget selected_feature_flags is FlagShihTzu's array of flag names",
  },
  {
    path: /\/attribute_values$/,
    keyword: 'type',
    reason: 'custom attribute attribute_values is a jsonb array',
  },
  {
    path: /^\/errors\/\d+$/,
    keyword: 'type',
    reason: 'devise failure bodies carry plain strings in `errors`',
  },
];

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** The path as the OpenAPI document spells it; `null` when the document does not describe the endpoint. */
  template: string | null;
  status: number;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Validate a part of the body instead of the whole (endpoints whose wrapper the document gets wrong). */
  select?: (body: unknown) => unknown;
  /** Schema to use for `select`ed parts. */
  schema?: Schema;
  /** The endpoint answers `head :ok` (no body). */
  empty?: boolean;
}

const A = '/api/v1/accounts/{account_id}';
const P = '/platform/api/v1';
const webhookArray: Schema = { type: 'array', items: { $ref: '#/components/schemas/webhook' } };

function cases(ids: { platformAccount: number; platformUser: number; webhook: number }): Case[] {
  const conversationShows: Case[] = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({
    name: `conversation ${id}`,
    method: 'GET',
    path: `/api/v1/accounts/1/conversations/${id}`,
    template: `${A}/conversations/{conversation_id}`,
    status: 200,
    token: TOKENS.ana,
  }));
  return [
    {
      name: 'profile',
      method: 'GET',
      path: '/api/v1/profile',
      template: '/api/v1/profile',
      status: 200,
      token: TOKENS.carla,
    },
    {
      name: 'profile super admin',
      method: 'GET',
      path: '/api/v1/profile',
      template: '/api/v1/profile',
      status: 200,
      token: TOKENS.sofia,
    },
    {
      name: 'profile bad token',
      method: 'GET',
      path: '/api/v1/profile',
      template: '/api/v1/profile',
      status: 401,
      token: 'x',
    },
    {
      name: 'profile no credentials',
      method: 'GET',
      path: '/api/v1/profile',
      template: '/api/v1/profile',
      status: 401,
    },
    {
      name: 'account',
      method: 'GET',
      path: '/api/v1/accounts/1',
      template: '/api/v1/accounts/{id}',
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'account suspended',
      method: 'GET',
      path: '/api/v1/accounts/3',
      template: '/api/v1/accounts/{id}',
      status: 401,
      token: TOKENS.gabi,
    },
    {
      name: 'account missing',
      method: 'GET',
      path: '/api/v1/accounts/99',
      template: '/api/v1/accounts/{id}',
      status: 404,
      token: TOKENS.ana,
    },
    {
      name: 'inboxes admin',
      method: 'GET',
      path: '/api/v1/accounts/1/inboxes',
      template: `${A}/inboxes`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'inboxes agent',
      method: 'GET',
      path: '/api/v1/accounts/1/inboxes',
      template: `${A}/inboxes`,
      status: 200,
      token: TOKENS.bruno,
    },
    ...[1, 2, 3, 4].map(
      (id): Case => ({
        name: `inbox ${id}`,
        method: 'GET',
        path: `/api/v1/accounts/1/inboxes/${id}`,
        template: `${A}/inboxes/{id}/`,
        status: 200,
        token: TOKENS.ana,
      }),
    ),
    {
      name: 'inbox members',
      method: 'GET',
      path: '/api/v1/accounts/1/inbox_members/1',
      template: `${A}/inbox_members/{inbox_id}`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'agents',
      method: 'GET',
      path: '/api/v1/accounts/1/agents',
      template: `${A}/agents`,
      status: 200,
      token: TOKENS.bruno,
    },
    {
      name: 'agent create',
      method: 'POST',
      path: '/api/v1/accounts/1/agents',
      template: `${A}/agents`,
      status: 200,
      token: TOKENS.ana,
      body: { name: 'Contract Agent', email: 'contract@acme.test', role: 'agent' },
    },
    {
      name: 'teams',
      method: 'GET',
      path: '/api/v1/accounts/1/teams',
      template: `${A}/teams`,
      status: 200,
      token: TOKENS.bruno,
    },
    {
      name: 'team',
      method: 'GET',
      path: '/api/v1/accounts/1/teams/1',
      template: `${A}/teams/{team_id}`,
      status: 200,
      token: TOKENS.bruno,
    },
    {
      name: 'team missing',
      method: 'GET',
      path: '/api/v1/accounts/1/teams/3',
      template: `${A}/teams/{team_id}`,
      status: 404,
      token: TOKENS.ana,
    },
    {
      name: 'team members',
      method: 'GET',
      path: '/api/v1/accounts/1/teams/1/team_members',
      template: `${A}/teams/{team_id}/team_members`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'team members add',
      method: 'POST',
      path: '/api/v1/accounts/1/teams/2/team_members',
      template: `${A}/teams/{team_id}/team_members`,
      status: 200,
      token: TOKENS.ana,
      body: { user_ids: [3] },
    },
    {
      name: 'contacts',
      method: 'GET',
      path: '/api/v1/accounts/1/contacts',
      template: `${A}/contacts`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'contact search',
      method: 'GET',
      path: '/api/v1/accounts/1/contacts/search?q=souza',
      template: `${A}/contacts/search`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'contact',
      method: 'GET',
      path: '/api/v1/accounts/1/contacts/1',
      template: `${A}/contacts/{id}`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'custom attributes',
      method: 'GET',
      path: '/api/v1/accounts/1/custom_attribute_definitions',
      template: `${A}/custom_attribute_definitions`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'conversations',
      method: 'GET',
      path: '/api/v1/accounts/1/conversations?status=all',
      template: `${A}/conversations`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'conversations account 2',
      method: 'GET',
      path: '/api/v1/accounts/2/conversations?status=all',
      template: `${A}/conversations`,
      status: 200,
      token: TOKENS.carla,
    },
    {
      name: 'conversations meta',
      method: 'GET',
      path: '/api/v1/accounts/1/conversations/meta',
      template: `${A}/conversations/meta`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'conversation create',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations',
      template: `${A}/conversations`,
      status: 200,
      token: TOKENS.ana,
      body: { inbox_id: 1, contact_id: 2, message: { content: 'Olá!' } },
    },
    ...conversationShows,
    {
      name: 'conversation missing',
      method: 'GET',
      path: '/api/v1/accounts/1/conversations/99',
      template: `${A}/conversations/{conversation_id}`,
      status: 404,
      token: TOKENS.ana,
    },
    {
      name: 'toggle status',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/2/toggle_status',
      template: `${A}/conversations/{conversation_id}/toggle_status`,
      status: 200,
      token: TOKENS.bruno,
      body: { status: 'open' },
    },
    {
      name: 'toggle status snoozed',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/8/toggle_status',
      template: `${A}/conversations/{conversation_id}/toggle_status`,
      status: 200,
      token: TOKENS.ana,
      body: { status: 'snoozed', snoozed_until: 1_800_000_000 },
    },
    {
      name: 'toggle status denied',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/4/toggle_status',
      template: `${A}/conversations/{conversation_id}/toggle_status`,
      status: 401,
      token: TOKENS.carla,
    },
    {
      name: 'assign agent',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/2/assignments',
      template: `${A}/conversations/{conversation_id}/assignments`,
      status: 200,
      token: TOKENS.ana,
      body: { assignee_id: 5 },
    },
    {
      name: 'toggle priority',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/2/toggle_priority',
      template: `${A}/conversations/{conversation_id}/toggle_priority`,
      status: 200,
      token: TOKENS.ana,
      body: { priority: 'urgent' },
      empty: true,
    },
    {
      name: 'labels',
      method: 'GET',
      path: '/api/v1/accounts/1/conversations/1/labels',
      template: `${A}/conversations/{conversation_id}/labels`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'labels set',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/1/labels',
      template: `${A}/conversations/{conversation_id}/labels`,
      status: 200,
      token: TOKENS.ana,
      body: { labels: ['lead', 'vip'] },
    },
    {
      name: 'messages',
      method: 'GET',
      path: '/api/v1/accounts/1/conversations/1/messages',
      template: `${A}/conversations/{conversation_id}/messages`,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'message create',
      method: 'POST',
      path: '/api/v1/accounts/1/conversations/1/messages',
      template: `${A}/conversations/{conversation_id}/messages`,
      status: 200,
      token: TOKENS.bruno,
      body: { content: 'Segue a proposta', private: false },
    },
    {
      name: 'webhooks',
      method: 'GET',
      path: '/api/v1/accounts/1/webhooks',
      template: `${A}/webhooks`,
      status: 200,
      token: TOKENS.ana,
      // The document says a bare array; Chatwoot's index.json.jbuilder wraps it in payload.webhooks.
      select: (body) => (body as { payload: { webhooks: unknown } }).payload.webhooks,
      schema: webhookArray,
    },
    {
      name: 'webhook create',
      method: 'POST',
      path: '/api/v1/accounts/1/webhooks',
      template: `${A}/webhooks`,
      status: 200,
      token: TOKENS.ana,
      body: {
        webhook: {
          url: 'https://hub.test/contract',
          subscriptions: ['conversation_created', 'message_created'],
        },
      },
      // create.json.jbuilder wraps the webhook in payload.webhook.
      select: (body) => (body as { payload: { webhook: unknown } }).payload.webhook,
    },
    {
      name: 'webhook update',
      method: 'PATCH',
      path: `/api/v1/accounts/1/webhooks/${ids.webhook}`,
      template: `${A}/webhooks/{webhook_id}`,
      status: 200,
      token: TOKENS.ana,
      body: { webhook: { url: 'https://hub.test/contract-2' } },
      select: (body) => (body as { payload: { webhook: unknown } }).payload.webhook,
    },
    {
      name: 'webhooks as agent',
      method: 'GET',
      path: '/api/v1/accounts/1/webhooks',
      template: `${A}/webhooks`,
      status: 401,
      token: TOKENS.bruno,
    },
    {
      name: 'dashboard apps',
      method: 'GET',
      path: '/api/v1/accounts/1/dashboard_apps',
      template: null,
      status: 200,
      token: TOKENS.ana,
    },
    {
      name: 'sign in',
      method: 'POST',
      path: '/auth/sign_in',
      template: null,
      status: 200,
      body: { email: 'ana.admin@acme.test', password: 'Whatpro@2026' },
    },
    {
      name: 'platform accounts index',
      method: 'GET',
      path: `${P}/accounts`,
      template: null,
      status: 200,
      token: TOKENS.platform,
    },
    {
      name: 'platform account create',
      method: 'POST',
      path: `${P}/accounts`,
      template: `${P}/accounts`,
      status: 200,
      token: TOKENS.platform,
      body: { name: 'Contract Tenant' },
    },
    {
      name: 'platform account',
      method: 'GET',
      path: `${P}/accounts/${ids.platformAccount}`,
      template: `${P}/accounts/{account_id}`,
      status: 200,
      token: TOKENS.platform,
    },
    {
      name: 'platform account foreign',
      method: 'GET',
      path: `${P}/accounts/1`,
      template: `${P}/accounts/{account_id}`,
      status: 401,
      token: TOKENS.platform,
    },
    {
      name: 'platform account missing',
      method: 'GET',
      path: `${P}/accounts/999`,
      template: `${P}/accounts/{account_id}`,
      status: 404,
      token: TOKENS.platform,
    },
    {
      name: 'platform bad token',
      method: 'GET',
      path: `${P}/accounts/1`,
      template: `${P}/accounts/{account_id}`,
      status: 401,
      token: TOKENS.ana,
    },
    {
      name: 'platform account update',
      method: 'PATCH',
      path: `${P}/accounts/${ids.platformAccount}`,
      template: `${P}/accounts/{account_id}`,
      status: 200,
      token: TOKENS.platform,
      body: { name: 'Contract Tenant 2' },
    },
    {
      name: 'platform account user add',
      method: 'POST',
      path: `${P}/accounts/${ids.platformAccount}/account_users`,
      template: `${P}/accounts/{account_id}/account_users`,
      status: 200,
      token: TOKENS.platform,
      body: { user_id: ids.platformUser, role: 'agent' },
    },
    {
      name: 'platform account users',
      method: 'GET',
      path: `${P}/accounts/${ids.platformAccount}/account_users`,
      template: `${P}/accounts/{account_id}/account_users`,
      status: 200,
      token: TOKENS.platform,
    },
    {
      name: 'platform user create',
      method: 'POST',
      path: `${P}/users`,
      template: `${P}/users`,
      status: 200,
      token: TOKENS.platform,
      body: { name: 'Contract User 2', email: 'contract2@tenant.test' },
    },
    {
      name: 'platform user',
      method: 'GET',
      path: `${P}/users/${ids.platformUser}`,
      template: `${P}/users/{id}`,
      status: 200,
      token: TOKENS.platform,
    },
    {
      name: 'platform user foreign',
      method: 'GET',
      path: `${P}/users/1`,
      template: `${P}/users/{id}`,
      status: 401,
      token: TOKENS.platform,
    },
    {
      name: 'platform user update',
      method: 'PATCH',
      path: `${P}/users/${ids.platformUser}`,
      template: `${P}/users/{id}`,
      status: 200,
      token: TOKENS.platform,
      body: { display_name: 'Contrato' },
    },
    {
      name: 'platform user login',
      method: 'GET',
      path: `${P}/users/${ids.platformUser}/login`,
      template: `${P}/users/{id}/login`,
      status: 200,
      token: TOKENS.platform,
    },
    {
      name: 'platform user token',
      method: 'POST',
      path: `${P}/users/${ids.platformUser}/token`,
      template: null,
      status: 200,
      token: TOKENS.platform,
    },
  ];
}

const usedDrift = new Set<Drift>();

function unexplained(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.filter((issue) => {
    const drift = KNOWN_DRIFT.find(
      (d) => d.keyword === issue.keyword && d.path.test(issue.path) && (!d.nullOnly || issue.value === null),
    );
    if (drift) usedDrift.add(drift);
    return drift === undefined;
  });
}

let sandbox: Sandbox;
const covered = new Set<string>();
before(async () => {
  sandbox = await testSandbox();
});
after(() => sandbox.close());

describe('responses match chatwoot-swagger.json', () => {
  it('validates every JSON response the cases produce', async () => {
    const platformAccount = sandbox.state.nextId('accounts');
    const platformUser = sandbox.state.nextId('users');
    await call(sandbox, `${P}/users`, {
      method: 'POST',
      token: TOKENS.platform,
      body: { name: 'Contract User', email: 'contract@tenant.test' },
    });
    const webhook = sandbox.control.createWebhook({ accountId: 1, url: 'https://hub.test/seeded' });
    const failures: string[] = [];
    let validated = 0;
    for (const c of cases({ platformAccount, platformUser, webhook: Number(webhook.id) })) {
      const res = await call(sandbox, c.path, {
        method: c.method,
        token: c.token,
        headers: c.headers,
        body: c.body,
      });
      assert.equal(res.status, c.status, `${c.name}: ${c.method} ${c.path} → ${res.status} ${res.text}`);
      if (c.template !== null) covered.add(`${c.method} ${c.template}`);
      if (c.empty) {
        assert.equal(res.text, '', `${c.name} has no body`);
        continue;
      }
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${c.name} answers JSON`);
      if (c.template === null) continue;
      const schema = c.schema ?? validator.responseSchema(c.method, c.template, c.status);
      if (!schema) continue;
      validated += 1;
      const value = c.select ? c.select(res.json) : res.json;
      for (const issue of unexplained(validator.validate(schema, value))) {
        failures.push(`${c.name} (${c.method} ${c.template} ${c.status}) ${issue.path}: ${issue.message}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(validated >= 50, `validated ${validated} responses`);
    assert.deepEqual(
      KNOWN_DRIFT.filter((d) => !usedDrift.has(d)).map((d) => d.reason),
      [],
      'every known drift still occurs (remove entries that no longer apply)',
    );
  });

  it('exercises every operation of the document that the sandbox serves', async () => {
    const missing: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      if (!template.startsWith('/api/v1/') && !template.startsWith('/platform/api/v1/')) continue;
      for (const method of Object.keys(operations)) {
        const upper = method.toUpperCase();
        // DELETE answers have no JSON body; they are asserted in api.test.ts and platform.test.ts.
        if (!['GET', 'POST', 'PATCH'].includes(upper)) continue;
        const concrete = template.replace(/\{[^}]+\}/g, '1');
        const token = template.startsWith('/platform/') ? TOKENS.platform : TOKENS.ana;
        const res = await call(sandbox, concrete, {
          method: upper,
          token,
          body: upper === 'GET' ? undefined : {},
        });
        const unrouted = res.status === 404 && res.text === '{"status":404,"error":"Not Found"}';
        if (!unrouted && !covered.has(`${upper} ${template}`)) missing.push(`${upper} ${template}`);
      }
    }
    assert.deepEqual(missing, [], 'served operations without a contract case');
  });

  it('knows every schema keyword the document uses for these responses', () => {
    for (const schemaName of [
      'user',
      'agent',
      'inbox',
      'team',
      'webhook',
      'conversation_list',
      'conversation_show',
    ]) {
      assert.doesNotThrow(() => validator.validate({ $ref: `#/components/schemas/${schemaName}` }, {}));
    }
  });
});

describe('the validator', () => {
  it('reports type, enum, required and nullable problems with JSON pointers', () => {
    const schema: Schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'integer' },
        status: { type: 'string', enum: ['open'] },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { $ref: '#/components/schemas/generic_id' },
      },
    };
    assert.deepEqual(
      validator.validate(schema, { id: 1, status: 'open', note: null, tags: ['a'], owner: { id: 2 } }),
      [],
    );
    const issues = validator.validate(schema, {
      status: 'closed',
      tags: ['a', 3],
      owner: { id: 'x' },
      note: 5,
    });
    assert.deepEqual(
      issues.map((i) => [i.path, i.keyword]),
      [
        ['/id', 'required'],
        ['/status', 'enum'],
        ['/note', 'type'],
        ['/tags/1', 'type'],
        ['/owner/id', 'type'],
      ],
    );
    assert.deepEqual(validator.validate({ type: 'number' }, 1.5), [], 'integers and floats are numbers');
    assert.equal(validator.validate({ type: 'integer' }, 1.5).length, 1);
    assert.throws(() => validator.validate({ oneOf: [] } as Schema, 1), /not supported/);
  });
});

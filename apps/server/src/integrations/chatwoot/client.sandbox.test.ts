// Every client method against the Chatwoot sandbox, with a user API token and with the devise triple
// that sign-in returns (what the Dashboard Script reads from `cw_d_session_info`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD, type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { type ChatwootClient, createChatwootClient, type UserAuth } from './client';
import {
  ChatwootInvalidRequestError,
  ChatwootNotFoundError,
  ChatwootUnauthorizedError,
  type UnauthorizedReason,
} from './errors';

const ANA_TOKEN = 'sandbox-token-ana-admin';
const BRUNO_TOKEN = 'sandbox-token-bruno-agent';
const PLATFORM = { kind: 'platform_token', token: 'sandbox-token-platform-hub' } as const;

let sandbox: Sandbox;
let client: ChatwootClient;

before(async () => {
  sandbox = await startSandbox();
  client = createChatwootClient({ baseUrl: sandbox.url, allowPrivateNetwork: true, timeoutMs: 2000 });
});

after(async () => {
  client.close();
  await sandbox.close();
});

function unauthorized(reason: UnauthorizedReason, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ChatwootUnauthorizedError, `expected ChatwootUnauthorizedError, got ${error}`);
    assert.equal(error.status, 401);
    assert.equal(error.reason, reason);
    assert.equal(error.chatwootMessage, message);
    return true;
  };
}

const modes: Array<{ name: string; auth: () => Promise<UserAuth> }> = [
  { name: 'user API token', auth: async () => ({ kind: 'user_token', token: ANA_TOKEN }) },
  {
    name: 'devise triple from signIn',
    auth: async () => (await client.signIn('ana.admin@acme.test', DEMO_PASSWORD)).auth,
  },
];

for (const mode of modes) {
  describe(`Application API as Ana (administrator of account 1) with a ${mode.name}`, () => {
    let auth: UserAuth;

    before(async () => {
      sandbox.control.reset();
      auth = await mode.auth();
    });

    test('getProfile returns the user and account roles, without personal tokens', async () => {
      const user = await client.getProfile(auth);
      assert.equal(user.id, 2);
      assert.equal(user.email, 'ana.admin@acme.test');
      assert.equal(user.available_name, 'Ana Admin');
      assert.equal(user.role, 'administrator');
      assert.deepEqual(
        user.accounts.map((a) => [a.id, a.role]),
        [[1, 'administrator']],
      );
      assert.equal(user.accounts[0]?.name, 'Acme Atendimento');
      assert.equal('access_token' in user, false);
      assert.equal('pubsub_token' in user, false);
    });

    test('listInboxes unwraps {payload}', async () => {
      const inboxes = await client.listInboxes(auth, 1);
      assert.deepEqual(
        inboxes.map((i) => [i.id, i.channel_type]),
        [
          [1, 'Channel::Api'],
          [2, 'Channel::WebWidget'],
          [3, 'Channel::Email'],
          [4, 'Channel::Whatsapp'],
        ],
      );
    });

    test('listAgents returns the bare array with roles', async () => {
      const agents = await client.listAgents(auth, 1);
      const bruno = agents.find((a) => a.email === 'bruno.agent@acme.test');
      assert.equal(bruno?.role, 'agent');
      assert.equal(bruno?.account_id, 1);
      assert.equal(agents.find((a) => a.id === 2)?.role, 'administrator');
    });

    test('listTeams and listTeamMembers', async () => {
      const teams = await client.listTeams(auth, 1);
      assert.deepEqual(
        teams.map((t) => t.name),
        ['vendas', 'suporte'],
      );
      const suporte = teams.find((t) => t.name === 'suporte')!;
      assert.equal(suporte.is_member, true);
      const members = await client.listTeamMembers(auth, 1, teams.find((t) => t.name === 'vendas')!.id);
      assert.deepEqual(members.map((m) => m.id).sort(), [3, 4]);
    });

    test('listInboxMembers unwraps {payload} into the inbox agents', async () => {
      const members = await client.listInboxMembers(auth, 1, 1);
      assert.deepEqual(members.map((m) => m.id).sort(), [3, 4]);
      assert.ok(members.every((m) => m.account_id === 1));
    });

    test('listConversations unwraps {data:{meta,payload}} and passes filters', async () => {
      const all = await client.listConversations(auth, 1, { status: 'all' });
      assert.equal(all.meta.all_count, 8);
      assert.equal(all.payload.length, 8);
      assert.ok(all.payload.every((c) => c.account_id === 1));
      const resolved = await client.listConversations(auth, 1, { status: 'resolved' });
      assert.ok(resolved.payload.length > 0);
      assert.ok(resolved.payload.every((c) => c.status === 'resolved'));
      const open = await client.listConversations(auth, 1);
      assert.ok(open.payload.every((c) => c.status === 'open'));
      const page2 = await client.listConversations(auth, 1, { status: 'all', page: 2 });
      assert.equal(page2.payload.length, 0);
      const unassigned = await client.listConversations(auth, 1, {
        status: 'all',
        assigneeType: 'unassigned',
      });
      assert.ok(unassigned.payload.every((c) => !c.meta.assignee));
    });

    test('getConversation by display id', async () => {
      const conversation = await client.getConversation(auth, 1, 2);
      assert.equal(conversation.id, 2);
      assert.equal(conversation.account_id, 1);
      assert.equal(typeof conversation.meta.sender?.id, 'number');
    });

    test('toggleConversationStatus changes the status in Chatwoot', async () => {
      const resolved = await client.toggleConversationStatus(auth, 1, 1, 'resolved');
      assert.deepEqual(
        { success: resolved.success, id: resolved.conversation_id, status: resolved.current_status },
        { success: true, id: 1, status: 'resolved' },
      );
      assert.equal((await client.getConversation(auth, 1, 1)).status, 'resolved');
      const snoozeUntil = Math.floor(Date.now() / 1000) + 3600;
      const snoozed = await client.toggleConversationStatus(auth, 1, 1, 'snoozed', {
        snoozedUntil: snoozeUntil,
      });
      assert.equal(snoozed.current_status, 'snoozed');
      assert.ok(snoozed.snoozed_until);
      const reopened = await client.toggleConversationStatus(auth, 1, 1, 'open');
      assert.equal(reopened.current_status, 'open');
    });

    test('labels: list, then set the whole list (add and remove are a read and a replace)', async () => {
      const before = await client.listConversationLabels(auth, 1, 1);
      const added = await client.setConversationLabels(auth, 1, 1, [...before, 'kanban-qualificado']);
      assert.ok(added.includes('kanban-qualificado'));
      assert.deepEqual(await client.listConversationLabels(auth, 1, 1), added);
      assert.deepEqual((await client.getConversation(auth, 1, 1)).labels, added);
      const removed = await client.setConversationLabels(
        auth,
        1,
        1,
        added.filter((label) => label !== 'kanban-qualificado'),
      );
      assert.deepEqual(removed, before);
      assert.deepEqual((await client.getConversation(auth, 1, 1)).labels, before);
    });

    test('assignConversation sets the agent or the team, and null unassigns', async () => {
      await client.assignConversation(auth, 1, 2, { assigneeId: 3 });
      assert.equal((await client.getConversation(auth, 1, 2)).meta.assignee?.id, 3);
      await client.assignConversation(auth, 1, 2, { teamId: 1 });
      const withTeam = await client.getConversation(auth, 1, 2);
      assert.equal(withTeam.meta.team?.id, 1);
      assert.equal(withTeam.meta.assignee?.id, 3, 'a team assignment keeps the agent');
      await client.assignConversation(auth, 1, 2, { assigneeId: null });
      assert.equal((await client.getConversation(auth, 1, 2)).meta.assignee ?? null, null);
    });

    test('createMessage posts a private note or an outgoing message', async () => {
      const note = await client.createMessage(auth, 1, 1, { content: 'Nota da etapa', private: true });
      assert.equal(note.private, true);
      assert.equal(note.message_type, 1);
      const message = await client.createMessage(auth, 1, 1, { content: 'Olá, Maria', private: false });
      assert.equal(message.private, false);
      const stored = sandbox.state.db.messages.filter((m) => m.id === note.id || m.id === message.id);
      assert.deepEqual(
        stored.map((m) => [m.content, m.private, m.message_type]),
        [
          ['Nota da etapa', true, 'outgoing'],
          ['Olá, Maria', false, 'outgoing'],
        ],
      );
      await assert.rejects(
        client.createMessage(auth, 1, 1, { content: '  ', private: true }),
        ChatwootInvalidRequestError,
      );
    });

    test('dashboard apps: list, create, update, delete', async () => {
      const before = await client.listDashboardApps(auth, 1);
      assert.equal(before.length, 1);
      const created = await client.createDashboardApp(auth, 1, {
        title: 'WhatPro Hub',
        url: 'https://hub.example.com/embed',
      });
      assert.equal(created.title, 'WhatPro Hub');
      assert.deepEqual(created.content, [{ type: 'frame', url: 'https://hub.example.com/embed' }]);
      const renamed = await client.updateDashboardApp(auth, 1, created.id, { title: 'Hub' });
      assert.equal(renamed.title, 'Hub');
      assert.equal(renamed.content[0]?.url, 'https://hub.example.com/embed');
      const moved = await client.updateDashboardApp(auth, 1, created.id, {
        url: 'https://hub.example.com/v2',
      });
      assert.equal(moved.content[0]?.url, 'https://hub.example.com/v2');
      assert.equal((await client.listDashboardApps(auth, 1)).length, 2);
      await client.deleteDashboardApp(auth, 1, created.id);
      assert.deepEqual(
        (await client.listDashboardApps(auth, 1)).map((a) => a.id),
        before.map((a) => a.id),
      );
    });

    test('webhooks: create returns the secret; list, update, delete', async () => {
      const created = await client.createWebhook(auth, 1, {
        url: 'https://hub.example.com/api/v1/webhooks/chatwoot/1',
        name: 'WhatPro Hub',
        subscriptions: ['conversation_created', 'conversation_status_changed', 'conversation_updated'],
      });
      assert.equal(typeof created.secret, 'string');
      assert.ok((created.secret ?? '').length >= 16);
      assert.deepEqual(created.subscriptions, [
        'conversation_created',
        'conversation_status_changed',
        'conversation_updated',
      ]);
      const listed = await client.listWebhooks(auth, 1);
      assert.ok(listed.some((w) => w.id === created.id && w.url === created.url));
      const updated = await client.updateWebhook(auth, 1, created.id, {
        subscriptions: ['message_created'],
        inboxId: 1,
      });
      assert.deepEqual(updated.subscriptions, ['message_created']);
      assert.equal(updated.inbox?.id, 1);
      await client.deleteWebhook(auth, 1, created.id);
      assert.equal(
        (await client.listWebhooks(auth, 1)).some((w) => w.id === created.id),
        false,
      );
    });

    test('a webhook Chatwoot rejects is an invalid request with its message', async () => {
      await assert.rejects(
        client.createWebhook(auth, 1, { url: 'not a url', subscriptions: ['message_created'] }),
        (error: unknown) =>
          error instanceof ChatwootInvalidRequestError &&
          error.status === 422 &&
          error.chatwootMessage === 'Url is invalid',
      );
    });

    test('a missing conversation is ChatwootNotFoundError', async () => {
      await assert.rejects(client.getConversation(auth, 1, 999), (error: unknown) => {
        assert.ok(error instanceof ChatwootNotFoundError);
        assert.equal(error.status, 404);
        assert.equal(error.operation, 'getConversation');
        return true;
      });
    });

    test('another account is refused with Chatwoot’s message', async () => {
      await assert.rejects(
        client.listInboxes(auth, 2),
        unauthorized('not_permitted', 'You are not authorized to access this account'),
      );
    });
  });
}

describe('sign-in and devise sessions', () => {
  before(() => sandbox.control.reset());

  test('signIn returns the devise triple, its expiry and the user', async () => {
    const result = await client.signIn('bruno.agent@acme.test', DEMO_PASSWORD);
    assert.equal(result.auth.kind, 'devise');
    assert.equal(result.auth.uid, 'bruno.agent@acme.test');
    assert.ok(result.auth.accessToken.length > 0 && result.auth.client.length > 0);
    assert.ok(result.expiresAt && result.expiresAt.getTime() > Date.now());
    assert.equal(result.user.id, 3);
    assert.equal('access_token' in result.user, false);
  });

  test('validateToken accepts a live triple and returns the user', async () => {
    const { auth } = await client.signIn('carla@whatpro.test', DEMO_PASSWORD);
    const user = await client.validateToken(auth);
    assert.equal(user.id, 4);
    assert.deepEqual(
      user.accounts.map((a) => [a.id, a.role]),
      [
        [1, 'agent'],
        [2, 'administrator'],
      ],
    );
  });

  test('validateToken refuses a forged triple', async () => {
    await assert.rejects(
      client.validateToken({
        kind: 'devise',
        accessToken: 'forged',
        client: 'forged',
        uid: 'ana.admin@acme.test',
      }),
      unauthorized('invalid_credentials', 'Invalid login credentials'),
    );
  });

  test('a forged triple on the API gets devise’s message', async () => {
    await assert.rejects(
      client.getProfile({
        kind: 'devise',
        accessToken: 'forged',
        client: 'forged',
        uid: 'ana.admin@acme.test',
      }),
      unauthorized('invalid_credentials', 'You need to sign in or sign up before continuing.'),
    );
  });

  test('a wrong password is refused without echoing it', async () => {
    await assert.rejects(client.signIn('ana.admin@acme.test', 'Wrong-Password-123'), (error: unknown) => {
      unauthorized('invalid_credentials', 'Invalid login credentials. Please try again.')(error);
      assert.ok(!String((error as Error).message).includes('Wrong-Password-123'));
      return true;
    });
  });
});

describe('Chatwoot’s 401 bodies', () => {
  before(() => sandbox.control.reset());

  test('an unknown API token', async () => {
    await assert.rejects(
      client.getProfile({ kind: 'user_token', token: 'no-such-token' }),
      unauthorized('invalid_credentials', 'Invalid Access Token'),
    );
  });

  test('an agent on an administrator-only endpoint', async () => {
    await assert.rejects(
      client.listWebhooks({ kind: 'user_token', token: BRUNO_TOKEN }, 1),
      unauthorized('not_permitted', 'You are not authorized to do this action'),
    );
  });

  test('an agent sees only the inboxes assigned to them', async () => {
    const inboxes = await client.listInboxes({ kind: 'user_token', token: BRUNO_TOKEN }, 1);
    assert.deepEqual(
      inboxes.map((i) => i.id),
      [1, 2, 4],
    );
  });

  test('a suspended account', async () => {
    await assert.rejects(
      client.listInboxes({ kind: 'user_token', token: 'sandbox-token-gabi-suspended' }, 3),
      unauthorized('account_suspended', 'Account is suspended'),
    );
  });
});

describe('installation', () => {
  test('getVersion reads the unauthenticated GET /api', async () => {
    const version = await client.getVersion();
    assert.match(version.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof version.timestamp, 'string');
  });
});

describe('Platform API', () => {
  before(() => sandbox.control.reset());

  test('create an account, a user, and make the user its administrator', async () => {
    const account = await client.createPlatformAccount(PLATFORM, {
      name: 'Delta Ltda',
      locale: 'pt_BR',
      supportEmail: 'suporte@delta.test',
      limits: { agents: 5 },
    });
    assert.equal(account.name, 'Delta Ltda');
    assert.equal(account.locale, 'pt_BR');
    assert.equal(account.support_email, 'suporte@delta.test');

    const user = await client.createPlatformUser(PLATFORM, {
      name: 'Dora Delta',
      email: 'dora@delta.test',
      password: 'Delta@2026!x',
      displayName: 'Dora',
    });
    assert.equal(user.email, 'dora@delta.test');
    assert.deepEqual(user.accounts, []);
    assert.equal('access_token' in user, false);

    const membership = await client.createAccountUser(PLATFORM, account.id, {
      userId: user.id,
      role: 'administrator',
    });
    assert.deepEqual(
      { account: membership.account_id, user: membership.user_id, role: membership.role },
      { account: account.id, user: user.id, role: 'administrator' },
    );

    const { user: signedIn } = await client.signIn('dora@delta.test', 'Delta@2026!x');
    assert.deepEqual(
      signedIn.accounts.map((a) => [a.id, a.role]),
      [[account.id, 'administrator']],
    );
  });

  test('an account the platform app did not create is not permissible', async () => {
    await assert.rejects(
      client.createAccountUser(PLATFORM, 1, { userId: 3, role: 'agent' }),
      unauthorized('not_permitted', 'Non permissible resource'),
    );
  });

  test('a user token is not a platform token', async () => {
    await assert.rejects(
      client.createPlatformAccount({ kind: 'platform_token', token: ANA_TOKEN }, { name: 'Nope' }),
      unauthorized('invalid_credentials', 'Invalid access_token'),
    );
  });
});

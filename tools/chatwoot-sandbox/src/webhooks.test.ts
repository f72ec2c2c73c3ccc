import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from './config.js';
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
  sandbox.control.configure({ ...DEFAULT_CONFIG, retryBaseDelayMs: 10, webhookTimeoutMs: 1000 });
  receiver.requests.length = 0;
  receiver.respondWith();
});
afterEach(() => sandbox.deliveries.idle());

function hook(subscriptions?: string[], extra: Json = {}) {
  return sandbox.control.createWebhook({
    accountId: 1,
    url: `${receiver.url}/hooks`,
    subscriptions,
    ...extra,
  });
}

function received() {
  return receiver.requests.map((r) => ({ ...r, payload: JSON.parse(r.body) as Json }));
}

/** What a receiver must do: HMAC-SHA256 over "<timestamp>.<raw body>" with the webhook secret. */
function expectedSignature(secret: string, timestamp: string, body: string) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe('signed deliveries (Chatwoot ≥ 4.11.2)', () => {
  it('signs every request so a receiver can verify it', async () => {
    const webhook = hook();
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 2, status: 'resolved' });
    await sandbox.deliveries.idle();
    assert.equal(receiver.requests.length, 2);
    const deliveryIds = new Set<string>();
    for (const request of receiver.requests) {
      assert.equal(request.headers['content-type'], 'application/json');
      const timestamp = String(request.headers['x-chatwoot-timestamp']);
      assert.match(timestamp, /^\d{10}$/);
      assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 300, 'fresh timestamp');
      const delivery = String(request.headers['x-chatwoot-delivery']);
      assert.match(delivery, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      deliveryIds.add(delivery);
      assert.equal(
        request.headers['x-chatwoot-signature'],
        expectedSignature(String(webhook.secret), timestamp, request.body),
      );
    }
    assert.equal(deliveryIds.size, 2, 'one delivery id per event');
  });

  it('signs the raw bytes, which carry Rails-escaped HTML characters', async () => {
    const webhook = hook(['message_created']);
    sandbox.control.postMessage({
      accountId: 1,
      displayId: 2,
      type: 'incoming',
      content: '<b>Oi</b> & tchau',
    });
    await sandbox.deliveries.idle();
    const [request] = receiver.requests;
    assert.ok(request);
    assert.ok(request.body.includes('\\u003cb\\u003eOi\\u003c/b\\u003e \\u0026 tchau'));
    assert.equal((JSON.parse(request.body) as Json).content, '<b>Oi</b> & tchau');
    const timestamp = String(request.headers['x-chatwoot-timestamp']);
    assert.equal(
      request.headers['x-chatwoot-signature'],
      expectedSignature(String(webhook.secret), timestamp, request.body),
    );
    const reserialised = JSON.stringify(JSON.parse(request.body));
    assert.notEqual(
      expectedSignature(String(webhook.secret), timestamp, reserialised),
      request.headers['x-chatwoot-signature'],
      're-serialising the body breaks the signature',
    );
  });
});

describe('unsigned deliveries (Chatwoot ≤ 4.11.1)', () => {
  it('sends no delivery, timestamp or signature headers', async () => {
    sandbox.control.configure({ webhookSigning: 'unsigned' });
    hook(['conversation_created']);
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    const [request] = receiver.requests;
    assert.ok(request);
    assert.equal(request.headers['x-chatwoot-delivery'], undefined);
    assert.equal(request.headers['x-chatwoot-timestamp'], undefined);
    assert.equal(request.headers['x-chatwoot-signature'], undefined);
    assert.equal(sandbox.deliveries.all()[0]?.deliveryId, null);
  });

  it('shows no webhook secret, as Chatwoot had no such column before signing', async () => {
    sandbox.control.configure({ webhookSigning: 'unsigned' });
    const created = await call<{ payload: { webhook: Record<string, unknown> } }>(
      sandbox,
      '/api/v1/accounts/1/webhooks',
      {
        method: 'POST',
        token: TOKENS.ana,
        body: { webhook: { url: 'http://127.0.0.1:9/hook', subscriptions: ['conversation_created'] } },
      },
    );
    assert.equal(created.status, 200);
    assert.equal('secret' in created.json.payload.webhook, false);
    sandbox.control.configure({ webhookSigning: 'signed' });
    const listed = await call<{ payload: { webhooks: Record<string, unknown>[] } }>(
      sandbox,
      '/api/v1/accounts/1/webhooks',
      {
        token: TOKENS.ana,
      },
    );
    assert.ok(listed.json.payload.webhooks.every((webhook) => typeof webhook.secret === 'string'));
  });

  it('lets one webhook override the installation mode', async () => {
    sandbox.control.configure({ webhookSigning: 'unsigned' });
    hook(['conversation_created'], { signing: 'signed' });
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    assert.ok(receiver.requests[0]?.headers['x-chatwoot-signature']);
  });
});

describe('retries', () => {
  it('loses the next webhooks of an event when told to, and delivers the rest', async () => {
    hook();
    sandbox.control.dropDeliveries({ event: 'conversation_updated' });
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 2, status: 'resolved' });
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 2, status: 'open' });
    await sandbox.deliveries.idle();
    assert.deepEqual(
      received().map((r) => [r.payload.event, r.payload.status]),
      [
        ['conversation_status_changed', 'resolved'],
        ['conversation_status_changed', 'open'],
        ['conversation_updated', 'open'],
      ],
    );
  });

  it('does not retry in the default mode, like real account webhooks', async () => {
    receiver.respondWith(500);
    hook(['conversation_created']);
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    assert.equal(receiver.requests.length, 1);
    const [attempt] = sandbox.deliveries.all();
    assert.equal(attempt?.status, 500);
    assert.equal(attempt?.ok, false);
    assert.equal(attempt?.willRetry, false);
  });

  it('retries with backoff and reuses the delivery id', async () => {
    sandbox.control.configure({ webhookRetry: 'retry', retryAttempts: 5 });
    receiver.respondWith(500, 503);
    const webhook = hook(['conversation_created']);
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    const attempts = sandbox.deliveries.all();
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.status, a.willRetry]),
      [
        [1, 500, true],
        [2, 503, true],
        [3, 200, false],
      ],
    );
    assert.equal(new Set(attempts.map((a) => a.deliveryId)).size, 1);
    assert.equal(new Set(receiver.requests.map((r) => r.headers['x-chatwoot-delivery'])).size, 1);
    for (const request of receiver.requests) {
      const timestamp = String(request.headers['x-chatwoot-timestamp']);
      assert.equal(
        request.headers['x-chatwoot-signature'],
        expectedSignature(String(webhook.secret), timestamp, request.body),
      );
    }
    assert.ok(
      // 20 ms (twice the 10 ms base delay), with slack for millisecond rounding of timers and timestamps.
      Date.parse(attempts[2]!.startedAt) - Date.parse(attempts[1]!.startedAt) >= 15,
      'the second retry waits twice the base delay',
    );
  });

  it('gives up after the configured number of attempts', async () => {
    sandbox.control.configure({ webhookRetry: 'retry', retryAttempts: 3 });
    receiver.respondWith(500, 500, 500, 500, 500);
    hook(['conversation_created']);
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    assert.equal(receiver.requests.length, 3);
    assert.equal(sandbox.deliveries.all().at(-1)?.willRetry, false);
  });

  it('records network failures and retries them per webhook override', async () => {
    const closed = await startReceiver();
    await closed.close();
    sandbox.control.createWebhook({
      accountId: 1,
      url: `${closed.url}/gone`,
      subscriptions: ['conversation_created'],
      retry: 'retry',
    });
    sandbox.control.configure({ retryAttempts: 2 });
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    const attempts = sandbox.deliveries.all();
    assert.equal(attempts.length, 2);
    assert.ok(attempts.every((a) => a.status === null && a.error));
  });
});

describe('payload shapes', () => {
  it('emits conversation_status_changed then conversation_updated, with no account id', async () => {
    hook();
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 2, status: 'resolved' });
    await sandbox.deliveries.idle();
    const [statusChanged, updated] = received().map((r) => r.payload);
    assert.equal(statusChanged?.event, 'conversation_status_changed');
    assert.equal(updated?.event, 'conversation_updated');
    for (const payload of [statusChanged!, updated!]) {
      assert.equal(payload.id, 2, 'display id');
      assert.equal(payload.inbox_id, 1);
      assert.equal(payload.status, 'resolved');
      assert.equal('account' in payload, false);
      assert.equal('account_id' in payload, false);
      assert.equal((payload.meta as Json).assignee, null);
      assert.equal(((payload.meta as Json).sender as Json).type, 'contact');
    }
    assert.equal(statusChanged?.changed_attributes, null);
    const changes = updated?.changed_attributes as Json[];
    assert.deepEqual(
      changes.find((c) => 'status' in c),
      { status: { previous_value: 'open', current_value: 'resolved' } },
    );
  });

  it('can send changed_attributes on conversation_status_changed and an account on conversation events', async () => {
    sandbox.control.configure({ statusChangedAttributes: 'array', conversationEventAccount: true });
    hook(['conversation_status_changed']);
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 2, status: 'pending' });
    await sandbox.deliveries.idle();
    const [payload] = received().map((r) => r.payload);
    assert.deepEqual(payload?.changed_attributes, [
      { status: { previous_value: 'open', current_value: 'pending' } },
    ]);
    assert.deepEqual(payload?.account, { id: 1, name: 'Acme Atendimento' });
  });

  it('emits message_created for incoming, outgoing and private notes, not for activities', async () => {
    hook(['message_created']);
    sandbox.control.postMessage({ accountId: 1, displayId: 1, type: 'incoming', content: 'oi' });
    sandbox.control.postMessage({ accountId: 1, displayId: 1, type: 'outgoing', content: 'olá' });
    sandbox.control.postMessage({ accountId: 1, displayId: 1, type: 'private', content: 'nota' });
    sandbox.control.setConversationStatus({ accountId: 1, displayId: 1, status: 'resolved' });
    await sandbox.deliveries.idle();
    const payloads = received().map((r) => r.payload);
    assert.deepEqual(
      payloads.map((p) => [p.event, p.message_type, p.private, (p.sender as Json).type]),
      [
        ['message_created', 'incoming', false, 'contact'],
        ['message_created', 'outgoing', false, 'user'],
        ['message_created', 'outgoing', true, 'user'],
      ],
    );
    const first = payloads[0]!;
    assert.deepEqual(first.account, { id: 1, name: 'Acme Atendimento' });
    assert.deepEqual(first.inbox, { id: 1, name: 'WhatsApp Vendas' });
    assert.equal((first.conversation as Json).id, 1);
    assert.match(String(first.created_at), /^\d{4}-\d{2}-\d{2}T/);
  });

  it('reopens a resolved conversation on an incoming message', async () => {
    hook(['message_created', 'conversation_status_changed', 'conversation_updated']);
    sandbox.control.postMessage({ accountId: 1, displayId: 4, type: 'incoming', content: 'voltei' });
    await sandbox.deliveries.idle();
    assert.deepEqual(
      received().map((r) => [
        r.payload.event,
        r.payload.event === 'message_created' ? null : r.payload.status,
      ]),
      [
        ['message_created', null],
        ['conversation_status_changed', 'open'],
        ['conversation_updated', 'open'],
      ],
    );
  });

  it('sends the first agent reply as a conversation_updated change', async () => {
    hook(['conversation_updated']);
    sandbox.control.postMessage({
      accountId: 1,
      displayId: 2,
      type: 'outgoing',
      content: 'Entregamos sim',
      senderId: 3,
    });
    await sandbox.deliveries.idle();
    const [payload] = received().map((r) => r.payload);
    assert.ok(payload);
    const keys = (payload.changed_attributes as Json[]).map((c) => Object.keys(c)[0]);
    assert.ok(keys.includes('first_reply_created_at'));
    assert.ok(keys.includes('waiting_since'));
  });

  it('emits the API toggle_status events, including the auto-assignment', async () => {
    hook(['conversation_status_changed', 'conversation_updated']);
    await call(sandbox, '/api/v1/accounts/1/conversations/7/toggle_status', {
      method: 'POST',
      token: TOKENS.bruno,
      body: { status: 'open' },
    });
    await sandbox.deliveries.idle();
    const events = received().map((r) => r.payload);
    assert.deepEqual(
      events.map((p) => p.event),
      ['conversation_status_changed', 'conversation_updated', 'conversation_updated'],
    );
    const assignment = (events[2]!.changed_attributes as Json[]).find((c) => 'assignee_id' in c);
    assert.deepEqual(assignment, { assignee_id: { previous_value: 4, current_value: 3 } });
    assert.equal(((events[2]!.meta as Json).assignee as Json).id, 3);
  });

  it('sends label, team and priority changes as conversation_updated changes, labels as arrays', async () => {
    hook(['conversation_updated']);
    await call(sandbox, '/api/v1/accounts/1/conversations/2/labels', {
      method: 'POST',
      token: TOKENS.ana,
      body: { labels: ['vip', 'orcamento'] },
    });
    await call(sandbox, '/api/v1/accounts/1/conversations/2/assignments', {
      method: 'POST',
      token: TOKENS.ana,
      body: { team_id: 2 },
    });
    await call(sandbox, '/api/v1/accounts/1/conversations/2/toggle_priority', {
      method: 'POST',
      token: TOKENS.ana,
      body: { priority: 'high' },
    });
    await sandbox.deliveries.idle();
    const changes = received().map((r) =>
      Object.fromEntries(
        (r.payload.changed_attributes as Json[])
          .flatMap((change) => Object.entries(change))
          .filter(([key]) => key !== 'updated_at'),
      ),
    );
    assert.equal(changes.length, 3);
    const labels = changes[0]!.label_list as { previous_value: unknown; current_value: unknown };
    assert.ok(Array.isArray(labels.previous_value));
    assert.deepEqual(labels.current_value, ['vip', 'orcamento']);
    assert.deepEqual(Object.keys(changes[1]!), ['team_id']);
    assert.equal((changes[1]!.team_id as Json).current_value, 2);
    assert.deepEqual(changes[2], { priority: { previous_value: null, current_value: 'high' } });
  });

  it('emits contact_created and contact_updated', async () => {
    hook(['contact_created', 'contact_updated']);
    const contact = sandbox.control.createContact({
      accountId: 1,
      name: 'Nova',
      phoneNumber: '+5511999990000',
    });
    sandbox.control.updateContact({ accountId: 1, contactId: Number(contact.id), name: 'Nova Cliente' });
    sandbox.control.updateContact({ accountId: 1, contactId: Number(contact.id), name: 'Nova Cliente' });
    await sandbox.deliveries.idle();
    const payloads = received().map((r) => r.payload);
    assert.deepEqual(
      payloads.map((p) => p.event),
      ['contact_created', 'contact_updated'],
      'an update that changes nothing sends nothing',
    );
    assert.deepEqual(payloads[0]!.account, { id: 1, name: 'Acme Atendimento' });
    assert.deepEqual(payloads[1]!.changed_attributes, [
      { name: { previous_value: 'Nova', current_value: 'Nova Cliente' } },
    ]);
  });

  it('emits inbox_created and inbox_updated', async () => {
    hook(['inbox_created', 'inbox_updated']);
    const inbox = sandbox.control.createInbox({
      accountId: 1,
      name: 'Instagram',
      channelType: 'Channel::Api',
    });
    sandbox.control.updateInbox({ accountId: 1, inboxId: Number(inbox.id), name: 'Instagram DM' });
    await sandbox.deliveries.idle();
    const payloads = received().map((r) => r.payload);
    assert.deepEqual(
      payloads.map((p) => p.event),
      ['inbox_created', 'inbox_updated'],
    );
    assert.equal(((payloads[0]!.working_hours as Json[])[0] as Json).inbox_id, inbox.id);
    assert.equal((payloads[0]!.channel as Json).account_id, 1);
    const nameChange = (payloads[1]!.changed_attributes as Json[]).find((c) => 'name' in c);
    assert.deepEqual(nameChange, { name: { previous_value: 'Instagram', current_value: 'Instagram DM' } });
  });

  it('only delivers to subscribed webhooks of the same account', async () => {
    hook(['conversation_created']);
    sandbox.control.createWebhook({
      accountId: 2,
      url: `${receiver.url}/beta`,
      subscriptions: ['message_created'],
    });
    sandbox.control.postMessage({ accountId: 1, displayId: 2, type: 'incoming', content: 'oi' });
    sandbox.control.createConversation({ accountId: 2, inboxId: 5, contactId: 8, message: 'Olá Beta' });
    await sandbox.deliveries.idle();
    assert.deepEqual(
      receiver.requests.map((r) => [r.path, (JSON.parse(r.body) as Json).event]),
      [['/beta', 'message_created']],
    );
  });

  it('skips message events of other inboxes for an inbox-scoped webhook', async () => {
    hook(['message_created', 'conversation_created'], { inboxId: 2 });
    sandbox.control.postMessage({ accountId: 1, displayId: 2, type: 'incoming', content: 'inbox 1' });
    sandbox.control.postMessage({ accountId: 1, displayId: 3, type: 'incoming', content: 'inbox 2' });
    sandbox.control.createConversation({ accountId: 1, inboxId: 1, contactId: 2 });
    await sandbox.deliveries.idle();
    assert.deepEqual(
      received().map((r) => [r.payload.event, r.payload.content ?? r.payload.inbox_id]),
      [
        ['message_created', 'inbox 2'],
        ['conversation_created', 1],
      ],
    );
  });

  it("posts API-channel events to the inbox's webhook_url, signed with the channel secret", async () => {
    sandbox.control.updateInbox({ accountId: 1, inboxId: 1, webhookUrl: `${receiver.url}/evolution` });
    sandbox.control.postMessage({
      accountId: 1,
      displayId: 2,
      type: 'outgoing',
      content: 'resposta',
      senderId: 2,
    });
    await sandbox.deliveries.idle();
    const toInbox = receiver.requests.filter((r) => r.path === '/evolution');
    assert.ok(toInbox.some((r) => (JSON.parse(r.body) as Json).event === 'message_created'));
    const secret = sandbox.state.inbox(1)?.channel.secret ?? '';
    for (const request of toInbox) {
      const timestamp = String(request.headers['x-chatwoot-timestamp']);
      assert.equal(
        request.headers['x-chatwoot-signature'],
        expectedSignature(secret, timestamp, request.body),
      );
    }
    assert.ok(
      sandbox.deliveries
        .find({ url: `${receiver.url}/evolution` })
        .every((a) => a.kind === 'api_inbox_webhook'),
    );
  });
});

describe('recorded attempts', () => {
  it('keeps url, status, headers and body of every attempt and can wait for one', async () => {
    hook(['conversation_created']);
    const waiting = sandbox.deliveries.waitFor({ event: 'conversation_created' });
    sandbox.control.createConversation({ accountId: 1, inboxId: 2, contactId: 3 });
    const attempt = await waiting;
    assert.equal(attempt.url, `${receiver.url}/hooks`);
    assert.equal(attempt.status, 200);
    assert.equal(attempt.responseBody, 'ok');
    assert.equal(attempt.headers['X-Chatwoot-Delivery'], attempt.deliveryId);
    assert.equal(JSON.parse(attempt.body).id, attempt.payload.id);
    await assert.rejects(sandbox.deliveries.waitFor({ event: 'never' }, 20), /no matching webhook delivery/);
  });
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type DeliveryAttempt, type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import type { DomainEvent } from '@whatpro/contracts';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { conversations, domainEventDeliveries, domainEvents, webhookEvents } from '../../db/schema';
import { DOMAIN_EVENTS_CHANNEL } from '../../domain-events/service';
import { createTestApp, type TestApp } from '../../test/app';
import type { TestTenant } from '../../test/factories';
import { eventually, unusedPort } from '../../test/net';
import { connectToSandbox, createSandboxTenant, webhooksSettled } from '../../test/sandbox';
import { WEBHOOK_SUBSCRIPTIONS } from '../chatwoot-sync/service';
import { handledWebhookEvents, WEBHOOK_SWEEP_JOB } from '../webhooks/service';
import { reconcileConversations } from './reconcile';

const ACCOUNT = 1;

/** The same value with object keys in one order (jsonb keeps its own), so facts compare as text. */
const sortedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortedKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, inner]) => [key, sortedKeys(inner)]),
        )
      : value;

test('every event the Hub subscribes to in Chatwoot has a handler', () => {
  assert.deepEqual(
    WEBHOOK_SUBSCRIPTIONS.filter((event) => !handledWebhookEvents.has(event)),
    [],
  );
});

describe('conversation mirror and domain events, driven by the Chatwoot sandbox', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  const recorded: DomainEvent[] = [];
  const published: DomainEvent[] = [];
  let flakyFailures = 0;
  const flakyCalls: string[] = [];
  const steadyCalls: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
    const port = await unusedPort();
    t = await createTestApp({
      env: {
        CHATWOOT_URL: sandbox.url,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_DELAY_MS: '50',
      },
    });
    const { domainEvents: outbox, bus } = t.app.deps;
    outbox.subscribe('recorder', (event) => {
      recorded.push(event);
    });
    outbox.subscribe('flaky', (event) => {
      flakyCalls.push(event.id);
      if (flakyFailures > 0) {
        flakyFailures -= 1;
        throw new Error('flaky consumer is down');
      }
    });
    outbox.subscribe('steady', (event) => {
      steadyCalls.push(event.id);
    });
    await bus.subscribe(DOMAIN_EVENTS_CHANNEL, (message) => published.push(message as DomainEvent));
    await t.app.listen({ host: '127.0.0.1', port });
    acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, {
      admin: 'ana.admin@acme.test',
      agent: 'bruno.agent@acme.test',
      viewer: 'eva.agent@acme.test',
    });
    await connectToSandbox(t.app, acme);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const hubDeliveries = () =>
    sandbox.deliveries.all().filter((attempt) => attempt.url.includes(`/webhooks/chatwoot/${ACCOUNT}/`));

  const settled = () => webhooksSettled(t.app, sandbox, ACCOUNT);

  const mirrorRow = async (displayId: number) => {
    const [row] = await t.app.deps.database.system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.displayId, displayId)));
    return row;
  };
  const eventsOf = (displayId: number) =>
    t.app.deps.database.system
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, displayId)))
      .orderBy(domainEvents.createdAt);
  /** The facts, independent of ids and of the order they were recorded in. */
  const factsOf = async (displayId: number) =>
    (await eventsOf(displayId))
      .map((row) =>
        JSON.stringify(sortedKeys([row.type, row.dedupeKey, row.occurredAt.toISOString(), row.payload])),
      )
      .sort();
  /** What Chatwoot owns and the activity times, without the Hub's own row id and bookkeeping times. */
  const stateOf = (row: typeof conversations.$inferSelect | undefined) => {
    assert.ok(row);
    const { id: _id, createdAt: _created, updatedAt: _updated, ...state } = row;
    return state;
  };

  /** Posts recorded deliveries again as new deliveries (new delivery ids), signed as Chatwoot signed them. */
  async function redeliver(attempts: DeliveryAttempt[], suffix: string) {
    for (const attempt of attempts) {
      const headers = Object.fromEntries(
        Object.entries(attempt.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const response = await fetch(attempt.url, {
        method: 'POST',
        headers: { ...headers, 'x-chatwoot-delivery': `${attempt.deliveryId}-${suffix}` },
        body: attempt.body,
      });
      assert.equal(response.status, 200, await response.text());
    }
    await settled();
  }

  let displayId = 0;
  let sequence: DeliveryAttempt[] = [];
  let firstState: ReturnType<typeof stateOf>;
  let firstFacts: string[] = [];

  test('create → pending → open → assign → label → reply → note → resolved → reopened: the right row and exactly the right events', async () => {
    const bruno = sandbox.state.db.users.find((user) => user.email === 'bruno.agent@acme.test')!;
    const inbox = sandbox.state.db.inboxMembers.find((member) => member.user_id === bruno.id)!.inbox_id;
    const already = hubDeliveries().length;
    const conversation = sandbox.control.createConversation({
      accountId: ACCOUNT,
      inboxId: inbox,
      contact: {
        name: 'Maria Cliente',
        email: 'maria.orcamento@cliente.test',
        phoneNumber: '+5511999990001',
      },
      message: 'Oi, quero um orçamento',
    }) as { id: number };
    displayId = conversation.id;
    const created = {
      internalId: sandbox.state.db.conversations.find(
        (row) => row.account_id === ACCOUNT && row.display_id === displayId,
      )!.id,
    };
    await settled();
    const step = async (action: () => unknown) => {
      action();
      await settled();
    };
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'pending' }),
    );
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'open' }),
    );
    await step(() =>
      sandbox.control.assignConversation({ accountId: ACCOUNT, displayId, assigneeId: bruno.id }),
    );
    const labelled = await fetch(
      `${sandbox.url}/api/v1/accounts/${ACCOUNT}/conversations/${displayId}/labels`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_access_token: 'sandbox-token-ana-admin' },
        body: JSON.stringify({ labels: ['orcamento', 'vip'] }),
      },
    );
    assert.equal(labelled.status, 200);
    await settled();
    await step(() =>
      sandbox.control.postMessage({ accountId: ACCOUNT, displayId, type: 'outgoing', content: 'Claro!' }),
    );
    await step(() =>
      sandbox.control.postMessage({ accountId: ACCOUNT, displayId, type: 'private', content: 'cliente vip' }),
    );
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'resolved' }),
    );
    await step(() =>
      sandbox.control.postMessage({
        accountId: ACCOUNT,
        displayId,
        type: 'incoming',
        content: 'Mais uma coisa',
      }),
    );
    sequence = hubDeliveries().slice(already);
    const names = sequence.map((attempt) => attempt.event);
    assert.ok(names.includes('conversation_status_changed') && names.includes('conversation_updated'));

    // Chatwoot sends the webhooks of one step together and the Hub processes them concurrently, so the
    // facts are compared as a set; each carries Chatwoot's time of the fact.
    const events = await eventsOf(displayId);
    const chatwootMessages = sandbox.state.db.messages.filter(
      (message) => message.conversation_id === created.internalId && message.message_type !== 'activity',
    );
    const activity = (kind: string, index: number) => {
      const message = chatwootMessages[index]!;
      return [
        'conversation.activity',
        { kind, at: new Date(message.created_at * 1000).toISOString(), message_id: message.id },
      ];
    };
    const canonical = (facts: unknown[][]) => facts.map((fact) => JSON.stringify(sortedKeys(fact))).sort();
    assert.deepEqual(
      canonical(events.map((event) => [event.type, event.payload])),
      canonical([
        ['conversation.created', { chatwoot_inbox_id: inbox }],
        activity('incoming', 0),
        ['conversation.status_changed', { from: 'open', to: 'pending' }],
        ['conversation.status_changed', { from: 'pending', to: 'open' }],
        ['conversation.assigned', { assignee: { from: null, to: bruno.id }, team: null }],
        ['conversation.labels_changed', { added: ['orcamento', 'vip'], removed: [] }],
        activity('outgoing', 1),
        activity('note', 2),
        ['conversation.status_changed', { from: 'open', to: 'resolved' }],
        activity('incoming', 3),
        ['conversation.status_changed', { from: 'resolved', to: 'open' }],
      ]),
    );
    assert.equal(events.length, 11);

    const chatwoot = sandbox.state.db.conversations.find(
      (conversation) => conversation.account_id === ACCOUNT && conversation.display_id === displayId,
    )!;
    const row = await mirrorRow(displayId);
    assert.ok(row);
    assert.equal(row.status, 'open');
    assert.equal(row.chatwootInboxId, inbox);
    assert.equal(row.assigneeId, bruno.id);
    assert.equal(row.assigneeName, bruno.name);
    assert.deepEqual(row.labels, ['orcamento', 'vip']);
    assert.deepEqual(
      [row.contactName, row.contactEmail, row.contactPhone],
      ['Maria Cliente', 'maria.orcamento@cliente.test', '+5511999990001'],
    );
    const messages = sandbox.state.db.messages.filter(
      (message) => message.conversation_id === chatwoot.id && message.message_type !== 'activity',
    );
    const at = (seconds: number) => new Date(seconds * 1000).toISOString();
    const reply = messages.find((message) => message.message_type === 'outgoing' && !message.private)!;
    const note = messages.find((message) => message.private)!;
    const lastIncoming = messages.filter((message) => message.message_type === 'incoming').at(-1)!;
    assert.equal(row.firstReplyAt?.toISOString(), at(reply.created_at));
    assert.equal(row.lastOutgoingAt?.toISOString(), at(reply.created_at));
    assert.equal(row.lastNoteAt?.toISOString(), at(note.created_at));
    assert.equal(row.lastIncomingAt?.toISOString(), at(lastIncoming.created_at));
    assert.equal(row.lastActivityAt?.toISOString(), at(chatwoot.last_activity_at));
    assert.equal(
      row.waitingSince?.toISOString(),
      at(chatwoot.waiting_since!),
      'waiting again since the reopening message',
    );
    assert.equal(row.sourceUpdatedAt.getTime(), Math.round(chatwoot.updated_at * 1000));

    // Consumers: each in-process subscriber and the event bus got every event once.
    const ids = events.map((event) => event.id).sort();
    await eventually(async () =>
      published.filter((e) => ids.includes(e.id)).length === ids.length ? true : undefined,
    );
    assert.deepEqual(
      recorded
        .filter((event) => ids.includes(event.id))
        .map((event) => event.id)
        .sort(),
      ids,
    );
    assert.deepEqual(
      published
        .filter((event) => ids.includes(event.id))
        .map((event) => event.id)
        .sort(),
      ids,
    );
    assert.deepEqual(recorded.find((event) => event.type === 'conversation.assigned')?.data, {
      assignee: { from: null, to: bruno.id },
      team: null,
    });
    const deliveries = await t.app.deps.database.system
      .select()
      .from(domainEventDeliveries)
      .where(inArray(domainEventDeliveries.eventId, ids));
    // The Hub's own consumers (Kanban automation) are registered too; these four are this test's view.
    for (const consumer of ['event-bus', 'recorder', 'flaky', 'steady']) {
      const mine = deliveries.filter((delivery) => delivery.consumer === consumer);
      assert.deepEqual(mine.map((delivery) => delivery.eventId).sort(), ids, consumer);
    }
    assert.ok(deliveries.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1));

    firstState = stateOf(row);
    firstFacts = await factsOf(displayId);
  });

  test('the same sequence delivered again changes nothing: the row, the events and the consumers stay as they were', async () => {
    const before = await mirrorRow(displayId);
    const delivered = recorded.length;
    await redeliver(sequence, 'again');
    assert.deepEqual(await mirrorRow(displayId), before, 'not even its updated_at moved');
    assert.deepEqual(await factsOf(displayId), firstFacts);
    assert.equal(recorded.length, delivered, 'no consumer saw anything new');
    const again = await t.app.deps.database.system
      .select()
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.accountId, ACCOUNT),
          inArray(
            webhookEvents.deliveryId,
            sequence.map((attempt) => `${attempt.deliveryId}-again`),
          ),
        ),
      );
    assert.equal(again.length, sequence.length);
    const conversationEvents = again.filter((row) => !row.event.startsWith('contact_'));
    assert.ok(
      conversationEvents.every(
        (row) => row.status === 'ignored' && /already applied/.test(row.lastError ?? ''),
      ),
      JSON.stringify(conversationEvents.map((row) => [row.event, row.status, row.lastError])),
    );
  });

  test('the same sequence delivered shuffled to a Hub that never saw it ends in the same row and the same events', async () => {
    const { system } = t.app.deps.database;
    await system
      .delete(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, displayId)));
    await system
      .delete(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.displayId, displayId)));
    // Newest first, then the rest interleaved: older events arrive after newer state.
    const reversed = [...sequence].reverse();
    const shuffled = [
      ...reversed.filter((_, index) => index % 2 === 0),
      ...reversed.filter((_, index) => index % 2 === 1),
    ];
    await redeliver(shuffled, 'shuffled');
    assert.deepEqual(stateOf(await mirrorRow(displayId)), firstState);
    assert.deepEqual(await factsOf(displayId), firstFacts);
  });

  test('the same sequence delivered twice, shuffled, with one webhook dropped and then reconciled ends in the same row and the same events', async () => {
    const { system } = t.app.deps.database;
    await system
      .delete(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, displayId)));
    await system
      .delete(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.displayId, displayId)));
    // The last message's webhook is lost; every other one arrives twice, newest first and interleaved.
    const dropped = sequence.findLast((attempt) => attempt.event === 'message_created');
    assert.ok(dropped);
    const reversed = sequence.filter((attempt) => attempt !== dropped).reverse();
    const shuffled = [
      ...reversed.filter((_, index) => index % 2 === 0),
      ...reversed.filter((_, index) => index % 2 === 1),
    ];
    await redeliver(shuffled, 'twice-1');
    await redeliver([...shuffled].reverse(), 'twice-2');
    const beforeReconcile = await factsOf(displayId);
    const missing = firstFacts.filter((fact) => !beforeReconcile.includes(fact));
    assert.equal(missing.length, 1, 'only the lost message is missing');
    assert.match(missing[0] ?? '', new RegExp(`"message:${dropped.payload.id}"`));
    assert.ok(
      beforeReconcile.every((fact) => firstFacts.includes(fact)),
      'and nothing else is recorded',
    );

    const mirroredBefore = (
      await system
        .select({ displayId: conversations.displayId })
        .from(conversations)
        .where(eq(conversations.accountId, ACCOUNT))
    ).map((row) => row.displayId);
    await reconcileConversations(t.app.deps, ACCOUNT);
    // The reconcile also brought Chatwoot's seeded conversations; later tests read one that no webhook brought.
    const broughtHere = and(
      eq(conversations.accountId, ACCOUNT),
      notInArray(conversations.displayId, [...mirroredBefore, displayId]),
    );
    await system.delete(conversations).where(broughtHere);
    await system
      .delete(domainEvents)
      .where(
        and(
          eq(domainEvents.accountId, ACCOUNT),
          notInArray(domainEvents.conversationDisplayId, [...mirroredBefore, displayId]),
        ),
      );
    // The API object carries the conversation's uuid, which webhook payloads do not.
    const { chatwootUuid: _uuid, ...recovered } = stateOf(await mirrorRow(displayId));
    const { chatwootUuid: _firstUuid, ...expected } = firstState;
    assert.deepEqual(recovered, expected);
    assert.deepEqual(await factsOf(displayId), firstFacts);
  });

  test('a conversation in an inbox of another account is refused and dead-lettered at once, with the reason', async () => {
    const foreignInbox = sandbox.state.db.inboxes.find((inbox) => inbox.account_id !== ACCOUNT)!;
    const template = sequence.find((attempt) => attempt.event === 'conversation_created')!;
    const payload = { ...template.payload, id: 90_001, inbox_id: foreignInbox.id };
    const body = JSON.stringify(payload);
    const secret = sandbox.state.db.webhooks.find((webhook) => template.url === webhook.url)!.secret!;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(template.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chatwoot-delivery': 'foreign-inbox-1',
        'x-chatwoot-timestamp': timestamp,
        'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      },
      body,
    });
    assert.equal(response.status, 200);
    await settled();
    const [row] = await t.app.deps.database.system
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.deliveryId, 'foreign-inbox-1'));
    assert.equal(row?.status, 'dead');
    assert.equal(row?.attempts, 1, 'refused at once, not retried');
    assert.equal(row?.lastError, `inbox ${foreignInbox.id} does not belong to account ${ACCOUNT}`);
    assert.equal(await mirrorRow(90_001), undefined);
    assert.deepEqual(await eventsOf(90_001), []);
    const deadLetters = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${ACCOUNT}/webhooks/dead-letters`,
      headers: acme.users.admin.headers,
    });
    const listed = deadLetters.json().events.find((event: { id: string }) => event.id === row?.id);
    assert.equal(listed?.last_error, row?.lastError);
  });

  test('a failing consumer is retried alone: the others are not called again', async () => {
    flakyFailures = 1;
    const before = new Set((await eventsOf(displayId)).map((event) => event.id));
    sandbox.control.postMessage({
      accountId: ACCOUNT,
      displayId,
      type: 'outgoing',
      content: 'Segue o orçamento',
    });
    await settled();
    const [fresh] = (await eventsOf(displayId)).filter((event) => !before.has(event.id));
    assert.ok(fresh);
    assert.equal(fresh.type, 'conversation.activity');
    const deliveryOf = async (consumer: string) => {
      const [row] = await t.app.deps.database.system
        .select()
        .from(domainEventDeliveries)
        .where(
          and(eq(domainEventDeliveries.eventId, fresh.id), eq(domainEventDeliveries.consumer, consumer)),
        );
      return row;
    };
    const failed = await deliveryOf('flaky');
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.lastError, 'flaky consumer is down');
    assert.equal((await deliveryOf('steady'))?.status, 'delivered');

    const retried = await eventually(async () => {
      await t.app.deps.jobs!.send(WEBHOOK_SWEEP_JOB);
      const row = await deliveryOf('flaky');
      return row?.status === 'delivered' ? row : undefined;
    });
    assert.equal(retried.attempts, 2);
    assert.equal(retried.lastError, null);
    assert.equal(flakyCalls.filter((id) => id === fresh.id).length, 2);
    assert.equal(steadyCalls.filter((id) => id === fresh.id).length, 1, 'the steady consumer ran once');
    assert.equal(recorded.filter((event) => event.id === fresh.id).length, 1);
  });

  test('when both webhooks of a status change carry it, they still record one status event', async () => {
    sandbox.control.configure({ statusChangedAttributes: 'array' });
    try {
      const before = new Set((await eventsOf(displayId)).map((event) => event.id));
      const already = hubDeliveries().length;
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'snoozed' });
      await settled();
      const sent = hubDeliveries().slice(already);
      const statusChanged = sent.find((attempt) => attempt.event === 'conversation_status_changed');
      assert.deepEqual(statusChanged?.payload.changed_attributes, [
        { status: { previous_value: 'open', current_value: 'snoozed' } },
      ]);
      assert.ok(sent.some((attempt) => attempt.event === 'conversation_updated'));
      const fresh = (await eventsOf(displayId)).filter((event) => !before.has(event.id));
      assert.deepEqual(
        fresh.map((event) => [event.type, event.payload]),
        [['conversation.status_changed', { from: 'open', to: 'snoozed' }]],
      );
      assert.equal((await mirrorRow(displayId))?.status, 'snoozed');
    } finally {
      sandbox.control.configure({ statusChangedAttributes: 'null' });
    }
    sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'open' });
    await settled();
  });

  describe('GET /accounts/:accountId/conversations/:displayId', () => {
    const get = (user: { headers: Record<string, string> }, id: number) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${ACCOUNT}/conversations/${id}`,
        headers: user.headers,
      });

    test('an admin and an agent of its inbox read the mirrored conversation', async () => {
      for (const user of [acme.users.admin, acme.users.agent]) {
        const response = await get(user, displayId);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        const row = await mirrorRow(displayId);
        assert.equal(body.display_id, displayId);
        assert.equal(body.status, row?.status);
        assert.deepEqual(body.labels, ['orcamento', 'vip']);
        assert.equal(body.assignee.id, row?.assigneeId);
        assert.equal(body.contact.email, 'maria.orcamento@cliente.test');
        assert.equal(body.first_reply_at, row?.firstReplyAt?.toISOString());
        assert.equal(body.chatwoot_url, `${sandbox.url}/app/accounts/${ACCOUNT}/conversations/${displayId}`);
      }
    });

    test("an agent who is not a member of the conversation's inbox in Chatwoot is refused", async () => {
      const eva = sandbox.state.db.users.find((user) => user.email === 'eva.agent@acme.test')!;
      const evaInboxes = new Set(
        sandbox.state.db.inboxMembers.filter((member) => member.user_id === eva.id).map((m) => m.inbox_id),
      );
      const row = await mirrorRow(displayId);
      assert.ok(row && !evaInboxes.has(row.chatwootInboxId), 'eva is not a member of that inbox');
      const response = await get(acme.users.viewer, displayId);
      assert.equal(response.statusCode, 403);
      assert.match(response.json().error.message, /members of this conversation's inbox/);
      assert.doesNotMatch(response.body, /maria/i);
    });

    test('a conversation no webhook brought is read from Chatwoot on demand and mirrored, with its created event', async () => {
      const { system } = t.app.deps.database;
      const mirrored = await system
        .select({ displayId: conversations.displayId })
        .from(conversations)
        .where(eq(conversations.accountId, ACCOUNT));
      const seeded = sandbox.state.db.conversations.find(
        (conversation) =>
          conversation.account_id === ACCOUNT &&
          !mirrored.some((row) => row.displayId === conversation.display_id),
      )!;
      const response = await get(acme.users.admin, seeded.display_id);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().status, seeded.status);
      const row = await mirrorRow(seeded.display_id);
      assert.equal(row?.chatwootInboxId, seeded.inbox_id);
      assert.deepEqual(
        (await eventsOf(seeded.display_id)).map((event) => event.type),
        ['conversation.created'],
      );
    });

    test('a conversation Chatwoot does not know is 404, and nothing is stored', async () => {
      const response = await get(acme.users.admin, 987_654);
      assert.equal(response.statusCode, 404);
      assert.equal(await mirrorRow(987_654), undefined);
    });
  });

  test('contact_updated refreshes the contact fields cached on mirrored conversations', async () => {
    const row = await mirrorRow(displayId);
    assert.ok(row?.contactId);
    sandbox.control.updateContact({ accountId: ACCOUNT, contactId: row.contactId, name: 'Maria Souza' });
    await settled();
    assert.equal((await mirrorRow(displayId))?.contactName, 'Maria Souza');
    const unknown = await t.app.deps.database.system
      .select()
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.accountId, ACCOUNT),
          notInArray(webhookEvents.status, ['processed', 'ignored', 'dead']),
        ),
      );
    assert.deepEqual(unknown, [], 'every subscribed event was handled');
  });
});

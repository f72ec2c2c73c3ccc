import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  boardStages,
  boards,
  cards,
  conversations,
  domainEventDeliveries,
  domainEvents,
  inboxes,
  webhookEvents,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant } from '../../test/factories';
import { eventually } from '../../test/net';
import { CHATWOOT_WEBHOOK_JOB } from './service';

/** Past int4: PostgreSQL refuses the id, so the batch's transaction fails on this delivery. */
const UNSTORABLE_DISPLAY_ID = 2 ** 31;
const T0 = 1_790_000_000;

function conversationOf(displayId: number, inboxId: number, at: number, extra: Record<string, unknown> = {}) {
  return {
    id: displayId,
    inbox_id: inboxId,
    status: 'open',
    labels: [],
    created_at: T0,
    updated_at: at,
    last_activity_at: at,
    meta: { sender: { id: 7, name: 'Maria' } },
    ...extra,
  };
}

function messageCreated(
  messageId: number,
  displayId: number,
  inboxId: number,
  at: number,
  conversation: Record<string, unknown> = {},
) {
  return {
    event: 'message_created',
    id: messageId,
    content: 'oi',
    message_type: 'incoming',
    private: false,
    created_at: new Date(at * 1000).toISOString(),
    sender: { id: 7, type: 'contact' },
    conversation: conversationOf(displayId, inboxId, at, conversation),
  };
}

function resolved(displayId: number, inboxId: number, at: number) {
  return {
    event: 'conversation_updated',
    ...conversationOf(displayId, inboxId, at, { status: 'resolved' }),
    changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }],
  };
}

describe('webhook deliveries processed in batches', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      env: { JOBS_ENABLED: 'false', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_DELAY_MS: '50' },
    });
  });
  after(() => t.close());

  const system = () => t.app.deps.database.system;

  async function tenantWithInbox(name: string, chatwootInboxId: number) {
    const tenant = await createTenant(t.app, name);
    await system().insert(inboxes).values({
      accountId: tenant.accountId,
      chatwootInboxId,
      name: 'WhatsApp',
      channelType: 'Channel::Api',
    });
    return tenant;
  }

  /**
   * Stores the deliveries and queues them as the intake does: in one `sendMany`, whose jobs start in one
   * turn, so the attempts of each account form one batch.
   */
  async function deliver(items: { accountId: number; payload: { event: string } }[]) {
    const stored = await system()
      .insert(webhookEvents)
      .values(
        items.map((item, index) => ({
          provider: 'chatwoot' as const,
          accountId: item.accountId,
          deliveryId: `batch-${Date.now()}-${index}`,
          event: item.payload.event,
          rawBody: JSON.stringify(item.payload),
          signatureVerified: true,
        })),
      )
      .returning({ id: webhookEvents.id, deliveryId: webhookEvents.deliveryId });
    const ids = items.map((_, index) => stored.find((row) => row.deliveryId.endsWith(`-${index}`))!.id);
    await t.app.deps.jobs!.sendMany(
      CHATWOOT_WEBHOOK_JOB,
      items.map((item, index) => ({ account_id: item.accountId, event_id: ids[index] })),
    );
    return ids;
  }

  const finished = (ids: string[]) =>
    eventually(async () => {
      const rows = await system().select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
      return rows.every((row) => ['processed', 'ignored', 'dead'].includes(row.status)) ? rows : undefined;
    });

  const factsOf = (accountId: number) =>
    system()
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.accountId, accountId))
      .orderBy(asc(domainEvents.dedupeKey));

  test('one poisoned delivery fails alone: the others of its batch are applied once, it is retried and then dead-lettered', async () => {
    const acme = await tenantWithInbox('Acme', 41);
    const a = acme.accountId;
    const ids = await deliver([
      { accountId: a, payload: messageCreated(9001, 501, 41, T0 + 10) },
      { accountId: a, payload: resolved(501, 41, T0 + 20) },
      { accountId: a, payload: messageCreated(9002, UNSTORABLE_DISPLAY_ID, 41, T0 + 25) },
      { accountId: a, payload: messageCreated(9003, 501, 41, T0 + 30, { status: 'resolved' }) },
      { accountId: a, payload: messageCreated(9004, 502, 41, T0 + 40) },
    ]);
    const rows = await finished(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const poisoned = byId.get(ids[2]!)!;
    assert.equal(poisoned.status, 'dead');
    assert.equal(poisoned.attempts, 3, 'retried up to the limit, each attempt counted once');
    assert.match(poisoned.lastError ?? '', /^database error 22003/);
    assert.equal(poisoned.nextAttemptAt, null);
    for (const id of [ids[0], ids[1], ids[3], ids[4]]) {
      const row = byId.get(id!)!;
      assert.equal(row.status, 'processed', `${row.event} ${row.id}: ${row.lastError}`);
      assert.equal(row.attempts, 1, 'applied by the first attempt, not again by the retries');
      assert.equal(row.lastError, null);
    }
    const fallback = t.logs.lines.filter(
      (line) => line.msg === 'webhook batch failed; applying its events one at a time',
    );
    assert.equal(fallback.length, 1, 'the five arrived as one batch, whose transaction failed once');
    assert.equal(fallback[0]?.events, 5);

    const mirrored = await system()
      .select()
      .from(conversations)
      .where(eq(conversations.accountId, a))
      .orderBy(asc(conversations.displayId));
    assert.deepEqual(
      mirrored.map((row) => [row.displayId, row.status, row.lastIncomingAt?.getTime()]),
      [
        [501, 'resolved', (T0 + 30) * 1000],
        [502, 'open', (T0 + 40) * 1000],
      ],
    );
    const facts = await factsOf(a);
    assert.deepEqual(
      facts.map((fact) => fact.dedupeKey),
      [
        'created:501',
        'created:502',
        'message:9001',
        'message:9003',
        'message:9004',
        `status:501:${T0 + 20}:resolved`,
      ],
    );
    const deliveries = await system()
      .select()
      .from(domainEventDeliveries)
      .where(eq(domainEventDeliveries.accountId, a));
    assert.equal(deliveries.length, facts.length * 2, 'one delivery per fact and consumer');
    assert.ok(deliveries.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1));

    // Delivered again (a replay of the same deliveries): nothing changes, nothing is recorded twice.
    const again = await deliver([
      { accountId: a, payload: messageCreated(9001, 501, 41, T0 + 10) },
      { accountId: a, payload: resolved(501, 41, T0 + 20) },
    ]);
    const replayed = await finished(again);
    assert.deepEqual(
      replayed.map((row) => row.status),
      ['ignored', 'ignored'],
    );
    assert.equal((await factsOf(a)).length, facts.length);
  });

  test('a batch of two accounts: each account applies its own deliveries, with its own inbox check, in its own tenant', async () => {
    const north = await tenantWithInbox('North', 61);
    const south = await tenantWithInbox('South', 62);
    const ids = await deliver([
      { accountId: north.accountId, payload: messageCreated(7001, 700, 61, T0 + 1) },
      { accountId: south.accountId, payload: messageCreated(7002, 700, 62, T0 + 2) },
      { accountId: north.accountId, payload: resolved(700, 61, T0 + 3) },
      // South's inbox in a delivery registered for North: refused, and only that delivery.
      { accountId: north.accountId, payload: messageCreated(7003, 701, 62, T0 + 4) },
      { accountId: south.accountId, payload: messageCreated(7004, 700, 62, T0 + 5) },
    ]);
    const rows = await finished(ids);
    const status = (id: string) => rows.find((row) => row.id === id)?.status;
    assert.deepEqual(ids.map(status), ['processed', 'processed', 'processed', 'dead', 'processed']);
    const refused = rows.find((row) => row.id === ids[3]);
    assert.equal(refused?.attempts, 1, 'a refusal is not retried');
    assert.match(refused?.lastError ?? '', /inbox 62 does not belong to account/);

    const mirrorOf = (accountId: number) =>
      system()
        .select()
        .from(conversations)
        .where(and(eq(conversations.accountId, accountId), eq(conversations.displayId, 700)));
    const [northRow] = await mirrorOf(north.accountId);
    const [southRow] = await mirrorOf(south.accountId);
    assert.equal(northRow?.status, 'resolved');
    assert.equal(northRow?.chatwootInboxId, 61);
    assert.equal(southRow?.status, 'open');
    assert.equal(southRow?.chatwootInboxId, 62);
    assert.equal(southRow?.lastIncomingAt?.getTime(), (T0 + 5) * 1000);
    assert.deepEqual(
      (await factsOf(north.accountId)).map((fact) => fact.dedupeKey),
      ['created:700', 'message:7001', `status:700:${T0 + 3}:resolved`],
    );
    assert.deepEqual(
      (await factsOf(south.accountId)).map((fact) => fact.dedupeKey),
      ['created:700', 'message:7002', 'message:7004'],
    );
  });

  test('a conversation created and labelled in one batch: the Kanban sees the label too, and the new card goes to its stage', async () => {
    const acme = await tenantWithInbox('Labelled', 81);
    const a = acme.accountId;
    const [board] = await system().insert(boards).values({ accountId: a, name: 'Atendimento' }).returning();
    const [, quote] = await system()
      .insert(boardStages)
      .values([
        { accountId: a, boardId: board!.id, name: 'Aberta', position: 1, mapsStatus: 'open' },
        { accountId: a, boardId: board!.id, name: 'Orçamento', position: 2, mapsLabel: 'orcamento' },
      ])
      .returning();
    const labelled = {
      event: 'conversation_updated',
      ...conversationOf(800, 81, T0 + 1, { labels: ['orcamento'] }),
      changed_attributes: [{ label_list: { previous_value: [], current_value: ['orcamento'] } }],
    };
    const ids = await deliver([
      { accountId: a, payload: { event: 'conversation_created', ...conversationOf(800, 81, T0) } },
      { accountId: a, payload: labelled },
    ]);
    await finished(ids);
    const kanbanDeliveries = await eventually(async () => {
      const rows = await system()
        .select()
        .from(domainEventDeliveries)
        .where(and(eq(domainEventDeliveries.accountId, a), eq(domainEventDeliveries.consumer, 'kanban')));
      return rows.length === 2 && rows.every((row) => row.status === 'delivered') ? rows : undefined;
    });
    assert.equal(kanbanDeliveries.length, 2, 'the creation and the label change, each delivered once');
    const [card] = await system()
      .select()
      .from(cards)
      .where(and(eq(cards.accountId, a), eq(cards.conversationDisplayId, 800)));
    assert.equal(card?.stageId, quote!.id, 'the label change moved the card made by the creation');
  });
});

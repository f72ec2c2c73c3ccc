import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DeliveryAttempt, type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import type { Board, Card, DomainEvent } from '@whatpro/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { cardEvents, cards, domainEvents } from '../../db/schema';
import { presentDomainEvent } from '../../domain-events/service';
import type { TestApp } from '../../test/app';
import type { TestTenant } from '../../test/factories';
import { eventually } from '../../test/net';
import { connectToSandbox, createSandboxTenant, listeningHubFor, webhooksSettled } from '../../test/sandbox';
import { reconcileConversations } from '../conversations/reconcile';
import { applyDomainEvent } from './automation';

const ACCOUNT = 1;
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`Kanban automation from Chatwoot webhooks (${engine})`, () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  let board: Board;
  const stage = (name: string) => board.stages.find((row) => row.name === name)!.id;

  // Chatwoot's clock, held still by a test to put two changes at the same instant.
  let heldAt: number | undefined;
  before(async () => {
    sandbox = await startSandbox({ clock: () => heldAt ?? Date.now() });
    t = await listeningHubFor(sandbox);
    acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, {
      admin: 'ana.admin@acme.test',
      agent: 'bruno.agent@acme.test',
    });
    await connectToSandbox(t.app, acme);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${ACCOUNT}/boards`,
      headers: acme.users.admin.headers,
      payload: {
        name: 'Atendimento',
        stages: [
          { name: 'Aguardando', maps_status: 'pending' },
          { name: 'Em atendimento', maps_status: 'open', is_in_progress: true },
          { name: 'Orçamento', maps_label: 'orcamento' },
          { name: 'Resolvido', maps_status: 'resolved', is_done: true },
        ],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    board = created.json();
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const settled = () => webhooksSettled(t.app, sandbox, ACCOUNT);
  const step = async (action: () => unknown) => {
    await action();
    await settled();
  };
  const cardOf = async (displayId: number) => {
    const rows = await t.app.deps.database.system
      .select()
      .from(cards)
      .where(and(eq(cards.accountId, ACCOUNT), eq(cards.conversationDisplayId, displayId)));
    assert.ok(rows.length <= 1);
    return rows[0];
  };
  const historyOf = async (cardId: string) =>
    (
      await t.app.deps.database.system
        .select()
        .from(cardEvents)
        .where(eq(cardEvents.cardId, cardId))
        .orderBy(asc(cardEvents.at), asc(cardEvents.id))
    ).map((event) => [event.type, event.cause, event.fromStageId, event.toStageId]);
  const hubDeliveries = () =>
    sandbox.deliveries.all().filter((attempt) => attempt.url.includes(`/webhooks/chatwoot/${ACCOUNT}/`));
  const setStatus = (displayId: number, status: 'open' | 'pending' | 'resolved') =>
    step(() => sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status }));
  const setLabels = (displayId: number, labels: string[]) =>
    step(async () => {
      const response = await fetch(
        `${sandbox.url}/api/v1/accounts/${ACCOUNT}/conversations/${displayId}/labels`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', api_access_token: 'sandbox-token-ana-admin' },
          body: JSON.stringify({ labels }),
        },
      );
      assert.equal(response.status, 200);
    });
  const newConversation = async (name: string) => {
    const conversation = sandbox.control.createConversation({
      accountId: ACCOUNT,
      inboxId: 1,
      contact: { name },
      message: 'Olá',
    }) as { id: number };
    await settled();
    return conversation.id;
  };

  let displayId = 0;
  let sequence: DeliveryAttempt[] = [];

  test('create → pending → open → resolved → reopened: one card, the right stages, cycles and history', async () => {
    const already = hubDeliveries().length;
    displayId = await newConversation('Maria Kanban');
    const created = await eventually(() => cardOf(displayId));
    assert.equal(created.title, 'Maria Kanban');
    assert.equal(created.stageId, stage('Em atendimento'));
    assert.equal(created.inboxId, 1);
    await setStatus(displayId, 'pending');
    assert.equal((await cardOf(displayId))?.stageId, stage('Aguardando'));
    await setStatus(displayId, 'open');
    assert.equal((await cardOf(displayId))?.stageId, stage('Em atendimento'));
    await setStatus(displayId, 'resolved');
    const resolved = await cardOf(displayId);
    assert.deepEqual(
      [resolved?.stageId, resolved?.cycle, resolved?.conversationStatus],
      [stage('Resolvido'), 1, 'resolved'],
    );
    await setStatus(displayId, 'open');
    const reopened = await cardOf(displayId);
    assert.deepEqual([reopened?.stageId, reopened?.cycle], [stage('Em atendimento'), 2]);
    assert.deepEqual(await historyOf(created.id), [
      ['create', 'automation', null, stage('Em atendimento')],
      ['move', 'automation', stage('Em atendimento'), stage('Aguardando')],
      ['move', 'automation', stage('Aguardando'), stage('Em atendimento')],
      ['move', 'automation', stage('Em atendimento'), stage('Resolvido')],
      ['reopen', 'automation', stage('Resolvido'), stage('Em atendimento')],
      ['move', 'automation', stage('Resolvido'), stage('Em atendimento')],
    ]);
    sequence = hubDeliveries().slice(already);
  });

  test('duplicate webhooks and domain events delivered again or out of order change nothing', async () => {
    const card = await cardOf(displayId);
    assert.ok(card);
    const history = await historyOf(card.id);
    // The same webhooks again, as new deliveries: the outbox knows the facts already.
    for (const attempt of sequence) {
      const headers = Object.fromEntries(
        Object.entries(attempt.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const response = await fetch(attempt.url, {
        method: 'POST',
        headers: { ...headers, 'x-chatwoot-delivery': `${attempt.deliveryId}-again` },
        body: attempt.body,
      });
      assert.equal(response.status, 200);
    }
    await settled();
    // The consumer itself handed every recorded event again, newest first.
    const recorded = await t.app.deps.database.system
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, displayId)))
      .orderBy(asc(domainEvents.occurredAt));
    for (const row of [...recorded].reverse()) await applyDomainEvent(t.app.deps, presentDomainEvent(row));
    for (const row of recorded) await applyDomainEvent(t.app.deps, presentDomainEvent(row));
    const after = await cardOf(displayId);
    assert.deepEqual(
      [after?.stageId, after?.cycle, after?.version, after?.conversationStatus],
      [card.stageId, card.cycle, card.version, card.conversationStatus],
    );
    assert.deepEqual(await historyOf(card.id), history);
  });

  test('labels: an added label with a stage moves the card there; removing it sends the card back', async () => {
    const id = await newConversation('Label Kanban');
    const card = await eventually(() => cardOf(id));
    await setLabels(id, ['orcamento', 'vip']);
    const labelled = await cardOf(id);
    assert.equal(labelled?.stageId, stage('Orçamento'));
    assert.deepEqual(labelled?.labels, ['orcamento', 'vip']);
    await setLabels(id, ['vip']);
    const unlabelled = await cardOf(id);
    assert.equal(unlabelled?.stageId, stage('Em atendimento'));
    assert.deepEqual(unlabelled?.labels, ['vip']);
    const history = await historyOf(card.id);
    assert.deepEqual(
      history.filter(([type]) => type === 'move'),
      [
        ['move', 'automation', stage('Em atendimento'), stage('Orçamento')],
        ['move', 'automation', stage('Orçamento'), stage('Em atendimento')],
      ],
    );
  });

  test("a person's move wins until the status changes; moving into a label's stage applies the label in Chatwoot", async () => {
    const id = await newConversation('Manual Kanban');
    const card = await eventually(() => cardOf(id));
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${ACCOUNT}/boards/${board.id}/cards/${card.id}/move`,
      headers: acme.users.agent.headers,
      payload: { stage_id: stage('Orçamento') },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((moved.json() as Card).manual_stage_until_status_change, true);
    await settled();
    const chatwoot = sandbox.state.db.conversations.find(
      (row) => row.account_id === ACCOUNT && row.display_id === id,
    )!;
    assert.deepEqual(chatwoot.labels, ['orcamento']);
    const actions = (await historyOf(card.id)).filter(([type]) => type === 'action');
    assert.equal(actions.length, 1);
    const held = await cardOf(id);
    assert.deepEqual([held?.stageId, held?.labels], [stage('Orçamento'), ['orcamento']]);
    // A label change does not undo the person's move...
    await setLabels(id, []);
    assert.equal((await cardOf(id))?.stageId, stage('Orçamento'));
    // ...a status change does.
    await setStatus(id, 'pending');
    const followed = await cardOf(id);
    assert.deepEqual(
      [followed?.stageId, followed?.manualStageUntilStatusChange],
      [stage('Aguardando'), false],
    );
  });

  test('a status change at the same Chatwoot time as the creation still moves the card', async () => {
    heldAt = Math.floor(Date.now() / 1000) * 1000;
    const created = sandbox.control.createConversation({
      accountId: ACCOUNT,
      inboxId: 1,
      status: 'pending',
      contact: { name: 'Mesmo Segundo' },
      message: 'Oi!',
    }) as { id: number };
    await settled();
    assert.equal((await eventually(() => cardOf(created.id))).stageId, stage('Aguardando'));
    await setStatus(created.id, 'resolved');
    assert.equal((await cardOf(created.id))?.stageId, stage('Resolvido'));
    await setStatus(created.id, 'open');
    const card = await cardOf(created.id);
    assert.equal(card?.stageId, stage('Em atendimento'));
    heldAt = undefined;
    // Delivered again in any order, the changes of that one instant still end where Chatwoot is.
    const recorded = await t.app.deps.database.system
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, created.id)))
      .orderBy(asc(domainEvents.createdAt));
    for (const row of [...recorded].reverse()) await applyDomainEvent(t.app.deps, presentDomainEvent(row));
    for (const row of recorded) await applyDomainEvent(t.app.deps, presentDomainEvent(row));
    const after = await cardOf(created.id);
    assert.deepEqual(
      [after?.stageId, after?.conversationStatus, after?.version],
      [stage('Em atendimento'), 'open', card?.version],
    );
  });

  test('a status change only the reconcile found moves the card with cause reconcile', async () => {
    const lost = await newConversation('Rita Reconcile');
    const card = await eventually(() => cardOf(lost));
    assert.equal(card.stageId, stage('Em atendimento'));
    sandbox.control.dropDeliveries({ event: 'conversation_status_changed' });
    sandbox.control.dropDeliveries({ event: 'conversation_updated' });
    await setStatus(lost, 'pending');
    assert.equal((await cardOf(lost))?.stageId, stage('Em atendimento'), 'no webhook reported it');

    await reconcileConversations(t.app.deps, ACCOUNT);
    const moved = await eventually(async () => {
      const row = await cardOf(lost);
      return row?.stageId === stage('Aguardando') ? row : undefined;
    });
    assert.equal(moved.conversationStatus, 'pending');
    assert.deepEqual(await historyOf(card.id), [
      ['create', 'automation', null, stage('Em atendimento')],
      ['move', 'reconcile', stage('Em atendimento'), stage('Aguardando')],
    ]);
    const facts = await t.app.deps.database.system
      .select({ type: domainEvents.type, source: domainEvents.source })
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, lost)))
      .orderBy(asc(domainEvents.createdAt));
    assert.deepEqual(
      facts.filter((fact) => fact.type !== 'conversation.activity'),
      [
        { type: 'conversation.created', source: 'webhook' },
        { type: 'conversation.status_changed', source: 'reconcile' },
      ],
    );
  });

  test('an event for another account or an unknown conversation changes nothing', async () => {
    const before = await t.app.deps.database.system.select().from(cards);
    const stray: DomainEvent = {
      id: '00000000-0000-4000-8000-000000000000',
      type: 'conversation.status_changed',
      account_id: ACCOUNT,
      conversation_display_id: 987_654,
      occurred_at: new Date().toISOString(),
      source: 'webhook',
      data: { from: 'open', to: 'resolved' },
    };
    await applyDomainEvent(t.app.deps, stray);
    assert.deepEqual(await t.app.deps.database.system.select().from(cards), before);
  });
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import type { ActionRun, Board, StageAction } from '@whatpro/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { auditLogs, cardActionRuns, cardEvents, cards } from '../../db/schema';
import type { TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { eventually, type FakeHttpServer, startFakeHttpServer } from '../../test/net';
import { connectToSandbox, createSandboxTenant, listeningHubFor, webhooksSettled } from '../../test/sandbox';
import { planRuns, stageEntered, sweepActions } from './actions';
import { webhookSecret } from './webhook-key';

const ACCOUNT = 1;
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`Kanban stage actions through the Chatwoot sandbox (${engine})`, () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  let board: Board;
  let receiver: FakeHttpServer;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const stage = (name: string) => board.stages.find((row) => row.name === name)!.id;
  const url = (path: string) => `/api/v1/accounts/${ACCOUNT}/boards/${board.id}${path}`;

  before(async () => {
    sandbox = await startSandbox();
    receiver = await startFakeHttpServer();
    t = await listeningHubFor(sandbox);
    acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, {
      admin: 'ana.admin@acme.test',
      agent: 'bruno.agent@acme.test',
    });
    other = await createTenant(t.app, 'Other');
    await connectToSandbox(t.app, acme);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${ACCOUNT}/boards`,
      headers: acme.users.admin.headers,
      payload: {
        name: 'Vendas',
        stages: [
          { name: 'Entrada', maps_status: 'open' },
          { name: 'Qualificado' },
          { name: 'VIP', maps_label: 'vip' },
          { name: 'Integração' },
          { name: 'Resolvido', maps_status: 'resolved', is_done: true },
        ],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    board = created.json();
  });
  after(async () => {
    await t.close();
    await receiver.close();
    await sandbox.close();
  });

  const settled = () => webhooksSettled(t.app, sandbox, ACCOUNT);
  const setActions = (stageName: string, actions: StageAction[], user = acme.users.admin) =>
    t.app.inject({
      method: 'PUT',
      url: url(`/stages/${stage(stageName)}/actions`),
      headers: user.headers,
      payload: { actions },
    });
  const runsOf = async (cardId: string) =>
    t.app.deps.database.system
      .select()
      .from(cardActionRuns)
      .where(eq(cardActionRuns.cardId, cardId))
      .orderBy(asc(cardActionRuns.createdAt), asc(cardActionRuns.actionIndex));
  /** Waits until no run of the card is pending or running. */
  const finished = (cardId: string) =>
    eventually(async () => {
      const runs = await runsOf(cardId);
      return runs.length > 0 && runs.every((run) => run.status !== 'pending' && run.status !== 'running')
        ? runs
        : undefined;
    });
  const conversationOf = (displayId: number) =>
    sandbox.state.db.conversations.find((c) => c.account_id === ACCOUNT && c.display_id === displayId)!;
  const messagesOf = (displayId: number) =>
    sandbox.state.db.messages.filter((m) => m.conversation_id === conversationOf(displayId).id);
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
  const cardOf = async (displayId: number) => {
    const [row] = await t.app.deps.database.system
      .select()
      .from(cards)
      .where(and(eq(cards.accountId, ACCOUNT), eq(cards.conversationDisplayId, displayId)));
    return row;
  };
  const move = (cardId: string, stageName: string) =>
    t.app.inject({
      method: 'POST',
      url: url(`/cards/${cardId}/move`),
      headers: acme.users.admin.headers,
      payload: { stage_id: stage(stageName) },
    });

  test('setting actions: 401 without a session, 400 for an unknown action, 403 for an agent, 404 elsewhere', async () => {
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: url(`/stages/${stage('Qualificado')}/actions`),
      payload: { actions: [] },
    });
    assert.equal(anonymous.statusCode, 401);
    const unknown = await setActions('Qualificado', [{ type: 'delete_everything' } as never]);
    assert.equal(unknown.statusCode, 400);
    const badLabel = await setActions('Qualificado', [{ type: 'add_labels', labels: ['two words'] }]);
    assert.equal(badLabel.statusCode, 400);
    const agent = await setActions('Qualificado', [], acme.users.agent);
    assert.equal(agent.statusCode, 403);
    const elsewhere = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${other.accountId}/boards/${board.id}/stages/${stage('Qualificado')}/actions`,
      headers: other.users.admin.headers,
      payload: { actions: [] },
    });
    assert.equal(elsewhere.statusCode, 404);
    const stored = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${ACCOUNT}/boards/${board.id}`,
      headers: acme.users.admin.headers,
    });
    assert.deepEqual((stored.json() as Board).stages.find((row) => row.name === 'Qualificado')?.actions, []);
  });

  test('on entering a stage: labels, team, private note and message with the contact name, each once', async () => {
    const saved = await setActions('Qualificado', [
      { type: 'add_labels', labels: ['qualificado'] },
      { type: 'assign_team', team_id: 1 },
      { type: 'private_note', template: 'Lead {{contact.name}} qualificado em {{stage.name}}' },
      { type: 'message', template: 'Olá, {{contact.name}}! Recebemos seu pedido.' },
    ]);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().actions.length, 4);
    const displayId = await newConversation('Maria Ação');
    const card = await eventually(() => cardOf(displayId));
    assert.equal((await move(card.id, 'Qualificado')).statusCode, 200);
    const runs = await finished(card.id);
    assert.deepEqual(
      runs.map((run) => [run.actionIndex, run.status, run.attempts]),
      [
        [0, 'succeeded', 1],
        [1, 'succeeded', 1],
        [2, 'succeeded', 1],
        [3, 'succeeded', 1],
      ],
    );
    const conversation = conversationOf(displayId);
    assert.ok(conversation.labels.includes('qualificado'));
    assert.equal(conversation.team_id, 1);
    const posted = messagesOf(displayId).filter((m) => m.message_type === 'outgoing');
    assert.deepEqual(
      posted.map((m) => [m.content, m.private]),
      [
        ['Lead Maria Ação qualificado em Qualificado', true],
        ['Olá, Maria Ação! Recebemos seu pedido.', false],
      ],
    );
    // Shown in the card's history and audited.
    const history = await t.app.deps.database.system
      .select()
      .from(cardEvents)
      .where(and(eq(cardEvents.cardId, card.id), eq(cardEvents.type, 'action')));
    assert.deepEqual(history.map((event) => [event.data.action, event.data.ok]).sort(), [
      ['add_labels', true],
      ['assign_team', true],
      ['message', true],
      ['private_note', true],
    ]);
    const audited = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, ACCOUNT), eq(auditLogs.action, 'kanban.stage_action.succeeded')));
    assert.ok(runs.every((run) => audited.some((row) => row.resourceId === run.id)));

    // A replay of the entry (the writer's nudge again, the sweep) plans and sends nothing more.
    await settled();
    await stageEntered(t.app.deps, ACCOUNT, card.id);
    await sweepActions(t.app.deps, ACCOUNT, new Date());
    assert.deepEqual(
      await t.app.deps.database.tenant(ACCOUNT, (tx) => planRuns(tx, ACCOUNT, new Date())),
      [],
    );
    assert.equal((await runsOf(card.id)).length, 4);
    assert.equal(messagesOf(displayId).filter((m) => m.message_type === 'outgoing').length, 2);

    const listed = await t.app.inject({
      method: 'GET',
      url: url(`/cards/${card.id}/actions`),
      headers: acme.users.agent.headers,
    });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      (listed.json().runs as ActionRun[]).map((run) => run.status),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
    );
  });

  test('loop guard: a label an action applied, coming back from Chatwoot, triggers no actions', async () => {
    // Entrada adds "vip"; the VIP stage follows that label and would add "eco". The label's webhook
    // moves the card to VIP (the automation follows labels), but that entry is the action's own echo.
    assert.equal((await setActions('Entrada', [{ type: 'add_labels', labels: ['vip'] }])).statusCode, 200);
    assert.equal((await setActions('VIP', [{ type: 'add_labels', labels: ['eco'] }])).statusCode, 200);
    const displayId = await newConversation('Laço');
    const card = await eventually(() => cardOf(displayId));
    const runs = await finished(card.id);
    assert.deepEqual(
      runs.map((run) => [run.stageId, run.status]),
      [[stage('Entrada'), 'succeeded']],
    );
    await settled();
    const moved = await eventually(async () => {
      const row = await cardOf(displayId);
      return row?.stageId === stage('VIP') ? row : undefined;
    });
    await sweepActions(t.app.deps, ACCOUNT, new Date());
    await settled();
    assert.equal((await runsOf(moved.id)).length, 1, 'the echo planned no run');
    assert.deepEqual(conversationOf(displayId).labels, ['vip']);
    // A person moving the card into VIP is no echo: its actions run.
    await setActions('Entrada', []);
    assert.equal((await move(card.id, 'Qualificado')).statusCode, 200);
    assert.equal((await move(card.id, 'VIP')).statusCode, 200);
    await eventually(async () =>
      (await runsOf(card.id)).some((run) => run.stageId === stage('VIP') && run.status === 'succeeded')
        ? true
        : undefined,
    );
    assert.ok(conversationOf(displayId).labels.includes('eco'));
  });

  test('a signed webhook; a failure is visible on the card, retried by a person, then done', async () => {
    let answer = 502;
    receiver.handle((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answer;
        res.end();
      });
    });
    await setActions('Integração', [{ type: 'webhook', url: `${receiver.url}/hook` }]);
    const created = await t.app.inject({
      method: 'POST',
      url: url('/cards'),
      headers: acme.users.admin.headers,
      payload: { title: '=cmd|calc', stage_id: stage('Entrada') },
    });
    assert.equal(created.statusCode, 201, created.body);
    const cardId = created.json().id as string;
    assert.equal((await move(cardId, 'Integração')).statusCode, 200);
    const [failed] = (await finished(cardId)).filter((run) => run.stageId === stage('Integração'));
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.lastError, 'the webhook answered HTTP 502');
    assert.ok(failed?.nextAttemptAt, 'a failed run is scheduled for another try');

    const delivery = received.at(-1)!;
    const secret = await webhookSecret(t.app.deps, ACCOUNT);
    const timestamp = String(delivery.headers['x-whatpro-timestamp']);
    assert.equal(
      delivery.headers['x-whatpro-signature'],
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`,
    );
    assert.equal(delivery.headers['x-whatpro-delivery'], failed!.id);
    const payload = JSON.parse(delivery.body);
    assert.equal(payload.event, 'kanban.stage_entered');
    assert.equal(payload.card.id, cardId);
    assert.equal(payload.stage.name, 'Integração');

    const history = await t.app.inject({
      method: 'GET',
      url: url(`/cards/${cardId}/events`),
      headers: acme.users.admin.headers,
    });
    const actionEvents = (history.json().events as { type: string; data: Record<string, unknown> }[]).filter(
      (event) => event.type === 'action',
    );
    assert.deepEqual(
      actionEvents.map((event) => [event.data.action, event.data.ok, event.data.error]),
      [['webhook', false, 'the webhook answered HTTP 502']],
    );

    const retryUrl = url(`/cards/${cardId}/actions/${failed!.id}/retry`);
    assert.equal((await t.app.inject({ method: 'POST', url: retryUrl })).statusCode, 401);
    const bogus = await t.app.inject({
      method: 'POST',
      url: url(`/cards/${cardId}/actions/not-a-uuid/retry`),
      headers: acme.users.admin.headers,
    });
    assert.equal(bogus.statusCode, 400);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${other.accountId}/boards/${board.id}/cards/${cardId}/actions/${failed!.id}/retry`,
      headers: other.users.admin.headers,
    });
    assert.equal(elsewhere.statusCode, 404);

    answer = 204;
    const retried = await t.app.inject({ method: 'POST', url: retryUrl, headers: acme.users.admin.headers });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().status, 'succeeded');
    assert.equal(retried.json().attempts, 2);
    const [stored] = (await runsOf(cardId)).filter((run) => run.id === failed!.id);
    assert.deepEqual([stored?.status, stored?.lastError, stored?.nextAttemptAt], ['succeeded', null, null]);
    const again = await t.app.inject({ method: 'POST', url: retryUrl, headers: acme.users.admin.headers });
    assert.equal(again.statusCode, 409);
  });
});

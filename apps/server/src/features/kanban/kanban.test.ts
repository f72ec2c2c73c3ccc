import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Board, Card, CardEvent } from '@whatpro/contracts';
import { eq } from 'drizzle-orm';
import {
  boards,
  cardChecklistItems,
  cardEvents,
  cardNotes,
  cards,
  conversations,
  inboxMembers,
} from '../../db/schema';
import { changesBetween, storedState } from '../../security/stored-state';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant, type TestUser } from '../../test/factories';
import { eventually } from '../../test/net';
import { channels, type UserEventsMessage } from '../realtime/events';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const INBOX_SALES = 7;
const INBOX_SUPPORT = 8;

const databaseError = (pattern: RegExp) => (error: Error) =>
  pattern.test(error.cause instanceof Error ? error.cause.message : error.message);

describe(`Kanban API (${engine})`, () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  const published: UserEventsMessage[] = [];

  const base = (accountId: number) => `/api/v1/accounts/${accountId}/boards`;
  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload }) });

  async function mirror(accountId: number, displayId: number, inboxId: number, contactId = displayId) {
    const now = new Date();
    await t.app.deps.database.system.insert(conversations).values({
      accountId,
      displayId,
      chatwootInboxId: inboxId,
      status: 'open',
      contactId,
      contactName: `Contato ${contactId}`,
      contactPhone: '+5511900000000',
      chatwootCreatedAt: now,
      sourceUpdatedAt: now,
    });
  }

  async function newBoard(
    user: TestUser,
    accountId: number,
    extra: Record<string, unknown> = {},
  ): Promise<Board> {
    const response = await call(user, 'POST', base(accountId), {
      name: 'Vendas',
      loss_reasons: ['Preço', 'Sem resposta'],
      stages: [
        { name: 'Novo', maps_status: 'pending' },
        { name: 'Em atendimento', maps_status: 'open', is_in_progress: true },
        { name: 'Resolvido', maps_status: 'resolved', is_done: true },
      ],
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }

  async function newCard(
    user: TestUser,
    board: Board,
    payload: Record<string, unknown> = { title: 'Free card' },
  ) {
    const response = await call(user, 'POST', `${base(acme.accountId)}/${board.id}/cards`, payload);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as Card;
  }

  const storedCard = async (cardId: string) => {
    const [row] = await t.app.deps.database.system.select().from(cards).where(eq(cards.id, cardId));
    return row;
  };
  const storedEvents = (cardId: string) =>
    t.app.deps.database.system
      .select()
      .from(cardEvents)
      .where(eq(cardEvents.cardId, cardId))
      .orderBy(cardEvents.at);

  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Acme');
    other = await createTenant(t.app, 'Other');
    await t.app.deps.bus.subscribe(channels.userEvents, (message) => {
      published.push(message as UserEventsMessage);
    });
    // The agent works in the sales inbox only; the supervisor and viewer in both.
    await t.app.deps.database.system.insert(inboxMembers).values([
      {
        accountId: acme.accountId,
        chatwootInboxId: INBOX_SALES,
        chatwootUserId: acme.users.agent.chatwootUserId,
      },
      {
        accountId: acme.accountId,
        chatwootInboxId: INBOX_SALES,
        chatwootUserId: acme.users.supervisor.chatwootUserId,
      },
      {
        accountId: acme.accountId,
        chatwootInboxId: INBOX_SUPPORT,
        chatwootUserId: acme.users.supervisor.chatwootUserId,
      },
    ]);
  });
  after(async () => t.close());

  describe('boards and stages', () => {
    test('401 without a session, 400 on a bad body, 403 for an agent, 201 with the stored board', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: base(acme.accountId) })).statusCode, 401);
      assert.equal(
        (await t.app.inject({ method: 'POST', url: base(acme.accountId), payload: { name: 'x' } }))
          .statusCode,
        401,
      );
      const bad = await call(acme.users.admin, 'POST', base(acme.accountId), {
        name: 'Dup',
        stages: [{ name: 'A', maps_status: 'open', maps_label: 'vip' }],
      });
      assert.equal(bad.statusCode, 400, bad.body);
      const twice = await call(acme.users.admin, 'POST', base(acme.accountId), {
        name: 'Dup',
        stages: [
          { name: 'A', maps_status: 'open' },
          { name: 'B', maps_status: 'open' },
        ],
      });
      assert.equal(twice.statusCode, 400);
      assert.match(twice.json().error.message, /one stage/);
      assert.equal(
        (await call(acme.users.agent, 'POST', base(acme.accountId), { name: 'x' })).statusCode,
        403,
      );
      const before = await t.app.deps.database.system
        .select()
        .from(boards)
        .where(eq(boards.accountId, acme.accountId));
      assert.equal(before.length, 0);

      const board = await newBoard(acme.users.supervisor, acme.accountId, { is_default: true });
      assert.equal(board.name, 'Vendas');
      assert.equal(board.is_default, true);
      assert.deepEqual(
        board.stages.map((stage) => [stage.name, stage.maps_status, stage.card_count]),
        [
          ['Novo', 'pending', 0],
          ['Em atendimento', 'open', 0],
          ['Resolvido', 'resolved', 0],
        ],
      );
      const [stored] = await t.app.deps.database.system.select().from(boards).where(eq(boards.id, board.id));
      assert.deepEqual(stored?.lossReasons, ['Preço', 'Sem resposta']);

      // A second default board takes the flag from the first.
      const second = await newBoard(acme.users.admin, acme.accountId, { name: 'Suporte', is_default: true });
      const list = await call(acme.users.viewer, 'GET', base(acme.accountId));
      assert.equal(list.statusCode, 200);
      const listed = list.json().boards as Board[];
      assert.deepEqual(
        listed
          .filter((row) => row.id === board.id || row.id === second.id)
          .map((row) => [row.name, row.is_default]),
        [
          ['Suporte', true],
          ['Vendas', false],
        ],
      );
    });

    test("another tenant's board is 404 on every route, and its stored state is unchanged", async () => {
      const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Privado' });
      const otherBase = base(other.accountId);
      const admin = other.users.admin;
      for (const [method, url, payload] of [
        ['GET', `${otherBase}/${board.id}`, undefined],
        ['PATCH', `${otherBase}/${board.id}`, { name: 'Stolen' }],
        ['DELETE', `${otherBase}/${board.id}`, undefined],
        ['POST', `${otherBase}/${board.id}/stages`, { name: 'X' }],
        ['GET', `${otherBase}/${board.id}/cards`, undefined],
        ['POST', `${otherBase}/${board.id}/cards`, { title: 'X' }],
      ] as const) {
        const response = await call(admin, method, url, payload);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      }
      const [stored] = await t.app.deps.database.system.select().from(boards).where(eq(boards.id, board.id));
      assert.equal(stored?.name, 'Privado');
    });

    test('stages are added, reordered with one write, renamed, and deleted only when empty', async () => {
      const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Etapas' });
      const [novo, atendimento, resolvido] = board.stages;
      const added = await call(acme.users.supervisor, 'POST', `${base(acme.accountId)}/${board.id}/stages`, {
        name: 'Proposta',
        maps_label: 'proposta',
        wip_limit: 2,
        after_stage_id: novo!.id,
      });
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual(
        (added.json() as Board).stages.map((stage) => stage.name),
        ['Novo', 'Proposta', 'Em atendimento', 'Resolvido'],
      );
      const taken = await call(acme.users.admin, 'POST', `${base(acme.accountId)}/${board.id}/stages`, {
        name: 'Outra',
        maps_status: 'open',
      });
      assert.equal(taken.statusCode, 409);
      const moved = await call(
        acme.users.admin,
        'PATCH',
        `${base(acme.accountId)}/${board.id}/stages/${resolvido!.id}`,
        {
          after_stage_id: null,
          name: 'Concluído',
          colour: '#22C55E',
        },
      );
      assert.equal(moved.statusCode, 200, moved.body);
      const stages = (moved.json() as Board).stages;
      assert.deepEqual(
        stages.map((stage) => stage.name),
        ['Concluído', 'Novo', 'Proposta', 'Em atendimento'],
      );
      assert.equal(stages[0]?.colour, '#22c55e');
      const both = await call(
        acme.users.admin,
        'PATCH',
        `${base(acme.accountId)}/${board.id}/stages/${atendimento!.id}`,
        {
          maps_label: 'vip',
        },
      );
      assert.equal(both.statusCode, 400);
      await newCard(acme.users.agent, board, { title: 'Ocupa', stage_id: atendimento!.id });
      const busy = await call(
        acme.users.admin,
        'DELETE',
        `${base(acme.accountId)}/${board.id}/stages/${atendimento!.id}`,
      );
      assert.equal(busy.statusCode, 409);
      const gone = await call(
        acme.users.admin,
        'DELETE',
        `${base(acme.accountId)}/${board.id}/stages/${novo!.id}`,
      );
      assert.equal(gone.statusCode, 200);
      assert.equal((gone.json() as Board).stages.length, 3);
      const deleteBoard = await call(acme.users.admin, 'DELETE', `${base(acme.accountId)}/${board.id}`);
      assert.equal(deleteBoard.statusCode, 409);
      assert.match(deleteBoard.json().error.message, /archive/);
      const archived = await call(acme.users.admin, 'PATCH', `${base(acme.accountId)}/${board.id}`, {
        archived: true,
      });
      assert.equal(archived.statusCode, 200);
      assert.ok(archived.json().archived_at);
      const listed = (await call(acme.users.admin, 'GET', base(acme.accountId))).json().boards as Board[];
      assert.ok(!listed.some((row) => row.id === board.id));
    });
  });

  describe('cards', () => {
    let board: Board;
    before(async () => {
      board = await newBoard(acme.users.admin, acme.accountId, { name: 'Cards' });
    });

    test('create: 401, 400, 404 for an unknown stage or conversation, 201 with stored card and a create event', async () => {
      const url = `${base(acme.accountId)}/${board.id}/cards`;
      assert.equal((await t.app.inject({ method: 'POST', url, payload: { title: 'x' } })).statusCode, 401);
      assert.equal((await call(acme.users.agent, 'POST', url, {})).statusCode, 400);
      assert.equal((await call(acme.users.agent, 'POST', url, { title: 'x', value: 'abc' })).statusCode, 400);
      assert.equal(
        (await call(acme.users.agent, 'POST', url, { title: 'x', stage_id: randomUUID() })).statusCode,
        404,
      );
      assert.equal(
        (await call(acme.users.agent, 'POST', url, { conversation_display_id: 999_999 })).statusCode,
        404,
      );
      assert.equal((await call(acme.users.viewer, 'POST', url, { title: 'x' })).statusCode, 403);

      await mirror(acme.accountId, 501, INBOX_SALES);
      const card = await newCard(acme.users.agent, board, {
        conversation_display_id: 501,
        value: '1500.50',
        priority: 'high',
        assignee_user_id: acme.users.agent.id,
      });
      assert.equal(card.title, 'Contato 501');
      assert.equal(card.stage_id, board.stages[0]!.id);
      assert.equal(card.inbox_id, INBOX_SALES);
      assert.equal(card.value, '1500.50');
      assert.equal(card.conversation_status, 'open');
      const stored = await storedCard(card.id);
      assert.equal(stored?.conversationDisplayId, 501);
      assert.equal(stored?.assigneeUserId, acme.users.agent.id);
      const events = await storedEvents(card.id);
      assert.deepEqual(
        events.map((event) => [event.type, event.cause, event.actorUserId, event.toStageId]),
        [['create', 'user', acme.users.agent.id, board.stages[0]!.id]],
      );
      const again = await call(acme.users.agent, 'POST', url, { conversation_display_id: 501 });
      assert.equal(again.statusCode, 409);
    });

    test('update: outcome lost needs a reason from the board list; assignee changes write assign events', async () => {
      const card = await newCard(acme.users.agent, board, { title: 'Negócio' });
      const url = `${base(acme.accountId)}/${board.id}/cards/${card.id}`;
      assert.equal((await t.app.inject({ method: 'PATCH', url, payload: { title: 'x' } })).statusCode, 401);
      assert.equal((await call(acme.users.agent, 'PATCH', url, {})).statusCode, 400);
      const wrongReason = await call(acme.users.agent, 'PATCH', url, {
        outcome: 'lost',
        loss_reason: 'Clima',
      });
      assert.equal(wrongReason.statusCode, 400);
      assert.match(wrongReason.json().error.message, /loss reasons/);
      assert.equal((await storedCard(card.id))?.outcome, null);
      const lost = await call(acme.users.agent, 'PATCH', url, {
        outcome: 'lost',
        loss_reason: 'Preço',
        assignee_user_id: acme.users.supervisor.id,
      });
      assert.equal(lost.statusCode, 200, lost.body);
      assert.deepEqual([lost.json().outcome, lost.json().loss_reason], ['lost', 'Preço']);
      const stored = await storedCard(card.id);
      assert.deepEqual(
        [stored?.outcome, stored?.lossReason, stored?.assigneeUserId],
        ['lost', 'Preço', acme.users.supervisor.id],
      );
      const types = (await storedEvents(card.id)).map((event) => event.type);
      assert.deepEqual(types, ['create', 'assign', 'update']);
      const notMember = await call(acme.users.agent, 'PATCH', url, {
        assignee_user_id: other.users.agent.id,
      });
      assert.equal(notMember.statusCode, 400);
      const otherTenant = await call(
        other.users.admin,
        'PATCH',
        `${base(other.accountId)}/${board.id}/cards/${card.id}`,
        {
          title: 'Stolen',
        },
      );
      assert.equal(otherTenant.statusCode, 404);
      assert.equal((await storedCard(card.id))?.title, 'Negócio');
    });

    test('move: one write between neighbours, WIP limit 409 with override for admins only, history of each move', async () => {
      const wip = await call(acme.users.admin, 'POST', `${base(acme.accountId)}/${board.id}/stages`, {
        name: 'Limitada',
        wip_limit: 1,
      });
      const limited = (wip.json() as Board).stages.find((stage) => stage.name === 'Limitada')!;
      const first = await newCard(acme.users.agent, board, { title: 'Primeiro', stage_id: limited.id });
      const a = await newCard(acme.users.agent, board, { title: 'A' });
      const b = await newCard(acme.users.agent, board, { title: 'B' });
      const moveUrl = (card: Card) => `${base(acme.accountId)}/${board.id}/cards/${card.id}/move`;
      assert.equal(
        (await t.app.inject({ method: 'POST', url: moveUrl(a), payload: { stage_id: limited.id } }))
          .statusCode,
        401,
      );
      assert.equal((await call(acme.users.agent, 'POST', moveUrl(a), { stage_id: 'nope' })).statusCode, 400);
      assert.equal(
        (await call(acme.users.agent, 'POST', moveUrl(a), { stage_id: randomUUID() })).statusCode,
        404,
      );

      const full = await call(acme.users.agent, 'POST', moveUrl(a), { stage_id: limited.id });
      assert.equal(full.statusCode, 409);
      assert.deepEqual(full.json().error.details, {
        reason: 'wip_limit',
        stage_id: limited.id,
        wip_limit: 1,
        cards: 1,
      });
      assert.match(full.json().error.message, /WIP limit/);
      assert.equal((await storedCard(a.id))?.stageId, board.stages[0]!.id);
      const agentOverride = await call(acme.users.agent, 'POST', moveUrl(a), {
        stage_id: limited.id,
        override_wip_limit: true,
      });
      assert.equal(agentOverride.statusCode, 403);
      const overridden = await call(acme.users.admin, 'POST', moveUrl(a), {
        stage_id: limited.id,
        override_wip_limit: true,
        after_card_id: null,
      });
      assert.equal(overridden.statusCode, 200, overridden.body);
      const movedA = overridden.json() as Card;
      assert.ok(movedA.position < first.position);
      assert.equal(movedA.version, a.version + 1);

      // Within a stage: B goes between two cards by taking the midpoint.
      await call(acme.users.admin, 'POST', moveUrl(b), { stage_id: limited.id, override_wip_limit: true });
      const between = await call(acme.users.agent, 'POST', moveUrl(b), {
        stage_id: limited.id,
        after_card_id: a.id,
      });
      assert.equal(between.statusCode, 200, between.body);
      const positioned = between.json() as Card;
      assert.ok(positioned.position > movedA.position && positioned.position < first.position);
      const events = await storedEvents(b.id);
      assert.deepEqual(
        events.map((event) => [event.type, event.fromStageId, event.toStageId]),
        [
          ['create', null, board.stages[0]!.id],
          ['move', board.stages[0]!.id, limited.id],
          ['move', limited.id, limited.id],
        ],
      );
      assert.equal(events[1]?.data.wip_override, true);
      assert.deepEqual(events[2]?.data, { position: positioned.position, version: positioned.version });
    });

    test('a required checklist item keeps a card in its stage with a clear 409 until it is done', async () => {
      const card = await newCard(acme.users.agent, board, { title: 'Checklist' });
      const cardUrl = `${base(acme.accountId)}/${board.id}/cards/${card.id}`;
      const item = await call(acme.users.agent, 'POST', `${cardUrl}/checklist`, {
        text: 'Enviar proposta',
        required_before_leaving: true,
      });
      assert.equal(item.statusCode, 201, item.body);
      await call(acme.users.agent, 'POST', `${cardUrl}/checklist`, { text: 'Opcional' });
      assert.equal(
        (await call(acme.users.agent, 'POST', `${cardUrl}/checklist`, { text: '' })).statusCode,
        400,
      );
      const refused = await call(acme.users.agent, 'POST', `${cardUrl}/move`, {
        stage_id: board.stages[1]!.id,
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().error.message, /Enviar proposta/);
      assert.equal(refused.json().error.details.reason, 'checklist_required');
      assert.equal((await storedCard(card.id))?.stageId, board.stages[0]!.id);
      // Reordering inside the stage is not leaving it.
      const reorder = await call(acme.users.agent, 'POST', `${cardUrl}/move`, {
        stage_id: board.stages[0]!.id,
        after_card_id: null,
      });
      assert.equal(reorder.statusCode, 200);
      const ticked = await call(acme.users.agent, 'PATCH', `${cardUrl}/checklist/${item.json().id}`, {
        done: true,
      });
      assert.equal(ticked.statusCode, 200);
      const [stored] = await t.app.deps.database.system
        .select()
        .from(cardChecklistItems)
        .where(eq(cardChecklistItems.id, item.json().id));
      assert.equal(stored?.done, true);
      const moved = await call(acme.users.agent, 'POST', `${cardUrl}/move`, {
        stage_id: board.stages[1]!.id,
      });
      assert.equal(moved.statusCode, 200, moved.body);
      const list = await call(acme.users.viewer, 'GET', `${cardUrl}/checklist`);
      assert.deepEqual(
        (list.json().items as { text: string; done: boolean }[]).map((row) => [row.text, row.done]),
        [
          ['Enviar proposta', true],
          ['Opcional', false],
        ],
      );
      const removed = await call(acme.users.agent, 'DELETE', `${cardUrl}/checklist/${item.json().id}`);
      assert.equal(removed.statusCode, 204);
      assert.equal(
        (await call(acme.users.agent, 'DELETE', `${cardUrl}/checklist/${item.json().id}`)).statusCode,
        404,
      );
    });

    test('notes: the author edits, others may not; supervisors delete', async () => {
      const card = await newCard(acme.users.agent, board, { title: 'Notas' });
      const url = `${base(acme.accountId)}/${board.id}/cards/${card.id}/notes`;
      assert.equal((await call(acme.users.agent, 'POST', url, { body: ' ' })).statusCode, 400);
      const note = await call(acme.users.agent, 'POST', url, { body: 'Cliente pediu desconto' });
      assert.equal(note.statusCode, 201);
      const noteId = note.json().id as string;
      assert.equal(
        (await call(acme.users.supervisor, 'PATCH', `${url}/${noteId}`, { body: 'x' })).statusCode,
        403,
      );
      assert.equal(
        (await call(acme.users.agent, 'PATCH', `${url}/${noteId}`, { body: 'Desconto de 10%' })).statusCode,
        200,
      );
      const [stored] = await t.app.deps.database.system
        .select()
        .from(cardNotes)
        .where(eq(cardNotes.id, noteId));
      assert.equal(stored?.body, 'Desconto de 10%');
      assert.equal((await call(acme.users.viewer, 'GET', url)).json().notes.length, 1);
      assert.equal((await call(acme.users.supervisor, 'DELETE', `${url}/${noteId}`)).statusCode, 204);
      assert.equal((await call(acme.users.viewer, 'GET', url)).json().notes.length, 0);
    });

    test('delete only without history; archive and restore keep it and write events', async () => {
      const fresh = await newCard(acme.users.agent, board, { title: 'Sem história' });
      const freshUrl = `${base(acme.accountId)}/${board.id}/cards/${fresh.id}`;
      assert.equal((await call(acme.users.agent, 'DELETE', freshUrl)).statusCode, 204);
      assert.equal(await storedCard(fresh.id), undefined);

      const card = await newCard(acme.users.agent, board, { title: 'Com história' });
      const url = `${base(acme.accountId)}/${board.id}/cards/${card.id}`;
      await call(acme.users.agent, 'PATCH', url, { title: 'Com história!' });
      const refused = await call(acme.users.agent, 'DELETE', url);
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().error.message, /archive/);
      const archived = await call(acme.users.agent, 'POST', `${url}/archive`);
      assert.equal(archived.statusCode, 200);
      assert.ok((await storedCard(card.id))?.archivedAt);
      const listed = (await call(acme.users.admin, 'GET', `${base(acme.accountId)}/${board.id}/cards`)).json()
        .cards as Card[];
      assert.ok(!listed.some((row) => row.id === card.id));
      const archivedList = (
        await call(acme.users.admin, 'GET', `${base(acme.accountId)}/${board.id}/cards?archived=true`)
      ).json().cards as Card[];
      assert.ok(archivedList.some((row) => row.id === card.id));
      assert.equal(
        (await call(acme.users.agent, 'POST', `${url}/move`, { stage_id: board.stages[1]!.id })).statusCode,
        409,
      );
      assert.equal((await call(acme.users.agent, 'POST', `${url}/restore`)).statusCode, 200);
      assert.equal((await storedCard(card.id))?.archivedAt, null);
      const history = await call(acme.users.viewer, 'GET', `${url}/events`);
      assert.equal(history.statusCode, 200);
      assert.deepEqual(
        (history.json().events as CardEvent[]).map((event) => event.type),
        ['create', 'update', 'archive', 'reopen'],
      );
      assert.equal(
        (await call(other.users.admin, 'GET', `${base(other.accountId)}/${board.id}/cards/${card.id}/events`))
          .statusCode,
        404,
      );
    });

    test('filters: assignee, inbox, label and text; pages follow the cursor', async () => {
      const filtered = await newBoard(acme.users.admin, acme.accountId, { name: 'Filtros' });
      await mirror(acme.accountId, 601, INBOX_SUPPORT, 61);
      const url = `${base(acme.accountId)}/${filtered.id}/cards`;
      const mine = await newCard(acme.users.admin, filtered, {
        title: 'Orçamento Maria',
        assignee_user_id: acme.users.agent.id,
        labels: ['vip'],
      });
      const support = await newCard(acme.users.admin, filtered, { conversation_display_id: 601 });
      const plain = await newCard(acme.users.admin, filtered, { title: 'Outro', description: 'sem nada' });
      const ids = async (query: string) =>
        ((await call(acme.users.admin, 'GET', `${url}?${query}`)).json().cards as Card[])
          .map((card) => card.id)
          .sort();
      assert.deepEqual(await ids(`assignee=${acme.users.agent.id}`), [mine.id]);
      assert.deepEqual(await ids('assignee=none'), [support.id, plain.id].sort());
      assert.deepEqual(await ids(`inbox_id=${INBOX_SUPPORT}`), [support.id]);
      assert.deepEqual(await ids('label=vip'), [mine.id]);
      assert.deepEqual(await ids('q=maria'), [mine.id]);
      assert.deepEqual(await ids('q=Contato%2061'), [support.id]);
      assert.deepEqual(await ids('conversation_display_id=601'), [support.id]);
      assert.deepEqual(await ids('conversation_display_id=602'), []);
      assert.equal((await call(acme.users.admin, 'GET', `${url}?conversation_display_id=x`)).statusCode, 400);
      assert.equal((await call(acme.users.admin, 'GET', `${url}?limit=0`)).statusCode, 400);
      assert.equal((await call(acme.users.admin, 'GET', `${url}?cursor=bogus`)).statusCode, 400);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (
          await call(acme.users.admin, 'GET', `${url}?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        ).json() as { cards: Card[]; next_cursor: string | null };
        seen.push(...page.cards.map((card) => card.id));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(seen.sort(), [mine.id, support.id, plain.id].sort());
    });

    test('linked conversations must be of the same contact', async () => {
      await mirror(acme.accountId, 701, INBOX_SALES, 70);
      await mirror(acme.accountId, 702, INBOX_SALES, 70);
      await mirror(acme.accountId, 703, INBOX_SALES, 71);
      const card = await newCard(acme.users.agent, board, { conversation_display_id: 701 });
      const url = `${base(acme.accountId)}/${board.id}/cards/${card.id}/conversations`;
      assert.equal(
        (await call(acme.users.agent, 'POST', url, { conversation_display_id: 703 })).statusCode,
        400,
      );
      assert.equal(
        (await call(acme.users.agent, 'POST', url, { conversation_display_id: 99_999 })).statusCode,
        404,
      );
      const linked = await call(acme.users.agent, 'POST', url, { conversation_display_id: 702 });
      assert.equal(linked.statusCode, 200, linked.body);
      assert.deepEqual(linked.json().linked_conversation_display_ids, [702]);
      const unlinked = await call(acme.users.agent, 'DELETE', `${url}/702`);
      assert.deepEqual(unlinked.json().linked_conversation_display_ids, []);
      assert.equal((await call(acme.users.agent, 'DELETE', `${url}/702`)).statusCode, 404);
    });
  });

  describe('visibility follows the conversation inbox', () => {
    test('an agent never sees a card of an inbox they are not in: list, get, history, counts, realtime', async () => {
      const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Visibilidade' });
      await mirror(acme.accountId, 801, INBOX_SALES);
      await mirror(acme.accountId, 802, INBOX_SUPPORT);
      published.length = 0;
      const sales = await newCard(acme.users.admin, board, { conversation_display_id: 801 });
      const support = await newCard(acme.users.admin, board, { conversation_display_id: 802 });
      const free = await newCard(acme.users.admin, board, { title: 'Livre' });
      const url = `${base(acme.accountId)}/${board.id}`;

      const listed = (await call(acme.users.agent, 'GET', `${url}/cards`)).json().cards as Card[];
      assert.deepEqual(listed.map((card) => card.id).sort(), [sales.id, free.id].sort());
      const adminListed = (await call(acme.users.admin, 'GET', `${url}/cards`)).json().cards as Card[];
      assert.equal(adminListed.length, 3);
      assert.equal((await call(acme.users.agent, 'GET', `${url}/cards/${support.id}`)).statusCode, 404);
      assert.equal(
        (await call(acme.users.agent, 'GET', `${url}/cards/${support.id}/events`)).statusCode,
        404,
      );
      assert.equal(
        (
          await call(acme.users.agent, 'POST', `${url}/cards/${support.id}/move`, {
            stage_id: board.stages[1]!.id,
          })
        ).statusCode,
        404,
      );
      assert.equal((await storedCard(support.id))?.stageId, board.stages[0]!.id);
      assert.equal((await call(acme.users.supervisor, 'GET', `${url}/cards/${support.id}`)).statusCode, 200);
      assert.equal(
        (await call(acme.users.agent, 'GET', `${url}/cards?q=Contato%20802`)).json().cards.length,
        0,
      );
      const counts = (await call(acme.users.agent, 'GET', url)).json() as Board;
      assert.equal(counts.stages[0]?.card_count, 2);
      const countOf = async (user: typeof acme.users.admin) =>
        ((await call(user, 'GET', url)).json() as Board).stages[0]?.card_count;
      assert.equal(await countOf(acme.users.admin), 3);
      assert.equal(await countOf(acme.users.viewer), 1);
      // The viewer is in no inbox: free cards only.
      const viewer = (await call(acme.users.viewer, 'GET', `${url}/cards`)).json().cards as Card[];
      assert.deepEqual(
        viewer.map((card) => card.id),
        [free.id],
      );

      // The Redis channel is shared with the other test files running at once (their own databases, so
      // their account ids may repeat): only the events that mention these cards are this test's.
      const aboutTheseCards = () =>
        published.filter((message) =>
          [sales.id, support.id, free.id].some((cardId) => JSON.stringify(message.event).includes(cardId)),
        );
      await eventually(async () => (aboutTheseCards().length >= 3 ? true : undefined));
      const audience = (cardId: string) =>
        published.find((message) => (message.event as { card?: Card }).card?.id === cardId)?.user_ids.sort();
      assert.deepEqual(audience(support.id), [acme.users.admin.id, acme.users.supervisor.id].sort());
      assert.deepEqual(
        audience(sales.id),
        [acme.users.admin.id, acme.users.supervisor.id, acme.users.agent.id].sort(),
      );
      assert.deepEqual(
        audience(free.id),
        Object.values(acme.users)
          .map((user) => user.id)
          .sort(),
      );
      assert.ok(aboutTheseCards().every((message) => message.account_id === acme.accountId));
    });
  });

  describe('concurrent moves', () => {
    test('two moves of one card at once: the last committed wins and both events carry their position and version', async () => {
      const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Corrida' });
      const card = await newCard(acme.users.agent, board, { title: 'Disputado' });
      const moveUrl = `${base(acme.accountId)}/${board.id}/cards/${card.id}/move`;
      const [one, two] = await Promise.all([
        call(acme.users.agent, 'POST', moveUrl, { stage_id: board.stages[1]!.id }),
        call(acme.users.supervisor, 'POST', moveUrl, { stage_id: board.stages[2]!.id }),
      ]);
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(two.statusCode, 200, two.body);
      const results = [one.json() as Card, two.json() as Card].sort((x, y) => x.version - y.version);
      assert.deepEqual(
        results.map((result) => result.version),
        [card.version + 1, card.version + 2],
      );
      const stored = await storedCard(card.id);
      const final = results[1]!;
      assert.deepEqual(
        [stored?.stageId, stored?.position, stored?.version],
        [final.stage_id, final.position, final.version],
      );
      const moves = (await storedEvents(card.id)).filter((event) => event.type === 'move');
      assert.deepEqual(
        moves
          .map((event) => [event.toStageId, event.data.position, event.data.version])
          .sort((x, y) => Number(x[2]) - Number(y[2])),
        results.map((result) => [result.stage_id, result.position, result.version]),
      );
      // The later move started from where the earlier one left the card.
      const later = moves.find((event) => event.data.version === final.version);
      assert.equal(later?.fromStageId, results[0]!.stage_id);
    });
  });

  test('every route: 401 without a session, 400 on malformed ids, 404 with ids of another tenant (nothing stored changes)', async () => {
    const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Rotas' });
    await mirror(acme.accountId, 901, INBOX_SALES, 90);
    await mirror(acme.accountId, 902, INBOX_SALES, 90);
    const card = await newCard(acme.users.admin, board, { conversation_display_id: 901 });
    const cardPath = `boards/${board.id}/cards/${card.id}`;
    await call(acme.users.admin, 'POST', `/api/v1/accounts/${acme.accountId}/${cardPath}/conversations`, {
      conversation_display_id: 902,
    });
    const item = (
      await call(acme.users.admin, 'POST', `/api/v1/accounts/${acme.accountId}/${cardPath}/checklist`, {
        text: 'Item',
      })
    ).json();
    const note = (
      await call(acme.users.admin, 'POST', `/api/v1/accounts/${acme.accountId}/${cardPath}/notes`, {
        body: 'Nota',
      })
    ).json();
    const stageId = board.stages[1]!.id;
    const routes: [
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      path: string,
      body?: Record<string, unknown>,
    ][] = [
      ['GET', 'boards'],
      ['POST', 'boards', { name: 'X' }],
      ['GET', `boards/${board.id}`],
      ['PATCH', `boards/${board.id}`, { name: 'X' }],
      ['DELETE', `boards/${board.id}`],
      ['POST', `boards/${board.id}/stages`, { name: 'X' }],
      ['PATCH', `boards/${board.id}/stages/${stageId}`, { name: 'X' }],
      ['DELETE', `boards/${board.id}/stages/${stageId}`],
      ['GET', `boards/${board.id}/cards`],
      ['POST', `boards/${board.id}/cards`, { title: 'X' }],
      ['GET', cardPath],
      ['PATCH', cardPath, { title: 'X' }],
      ['DELETE', cardPath],
      ['POST', `${cardPath}/move`, { stage_id: stageId }],
      ['POST', `${cardPath}/archive`],
      ['POST', `${cardPath}/restore`],
      ['GET', `${cardPath}/events`],
      ['POST', `${cardPath}/conversations`, { conversation_display_id: 902 }],
      ['DELETE', `${cardPath}/conversations/902`],
      ['GET', `${cardPath}/checklist`],
      ['POST', `${cardPath}/checklist`, { text: 'X' }],
      ['PATCH', `${cardPath}/checklist/${item.id}`, { done: true }],
      ['DELETE', `${cardPath}/checklist/${item.id}`],
      ['GET', `${cardPath}/notes`],
      ['POST', `${cardPath}/notes`, { body: 'X' }],
      ['PATCH', `${cardPath}/notes/${note.id}`, { body: 'X' }],
      ['DELETE', `${cardPath}/notes/${note.id}`],
    ];
    const before = await storedState(t.app.deps.database);
    for (const [method, path, body] of routes) {
      const label = `${method} ${path}`;
      const anonymous = await t.app.inject({
        method,
        url: `/api/v1/accounts/${acme.accountId}/${path}`,
        ...(body ? { payload: body } : {}),
      });
      assert.equal(anonymous.statusCode, 401, label);
      // Listing and creating boards name no object of A's: B would get its own answer.
      if (path === 'boards') continue;
      const foreign = await call(
        other.users.admin,
        method,
        `/api/v1/accounts/${other.accountId}/${path}`,
        body,
      );
      assert.equal(foreign.statusCode, 404, `${label}: ${foreign.body}`);
      assert.equal(foreign.json().error.code, 'not_found');
      const malformed = await call(
        acme.users.admin,
        method,
        `/api/v1/accounts/${acme.accountId}/${path.replace(board.id, 'not-a-uuid')}`,
        body,
      );
      assert.equal(malformed.statusCode, 400, `${label}: ${malformed.body}`);
    }
    assert.deepEqual(changesBetween(before, await storedState(t.app.deps.database)), []);
    const [stored] = await t.app.deps.database.system.select().from(cards).where(eq(cards.id, card.id));
    assert.deepEqual([stored?.title, stored?.stageId, stored?.archivedAt], [card.title, card.stage_id, null]);
  });

  test('card events are append-only for the app role', async () => {
    const board = await newBoard(acme.users.admin, acme.accountId, { name: 'Append' });
    const card = await newCard(acme.users.agent, board, { title: 'Imutável' });
    await assert.rejects(
      t.app.deps.database.tenant(acme.accountId, (tx) =>
        tx.update(cardEvents).set({ cause: 'automation' }).where(eq(cardEvents.cardId, card.id)),
      ),
      databaseError(/permission denied/),
    );
    await assert.rejects(
      t.app.deps.database.tenant(acme.accountId, (tx) =>
        tx.delete(cardEvents).where(eq(cardEvents.cardId, card.id)),
      ),
      databaseError(/permission denied/),
    );
    assert.equal((await storedEvents(card.id)).length, 1);
  });
});

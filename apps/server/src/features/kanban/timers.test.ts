// SLA breaches, time rules and reminders, evaluated with an injected clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Board, Card, CardNoticeEvent } from '@whatpro/contracts';
import { and, eq } from 'drizzle-orm';
import {
  auditLogs,
  cardActionRuns,
  cardEvents,
  cardReminders,
  cards,
  kanbanTimeRules,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { channels, type UserEventsMessage } from '../realtime/events';
import { executeRun } from './actions';
import { evaluateRules } from './rules';
import { runKanbanTimers } from './timers';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const HOUR = 3_600_000;

describe(`Kanban SLA, time rules and reminders (${engine})`, () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  let board: Board;
  const notices: { userIds: string[]; event: CardNoticeEvent }[] = [];
  const stage = (name: string) => board.stages.find((row) => row.name === name)!.id;
  const url = (path: string) => `/api/v1/accounts/${acme.accountId}/boards/${board.id}${path}`;

  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Timers');
    other = await createTenant(t.app, 'Other');
    await t.app.deps.bus.subscribe(channels.userEvents, (message) => {
      const { user_ids, event } = message as UserEventsMessage;
      if (event.type === 'card.notice') notices.push({ userIds: user_ids, event: event as CardNoticeEvent });
    });
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${acme.accountId}/boards`,
      headers: acme.users.admin.headers,
      payload: {
        name: 'Suporte',
        stages: [
          { name: 'Triagem', sla_hours: 2 },
          { name: 'Atraso' },
          { name: 'Feito', is_done: true, sla_hours: 1 },
        ],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    board = created.json();
  });
  after(() => t.close());

  const newCard = async (title: string, stageName = 'Triagem') => {
    const created = await t.app.inject({
      method: 'POST',
      url: url('/cards'),
      headers: acme.users.admin.headers,
      payload: { title, stage_id: stage(stageName), assignee_user_id: acme.users.agent.id },
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json() as Card;
  };
  const setCard = (id: string, values: Partial<typeof cards.$inferInsert>) =>
    t.app.deps.database.system.update(cards).set(values).where(eq(cards.id, id));
  const stored = async (id: string) =>
    (await t.app.deps.database.system.select().from(cards).where(eq(cards.id, id)))[0]!;
  const noticesFor = (cardId: string) => notices.filter((notice) => notice.event.card_id === cardId);
  /** What the Hub said to a user in the chat, read through the chat API as that user reads it. */
  const hubChat = async (user: TestTenant['users']['agent']) => {
    const chat = `/api/v1/accounts/${acme.accountId}/chat/rooms`;
    const rooms = await t.app.inject({ method: 'GET', url: chat, headers: user.headers });
    const hub = rooms.json().rooms.find((room: { name: string | null }) => room.name === 'WhatPro Hub');
    if (!hub) return { unread: 0, messages: [] };
    const page = await t.app.inject({
      method: 'GET',
      url: `${chat}/${hub.id}/messages`,
      headers: user.headers,
    });
    assert.equal(page.statusCode, 200, page.body);
    const messages = page.json().messages as { author_id: string | null; body: string }[];
    return { unread: hub.unread_count as number, messages: messages.map((row) => [row.author_id, row.body]) };
  };
  /** The in-memory bus hands messages over on a microtask. */
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  test('SLA: flagged once past the stage SLA, the assignee told once, listed, cleared by a move', async () => {
    const card = await newCard('Cliente sem resposta');
    const done = await newCard('Fechado', 'Feito');
    const now = new Date();
    const entered = new Date(now.getTime() - 3 * HOUR);
    await setCard(card.id, { stageEnteredAt: entered });
    await setCard(done.id, { stageEnteredAt: entered });

    await runKanbanTimers(t.app.deps, now);
    await flush();
    const flagged = await stored(card.id);
    assert.equal(flagged.slaBreachedAt?.toISOString(), new Date(entered.getTime() + 2 * HOUR).toISOString());
    assert.equal((await stored(done.id)).slaBreachedAt, null, 'a done stage has no SLA to breach');
    assert.deepEqual(
      noticesFor(card.id).map((notice) => [notice.userIds, notice.event.reason, notice.event.detail]),
      [[[acme.users.agent.id], 'sla_breached', '2 h SLA of Triagem passed']],
    );
    const history = await t.app.deps.database.system
      .select()
      .from(cardEvents)
      .where(and(eq(cardEvents.cardId, card.id), eq(cardEvents.type, 'update')));
    assert.ok(history.some((event) => event.data.sla_hours === 2));

    await runKanbanTimers(t.app.deps, new Date(now.getTime() + HOUR));
    await flush();
    assert.equal(noticesFor(card.id).length, 1, 'notified once');
    assert.deepEqual(
      await hubChat(acme.users.agent),
      {
        unread: 1,
        messages: [[null, '**SLA estourado** · Cliente sem resposta\nSLA de 2 h em Triagem passou.']],
      },
      'one chat message from the Hub, however many sweeps',
    );
    assert.deepEqual((await hubChat(acme.users.admin)).messages, [], 'only the assignee hears of it');

    assert.equal((await t.app.inject({ method: 'GET', url: url('/sla') })).statusCode, 401);
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${other.accountId}/boards/${board.id}/sla`,
      headers: other.users.admin.headers,
    });
    assert.equal(elsewhere.statusCode, 404);
    const listed = await t.app.inject({
      method: 'GET',
      url: url('/sla'),
      headers: acme.users.viewer.headers,
    });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      listed
        .json()
        .breaches.map((row: { card_id: string; stage_name: string; sla_hours: number }) => [
          row.card_id,
          row.stage_name,
          row.sla_hours,
        ]),
      [[card.id, 'Triagem', 2]],
    );

    const moved = await t.app.inject({
      method: 'POST',
      url: url(`/cards/${card.id}/move`),
      headers: acme.users.admin.headers,
      payload: { stage_id: stage('Atraso') },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().sla_breached_at, null);
    const after = await t.app.inject({ method: 'GET', url: url('/sla'), headers: acme.users.admin.headers });
    assert.deepEqual(after.json().breaches, []);
  });

  test('time rules: 401, 400, 403, 404, then created and listed', async () => {
    const body = {
      kind: 'in_stage',
      stage_id: stage('Triagem'),
      hours: 1,
      move_to_stage_id: stage('Atraso'),
      notify_assignee: true,
    };
    const post = (payload: object, user = acme.users.admin, target = url('/time-rules')) =>
      t.app.inject({ method: 'POST', url: target, headers: user.headers, payload });
    assert.equal(
      (await t.app.inject({ method: 'POST', url: url('/time-rules'), payload: body })).statusCode,
      401,
    );
    assert.equal((await post({ ...body, hours: 0 })).statusCode, 400);
    assert.equal((await post({ ...body, move_to_stage_id: null, notify_assignee: false })).statusCode, 400);
    const foreignStage = await post({ ...body, stage_id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(foreignStage.statusCode, 400);
    assert.match(foreignStage.json().error.message, /not a stage of this board/);
    assert.equal((await post(body, acme.users.agent)).statusCode, 403);
    const elsewhere = await post(
      body,
      other.users.admin,
      `/api/v1/accounts/${other.accountId}/boards/${board.id}/time-rules`,
    );
    assert.equal(elsewhere.statusCode, 404);
    const created = await post(body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().enabled, true);
    const rows = await t.app.deps.database.system
      .select()
      .from(kanbanTimeRules)
      .where(eq(kanbanTimeRules.accountId, acme.accountId));
    assert.deepEqual(
      rows.map((row) => [row.id, row.kind, row.hours, row.moveToStageId]),
      [[created.json().id, 'in_stage', 1, stage('Atraso')]],
    );
    const listed = await t.app.inject({
      method: 'GET',
      url: url('/time-rules'),
      headers: acme.users.viewer.headers,
    });
    assert.deepEqual(
      listed.json().rules.map((rule: { id: string }) => rule.id),
      [created.json().id],
    );
  });

  test('time rules: PATCH 401, 400, 403, 404, then changed, stored and audited', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: url('/time-rules'),
      headers: acme.users.admin.headers,
      payload: {
        kind: 'waiting_reply',
        stage_id: stage('Atraso'),
        hours: 4,
        move_to_stage_id: null,
        notify_assignee: true,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const ruleId = created.json().id as string;
    const patch = (payload: object, user = acme.users.admin, target = url(`/time-rules/${ruleId}`)) =>
      t.app.inject({ method: 'PATCH', url: target, headers: user.headers, payload });
    assert.equal(
      (await t.app.inject({ method: 'PATCH', url: url(`/time-rules/${ruleId}`), payload: { hours: 2 } }))
        .statusCode,
      401,
    );
    for (const [payload, message] of [
      [{}, /at least one field/],
      [{ hours: 0 }, /./],
      [{ color: 'red' }, /./],
      [{ notify_assignee: false }, /moves the card, notifies the assignee, or both/],
      [{ move_to_stage_id: stage('Atraso') }, /to another stage/],
      [{ move_to_stage_id: '00000000-0000-4000-8000-000000000000' }, /not a stage of this board/],
    ] as const) {
      const refused = await patch(payload);
      assert.equal(refused.statusCode, 400, JSON.stringify(payload));
      assert.match(
        refused.json().error.message + JSON.stringify(refused.json().error.details ?? ''),
        message,
      );
    }
    assert.equal((await patch({ hours: 2 }, acme.users.agent)).statusCode, 403);
    const elsewhere = await patch(
      { hours: 2 },
      other.users.admin,
      `/api/v1/accounts/${other.accountId}/boards/${board.id}/time-rules/${ruleId}`,
    );
    assert.equal(elsewhere.statusCode, 404);
    assert.equal(
      (await patch({ hours: 2 }, acme.users.admin, url(`/time-rules/${crypto.randomUUID()}`))).statusCode,
      404,
    );

    const changed = await patch({ hours: 2.5, enabled: false, move_to_stage_id: stage('Feito') });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(
      [changed.json().hours, changed.json().enabled, changed.json().move_to_stage_id, changed.json().kind],
      [2.5, false, stage('Feito'), 'waiting_reply'],
    );
    const [row] = await t.app.deps.database.system
      .select()
      .from(kanbanTimeRules)
      .where(eq(kanbanTimeRules.id, ruleId));
    assert.deepEqual(
      [row?.hours, row?.enabled, row?.moveToStageId, row?.notifyAssignee],
      [2.5, false, stage('Feito'), true],
    );
    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.resourceId, ruleId), eq(auditLogs.action, 'kanban.time_rule.updated')));
    assert.deepEqual([audit?.oldValues?.hours, audit?.newValues?.hours], [4, 2.5]);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: url(`/time-rules/${ruleId}`),
      headers: acme.users.admin.headers,
    });
    assert.equal(removed.statusCode, 204);
  });

  test('a card longer than N hours in its stage moves and its assignee is told, once per stay', async () => {
    const card = await newCard('Parado');
    const now = new Date();
    await setCard(card.id, { stageEnteredAt: new Date(now.getTime() - 90 * 60_000) });
    const fresh = await newCard('Recente');
    const first = await evaluateRules(t.app.deps, acme.accountId, now);
    await flush();
    assert.equal(first.moved, 1);
    const moved = await stored(card.id);
    assert.equal(moved.stageId, stage('Atraso'));
    assert.equal(moved.stageEnteredAt.toISOString(), now.toISOString());
    assert.equal((await stored(fresh.id)).stageId, stage('Triagem'), 'not due yet');
    const [move] = await t.app.deps.database.system
      .select()
      .from(cardEvents)
      .where(and(eq(cardEvents.cardId, card.id), eq(cardEvents.type, 'move')));
    assert.deepEqual(
      [move?.cause, move?.fromStageId, move?.data.rule],
      ['automation', stage('Triagem'), 'in_stage'],
    );
    assert.deepEqual(
      noticesFor(card.id).map((notice) => [notice.event.reason, notice.event.detail]),
      [['time_rule', '1.5 h in Triagem']],
    );
    const again = await evaluateRules(t.app.deps, acme.accountId, new Date(now.getTime() + 2 * HOUR));
    assert.equal(again.moved, 1, 'only the fresh card, now due');
    assert.equal((await stored(card.id)).stageId, stage('Atraso'));
  });

  test('waiting for a reply longer than N hours notifies once per wait', async () => {
    const rule = await t.app.inject({
      method: 'POST',
      url: url('/time-rules'),
      headers: acme.users.admin.headers,
      payload: {
        kind: 'waiting_reply',
        stage_id: stage('Atraso'),
        hours: 4,
        move_to_stage_id: null,
        notify_assignee: true,
      },
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const card = await newCard('Aguardando resposta', 'Atraso');
    const now = new Date();
    await setCard(card.id, { waitingSince: new Date(now.getTime() - 5 * HOUR) });
    await evaluateRules(t.app.deps, acme.accountId, now);
    await evaluateRules(t.app.deps, acme.accountId, new Date(now.getTime() + HOUR));
    await flush();
    assert.deepEqual(
      noticesFor(card.id).map((notice) => notice.event.detail),
      ['5 h waiting for a reply'],
    );
    // The contact wrote again after a reply: a new wait, told again when it is long.
    await setCard(card.id, { waitingSince: new Date(now.getTime() - 4.5 * HOUR + HOUR) });
    await evaluateRules(t.app.deps, acme.accountId, new Date(now.getTime() + HOUR));
    await flush();
    assert.equal(noticesFor(card.id).length, 2);
    assert.equal((await stored(card.id)).stageId, stage('Atraso'), 'a notify-only rule moves nothing');

    const removed = await t.app.inject({
      method: 'DELETE',
      url: url(`/time-rules/${rule.json().id}`),
      headers: acme.users.admin.headers,
    });
    assert.equal(removed.statusCode, 204);
    const gone = await t.app.deps.database.system
      .select()
      .from(kanbanTimeRules)
      .where(eq(kanbanTimeRules.id, rule.json().id));
    assert.deepEqual(gone, []);
    const twice = await t.app.inject({
      method: 'DELETE',
      url: url(`/time-rules/${rule.json().id}`),
      headers: acme.users.admin.headers,
    });
    assert.equal(twice.statusCode, 404);
  });

  test('reminders: 401, 400, 404, then the due notice goes to the assignee once', async () => {
    const card = await newCard('Ligar amanhã', 'Atraso');
    const remindersUrl = url(`/cards/${card.id}/reminders`);
    const dueAt = new Date(Date.now() + HOUR).toISOString();
    assert.equal(
      (await t.app.inject({ method: 'POST', url: remindersUrl, payload: { due_at: dueAt } })).statusCode,
      401,
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: remindersUrl,
      headers: acme.users.agent.headers,
      payload: { due_at: 'tomorrow' },
    });
    assert.equal(bad.statusCode, 400);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${other.accountId}/boards/${board.id}/cards/${card.id}/reminders`,
      headers: other.users.admin.headers,
      payload: { due_at: dueAt },
    });
    assert.equal(elsewhere.statusCode, 404);
    const created = await t.app.inject({
      method: 'POST',
      url: remindersUrl,
      headers: acme.users.admin.headers,
      payload: { due_at: dueAt, note: 'Retornar a ligação' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().user_id, acme.users.agent.id, 'the assignee by default');
    const [row] = await t.app.deps.database.system
      .select()
      .from(cardReminders)
      .where(eq(cardReminders.id, created.json().id));
    assert.deepEqual([row?.note, row?.sentAt], ['Retornar a ligação', null]);

    await runKanbanTimers(t.app.deps, new Date());
    await flush();
    assert.deepEqual(noticesFor(card.id), [], 'not due yet');
    await runKanbanTimers(t.app.deps, new Date(Date.now() + 2 * HOUR));
    await runKanbanTimers(t.app.deps, new Date(Date.now() + 3 * HOUR));
    await flush();
    assert.deepEqual(
      noticesFor(card.id).map((notice) => [notice.userIds, notice.event.reason, notice.event.detail]),
      [[[acme.users.agent.id], 'reminder_due', 'Retornar a ligação']],
    );
    assert.deepEqual(
      (await hubChat(acme.users.agent)).messages.filter(([, body]) => body?.startsWith('**Lembrete**')),
      [[null, `**Lembrete** · ${card.title}\nRetornar a ligação`]],
    );
    const listed = await t.app.inject({
      method: 'GET',
      url: remindersUrl,
      headers: acme.users.viewer.headers,
    });
    assert.ok(listed.json().reminders[0].sent_at);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `${remindersUrl}/${created.json().id}`,
      headers: acme.users.agent.headers,
    });
    assert.equal(removed.statusCode, 204);
    assert.deepEqual(
      await t.app.deps.database.system.select().from(cardReminders).where(eq(cardReminders.cardId, card.id)),
      [],
    );
  });

  test('a stage webhook to a private address is refused when private networks are not allowed', async () => {
    const card = await newCard('Webhook interno', 'Atraso');
    const { system } = t.app.deps.database;
    const [entry] = await system
      .insert(cardEvents)
      .values({
        accountId: acme.accountId,
        boardId: board.id,
        cardId: card.id,
        type: 'move',
        fromStageId: stage('Triagem'),
        toStageId: stage('Atraso'),
        cause: 'user',
      })
      .returning();
    const [run] = await system
      .insert(cardActionRuns)
      .values({
        accountId: acme.accountId,
        boardId: board.id,
        cardId: card.id,
        stageId: stage('Atraso'),
        cardEventId: entry!.id,
        actionIndex: 0,
        action: { type: 'webhook', url: 'http://127.0.0.1:9/hook' },
      })
      .returning();
    const strict = { ...t.app.deps, config: { ...t.app.deps.config, chatwootAllowPrivateNetwork: false } };
    const result = await executeRun(strict, acme.accountId, run!.id);
    assert.equal(result?.status, 'failed');
    assert.match(result?.lastError ?? '', /127.0.0.1 is not a public address/);
  });
});

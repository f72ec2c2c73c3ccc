// Board metrics against a hand-computed history. Days are January 2026 (UTC); the range is Jan 1–8.
//
//  card  inbox  history (stage at time)                                          outcome
//  A     10     create Novo 01 00h → Atendimento 01 06h → Concluído 02 00h        won (agent)
//  B     20     create Novo 02 00h → Atendimento 03 00h → Concluído 05 00h        lost "Preço"
//  C     10     create Novo 03 00h → Atendimento 04 12h (still there)
//  D     free   create Novo Dec 30 00h → Concluído 01 12h (never in progress)
//  E     10     create Novo 04 00h → Concluído 04 06h, reopen → Novo 05 00h → Atendimento 05 12h
//               → Concluído 06 00h (two cycles, two completions; the reopen is recorded with a move,
//               as the automation does)
//  F     20     create Novo 06 00h → Concluído 08 12h (after the range)
//  G     20     create Novo 02 12h, archived 03 12h, restored 04 00h (no new cycle; still in Novo)
//
// Completions in range: A (lead 24 h, cycle 18 h), B (72, 48), D (60, —), E₁ (6, —), E₂ (24, 12).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BoardMetrics, DurationStats } from '@whatpro/contracts';
import { eq } from 'drizzle-orm';
import { boardStages, boards, cardEvents, cards, inboxMembers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';

const H = 3600;
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 0, day, hour));
/** Percentiles are interpolated in floating point: equal to the hand value within a microsecond. */
function assertStats(actual: DurationStats, expected: DurationStats) {
  assert.equal(actual.count, expected.count);
  for (const key of ['average', 'p50', 'p85'] as const) {
    assert.ok(
      Math.abs((actual[key] ?? Number.NaN) - (expected[key] ?? Number.NaN)) < 1e-6,
      `${key}: ${actual[key]} ≠ ${expected[key]}`,
    );
  }
}
const RANGE = `from=${encodeURIComponent('2026-01-01T00:00:00Z')}&to=${encodeURIComponent('2026-01-08T00:00:00Z')}`;

describe('board metrics from the card history', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let boardId: string;
  const stage = { novo: '', atendimento: '', concluido: '' };
  const card: Record<string, string> = {};

  before(async () => {
    t = await createTestApp();
    tenant = await createTenant(t.app, 'Metrics');
    other = await createTenant(t.app, 'Other');
    const db = t.app.deps.database.system;
    const accountId = tenant.accountId;
    await db
      .insert(inboxMembers)
      .values({ accountId, chatwootInboxId: 10, chatwootUserId: tenant.users.agent.chatwootUserId });
    const [board] = await db.insert(boards).values({ accountId, name: 'Vendas' }).returning();
    boardId = board!.id;
    const stages = await db
      .insert(boardStages)
      .values([
        { accountId, boardId, name: 'Novo', position: 1 },
        { accountId, boardId, name: 'Atendimento', position: 2, isInProgress: true },
        { accountId, boardId, name: 'Concluído', position: 3, isDone: true },
      ])
      .returning();
    [stage.novo, stage.atendimento, stage.concluido] = stages.map((row) => row.id) as [
      string,
      string,
      string,
    ];

    type Step = [
      type: 'create' | 'move' | 'reopen' | 'restore' | 'archive',
      stage: string | null,
      when: Date,
    ];
    const history: Record<
      string,
      { inbox: number | null; steps: Step[]; extra?: Partial<typeof cards.$inferInsert> }
    > = {
      A: {
        inbox: 10,
        steps: [
          ['create', stage.novo, at(1)],
          ['move', stage.atendimento, at(1, 6)],
          ['move', stage.concluido, at(2)],
        ],
        extra: { outcome: 'won', assigneeUserId: tenant.users.agent.id, title: '=SUM(1+1)' },
      },
      B: {
        inbox: 20,
        steps: [
          ['create', stage.novo, at(2)],
          ['move', stage.atendimento, at(3)],
          ['move', stage.concluido, at(5)],
        ],
        extra: { outcome: 'lost', lossReason: 'Preço' },
      },
      C: {
        inbox: 10,
        steps: [
          ['create', stage.novo, at(3)],
          ['move', stage.atendimento, at(4, 12)],
        ],
      },
      D: {
        inbox: null,
        steps: [
          ['create', stage.novo, new Date(Date.UTC(2025, 11, 30))],
          ['move', stage.concluido, at(1, 12)],
        ],
      },
      E: {
        inbox: 10,
        steps: [
          ['create', stage.novo, at(4)],
          ['move', stage.concluido, at(4, 6)],
          ['reopen', stage.novo, at(5)],
          ['move', stage.novo, at(5)],
          ['move', stage.atendimento, at(5, 12)],
          ['move', stage.concluido, at(6)],
        ],
      },
      F: {
        inbox: 20,
        steps: [
          ['create', stage.novo, at(6)],
          ['move', stage.concluido, at(8, 12)],
        ],
      },
      G: {
        inbox: 20,
        steps: [
          ['create', stage.novo, at(2, 12)],
          ['archive', null, at(3, 12)],
          ['restore', stage.novo, at(4)],
        ],
      },
    };
    for (const [name, { inbox, steps, extra }] of Object.entries(history)) {
      const placed = steps.filter(([, stageId]) => stageId !== null);
      const [row] = await db
        .insert(cards)
        .values({
          accountId,
          boardId,
          stageId: placed.at(-1)![1]!,
          position: 1,
          title: `Card ${name}`,
          inboxId: inbox,
          createdAt: steps[0]![2],
          stageEnteredAt: placed.at(-1)![2],
          ...extra,
        })
        .returning();
      card[name] = row!.id;
      let previous: string | null = null;
      for (const [type, stageId, when] of steps) {
        await db.insert(cardEvents).values({
          accountId,
          boardId,
          cardId: row!.id,
          type: type === 'restore' ? 'reopen' : type,
          fromStageId: type === 'create' ? null : previous,
          toStageId: stageId,
          cause: 'user',
          data: type === 'restore' ? { restored: true } : {},
          at: when,
        });
        // Edits and same-stage reorders are in the history too and must not count as moves.
        await db.insert(cardEvents).values({
          accountId,
          boardId,
          cardId: row!.id,
          type: type === 'archive' ? 'update' : 'move',
          fromStageId: stageId ?? previous,
          toStageId: stageId ?? previous,
          cause: 'user',
          at: new Date(when.getTime() + 60_000),
        });
        previous = stageId ?? previous;
      }
    }
  });
  after(() => t.close());

  const get = async (user: TestTenant['users']['admin'], query = RANGE, accountId = tenant.accountId) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${accountId}/boards/${boardId}/metrics?${query}`,
      headers: user.headers,
    });

  test('401 without a session', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/boards/${boardId}/metrics`,
    });
    assert.equal(response.statusCode, 401);
  });

  test('400 for a bad or reversed range', async () => {
    const bad = await get(tenant.users.admin, 'from=yesterday');
    assert.equal(bad.statusCode, 400);
    const reversed = await get(tenant.users.admin, 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    assert.equal(reversed.statusCode, 400);
    const tooLong = await get(tenant.users.admin, 'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.json().error.message, /366 days/);
    const onlyFrom = await get(tenant.users.admin, 'from=2999-01-01T00:00:00Z');
    assert.equal(onlyFrom.statusCode, 400);
  });

  test("404 for another account's board", async () => {
    const response = await get(other.users.admin, RANGE, other.accountId);
    assert.equal(response.statusCode, 404);
  });

  test('an administrator gets every figure as computed by hand', async () => {
    const response = await get(tenant.users.admin);
    assert.equal(response.statusCode, 200, response.body);
    const m = response.json() as BoardMetrics;
    assert.equal(m.restricted_to_visible_cards, false);
    assert.equal(m.from, '2026-01-01T00:00:00.000Z');
    // Lead times 6, 24, 24, 60, 72 h; cycle times 12, 18, 48 h.
    assertStats(m.lead_time, { count: 5, average: 37.2 * H, p50: 24 * H, p85: 64.8 * H });
    assertStats(m.cycle_time, { count: 3, average: 26 * H, p50: 18 * H, p85: 39 * H });
    // Buckets <1 h, 1–4, 4–8, 8–24, 24–72, 72–168, 168–336, 336–720, ≥720 h; a bound belongs to the
    // bucket above it (24 and 72 h).
    assert.deepEqual(m.distribution, {
      edges_hours: [1, 4, 8, 24, 72, 168, 336, 720],
      lead_time: [0, 0, 1, 0, 3, 1, 0, 0, 0],
      cycle_time: [0, 0, 0, 2, 1, 0, 0, 0, 0],
    });

    // Stays that ended in the range: Novo 6, 6, 12, 24, 24, 36, 60 h; Atendimento 12, 18, 48; Concluído 18.
    const inStage = Object.fromEntries(m.time_in_stage.map((s) => [s.stage_name, s]));
    assert.equal(inStage.Novo!.count, 7);
    assertStats(inStage.Novo!, { count: 7, average: 24 * H, p50: 24 * H, p85: 38.4 * H });
    assertStats(inStage.Atendimento!, { count: 3, average: 26 * H, p50: 18 * H, p85: 39 * H });
    assertStats(inStage.Concluído!, { count: 1, average: 18 * H, p50: 18 * H, p85: 18 * H });

    assert.equal(m.throughput.total, 5);
    assert.deepEqual(
      m.throughput.per_day.map((d) => [d.day, d.completed]),
      [
        ['2026-01-01', 1],
        ['2026-01-02', 1],
        ['2026-01-03', 0],
        ['2026-01-04', 1],
        ['2026-01-05', 1],
        ['2026-01-06', 1],
        ['2026-01-07', 0],
      ],
    );
    // ISO weeks start on Monday: Dec 29 holds Jan 1–4.
    assert.deepEqual(
      m.throughput.per_week.map((w) => [w.week, w.completed]),
      [
        ['2025-12-29', 3],
        ['2026-01-05', 2],
      ],
    );

    // Cumulative flow at the end of each day: [Novo, Atendimento, Concluído].
    assert.deepEqual(
      m.cumulative_flow.stages.map((s) => s.stage_name),
      ['Novo', 'Atendimento', 'Concluído'],
    );
    assert.deepEqual(
      m.cumulative_flow.days.map((d) => [d.day, d.counts]),
      [
        ['2026-01-01', [0, 1, 1]],
        ['2026-01-02', [2, 0, 2]],
        ['2026-01-03', [1, 1, 2]],
        ['2026-01-04', [1, 2, 3]],
        ['2026-01-05', [1, 2, 3]],
        ['2026-01-06', [2, 1, 4]],
        ['2026-01-07', [2, 1, 4]],
      ],
    );

    // Cohort: the cards created in the range (A, B, C, E, F, G).
    assert.deepEqual(m.outcomes, {
      won: 1,
      lost: 1,
      open: 4,
      win_rate: 0.5,
      loss_reasons: [{ reason: 'Preço', cards: 1 }],
    });
    assert.equal(m.conversion.cohort, 6);
    assert.deepEqual(
      m.conversion.stages.map((s) => [s.stage_name, s.reached, s.won]),
      [
        ['Novo', 6, 1],
        ['Atendimento', 4, 1],
        ['Concluído', 4, 1],
      ],
    );
    assert.ok(Math.abs(m.conversion.stages[1]!.share_of_cohort! - 4 / 6) < 1e-9);

    assert.deepEqual(
      m.by_inbox.map((row) => [row.chatwoot_inbox_id, row.completed, row.lead_time.average, row.wip]),
      [
        [10, 3, 18 * H, 1],
        [20, 1, 72 * H, 1],
        [null, 1, 60 * H, 0],
      ],
    );
    const byAssignee = new Map(m.by_assignee.map((row) => [row.user_id, row]));
    assert.equal(byAssignee.get(tenant.users.agent.id)?.completed, 1);
    assert.equal(byAssignee.get(tenant.users.agent.id)?.lead_time.p50, 24 * H);
    assertStats(byAssignee.get(null)!.lead_time, { count: 4, average: 40.5 * H, p50: 42 * H, p85: 66.6 * H });
    assert.equal(byAssignee.get(null)?.wip, 2);
  });

  test('a range with parts of days at both ends: those parts count to the minute', async () => {
    const response = await get(
      tenant.users.admin,
      `from=${encodeURIComponent('2026-01-01T12:00:00Z')}&to=${encodeURIComponent('2026-01-05T06:00:00Z')}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const m = response.json() as BoardMetrics;
    // Stays that ended from Jan 1 12h (D's Novo, included) to Jan 5 06h (B's Atendimento at 00h, included;
    // E's second Novo at 12h, not): Novo 6, 24, 24, 36, 60 h; Atendimento 18, 48; Concluído 18.
    const inStage = Object.fromEntries(m.time_in_stage.map((s) => [s.stage_name, s]));
    assertStats(inStage.Novo!, { count: 5, average: 30 * H, p50: 24 * H, p85: 45.6 * H });
    assertStats(inStage.Atendimento!, { count: 2, average: 33 * H, p50: 33 * H, p85: 43.5 * H });
    assertStats(inStage.Concluído!, { count: 1, average: 18 * H, p50: 18 * H, p85: 18 * H });
    // Jan 5 counts at 06h: E back in Novo since 00h, not yet in Atendimento; B done at 00h.
    assert.deepEqual(
      m.cumulative_flow.days.map((d) => [d.day, d.counts]),
      [
        ['2026-01-01', [0, 1, 1]],
        ['2026-01-02', [2, 0, 2]],
        ['2026-01-03', [1, 1, 2]],
        ['2026-01-04', [1, 2, 3]],
        ['2026-01-05', [2, 1, 3]],
      ],
    );
  });

  test('a range inside one day: its day counts from midnight, its stays from the range start', async () => {
    const response = await get(
      tenant.users.admin,
      `from=${encodeURIComponent('2026-01-03T06:00:00Z')}&to=${encodeURIComponent('2026-01-03T18:00:00Z')}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const m = response.json() as BoardMetrics;
    // Only G's stay in Novo ended from 06h to 18h (archived at 12h after 24 h); B's move and C's create at
    // 00h came before the range but count in its day's flow.
    const inStage = Object.fromEntries(m.time_in_stage.map((s) => [s.stage_name, s]));
    assertStats(inStage.Novo!, { count: 1, average: 24 * H, p50: 24 * H, p85: 24 * H });
    assert.equal(inStage.Atendimento!.count, 0);
    assert.equal(inStage.Concluído!.count, 0);
    assert.deepEqual(
      m.cumulative_flow.days.map((d) => [d.day, d.counts]),
      [['2026-01-03', [1, 1, 2]]],
    );
  });

  test('ageing work in progress is measured at the time of the request', async () => {
    const response = await get(tenant.users.admin);
    const m = response.json() as BoardMetrics;
    const ageing = Object.fromEntries(m.ageing_wip.map((s) => [s.stage_name, s]));
    assert.deepEqual(Object.keys(ageing), ['Novo', 'Atendimento'], 'done stages hold no work in progress');
    // G, restored, is aged from its creation: a restore starts no new cycle.
    assert.equal(ageing.Novo!.cards, 1);
    assert.ok(Math.abs(ageing.Novo!.oldest_age! - (Date.now() - at(2, 12).getTime()) / 1000) < 60);
    assert.equal(ageing.Atendimento!.cards, 1);
    assert.ok(Math.abs(ageing.Atendimento!.oldest_age! - (Date.now() - at(3).getTime()) / 1000) < 60);
  });

  test('an agent gets figures over the cards of their inboxes and free cards only', async () => {
    const response = await get(tenant.users.agent);
    assert.equal(response.statusCode, 200, response.body);
    const m = response.json() as BoardMetrics;
    assert.equal(m.restricted_to_visible_cards, true);
    // Visible: A, C, D, E. Lead times 6, 24, 24, 60 h.
    assertStats(m.lead_time, { count: 4, average: 28.5 * H, p50: 24 * H, p85: 43.8 * H });
    assert.deepEqual(m.distribution.lead_time, [0, 0, 1, 0, 3, 0, 0, 0, 0]);
    assert.equal(m.throughput.total, 4);
    assert.deepEqual(
      m.by_inbox.map((row) => row.chatwoot_inbox_id),
      [10, null],
    );
    assert.equal(m.conversion.cohort, 3);
  });

  test('CSV per board: one row per card on the board during the range, formulas made inert', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/boards/${boardId}/metrics.csv?${RANGE}`,
      headers: tenant.users.admin.headers,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /kanban-board-.*\.csv/);
    const lines = response.body.trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    assert.deepEqual(header.slice(-3), ['hours in Novo', 'hours in Atendimento', 'hours in Concluído']);
    // D was created before the range but on the board during it; every card overlaps the range.
    assert.equal(lines.length, 1 + 7);
    const rowOf = (id: string) => {
      const line = lines.find((l) => l.startsWith(id));
      assert.ok(line, `row of ${id}`);
      return Object.fromEntries(line.split(',').map((cell, index) => [header[index], cell]));
    };
    const a = rowOf(card.A!);
    assert.equal(a.title, "'=SUM(1+1)");
    assert.equal(a.lead_time_hours, '24');
    assert.equal(a.cycle_time_hours, '18');
    assert.equal(a.outcome, 'won');
    assert.equal(a['hours in Novo'], '6');
    assert.equal(a['hours in Atendimento'], '18');
    // E's latest cycle: reopened Jan 5, done Jan 6.
    const e = rowOf(card.E!);
    assert.equal(e.cycle_started_at, '2026-01-05T00:00:00.000Z');
    assert.equal(e.lead_time_hours, '24');
    assert.equal(e['hours in Novo'], '18');
  });

  test('CSV per stage: only the cards now in it; a stage of another board is 404', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/boards/${boardId}/metrics.csv?${RANGE}&stage_id=${stage.atendimento}`,
      headers: tenant.users.agent.headers,
    });
    assert.equal(response.statusCode, 200, response.body);
    const lines = response.body.trimEnd().split('\r\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith(card.C!));
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/boards/${boardId}/metrics.csv?stage_id=00000000-0000-4000-8000-000000000000`,
      headers: tenant.users.admin.headers,
    });
    assert.equal(missing.statusCode, 404);
  });

  test('moves recorded through the API count at once: the tenant role keeps the placements it reads', async () => {
    const api = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({
        method,
        url: `/api/v1/accounts/${tenant.accountId}/boards${url}`,
        headers: tenant.users.admin.headers,
        payload,
      });
    const created = await api('POST', '', {
      name: 'Ao vivo',
      stages: [
        { name: 'Novo' },
        { name: 'Atendimento', is_in_progress: true },
        { name: 'Feito', is_done: true },
      ],
    });
    assert.equal(created.statusCode, 201, created.body);
    const live = created.json() as { id: string; stages: { id: string }[] };
    const newCard = await api('POST', `/${live.id}/cards`, { title: 'Negócio' });
    assert.equal(newCard.statusCode, 201, newCard.body);
    const cardId = (newCard.json() as { id: string }).id;
    for (const stageIndex of [1, 1, 2]) {
      const moved = await api('POST', `/${live.id}/cards/${cardId}/move`, {
        stage_id: live.stages[stageIndex]!.id,
      });
      assert.equal(moved.statusCode, 200, moved.body);
    }
    const response = await api('GET', `/${live.id}/metrics`);
    assert.equal(response.statusCode, 200, response.body);
    const metrics = response.json() as BoardMetrics;
    assert.equal(metrics.lead_time.count, 1);
    assert.equal(metrics.cycle_time.count, 1);
    assert.equal(metrics.throughput.total, 1);
    // The repeated move to Atendimento is a reorder, not a second stay.
    assert.deepEqual(
      metrics.time_in_stage.map((stage) => stage.count),
      [1, 1, 0],
    );
  });

  test('a cached answer is never served after a committed change: a move, an outcome, a stage kind', async () => {
    const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({
        method,
        url: `/api/v1/accounts/${tenant.accountId}/boards${url}`,
        headers: tenant.users.admin.headers,
        payload,
      });
    const created = await api('POST', '', {
      name: 'Em cache',
      stages: [{ name: 'Novo' }, { name: 'Atendimento' }, { name: 'Feito', is_done: true }],
    });
    assert.equal(created.statusCode, 201, created.body);
    const live = created.json() as { id: string; stages: { id: string }[] };
    const newCard = await api('POST', `/${live.id}/cards`, { title: 'Negócio' });
    const cardId = (newCard.json() as { id: string }).id;
    // An explicit range, as the web asks: the answers are cached.
    const range = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`;
    const read = async () => {
      const response = await api('GET', `/${live.id}/metrics?${range}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as BoardMetrics;
    };
    const first = await read();
    assert.equal(first.throughput.total, 0);
    assert.deepEqual((await read()).time_in_stage, first.time_in_stage, 'nothing changed: the same answer');

    const moved = await api('POST', `/${live.id}/cards/${cardId}/move`, { stage_id: live.stages[2]!.id });
    assert.equal(moved.statusCode, 200, moved.body);
    const afterMove = await read();
    assert.equal(afterMove.throughput.total, 1);
    assert.equal(afterMove.lead_time.count, 1);

    const won = await api('PATCH', `/${live.id}/cards/${cardId}`, { outcome: 'won' });
    assert.equal(won.statusCode, 200, won.body);
    assert.equal((await read()).outcomes.won, 1);

    // Nothing of the card changes, only what its stage counts as.
    await t.app.deps.database.system
      .update(boardStages)
      .set({ isDone: false })
      .where(eq(boardStages.id, live.stages[2]!.id));
    assert.equal((await read()).throughput.total, 0);
  });
});

// The aggregates the metrics read (card_cycles and board_stage_days, migration 0022) are kept
// incrementally as card events arrive; after random histories they must equal what a recomputation from
// the cards' placements gives: moves, same-stage moves, reopens, archives and restores, late events
// inserted before earlier ones, several cards in one statement, inbox changes, stage kind changes, a
// deleted stage and a deleted card.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database } from '../../db/database';
import { accounts, boardStages, boards, cardEvents, cards } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../test/database';

/** Deterministic, so a failure replays: mulberry32. */
function randomSource(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]! };
}

interface Placement {
  card_id: string;
  type: string;
  stage_id: string | null;
  at: string;
  next_at: string | null;
  starts_cycle: boolean;
  cycle_no: number;
  inbox_id: number | null;
}

const rowsOf = async <T>(database: Database, query: ReturnType<typeof sql>) =>
  ((await database.system.execute(query)) as unknown as { rows: T[] }).rows;
const ms = (value: string | Date | null) => (value === null ? null : new Date(value).getTime());
const utcDay = (value: string) => new Date(value).toISOString().slice(0, 10);

/**
 * The day counts, stay lengths and cycles of a board recomputed from scratch from its placements, in the
 * same shapes.
 */
async function recomputed(database: Database, boardId: string) {
  const placements = await rowsOf<Placement>(
    database,
    // The card's inbox as it is now: visibility follows the card, wherever it was when it moved.
    sql`select p.card_id, p.type, p.stage_id, p.at, p.next_at, p.starts_cycle, p.cycle_no, c.inbox_id
        from card_placements p join cards c on c.id = p.card_id where p.board_id = ${boardId}`,
  );
  const kinds = new Map(
    (
      await database.system
        .select({ id: boardStages.id, inProgress: boardStages.isInProgress, done: boardStages.isDone })
        .from(boardStages)
        .where(eq(boardStages.boardId, boardId))
    ).map((stage) => [stage.id, stage]),
  );
  const days = new Map<string, number | number[]>();
  const add = (stageId: string, inbox: number | null, day: string, column: 'entered' | 'exited') => {
    const key = `${stageId}|${inbox ?? 0}|${day}|${column}`;
    days.set(key, ((days.get(key) as number | undefined) ?? 0) + 1);
  };
  const addLength = (stageId: string, inbox: number | null, day: string, seconds: number) => {
    const key = `${stageId}|${inbox ?? 0}|${day}|lengths`;
    days.set(
      key,
      [...((days.get(key) as number[] | undefined) ?? []), seconds].sort((a, b) => a - b),
    );
  };
  const cycles = new Map<
    string,
    {
      started: number | null;
      created: number | null;
      progress: number | null;
      done: number | null;
      reached: Set<string>;
    }
  >();
  const earliest = (current: number | null, value: number) =>
    current === null || value < current ? value : current;
  /** Per card and stage, the cycle of the card's first stay there: the cycle that lists the stage. */
  const firstCycleIn = new Map<string, number>();
  for (const p of placements) {
    const key = `${p.card_id}|${p.cycle_no}`;
    const cycle = cycles.get(key) ?? {
      started: null,
      created: null,
      progress: null,
      done: null,
      reached: new Set(),
    };
    cycles.set(key, cycle);
    const at = ms(p.at)!;
    if (p.starts_cycle) cycle.started = earliest(cycle.started, at);
    if (p.type === 'create') cycle.created = earliest(cycle.created, at);
    if (p.type === 'archive' || p.stage_id === null) continue;
    const stay = `${p.card_id}|${p.stage_id}`;
    firstCycleIn.set(stay, Math.min(firstCycleIn.get(stay) ?? p.cycle_no, p.cycle_no));
    if (kinds.get(p.stage_id)?.inProgress) cycle.progress = earliest(cycle.progress, at);
    if (kinds.get(p.stage_id)?.done) cycle.done = earliest(cycle.done, at);
    add(p.stage_id, p.inbox_id, utcDay(p.at), 'entered');
    if (p.next_at) {
      add(p.stage_id, p.inbox_id, utcDay(p.next_at), 'exited');
      addLength(p.stage_id, p.inbox_id, utcDay(p.next_at), (ms(p.next_at)! - at) / 1000);
    }
  }
  for (const [stay, cycleNo] of firstCycleIn) {
    const [cardId, stageId] = stay.split('|') as [string, string];
    cycles.get(`${cardId}|${cycleNo}`)!.reached.add(stageId);
  }
  return {
    days: Object.fromEntries([...days].sort(([a], [b]) => a.localeCompare(b))),
    cycles: Object.fromEntries(
      [...cycles]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, cycle]) => [key, { ...cycle, reached: [...cycle.reached].sort() }]),
    ),
  };
}

/** The aggregates as the database keeps them, zero day counts and empty lengths left out. */
async function kept(database: Database, boardId: string) {
  const days: Record<string, number | number[]> = {};
  for (const row of await rowsOf<{
    stage_id: string;
    inbox_id: number;
    day: string;
    entered: number;
    exited: number;
    lengths: number[];
  }>(
    database,
    sql`select stage_id, inbox_id, to_char(day, 'YYYY-MM-DD') as day, entered, exited,
          array(select unnest(stay_seconds) order by 1) as lengths
        from board_stage_days where board_id = ${boardId}`,
  )) {
    const key = `${row.stage_id}|${row.inbox_id}|${row.day}`;
    if (row.entered !== 0) days[`${key}|entered`] = row.entered;
    if (row.exited !== 0) days[`${key}|exited`] = row.exited;
    if (row.lengths.length > 0) days[`${key}|lengths`] = row.lengths.map(Number);
  }
  const cycles = await rowsOf<{
    card_id: string;
    cycle_no: number;
    started_at: string | null;
    created_at: string | null;
    progress_at: string | null;
    done_at: string | null;
    reached: string[];
  }>(
    database,
    sql`select card_id, cycle_no, started_at, created_at, progress_at, done_at,
          array(select unnest(reached_stage_ids)::text order by 1) as reached
        from card_cycles where board_id = ${boardId}`,
  );
  return {
    days: Object.fromEntries(Object.entries(days).sort(([a], [b]) => a.localeCompare(b))),
    cycles: Object.fromEntries(
      cycles
        .map((row) => [
          `${row.card_id}|${row.cycle_no}`,
          {
            started: ms(row.started_at),
            created: ms(row.created_at),
            progress: ms(row.progress_at),
            done: ms(row.done_at),
            reached: row.reached,
          },
        ])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
  };
}

describe('metric aggregates kept with the card events', () => {
  let db: TestDatabase;
  const accountId = 31_337;

  before(async () => {
    db = await createTestDatabase();
    await db.database.system
      .insert(accounts)
      .values({ id: accountId, installation: 'https://chat.test', name: 'Aggregates' });
  });
  after(() => db.drop());

  for (const seed of [1, 2, 3]) {
    test(`random history ${seed}: the kept aggregates equal a recomputation`, async () => {
      const system = db.database.system;
      const random = randomSource(seed);
      const [board] = await system
        .insert(boards)
        .values({ accountId, name: `Random ${seed}` })
        .returning();
      const boardId = board!.id;
      const stageIds = (
        await system
          .insert(boardStages)
          .values([
            { accountId, boardId, name: 'Novo', position: 1 },
            { accountId, boardId, name: 'Fazendo', position: 2, isInProgress: true },
            { accountId, boardId, name: 'Revisão', position: 3, isInProgress: true },
            { accountId, boardId, name: 'Feito', position: 4, isDone: true },
            { accountId, boardId, name: 'Antiga', position: 5 },
          ])
          .returning()
      ).map((stage) => stage.id);
      const retired = stageIds.pop()!;
      let clock = Date.UTC(2026, 0, 1);
      const tick = () => {
        clock += Math.floor(random.next() * 30) * 3_600_000;
        return new Date(clock);
      };
      interface Live {
        id: string;
        stage: string;
        archived: boolean;
      }
      const live: Live[] = [];
      const event = (
        card: Live,
        type: 'create' | 'move' | 'reopen' | 'archive',
        stage: string | null,
        at: Date,
        restored = false,
      ) => ({
        accountId,
        boardId,
        cardId: card.id,
        type,
        fromStageId: card.stage,
        toStageId: stage,
        cause: 'user' as const,
        data: restored ? { restored: true } : {},
        at,
      });
      for (let n = 0; n < 6; n++) {
        const at = tick();
        const [row] = await system
          .insert(cards)
          .values({
            accountId,
            boardId,
            stageId: stageIds[0]!,
            position: n,
            title: `Card ${n}`,
            inboxId: random.pick([null, 1, 2]),
            createdAt: at,
          })
          .returning();
        const card = { id: row!.id, stage: stageIds[0]!, archived: false };
        live.push(card);
        await system.insert(cardEvents).values(event(card, 'create', card.stage, at));
        // The stage that is deleted later holds part of every card's history.
        await system.insert(cardEvents).values(event(card, 'move', retired, tick()));
        await system.insert(cardEvents).values(event(card, 'move', card.stage, tick()));
      }
      await system.delete(boardStages).where(eq(boardStages.id, retired));
      assert.deepEqual(
        await kept(db.database, boardId),
        await recomputed(db.database, boardId),
        'after the stage deletion',
      );

      for (let step = 0; step < 80; step++) {
        const card = random.pick(live);
        const roll = random.next();
        if (card.archived) {
          card.archived = false;
          await system.insert(cardEvents).values(event(card, 'reopen', card.stage, tick(), true));
        } else if (roll < 0.45) {
          card.stage = random.pick(stageIds);
          await system.insert(cardEvents).values(event(card, 'move', card.stage, tick()));
        } else if (roll < 0.55) {
          const at = tick();
          card.stage = stageIds[0]!;
          await system
            .insert(cardEvents)
            .values([event(card, 'reopen', card.stage, at), event(card, 'move', card.stage, at)]);
        } else if (roll < 0.62) {
          card.archived = true;
          await system.insert(cardEvents).values(event(card, 'archive', null, tick()));
        } else if (roll < 0.72) {
          // Reported late: placed before the card's latest events, which it splits.
          const late = new Date(clock - Math.floor(random.next() * 72) * 3_600_000);
          await system.insert(cardEvents).values(event(card, 'move', random.pick(stageIds), late));
        } else if (roll < 0.8) {
          const other = random.pick(live.filter((candidate) => candidate !== card && !candidate.archived));
          if (other) {
            const at = tick();
            card.stage = random.pick(stageIds);
            other.stage = random.pick(stageIds);
            await system
              .insert(cardEvents)
              .values([event(card, 'move', card.stage, at), event(other, 'move', other.stage, at)]);
          }
        } else if (roll < 0.88) {
          await system
            .update(cards)
            .set({ inboxId: random.pick([null, 1, 2, 3]) })
            .where(eq(cards.id, card.id));
        } else if (roll < 0.94) {
          const stage = random.pick(stageIds);
          await system
            .update(boardStages)
            .set({ isInProgress: random.next() < 0.5, isDone: random.next() < 0.3 })
            .where(and(eq(boardStages.id, stage), eq(boardStages.boardId, boardId)));
        } else if (live.length > 3) {
          live.splice(live.indexOf(card), 1);
          await system.delete(cards).where(eq(cards.id, card.id));
        }
        if (step % 10 === 9) {
          assert.deepEqual(
            await kept(db.database, boardId),
            await recomputed(db.database, boardId),
            `after step ${step}`,
          );
        }
      }
      const final = await kept(db.database, boardId);
      assert.ok(Object.keys(final.cycles).length >= live.length, 'every live card has its cycles');
      assert.ok(Object.keys(final.days).length > 10, 'the history made day counts');
      assert.deepEqual(final, await recomputed(db.database, boardId));
    });
  }

  // board_stage_days_apply is SECURITY DEFINER and writes what the session's change tables hold; the app
  // role can create temporary tables of those names in its own session before any card event.
  test('change tables the app role made in its session are refused, and their rows reach no day row', async () => {
    const system = db.database.system;
    const otherAccountId = accountId + 1;
    await system
      .insert(accounts)
      .values({ id: otherAccountId, installation: 'https://chat.test', name: 'Other' })
      .onConflictDoNothing();
    const [otherBoard] = await system
      .insert(boards)
      .values({ accountId: otherAccountId, name: 'Theirs' })
      .returning();
    const [otherStage] = await system
      .insert(boardStages)
      .values({ accountId: otherAccountId, boardId: otherBoard!.id, name: 'S', position: 1 })
      .returning();
    const [board] = await system.insert(boards).values({ accountId, name: 'Ours' }).returning();
    const [stage] = await system
      .insert(boardStages)
      .values({ accountId, boardId: board!.id, name: 'S', position: 1 })
      .returning();
    const [card] = await system
      .insert(cards)
      .values({ accountId, boardId: board!.id, stageId: stage!.id, position: 1, title: 'Ours' })
      .returning();
    const created = {
      accountId,
      boardId: board!.id,
      cardId: card!.id,
      type: 'create',
      toStageId: stage!.id,
      cause: 'user',
    } as const;
    // PGlite's one session already holds the tables earlier tests made: this test starts it without them.
    if (!db.url) {
      await system.execute(
        sql`drop table if exists pg_temp.board_stage_day_changes, pg_temp.board_stage_days_pending`,
      );
    }
    const forged = db.database.tenant(accountId, async (tx) => {
      await tx.execute(sql`create temporary table board_stage_day_changes (
        account_id integer not null, board_id uuid not null, stage_id uuid not null, inbox_id integer not null,
        at timestamptz not null, next_at timestamptz, sign integer not null)`);
      await tx.execute(sql`create temporary table board_stage_days_pending (pending boolean not null)`);
      await tx.execute(sql`insert into pg_temp.board_stage_day_changes
        values (${otherAccountId}, ${otherBoard!.id}, ${otherStage!.id}, 0, now() - interval '1 hour', now(), 1)`);
      await tx.insert(cardEvents).values(created);
    });
    await assert.rejects(forged, (error: Error) => /not created by the Hub/.test(String(error.cause)));
    assert.deepEqual(
      await rowsOf(
        db.database,
        sql`select * from board_stage_days where board_id in (${otherBoard!.id}, ${board!.id})`,
      ),
      [],
    );
    // The session's own tables are made and used as before once nothing stands in their place.
    await db.database.tenant(accountId, (tx) => tx.insert(cardEvents).values(created));
    assert.deepEqual(
      (
        await rowsOf<{ entered: number }>(
          db.database,
          sql`select entered from board_stage_days where board_id = ${board!.id}`,
        )
      ).map((row) => row.entered),
      [1],
    );
  });

  // Two writers on one board, each moving cards in its own transaction in an order that crosses the
  // other's (what a user's move and the time-rule sweep can do): with the day rows taken as events arrived,
  // each waited for a row the other held and PostgreSQL failed one with a deadlock. Two connections are
  // needed, so PostgreSQL only.
  test('two transactions moving cards across each other on one board both commit', async (t) => {
    if (!db.url) {
      t.skip('needs two connections (PostgreSQL)');
      return;
    }
    const system = db.database.system;
    const [board] = await system.insert(boards).values({ accountId, name: 'Crossing' }).returning();
    const boardId = board!.id;
    const stageIds = (
      await system
        .insert(boardStages)
        .values([1, 2, 3, 4, 5].map((position) => ({ accountId, boardId, name: `S${position}`, position })))
        .returning()
    ).map((stage) => stage.id);
    const stage = (n: number) => stageIds[n - 1]!;
    const yesterday = new Date(Date.now() - 86_400_000);
    const cardIn = async (from: number) => {
      const [row] = await system
        .insert(cards)
        .values({
          accountId,
          boardId,
          stageId: stage(from),
          position: from,
          title: `From S${from}`,
          inboxId: 1,
        })
        .returning();
      await system.insert(cardEvents).values({
        accountId,
        boardId,
        cardId: row!.id,
        type: 'create',
        toStageId: stage(from),
        cause: 'user',
        at: yesterday,
      });
      return row!.id;
    };
    const [first, second, third, fourth] = [
      await cardIn(1),
      await cardIn(3),
      await cardIn(3),
      await cardIn(1),
    ];
    const writers = [
      new pg.Client({ connectionString: db.url }),
      new pg.Client({ connectionString: db.url }),
    ];
    await Promise.all(writers.map((writer) => writer.connect()));
    // Milliseconds, as the recomputation reads them.
    const move = (writer: pg.Client, cardId: string, from: number, to: number) =>
      writer.query(
        `insert into card_events (account_id, board_id, card_id, type, from_stage_id, to_stage_id, cause, at)
         values ($1, $2, $3, 'move', $4, $5, 'automation', $6)`,
        [accountId, boardId, cardId, stage(from), stage(to), new Date()],
      );
    try {
      const [sweep, user] = writers as [pg.Client, pg.Client];
      await Promise.all(writers.map((writer) => writer.query('begin')));
      await move(sweep, first, 1, 2);
      await move(user, second, 3, 4);
      const crossing = await Promise.allSettled([move(sweep, third, 3, 5), move(user, fourth, 1, 5)]);
      assert.deepEqual(
        crossing.map((result) => (result.status === 'rejected' ? String(result.reason) : 'moved')),
        ['moved', 'moved'],
      );
      await Promise.all(writers.map((writer) => writer.query('commit')));
    } finally {
      await Promise.all(writers.map((writer) => writer.end()));
    }
    const today = new Date().toISOString().slice(0, 10);
    const days = (await kept(db.database, boardId)).days;
    assert.equal(days[`${stage(1)}|1|${today}|exited`], 2);
    assert.equal(days[`${stage(3)}|1|${today}|exited`], 2);
    assert.equal(days[`${stage(5)}|1|${today}|entered`], 2);
    assert.deepEqual(await kept(db.database, boardId), await recomputed(db.database, boardId));
  });
});

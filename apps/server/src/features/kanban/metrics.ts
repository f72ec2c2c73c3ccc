// Board metrics, computed in one SQL statement from the card history: the placements the database keeps
// from card_events (so no request sorts or windows the whole history) of the board's visible cards are
// read once into stays (a card's time in one stage) and cycles (from create or reopen to the first entry
// into a done stage), and every figure is an aggregate over those. The
// definitions are in docs/KANBAN.md; the tests check them against hand-computed fixtures.
// The statement's answer depends on the data and the range only (ageing is returned as start times and
// turned into ages at the moment of each request), so it is cached per board version: see MetricsCache.
import {
  type BoardMetrics,
  METRICS_DISTRIBUTION_EDGES_HOURS,
  METRICS_MAX_RANGE_DAYS,
  type MetricsQuery,
} from '@whatpro/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { notFound } from '../../errors';
import { toCsv } from '../audit/csv';
import type { Actor } from '../auth/actor';
import type { MetricsCache } from './metrics-cache';
import { findBoard, type InboxScope, listStages } from './repo';
import { badRequest, scopeOf } from './service';

export interface MetricsRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The moment ageing work in progress is measured at. */
  now: Date;
}

const DAY_MS = 86_400_000;

/** The default range: the 30 days up to now. */
export function metricsRange(query: { from?: string; to?: string }, now: Date): MetricsRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  return { from, to, now };
}

const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/**
 * The whole UTC days of a range (from its first midnight to its last, empty when it holds none) and the
 * parts of days left at its ends, which the per-day aggregates cannot answer.
 */
export function splitIntoDays(range: Pick<MetricsRange, 'from' | 'to'>): {
  wholeDays: { from: Date; to: Date };
  partialDays: { from: Date; to: Date }[];
} {
  const { from, to } = range;
  const firstMidnight = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const lastMidnight = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  if (firstMidnight >= lastMidnight) {
    return { wholeDays: { from: lastMidnight, to: lastMidnight }, partialDays: [{ from, to }] };
  }
  return {
    wholeDays: { from: firstMidnight, to: lastMidnight },
    partialDays: [
      { from, to: firstMidnight },
      { from: lastMidnight, to },
    ].filter((part) => part.from < part.to),
  };
}

/** The cards of the board the scope may see: free cards and those of the scope's inboxes. */
function visibleCards(accountId: number, boardId: string, scope: InboxScope): SQL {
  const inboxes = scope.all
    ? sql`true`
    : sql`(c.inbox_id is null or c.inbox_id = any(${sqlIntArray(scope.inboxIds)}))`;
  return sql`
    select c.id, c.inbox_id, c.assignee_user_id, c.outcome, c.loss_reason, c.stage_id, c.archived_at, c.created_at
    from cards c
    where c.account_id = ${accountId} and c.board_id = ${boardId} and ${inboxes}`;
}

const sqlIntArray = (values: readonly number[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::int[]`;

/** Placements of the cards of the scope's inboxes and of free cards (a placement carries its card's inbox). */
function visiblePlacements(scope: InboxScope, inboxColumn: SQL): SQL {
  return scope.all
    ? sql``
    : sql`and (${inboxColumn} is null or ${inboxColumn} = any(${sqlIntArray(scope.inboxIds)}))`;
}

/**
 * The CTEs every metric builds on, read from what the database keeps in the transaction of every card
 * event (migrations 0016, 0019, 0022 and 0024), so a request reads a row per cycle, not every placement:
 * - `stays`: each placement of a visible card in a stage (`card_placements`), from `entered_at` to
 *   `left_at` (null: still there);
 * - `cycles`: per visible card and cycle (from its create or reopen; restoring an archived card starts
 *   none), from `card_cycles`: its start, its create when in it, its first entry into an in-progress
 *   stage, its first entry into a done stage, and the stages the card was in for the first time. The
 *   stage kinds are the current ones: changing a stage's kind recomputes the board's cycles, so past
 *   figures change with it;
 * - `completions`: the cycles that reached a done stage, with their lead time (from the cycle's start)
 *   and cycle time (from the cycle's first entry into an in-progress stage, when that came before it).
 */
function baseCtes(accountId: number, boardId: string, scope: InboxScope): SQL {
  // A card never changes board, so whoever sees every card needs no join with the cards.
  const onlyVisible = scope.all ? sql`` : sql`join visible v on v.id = cy.card_id`;
  return sql`
    stages as (
      select id, name, position, is_in_progress, is_done
      from board_stages where account_id = ${accountId} and board_id = ${boardId}
    ),
    visible as (${visibleCards(accountId, boardId, scope)}),
    stays as (
      select p.card_id, p.stage_id, p.at as entered_at, p.next_at as left_at
      from card_placements p
      where p.account_id = ${accountId} and p.board_id = ${boardId} and p.type <> 'archive'
        and p.stage_id is not null ${visiblePlacements(scope, sql`p.inbox_id`)}
    ),
    cycles as (
      select cy.card_id, cy.cycle_no, cy.started_at, cy.created_at, cy.progress_at, cy.done_at,
        cy.reached_stage_ids
      from card_cycles cy
      ${onlyVisible}
      where cy.account_id = ${accountId} and cy.board_id = ${boardId}
    ),
    cycle_starts as (select card_id, cycle_no, started_at from cycles where started_at is not null),
    all_completions as (
      select card_id, cycle_no, done_at, started_at, progress_at,
        -- date_part gives the float directly; extract goes through numeric.
        date_part('epoch', done_at - started_at) as lead_s,
        case when progress_at <= done_at then date_part('epoch', done_at - progress_at) end as cycle_s
      from cycles where done_at is not null and started_at is not null
    )`;
}

/** `{count, average, p50, p85}` of a column of seconds, as a JSON object. */
const stats = (column: SQL) => sql`json_build_object(
  'count', count(${column})::int,
  'average', avg(${column})::float8,
  'p50', percentile_cont(0.5) within group (order by ${column}),
  'p85', percentile_cont(0.85) within group (order by ${column})
)`;

/**
 * The completions per duration bucket of a column of seconds, one count per bucket (zeros included):
 * `width_bucket` gives 0 below the first bound and i from bound i-1 up, as the contract describes.
 */
const distribution = (column: SQL) => {
  const edges = sql.raw(
    `array[${METRICS_DISTRIBUTION_EDGES_HOURS.map((hours) => hours * 3600).join(', ')}]::float8[]`,
  );
  return sql`(
    select json_agg(coalesce(x.n, 0) order by b.bucket)
    from generate_series(0, ${METRICS_DISTRIBUTION_EDGES_HOURS.length}) b(bucket)
    left join (
      select width_bucket(${column}, ${edges}) as bucket, count(*)::int as n
      from completions where ${column} is not null group by 1
    ) x on x.bucket = b.bucket
  )`;
};

/**
 * A stage's work in progress as the statement returns it: the epoch seconds its cards' current cycles
 * started (average, 15th percentile and earliest), which are the average, 85th percentile and oldest
 * age once subtracted from the moment of the request (ageing is affine in the start time, so even the
 * interpolated percentile is exact).
 */
interface WipStarts {
  stage_id: string;
  stage_name: string;
  cards: number;
  average_start: number | null;
  p15_start: number | null;
  oldest_start: number | null;
}

type Computed = Omit<BoardMetrics, 'board_id' | 'from' | 'to' | 'restricted_to_visible_cards'>;
/** What the statement answers: every figure but ageing, which is kept as start times. */
export type MetricsSnapshot = Omit<Computed, 'ageing_wip'> & { ageing_wip: WipStarts[] };

/** The snapshot's figures with the ages of work in progress measured at `now`. */
export function metricsAt(snapshot: MetricsSnapshot, now: Date): Computed {
  const nowS = now.getTime() / 1000;
  const age = (start: number | null) => (start === null ? null : nowS - start);
  return {
    ...snapshot,
    ageing_wip: snapshot.ageing_wip.map((stage) => ({
      stage_id: stage.stage_id,
      stage_name: stage.stage_name,
      cards: stage.cards,
      average_age: age(stage.average_start),
      p85_age: age(stage.p15_start),
      oldest_age: age(stage.oldest_start),
    })),
  };
}

export async function boardMetrics(
  tx: Tx,
  accountId: number,
  boardId: string,
  scope: InboxScope,
  range: Pick<MetricsRange, 'from' | 'to'>,
): Promise<MetricsSnapshot> {
  const { from, to } = range;
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const toAt = sql`${to.toISOString()}::timestamptz`;
  const { wholeDays, partialDays } = splitIntoDays(range);
  const fullDaysEndAt = sql`${wholeDays.to.toISOString()}::timestamptz`;
  const partialLastDay = wholeDays.to.getTime() < to.getTime();
  const lead = sql`lead_s`;
  // The stays that began or ended in the parts of days the aggregates cannot answer (the range's ends and,
  // for the cumulative flow, its last day from midnight): a stay begins and ends at events of its card, so
  // they are the stays of the cards with an event there, found by the events' time index instead of a scan
  // of every placement of the board (the API's default range ends now).
  const partialWindows = partialDays.map((part) =>
    partialLastDay && part.to.getTime() === to.getTime() && wholeDays.to < part.from
      ? { from: wholeDays.to, to }
      : part,
  );
  const partialStays =
    partialWindows.length > 0
      ? sql`
    partial_cards as (
      ${sql.join(
        partialWindows.map(
          (part) => sql`select e.card_id from card_events e
      where e.account_id = ${accountId} and e.board_id = ${boardId}
        and e.at >= ${part.from.toISOString()}::timestamptz and e.at < ${part.to.toISOString()}::timestamptz`,
        ),
        sql` union `,
      )}
    ),
    partial_stays as (
      select p.card_id, p.stage_id, p.at as entered_at, p.next_at as left_at
      from card_placements p
      -- An array, so the planner reads those cards' placements by index rather than hashing all of them.
      where p.card_id = any(array(select card_id from partial_cards))
        and p.account_id = ${accountId} and p.board_id = ${boardId} and p.type <> 'archive'
        and p.stage_id is not null ${visiblePlacements(scope, sql`p.inbox_id`)}
        and (${sql.join(
          partialWindows.map(
            (part) =>
              sql`(p.at >= ${part.from.toISOString()}::timestamptz and p.at < ${part.to.toISOString()}::timestamptz)
          or (p.next_at >= ${part.from.toISOString()}::timestamptz and p.next_at < ${part.to.toISOString()}::timestamptz)`,
          ),
          sql` or `,
        )})
    ),`
      : sql``;
  const result = await tx.execute(sql`
    with ${baseCtes(accountId, boardId, scope)},${partialStays}
    completions as (select * from all_completions where done_at >= ${fromAt} and done_at < ${toAt}),
    days as (
      select generate_series(date_trunc('day', ${fromAt}, 'UTC'), ${toAt} - interval '1 microsecond', interval '1 day') as day
    ),
    weeks as (
      select generate_series(date_trunc('week', ${fromAt}, 'UTC'), ${toAt} - interval '1 microsecond', interval '1 week') as week
    ),
    per_day as (
      select date_trunc('day', done_at, 'UTC') as day, count(*)::int as n from completions group by 1
    ),
    per_week as (
      select date_trunc('week', done_at, 'UTC') as week, count(*)::int as n from completions group by 1
    ),
    current_cycle as (select card_id, max(started_at) as started_at from cycle_starts group by card_id),
    wip as (
      select v.id, v.stage_id, v.inbox_id, v.assignee_user_id,
        date_part('epoch', coalesce(cc.started_at, v.created_at)) as start_s
      -- Read from the table, not the visible CTE: the planner then knows how many cards are open, where
      -- a guess of a few dozen made it rescan current_cycle once per card.
      from (${visibleCards(accountId, boardId, scope)}) v
      join stages s on s.id = v.stage_id
      left join current_cycle cc on cc.card_id = v.id
      where v.archived_at is null and not s.is_done
    ),
    -- The lengths of the stays that ended in the range: the database keeps them per UTC day
    -- (board_stage_days, migration 0022); parts of a day at either end of the range come from the stays.
    stay_lengths as (
      -- unnest in the select list streams each row's lengths; as a lateral function it would copy every
      -- row's lengths into a tuple store first.
      select d.stage_id, unnest(d.stay_seconds) as seconds
      from board_stage_days d
      where d.account_id = ${accountId} and d.board_id = ${boardId}
        and d.day >= ${isoDay(wholeDays.from)}::date and d.day < ${isoDay(wholeDays.to)}::date
        ${visiblePlacements(scope, sql`nullif(d.inbox_id, 0)`)}
      ${
        partialDays.length > 0
          ? sql`union all
      -- date_part gives the float directly (extract goes through numeric), the same as the kept lengths.
      select stage_id, date_part('epoch', left_at - entered_at)
      from partial_stays
      where ${sql.join(
        partialDays.map(
          (part) =>
            sql`(left_at >= ${part.from.toISOString()}::timestamptz and left_at < ${part.to.toISOString()}::timestamptz)`,
        ),
        sql` or `,
      )}`
          : sql``
      }
    ),
    cfd_start as (select min(day) as day0 from days),
    -- Each stay adds one on the day it began and takes one off on the day it ended, so a stage's count at
    -- the end of a day is the sum of the changes up to that day; those before the range's first day count
    -- on it. The database keeps the changes per UTC day (board_stage_days, migration 0022); a range ending
    -- inside a day takes that day's changes up to the range's end from the stays themselves.
    cfd_changes as (
      select x.stage_id, greatest(x.day, cfd_start.day0) as day, sum(x.delta)::int as delta
      from (
        select stage_id, day::timestamp at time zone 'UTC' as day, entered - exited as delta
        from board_stage_days
        where account_id = ${accountId} and board_id = ${boardId} and day < ${isoDay(wholeDays.to)}::date
          ${visiblePlacements(scope, sql`nullif(inbox_id, 0)`)}
        ${
          partialLastDay
            ? sql`union all
        select stage_id, ${fullDaysEndAt},
          count(*) filter (where entered_at >= ${fullDaysEndAt} and entered_at < ${toAt})
            - count(*) filter (where left_at >= ${fullDaysEndAt} and left_at < ${toAt})
        from partial_stays
        where (entered_at >= ${fullDaysEndAt} and entered_at < ${toAt}) or (left_at >= ${fullDaysEndAt} and left_at < ${toAt})
        group by stage_id`
            : sql``
        }
      ) x, cfd_start
      group by x.stage_id, 2
    ),
    cfd as (
      select d.day, s.id as stage_id, s.position,
        sum(coalesce(x.delta, 0)) over (partition by s.id order by d.day) as n
      from days d cross join stages s
      left join cfd_changes x on x.stage_id = s.id and x.day = d.day
    ),
    cohort as (
      select distinct card_id from cycles where created_at >= ${fromAt} and created_at < ${toAt}
    ),
    cohort_cards as (select v.* from visible v join cohort c on c.card_id = v.id),
    reached as (
      select st.stage_id, count(*)::int as reached, count(*) filter (where st.outcome = 'won')::int as won
      -- A card lists each stage it was ever in once, in the cycle of its first stay there. unnest in the
      -- select list streams the ids; as a lateral function it would fill a tuple store once per cycle.
      from (
        select unnest(cy.reached_stage_ids) as stage_id, cc.outcome
        from cycles cy join cohort_cards cc on cc.id = cy.card_id
      ) st
      group by st.stage_id
    ),
    by_inbox as (
      select coalesce(c.inbox_id, w.inbox_id) as inbox_id, c.completed, c.lead, coalesce(w.wip, 0) as wip
      from (
        select v.inbox_id, count(*)::int as completed, ${stats(sql`cp.lead_s`)} as lead
        from completions cp join visible v on v.id = cp.card_id group by v.inbox_id
      ) c
      full join (select inbox_id, count(*)::int as wip from wip group by inbox_id) w
        -- Plain equality (a full join needs one); inbox ids are positive, so 0 stands for "no inbox".
        on coalesce(w.inbox_id, 0) = coalesce(c.inbox_id, 0)
    ),
    by_assignee as (
      select coalesce(c.assignee_user_id, w.assignee_user_id) as assignee_user_id, c.completed, c.lead,
        coalesce(w.wip, 0) as wip
      from (
        select v.assignee_user_id, count(*)::int as completed, ${stats(sql`cp.lead_s`)} as lead
        from completions cp join visible v on v.id = cp.card_id group by v.assignee_user_id
      ) c
      full join (select assignee_user_id, count(*)::int as wip from wip group by assignee_user_id) w
        on coalesce(w.assignee_user_id, '00000000-0000-0000-0000-000000000000'::uuid)
          = coalesce(c.assignee_user_id, '00000000-0000-0000-0000-000000000000'::uuid)
    )
    select json_build_object(
      'lead_time', (select ${stats(lead)} from completions),
      'cycle_time', (select ${stats(sql`cycle_s`)} from completions),
      'distribution', json_build_object(
        'edges_hours', ${JSON.stringify(METRICS_DISTRIBUTION_EDGES_HOURS)}::json,
        'lead_time', ${distribution(lead)},
        'cycle_time', ${distribution(sql`cycle_s`)}
      ),
      'time_in_stage', (
        select coalesce(json_agg(row_to_json(t) order by t.position, t.stage_id), '[]'::json) from (
          select s.id as stage_id, s.name as stage_name, s.position, x.count, x.average,
            x.p[1] as p50, x.p[2] as p85
          from stages s
          -- One stage at a time, each reading its own day rows: grouping every length by stage would sort
          -- them all by stage first.
          cross join lateral (
            select count(*)::int as count, avg(l.seconds)::float8 as average,
              percentile_cont(array[0.5, 0.85]) within group (order by l.seconds) as p
            from stay_lengths l where l.stage_id = s.id
          ) x
        ) t
      ),
      'throughput', json_build_object(
        'total', (select count(*)::int from completions),
        'per_day', (
          select json_agg(json_build_object('day', to_char(d.day at time zone 'UTC', 'YYYY-MM-DD'),
            'completed', coalesce(t.n, 0)) order by d.day)
          from days d left join per_day t on t.day = d.day
        ),
        'per_week', (
          select json_agg(json_build_object('week', to_char(w.week at time zone 'UTC', 'YYYY-MM-DD'),
            'completed', coalesce(t.n, 0)) order by w.week)
          from weeks w left join per_week t on t.week = w.week
        )
      ),
      'ageing_wip', (
        select coalesce(json_agg(row_to_json(t) order by t.position, t.stage_id), '[]'::json) from (
          select s.id as stage_id, s.name as stage_name, s.position, w.cards, w.average_start, w.p15_start,
            w.oldest_start
          from stages s
          -- One stage at a time, like time in stage: no sort of every card by its stage's id and name.
          cross join lateral (
            select count(*)::int as cards, avg(start_s)::float8 as average_start,
              percentile_cont(0.15) within group (order by start_s) as p15_start,
              min(start_s)::float8 as oldest_start
            from wip where wip.stage_id = s.id
          ) w
          where not s.is_done
        ) t
      ),
      'cumulative_flow', json_build_object(
        'stages', (
          select coalesce(json_agg(json_build_object('stage_id', s.id, 'stage_name', s.name)
            order by s.position, s.id), '[]'::json) from stages s
        ),
        'days', (
          select coalesce(json_agg(json_build_object('day', t.day, 'counts', t.counts) order by t.day), '[]'::json)
          from (
            select to_char(day at time zone 'UTC', 'YYYY-MM-DD') as day,
              json_agg(n::int order by position, stage_id) as counts
            from cfd group by day
          ) t
        )
      ),
      'outcomes', (
        select json_build_object(
          'won', count(*) filter (where outcome = 'won')::int,
          'lost', count(*) filter (where outcome = 'lost')::int,
          'open', count(*) filter (where outcome is null)::int,
          'win_rate', (count(*) filter (where outcome = 'won'))::float8
            / nullif(count(*) filter (where outcome is not null), 0),
          'loss_reasons', (
            select coalesce(json_agg(json_build_object('reason', r.reason, 'cards', r.cards)
              order by r.cards desc, r.reason nulls last), '[]'::json)
            from (
              select loss_reason as reason, count(*)::int as cards
              from cohort_cards where outcome = 'lost' group by loss_reason
            ) r
          )
        ) from cohort_cards
      ),
      'conversion', json_build_object(
        'cohort', (select count(*)::int from cohort_cards),
        'stages', (
          select coalesce(json_agg(json_build_object(
            'stage_id', s.id, 'stage_name', s.name,
            'reached', coalesce(r.reached, 0),
            'share_of_cohort', coalesce(r.reached, 0)::float8 / nullif((select count(*) from cohort_cards), 0),
            'won', coalesce(r.won, 0)
          ) order by s.position, s.id), '[]'::json)
          from stages s left join reached r on r.stage_id = s.id
        )
      ),
      'by_inbox', (
        select coalesce(json_agg(json_build_object(
          'chatwoot_inbox_id', inbox_id,
          'completed', coalesce(completed, 0),
          'lead_time', coalesce(lead, json_build_object('count', 0, 'average', null, 'p50', null, 'p85', null)),
          'wip', wip
        ) order by inbox_id nulls last), '[]'::json) from by_inbox
      ),
      'by_assignee', (
        select coalesce(json_agg(json_build_object(
          'user_id', assignee_user_id,
          'completed', coalesce(completed, 0),
          'lead_time', coalesce(lead, json_build_object('count', 0, 'average', null, 'p50', null, 'p85', null)),
          'wip', wip
        ) order by assignee_user_id nulls last), '[]'::json) from by_assignee
      )
    ) as metrics
  `);
  const [row] = (result as unknown as { rows: { metrics: unknown }[] }).rows;
  return (typeof row?.metrics === 'string' ? JSON.parse(row.metrics) : row?.metrics) as MetricsSnapshot;
}

/** One row of the CSV export: a card with its current cycle's times and its total time per stage. */
export interface CardMetricsRow {
  card_id: string;
  title: string;
  stage_id: string;
  stage_name: string;
  conversation_display_id: number | null;
  contact_name: string | null;
  chatwoot_inbox_id: number | null;
  assignee_name: string | null;
  assignee_email: string | null;
  created_at: string;
  cycle_started_at: string | null;
  in_progress_at: string | null;
  done_at: string | null;
  lead_time_seconds: number | null;
  cycle_time_seconds: number | null;
  outcome: string | null;
  loss_reason: string | null;
  archived_at: string | null;
  /** Stage id → seconds, ongoing stays counted up to `now`. */
  seconds_in_stage: Record<string, number>;
}

/**
 * The visible cards of the board that were on it at some moment of the range (a stay overlaps it),
 * optionally only those now in one stage, with the times of their latest cycle.
 */
export async function cardMetricRows(
  tx: Tx,
  accountId: number,
  boardId: string,
  scope: InboxScope,
  range: MetricsRange,
  options: { stageId?: string; limit: number },
): Promise<CardMetricsRow[]> {
  const { from, to, now } = range;
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const toAt = sql`${to.toISOString()}::timestamptz`;
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const stageFilter = options.stageId ? sql`and c.stage_id = ${options.stageId}` : sql``;
  const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const result = await tx.execute(sql`
    with ${baseCtes(accountId, boardId, scope)},
    in_range as (
      select distinct card_id from stays
      where entered_at < ${toAt} and (left_at is null or left_at >= ${fromAt})
    ),
    latest_cycle as (select card_id, max(cycle_no) as cycle_no from cycle_starts group by card_id),
    time_in_stage as (
      select card_id, json_object_agg(stage_id, seconds) as seconds
      from (
        select card_id, stage_id,
          sum(extract(epoch from coalesce(left_at, ${nowAt}) - entered_at))::float8 as seconds
        from stays group by card_id, stage_id
      ) t group by card_id
    )
    select c.id as card_id, c.title, c.stage_id, s.name as stage_name, c.conversation_display_id,
      c.contact_name, c.inbox_id as chatwoot_inbox_id, u.name as assignee_name, u.email as assignee_email,
      ${iso(sql`c.created_at`)} as created_at,
      ${iso(sql`cy.started_at`)} as cycle_started_at,
      ${iso(sql`cy.progress_at`)} as in_progress_at,
      ${iso(sql`ac.done_at`)} as done_at,
      ac.lead_s as lead_time_seconds, ac.cycle_s as cycle_time_seconds,
      c.outcome, c.loss_reason, ${iso(sql`c.archived_at`)} as archived_at,
      coalesce(tis.seconds, '{}'::json) as seconds_in_stage
    from in_range r
    join cards c on c.id = r.card_id and c.account_id = ${accountId}
    join board_stages s on s.id = c.stage_id
    left join users u on u.id = c.assignee_user_id
    left join latest_cycle lc on lc.card_id = c.id
    left join cycles cy on cy.card_id = c.id and cy.cycle_no = lc.cycle_no
    left join all_completions ac on ac.card_id = c.id and ac.cycle_no = lc.cycle_no
    left join time_in_stage tis on tis.card_id = c.id
    where true ${stageFilter}
    order by c.created_at, c.id
    limit ${options.limit}
  `);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map((row) => ({
    ...(row as unknown as CardMetricsRow),
    seconds_in_stage: (typeof row.seconds_in_stage === 'string'
      ? JSON.parse(row.seconds_in_stage)
      : row.seconds_in_stage) as Record<string, number>,
  }));
}

// ----------------------------------------------------------------------------------------------
// Service: the board must exist in the account; the numbers cover the cards the actor may see.

const HOUR_SECONDS = 3600;
/** Enough for every board, range and inbox scope a node's open dashboards ask for. */
export const METRICS_CACHE_ENTRIES = 500;

/** Bounds one export's memory and time, like the audit export. */
export const METRICS_CSV_MAX_ROWS = 10_000;

function checkedRange(query: { from?: string; to?: string }, now: Date): MetricsRange {
  const range = metricsRange(query, now);
  if (range.from >= range.to) throw badRequest('`from` must be before `to`');
  if (range.to.getTime() - range.from.getTime() > METRICS_MAX_RANGE_DAYS * DAY_MS) {
    throw badRequest(`the range may span at most ${METRICS_MAX_RANGE_DAYS} days`);
  }
  return range;
}

export async function getBoardMetrics(
  deps: { database: Database; metricsCache: MetricsCache },
  actor: Actor,
  accountId: number,
  boardId: string,
  query: MetricsQuery,
  now = new Date(),
): Promise<BoardMetrics> {
  const range = checkedRange(query, now);
  // The version is read before the figures: a change committed in between then only makes an entry newer
  // than its version, never older. The figures have a transaction of their own, so a request waiting for
  // a computation holds no connection.
  const { board, scope } = await deps.database.tenant(accountId, async (tx) => {
    const found = await findBoard(tx, accountId, boardId);
    if (!found) throw notFound('Board');
    return { board: found, scope: await scopeOf(tx, actor, accountId) };
  });
  const compute = () =>
    deps.database.tenant(accountId, (tx) => boardMetrics(tx, accountId, boardId, scope, range));
  // Without `to` the range ends at the request's own millisecond: no later request asks for it again.
  const snapshot = query.to
    ? await deps.metricsCache.get(
        [
          accountId,
          boardId,
          range.from.toISOString(),
          range.to.toISOString(),
          scope.all ? 'all' : [...scope.inboxIds].sort((a, b) => a - b).join(','),
        ].join('|'),
        board.metricsVersion,
        compute,
      )
    : await compute();
  return {
    board_id: boardId,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    restricted_to_visible_cards: !scope.all,
    ...metricsAt(snapshot, now),
  };
}

const hours = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : Math.round((seconds / HOUR_SECONDS) * 100) / 100;

/** The CSV of the board's (or one stage's) cards: fixed columns, then the hours spent in each stage. */
export async function exportCardMetrics(
  deps: { database: Database },
  actor: Actor,
  accountId: number,
  boardId: string,
  query: { from?: string; to?: string; stage_id?: string },
  now = new Date(),
): Promise<{ csv: string; truncated: boolean }> {
  const range = checkedRange(query, now);
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    const stages = await listStages(tx, accountId, [boardId]);
    if (query.stage_id && !stages.some((stage) => stage.id === query.stage_id)) throw notFound('Stage');
    const scope = await scopeOf(tx, actor, accountId);
    const rows = await cardMetricRows(tx, accountId, boardId, scope, range, {
      stageId: query.stage_id,
      limit: METRICS_CSV_MAX_ROWS + 1,
    });
    const truncated = rows.length > METRICS_CSV_MAX_ROWS;
    const used = new Set<string>();
    const stageColumns = stages.map((stage) => {
      let column = `hours in ${stage.name}`;
      for (let n = 2; used.has(column); n++) column = `hours in ${stage.name} (${n})`;
      used.add(column);
      return { id: stage.id, column };
    });
    const fixed = [
      'card_id',
      'title',
      'stage',
      'conversation_display_id',
      'contact_name',
      'chatwoot_inbox_id',
      'assignee_name',
      'assignee_email',
      'created_at',
      'cycle_started_at',
      'in_progress_at',
      'done_at',
      'lead_time_hours',
      'cycle_time_hours',
      'outcome',
      'loss_reason',
      'archived_at',
    ] as const;
    const columns = [...fixed, ...stageColumns.map((stage) => stage.column)];
    const records = rows.slice(0, METRICS_CSV_MAX_ROWS).map((row) => ({
      card_id: row.card_id,
      title: row.title,
      stage: row.stage_name,
      conversation_display_id: row.conversation_display_id,
      contact_name: row.contact_name,
      chatwoot_inbox_id: row.chatwoot_inbox_id,
      assignee_name: row.assignee_name,
      assignee_email: row.assignee_email,
      created_at: row.created_at,
      cycle_started_at: row.cycle_started_at,
      in_progress_at: row.in_progress_at,
      done_at: row.done_at,
      lead_time_hours: hours(row.lead_time_seconds),
      cycle_time_hours: hours(row.cycle_time_seconds),
      outcome: row.outcome,
      loss_reason: row.loss_reason,
      archived_at: row.archived_at,
      ...Object.fromEntries(
        stageColumns.map((stage) => [stage.column, hours(row.seconds_in_stage[stage.id] ?? 0)]),
      ),
    }));
    return { csv: toCsv(columns, records as Record<string, unknown>[]), truncated };
  });
}

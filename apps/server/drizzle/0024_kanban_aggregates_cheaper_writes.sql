-- Migration 0022's rebuild cost a move about twice the CPU of 0019's: its SQL helpers, each with a SET
-- clause, were planned again at every call and could not be inlined. The placements of cards becomes a
-- plain SQL function the rebuild inlines; the day counts and cycles become PL/pgSQL, whose plans each
-- connection keeps; a card's deletion no longer calls the day counts with nothing to change.
CREATE OR REPLACE FUNCTION card_placements_of(card_ids uuid[]) RETURNS SETOF card_placements LANGUAGE sql STABLE AS $$
  SELECT placed.id, placed.account_id, placed.board_id, placed.card_id, placed.type, placed.to_stage_id,
    placed.at, placed.starts_cycle, count(*) FILTER (WHERE placed.starts_cycle) OVER w, lead(placed.at) OVER w,
    c.inbox_id
  FROM (
    SELECT e.id, e.account_id, e.board_id, e.card_id, e.type, e.to_stage_id, e.at,
      (e.type = 'create' OR (e.type = 'reopen' AND coalesce(e.data->>'restored', '') <> 'true')) AS starts_cycle,
      lag(e.to_stage_id) OVER w AS previous_stage_id,
      lag(e.type) OVER w AS previous_type
    FROM public.card_events e
    WHERE e.card_id = ANY (card_ids) AND e.type IN ('create', 'move', 'reopen', 'archive')
    WINDOW w AS (PARTITION BY e.board_id, e.card_id
      ORDER BY e.at, CASE e.type WHEN 'create' THEN 0 WHEN 'reopen' THEN 1 ELSE 2 END, e.id)
  ) placed
  JOIN public.cards c ON c.id = placed.card_id
  WHERE NOT (placed.type = 'move' AND placed.previous_type IS DISTINCT FROM 'archive'
    AND placed.to_stage_id IS NOT DISTINCT FROM placed.previous_stage_id)
  WINDOW w AS (PARTITION BY placed.board_id, placed.card_id
    ORDER BY placed.at, CASE placed.type WHEN 'create' THEN 0 WHEN 'reopen' THEN 1 ELSE 2 END, placed.id);
$$;--> statement-breakpoint
-- Each stage a card was ever in is listed once, in the cycle of its first stay there: conversion counts
-- the cohort's cards per stage without a distinct over every (card, stage) pair.
CREATE OR REPLACE FUNCTION card_cycles_rebuild(card_ids uuid[]) RETURNS void LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM card_cycles WHERE card_id = ANY (card_ids);
  INSERT INTO card_cycles (card_id, cycle_no, account_id, board_id, started_at, created_at, progress_at, done_at, reached_stage_ids)
  SELECT p.card_id, p.cycle_no, p.account_id, p.board_id,
    min(p.at) FILTER (WHERE p.starts_cycle),
    min(p.at) FILTER (WHERE p.type = 'create'),
    min(p.at) FILTER (WHERE s.is_in_progress AND p.type <> 'archive'),
    min(p.at) FILTER (WHERE s.is_done AND p.type <> 'archive'),
    coalesce(array_agg(DISTINCT p.stage_id) FILTER (WHERE p.cycle_no = p.first_cycle_in_stage), '{}')
  FROM (
    SELECT q.*, min(q.cycle_no) FILTER (WHERE q.type <> 'archive' AND q.stage_id IS NOT NULL)
      OVER (PARTITION BY q.card_id, q.stage_id) AS first_cycle_in_stage
    FROM card_placements q WHERE q.card_id = ANY (card_ids)
  ) p
  LEFT JOIN board_stages s ON s.id = p.stage_id AND s.board_id = p.board_id
  GROUP BY p.card_id, p.cycle_no, p.account_id, p.board_id;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION board_stage_days_add(placements_added card_placements[], placements_removed card_placements[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  WITH added AS (
    SELECT p.account_id, p.board_id, p.stage_id, coalesce(p.inbox_id, 0) AS inbox_id, p.at, p.next_at
    FROM unnest(placements_added) p WHERE p.type <> 'archive' AND p.stage_id IS NOT NULL
  ),
  removed AS (
    SELECT p.account_id, p.board_id, p.stage_id, coalesce(p.inbox_id, 0) AS inbox_id, p.at, p.next_at
    FROM unnest(placements_removed) p WHERE p.type <> 'archive' AND p.stage_id IS NOT NULL
  ),
  changed AS (
    SELECT *, 1 AS sign FROM (SELECT * FROM added EXCEPT ALL SELECT * FROM removed) gained
    UNION ALL
    SELECT *, -1 AS sign FROM (SELECT * FROM removed EXCEPT ALL SELECT * FROM added) lost
  ),
  per_day AS (
    SELECT account_id, board_id, stage_id, inbox_id, (at AT TIME ZONE 'UTC')::date AS day,
      sign AS entered, 0 AS exited, NULL::float8 AS seconds, sign
    FROM changed
    UNION ALL
    SELECT account_id, board_id, stage_id, inbox_id, (next_at AT TIME ZONE 'UTC')::date,
      0, sign, date_part('epoch', next_at - at), sign
    FROM changed WHERE next_at IS NOT NULL
  ),
  per_key AS (
    SELECT account_id, board_id, stage_id, inbox_id, day, sum(entered)::int AS entered, sum(exited)::int AS exited,
      coalesce(array_agg(seconds) FILTER (WHERE seconds IS NOT NULL AND sign > 0), '{}') AS seconds_added,
      coalesce(array_agg(seconds) FILTER (WHERE seconds IS NOT NULL AND sign < 0), '{}') AS seconds_removed
    FROM per_day GROUP BY account_id, board_id, stage_id, inbox_id, day
    -- A stay that only got its end (the card's current stay, when it moves on) leaves its first day as it was.
    HAVING sum(entered) <> 0 OR sum(exited) <> 0 OR count(seconds) > 0
  )
  INSERT INTO board_stage_days AS d (account_id, board_id, stage_id, inbox_id, day, entered, exited, stay_seconds)
  SELECT account_id, board_id, stage_id, inbox_id, day, entered, exited, seconds_added FROM per_key
  ORDER BY board_id, stage_id, inbox_id, day
  ON CONFLICT (board_id, stage_id, inbox_id, day) DO UPDATE SET
    entered = d.entered + excluded.entered,
    exited = d.exited + excluded.exited,
    -- A multiset: a length removed takes out one equal length (the same placements give the same float).
    stay_seconds = (
      SELECT coalesce(array_agg(seconds), '{}') FROM (
        SELECT unnest(d.stay_seconds || excluded.stay_seconds)
        EXCEPT ALL
        SELECT unnest(k.seconds_removed) FROM per_key k
        WHERE (k.board_id, k.stage_id, k.inbox_id, k.day) = (excluded.board_id, excluded.stage_id, excluded.inbox_id, excluded.day)
      ) kept(seconds)
    );
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION card_placements_gone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  orphaned card_placements[] := array(
    SELECT ROW(g.event_id, g.account_id, g.board_id, g.card_id, g.type, g.stage_id, g.at, g.starts_cycle,
      g.cycle_no, g.next_at, g.inbox_id)::card_placements
    FROM gone g
    WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = g.card_id)
      AND EXISTS (SELECT 1 FROM boards b WHERE b.id = g.board_id));
BEGIN
  IF cardinality(orphaned) > 0 THEN
    PERFORM board_stage_days_add('{}'::card_placements[], orphaned);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
SELECT card_cycles_rebuild(array(SELECT id FROM cards));

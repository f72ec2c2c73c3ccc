-- Writers on one board share the day rows of today (one per stage and inbox). Taken as each card's events
-- arrived, they were held until commit in the order of the transaction's cards, so a move could deadlock
-- with the time-rule sweep (up to 500 cards in one transaction) and fail as busy. Now the rebuild only
-- notes its changes in a table of the session's own, and a deferred trigger applies the transaction's
-- changes at commit in one statement in key order: no transaction holds a day row before its commit, and
-- at commit every transaction takes the rows it needs in the same order, so writers queue on them for the
-- moment of a commit and cannot deadlock on them.
CREATE OR REPLACE FUNCTION board_stage_days_add(placements_added card_placements[], placements_removed card_placements[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  -- Temporary tables: private to the session, nothing for other writers to lock, no WAL.
  IF to_regclass('pg_temp.board_stage_day_changes') IS NULL THEN
    CREATE TEMPORARY TABLE board_stage_day_changes (
      account_id integer NOT NULL, board_id uuid NOT NULL, stage_id uuid NOT NULL, inbox_id integer NOT NULL,
      at timestamptz NOT NULL, next_at timestamptz, sign integer NOT NULL);
    -- One row per transaction with changes: its deferred trigger applies them at commit.
    CREATE TEMPORARY TABLE board_stage_days_pending (pending boolean NOT NULL);
    CREATE CONSTRAINT TRIGGER board_stage_days_apply AFTER INSERT ON pg_temp.board_stage_days_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stage_days_apply();
  END IF;
  WITH added AS (
    SELECT p.account_id, p.board_id, p.stage_id, coalesce(p.inbox_id, 0) AS inbox_id, p.at, p.next_at
    FROM unnest(placements_added) p WHERE p.type <> 'archive' AND p.stage_id IS NOT NULL
  ),
  removed AS (
    SELECT p.account_id, p.board_id, p.stage_id, coalesce(p.inbox_id, 0) AS inbox_id, p.at, p.next_at
    FROM unnest(placements_removed) p WHERE p.type <> 'archive' AND p.stage_id IS NOT NULL
  )
  INSERT INTO pg_temp.board_stage_day_changes (account_id, board_id, stage_id, inbox_id, at, next_at, sign)
  SELECT *, 1 FROM (SELECT * FROM added EXCEPT ALL SELECT * FROM removed) gained
  UNION ALL
  SELECT *, -1 FROM (SELECT * FROM removed EXCEPT ALL SELECT * FROM added) lost;
  IF FOUND AND NOT EXISTS (SELECT 1 FROM pg_temp.board_stage_days_pending) THEN
    INSERT INTO pg_temp.board_stage_days_pending VALUES (true);
  END IF;
END
$$;--> statement-breakpoint
CREATE FUNCTION board_stage_days_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  WITH noted AS (
    DELETE FROM pg_temp.board_stage_day_changes RETURNING account_id, board_id, stage_id, inbox_id, at, next_at, sign
  ),
  -- A stay one card's rebuild added and a later one removed in the same transaction cancels out.
  changed AS (
    SELECT *, 1 AS sign FROM (
      SELECT account_id, board_id, stage_id, inbox_id, at, next_at FROM noted WHERE sign > 0
      EXCEPT ALL
      SELECT account_id, board_id, stage_id, inbox_id, at, next_at FROM noted WHERE sign < 0) gained
    UNION ALL
    SELECT *, -1 AS sign FROM (
      SELECT account_id, board_id, stage_id, inbox_id, at, next_at FROM noted WHERE sign < 0
      EXCEPT ALL
      SELECT account_id, board_id, stage_id, inbox_id, at, next_at FROM noted WHERE sign > 0) lost
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
    FROM per_day
    -- A board deleted later in the transaction took its counts with it.
    WHERE EXISTS (SELECT 1 FROM boards b WHERE b.id = per_day.board_id)
    GROUP BY account_id, board_id, stage_id, inbox_id, day
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
  -- Changes noted after SET CONSTRAINTS … IMMEDIATE applied these need a pending row of their own.
  DELETE FROM pg_temp.board_stage_days_pending;
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION board_stage_days_apply() FROM PUBLIC;

CREATE TABLE "board_stage_days" (
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"inbox_id" integer NOT NULL,
	"day" date NOT NULL,
	"entered" integer NOT NULL,
	"exited" integer NOT NULL,
	"stay_seconds" double precision[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "board_stage_days_board_id_stage_id_inbox_id_day_pk" PRIMARY KEY("board_id","stage_id","inbox_id","day")
);
--> statement-breakpoint
ALTER TABLE "board_stage_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_cycles" (
	"card_id" uuid NOT NULL,
	"cycle_no" integer NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone,
	"progress_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"reached_stage_ids" uuid[] NOT NULL,
	CONSTRAINT "card_cycles_card_id_cycle_no_pk" PRIMARY KEY("card_id","cycle_no")
);
--> statement-breakpoint
ALTER TABLE "card_cycles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "card_placements" ADD COLUMN "inbox_id" integer;--> statement-breakpoint
ALTER TABLE "board_stage_days" ADD CONSTRAINT "board_stage_days_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_cycles" ADD CONSTRAINT "card_cycles_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_cycles_board" ON "card_cycles" USING btree ("account_id","board_id");--> statement-breakpoint
CREATE POLICY "tenant_read" ON "board_stage_days" AS PERMISSIVE FOR SELECT TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_read" ON "card_cycles" AS PERMISSIVE FOR SELECT TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- A card's placements as its events make them (the rules of 0019, unchanged), with the card's inbox: the
-- rebuild below compares them with the stored ones before replacing those.
CREATE FUNCTION card_placements_of(card_ids uuid[]) RETURNS SETOF card_placements LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
  SELECT placed.id, placed.account_id, placed.board_id, placed.card_id, placed.type, placed.to_stage_id,
    placed.at, placed.starts_cycle, count(*) FILTER (WHERE placed.starts_cycle) OVER w, lead(placed.at) OVER w,
    c.inbox_id
  FROM (
    SELECT e.id, e.account_id, e.board_id, e.card_id, e.type, e.to_stage_id, e.at,
      (e.type = 'create' OR (e.type = 'reopen' AND coalesce(e.data->>'restored', '') <> 'true')) AS starts_cycle,
      lag(e.to_stage_id) OVER w AS previous_stage_id,
      lag(e.type) OVER w AS previous_type
    FROM card_events e
    WHERE e.card_id = ANY (card_ids) AND e.type IN ('create', 'move', 'reopen', 'archive')
    WINDOW w AS (PARTITION BY e.board_id, e.card_id
      ORDER BY e.at, CASE e.type WHEN 'create' THEN 0 WHEN 'reopen' THEN 1 ELSE 2 END, e.id)
  ) placed
  JOIN cards c ON c.id = placed.card_id
  WHERE NOT (placed.type = 'move' AND placed.previous_type IS DISTINCT FROM 'archive'
    AND placed.to_stage_id IS NOT DISTINCT FROM placed.previous_stage_id)
  WINDOW w AS (PARTITION BY placed.board_id, placed.card_id
    ORDER BY placed.at, CASE placed.type WHEN 'create' THEN 0 WHEN 'reopen' THEN 1 ELSE 2 END, placed.id);
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_placements_of(uuid[]) FROM PUBLIC;--> statement-breakpoint
-- The cycles of the cards from their stored placements, with the stage kinds of now.
CREATE FUNCTION card_cycles_rebuild(card_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = public, pg_temp AS $$
  DELETE FROM card_cycles WHERE card_id = ANY (card_ids);
  INSERT INTO card_cycles (card_id, cycle_no, account_id, board_id, started_at, created_at, progress_at, done_at, reached_stage_ids)
  SELECT p.card_id, p.cycle_no, p.account_id, p.board_id,
    min(p.at) FILTER (WHERE p.starts_cycle),
    min(p.at) FILTER (WHERE p.type = 'create'),
    min(p.at) FILTER (WHERE s.is_in_progress AND p.type <> 'archive'),
    min(p.at) FILTER (WHERE s.is_done AND p.type <> 'archive'),
    coalesce(array_agg(DISTINCT p.stage_id) FILTER (WHERE p.type <> 'archive' AND p.stage_id IS NOT NULL), '{}')
  FROM card_placements p
  LEFT JOIN board_stages s ON s.id = p.stage_id AND s.board_id = p.board_id
  WHERE p.card_id = ANY (card_ids)
  GROUP BY p.card_id, p.cycle_no, p.account_id, p.board_id;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_cycles_rebuild(uuid[]) FROM PUBLIC;--> statement-breakpoint
-- Changes the day counts by the stays of one set of placements less those of another: a stay (a placement
-- in a stage, not an archive) began on the UTC day of its placement and ended on that of the next one,
-- and its length joins the lengths of that day's ended stays. Stays in both sets change nothing, so an
-- appended move touches today's rows only, not the card's whole history. One statement, rows in key
-- order: concurrent writers take the rows' locks in the same order, so they queue and never deadlock on
-- them.
CREATE FUNCTION board_stage_days_add(placements_added card_placements[], placements_removed card_placements[])
RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $$
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
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION board_stage_days_add(card_placements[], card_placements[]) FROM PUBLIC;--> statement-breakpoint
-- 0019's rebuild, now also keeping the aggregates the metrics read: the day counts change by the
-- difference between the card's stored placements and its new ones (an appended move touches today's two
-- rows, not the card's whole history), and its cycles are recomputed from its new placements.
-- Volatile like 0019's: each statement after the lock sees what transactions before it committed.
CREATE OR REPLACE FUNCTION card_placements_rebuild(card_ids uuid[]) RETURNS void LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
  fresh card_placements[];
BEGIN
  PERFORM 1 FROM cards WHERE id = ANY (card_ids) ORDER BY id FOR UPDATE;
  fresh := array(SELECT p FROM card_placements_of(card_ids) p);
  PERFORM board_stage_days_add(fresh, array(SELECT p FROM card_placements p WHERE p.card_id = ANY (card_ids)));
  DELETE FROM card_placements WHERE card_id = ANY (card_ids);
  INSERT INTO card_placements SELECT * FROM unnest(fresh);
  PERFORM card_cycles_rebuild(card_ids);
END
$$;--> statement-breakpoint
-- Moving a card to another inbox moves its day counts to that inbox's (visibility is by inbox).
CREATE FUNCTION card_placements_inbox_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM card_placements_rebuild(array[NEW.id]);
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_placements_inbox_changed() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER card_placements_inbox_changed AFTER UPDATE OF inbox_id ON cards
FOR EACH ROW WHEN (OLD.inbox_id IS DISTINCT FROM NEW.inbox_id) EXECUTE FUNCTION card_placements_inbox_changed();--> statement-breakpoint
-- A deleted card's placements go with its events (foreign keys); its day counts go with them. The rebuild
-- deletes placements of cards that still exist and accounts for them itself, and a deleted board's counts
-- are deleted with it.
CREATE FUNCTION card_placements_gone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM board_stage_days_add('{}'::card_placements[], array(
    SELECT ROW(g.event_id, g.account_id, g.board_id, g.card_id, g.type, g.stage_id, g.at, g.starts_cycle,
      g.cycle_no, g.next_at, g.inbox_id)::card_placements
    FROM gone g
    WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = g.card_id)
      AND EXISTS (SELECT 1 FROM boards b WHERE b.id = g.board_id)));
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_placements_gone() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER card_placements_gone AFTER DELETE ON card_placements REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION card_placements_gone();--> statement-breakpoint
-- A stage's kind decides which entries start progress or complete a cycle: changing it (or deleting the
-- stage) recomputes the cycles of the board's cards. Rare, and a few hundred milliseconds on a big board.
CREATE FUNCTION card_cycles_stage_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  changed_board uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.board_id ELSE NEW.board_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM boards WHERE id = changed_board) THEN
    PERFORM card_cycles_rebuild(array(SELECT id FROM cards WHERE board_id = changed_board));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_cycles_stage_changed() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER card_cycles_stage_kind AFTER UPDATE OF is_in_progress, is_done ON board_stages
FOR EACH ROW WHEN ((OLD.is_in_progress, OLD.is_done) IS DISTINCT FROM (NEW.is_in_progress, NEW.is_done))
EXECUTE FUNCTION card_cycles_stage_changed();--> statement-breakpoint
CREATE TRIGGER card_cycles_stage_deleted AFTER DELETE ON board_stages
FOR EACH ROW EXECUTE FUNCTION card_cycles_stage_changed();--> statement-breakpoint
UPDATE card_placements p SET inbox_id = c.inbox_id FROM cards c WHERE c.id = p.card_id AND c.inbox_id IS NOT NULL;--> statement-breakpoint
SELECT card_cycles_rebuild(array(SELECT id FROM cards));--> statement-breakpoint
SELECT board_stage_days_add(array(SELECT p FROM card_placements p), '{}'::card_placements[]);--> statement-breakpoint
GRANT SELECT ON "card_cycles" TO whatpro_app;--> statement-breakpoint
GRANT SELECT ON "board_stage_days" TO whatpro_app;

CREATE TABLE "card_placements" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"type" text NOT NULL,
	"stage_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"starts_cycle" boolean NOT NULL,
	"cycle_no" integer NOT NULL,
	"next_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "card_placements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "card_placements" ADD CONSTRAINT "card_placements_event_id_card_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."card_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_placements_board" ON "card_placements" USING btree ("account_id","board_id","card_id");--> statement-breakpoint
CREATE INDEX "card_placements_card" ON "card_placements" USING btree ("card_id");--> statement-breakpoint
CREATE POLICY "tenant_read" ON "card_placements" AS PERMISSIVE FOR SELECT TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- A card's placements, rebuilt from all of its events: the rules the metrics count by (docs/KANBAN.md).
-- The events of one card on one board in the order they happened; a reopen recorded in the same instant
-- as a move comes first, so the move (not the reopen) is the one that repeats the placement. A move to
-- where the card already is (a reorder in its column, or the move recorded along with a reopen) is no
-- new placement. Restoring an archived card is recorded as a reopen too, but it is the same piece of
-- work, so it starts no cycle. Rebuilding the whole card (a few dozen events) keeps late or
-- out-of-order events right without any incremental bookkeeping.
CREATE FUNCTION card_placements_rebuild(card_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = public, pg_temp AS $$
  DELETE FROM card_placements WHERE card_id = ANY (card_ids);
  INSERT INTO card_placements (event_id, account_id, board_id, card_id, type, stage_id, at, starts_cycle, cycle_no, next_at)
  SELECT id, account_id, board_id, card_id, type, to_stage_id, at, starts_cycle,
    count(*) FILTER (WHERE starts_cycle) OVER w, lead(at) OVER w
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
  WHERE NOT (type = 'move' AND previous_type IS DISTINCT FROM 'archive'
    AND to_stage_id IS NOT DISTINCT FROM previous_stage_id)
  WINDOW w AS (PARTITION BY board_id, card_id
    ORDER BY at, CASE type WHEN 'create' THEN 0 WHEN 'reopen' THEN 1 ELSE 2 END, id);
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_placements_rebuild(uuid[]) FROM PUBLIC;--> statement-breakpoint
-- Runs as the table owner so the app role, which may only append events, can never write placements
-- that do not follow from them; the rows it inserted are all of one tenant (RLS checked them).
CREATE FUNCTION card_placements_refresh() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM card_placements_rebuild(array(SELECT DISTINCT card_id FROM new_events));
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION card_placements_refresh() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER card_placements_refresh AFTER INSERT ON card_events REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION card_placements_refresh();--> statement-breakpoint
SELECT card_placements_rebuild(array(SELECT id FROM cards));--> statement-breakpoint
GRANT SELECT ON "card_placements" TO whatpro_app;

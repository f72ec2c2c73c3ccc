-- Two transactions recording events of one card could each rebuild its placements from what their own
-- snapshot saw, and the second then inserted rows the first had just inserted (a unique violation, or a
-- rebuild missing the other's event). Locking the card first queues them; as a volatile SQL function,
-- each statement after the lock takes a new snapshot, so the second rebuild sees the first one's events
-- and rows. Cards are locked in id order so two multi-card statements cannot deadlock each other.
CREATE OR REPLACE FUNCTION card_placements_rebuild(card_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = public, pg_temp AS $$
  SELECT 1 FROM cards WHERE id = ANY (card_ids) ORDER BY id FOR UPDATE;
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
-- Edits, assignments and stage-action records place nothing: they rebuild (and lock) no card.
CREATE OR REPLACE FUNCTION card_placements_refresh() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM card_placements_rebuild(array(
    SELECT DISTINCT card_id FROM new_events WHERE type IN ('create', 'move', 'reopen', 'archive')));
  RETURN NULL;
END
$$;

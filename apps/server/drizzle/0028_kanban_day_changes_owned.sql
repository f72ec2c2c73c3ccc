-- board_stage_days_add kept its changes in temporary tables of the session, adopting any it found under
-- their names. It now adopts only tables its own role created (the triggers that call it are SECURITY
-- DEFINER), so tables the app role made beforehand are refused instead of trusted.
CREATE OR REPLACE FUNCTION board_stage_days_add(placements_added card_placements[], placements_removed card_placements[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  changes_table regclass := to_regclass('pg_temp.board_stage_day_changes');
  pending_table regclass := to_regclass('pg_temp.board_stage_days_pending');
BEGIN
  -- Temporary tables: private to the session, nothing for other writers to lock, no WAL.
  IF changes_table IS NOT NULL OR pending_table IS NOT NULL THEN
    -- The app role may create temporary tables of these names in its own session before any card event:
    -- rows of its own would then reach board_stage_days through board_stage_days_apply (SECURITY DEFINER),
    -- or a table without the trigger would keep the changes from ever being applied.
    IF changes_table IS NULL OR pending_table IS NULL OR EXISTS (
      SELECT 1 FROM pg_class WHERE oid IN (changes_table, pending_table) AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
    ) THEN
      RAISE EXCEPTION 'board_stage_day_changes: the session''s temporary tables were not created by the Hub'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
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
$$;

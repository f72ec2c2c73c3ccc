ALTER TABLE "boards" ADD COLUMN "metrics_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every change the board's metrics read bumps the board's metrics_version in the same transaction, so a
-- metrics answer cached under a version is never served after a committed change. The bump runs at
-- commit (a deferred trigger) and once per board and transaction (a transaction-local flag): the board
-- row is then locked only for the moment of the commit, after every card lock the transaction took, so
-- concurrent writers on one board neither queue behind each other's whole transaction nor deadlock.
CREATE FUNCTION board_metrics_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  changed_board uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.board_id ELSE NEW.board_id END;
  flag text := 'whatpro_metrics.bumped_' || replace(changed_board::text, '-', '');
BEGIN
  IF coalesce(current_setting(flag, true), '') <> 'on' THEN
    UPDATE boards SET metrics_version = metrics_version + 1 WHERE id = changed_board;
    PERFORM set_config(flag, 'on', true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER card_events_metrics_version AFTER INSERT ON card_events
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_metrics_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cards_metrics_version AFTER INSERT OR DELETE ON cards
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_metrics_bump();--> statement-breakpoint
-- Only the columns the metrics read: activity fields and titles change often and count for nothing.
CREATE CONSTRAINT TRIGGER cards_metrics_version_update
AFTER UPDATE OF stage_id, inbox_id, assignee_user_id, outcome, loss_reason, archived_at, created_at ON cards
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN ((OLD.stage_id, OLD.inbox_id, OLD.assignee_user_id, OLD.outcome, OLD.loss_reason, OLD.archived_at, OLD.created_at)
  IS DISTINCT FROM (NEW.stage_id, NEW.inbox_id, NEW.assignee_user_id, NEW.outcome, NEW.loss_reason, NEW.archived_at, NEW.created_at))
EXECUTE FUNCTION board_metrics_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER board_stages_metrics_version AFTER INSERT OR UPDATE OR DELETE ON board_stages
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_metrics_bump();

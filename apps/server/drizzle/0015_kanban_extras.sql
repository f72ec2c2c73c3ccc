CREATE TABLE "card_action_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"card_event_id" uuid NOT NULL,
	"action_index" integer NOT NULL,
	"action" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"effect" jsonb,
	"lease_until" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_action_runs_once" UNIQUE("card_event_id","action_index"),
	CONSTRAINT "card_action_runs_status" CHECK ("card_action_runs"."status" in ('pending', 'running', 'succeeded', 'failed', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "card_action_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kanban_time_rule_firings" (
	"rule_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"account_id" integer NOT NULL,
	"occasion_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kanban_time_rule_firings_rule_id_card_id_occasion_at_pk" PRIMARY KEY("rule_id","card_id","occasion_at")
);
--> statement-breakpoint
ALTER TABLE "kanban_time_rule_firings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kanban_time_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"hours" double precision NOT NULL,
	"move_to_stage_id" uuid,
	"notify_assignee" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kanban_time_rules_kind" CHECK ("kanban_time_rules"."kind" in ('in_stage', 'waiting_reply')),
	CONSTRAINT "kanban_time_rules_hours" CHECK ("kanban_time_rules"."hours" > 0),
	CONSTRAINT "kanban_time_rules_does_something" CHECK ("kanban_time_rules"."move_to_stage_id" is not null or "kanban_time_rules"."notify_assignee")
);
--> statement-breakpoint
ALTER TABLE "kanban_time_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kanban_webhook_secrets" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"secret_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kanban_webhook_secrets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "card_action_runs" ADD CONSTRAINT "card_action_runs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_action_runs" ADD CONSTRAINT "card_action_runs_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_action_runs" ADD CONSTRAINT "card_action_runs_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_action_runs" ADD CONSTRAINT "card_action_runs_stage_id_board_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."board_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_action_runs" ADD CONSTRAINT "card_action_runs_card_event_id_card_events_id_fk" FOREIGN KEY ("card_event_id") REFERENCES "public"."card_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rule_firings" ADD CONSTRAINT "kanban_time_rule_firings_rule_id_kanban_time_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."kanban_time_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rule_firings" ADD CONSTRAINT "kanban_time_rule_firings_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rule_firings" ADD CONSTRAINT "kanban_time_rule_firings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rules" ADD CONSTRAINT "kanban_time_rules_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rules" ADD CONSTRAINT "kanban_time_rules_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rules" ADD CONSTRAINT "kanban_time_rules_stage_id_board_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."board_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_time_rules" ADD CONSTRAINT "kanban_time_rules_move_to_stage_id_board_stages_id_fk" FOREIGN KEY ("move_to_stage_id") REFERENCES "public"."board_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kanban_webhook_secrets" ADD CONSTRAINT "kanban_webhook_secrets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_action_runs_card" ON "card_action_runs" USING btree ("account_id","card_id","created_at");--> statement-breakpoint
CREATE INDEX "card_action_runs_due" ON "card_action_runs" USING btree ("next_attempt_at") WHERE "card_action_runs"."status" in ('pending', 'running', 'failed');--> statement-breakpoint
CREATE INDEX "kanban_time_rules_board" ON "kanban_time_rules" USING btree ("account_id","board_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "card_action_runs" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kanban_time_rule_firings" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kanban_time_rules" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kanban_webhook_secrets" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- Tenant tables: the app role reads and writes them, row-level security keeps it in its account.
GRANT SELECT, INSERT, UPDATE, DELETE ON "kanban_time_rules" TO whatpro_app;--> statement-breakpoint
-- Runs, firings and the signing key are kept as the history of what ran; the app never deletes them.
GRANT SELECT, INSERT, UPDATE ON "card_action_runs", "kanban_webhook_secrets" TO whatpro_app;--> statement-breakpoint
GRANT SELECT, INSERT ON "kanban_time_rule_firings" TO whatpro_app;

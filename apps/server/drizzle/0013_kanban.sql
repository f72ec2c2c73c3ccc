CREATE TABLE "board_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"name" text NOT NULL,
	"colour" text DEFAULT '#64748b' NOT NULL,
	"position" double precision NOT NULL,
	"wip_limit" integer,
	"maps_status" text,
	"maps_label" text,
	"is_in_progress" boolean DEFAULT false NOT NULL,
	"is_done" boolean DEFAULT false NOT NULL,
	"sla_hours" integer,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_stages_status_or_label" CHECK ("board_stages"."maps_status" is null or "board_stages"."maps_label" is null),
	CONSTRAINT "board_stages_maps_status" CHECK ("board_stages"."maps_status" is null or "board_stages"."maps_status" in ('open', 'pending', 'resolved', 'snoozed')),
	CONSTRAINT "board_stages_wip_limit" CHECK ("board_stages"."wip_limit" is null or "board_stages"."wip_limit" > 0),
	CONSTRAINT "board_stages_sla_hours" CHECK ("board_stages"."sla_hours" is null or "board_stages"."sla_hours" > 0)
);
--> statement-breakpoint
ALTER TABLE "board_stages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"filter_inbox_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"filter_team_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"loss_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "boards" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"card_id" uuid NOT NULL,
	"text" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"position" double precision NOT NULL,
	"required_before_leaving" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "card_checklist_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_conversations" (
	"card_id" uuid NOT NULL,
	"account_id" integer NOT NULL,
	"conversation_display_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_conversations_card_id_conversation_display_id_pk" PRIMARY KEY("card_id","conversation_display_id")
);
--> statement-breakpoint
ALTER TABLE "card_conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_stage_id" uuid,
	"to_stage_id" uuid,
	"actor_user_id" uuid,
	"cause" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_events_type" CHECK ("card_events"."type" in ('create', 'move', 'assign', 'archive', 'reopen', 'update', 'action')),
	CONSTRAINT "card_events_cause" CHECK ("card_events"."cause" in ('user', 'automation', 'reconcile'))
);
--> statement-breakpoint
ALTER TABLE "card_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"card_id" uuid NOT NULL,
	"author_user_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "card_notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "card_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"card_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_by" uuid,
	"note" text,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "card_reminders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"board_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"position" double precision NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"conversation_display_id" integer,
	"conversation_status" text,
	"contact_id" integer,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"inbox_id" integer,
	"team_id" integer,
	"assignee_user_id" uuid,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"priority" text,
	"due_at" timestamp with time zone,
	"value" numeric(14, 2),
	"outcome" text,
	"loss_reason" text,
	"custom_attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"manual_stage_until_status_change" boolean DEFAULT false NOT NULL,
	"cycle" integer DEFAULT 1 NOT NULL,
	"status_at" timestamp with time zone,
	"labels_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone,
	"first_reply_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"sla_breached_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cards_outcome" CHECK ("cards"."outcome" is null or "cards"."outcome" in ('won', 'lost')),
	CONSTRAINT "cards_priority" CHECK ("cards"."priority" is null or "cards"."priority" in ('low', 'medium', 'high', 'urgent'))
);
--> statement-breakpoint
ALTER TABLE "cards" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "board_stages" ADD CONSTRAINT "board_stages_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_stages" ADD CONSTRAINT "board_stages_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_checklist_items" ADD CONSTRAINT "card_checklist_items_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_checklist_items" ADD CONSTRAINT "card_checklist_items_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_conversations" ADD CONSTRAINT "card_conversations_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_conversations" ADD CONSTRAINT "card_conversations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_events" ADD CONSTRAINT "card_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_notes" ADD CONSTRAINT "card_notes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_notes" ADD CONSTRAINT "card_notes_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_notes" ADD CONSTRAINT "card_notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_reminders" ADD CONSTRAINT "card_reminders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_reminders" ADD CONSTRAINT "card_reminders_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_reminders" ADD CONSTRAINT "card_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_reminders" ADD CONSTRAINT "card_reminders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_stage_id_board_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."board_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_stages_board" ON "board_stages" USING btree ("account_id","board_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "board_stages_one_per_status" ON "board_stages" USING btree ("board_id","maps_status") WHERE "board_stages"."maps_status" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "board_stages_one_per_label" ON "board_stages" USING btree ("board_id","maps_label") WHERE "board_stages"."maps_label" is not null;--> statement-breakpoint
CREATE INDEX "boards_account" ON "boards" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "boards_one_default" ON "boards" USING btree ("account_id") WHERE "boards"."is_default" and "boards"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "card_checklist_items_card" ON "card_checklist_items" USING btree ("account_id","card_id","position");--> statement-breakpoint
CREATE INDEX "card_conversations_conversation" ON "card_conversations" USING btree ("account_id","conversation_display_id");--> statement-breakpoint
CREATE INDEX "card_events_board_at" ON "card_events" USING btree ("account_id","board_id","at");--> statement-breakpoint
CREATE INDEX "card_events_card_at" ON "card_events" USING btree ("card_id","at");--> statement-breakpoint
CREATE INDEX "card_notes_card" ON "card_notes" USING btree ("account_id","card_id","created_at");--> statement-breakpoint
CREATE INDEX "card_reminders_card" ON "card_reminders" USING btree ("account_id","card_id");--> statement-breakpoint
CREATE INDEX "card_reminders_due" ON "card_reminders" USING btree ("due_at") WHERE "card_reminders"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "cards_board_stage" ON "cards" USING btree ("account_id","board_id","stage_id","position");--> statement-breakpoint
CREATE INDEX "cards_conversation" ON "cards" USING btree ("account_id","conversation_display_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_board_conversation" ON "cards" USING btree ("board_id","conversation_display_id") WHERE "cards"."conversation_display_id" is not null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "board_stages" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "boards" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "card_checklist_items" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "card_conversations" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_read" ON "card_events" AS PERMISSIVE FOR SELECT TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_append" ON "card_events" AS PERMISSIVE FOR INSERT TO "whatpro_app" WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "card_notes" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "card_reminders" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cards" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- Tenant tables: the app role reads and writes them, row-level security keeps it in its account.
GRANT SELECT, INSERT, UPDATE, DELETE ON "boards", "board_stages", "cards", "card_conversations", "card_checklist_items", "card_notes", "card_reminders" TO whatpro_app;--> statement-breakpoint
-- A card's history is appended and read, never rewritten: metrics are computed from it.
GRANT SELECT, INSERT ON "card_events" TO whatpro_app;

CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"display_id" integer NOT NULL,
	"chatwoot_uuid" text,
	"chatwoot_inbox_id" integer NOT NULL,
	"status" text NOT NULL,
	"assignee_id" integer,
	"assignee_name" text,
	"team_id" integer,
	"team_name" text,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority" text,
	"contact_id" integer,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"chatwoot_created_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone,
	"last_incoming_at" timestamp with time zone,
	"last_outgoing_at" timestamp with time zone,
	"last_note_at" timestamp with time zone,
	"first_reply_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"source_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_account_display" UNIQUE("account_id","display_id")
);
--> statement-breakpoint
ALTER TABLE "conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "domain_event_deliveries" (
	"event_id" uuid NOT NULL,
	"account_id" integer NOT NULL,
	"consumer" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "domain_event_deliveries_event_id_consumer_pk" PRIMARY KEY("event_id","consumer"),
	CONSTRAINT "domain_event_deliveries_status" CHECK ("domain_event_deliveries"."status" in ('pending', 'delivered', 'failed', 'dead'))
);
--> statement-breakpoint
ALTER TABLE "domain_event_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" integer NOT NULL,
	"type" text NOT NULL,
	"conversation_display_id" integer NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domain_events_account_dedupe" UNIQUE("account_id","dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "domain_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inbox_members" (
	"account_id" integer NOT NULL,
	"chatwoot_inbox_id" integer NOT NULL,
	"chatwoot_user_id" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_members_account_id_chatwoot_inbox_id_chatwoot_user_id_pk" PRIMARY KEY("account_id","chatwoot_inbox_id","chatwoot_user_id")
);
--> statement-breakpoint
ALTER TABLE "inbox_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_status";--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_event_deliveries" ADD CONSTRAINT "domain_event_deliveries_event_id_domain_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."domain_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_event_deliveries" ADD CONSTRAINT "domain_event_deliveries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_events" ADD CONSTRAINT "domain_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_members" ADD CONSTRAINT "inbox_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_contact" ON "conversations" USING btree ("account_id","contact_id");--> statement-breakpoint
CREATE INDEX "domain_event_deliveries_waiting" ON "domain_event_deliveries" USING btree ("status","next_attempt_at") WHERE "domain_event_deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "domain_events_conversation" ON "domain_events" USING btree ("account_id","conversation_display_id");--> statement-breakpoint
CREATE INDEX "inbox_members_user" ON "inbox_members" USING btree ("account_id","chatwoot_user_id");--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_status" CHECK ("webhook_events"."status" in ('pending', 'processed', 'failed', 'dead', 'unhandled', 'ignored'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "conversations" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "domain_event_deliveries" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "domain_events" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "inbox_members" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- Tenant tables: the app role reads and writes them, row-level security keeps it in its account.
GRANT SELECT, INSERT, UPDATE, DELETE ON "conversations", "inbox_members", "domain_events", "domain_event_deliveries" TO whatpro_app;

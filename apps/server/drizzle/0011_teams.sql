CREATE TABLE "team_members" (
	"account_id" integer NOT NULL,
	"chatwoot_team_id" integer NOT NULL,
	"chatwoot_user_id" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_account_id_chatwoot_team_id_chatwoot_user_id_pk" PRIMARY KEY("account_id","chatwoot_team_id","chatwoot_user_id")
);
--> statement-breakpoint
ALTER TABLE "team_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "teams" (
	"account_id" integer NOT NULL,
	"chatwoot_team_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"allow_auto_assign" boolean DEFAULT true NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_account_id_chatwoot_team_id_pk" PRIMARY KEY("account_id","chatwoot_team_id")
);
--> statement-breakpoint
ALTER TABLE "teams" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_fk" FOREIGN KEY ("account_id","chatwoot_team_id") REFERENCES "public"."teams"("account_id","chatwoot_team_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_members_user" ON "team_members" USING btree ("account_id","chatwoot_user_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "team_members" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "teams" AS PERMISSIVE FOR ALL TO "whatpro_app" USING ("account_id" = nullif(current_setting('app.account_id', true), '')::integer) WITH CHECK ("account_id" = nullif(current_setting('app.account_id', true), '')::integer);--> statement-breakpoint
-- Tenant tables: the app role reads and writes them, row-level security keeps it in its account.
GRANT SELECT, INSERT, UPDATE, DELETE ON "teams", "team_members" TO whatpro_app;

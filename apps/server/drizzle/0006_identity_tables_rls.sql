-- Grants stop coming by default: each table a tenant transaction may touch is granted below or in the
-- migration that creates it, and the privileges test lists them all.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM whatpro_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM whatpro_app;--> statement-breakpoint
-- Identity and system tables have no tenant column: only the system connection may touch them.
REVOKE ALL ON "users", "sessions", "refresh_tokens", "maintenance_runs", "platform_app_events" FROM whatpro_app;--> statement-breakpoint
-- A tenant reads its own account but never renames, suspends, reactivates or deletes it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "accounts" FROM whatpro_app;--> statement-breakpoint
GRANT SELECT ON "users" TO whatpro_app;--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "member_of_tenant" ON "users" AS PERMISSIVE FOR SELECT TO "whatpro_app" USING (exists (select 1 from account_users seat where seat.user_id = users.id and seat.account_id = nullif(current_setting('app.account_id', true), '')::integer));

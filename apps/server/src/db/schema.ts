import { sql } from 'drizzle-orm';
import {
  integer,
  jsonb,
  pgPolicy,
  pgRole,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Role every tenant-scoped transaction switches to (see tenancy.ts). It owns nothing and has no
 * BYPASSRLS, so the policies below always apply to it. Created by migration 0000.
 */
export const appRole = pgRole('whatpro_app').existing();

/** The tenant of the current transaction, or NULL (which matches no row) when none was set. */
export const currentAccountId = sql`nullif(current_setting('app.account_id', true), '')::integer`;

const tenantPolicies = (column: string) => [
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`${sql.identifier(column)} = ${currentAccountId}`,
    withCheck: sql`${sql.identifier(column)} = ${currentAccountId}`,
  }),
];

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A tenant: one Chatwoot account. Its id is Chatwoot's account id, since one Hub serves one Chatwoot. */
export const accounts = pgTable(
  'accounts',
  {
    id: integer('id').primaryKey(),
    installation: text('installation').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  () => tenantPolicies('id'),
).enableRLS();

export const inboxes = pgTable(
  'inboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    chatwootInboxId: integer('chatwoot_inbox_id').notNull(),
    name: text('name').notNull(),
    channelType: text('channel_type').notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique('inboxes_account_chatwoot_inbox').on(table.accountId, table.chatwootInboxId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** One row per run of a maintenance job, so operators (and tests) can see it ran and what it did. */
export const maintenanceRuns = pgTable('maintenance_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  job: text('job').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

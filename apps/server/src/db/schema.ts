import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
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

/** A Chatwoot user, keyed by the installation it comes from and its Chatwoot id (S-SSO-3). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    installation: text('installation').notNull(),
    chatwootUserId: integer('chatwoot_user_id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    avatarUrl: text('avatar_url'),
    isSuperAdmin: boolean('is_super_admin').notNull().default(false),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique('users_installation_chatwoot_user').on(table.installation, table.chatwootUserId),
    // Tenant code may read (never write) the users who hold a seat in its account, e.g. to list members.
    pgPolicy('member_of_tenant', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`exists (select 1 from account_users seat where seat.user_id = users.id and seat.account_id = ${currentAccountId})`,
    }),
  ],
).enableRLS();

/** Membership and role of a user in an account. Chatwoot decides admin/agent; the Hub may grant supervisor/viewer. */
export const accountUsers = pgTable(
  'account_users',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'supervisor', 'agent', 'viewer'] }).notNull(),
    chatwootRole: text('chatwoot_role', { enum: ['administrator', 'agent'] }).notNull(),
    /** `hub` when a Hub admin set the role; Chatwoot re-syncs then keep it. */
    roleSource: text('role_source', { enum: ['chatwoot', 'hub'] })
      .notNull()
      .default('chatwoot'),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.accountId, table.userId] }), ...tenantPolicies('account_id')],
).enableRLS();

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    authMethod: text('auth_method', { enum: ['sso', 'instance_token'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('sessions_user').on(table.userId)],
);

/** Refresh tokens, stored hashed. One family per session: replaying a used one revokes it all (RFC 9700). */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('refresh_tokens_session').on(table.sessionId)],
);

/** Server-to-server credentials of an account: they identify a client, never a user (S-AK-3). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  () => tenantPolicies('account_id'),
).enableRLS();

/** Append-only record of critical actions; the app role may insert and read, never change or delete. */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id'),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    oldValues: jsonb('old_values').$type<Record<string, unknown>>(),
    newValues: jsonb('new_values').$type<Record<string, unknown>>(),
    /** How many times it happened: repeated denials by one caller on one route share a row per window. */
    count: integer('count').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('audit_logs_account_created').on(table.accountId, table.createdAt),
    pgPolicy('tenant_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
    pgPolicy('tenant_append', {
      as: 'permissive',
      for: 'insert',
      to: appRole,
      withCheck: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
  ],
).enableRLS();

/** Single-use, one-minute tokens that carry a Chatwoot-verified agent into the Hub's iframe (S-PM-3). */
export const instanceTokens = pgTable(
  'instance_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    audience: text('audience').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  () => tenantPolicies('account_id'),
).enableRLS();

/** Signed Platform App events already applied, so a replayed delivery is refused. */
export const platformAppEvents = pgTable('platform_app_events', {
  id: text('id').primaryKey(),
  event: text('event').notNull(),
  chatwootAccountId: integer('chatwoot_account_id'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** How the Hub reaches an account in Chatwoot: an administrator's API token and the webhook it registered. */
export const chatwootConnections = pgTable(
  'chatwoot_connections',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Sealed (infra/secrets.ts) with associated data naming the account. */
    adminTokenSealed: text('admin_token_sealed').notNull(),
    webhookId: integer('webhook_id'),
    webhookSecretSealed: text('webhook_secret_sealed'),
    /** Hash of the secret path segment that authenticates deliveries from Chatwoot versions that do not sign. */
    urlTokenHash: text('url_token_hash').notNull(),
    connectedBy: uuid('connected_by').references(() => users.id, { onDelete: 'set null' }),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    /** When the last conversation reconcile started: the next one asks Chatwoot for what changed since. */
    conversationsReconciledAt: timestamp('conversations_reconciled_at', { withTimezone: true }),
    ...timestamps,
  },
  () => tenantPolicies('account_id'),
).enableRLS();

/** Every webhook delivery, stored before it is acknowledged so none is lost; processed by a job. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider', { enum: ['chatwoot'] }).notNull(),
    deliveryId: text('delivery_id').notNull(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    rawBody: text('raw_body').notNull(),
    signatureVerified: boolean('signature_verified').notNull(),
    /**
     * `unhandled`: stored and acknowledged, but this release has no handler for the event; kept so that a
     * release that adds the handler processes it (the sweeper queues such rows again). `ignored`: handled,
     * with nothing to change (already applied, or older than what is stored); `last_error` says why.
     */
    status: text('status', { enum: ['pending', 'processed', 'failed', 'dead', 'unhandled', 'ignored'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the next attempt is due: after a failure the backoff, while an attempt runs its lease. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (table) => [
    unique('webhook_events_delivery').on(table.provider, table.deliveryId),
    check(
      'webhook_events_status',
      sql`${table.status} in ('pending', 'processed', 'failed', 'dead', 'unhandled', 'ignored')`,
    ),
    index('webhook_events_unfinished')
      .on(table.status, table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'failed', 'unhandled')`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * The Hub's copy of each Chatwoot conversation of an account, keyed by its display id (the `id` of
 * webhook payloads). Conversation fields follow the newest payload (`source_updated_at`, Chatwoot's
 * `updated_at`); activity times only move forward (latest) or back (first reply), so any order of
 * delivery ends in the same row.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    displayId: integer('display_id').notNull(),
    chatwootUuid: text('chatwoot_uuid'),
    chatwootInboxId: integer('chatwoot_inbox_id').notNull(),
    status: text('status', { enum: ['open', 'resolved', 'pending', 'snoozed'] }).notNull(),
    assigneeId: integer('assignee_id'),
    assigneeName: text('assignee_name'),
    teamId: integer('team_id'),
    teamName: text('team_name'),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    priority: text('priority'),
    contactId: integer('contact_id'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    chatwootCreatedAt: timestamp('chatwoot_created_at', { withTimezone: true }).notNull(),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    lastIncomingAt: timestamp('last_incoming_at', { withTimezone: true }),
    lastOutgoingAt: timestamp('last_outgoing_at', { withTimezone: true }),
    lastNoteAt: timestamp('last_note_at', { withTimezone: true }),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (table) => [
    unique('conversations_account_display').on(table.accountId, table.displayId),
    index('conversations_contact').on(table.accountId, table.contactId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** Who is a member of which Chatwoot inbox (Chatwoot user ids), as the reconcile last read it. */
export const inboxMembers = pgTable(
  'inbox_members',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    chatwootInboxId: integer('chatwoot_inbox_id').notNull(),
    chatwootUserId: integer('chatwoot_user_id').notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.chatwootInboxId, table.chatwootUserId] }),
    index('inbox_members_user').on(table.accountId, table.chatwootUserId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** The account's Chatwoot teams, as the reconcile last read them; conversations name theirs by Chatwoot id. */
export const teams = pgTable(
  'teams',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    chatwootTeamId: integer('chatwoot_team_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    allowAutoAssign: boolean('allow_auto_assign').notNull().default(true),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.chatwootTeamId] }),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** Who is a member of which Chatwoot team (Chatwoot user ids), as the reconcile last read it. */
export const teamMembers = pgTable(
  'team_members',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    chatwootTeamId: integer('chatwoot_team_id').notNull(),
    chatwootUserId: integer('chatwoot_user_id').notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.chatwootTeamId, table.chatwootUserId] }),
    foreignKey({
      name: 'team_members_team_fk',
      columns: [table.accountId, table.chatwootTeamId],
      foreignColumns: [teams.accountId, teams.chatwootTeamId],
    }).onDelete('cascade'),
    index('team_members_user').on(table.accountId, table.chatwootUserId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * The outbox: domain events written in the transaction of the change that caused them. `dedupe_key`
 * names the fact (a status change at a Chatwoot time, a message), so a fact reported twice is one event.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    conversationDisplayId: integer('conversation_display_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Who reported the fact first: a Chatwoot webhook, or the reconcile that found what webhooks missed. */
    source: text('source', { enum: ['webhook', 'reconcile'] })
      .notNull()
      .default('webhook'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('domain_events_account_dedupe').on(table.accountId, table.dedupeKey),
    check('domain_events_source', sql`${table.source} in ('webhook', 'reconcile')`),
    index('domain_events_conversation').on(table.accountId, table.conversationDisplayId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** One row per event and consumer, so a consumer that fails is retried alone. */
export const domainEventDeliveries = pgTable(
  'domain_event_deliveries',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => domainEvents.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    consumer: text('consumer').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.consumer] }),
    check(
      'domain_event_deliveries_status',
      sql`${table.status} in ('pending', 'delivered', 'failed', 'dead')`,
    ),
    index('domain_event_deliveries_waiting')
      .on(table.status, table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'failed')`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** PostgreSQL full-text document; only ever computed by the database (generated column). */
const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/**
 * Internal chat rooms. `last_message_seq` is the gapless message counter and `last_event_seq` the event
 * log counter: both advance under the room row's lock, so concurrent writers get distinct, gapless
 * numbers. The last message's time and preview live here so the room list never scans messages.
 */
export const chatRooms = pgTable(
  'chat_rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['dm', 'team', 'discussion'] }).notNull(),
    name: text('name'),
    description: text('description'),
    /** For DMs: both user ids sorted and joined, so one pair has exactly one room (ON CONFLICT). */
    dmKey: text('dm_key'),
    chatwootTeamId: integer('chatwoot_team_id'),
    conversationDisplayId: integer('conversation_display_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    lastMessageSeq: bigint('last_message_seq', { mode: 'number' }).notNull().default(0),
    lastEventSeq: bigint('last_event_seq', { mode: 'number' }).notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    lastMessagePreview: text('last_message_preview'),
  },
  (table) => [
    unique('chat_rooms_account_dm_key').on(table.accountId, table.dmKey),
    unique('chat_rooms_account_team').on(table.accountId, table.chatwootTeamId),
    unique('chat_rooms_account_conversation').on(table.accountId, table.conversationDisplayId),
    // The room list's order (last activity, then id), read backwards: the first page stops after its rows
    // instead of sorting every membership, and the `before` cursor is a range condition on it. A CASE, not
    // coalesce(): under row-level security the planner only turns conditions it can prove leak nothing
    // into index conditions, and it cannot prove that of coalesce().
    index('chat_rooms_activity').on(
      table.accountId,
      sql`(case when ${table.lastMessageAt} is null then ${table.createdAt} else ${table.lastMessageAt} end)`,
      table.id,
    ),
    check('chat_rooms_kind', sql`${table.kind} in ('dm', 'team', 'discussion')`),
    check('chat_rooms_dm_key', sql`(${table.kind} = 'dm') = (${table.dmKey} is not null)`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** Who is in a room, their role, and their read state (unread = room's last_message_seq − last_read_seq). */
export const chatRoomMembers = pgTable(
  'chat_room_members',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'moderator', 'member'] })
      .notNull()
      .default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadSeq: bigint('last_read_seq', { mode: 'number' }).notNull().default(0),
    /** Unread messages that mention this member; recounted when they read. */
    mentionCount: integer('mention_count').notNull().default(0),
    muted: boolean('muted').notNull().default(false),
    notificationLevel: text('notification_level', { enum: ['all', 'mentions', 'none'] })
      .notNull()
      .default('all'),
  },
  (table) => [
    primaryKey({ columns: [table.roomId, table.userId] }),
    index('chat_room_members_user').on(table.accountId, table.userId),
    check('chat_room_members_role', sql`${table.role} in ('owner', 'moderator', 'member')`),
    check(
      'chat_room_members_notification_level',
      sql`${table.notificationLevel} in ('all', 'mentions', 'none')`,
    ),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * Chat messages, numbered by a gapless per-room `seq`. `client_id` makes a send idempotent per author and
 * room. A deleted message keeps its row (and seq) with `body` cleared. System messages (membership
 * changes) have no author and describe what happened in `system`, so each reader sees it in their language.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['user', 'system'] })
      .notNull()
      .default('user'),
    body: text('body'),
    system: jsonb('system').$type<Record<string, unknown>>(),
    clientId: text('client_id'),
    replyToId: uuid('reply_to_id'),
    conversationDisplayId: integer('conversation_display_id'),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('portuguese', coalesce(body, '')) || to_tsvector('english', coalesce(body, ''))`,
    ),
  },
  (table) => [
    unique('chat_messages_room_seq').on(table.roomId, table.seq),
    unique('chat_messages_room_author_client').on(table.roomId, table.authorId, table.clientId),
    foreignKey({
      name: 'chat_messages_reply_to_fk',
      columns: [table.replyToId],
      foreignColumns: [table.id],
    }).onDelete('set null'),
    check('chat_messages_kind', sql`${table.kind} in ('user', 'system')`),
    index('chat_messages_mentions').using('gin', table.mentions),
    index('chat_messages_search').using('gin', table.search),
    index('chat_messages_account_created').on(table.accountId, table.createdAt),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** One row per user, emoji and message. */
export const chatMessageReactions = pgTable(
  'chat_message_reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.messageId, table.userId, table.emoji] }),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

export const chatPins = pgTable(
  'chat_pins',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    pinnedBy: uuid('pinned_by').references(() => users.id, { onDelete: 'set null' }),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.roomId, table.messageId] }), ...tenantPolicies('account_id')],
).enableRLS();

/**
 * The per-room event log and outbox: each change writes its realtime event here in its own transaction,
 * numbered by the room's `last_event_seq`; after commit the same event is published to the members.
 * A client that missed some catches up from this log by seq.
 */
export const chatRoomEvents = pgTable(
  'chat_room_events',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.roomId, table.seq] }), ...tenantPolicies('account_id')],
).enableRLS();

/**
 * A Kanban board of an account. Its filter (Chatwoot inbox and team ids, empty = any) decides which new
 * conversations get a card on it; `loss_reasons` is the list a lost card's reason is chosen from.
 */
export const boards = pgTable(
  'boards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    isDefault: boolean('is_default').notNull().default(false),
    filterInboxIds: integer('filter_inbox_ids').array().notNull().default(sql`'{}'::integer[]`),
    filterTeamIds: integer('filter_team_ids').array().notNull().default(sql`'{}'::integer[]`),
    lossReasons: text('loss_reasons').array().notNull().default(sql`'{}'::text[]`),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /**
     * Bumped by the database in the transaction of every change the board's metrics read (card events,
     * cards, stages; migration 0020), so a cached metrics answer is keyed by it and never outlives one.
     */
    metricsVersion: bigint('metrics_version', { mode: 'number' }).notNull().default(0),
    ...timestamps,
  },
  (table) => [
    index('boards_account').on(table.accountId),
    // At most one default board per account.
    uniqueIndex('boards_one_default')
      .on(table.accountId)
      .where(sql`${table.isDefault} and ${table.archivedAt} is null`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * A column of a board. `position` is fractional (a move or insert writes one row); a stage follows a
 * Chatwoot status or a label, never both. `actions` are the stage's entry actions (run by kanban actions).
 */
export const boardStages = pgTable(
  'board_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    colour: text('colour').notNull().default('#64748b'),
    position: doublePrecision('position').notNull(),
    wipLimit: integer('wip_limit'),
    mapsStatus: text('maps_status', { enum: ['open', 'pending', 'resolved', 'snoozed'] }),
    mapsLabel: text('maps_label'),
    isInProgress: boolean('is_in_progress').notNull().default(false),
    isDone: boolean('is_done').notNull().default(false),
    slaHours: integer('sla_hours'),
    actions: jsonb('actions').$type<unknown[]>().notNull().default([]),
    ...timestamps,
  },
  (table) => [
    check('board_stages_status_or_label', sql`${table.mapsStatus} is null or ${table.mapsLabel} is null`),
    check(
      'board_stages_maps_status',
      sql`${table.mapsStatus} is null or ${table.mapsStatus} in ('open', 'pending', 'resolved', 'snoozed')`,
    ),
    check('board_stages_wip_limit', sql`${table.wipLimit} is null or ${table.wipLimit} > 0`),
    check('board_stages_sla_hours', sql`${table.slaHours} is null or ${table.slaHours} > 0`),
    index('board_stages_board').on(table.accountId, table.boardId, table.position),
    // A status or a label leads to one stage of a board, so automation never has to choose.
    uniqueIndex('board_stages_one_per_status')
      .on(table.boardId, table.mapsStatus)
      .where(sql`${table.mapsStatus} is not null`),
    uniqueIndex('board_stages_one_per_label')
      .on(table.boardId, table.mapsLabel)
      .where(sql`${table.mapsLabel} is not null`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * A card: a Chatwoot conversation (by display id, with mirror fields copied for the board view) or a
 * free card. `version` grows with every write, so concurrent moves converge on the last committed one.
 * `status_at` / `labels_at` are the Chatwoot times of the last status / label facts applied, so an older
 * fact delivered late changes nothing.
 */
export const cards = pgTable(
  'cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => boardStages.id),
    position: doublePrecision('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    conversationDisplayId: integer('conversation_display_id'),
    conversationStatus: text('conversation_status'),
    contactId: integer('contact_id'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    /** Chatwoot inbox of the conversation: who may see the card follows it (null for free cards). */
    inboxId: integer('inbox_id'),
    teamId: integer('team_id'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    priority: text('priority', { enum: ['low', 'medium', 'high', 'urgent'] }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    value: numeric('value', { precision: 14, scale: 2 }),
    outcome: text('outcome', { enum: ['won', 'lost'] }),
    lossReason: text('loss_reason'),
    customAttributes: jsonb('custom_attributes').$type<Record<string, unknown>>().notNull().default({}),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }).notNull().defaultNow(),
    manualStageUntilStatusChange: boolean('manual_stage_until_status_change').notNull().default(false),
    cycle: integer('cycle').notNull().default(1),
    statusAt: timestamp('status_at', { withTimezone: true }),
    labelsAt: timestamp('labels_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    check('cards_outcome', sql`${table.outcome} is null or ${table.outcome} in ('won', 'lost')`),
    check(
      'cards_priority',
      sql`${table.priority} is null or ${table.priority} in ('low', 'medium', 'high', 'urgent')`,
    ),
    index('cards_board_stage').on(table.accountId, table.boardId, table.stageId, table.position),
    index('cards_conversation').on(table.accountId, table.conversationDisplayId),
    // One card per conversation and board: automation creating it twice finds the first.
    uniqueIndex('cards_board_conversation')
      .on(table.boardId, table.conversationDisplayId)
      .where(sql`${table.conversationDisplayId} is not null`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** More conversations of the card's contact linked to one card. */
export const cardConversations = pgTable(
  'card_conversations',
  {
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    conversationDisplayId: integer('conversation_display_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.cardId, table.conversationDisplayId] }),
    index('card_conversations_conversation').on(table.accountId, table.conversationDisplayId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * The history of a card, append-only (the app role may insert and read, never change or delete): metrics
 * are computed from it. `cause` says whether a person, the automation or a reconcile made the change.
 */
export const cardEvents = pgTable(
  'card_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    type: text('type', {
      enum: ['create', 'move', 'assign', 'archive', 'reopen', 'update', 'action'],
    }).notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    cause: text('cause', { enum: ['user', 'automation', 'reconcile'] }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check(
      'card_events_type',
      sql`${table.type} in ('create', 'move', 'assign', 'archive', 'reopen', 'update', 'action')`,
    ),
    check('card_events_cause', sql`${table.cause} in ('user', 'automation', 'reconcile')`),
    index('card_events_board_at').on(table.accountId, table.boardId, table.at),
    index('card_events_card_at').on(table.cardId, table.at),
    pgPolicy('tenant_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
    pgPolicy('tenant_append', {
      as: 'permissive',
      for: 'insert',
      to: appRole,
      withCheck: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
  ],
).enableRLS();

/**
 * What the metrics read instead of `card_events`: each event that put a card somewhere (create, move to
 * another stage, reopen or restore, archive) with its cycle number and the time of the card's next such
 * event. The database rebuilds a card's rows in the statement that records its events (a trigger from
 * migration 0016; its current rules are in 0022, card_placements_of), so the app role only reads them.
 */
export const cardPlacements = pgTable(
  'card_placements',
  {
    eventId: uuid('event_id')
      .primaryKey()
      .references(() => cardEvents.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').notNull(),
    boardId: uuid('board_id').notNull(),
    cardId: uuid('card_id').notNull(),
    type: text('type', { enum: ['create', 'move', 'archive', 'reopen'] }).notNull(),
    stageId: uuid('stage_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    startsCycle: boolean('starts_cycle').notNull(),
    cycleNo: integer('cycle_no').notNull(),
    nextAt: timestamp('next_at', { withTimezone: true }),
    /** The card's inbox when the row was written (rebuilt when it changes): visibility without a join. */
    inboxId: integer('inbox_id'),
  },
  (table) => [
    index('card_placements_board').on(table.accountId, table.boardId, table.cardId),
    index('card_placements_card').on(table.cardId),
    pgPolicy('tenant_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
  ],
).enableRLS();

/**
 * One row per cycle of a card (from its create or reopen to the next), kept with its placements by the
 * same rebuild (migration 0022), so lead time, cycle time, throughput and conversion read a row per cycle
 * instead of every placement. `progress_at` and `done_at` apply the stage kinds of the time of writing;
 * changing a stage's kind rebuilds the board's rows.
 */
export const cardCycles = pgTable(
  'card_cycles',
  {
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    cycleNo: integer('cycle_no').notNull(),
    accountId: integer('account_id').notNull(),
    boardId: uuid('board_id').notNull(),
    /** The create or reopen that started it; null for placements recorded before any create. */
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** The card's create event when it is in this cycle: the cohort of a range is the cards created in it. */
    createdAt: timestamp('created_at', { withTimezone: true }),
    progressAt: timestamp('progress_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** The stages the card was in for the first time in this cycle: each stage it was ever in, once. */
    reachedStageIds: uuid('reached_stage_ids').array().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cardId, table.cycleNo] }),
    index('card_cycles_board').on(table.accountId, table.boardId),
    pgPolicy('tenant_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
  ],
).enableRLS();

/**
 * Per board, stage, inbox (0: free cards) and UTC day, how many stays began and ended that day (the
 * cumulative flow is their running sum) and how long the ended ones lasted. Kept by the placements' rebuild, which adds the difference between
 * a card's old and new placements (migration 0022).
 */
export const boardStageDays = pgTable(
  'board_stage_days',
  {
    accountId: integer('account_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id').notNull(),
    inboxId: integer('inbox_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    entered: integer('entered').notNull(),
    exited: integer('exited').notNull(),
    /** The lengths in seconds of the stays that ended that day, for time in stage and its percentiles. */
    staySeconds: doublePrecision('stay_seconds').array().notNull().default(sql`'{}'`),
  },
  (table) => [
    primaryKey({ columns: [table.boardId, table.stageId, table.inboxId, table.day] }),
    pgPolicy('tenant_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${sql.identifier('account_id')} = ${currentAccountId}`,
    }),
  ],
).enableRLS();

/** A card's checklist; an item `required_before_leaving` keeps the card in its stage until it is done. */
export const cardChecklistItems = pgTable(
  'card_checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    done: boolean('done').notNull().default(false),
    position: doublePrecision('position').notNull(),
    requiredBeforeLeaving: boolean('required_before_leaving').notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index('card_checklist_items_card').on(table.accountId, table.cardId, table.position),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

export const cardNotes = pgTable(
  'card_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    ...timestamps,
  },
  (table) => [
    index('card_notes_card').on(table.accountId, table.cardId, table.createdAt),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** A reminder on a card, due to a user at `due_at`; `sent_at` is set once the notice went out. */
export const cardReminders = pgTable(
  'card_reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    index('card_reminders_card').on(table.accountId, table.cardId),
    index('card_reminders_due').on(table.dueAt).where(sql`${table.sentAt} is null`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * Files attached to chat messages. Uploaded first (message_id null), then claimed by one message of the
 * same room and uploader. Bytes live in object storage under `storage_key`
 * (`accounts/<id>/rooms/<roomId>/<uuid>`); the type is the one sniffed from the content.
 */
export const chatAttachments = pgTable(
  'chat_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    uploaderId: uuid('uploader_id').references(() => users.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').references(() => chatMessages.id, { onDelete: 'set null' }),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('chat_attachments_storage_key').on(table.storageKey),
    index('chat_attachments_message').on(table.accountId, table.messageId),
    index('chat_attachments_room_created').on(table.accountId, table.roomId, table.createdAt),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** Chat settings of an account; a missing row means the defaults (messages kept forever). */
export const chatSettings = pgTable(
  'chat_settings',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Messages older than this many days are purged daily; null keeps them. */
    retentionDays: integer('retention_days'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('chat_settings_retention_days', sql`${table.retentionDays} between 1 and 36500`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** Each purge of chat history (by an admin or the daily retention), with its progress and counts. */
export const chatMessagePurges = pgTable(
  'chat_message_purges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id').references(() => chatRooms.id, { onDelete: 'set null' }),
    cutoff: timestamp('cutoff', { withTimezone: true }).notNull(),
    source: text('source', { enum: ['admin', 'retention'] }).notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    messagesPurged: integer('messages_purged').notNull().default(0),
    reactionsPurged: integer('reactions_purged').notNull().default(0),
    attachmentsPurged: integer('attachments_purged').notNull().default(0),
    eventsPurged: integer('events_purged').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    check('chat_message_purges_source', sql`${table.source} in ('admin', 'retention')`),
    check('chat_message_purges_status', sql`${table.status} in ('queued', 'running', 'done', 'failed')`),
    index('chat_message_purges_account_created').on(table.accountId, table.createdAt),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * Announcements: a broadcast from an admin or supervisor to a Chatwoot team's members or the whole
 * account. Not a room: nobody replies, and the audience is fixed when it is sent (one receipt row per
 * recipient), so "who has read it" stays true when people join or leave the team later.
 */
export const chatAnnouncements = pgTable(
  'chat_announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Null: the whole account. */
    chatwootTeamId: integer('chatwoot_team_id'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('chat_announcements_account_created').on(table.accountId, table.createdAt),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

export const chatAnnouncementReceipts = pgTable(
  'chat_announcement_receipts',
  {
    announcementId: uuid('announcement_id')
      .notNull()
      .references(() => chatAnnouncements.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.announcementId, table.userId] }),
    index('chat_announcement_receipts_user').on(table.accountId, table.userId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * One stage action for one entry of a card into a stage (the card event of that entry). The unique key
 * makes planning idempotent: a replayed entry finds its runs and plans nothing. `effect` is what the
 * action changed in Chatwoot, so the echo of that change (a labels webhook) is recognised as our own.
 */
export const cardActionRuns = pgTable(
  'card_action_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => boardStages.id, { onDelete: 'cascade' }),
    cardEventId: uuid('card_event_id')
      .notNull()
      .references(() => cardEvents.id, { onDelete: 'cascade' }),
    actionIndex: integer('action_index').notNull(),
    action: jsonb('action').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'running', 'succeeded', 'failed', 'skipped'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    effect: jsonb('effect').$type<Record<string, unknown>>(),
    /** A run left `running` past this time died with its process and may be taken again. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** When the sweeper retries a failed run by itself; null once retries are used up. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    check(
      'card_action_runs_status',
      sql`${table.status} in ('pending', 'running', 'succeeded', 'failed', 'skipped')`,
    ),
    unique('card_action_runs_once').on(table.cardEventId, table.actionIndex),
    index('card_action_runs_card').on(table.accountId, table.cardId, table.createdAt),
    index('card_action_runs_due')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'running', 'failed')`),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * A time rule of a board: a card longer than `hours` in `stage_id` (kind `in_stage`), or whose contact
 * has waited that long for a reply (`waiting_reply`), moves to `move_to_stage_id` and/or notifies its
 * assignee. Evaluated by a periodic job.
 */
export const kanbanTimeRules = pgTable(
  'kanban_time_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => boardStages.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['in_stage', 'waiting_reply'] }).notNull(),
    hours: doublePrecision('hours').notNull(),
    moveToStageId: uuid('move_to_stage_id').references(() => boardStages.id, { onDelete: 'cascade' }),
    notifyAssignee: boolean('notify_assignee').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    ...timestamps,
  },
  (table) => [
    check('kanban_time_rules_kind', sql`${table.kind} in ('in_stage', 'waiting_reply')`),
    check('kanban_time_rules_hours', sql`${table.hours} > 0`),
    check(
      'kanban_time_rules_does_something',
      sql`${table.moveToStageId} is not null or ${table.notifyAssignee}`,
    ),
    index('kanban_time_rules_board').on(table.accountId, table.boardId),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/**
 * A time rule fired for a card, once per occasion: the stay in the stage (`in_stage`) or the wait
 * (`waiting_reply`) it fired for is part of the key, so the next stay or the next wait fires again.
 */
export const kanbanTimeRuleFirings = pgTable(
  'kanban_time_rule_firings',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => kanbanTimeRules.id, { onDelete: 'cascade' }),
    cardId: uuid('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    occasionAt: timestamp('occasion_at', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.ruleId, table.cardId, table.occasionAt] }),
    ...tenantPolicies('account_id'),
  ],
).enableRLS();

/** The account's key for signing stage-action webhooks (sealed like the Chatwoot tokens). */
export const kanbanWebhookSecrets = pgTable(
  'kanban_webhook_secrets',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    secretSealed: text('secret_sealed').notNull(),
    ...timestamps,
  },
  () => [...tenantPolicies('account_id')],
).enableRLS();

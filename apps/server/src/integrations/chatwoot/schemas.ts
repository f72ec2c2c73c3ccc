// Response shapes as Chatwoot renders them (reference/chatwoot.md §3, the jbuilder views it cites, and
// the sandbox's presenters). Objects are loose: Chatwoot adds fields between versions and editions
// (enterprise, SLA, custom roles), and that must not break us. What the Hub reads is required.
import { z } from 'zod';

const id = z.number().int();

export const accountRoleSchema = z.enum(['administrator', 'agent']);
export type AccountRole = z.infer<typeof accountRoleSchema>;

export const conversationStatusSchema = z.enum(['open', 'resolved', 'pending', 'snoozed']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/**
 * The user's personal `access_token` and `pubsub_token` are full credentials (reference §2 "treat it
 * as a secret and drop it"); they are declared only to be removed at parse time, so no caller can log
 * or store them.
 */
const userSecrets = { access_token: z.unknown().optional(), pubsub_token: z.unknown().optional() };

// ----------------------------------------------------------------------------------------------
// Users

export const profileAccountSchema = z.looseObject({
  id,
  name: z.string(),
  role: accountRoleSchema,
  status: z.string().optional(),
  active_at: z.string().nullish(),
  permissions: z.array(z.string()).optional(),
  availability: z.string().nullish(),
  availability_status: z.string().nullish(),
  auto_offline: z.boolean().nullish(),
});

/** `_user.json.jbuilder`: `GET /api/v1/profile`, sign-in and validate_token bodies. */
export const userSchema = z
  .looseObject({
    id,
    name: z.string(),
    email: z.string(),
    available_name: z.string(),
    display_name: z.string().nullish(),
    /** Role in the user's active account. */
    role: accountRoleSchema.nullish(),
    /** The active account. */
    account_id: id.nullish(),
    avatar_url: z.string().nullish(),
    confirmed: z.boolean().optional(),
    uid: z.string().optional(),
    /** `SuperAdmin` for installation administrators, `User` otherwise. */
    type: z.string().nullish(),
    accounts: z.array(profileAccountSchema),
    ...userSecrets,
  })
  .transform(({ access_token: _accessToken, pubsub_token: _pubsubToken, ...user }) => user);
export type ChatwootUser = z.output<typeof userSchema>;

export const signInBodySchema = z.looseObject({ data: userSchema });
export const validateTokenBodySchema = z.looseObject({
  payload: z.looseObject({ success: z.literal(true), data: userSchema }),
});

// ----------------------------------------------------------------------------------------------
// Inboxes, agents, teams

export const inboxSchema = z.looseObject({
  id,
  name: z.string(),
  channel_type: z.string(),
  channel_id: id.optional(),
  avatar_url: z.string().nullish(),
  provider: z.string().nullish(),
});
export type ChatwootInbox = z.infer<typeof inboxSchema>;
export const inboxListSchema = z.looseObject({ payload: z.array(inboxSchema) });

/** `_agent.json.jbuilder` (agents and team members). */
export const agentSchema = z.looseObject({
  id,
  account_id: id,
  name: z.string(),
  email: z.string(),
  role: accountRoleSchema,
  available_name: z.string().optional(),
  availability_status: z.string().nullish(),
  confirmed: z.boolean().optional(),
  thumbnail: z.string().nullish(),
});
export type ChatwootAgent = z.infer<typeof agentSchema>;
/** `inbox_members#show` wraps its agents: `{ payload: [agent…] }`. */
export const agentListEnvelopeSchema = z.looseObject({ payload: z.array(agentSchema) });

export const teamSchema = z.looseObject({
  id,
  name: z.string(),
  description: z.string().nullish(),
  allow_auto_assign: z.boolean().optional(),
  account_id: id,
  is_member: z.boolean().optional(),
});
export type ChatwootTeam = z.infer<typeof teamSchema>;

// ----------------------------------------------------------------------------------------------
// Conversations

const personRefSchema = z.looseObject({ id, name: z.string().nullish() });

/** `conversations/partials/_conversation.json.jbuilder`; `id` is the display id. */
export const conversationSchema = z.looseObject({
  id,
  account_id: id,
  inbox_id: id,
  status: conversationStatusSchema,
  uuid: z.string().optional(),
  meta: z.looseObject({
    sender: personRefSchema.optional(),
    assignee: personRefSchema.nullish(),
    assignee_type: z.string().nullish(),
    team: personRefSchema.nullish(),
    channel: z.string().optional(),
  }),
  labels: z.array(z.string()).optional(),
  priority: z.enum(['low', 'medium', 'high', 'urgent']).nullish(),
  unread_count: z.number().optional(),
  created_at: z.number(),
  updated_at: z.number().optional(),
  timestamp: z.number().nullish(),
  last_activity_at: z.number().nullish(),
  first_reply_created_at: z.number().nullish(),
  waiting_since: z.number().nullish(),
  snoozed_until: z.union([z.string(), z.number()]).nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).optional(),
  messages: z.array(z.looseObject({ id })).optional(),
});
export type ChatwootConversation = z.infer<typeof conversationSchema>;

export const conversationListSchema = z.looseObject({
  data: z.looseObject({
    meta: z.looseObject({
      mine_count: z.number(),
      assigned_count: z.number(),
      unassigned_count: z.number(),
      all_count: z.number(),
    }),
    payload: z.array(conversationSchema),
  }),
});
export type ChatwootConversationPage = z.infer<typeof conversationListSchema>['data'];

export const toggleStatusSchema = z.looseObject({
  payload: z.looseObject({
    success: z.boolean(),
    conversation_id: id,
    current_status: conversationStatusSchema,
    snoozed_until: z.union([z.string(), z.number()]).nullish(),
  }),
});
export type ChatwootToggleStatusResult = z.infer<typeof toggleStatusSchema>['payload'];

/** `GET|POST …/conversations/{id}/labels`: the conversation's whole label list. */
export const labelListSchema = z.looseObject({ payload: z.array(z.string()) });

/**
 * `POST …/conversations/{id}/messages` renders the message partial. `message_type` is the enum's
 * integer there (0 incoming, 1 outgoing, 2 activity, 3 template); private notes are outgoing + private.
 */
export const messageSchema = z.looseObject({
  id,
  content: z.string().nullish(),
  private: z.boolean(),
  message_type: z.union([z.number().int(), z.string()]),
  created_at: z.union([z.number(), z.string()]).optional(),
});
export type ChatwootMessage = z.infer<typeof messageSchema>;

// ----------------------------------------------------------------------------------------------
// Dashboard apps and webhooks

export const dashboardAppSchema = z.looseObject({
  id,
  title: z.string(),
  content: z.array(z.looseObject({ type: z.string(), url: z.string() })),
  created_at: z.string().nullish(),
});
export type ChatwootDashboardApp = z.infer<typeof dashboardAppSchema>;

export const webhookSchema = z.looseObject({
  id,
  account_id: id,
  url: z.string(),
  name: z.string().nullish(),
  subscriptions: z.array(z.string()),
  inbox: z.looseObject({ id, name: z.string() }).nullish(),
  /** HMAC signing secret; Chatwoot ≥ 4.11.2 only (PR #13573). */
  secret: z.string().nullish(),
});
export type ChatwootWebhook = z.infer<typeof webhookSchema>;
export const webhookListSchema = z.looseObject({
  payload: z.looseObject({ webhooks: z.array(webhookSchema) }),
});
export const webhookEnvelopeSchema = z.looseObject({ payload: z.looseObject({ webhook: webhookSchema }) });

// ----------------------------------------------------------------------------------------------
// Platform API

export const platformAccountSchema = z.looseObject({
  id,
  name: z.string(),
  locale: z.string().nullish(),
  domain: z.string().nullish(),
  support_email: z.string().nullish(),
  status: z.string().optional(),
  limits: z.record(z.string(), z.unknown()).nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
});
export type ChatwootPlatformAccount = z.infer<typeof platformAccountSchema>;

/** Platform user: the profile shape with slimmer `accounts`. */
export const platformUserSchema = z
  .looseObject({
    id,
    name: z.string(),
    email: z.string(),
    display_name: z.string().nullish(),
    accounts: z.array(z.looseObject({ id, name: z.string(), role: accountRoleSchema })),
    ...userSecrets,
  })
  .transform(({ access_token: _accessToken, pubsub_token: _pubsubToken, ...user }) => user);
export type ChatwootPlatformUser = z.output<typeof platformUserSchema>;

/** Raw `AccountUser#as_json`. */
export const accountUserSchema = z.looseObject({
  id,
  account_id: id,
  user_id: id,
  role: accountRoleSchema,
});
export type ChatwootAccountUser = z.infer<typeof accountUserSchema>;

// ----------------------------------------------------------------------------------------------
// Installation

/** `GET /api` (`ApiController#index`). */
export const versionSchema = z.looseObject({ version: z.string(), timestamp: z.string().optional() });
export type ChatwootVersion = z.infer<typeof versionSchema>;

import { z } from 'zod';
import { accountRoles, apiKeyScopes } from './permissions';
import { safeText } from './text';

/** The credential the Dashboard Script reads from Chatwoot's `cw_d_session_info` cookie, or a personal token. */
export const ssoRequestSchema = z.union([
  z.strictObject({
    access_token: safeText().min(1).max(512),
    client: safeText().min(1).max(512),
    uid: safeText().min(1).max(320),
  }),
  z.strictObject({ api_access_token: safeText().min(1).max(512) }),
]);
export type SsoRequest = z.infer<typeof ssoRequestSchema>;

export const membershipSchema = z.object({
  account_id: z.number().int(),
  account_name: z.string(),
  role: z.enum(accountRoles),
});

export const currentUserSchema = z.object({
  id: z.uuid(),
  chatwoot_user_id: z.number().int(),
  name: z.string(),
  email: z.string(),
  avatar_url: z.string().nullable(),
  is_super_admin: z.boolean(),
  accounts: z.array(membershipSchema),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const sessionTokensSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  session_id: z.uuid(),
  user: currentUserSchema,
});
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

export const sessionSchema = z.object({
  id: z.uuid(),
  current: z.boolean(),
  auth_method: z.enum(['sso', 'instance_token']),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: z.string(),
  last_seen_at: z.string(),
  expires_at: z.string(),
});
export const sessionListSchema = z.object({ sessions: z.array(sessionSchema) });

export const memberSchema = z.object({
  user_id: z.uuid(),
  chatwoot_user_id: z.number().int(),
  name: z.string(),
  email: z.string(),
  role: z.enum(accountRoles),
  chatwoot_role: z.enum(['administrator', 'agent']),
  role_source: z.enum(['chatwoot', 'hub']),
  status: z.enum(['active', 'disabled']),
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
export const updateMemberRoleSchema = z.strictObject({ role: z.enum(accountRoles) });

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export const createApiKeySchema = z.strictObject({
  name: safeText().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
  expires_at: z.iso.datetime({ offset: true }).optional(),
});
export const createdApiKeySchema = apiKeySchema.extend({
  /** The whole key, shown this once and never again. */
  key: z.string(),
});
export const apiKeyListSchema = z.object({ api_keys: z.array(apiKeySchema) });

export const auditLogSchema = z.object({
  id: z.uuid(),
  account_id: z.number().int().nullable(),
  actor_type: z.enum(['user', 'api_key', 'system', 'anonymous']),
  actor_id: z.string().nullable(),
  action: z.string(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
  old_values: z.record(z.string(), z.unknown()).nullable(),
  new_values: z.record(z.string(), z.unknown()).nullable(),
  /** How many times it happened; above 1 only for repeated denials aggregated per caller, route and minute. */
  count: z.number().int().positive(),
  created_at: z.string(),
});
export const auditLogPageSchema = z.object({
  audit_logs: z.array(auditLogSchema),
  next_cursor: z.string().nullable(),
});
export const auditLogQuerySchema = z.strictObject({
  action: safeText().max(100).optional(),
  actor_id: safeText().max(100).optional(),
  resource_type: safeText().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: safeText().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const inboxSchema = z.object({
  id: z.uuid(),
  chatwoot_inbox_id: z.number().int(),
  name: z.string(),
  channel_type: z.string(),
  synced_at: z.string().nullable(),
});
export const inboxListSchema = z.object({ inboxes: z.array(inboxSchema) });

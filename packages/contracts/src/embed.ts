import { z } from 'zod';
import { locales } from './meta';
import { safeText } from './text';

/**
 * The embed protocol. The Dashboard Script runs in Chatwoot's page; the Hub runs in an iframe on the
 * Hub's origin. Every message names its exact target origin (never '*') and is checked on arrival:
 * origin, source window and this schema.
 */
export const HUB_MESSAGE_NAMESPACE = 'whatpro-hub';

/** The iframe announces itself with a fresh nonce; the parent answers only to that nonce. */
export const frameReadyMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('ready'),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

export const instanceTokenMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('instance-token'),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  token: z.string().startsWith('whi_').max(128),
});

/**
 * The Hub refused the frame's token for a reason the frame can state at once instead of waiting for a
 * token that will not come: the account is suspended in Chatwoot.
 */
export const tokenRefusedMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('token-refused'),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  reason: z.enum(['account_suspended']),
});

/** What Chatwoot shows right now; context only, never identity. */
export const chatwootContextMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('context'),
  account_id: z.number().int().positive(),
  conversation_display_id: z.number().int().positive().nullable(),
  theme: z.enum(['light', 'dark']),
  /** Chatwoot's language, reduced to one the Hub speaks; the script's header and the frame use the same. */
  locale: z.enum(locales).optional(),
});

export const unreadMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('unread'),
  count: z.number().int().min(0),
});

/** The panel asks the Dashboard Script to close it (Escape pressed while focus is inside the frame). */
export const closeRequestMessageSchema = z.strictObject({
  ns: z.literal(HUB_MESSAGE_NAMESPACE),
  type: z.literal('close'),
});

export const parentToFrameMessageSchema = z.discriminatedUnion('type', [
  instanceTokenMessageSchema,
  tokenRefusedMessageSchema,
  chatwootContextMessageSchema,
]);
export const frameToParentMessageSchema = z.discriminatedUnion('type', [
  frameReadyMessageSchema,
  unreadMessageSchema,
  closeRequestMessageSchema,
]);
export type ParentToFrameMessage = z.infer<typeof parentToFrameMessageSchema>;
export type FrameToParentMessage = z.infer<typeof frameToParentMessageSchema>;

/** The devise triple the Dashboard Script reads from Chatwoot's `cw_d_session_info` cookie. */
export const chatwootSessionSchema = z.strictObject({
  access_token: safeText().min(1).max(512),
  client: safeText().min(1).max(512),
  uid: safeText().min(1).max(320),
});

export const issueInstanceTokenSchema = z.strictObject({
  chatwoot: chatwootSessionSchema,
  account_id: z.number().int().positive(),
});
/**
 * Who Chatwoot's page says is signed in (the devise `uid` of `cw_d_session_info`, null without a session)
 * and in which account: the Hub session of this browser must belong to that user, or it is ended.
 */
export const embedSessionCheckSchema = z.strictObject({
  chatwoot_uid: safeText().min(1).max(320).nullable(),
  account_id: z.number().int().positive().nullable(),
});
export const embedSessionCheckResultSchema = z.object({ hub_session: z.enum(['none', 'kept', 'ended']) });
export const instanceTokenSchema = z.object({ instance_token: z.string(), expires_in: z.number().int() });
export const instanceTokenValidationSchema = z.object({
  valid: z.literal(true),
  account_id: z.number().int(),
  user_id: z.uuid(),
  scopes: z.array(z.string()),
  expires_at: z.string(),
});
export const exchangeInstanceTokenSchema = z.strictObject({ instance_token: safeText().min(1).max(4096) });

export const platformAppConfigSchema = z.object({
  hub_origin: z.string(),
  chatwoot_origin: z.string().nullable(),
  /** Every spelling of Chatwoot's origin the Hub accepts (outside production: localhost and 127.0.0.1). */
  chatwoot_origins: z.array(z.string()).optional(),
  script_url: z.string(),
  embed_url: z.string(),
  dashboard_app_url: z.string(),
  features: z.array(z.enum(['chat', 'kanban', 'admin'])),
});
export type PlatformAppConfig = z.infer<typeof platformAppConfigSchema>;

export const embedSnippetSchema = z.object({
  snippet: z.string(),
  script_url: z.string(),
  dashboard_app_url: z.string(),
});
/** Nothing to send: the Hub acts through the account's Chatwoot connection. */
export const installDashboardAppSchema = z.strictObject({});
export const installedDashboardAppSchema = z.object({
  dashboard_app_id: z.number().int(),
  title: z.string(),
  url: z.string(),
  action: z.enum(['created', 'updated']),
});

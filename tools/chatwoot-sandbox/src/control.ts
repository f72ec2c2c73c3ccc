// The control API: what tests use to make things happen "inside Chatwoot". Every method takes one
// object, validated with the same schema whether it comes from a library call or from
// `POST /__sandbox/control/<method>`.
import { z } from 'zod';
import type { Actions } from './actions.js';
import { deviseHeaders } from './auth.js';
import type { CookieEncoding, InstallationConfig } from './config.js';
import { encodeSessionCookie, SESSION_COOKIE } from './cookie.js';
import {
  contactWebhookData,
  messagePushData,
  presentAgent,
  presentContact,
  presentConversation,
  presentDashboardApp,
  presentInbox,
  presentTeam,
  presentWebhook,
} from './presenters.js';
import type { SeedOverride } from './seed.js';
import type { SandboxState } from './state.js';
import type { SeedData, UserRecord } from './types.js';

const id = z.number().int().positive();
const status = z.enum(['open', 'resolved', 'pending', 'snoozed']);
const role = z.enum(['administrator', 'agent']);
const channelType = z.enum(['Channel::Api', 'Channel::WebWidget', 'Channel::Email', 'Channel::Whatsapp']);
const signing = z.enum(['signed', 'unsigned']);
const retry = z.enum(['none', 'retry']);
const cookieEncoding = z.enum(['js-cookie', 'uri', 'raw']);
const attributes = z.record(z.string(), z.unknown());

export const controlSchemas = {
  reset: z.object({ seed: z.unknown().optional() }).strict(),
  configure: z
    .object({
      dashboardScriptUrl: z.url().nullable(),
      dashboardScripts: z.string().nullable(),
      dashboardScriptOnLogin: z.boolean(),
      webhookSigning: signing,
      webhookRetry: retry,
      retryAttempts: z.number().int().min(1).max(25),
      retryBaseDelayMs: z.number().int().min(0).max(600_000),
      webhookTimeoutMs: z.number().int().min(1).max(60_000),
      appContextMode: z.enum(['legacy', 'latest']),
      cookieEncoding,
      conversationEventAccount: z.boolean(),
      statusChangedAttributes: z.enum(['null', 'array']),
      dashboardPollMs: z.number().int().min(0).max(600_000),
    })
    .partial()
    .strict(),
  signIn: z
    .object({ email: z.string().optional(), userId: id.optional(), encoding: cookieEncoding.optional() })
    .strict()
    .refine((v) => v.email !== undefined || v.userId !== undefined, 'email or userId is required'),
  loginUrl: z
    .object({
      email: z.string().optional(),
      userId: id.optional(),
      redirect: z.string().startsWith('/').optional(),
      encoding: cookieEncoding.optional(),
    })
    .strict()
    .refine((v) => v.email !== undefined || v.userId !== undefined, 'email or userId is required'),
  createContact: z
    .object({
      accountId: id,
      name: z.string().min(1).optional(),
      email: z.email().nullable().optional(),
      phoneNumber: z.string().nullable().optional(),
      identifier: z.string().nullable().optional(),
      customAttributes: attributes.optional(),
      additionalAttributes: attributes.optional(),
    })
    .strict(),
  updateContact: z
    .object({
      accountId: id,
      contactId: id,
      name: z.string().min(1).optional(),
      email: z.email().nullable().optional(),
      phoneNumber: z.string().nullable().optional(),
      identifier: z.string().nullable().optional(),
      blocked: z.boolean().optional(),
      customAttributes: attributes.optional(),
      additionalAttributes: attributes.optional(),
    })
    .strict(),
  createConversation: z
    .object({
      accountId: id,
      inboxId: id,
      contactId: id.optional(),
      contact: z
        .object({
          name: z.string().min(1).optional(),
          email: z.email().optional(),
          phoneNumber: z.string().optional(),
        })
        .strict()
        .optional(),
      status: status.optional(),
      assigneeId: id.nullable().optional(),
      teamId: id.nullable().optional(),
      priority: z.enum(['low', 'medium', 'high', 'urgent']).nullable().optional(),
      labels: z.array(z.string()).optional(),
      customAttributes: attributes.optional(),
      additionalAttributes: attributes.optional(),
      message: z.string().min(1).optional(),
    })
    .strict(),
  setConversationStatus: z
    .object({
      accountId: id,
      displayId: id,
      status,
      snoozedUntil: z.number().int().positive().nullable().optional(),
      actorUserId: id.optional(),
    })
    .strict(),
  assignConversation: z
    .object({
      accountId: id,
      displayId: id,
      assigneeId: id.nullable().optional(),
      teamId: id.nullable().optional(),
    })
    .strict(),
  postMessage: z
    .object({
      accountId: id,
      displayId: id,
      type: z.enum(['incoming', 'outgoing', 'private']),
      content: z.string().min(1),
      senderId: id.optional(),
    })
    .strict(),
  addAgent: z
    .object({
      accountId: id,
      name: z.string().min(1),
      email: z.email(),
      role: role.optional(),
      password: z.string().min(1).optional(),
      inboxIds: z.array(id).optional(),
      teamIds: z.array(id).optional(),
    })
    .strict(),
  removeAgent: z.object({ accountId: id, userId: id }).strict(),
  createTeam: z
    .object({
      accountId: id,
      name: z.string().min(1),
      description: z.string().optional(),
      allowAutoAssign: z.boolean().optional(),
      memberIds: z.array(id).optional(),
    })
    .strict(),
  createInbox: z
    .object({
      accountId: id,
      name: z.string().min(1),
      channelType,
      webhookUrl: z.url().nullable().optional(),
      memberIds: z.array(id).optional(),
    })
    .strict(),
  updateInbox: z
    .object({
      accountId: id,
      inboxId: id,
      name: z.string().min(1).optional(),
      enableAutoAssignment: z.boolean().optional(),
      greetingEnabled: z.boolean().optional(),
      greetingMessage: z.string().nullable().optional(),
      timezone: z.string().optional(),
      webhookUrl: z.url().nullable().optional(),
    })
    .strict(),
  suspendAccount: z.object({ accountId: id }).strict(),
  activateAccount: z.object({ accountId: id }).strict(),
  createWebhook: z
    .object({
      accountId: id,
      url: z.url(),
      name: z.string().nullable().optional(),
      subscriptions: z.array(z.string()).optional(),
      inboxId: id.nullable().optional(),
      signing: signing.nullable().optional(),
      retry: retry.nullable().optional(),
    })
    .strict(),
  setWebhookMode: z
    .object({ webhookId: id, signing: signing.nullable().optional(), retry: retry.nullable().optional() })
    .strict(),
  dropDeliveries: z
    .object({ event: z.string().min(1), count: z.number().int().positive().default(1) })
    .strict(),
  createDashboardApp: z
    .object({ accountId: id, title: z.string().min(1), url: z.url(), userId: id.optional() })
    .strict(),
} as const;

export type ControlMethod = keyof typeof controlSchemas;
export type ControlInput<M extends ControlMethod> = z.input<(typeof controlSchemas)[M]>;
type Json = Record<string, unknown>;

/** A control call that cannot be carried out; answered with 422 `{"error": message}` over HTTP. */
export class ControlError extends Error {}

export interface SignInResult {
  user: { id: number; email: string; name: string };
  /** The devise headers to send on API calls (`access-token`, `token-type`, `client`, `expiry`, `uid`). */
  headers: Record<string, string>;
  /** Value of the `cw_d_session_info` cookie in the requested encoding (not yet URL-safe for every client). */
  cookie: { name: string; value: string; encoding: CookieEncoding };
}

interface ControlDeps {
  state: SandboxState;
  actions: Actions;
  config: InstallationConfig;
  baseUrl: () => string;
  reset: (seed?: SeedOverride) => void;
  /** Loses the next emissions of an event (`WebhookDispatcher.drop`). */
  dropDeliveries: (event: string, count: number) => void;
  /** Headers that `POST /auth/sign_in` answers with, for the js-cookie encoding. */
  signInResponseHeaders: (devise: Record<string, string>) => Record<string, string>;
}

export class SandboxControl {
  constructor(private readonly deps: ControlDeps) {}

  /**
   * Back to how the sandbox started: the seed (or `seed` if given) and the startup configuration,
   * with no sessions, recorded deliveries or pending retries.
   */
  reset(input: { seed?: SeedOverride } = {}): void {
    this.deps.reset(input.seed);
  }

  /** Change installation behaviour at runtime; returns the resulting configuration. */
  configure(input: ControlInput<'configure'>): InstallationConfig {
    Object.assign(this.deps.config, controlSchemas.configure.parse(input));
    return { ...this.deps.config };
  }

  /** Create a devise session like `POST /auth/sign_in` and return its headers and cookie value. */
  signIn(input: ControlInput<'signIn'>): SignInResult {
    const parsed = controlSchemas.signIn.parse(input);
    const user = this.findUser(parsed.email, parsed.userId);
    const session = this.deps.state.createSession(user.id);
    const headers = deviseHeaders(this.deps.state, session);
    const encoding = parsed.encoding ?? this.deps.config.cookieEncoding;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      headers,
      cookie: {
        name: SESSION_COOKIE,
        value: encodeSessionCookie(this.deps.signInResponseHeaders(headers), encoding),
        encoding,
      },
    };
  }

  /** A URL that logs the browser in (sets the cookie) and lands on `redirect`. */
  loginUrl(input: ControlInput<'loginUrl'>): string {
    const parsed = controlSchemas.loginUrl.parse(input);
    const user = this.findUser(parsed.email, parsed.userId);
    const query = new URLSearchParams({ email: user.email });
    if (parsed.redirect) query.set('redirect', parsed.redirect);
    if (parsed.encoding) query.set('encoding', parsed.encoding);
    return `${this.deps.baseUrl()}/__sandbox/login?${query.toString()}`;
  }

  /** Emits `contact_created`. Returns the contact as the API renders it. */
  createContact(input: ControlInput<'createContact'>): Json {
    const p = controlSchemas.createContact.parse(input);
    const contact = this.deps.actions.createContact({
      accountId: p.accountId,
      name: p.name,
      email: p.email,
      phone_number: p.phoneNumber,
      identifier: p.identifier,
      custom_attributes: p.customAttributes,
      additional_attributes: p.additionalAttributes,
    });
    return presentContact(this.deps.state, contact, true);
  }

  /** Emits `contact_updated` with `changed_attributes` (nothing when nothing changed). */
  updateContact(input: ControlInput<'updateContact'>): Json {
    const p = controlSchemas.updateContact.parse(input);
    const contact = this.deps.actions.requireContact(p.accountId, p.contactId);
    this.deps.actions.updateContact(contact, {
      name: p.name,
      email: p.email,
      phone_number: p.phoneNumber,
      identifier: p.identifier,
      blocked: p.blocked,
      custom_attributes: p.customAttributes,
      additional_attributes: p.additionalAttributes,
    });
    return contactWebhookData(this.deps.state, contact);
  }

  /**
   * Emits `contact_created` (when `contact` describes a new one), `conversation_created`, and
   * `message_created` for the first incoming `message`.
   */
  createConversation(input: ControlInput<'createConversation'>): Json {
    const p = controlSchemas.createConversation.parse(input);
    const { actions, state } = this.deps;
    const contactId =
      p.contactId ??
      actions.createContact({
        accountId: p.accountId,
        name: p.contact?.name,
        email: p.contact?.email,
        phone_number: p.contact?.phoneNumber,
      }).id;
    const conversation = actions.createConversation({
      accountId: p.accountId,
      inboxId: p.inboxId,
      contactId,
      status: p.status,
      assigneeId: p.assigneeId,
      teamId: p.teamId,
      priority: p.priority,
      labels: p.labels,
      customAttributes: p.customAttributes,
      additionalAttributes: p.additionalAttributes,
    });
    if (p.message) actions.createMessage({ conversation, kind: 'incoming', content: p.message });
    return presentConversation(state, conversation, null);
  }

  /** Emits `conversation_status_changed` and `conversation_updated` when the status changes. */
  setConversationStatus(input: ControlInput<'setConversationStatus'>): Json {
    const p = controlSchemas.setConversationStatus.parse(input);
    const conversation = this.deps.actions.requireConversation(p.accountId, p.displayId);
    const actor = p.actorUserId === undefined ? undefined : this.deps.state.user(p.actorUserId);
    this.deps.actions.changeStatus(conversation, p.status, {
      snoozedUntil: p.snoozedUntil,
      actorName: actor?.name,
    });
    return presentConversation(this.deps.state, conversation, null);
  }

  /** Emits `conversation_updated` with `assignee_id` / `team_id` changes. */
  assignConversation(input: ControlInput<'assignConversation'>): Json {
    const p = controlSchemas.assignConversation.parse(input);
    const conversation = this.deps.actions.requireConversation(p.accountId, p.displayId);
    this.deps.actions.assign(conversation, { assigneeId: p.assigneeId, teamId: p.teamId });
    return presentConversation(this.deps.state, conversation, null);
  }

  /**
   * Emits `message_created` (incoming, outgoing and private notes alike), then the conversation events
   * the message causes (reopening, `waiting_since`, `first_reply_created_at`).
   */
  postMessage(input: ControlInput<'postMessage'>): Json {
    const p = controlSchemas.postMessage.parse(input);
    const conversation = this.deps.actions.requireConversation(p.accountId, p.displayId);
    if (p.type !== 'incoming' && p.senderId === undefined && conversation.assignee_id === null) {
      throw new ControlError('senderId is required for agent messages in an unassigned conversation');
    }
    const message = this.deps.actions.createMessage({
      conversation,
      kind: p.type,
      content: p.content,
      senderId: p.senderId,
    });
    return messagePushData(this.deps.state, message);
  }

  /** A new agent (or an existing user by email) joins the account. Chatwoot has no webhook for this. */
  addAgent(input: ControlInput<'addAgent'>): Json {
    const p = controlSchemas.addAgent.parse(input);
    const { user, membership } = this.deps.actions.addAgent(p);
    return presentAgent(user, membership);
  }

  removeAgent(input: ControlInput<'removeAgent'>): void {
    const p = controlSchemas.removeAgent.parse(input);
    this.deps.actions.removeAgent(p.accountId, p.userId);
  }

  createTeam(input: ControlInput<'createTeam'>): Json {
    const p = controlSchemas.createTeam.parse(input);
    const team = this.deps.actions.createTeam(p);
    if (p.memberIds) this.deps.actions.addTeamMembers(p.accountId, team.id, p.memberIds);
    return presentTeam(this.deps.state, team, null);
  }

  /** Emits `inbox_created`. */
  createInbox(input: ControlInput<'createInbox'>): Json {
    const p = controlSchemas.createInbox.parse(input);
    const inbox = this.deps.actions.createInbox({
      accountId: p.accountId,
      name: p.name,
      channelType: p.channelType,
      channel: p.webhookUrl === undefined ? undefined : { webhook_url: p.webhookUrl },
    });
    if (p.memberIds) this.deps.actions.addInboxMembers(p.accountId, inbox.id, p.memberIds);
    return presentInbox(inbox, true);
  }

  /** Emits `inbox_updated` when an inbox column changed (`webhookUrl` lives on the channel and does not). */
  updateInbox(input: ControlInput<'updateInbox'>): Json {
    const p = controlSchemas.updateInbox.parse(input);
    const inbox = this.deps.actions.requireInbox(p.accountId, p.inboxId);
    this.deps.actions.updateInbox(inbox, {
      name: p.name,
      enable_auto_assignment: p.enableAutoAssignment,
      greeting_enabled: p.greetingEnabled,
      greeting_message: p.greetingMessage,
      timezone: p.timezone,
      webhook_url: p.webhookUrl,
    });
    return presentInbox(inbox, true);
  }

  /** Every account-scoped API call then answers 401 `{"error":"Account is suspended"}`. */
  suspendAccount(input: ControlInput<'suspendAccount'>): void {
    this.deps.actions.setAccountStatus(controlSchemas.suspendAccount.parse(input).accountId, 'suspended');
  }

  activateAccount(input: ControlInput<'activateAccount'>): void {
    this.deps.actions.setAccountStatus(controlSchemas.activateAccount.parse(input).accountId, 'active');
  }

  /** Register an account webhook; `signing`/`retry` override the installation modes for it alone. */
  createWebhook(input: ControlInput<'createWebhook'>): Json {
    const p = controlSchemas.createWebhook.parse(input);
    const webhook = this.deps.actions.createWebhook(p);
    return presentWebhook(this.deps.state, webhook, this.deps.config.webhookSigning);
  }

  setWebhookMode(input: ControlInput<'setWebhookMode'>): Json {
    const p = controlSchemas.setWebhookMode.parse(input);
    const webhook = this.deps.actions.requireWebhook(null, p.webhookId);
    this.deps.actions.updateWebhook(webhook, { signing: p.signing, retry: p.retry });
    return presentWebhook(this.deps.state, webhook, this.deps.config.webhookSigning);
  }

  /** The next `count` webhooks of `event` are lost, as when the receiver was down: none is retried. */
  dropDeliveries(input: ControlInput<'dropDeliveries'>): void {
    const p = controlSchemas.dropDeliveries.parse(input);
    this.deps.dropDeliveries(p.event, p.count);
  }

  createDashboardApp(input: ControlInput<'createDashboardApp'>): Json {
    const p = controlSchemas.createDashboardApp.parse(input);
    const userId =
      p.userId ??
      this.deps.state.db.accountUsers.find(
        (au) => au.account_id === p.accountId && au.role === 'administrator',
      )?.user_id ??
      1;
    const app = this.deps.actions.createDashboardApp({
      accountId: p.accountId,
      userId,
      title: p.title,
      content: [{ type: 'frame', url: p.url }],
    });
    return presentDashboardApp(app);
  }

  private findUser(email: string | undefined, userId: number | undefined): UserRecord {
    const user =
      userId !== undefined ? this.deps.state.user(userId) : this.deps.state.userByEmail(email ?? '');
    if (!user)
      throw new ControlError(`no user with ${userId !== undefined ? `id ${userId}` : `email ${email}`}`);
    return user;
  }
}

/** Methods reachable over HTTP, mapped to their schema-validated implementation. */
export function controlDispatch(control: SandboxControl, method: string, body: unknown): unknown {
  const input = (body ?? {}) as never;
  switch (method as ControlMethod) {
    case 'reset': {
      const { seed } = controlSchemas.reset.parse(body ?? {});
      control.reset({ seed: seed as Partial<SeedData> | undefined });
      return { ok: true };
    }
    case 'configure':
      return control.configure(input);
    case 'signIn':
      return control.signIn(input);
    case 'loginUrl':
      return { url: control.loginUrl(input) };
    case 'createContact':
      return control.createContact(input);
    case 'updateContact':
      return control.updateContact(input);
    case 'createConversation':
      return control.createConversation(input);
    case 'setConversationStatus':
      return control.setConversationStatus(input);
    case 'assignConversation':
      return control.assignConversation(input);
    case 'postMessage':
      return control.postMessage(input);
    case 'addAgent':
      return control.addAgent(input);
    case 'removeAgent':
      control.removeAgent(input);
      return { ok: true };
    case 'createTeam':
      return control.createTeam(input);
    case 'createInbox':
      return control.createInbox(input);
    case 'updateInbox':
      return control.updateInbox(input);
    case 'suspendAccount':
      control.suspendAccount(input);
      return { ok: true };
    case 'activateAccount':
      control.activateAccount(input);
      return { ok: true };
    case 'createWebhook':
      return control.createWebhook(input);
    case 'setWebhookMode':
      return control.setWebhookMode(input);
    case 'dropDeliveries':
      control.dropDeliveries(input);
      return { ok: true };
    case 'createDashboardApp':
      return control.createDashboardApp(input);
    default:
      return undefined;
  }
}

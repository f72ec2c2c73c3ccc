// The Application API (`/api/v1/**`) that the Hub talks to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RecordInvalid } from '../actions.js';
import {
  type AccountContext,
  authenticateApi,
  authorizeAccount,
  MESSAGES,
  type Principal,
  requireAdministrator,
} from '../auth.js';
import type { SandboxContext } from '../context.js';
import {
  HttpError,
  intParam,
  NOT_FOUND_BODY,
  railsParams,
  sendJson,
  stringParam,
  unauthorized,
} from '../http.js';
import {
  messagePushData,
  presentAccount,
  presentAgent,
  presentContact,
  presentConversation,
  presentCustomAttributeDefinition,
  presentDashboardApp,
  presentInbox,
  presentTeam,
  presentUser,
  presentWebhook,
} from '../presenters.js';
import type { ContactRecord, ConversationRecord, ConversationStatus } from '../types.js';

const STATUSES: ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
const CONVERSATIONS_PER_PAGE = 25;
const CONTACTS_PER_PAGE = 15;
const MESSAGES_PER_PAGE = 20;

interface Scoped extends AccountContext {
  principal: Principal;
  params: Record<string, unknown>;
  /** The caller's user id; `null` for agent bots. */
  userId: number | null;
  isAdmin: boolean;
}

type ScopedHandler = (req: FastifyRequest, reply: FastifyReply, scope: Scoped) => unknown;

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Rails turns a repeated `key[]` query parameter into an array, and a single one into a one-item array. */
function asStringArray(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

/** The version Chatwoot's unauthenticated `GET /api` reports for this stand-in. */
export const SANDBOX_CHATWOOT_VERSION = '4.8.0';

export function registerApiRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state, actions } = ctx;

  // Chatwoot's ApiController#index: unauthenticated, used by monitors to see the installation is up.
  app.get('/api', async (_request, reply) =>
    sendJson(reply, 200, {
      version: SANDBOX_CHATWOOT_VERSION,
      timestamp: new Date(state.now() * 1000).toISOString(),
      queue_services: 'ok',
      data_services: 'ok',
    }),
  );

  /** An account-scoped route: authenticate, load the account, check membership, then run. */
  function scoped(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, handler: ScopedHandler) {
    scopedFor(method, url, false, handler);
  }

  /** Like `scoped`, for the endpoints agent bots may also call (BOT_ACCESSIBLE_ENDPOINTS). */
  function botScoped(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    handler: ScopedHandler,
  ) {
    scopedFor(method, url, true, handler);
  }

  function scopedFor(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    botAccessible: boolean,
    handler: ScopedHandler,
  ) {
    app.route({
      method,
      url: `/api/v1/accounts/:account_id${url}`,
      handler: async (req, reply) => {
        const principal = authenticateApi(state, req, reply, botAccessible);
        const params = railsParams(req);
        const context = authorizeAccount(state, principal, intParam(params.account_id));
        const userId = principal.kind === 'user' ? principal.user.id : null;
        return handler(req, reply, {
          ...context,
          principal,
          params,
          userId,
          isAdmin: context.membership?.role === 'administrator',
        });
      },
    });
  }

  /** `InboxPolicy#show?`: administrators see every inbox, agents their assigned ones, bots their own. */
  function canSeeInbox(scope: Scoped, inboxId: number): boolean {
    if (scope.principal.kind === 'agent_bot') return scope.principal.bot.inbox_ids.includes(inboxId);
    if (scope.userId === null) return false;
    return state.visibleInboxIds(scope.account.id, scope.userId).includes(inboxId);
  }

  /** `find_by!(display_id:)` then `authorize @conversation, :show?`. */
  function loadConversation(scope: Scoped): ConversationRecord {
    const displayId = intParam(scope.params.id);
    const conversation =
      displayId === null ? undefined : state.conversationByDisplayId(scope.account.id, displayId);
    if (!conversation) throw new HttpError(404, NOT_FOUND_BODY);
    if (!canSeeInbox(scope, conversation.inbox_id)) throw unauthorized(MESSAGES.actionNotAuthorized);
    return conversation;
  }

  // ----------------------------------------------------------------------------------------------
  // Profile and account

  app.get('/api/v1/profile', async (req, reply) => {
    const principal = authenticateApi(state, req, reply, false);
    if (principal.kind !== 'user') throw unauthorized(MESSAGES.notAuthorizedForBots);
    return sendJson(reply, 200, presentUser(state, principal.user));
  });

  scoped('GET', '', (_req, reply, scope) => sendJson(reply, 200, presentAccount(scope.account)));

  // ----------------------------------------------------------------------------------------------
  // Inboxes, agents, teams

  scoped('GET', '/inboxes', (_req, reply, scope) => {
    const visible = new Set(
      scope.userId === null ? [] : state.visibleInboxIds(scope.account.id, scope.userId),
    );
    const payload = state.db.inboxes
      .filter((i) => i.account_id === scope.account.id && visible.has(i.id))
      .map((i) => presentInbox(i, scope.isAdmin));
    return sendJson(reply, 200, { payload });
  });

  scoped('GET', '/inboxes/:id', (_req, reply, scope) => {
    const inboxId = intParam(scope.params.id);
    const inbox = inboxId === null ? undefined : state.inbox(inboxId);
    if (!inbox || inbox.account_id !== scope.account.id) throw new HttpError(404, NOT_FOUND_BODY);
    if (!canSeeInbox(scope, inbox.id)) throw unauthorized(MESSAGES.actionNotAuthorized);
    return sendJson(reply, 200, presentInbox(inbox, scope.isAdmin));
  });

  scoped('GET', '/inbox_members/:inbox_id', (_req, reply, scope) => {
    const inboxId = intParam(scope.params.inbox_id);
    const inbox = inboxId === null ? undefined : state.inbox(inboxId);
    if (!inbox || inbox.account_id !== scope.account.id) throw new HttpError(404, NOT_FOUND_BODY);
    if (!canSeeInbox(scope, inbox.id)) throw unauthorized(MESSAGES.actionNotAuthorized);
    const payload = state.db.inboxMembers
      .filter((m) => m.inbox_id === inbox.id)
      .flatMap((m) => {
        const user = state.user(m.user_id);
        const membership = state.accountUser(scope.account.id, m.user_id);
        return user && membership ? [presentAgent(user, membership)] : [];
      });
    return sendJson(reply, 200, { payload });
  });

  function agentsOf(accountId: number) {
    return state.db.accountUsers
      .filter((au) => au.account_id === accountId)
      .map((au) => ({ user: state.user(au.user_id)!, membership: au }))
      .sort((a, b) => a.user.name.localeCompare(b.user.name) || a.user.id - b.user.id);
  }

  scoped('GET', '/agents', (_req, reply, scope) => {
    return sendJson(
      reply,
      200,
      agentsOf(scope.account.id).map(({ user, membership }) => presentAgent(user, membership)),
    );
  });

  scoped('POST', '/agents', (_req, reply, scope) => {
    requireAdministrator(scope);
    const name = stringParam(scope.params.name) ?? '';
    const email = stringParam(scope.params.email) ?? '';
    const role = scope.params.role === 'administrator' ? 'administrator' : 'agent';
    const { user, membership } = actions.addAgent({
      accountId: scope.account.id,
      name,
      email,
      role,
      inviterId: scope.userId,
    });
    return sendJson(reply, 200, presentAgent(user, membership));
  });

  scoped('GET', '/teams', (_req, reply, scope) => {
    const teams = state.db.teams.filter((t) => t.account_id === scope.account.id);
    return sendJson(
      reply,
      200,
      teams.map((t) => presentTeam(state, t, scope.userId)),
    );
  });

  scoped('GET', '/teams/:team_id', (_req, reply, scope) => {
    const team = actions.requireTeam(scope.account.id, intParam(scope.params.team_id) ?? 0);
    return sendJson(reply, 200, presentTeam(state, team, scope.userId));
  });

  scoped('GET', '/teams/:team_id/team_members', (_req, reply, scope) => {
    const team = actions.requireTeam(scope.account.id, intParam(scope.params.team_id) ?? 0);
    const members = state.db.teamMembers
      .filter((m) => m.team_id === team.id)
      .flatMap((m) => {
        const user = state.user(m.user_id);
        const membership = state.accountUser(scope.account.id, m.user_id);
        return user && membership ? [presentAgent(user, membership)] : [];
      });
    return sendJson(reply, 200, members);
  });

  scoped('POST', '/teams/:team_id/team_members', (_req, reply, scope) => {
    requireAdministrator(scope);
    const team = actions.requireTeam(scope.account.id, intParam(scope.params.team_id) ?? 0);
    const userIds = (Array.isArray(scope.params.user_ids) ? scope.params.user_ids : [])
      .map((v) => intParam(v))
      .filter((v): v is number => v !== null);
    const before = new Set(state.db.teamMembers.filter((m) => m.team_id === team.id).map((m) => m.user_id));
    actions.addTeamMembers(scope.account.id, team.id, userIds);
    const added = userIds
      .filter((userId) => !before.has(userId))
      .map((userId) => presentAgent(state.user(userId)!, state.accountUser(scope.account.id, userId)!));
    return sendJson(reply, 200, added);
  });

  // ----------------------------------------------------------------------------------------------
  // Contacts and custom attributes

  /** One page of contacts as `contacts#index` and `contacts#search` render it (`{meta, payload}`). */
  function sendContactPage(reply: FastifyReply, scope: Scoped, matches: (c: ContactRecord) => boolean) {
    const page = intParam(scope.params.page) ?? 1;
    const contacts = state.db.contacts
      .filter((c) => c.account_id === scope.account.id && matches(c))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const payload = contacts
      .slice((page - 1) * CONTACTS_PER_PAGE, page * CONTACTS_PER_PAGE)
      .map((c) => presentContact(state, c, true));
    return sendJson(reply, 200, { meta: { count: contacts.length, current_page: String(page) }, payload });
  }

  // Chatwoot lists only "resolved" contacts: those with an email, a phone number or an identifier.
  scoped('GET', '/contacts', (_req, reply, scope) =>
    sendContactPage(reply, scope, (c) => Boolean(c.email || c.phone_number || c.identifier)),
  );

  scoped('GET', '/contacts/search', (_req, reply, scope) => {
    const q = (stringParam(scope.params.q) ?? '').trim().toLowerCase();
    return sendContactPage(
      reply,
      scope,
      (c) =>
        q !== '' && [c.name, c.email, c.phone_number, c.identifier].some((v) => v?.toLowerCase().includes(q)),
    );
  });

  scoped('GET', '/contacts/:id', (_req, reply, scope) => {
    const contact = actions.requireContact(scope.account.id, intParam(scope.params.id) ?? 0);
    return sendJson(reply, 200, { payload: presentContact(state, contact, true) });
  });

  scoped('GET', '/custom_attribute_definitions', (_req, reply, scope) => {
    const model = stringParam(scope.params.attribute_model);
    const wanted =
      model === '0'
        ? 'conversation_attribute'
        : model === '1'
          ? 'contact_attribute'
          : model
            ? model
            : undefined;
    const defs = state.db.customAttributeDefinitions.filter(
      (d) => d.account_id === scope.account.id && (wanted === undefined || d.attribute_model === wanted),
    );
    return sendJson(reply, 200, defs.map(presentCustomAttributeDefinition));
  });

  // ----------------------------------------------------------------------------------------------
  // Conversations

  function conversationCounts(scope: Scoped, base: ConversationRecord[]) {
    return {
      mine_count: base.filter((c) => scope.userId !== null && c.assignee_id === scope.userId).length,
      assigned_count: base.filter((c) => c.assignee_id !== null).length,
      unassigned_count: base.filter((c) => c.assignee_id === null).length,
      all_count: base.length,
    };
  }

  /** `ConversationFinder`: visible inboxes, status (default `open`), inbox/team/labels/updated_within, then assignee type. */
  function findConversations(scope: Scoped) {
    const status = stringParam(scope.params.status) ?? 'open';
    const inboxFilter = intParam(scope.params.inbox_id);
    const teamFilter = intParam(scope.params.team_id);
    const labels = asStringArray(scope.params.labels) ?? asStringArray(scope.params['labels[]']);
    // `filter_by_updated_within`: `updated_at > updated_within.seconds.ago`.
    const updatedWithin = intParam(scope.params.updated_within);
    const updatedAfter = updatedWithin === null ? null : state.now() - updatedWithin;
    const base = state.db.conversations.filter(
      (c) =>
        c.account_id === scope.account.id &&
        canSeeInbox(scope, c.inbox_id) &&
        (status === 'all' || c.status === status) &&
        (inboxFilter === null || c.inbox_id === inboxFilter) &&
        (teamFilter === null || c.team_id === teamFilter) &&
        (!labels || labels.every((l) => c.labels.includes(l))) &&
        (updatedAfter === null || c.updated_at > updatedAfter),
    );
    const assigneeType = stringParam(scope.params.assignee_type);
    const filtered = base.filter((c) => {
      switch (assigneeType) {
        case 'me':
          return scope.userId !== null && c.assignee_id === scope.userId;
        case 'unassigned':
          return c.assignee_id === null;
        case 'assigned':
          return c.assignee_id !== null;
        default:
          return true;
      }
    });
    filtered.sort((a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id);
    return { base, filtered };
  }

  scoped('GET', '/conversations', (_req, reply, scope) => {
    const page = intParam(scope.params.page) ?? 1;
    const { base, filtered } = findConversations(scope);
    const payload = filtered
      .slice((page - 1) * CONVERSATIONS_PER_PAGE, page * CONVERSATIONS_PER_PAGE)
      .map((c) => presentConversation(state, c, scope.userId));
    return sendJson(reply, 200, { data: { meta: conversationCounts(scope, base), payload } });
  });

  scoped('GET', '/conversations/meta', (_req, reply, scope) => {
    const { base } = findConversations(scope);
    return sendJson(reply, 200, { meta: conversationCounts(scope, base) });
  });

  botScoped('POST', '/conversations', (_req, reply, scope) => {
    const sourceId = stringParam(scope.params.source_id);
    let inboxId = intParam(scope.params.inbox_id);
    let contactId = intParam(scope.params.contact_id);
    if (inboxId !== null && contactId !== null) {
      actions.requireInbox(scope.account.id, inboxId);
      actions.requireContact(scope.account.id, contactId);
    } else {
      // Chatwoot's fallback: look the contact inbox up by `source_id` alone.
      const contactInbox = state.db.contactInboxes.find((ci) => ci.source_id === sourceId);
      if (!contactInbox || state.inbox(contactInbox.inbox_id)?.account_id !== scope.account.id) {
        throw new HttpError(404, NOT_FOUND_BODY);
      }
      inboxId = contactInbox.inbox_id;
      contactId = contactInbox.contact_id;
    }
    if (!canSeeInbox(scope, inboxId)) throw unauthorized(MESSAGES.actionNotAuthorized);
    const status = stringParam(scope.params.status);
    if (status !== undefined && !STATUSES.includes(status as ConversationStatus)) {
      throw new RecordInvalid(`'${status}' is not a valid status`, ['status']);
    }
    const conversation = actions.createConversation({
      accountId: scope.account.id,
      inboxId,
      contactId,
      status: status as ConversationStatus | undefined,
      assigneeId: intParam(scope.params.assignee_id),
      teamId: intParam(scope.params.team_id),
      customAttributes: asObject(scope.params.custom_attributes),
      additionalAttributes: asObject(scope.params.additional_attributes),
      sourceId,
    });
    const message = asObject(scope.params.message);
    const content = stringParam(message.content);
    if (content) {
      actions.createMessage({
        conversation,
        kind: 'outgoing',
        content,
        senderType: scope.principal.kind === 'agent_bot' ? 'AgentBot' : 'User',
        senderId: scope.principal.kind === 'agent_bot' ? scope.principal.bot.id : scope.userId,
      });
    }
    return sendJson(reply, 200, presentConversation(state, conversation, scope.userId));
  });

  scoped('GET', '/conversations/:id', (_req, reply, scope) => {
    return sendJson(reply, 200, presentConversation(state, loadConversation(scope), scope.userId));
  });

  botScoped('POST', '/conversations/:id/toggle_status', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    const requested = stringParam(scope.params.status);
    if (requested !== undefined && !STATUSES.includes(requested as ConversationStatus)) {
      throw new RecordInvalid(`'${requested}' is not a valid status`, ['status']);
    }
    const actorName = scope.principal.kind === 'user' ? scope.principal.user.name : 'Bot';
    const next: ConversationStatus =
      (requested as ConversationStatus | undefined) ?? (conversation.status === 'open' ? 'resolved' : 'open');
    const snoozedUntil = intParam(scope.params.snoozed_until);
    actions.changeStatus(conversation, next, { snoozedUntil, actorName });
    // `handle_human_open`: a human *agent* who (re)opens a conversation becomes its assignee.
    if (
      conversation.status === 'open' &&
      scope.principal.kind === 'user' &&
      scope.membership?.role === 'agent'
    ) {
      actions.assign(conversation, { assigneeId: scope.userId });
    }
    return sendJson(reply, 200, {
      meta: {},
      payload: {
        success: true,
        conversation_id: conversation.display_id,
        current_status: conversation.status,
        snoozed_until:
          conversation.snoozed_until === null
            ? null
            : new Date(conversation.snoozed_until * 1000).toISOString(),
      },
    });
  });

  botScoped('POST', '/conversations/:id/toggle_priority', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    const priority = scope.params.priority;
    const allowed = ['low', 'medium', 'high', 'urgent'];
    actions.updateConversation(conversation, {
      priority: typeof priority === 'string' && allowed.includes(priority) ? (priority as 'low') : null,
    });
    return reply.code(200).send();
  });

  botScoped('POST', '/conversations/:id/assignments', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    if ('team_id' in scope.params && !('assignee_id' in scope.params)) {
      const teamId = intParam(scope.params.team_id);
      actions.assign(conversation, { teamId });
      const team = teamId === null ? undefined : actions.requireTeam(scope.account.id, teamId);
      return sendJson(reply, 200, team ? presentTeam(state, team, scope.userId) : null);
    }
    const assigneeId = intParam(scope.params.assignee_id);
    actions.assign(conversation, { assigneeId });
    const membership = assigneeId === null ? undefined : state.accountUser(scope.account.id, assigneeId);
    return sendJson(reply, 200, membership ? presentAgent(state.user(assigneeId!)!, membership) : null);
  });

  scoped('GET', '/conversations/:id/labels', (_req, reply, scope) => {
    return sendJson(reply, 200, { payload: loadConversation(scope).labels });
  });

  scoped('POST', '/conversations/:id/labels', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    actions.updateConversation(conversation, { labels: asStringArray(scope.params.labels) ?? [] });
    return sendJson(reply, 200, { payload: conversation.labels });
  });

  scoped('GET', '/conversations/:id/messages', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    const before = intParam(scope.params.before);
    const messages = state
      .messagesOf(conversation.id)
      .filter((m) => before === null || m.id < before)
      .slice(-MESSAGES_PER_PAGE);
    const contact = state.contact(conversation.contact_id)!;
    const assignee = conversation.assignee_id === null ? undefined : state.user(conversation.assignee_id);
    const assigneeMembership = assignee ? state.accountUser(scope.account.id, assignee.id) : undefined;
    const meta: Record<string, unknown> = {
      labels: conversation.labels,
      additional_attributes: conversation.additional_attributes,
      contact: presentContact(state, contact),
      agent_last_seen_at:
        conversation.agent_last_seen_at === null
          ? null
          : new Date(conversation.agent_last_seen_at * 1000).toISOString(),
      assignee_last_seen_at:
        conversation.assignee_last_seen_at === null
          ? null
          : new Date(conversation.assignee_last_seen_at * 1000).toISOString(),
    };
    if (assignee && assigneeMembership) meta.assignee = presentAgent(assignee, assigneeMembership);
    return sendJson(reply, 200, { meta, payload: messages.map((m) => messagePushData(state, m)) });
  });

  botScoped('POST', '/conversations/:id/messages', (_req, reply, scope) => {
    const conversation = loadConversation(scope);
    const content = stringParam(scope.params.content) ?? '';
    const isPrivate = scope.params.private === true || scope.params.private === 'true';
    const incoming = scope.params.message_type === 'incoming' || scope.params.message_type === 0;
    const message = actions.createMessage({
      conversation,
      kind: isPrivate ? 'private' : incoming ? 'incoming' : 'outgoing',
      content,
      senderType: incoming ? 'Contact' : scope.principal.kind === 'agent_bot' ? 'AgentBot' : 'User',
      senderId: incoming
        ? conversation.contact_id
        : scope.principal.kind === 'agent_bot'
          ? scope.principal.bot.id
          : scope.userId,
      contentAttributes: asObject(scope.params.content_attributes),
    });
    return sendJson(reply, 200, messagePushData(state, message));
  });

  // ----------------------------------------------------------------------------------------------
  // Dashboard apps (no admin check in Chatwoot's controller)

  scoped('GET', '/dashboard_apps', (_req, reply, scope) => {
    const apps = state.db.dashboardApps.filter((a) => a.account_id === scope.account.id);
    return sendJson(reply, 200, apps.map(presentDashboardApp));
  });

  function dashboardAppPayload(params: Record<string, unknown>) {
    const raw = params.dashboard_app;
    if (!raw || typeof raw !== 'object')
      throw new HttpError(422, { error: 'param is missing or the value is empty: dashboard_app' });
    const payload = raw as Record<string, unknown>;
    const content = Array.isArray(payload.content)
      ? payload.content.map((item) => {
          const entry = asObject(item);
          return { type: String(entry.type ?? ''), url: String(entry.url ?? '') };
        })
      : undefined;
    return { title: stringParam(payload.title), content };
  }

  function loadDashboardApp(scope: Scoped) {
    const appId = intParam(scope.params.id);
    const dashboardApp = state.db.dashboardApps.find(
      (a) => a.id === appId && a.account_id === scope.account.id,
    );
    if (!dashboardApp) throw new HttpError(404, NOT_FOUND_BODY);
    return dashboardApp;
  }

  scoped('GET', '/dashboard_apps/:id', (_req, reply, scope) => {
    return sendJson(reply, 200, presentDashboardApp(loadDashboardApp(scope)));
  });

  scoped('POST', '/dashboard_apps', (_req, reply, scope) => {
    const payload = dashboardAppPayload(scope.params);
    const created = actions.createDashboardApp({
      accountId: scope.account.id,
      userId: scope.userId ?? 0,
      title: payload.title ?? '',
      content: payload.content ?? [],
    });
    return sendJson(reply, 200, presentDashboardApp(created));
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    scoped(method, '/dashboard_apps/:id', (_req, reply, scope) => {
      const payload = dashboardAppPayload(scope.params);
      const updated = actions.updateDashboardApp(loadDashboardApp(scope), payload);
      return sendJson(reply, 200, presentDashboardApp(updated));
    });
  }

  scoped('DELETE', '/dashboard_apps/:id', (_req, reply, scope) => {
    const dashboardApp = loadDashboardApp(scope);
    state.db.dashboardApps = state.db.dashboardApps.filter((a) => a !== dashboardApp);
    return reply.code(204).send();
  });

  // ----------------------------------------------------------------------------------------------
  // Account webhooks (administrators only, `WebhookPolicy`)

  function webhookPayload(params: Record<string, unknown>) {
    const raw = params.webhook;
    if (!raw || typeof raw !== 'object')
      throw new HttpError(422, { error: 'param is missing or the value is empty: webhook' });
    const payload = raw as Record<string, unknown>;
    return {
      url: stringParam(payload.url),
      name: 'name' in payload ? (stringParam(payload.name) ?? null) : undefined,
      subscriptions: asStringArray(payload.subscriptions),
      inboxId: 'inbox_id' in payload ? intParam(payload.inbox_id) : undefined,
    };
  }

  scoped('GET', '/webhooks', (_req, reply, scope) => {
    requireAdministrator(scope);
    const webhooks = state.db.webhooks.filter((w) => w.account_id === scope.account.id);
    return sendJson(reply, 200, {
      payload: { webhooks: webhooks.map((w) => presentWebhook(state, w, ctx.config.webhookSigning)) },
    });
  });

  scoped('POST', '/webhooks', (_req, reply, scope) => {
    requireAdministrator(scope);
    const payload = webhookPayload(scope.params);
    const webhook = actions.createWebhook({
      accountId: scope.account.id,
      url: payload.url ?? '',
      name: payload.name,
      subscriptions: payload.subscriptions,
      inboxId: payload.inboxId,
    });
    return sendJson(reply, 200, {
      payload: { webhook: presentWebhook(state, webhook, ctx.config.webhookSigning) },
    });
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    scoped(method, '/webhooks/:id', (_req, reply, scope) => {
      requireAdministrator(scope);
      const webhook = actions.requireWebhook(scope.account.id, intParam(scope.params.id) ?? 0);
      const payload = webhookPayload(scope.params);
      const patch: { url?: string; name?: string | null; subscriptions?: string[]; inboxId?: number | null } =
        {};
      if (payload.url !== undefined) patch.url = payload.url;
      if (payload.name !== undefined) patch.name = payload.name;
      if (payload.subscriptions !== undefined) patch.subscriptions = payload.subscriptions;
      if (payload.inboxId !== undefined) patch.inboxId = payload.inboxId;
      actions.updateWebhook(webhook, patch);
      return sendJson(reply, 200, {
        payload: { webhook: presentWebhook(state, webhook, ctx.config.webhookSigning) },
      });
    });
  }

  scoped('DELETE', '/webhooks/:id', (_req, reply, scope) => {
    requireAdministrator(scope);
    actions.deleteWebhook(actions.requireWebhook(scope.account.id, intParam(scope.params.id) ?? 0));
    return reply.code(200).send();
  });
}

// JSON shapes, one function per Chatwoot view or presenter. Key order follows the Chatwoot source so a
// byte-level diff against a real response stays readable.
import type { SandboxState } from './state.js';
import type {
  AccountRecord,
  AccountUserRecord,
  ContactRecord,
  ConversationRecord,
  CustomAttributeDefinitionRecord,
  DashboardAppRecord,
  InboxRecord,
  MessageRecord,
  SigningMode,
  TeamRecord,
  UserRecord,
  WebhookRecord,
} from './types.js';

type Json = Record<string, unknown>;

/** Rails' `as_json` of a datetime: ISO-8601 UTC with milliseconds. */
export function isoTime(unixSeconds: number | null): string | null {
  return unixSeconds === null ? null : new Date(Math.round(unixSeconds * 1000)).toISOString();
}

/** Ruby's `nil.to_i` is 0, which is what Chatwoot's views send for unset timestamps. */
function toI(unixSeconds: number | null): number {
  return unixSeconds === null ? 0 : Math.floor(unixSeconds);
}

const MESSAGE_TYPE_VALUES = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

// ---------------------------------------------------------------------------------------------------
// Users and agents

function availableName(user: UserRecord): string {
  return user.display_name || user.name;
}

/** `app/views/api/v1/models/_user.json.jbuilder` (profile, sign-in, validate_token). */
export function presentUser(state: SandboxState, user: UserRecord): Json {
  const active = state.activeAccountUser(user.id);
  const body: Json = {
    access_token: user.access_token,
    account_id: active?.account_id ?? null,
    available_name: availableName(user),
    avatar_url: '',
    confirmed: user.confirmed,
    display_name: user.display_name,
    message_signature: user.message_signature,
    email: user.email,
    id: user.id,
    inviter_id: active?.inviter_id ?? null,
    name: user.name,
    provider: 'email',
    pubsub_token: user.pubsub_token,
  };
  if (Object.keys(user.custom_attributes).length > 0) body.custom_attributes = user.custom_attributes;
  Object.assign(body, {
    role: active?.role ?? null,
    ui_settings: user.ui_settings,
    uid: user.email,
    type: user.type,
    accounts: state.accountUsersOf(user.id).map((au) => {
      const account = state.account(au.account_id)!;
      return {
        id: account.id,
        name: account.name,
        status: account.status,
        active_at: isoTime(au.active_at),
        role: au.role,
        permissions: [au.role],
        availability: au.availability,
        availability_status: au.availability_status,
        auto_offline: au.auto_offline,
      };
    }),
  });
  return body;
}

/** Platform API user (`platform/api/v1/models/_user`): the profile shape with slimmer `accounts`. */
export function presentPlatformUser(state: SandboxState, user: UserRecord): Json {
  const body = presentUser(state, user);
  body.accounts = state.accountUsersOf(user.id).map((au) => ({
    id: au.account_id,
    name: state.account(au.account_id)!.name,
    active_at: isoTime(au.active_at),
    role: au.role,
  }));
  return body;
}

/** `app/views/api/v1/models/_agent.json.jbuilder`. */
export function presentAgent(user: UserRecord, membership: AccountUserRecord): Json {
  const body: Json = {
    id: user.id,
    account_id: membership.account_id,
    availability_status: membership.availability_status,
    auto_offline: membership.auto_offline,
    confirmed: user.confirmed,
    email: user.email,
    provider: 'email',
    available_name: availableName(user),
  };
  if (Object.keys(user.custom_attributes).length > 0) body.custom_attributes = user.custom_attributes;
  Object.assign(body, { name: user.name, role: membership.role, thumbnail: '' });
  return body;
}

/** `User#push_event_data`, used inside conversation and message events. */
export function userPushData(state: SandboxState, user: UserRecord, accountId: number): Json {
  return {
    id: user.id,
    name: user.name,
    available_name: availableName(user),
    avatar_url: '',
    type: 'user',
    availability_status: state.accountUser(accountId, user.id)?.availability_status ?? 'offline',
    thumbnail: '',
  };
}

/** `User#webhook_data`. */
function userWebhookData(user: UserRecord): Json {
  return { id: user.id, name: user.name, email: user.email, type: 'user' };
}

/** Raw `AccountUser#as_json`, which the Platform API renders for account_users. */
export function presentAccountUserRecord(au: AccountUserRecord): Json {
  return {
    id: au.id,
    account_id: au.account_id,
    user_id: au.user_id,
    role: au.role,
    inviter_id: au.inviter_id,
    created_at: isoTime(au.created_at),
    updated_at: isoTime(au.updated_at),
    active_at: isoTime(au.active_at),
    availability: au.availability,
    auto_offline: au.auto_offline,
  };
}

// ---------------------------------------------------------------------------------------------------
// Accounts

/** `platform/api/v1/models/_account.json.jbuilder`. */
export function presentPlatformAccount(account: AccountRecord): Json {
  return {
    id: account.id,
    name: account.name,
    locale: account.locale,
    domain: account.domain,
    support_email: account.support_email,
    features: account.features,
    custom_attributes: account.custom_attributes,
    limits: account.limits,
    status: account.status,
  };
}

/** `GET /api/v1/accounts/:id` (`api/v1/accounts/show`). */
export function presentAccount(account: AccountRecord): Json {
  return {
    id: account.id,
    name: account.name,
    locale: account.locale,
    domain: account.domain,
    support_email: account.support_email,
    status: account.status,
    created_at: isoTime(account.created_at),
    cache_keys: {
      label: String(account.created_at),
      inbox: String(account.created_at),
      team: String(account.created_at),
    },
    features: account.features,
    settings: { auto_resolve_after: null, auto_resolve_message: null, auto_resolve_ignore_waiting: false },
    custom_attributes: account.custom_attributes,
    latest_chatwoot_version: '4.10.1',
  };
}

function accountWebhookData(account: AccountRecord): Json {
  return { id: account.id, name: account.name };
}

// ---------------------------------------------------------------------------------------------------
// Teams

/** `app/views/api/v1/models/_team.json.jbuilder`; `is_member` is about the caller. */
export function presentTeam(state: SandboxState, team: TeamRecord, viewerUserId: number | null): Json {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    allow_auto_assign: team.allow_auto_assign,
    account_id: team.account_id,
    is_member:
      viewerUserId !== null &&
      state.db.teamMembers.some((m) => m.team_id === team.id && m.user_id === viewerUserId),
  };
}

// ---------------------------------------------------------------------------------------------------
// Inboxes

/** Chatwoot's default business hours: weekdays 9–17, weekends closed. */
function workingHours(inbox: InboxRecord): Json[] {
  return [0, 1, 2, 3, 4, 5, 6].map((day) => {
    const closed = day === 0 || day === 6;
    return {
      day_of_week: day,
      closed_all_day: closed,
      open_hour: closed ? null : 9,
      open_minutes: closed ? null : 0,
      close_hour: closed ? null : 17,
      close_minutes: closed ? null : 0,
      open_all_day: false,
      inbox_id: inbox.id,
    };
  });
}

function webWidgetScript(inbox: InboxRecord): string {
  return `<script>(function(d,t){var g=d.createElement(t),s=d.getElementsByTagName(t)[0];g.src="/packs/js/sdk.js";s.parentNode.insertBefore(g,s);g.onload=function(){window.chatwootSDK.run({websiteToken:'${inbox.channel.website_token ?? ''}'})}})(document,"script");</script>`;
}

/** `app/views/api/v1/models/_inbox.json.jbuilder`; secrets only for administrators. */
export function presentInbox(inbox: InboxRecord, isAdmin: boolean): Json {
  const channel = inbox.channel;
  const body: Json = {
    id: inbox.id,
    avatar_url: inbox.avatar_url,
    channel_id: inbox.channel_id,
    name: inbox.name,
    channel_type: inbox.channel_type,
    greeting_enabled: inbox.greeting_enabled,
    greeting_message: inbox.greeting_message,
    working_hours_enabled: inbox.working_hours_enabled,
    enable_email_collect: inbox.enable_email_collect,
    csat_survey_enabled: inbox.csat_survey_enabled,
    csat_config: {},
    enable_auto_assignment: inbox.enable_auto_assignment,
    auto_assignment_config: {},
    out_of_office_message: inbox.out_of_office_message,
    working_hours: workingHours(inbox).map(({ inbox_id: _inboxId, ...hours }) => hours),
    timezone: inbox.timezone,
    callback_webhook_url: null,
    allow_messages_after_resolved: inbox.allow_messages_after_resolved,
    lock_to_single_conversation: inbox.lock_to_single_conversation,
    sender_name_type: inbox.sender_name_type,
    business_name: inbox.business_name,
  };
  switch (inbox.channel_type) {
    case 'Channel::WebWidget':
      Object.assign(body, {
        website_url: channel.website_url,
        widget_color: channel.widget_color,
        website_token: channel.website_token,
        welcome_title: channel.welcome_title,
        welcome_tagline: channel.welcome_tagline,
        web_widget_script: webWidgetScript(inbox),
        reply_time: 'in_a_few_minutes',
        pre_chat_form_enabled: false,
        pre_chat_form_options: {},
        continuity_via_email: true,
        selected_feature_flags: ['attachments', 'emoji_picker', 'end_conversation'],
        hmac_mandatory: false,
      });
      if (isAdmin) body.hmac_token = channel.hmac_token;
      break;
    case 'Channel::Api':
      Object.assign(body, {
        webhook_url: channel.webhook_url ?? null,
        inbox_identifier: channel.inbox_identifier,
      });
      if (isAdmin) body.hmac_token = channel.hmac_token;
      break;
    case 'Channel::Email':
      Object.assign(body, { email: channel.email, forward_to_email: channel.forward_to_email });
      if (isAdmin) Object.assign(body, { imap_enabled: false, smtp_enabled: false });
      break;
    case 'Channel::Whatsapp':
      Object.assign(body, { phone_number: channel.phone_number });
      if (isAdmin) Object.assign(body, { message_templates: [], provider_config: {} });
      break;
  }
  body.provider = channel.provider ?? null;
  return body;
}

/** The channel row as `as_json` renders it (what inbox events carry under `channel`). */
function channelAsJson(inbox: InboxRecord): Json {
  const { secret: _secret, inbox_identifier, ...columns } = inbox.channel;
  const body: Json = { id: inbox.channel_id, account_id: inbox.account_id, ...columns };
  if (inbox_identifier !== undefined) body.identifier = inbox_identifier;
  return { ...body, created_at: isoTime(inbox.created_at), updated_at: isoTime(inbox.updated_at) };
}

/** `Inbox::EventDataPresenter#push_data` (inbox_created / inbox_updated). */
export function inboxPushData(inbox: InboxRecord): Json {
  return {
    allow_messages_after_resolved: inbox.allow_messages_after_resolved,
    lock_to_single_conversation: inbox.lock_to_single_conversation,
    auto_assignment_config: {},
    enable_auto_assignment: inbox.enable_auto_assignment,
    enable_email_collect: inbox.enable_email_collect,
    greeting_enabled: inbox.greeting_enabled,
    greeting_message: inbox.greeting_message,
    csat_survey_enabled: inbox.csat_survey_enabled,
    business_name: inbox.business_name,
    sender_name_type: inbox.sender_name_type,
    timezone: inbox.timezone,
    out_of_office_message: inbox.out_of_office_message,
    working_hours_enabled: inbox.working_hours_enabled,
    working_hours: workingHours(inbox).map((hours) => ({ ...hours, account_id: inbox.account_id })),
    created_at: isoTime(inbox.created_at),
    updated_at: isoTime(inbox.updated_at),
    channel: channelAsJson(inbox),
  };
}

function inboxWebhookData(inbox: InboxRecord): Json {
  return { id: inbox.id, name: inbox.name };
}

// ---------------------------------------------------------------------------------------------------
// Contacts

/** `app/views/api/v1/models/_contact.json.jbuilder`. */
export function presentContact(
  state: SandboxState,
  contact: ContactRecord,
  withContactInboxes = false,
): Json {
  const body: Json = {
    additional_attributes: contact.additional_attributes,
    availability_status: 'offline',
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phone_number,
    blocked: contact.blocked,
    identifier: contact.identifier,
    thumbnail: '',
    custom_attributes: contact.custom_attributes,
    last_activity_at: contact.last_activity_at === null ? null : Math.floor(contact.last_activity_at),
    created_at: Math.floor(contact.created_at),
  };
  if (withContactInboxes) {
    body.contact_inboxes = state.db.contactInboxes
      .filter((ci) => ci.contact_id === contact.id)
      .map((ci) => {
        const inbox = state.inbox(ci.inbox_id)!;
        return {
          source_id: ci.source_id,
          inbox: {
            id: inbox.id,
            avatar_url: inbox.avatar_url,
            channel_id: inbox.channel_id,
            name: inbox.name,
            channel_type: inbox.channel_type,
            provider: inbox.channel.provider ?? null,
          },
        };
      });
  }
  return body;
}

/** `Contact#push_event_data` (conversation `meta.sender` in events, message `sender`). */
export function contactPushData(contact: ContactRecord): Json {
  return {
    additional_attributes: contact.additional_attributes,
    custom_attributes: contact.custom_attributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: '',
    blocked: contact.blocked,
    type: 'contact',
  };
}

/** `Contact#webhook_data` (contact_created / contact_updated and message senders). */
export function contactWebhookData(state: SandboxState, contact: ContactRecord): Json {
  return {
    account: accountWebhookData(state.account(contact.account_id)!),
    additional_attributes: contact.additional_attributes,
    avatar: '',
    custom_attributes: contact.custom_attributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: '',
    blocked: contact.blocked,
    type: 'contact',
  };
}

// ---------------------------------------------------------------------------------------------------
// Messages

function senderPushData(state: SandboxState, message: MessageRecord): Json | undefined {
  if (message.sender_type === 'Contact' && message.sender_id !== null) {
    const contact = state.contact(message.sender_id);
    return contact ? contactPushData(contact) : undefined;
  }
  if (message.sender_type === 'User' && message.sender_id !== null) {
    const user = state.user(message.sender_id);
    return user ? userPushData(state, user, message.account_id) : undefined;
  }
  if (message.sender_type === 'AgentBot' && message.sender_id !== null) {
    const bot = state.db.agentBots.find((b) => b.id === message.sender_id);
    return bot ? { id: bot.id, name: bot.name, avatar_url: '', type: 'agent_bot' } : undefined;
  }
  return undefined;
}

/** Incoming messages the agents have not seen yet (after `agent_last_seen_at`). */
function unreadCount(state: SandboxState, conversation: ConversationRecord): number {
  const seen = conversation.agent_last_seen_at ?? 0;
  return state.messagesOf(conversation.id).filter((m) => m.message_type === 'incoming' && m.created_at > seen)
    .length;
}

/** `Message#push_event_data`: raw columns plus integer type, display id and a slim conversation. */
export function messagePushData(state: SandboxState, message: MessageRecord): Json {
  const conversation = state.conversation(message.conversation_id)!;
  const contactInbox = state.db.contactInboxes.find((ci) => ci.id === conversation.contact_inbox_id);
  const body: Json = {
    id: message.id,
    content: message.content,
    account_id: message.account_id,
    inbox_id: message.inbox_id,
    conversation_id: conversation.display_id,
    message_type: MESSAGE_TYPE_VALUES[message.message_type],
    created_at: Math.floor(message.created_at),
    updated_at: isoTime(message.updated_at),
    private: message.private,
    status: message.status,
    source_id: message.source_id,
    content_type: message.content_type,
    content_attributes: message.content_attributes,
    sender_type: message.sender_type,
    sender_id: message.sender_id,
    external_source_ids: {},
    additional_attributes: message.additional_attributes,
    processed_message_content: message.content,
    sentiment: {},
    conversation: {
      assignee_id: conversation.assignee_id,
      unread_count: unreadCount(state, conversation),
      last_activity_at: toI(conversation.last_activity_at),
      contact_inbox: { source_id: contactInbox?.source_id ?? null },
    },
  };
  const sender = senderPushData(state, message);
  if (sender) body.sender = sender;
  return body;
}

function senderWebhookData(state: SandboxState, message: MessageRecord): Json | null {
  if (message.sender_type === 'Contact' && message.sender_id !== null) {
    const contact = state.contact(message.sender_id);
    return contact ? contactWebhookData(state, contact) : null;
  }
  if (message.sender_type === 'User' && message.sender_id !== null) {
    const user = state.user(message.sender_id);
    return user ? userWebhookData(user) : null;
  }
  if (message.sender_type === 'AgentBot' && message.sender_id !== null) {
    const bot = state.db.agentBots.find((b) => b.id === message.sender_id);
    return bot ? { id: bot.id, name: bot.name, type: 'agent_bot' } : null;
  }
  return null;
}

/** `Message#webhook_data` (message_created). */
export function messageWebhookData(state: SandboxState, message: MessageRecord): Json {
  const conversation = state.conversation(message.conversation_id)!;
  return {
    account: accountWebhookData(state.account(message.account_id)!),
    additional_attributes: message.additional_attributes,
    content_attributes: message.content_attributes,
    content_type: message.content_type,
    content: message.content,
    conversation: conversationPushData(state, conversation),
    created_at: isoTime(message.created_at),
    id: message.id,
    inbox: inboxWebhookData(state.inbox(message.inbox_id)!),
    message_type: message.message_type,
    private: message.private,
    sender: senderWebhookData(state, message),
    source_id: message.source_id,
  };
}

// ---------------------------------------------------------------------------------------------------
// Conversations

/** `messages.chat.last`: the newest message that is neither an activity nor a private note. */
function lastChatMessage(state: SandboxState, conversation: ConversationRecord): MessageRecord | undefined {
  return state
    .messagesOf(conversation.id)
    .filter((m) => m.message_type !== 'activity' && !m.private)
    .at(-1);
}

function lastNonActivityMessage(
  state: SandboxState,
  conversation: ConversationRecord,
): MessageRecord | undefined {
  return state
    .messagesOf(conversation.id)
    .filter((m) => m.message_type !== 'activity')
    .at(-1);
}

/** `app/views/api/v1/conversations/partials/_conversation.json.jbuilder`. */
export function presentConversation(
  state: SandboxState,
  conversation: ConversationRecord,
  viewerUserId: number | null,
): Json {
  const contact = state.contact(conversation.contact_id)!;
  const inbox = state.inbox(conversation.inbox_id)!;
  const contactInbox = state.db.contactInboxes.find((ci) => ci.id === conversation.contact_inbox_id);
  const meta: Json = { sender: presentContact(state, contact), channel: inbox.channel_type };
  const assignee = conversation.assignee_id === null ? undefined : state.user(conversation.assignee_id);
  const membership = assignee ? state.accountUser(conversation.account_id, assignee.id) : undefined;
  if (assignee && membership) {
    meta.assignee = presentAgent(assignee, membership);
    meta.assignee_type = 'User';
  }
  const team =
    conversation.team_id === null ? undefined : state.db.teams.find((t) => t.id === conversation.team_id);
  if (team) meta.team = presentTeam(state, team, viewerUserId);
  meta.hmac_verified = contactInbox?.hmac_verified ?? false;

  const last = lastChatMessage(state, conversation);
  const lastNonActivity = lastNonActivityMessage(state, conversation);
  return {
    meta,
    id: conversation.display_id,
    messages: last ? [messagePushData(state, last)] : [],
    account_id: conversation.account_id,
    uuid: conversation.uuid,
    additional_attributes: conversation.additional_attributes,
    agent_last_seen_at: toI(conversation.agent_last_seen_at),
    assignee_last_seen_at: toI(conversation.assignee_last_seen_at),
    can_reply: true,
    contact_last_seen_at: toI(conversation.contact_last_seen_at),
    custom_attributes: conversation.custom_attributes,
    inbox_id: conversation.inbox_id,
    labels: conversation.labels,
    muted: conversation.muted,
    snoozed_until: isoTime(conversation.snoozed_until),
    status: conversation.status,
    created_at: toI(conversation.created_at),
    updated_at: conversation.updated_at,
    timestamp: toI(conversation.last_activity_at),
    first_reply_created_at: toI(conversation.first_reply_created_at),
    unread_count: unreadCount(state, conversation),
    last_non_activity_message: lastNonActivity ? messagePushData(state, lastNonActivity) : null,
    last_activity_at: toI(conversation.last_activity_at),
    priority: conversation.priority,
    waiting_since: toI(conversation.waiting_since),
    sla_policy_id: null,
  };
}

/** `Conversations::EventDataPresenter#push_data` (= `webhook_data`): conversation events, no account id. */
export function conversationPushData(state: SandboxState, conversation: ConversationRecord): Json {
  const contact = state.contact(conversation.contact_id)!;
  const inbox = state.inbox(conversation.inbox_id)!;
  const contactInbox = state.db.contactInboxes.find((ci) => ci.id === conversation.contact_inbox_id);
  const assignee = conversation.assignee_id === null ? undefined : state.user(conversation.assignee_id);
  const team =
    conversation.team_id === null ? undefined : state.db.teams.find((t) => t.id === conversation.team_id);
  const last = lastChatMessage(state, conversation);
  return {
    additional_attributes: conversation.additional_attributes,
    can_reply: true,
    channel: inbox.channel_type,
    contact_inbox: contactInbox
      ? {
          id: contactInbox.id,
          contact_id: contactInbox.contact_id,
          inbox_id: contactInbox.inbox_id,
          source_id: contactInbox.source_id,
          created_at: isoTime(contactInbox.created_at),
          updated_at: isoTime(contactInbox.updated_at),
          hmac_verified: contactInbox.hmac_verified,
          pubsub_token: contactInbox.pubsub_token,
        }
      : null,
    id: conversation.display_id,
    inbox_id: conversation.inbox_id,
    messages: last ? [messagePushData(state, last)] : [],
    labels: conversation.labels,
    meta: {
      sender: contactPushData(contact),
      assignee: assignee ? userPushData(state, assignee, conversation.account_id) : null,
      assignee_type: assignee ? 'User' : null,
      team: team ? { id: team.id, name: team.name } : null,
      hmac_verified: contactInbox?.hmac_verified ?? false,
    },
    status: conversation.status,
    custom_attributes: conversation.custom_attributes,
    snoozed_until: isoTime(conversation.snoozed_until),
    unread_count: unreadCount(state, conversation),
    first_reply_created_at: isoTime(conversation.first_reply_created_at),
    priority: conversation.priority,
    waiting_since: toI(conversation.waiting_since),
    agent_last_seen_at: toI(conversation.agent_last_seen_at),
    contact_last_seen_at: toI(conversation.contact_last_seen_at),
    last_activity_at: toI(conversation.last_activity_at),
    timestamp: toI(conversation.last_activity_at),
    created_at: toI(conversation.created_at),
    updated_at: conversation.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------------
// Account settings objects

/** `app/views/api/v1/models/_dashboard_app.json.jbuilder`. */
export function presentDashboardApp(app: DashboardAppRecord): Json {
  return { id: app.id, title: app.title, content: app.content, created_at: isoTime(app.created_at) };
}

/** `api/v1/accounts/webhooks/_webhook.json.jbuilder`, with the `secret` added in Chatwoot 4.11.2. */
/** Chatwoot before webhook signing (4.11.2) had no secret column, so unsigned installations show none. */
export function presentWebhook(
  state: SandboxState,
  webhook: WebhookRecord,
  installationSigning: SigningMode,
): Json {
  const body: Json = {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    account_id: webhook.account_id,
    subscriptions: webhook.subscriptions,
  };
  const inbox = webhook.inbox_id === null ? undefined : state.inbox(webhook.inbox_id);
  if (inbox) body.inbox = { id: inbox.id, name: inbox.name };
  if ((webhook.signing ?? installationSigning) === 'signed') body.secret = webhook.secret;
  return body;
}

/** `api/v1/accounts/custom_attribute_definitions/_custom_attribute_definition.json.jbuilder`. */
export function presentCustomAttributeDefinition(def: CustomAttributeDefinitionRecord): Json {
  return {
    id: def.id,
    attribute_display_name: def.attribute_display_name,
    attribute_display_type: def.attribute_display_type,
    attribute_description: def.attribute_description,
    attribute_key: def.attribute_key,
    regex_pattern: def.regex_pattern,
    regex_cue: def.regex_cue,
    attribute_values: def.attribute_values,
    attribute_model: def.attribute_model,
    default_value: def.default_value,
    created_at: isoTime(def.created_at),
    updated_at: isoTime(def.updated_at),
  };
}

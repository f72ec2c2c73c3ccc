// Domain operations shared by the Chatwoot API routes and the control API, so both change state the
// same way and emit the same webhooks.
import { type Changes, DEFAULT_SUBSCRIPTIONS, type EventEmitter, WEBHOOK_EVENTS } from './events.js';
import { stableUuid } from './seed.js';
import { type SandboxState, secureToken } from './state.js';
import type {
  AccountStatus,
  AccountUserRecord,
  ChannelRecord,
  ChannelType,
  ContactRecord,
  ConversationPriority,
  ConversationRecord,
  ConversationStatus,
  DashboardAppRecord,
  InboxRecord,
  MessageRecord,
  RetryMode,
  Role,
  SenderType,
  SigningMode,
  TeamRecord,
  UserRecord,
  WebhookRecord,
} from './types.js';

/** A validation failure rendered like Rails' `render_record_invalid` (422 `{message, attributes}`). */
export class RecordInvalid extends Error {
  constructor(
    message: string,
    readonly attributes: string[],
  ) {
    super(message);
  }
}

/** A missing row, rendered as Chatwoot's 404 `{"error":"Resource could not be found"}`. */
export class RecordNotFound extends Error {
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export type MessageKind = 'incoming' | 'outgoing' | 'private' | 'activity';

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
  open: 'Conversation was reopened by %s',
  resolved: 'Conversation was marked resolved by %s',
  pending: 'Conversation was marked as pending by %s',
  snoozed: 'Conversation was snoozed by %s',
};

type ConversationPatch = Partial<
  Pick<
    ConversationRecord,
    | 'status'
    | 'snoozed_until'
    | 'assignee_id'
    | 'team_id'
    | 'priority'
    | 'custom_attributes'
    | 'labels'
    | 'waiting_since'
    | 'first_reply_created_at'
  >
>;

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Actions {
  constructor(
    private readonly state: SandboxState,
    private readonly events: EventEmitter,
  ) {}

  private get db() {
    return this.state.db;
  }

  requireAccount(accountId: number) {
    const account = this.state.account(accountId);
    if (!account) throw new RecordNotFound(`account ${accountId}`);
    return account;
  }

  requireConversation(accountId: number, displayId: number): ConversationRecord {
    const conversation = this.state.conversationByDisplayId(accountId, displayId);
    if (!conversation) throw new RecordNotFound(`conversation ${displayId} of account ${accountId}`);
    return conversation;
  }

  requireInbox(accountId: number, inboxId: number): InboxRecord {
    const inbox = this.state.inbox(inboxId);
    if (!inbox || inbox.account_id !== accountId)
      throw new RecordNotFound(`inbox ${inboxId} of account ${accountId}`);
    return inbox;
  }

  requireContact(accountId: number, contactId: number): ContactRecord {
    const contact = this.state.contact(contactId);
    if (!contact || contact.account_id !== accountId) {
      throw new RecordNotFound(`contact ${contactId} of account ${accountId}`);
    }
    return contact;
  }

  // -------------------------------------------------------------------------------------------------
  // Accounts, agents, teams

  setAccountStatus(accountId: number, status: AccountStatus): void {
    this.requireAccount(accountId).status = status;
  }

  createAccount(input: {
    name: string;
    locale?: string;
    domain?: string | null;
    support_email?: string | null;
    status?: AccountStatus;
    features?: string[];
    limits?: Record<string, number>;
    custom_attributes?: Record<string, unknown>;
  }) {
    if (!input.name.trim()) throw new RecordInvalid("Name can't be blank", ['name']);
    const account = {
      id: this.state.nextId('accounts'),
      name: input.name,
      locale: input.locale ?? 'en',
      domain: input.domain ?? null,
      support_email: input.support_email ?? null,
      status: input.status ?? 'active',
      features: input.features ?? ['channel_website', 'team_management'],
      limits: input.limits ?? {},
      custom_attributes: input.custom_attributes ?? {},
      created_at: this.state.nowSeconds(),
    };
    this.db.accounts.push(account);
    return account;
  }

  createUser(input: {
    name: string;
    email: string;
    password?: string;
    display_name?: string | null;
    custom_attributes?: Record<string, unknown>;
  }): UserRecord {
    if (!input.name.trim()) throw new RecordInvalid("Name can't be blank", ['name']);
    if (!/^[^@\s]+@[^@\s]+$/.test(input.email)) throw new RecordInvalid('Email is invalid', ['email']);
    if (this.state.userByEmail(input.email))
      throw new RecordInvalid('Email has already been taken', ['email']);
    const user: UserRecord = {
      id: this.state.nextId('users'),
      name: input.name,
      display_name: input.display_name ?? null,
      email: input.email.trim().toLowerCase(),
      password: input.password ?? secureToken(16),
      access_token: secureToken(),
      pubsub_token: secureToken(),
      type: null,
      confirmed: true,
      message_signature: null,
      custom_attributes: input.custom_attributes ?? {},
      ui_settings: {},
      created_at: this.state.nowSeconds(),
    };
    this.db.users.push(user);
    return user;
  }

  /** Create or update a membership (Platform API `account_users#create` semantics). */
  upsertAccountUser(accountId: number, userId: number, role: Role, inviterId: number | null = null) {
    const now = this.state.nowSeconds();
    const existing = this.state.accountUser(accountId, userId);
    if (existing) {
      existing.role = role;
      existing.updated_at = now;
      return existing;
    }
    const membership: AccountUserRecord = {
      id: this.state.nextId('accountUsers'),
      account_id: accountId,
      user_id: userId,
      role,
      inviter_id: inviterId,
      availability: 'online',
      auto_offline: true,
      availability_status: 'offline',
      active_at: null,
      created_at: now,
      updated_at: now,
    };
    this.db.accountUsers.push(membership);
    return membership;
  }

  /** An agent joins an account (a new user, or an existing user by email), optionally with inboxes and teams. */
  addAgent(input: {
    accountId: number;
    name: string;
    email: string;
    role?: Role;
    password?: string;
    inboxIds?: number[];
    teamIds?: number[];
    inviterId?: number | null;
  }) {
    this.requireAccount(input.accountId);
    const user = this.state.userByEmail(input.email) ?? this.createUser(input);
    const membership = this.upsertAccountUser(
      input.accountId,
      user.id,
      input.role ?? 'agent',
      input.inviterId ?? null,
    );
    for (const inboxId of input.inboxIds ?? []) {
      this.requireInbox(input.accountId, inboxId);
      if (!this.db.inboxMembers.some((m) => m.inbox_id === inboxId && m.user_id === user.id)) {
        this.db.inboxMembers.push({ inbox_id: inboxId, user_id: user.id });
      }
    }
    for (const teamId of input.teamIds ?? []) this.addTeamMembers(input.accountId, teamId, [user.id]);
    return { user, membership };
  }

  removeAgent(accountId: number, userId: number): void {
    const membership = this.state.accountUser(accountId, userId);
    if (!membership) throw new RecordNotFound(`agent ${userId} of account ${accountId}`);
    this.db.accountUsers = this.db.accountUsers.filter((au) => au !== membership);
    const accountInboxes = new Set(
      this.db.inboxes.filter((i) => i.account_id === accountId).map((i) => i.id),
    );
    const accountTeams = new Set(this.db.teams.filter((t) => t.account_id === accountId).map((t) => t.id));
    this.db.inboxMembers = this.db.inboxMembers.filter(
      (m) => !(m.user_id === userId && accountInboxes.has(m.inbox_id)),
    );
    this.db.teamMembers = this.db.teamMembers.filter(
      (m) => !(m.user_id === userId && accountTeams.has(m.team_id)),
    );
  }

  createTeam(input: { accountId: number; name: string; description?: string; allowAutoAssign?: boolean }) {
    this.requireAccount(input.accountId);
    // Chatwoot stores team names in lower case and keeps them unique per account.
    const name = input.name.trim().toLowerCase();
    if (!name) throw new RecordInvalid("Name can't be blank", ['name']);
    if (this.db.teams.some((t) => t.account_id === input.accountId && t.name === name)) {
      throw new RecordInvalid('Name has already been taken', ['name']);
    }
    const team: TeamRecord = {
      id: this.state.nextId('teams'),
      account_id: input.accountId,
      name,
      description: input.description ?? '',
      allow_auto_assign: input.allowAutoAssign ?? true,
    };
    this.db.teams.push(team);
    return team;
  }

  requireTeam(accountId: number, teamId: number): TeamRecord {
    const team = this.db.teams.find((t) => t.id === teamId && t.account_id === accountId);
    if (!team) throw new RecordNotFound(`team ${teamId} of account ${accountId}`);
    return team;
  }

  addTeamMembers(accountId: number, teamId: number, userIds: number[]): void {
    this.requireTeam(accountId, teamId);
    for (const userId of userIds) {
      if (!this.state.accountUser(accountId, userId)) throw new RecordInvalid('User must exist', ['user']);
      if (!this.db.teamMembers.some((m) => m.team_id === teamId && m.user_id === userId)) {
        this.db.teamMembers.push({ team_id: teamId, user_id: userId });
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Inboxes

  createInbox(input: {
    accountId: number;
    name: string;
    channelType: ChannelType;
    channel?: ChannelRecord;
    enableAutoAssignment?: boolean;
  }): InboxRecord {
    this.requireAccount(input.accountId);
    if (!input.name.trim()) throw new RecordInvalid("Name can't be blank", ['name']);
    const id = this.state.nextId('inboxes');
    const sameType = this.db.inboxes.filter((i) => i.channel_type === input.channelType);
    const channelId = sameType.reduce((max, i) => Math.max(max, i.channel_id), 0) + 1;
    const defaults: Record<ChannelType, ChannelRecord> = {
      'Channel::Api': {
        webhook_url: null,
        inbox_identifier: secureToken(),
        hmac_token: secureToken(),
        secret: secureToken(),
      },
      'Channel::WebWidget': {
        website_url: 'https://example.test',
        website_token: secureToken(),
        widget_color: '#2781F6',
        welcome_title: '',
        welcome_tagline: '',
        hmac_token: secureToken(),
      },
      'Channel::Email': {
        email: `inbox-${id}@example.test`,
        forward_to_email: `${secureToken(16)}@example.test`,
      },
      'Channel::Whatsapp': { phone_number: '+5511900000000', provider: 'whatsapp_cloud' },
    };
    const now = this.state.nowSeconds();
    const inbox: InboxRecord = {
      id,
      account_id: input.accountId,
      name: input.name,
      channel_type: input.channelType,
      channel_id: channelId,
      avatar_url: '',
      greeting_enabled: false,
      greeting_message: null,
      enable_auto_assignment: input.enableAutoAssignment ?? true,
      enable_email_collect: true,
      csat_survey_enabled: false,
      working_hours_enabled: false,
      out_of_office_message: null,
      timezone: 'UTC',
      allow_messages_after_resolved: true,
      lock_to_single_conversation: false,
      sender_name_type: 'friendly',
      business_name: null,
      created_at: now,
      updated_at: now,
      channel: { ...defaults[input.channelType], ...input.channel },
    };
    this.db.inboxes.push(inbox);
    this.events.inboxCreated(inbox);
    return inbox;
  }

  updateInbox(
    inbox: InboxRecord,
    patch: Partial<
      Pick<
        InboxRecord,
        | 'name'
        | 'enable_auto_assignment'
        | 'greeting_enabled'
        | 'greeting_message'
        | 'working_hours_enabled'
        | 'timezone'
      >
    > & { webhook_url?: string | null },
  ): Changes {
    const changes: Changes = {};
    const { webhook_url, ...columns } = patch;
    for (const [key, value] of Object.entries(columns) as Array<[keyof typeof columns, unknown]>) {
      if (value === undefined || sameValue(inbox[key], value)) continue;
      changes[key] = [inbox[key], value];
      Object.assign(inbox, { [key]: value });
    }
    // Channel columns live on another table in Chatwoot, so they are not part of the inbox's changes.
    if (webhook_url !== undefined) {
      if (webhook_url !== null && !isUrl(webhook_url))
        throw new RecordInvalid('Webhook url is invalid', ['webhook_url']);
      inbox.channel.webhook_url = webhook_url;
    }
    if (Object.keys(changes).length > 0) {
      const now = this.state.nowSeconds();
      changes.updated_at = [inbox.updated_at, now];
      inbox.updated_at = now;
      this.events.inboxUpdated(inbox, changes);
    }
    return changes;
  }

  addInboxMembers(accountId: number, inboxId: number, userIds: number[]): void {
    this.requireInbox(accountId, inboxId);
    for (const userId of userIds) {
      if (!this.state.accountUser(accountId, userId)) throw new RecordInvalid('User must exist', ['user']);
      if (!this.db.inboxMembers.some((m) => m.inbox_id === inboxId && m.user_id === userId)) {
        this.db.inboxMembers.push({ inbox_id: inboxId, user_id: userId });
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Contacts

  createContact(input: {
    accountId: number;
    name?: string;
    email?: string | null;
    phone_number?: string | null;
    identifier?: string | null;
    custom_attributes?: Record<string, unknown>;
    additional_attributes?: Record<string, unknown>;
  }): ContactRecord {
    this.requireAccount(input.accountId);
    const scoped = this.db.contacts.filter((c) => c.account_id === input.accountId);
    if (input.email && scoped.some((c) => c.email === input.email)) {
      throw new RecordInvalid('Email has already been taken', ['email']);
    }
    if (input.phone_number && scoped.some((c) => c.phone_number === input.phone_number)) {
      throw new RecordInvalid('Phone number has already been taken', ['phone_number']);
    }
    if (input.phone_number && !/^\+[1-9]\d{1,14}$/.test(input.phone_number)) {
      throw new RecordInvalid('Phone number should be in e164 format', ['phone_number']);
    }
    const contact: ContactRecord = {
      id: this.state.nextId('contacts'),
      account_id: input.accountId,
      // Chatwoot names anonymous contacts with a random "adjective-noun" label; any stable name works here.
      name: input.name ?? input.email ?? input.phone_number ?? `contact-${this.db.contacts.length + 1}`,
      email: input.email ?? null,
      phone_number: input.phone_number ?? null,
      identifier: input.identifier ?? null,
      blocked: false,
      additional_attributes: input.additional_attributes ?? {},
      custom_attributes: input.custom_attributes ?? {},
      last_activity_at: null,
      created_at: this.state.nowSeconds(),
    };
    this.db.contacts.push(contact);
    this.events.contactCreated(contact);
    return contact;
  }

  updateContact(
    contact: ContactRecord,
    patch: Partial<
      Pick<
        ContactRecord,
        | 'name'
        | 'email'
        | 'phone_number'
        | 'identifier'
        | 'blocked'
        | 'custom_attributes'
        | 'additional_attributes'
      >
    >,
  ): Changes {
    const changes: Changes = {};
    for (const [key, value] of Object.entries(patch) as Array<[keyof typeof patch, unknown]>) {
      if (value === undefined || sameValue(contact[key], value)) continue;
      changes[key] = [contact[key], value];
      Object.assign(contact, { [key]: value });
    }
    if (Object.keys(changes).length > 0) this.events.contactUpdated(contact, changes);
    return changes;
  }

  private contactInboxFor(contact: ContactRecord, inbox: InboxRecord, sourceId?: string) {
    const existing = this.db.contactInboxes.find(
      (ci) => ci.contact_id === contact.id && ci.inbox_id === inbox.id,
    );
    if (existing) return existing;
    const now = this.state.nowSeconds();
    const digits = (contact.phone_number ?? '').replace(/\D/g, '');
    const contactInbox = {
      id: this.state.nextId('contactInboxes'),
      contact_id: contact.id,
      inbox_id: inbox.id,
      source_id:
        sourceId ??
        (inbox.channel_type === 'Channel::Email'
          ? (contact.email ?? secureToken())
          : inbox.channel_type === 'Channel::WebWidget' || !digits
            ? stableUuid(`contact-inbox-${contact.id}-${inbox.id}-${now}`)
            : digits),
      hmac_verified: false,
      pubsub_token: secureToken(),
      created_at: now,
      updated_at: now,
    };
    this.db.contactInboxes.push(contactInbox);
    return contactInbox;
  }

  // -------------------------------------------------------------------------------------------------
  // Conversations and messages

  createConversation(input: {
    accountId: number;
    inboxId: number;
    contactId: number;
    status?: ConversationStatus;
    assigneeId?: number | null;
    teamId?: number | null;
    priority?: ConversationPriority | null;
    customAttributes?: Record<string, unknown>;
    additionalAttributes?: Record<string, unknown>;
    labels?: string[];
    sourceId?: string;
    snoozedUntil?: number | null;
  }): ConversationRecord {
    const inbox = this.requireInbox(input.accountId, input.inboxId);
    const contact = this.requireContact(input.accountId, input.contactId);
    if (input.assigneeId != null && !this.state.accountUser(input.accountId, input.assigneeId)) {
      throw new RecordInvalid('Assignee must be an agent of the account', ['assignee_id']);
    }
    if (input.teamId != null) this.requireTeam(input.accountId, input.teamId);
    const contactInbox = this.contactInboxFor(contact, inbox, input.sourceId);
    const now = this.state.now();
    const id = this.state.nextId('conversations');
    // A bot on the inbox makes new conversations start as pending (`determine_conversation_status`).
    const botAttached = this.db.agentBots.some((b) => b.inbox_ids.includes(inbox.id));
    const status = input.status ?? (botAttached ? 'pending' : 'open');
    const conversation: ConversationRecord = {
      id,
      display_id: this.state.nextDisplayId(input.accountId),
      account_id: input.accountId,
      inbox_id: inbox.id,
      contact_id: contact.id,
      contact_inbox_id: contactInbox.id,
      uuid: stableUuid(`conversation-${id}-${now}`),
      status,
      assignee_id: input.assigneeId ?? null,
      team_id: input.teamId ?? null,
      priority: input.priority ?? null,
      snoozed_until: status === 'snoozed' ? (input.snoozedUntil ?? null) : null,
      labels: input.labels ?? [],
      custom_attributes: input.customAttributes ?? {},
      additional_attributes: input.additionalAttributes ?? {},
      muted: false,
      agent_last_seen_at: null,
      assignee_last_seen_at: null,
      contact_last_seen_at: null,
      first_reply_created_at: null,
      waiting_since: null,
      last_activity_at: Math.floor(now),
      created_at: Math.floor(now),
      updated_at: now,
    };
    this.db.conversations.push(conversation);
    this.events.conversationCreated(conversation);
    return conversation;
  }

  /** Apply a patch; emits conversation events unless `silent` (the caller emits them later). */
  updateConversation(conversation: ConversationRecord, patch: ConversationPatch, silent = false): Changes {
    const changes: Changes = {};
    for (const [key, value] of Object.entries(patch) as Array<[keyof ConversationPatch, unknown]>) {
      if (value === undefined || sameValue(conversation[key], value)) continue;
      changes[key === 'labels' ? 'label_list' : key] = [conversation[key], value];
      Object.assign(conversation, { [key]: value });
    }
    if (Object.keys(changes).length === 0) return changes;
    const now = this.state.now();
    changes.updated_at = [conversation.updated_at, now];
    conversation.updated_at = now;
    if (!silent) this.events.conversationChanged(conversation, changes);
    return changes;
  }

  /** A status change with Chatwoot's side effects: snooze bookkeeping and an activity message. */
  changeStatus(
    conversation: ConversationRecord,
    status: ConversationStatus,
    options: { snoozedUntil?: number | null; actorName?: string } = {},
  ): Changes {
    const previous = conversation.status;
    const changes = this.updateConversation(conversation, {
      status,
      snoozed_until: status === 'snoozed' ? (options.snoozedUntil ?? null) : null,
      waiting_since: status === 'resolved' ? null : conversation.waiting_since,
    });
    if (previous !== status) {
      this.createMessage({
        conversation,
        kind: 'activity',
        content: STATUS_ACTIVITY[status].replace('%s', options.actorName ?? 'System'),
      });
    }
    return changes;
  }

  assign(
    conversation: ConversationRecord,
    patch: { assigneeId?: number | null; teamId?: number | null },
  ): Changes {
    if (patch.assigneeId != null && !this.state.accountUser(conversation.account_id, patch.assigneeId)) {
      throw new RecordInvalid('Assignee must be an agent of the account', ['assignee_id']);
    }
    if (patch.teamId != null) this.requireTeam(conversation.account_id, patch.teamId);
    return this.updateConversation(conversation, { assignee_id: patch.assigneeId, team_id: patch.teamId });
  }

  /**
   * Post a message. Incoming messages reopen resolved/snoozed conversations and start `waiting_since`;
   * the first public agent reply sets `first_reply_created_at`. Private notes are outgoing + private.
   */
  createMessage(input: {
    conversation: ConversationRecord;
    kind: MessageKind;
    content: string;
    senderType?: SenderType | null;
    senderId?: number | null;
    sourceId?: string | null;
    contentAttributes?: Record<string, unknown>;
  }): MessageRecord {
    const { conversation, kind } = input;
    if (kind !== 'activity' && !input.content.trim()) {
      throw new RecordInvalid("Content can't be blank", ['content']);
    }
    const now = this.state.now();
    const seconds = Math.floor(now);
    const senderType =
      kind === 'activity' ? null : (input.senderType ?? (kind === 'incoming' ? 'Contact' : 'User'));
    const defaultSender = kind === 'incoming' ? conversation.contact_id : conversation.assignee_id;
    const message: MessageRecord = {
      id: this.state.nextId('messages'),
      account_id: conversation.account_id,
      inbox_id: conversation.inbox_id,
      conversation_id: conversation.id,
      content: input.content,
      message_type: kind === 'incoming' ? 'incoming' : kind === 'activity' ? 'activity' : 'outgoing',
      private: kind === 'private',
      content_type: 'text',
      content_attributes: input.contentAttributes ?? {},
      additional_attributes: {},
      source_id: input.sourceId ?? null,
      sender_type: senderType,
      sender_id: kind === 'activity' ? null : (input.senderId ?? defaultSender),
      status: 'sent',
      created_at: seconds,
      updated_at: seconds,
    };
    this.db.messages.push(message);
    if (kind === 'activity') return message;

    conversation.last_activity_at = seconds;
    const patch: ConversationPatch = {};
    if (kind === 'incoming') {
      const contact = this.state.contact(conversation.contact_id);
      if (contact) contact.last_activity_at = seconds;
      if (conversation.status === 'resolved' || conversation.status === 'snoozed') {
        patch.status = 'open';
        patch.snoozed_until = null;
      }
      if (conversation.waiting_since === null) patch.waiting_since = seconds;
    } else if (kind === 'outgoing' && senderType === 'User') {
      if (conversation.first_reply_created_at === null) patch.first_reply_created_at = seconds;
      patch.waiting_since = null;
    }
    const changes = this.updateConversation(conversation, patch, true);
    if (Object.keys(changes).length === 0) conversation.updated_at = now;
    this.events.messageCreated(message);
    if (Object.keys(changes).length > 0) this.events.conversationChanged(conversation, changes);
    return message;
  }

  // -------------------------------------------------------------------------------------------------
  // Webhooks and dashboard apps

  createWebhook(input: {
    accountId: number;
    url: string;
    name?: string | null;
    subscriptions?: string[];
    inboxId?: number | null;
    signing?: SigningMode | null;
    retry?: RetryMode | null;
  }): WebhookRecord {
    this.requireAccount(input.accountId);
    this.validateWebhook(input.accountId, input.url, input.subscriptions, null);
    if (input.inboxId != null) this.requireInbox(input.accountId, input.inboxId);
    const webhook: WebhookRecord = {
      id: this.state.nextId('webhooks'),
      account_id: input.accountId,
      name: input.name ?? null,
      url: input.url,
      subscriptions: input.subscriptions ?? [...DEFAULT_SUBSCRIPTIONS],
      inbox_id: input.inboxId ?? null,
      secret: secureToken(),
      signing: input.signing ?? null,
      retry: input.retry ?? null,
    };
    this.db.webhooks.push(webhook);
    return webhook;
  }

  requireWebhook(accountId: number | null, webhookId: number): WebhookRecord {
    const webhook = this.db.webhooks.find(
      (w) => w.id === webhookId && (accountId === null || w.account_id === accountId),
    );
    if (!webhook) throw new RecordNotFound(`webhook ${webhookId}`);
    return webhook;
  }

  updateWebhook(
    webhook: WebhookRecord,
    patch: {
      url?: string;
      name?: string | null;
      subscriptions?: string[];
      inboxId?: number | null;
      signing?: SigningMode | null;
      retry?: RetryMode | null;
    },
  ): WebhookRecord {
    this.validateWebhook(webhook.account_id, patch.url ?? webhook.url, patch.subscriptions, webhook.id);
    if (patch.inboxId != null) this.requireInbox(webhook.account_id, patch.inboxId);
    if (patch.url !== undefined) webhook.url = patch.url;
    if (patch.name !== undefined) webhook.name = patch.name;
    if (patch.subscriptions !== undefined) webhook.subscriptions = patch.subscriptions;
    if (patch.inboxId !== undefined) webhook.inbox_id = patch.inboxId;
    if (patch.signing !== undefined) webhook.signing = patch.signing;
    if (patch.retry !== undefined) webhook.retry = patch.retry;
    return webhook;
  }

  deleteWebhook(webhook: WebhookRecord): void {
    this.db.webhooks = this.db.webhooks.filter((w) => w !== webhook);
  }

  private validateWebhook(
    accountId: number,
    url: string,
    subscriptions: string[] | undefined,
    selfId: number | null,
  ) {
    if (!isUrl(url)) throw new RecordInvalid('Url is invalid', ['url']);
    if (this.db.webhooks.some((w) => w.account_id === accountId && w.url === url && w.id !== selfId)) {
      throw new RecordInvalid('Url has already been taken', ['url']);
    }
    if (subscriptions !== undefined) {
      const allowed: readonly string[] = WEBHOOK_EVENTS;
      if (subscriptions.length === 0 || subscriptions.some((s) => !allowed.includes(s))) {
        throw new RecordInvalid('Subscriptions Invalid events', ['subscriptions']);
      }
    }
  }

  createDashboardApp(input: {
    accountId: number;
    userId: number;
    title: string;
    content: Array<{ type: string; url: string }>;
  }): DashboardAppRecord {
    const app: DashboardAppRecord = {
      id: this.state.nextId('dashboardApps'),
      account_id: input.accountId,
      user_id: input.userId,
      title: input.title,
      content: this.validateDashboardApp(input.title, input.content),
      created_at: this.state.nowSeconds(),
    };
    this.db.dashboardApps.push(app);
    return app;
  }

  updateDashboardApp(
    app: DashboardAppRecord,
    patch: { title?: string; content?: Array<{ type: string; url: string }> },
  ): DashboardAppRecord {
    const title = patch.title ?? app.title;
    app.content = this.validateDashboardApp(title, patch.content ?? app.content);
    app.title = title;
    return app;
  }

  /** `DashboardApp#validate_content`: a non-empty array of `{type: 'frame', url: /^https?:\/\//}`. */
  private validateDashboardApp(title: string, content: Array<{ type: string; url: string }>) {
    if (!title.trim()) throw new RecordInvalid("Title can't be blank", ['title']);
    const valid =
      content.length > 0 && content.every((item) => item.type === 'frame' && /^https?:\/\/.+/.test(item.url));
    if (!valid) throw new RecordInvalid('Content : Invalid data', ['content']);
    return content.map((item) => ({ type: 'frame' as const, url: item.url }));
  }
}

// Records the sandbox keeps in memory. They mirror Chatwoot's tables closely enough that the
// presenters can render the same JSON shapes Chatwoot's jbuilder views and presenters produce.

export type Role = 'administrator' | 'agent';
export type AccountStatus = 'active' | 'suspended';
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type ConversationPriority = 'low' | 'medium' | 'high' | 'urgent';
export type MessageType = 'incoming' | 'outgoing' | 'activity' | 'template';
export type Availability = 'online' | 'offline' | 'busy';
export type ChannelType = 'Channel::Api' | 'Channel::WebWidget' | 'Channel::Email' | 'Channel::Whatsapp';

/** Unix seconds. Chatwoot renders most API timestamps as integers. */
export type UnixSeconds = number;

export interface AccountRecord {
  id: number;
  name: string;
  locale: string;
  domain: string | null;
  support_email: string | null;
  status: AccountStatus;
  features: string[];
  limits: Record<string, number>;
  custom_attributes: Record<string, unknown>;
  created_at: UnixSeconds;
}

export interface UserRecord {
  id: number;
  name: string;
  display_name: string | null;
  email: string;
  password: string;
  /** The personal `api_access_token` (Chatwoot's AccessToken owned by the user). */
  access_token: string;
  pubsub_token: string;
  /** `SuperAdmin` for installation operators, `null` for everyone else (Chatwoot's STI column). */
  type: 'SuperAdmin' | null;
  confirmed: boolean;
  message_signature: string | null;
  custom_attributes: Record<string, unknown>;
  ui_settings: Record<string, unknown>;
  created_at: UnixSeconds;
}

export interface AccountUserRecord {
  id: number;
  account_id: number;
  user_id: number;
  role: Role;
  inviter_id: number | null;
  availability: Availability;
  auto_offline: boolean;
  /** What Chatwoot derives from presence; the sandbox has no presence, so it is stored. */
  availability_status: Availability;
  active_at: UnixSeconds | null;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
}

export interface TeamRecord {
  id: number;
  account_id: number;
  name: string;
  description: string;
  allow_auto_assign: boolean;
}

export interface TeamMemberRecord {
  team_id: number;
  user_id: number;
}

export interface InboxRecord {
  id: number;
  account_id: number;
  name: string;
  channel_type: ChannelType;
  channel_id: number;
  avatar_url: string;
  greeting_enabled: boolean;
  greeting_message: string | null;
  enable_auto_assignment: boolean;
  enable_email_collect: boolean;
  csat_survey_enabled: boolean;
  working_hours_enabled: boolean;
  out_of_office_message: string | null;
  timezone: string;
  allow_messages_after_resolved: boolean;
  lock_to_single_conversation: boolean;
  sender_name_type: 'friendly' | 'professional';
  business_name: string | null;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  /** Channel-specific columns (website_token, webhook_url, email, phone_number, provider, …). */
  channel: ChannelRecord;
}

export interface ChannelRecord {
  website_url?: string;
  website_token?: string;
  widget_color?: string;
  welcome_title?: string;
  welcome_tagline?: string;
  /** API channel: where Chatwoot POSTs events for this inbox (Evolution API listens here). */
  webhook_url?: string | null;
  inbox_identifier?: string;
  hmac_token?: string;
  /** Per-channel webhook secret of API inboxes (Chatwoot 4.13+). */
  secret?: string;
  email?: string;
  forward_to_email?: string;
  phone_number?: string;
  provider?: string;
}

export interface InboxMemberRecord {
  inbox_id: number;
  user_id: number;
}

export interface ContactRecord {
  id: number;
  account_id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  blocked: boolean;
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  last_activity_at: UnixSeconds | null;
  created_at: UnixSeconds;
}

export interface ContactInboxRecord {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
  hmac_verified: boolean;
  pubsub_token: string;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
}

export interface ConversationRecord {
  /** Global primary key; never shown in URLs. */
  id: number;
  /** Per-account number used in every URL and as `id` in every JSON payload. */
  display_id: number;
  account_id: number;
  inbox_id: number;
  contact_id: number;
  contact_inbox_id: number;
  uuid: string;
  status: ConversationStatus;
  assignee_id: number | null;
  team_id: number | null;
  priority: ConversationPriority | null;
  snoozed_until: UnixSeconds | null;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  muted: boolean;
  agent_last_seen_at: UnixSeconds | null;
  assignee_last_seen_at: UnixSeconds | null;
  contact_last_seen_at: UnixSeconds | null;
  first_reply_created_at: UnixSeconds | null;
  waiting_since: UnixSeconds | null;
  last_activity_at: UnixSeconds;
  created_at: UnixSeconds;
  /** Chatwoot renders `updated_at` as a float (seconds with fraction). */
  updated_at: number;
}

export type SenderType = 'Contact' | 'User' | 'AgentBot';

export interface MessageRecord {
  id: number;
  account_id: number;
  inbox_id: number;
  /** Primary key of the conversation (the JSON shows the display id instead). */
  conversation_id: number;
  content: string;
  message_type: MessageType;
  private: boolean;
  content_type: 'text';
  content_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  source_id: string | null;
  sender_type: SenderType | null;
  sender_id: number | null;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
}

export interface DashboardAppRecord {
  id: number;
  account_id: number;
  user_id: number;
  title: string;
  content: Array<{ type: 'frame'; url: string }>;
  created_at: UnixSeconds;
}

export type SigningMode = 'signed' | 'unsigned';
export type RetryMode = 'none' | 'retry';

export interface WebhookRecord {
  id: number;
  account_id: number;
  name: string | null;
  url: string;
  subscriptions: string[];
  inbox_id: number | null;
  secret: string;
  /** Per-webhook override of the installation's signing mode (a sandbox knob, not a Chatwoot column). */
  signing: SigningMode | null;
  /** Per-webhook override of the installation's retry mode (a sandbox knob, not a Chatwoot column). */
  retry: RetryMode | null;
}

export interface AgentBotRecord {
  id: number;
  account_id: number | null;
  name: string;
  description: string;
  outgoing_url: string | null;
  access_token: string;
  /** Inboxes the bot is attached to (`agent_bot_inboxes`); they decide which accounts it may call. */
  inbox_ids: number[];
}

export interface PlatformAppRecord {
  id: number;
  name: string;
  access_token: string;
}

export interface PlatformAppPermissibleRecord {
  platform_app_id: number;
  permissible_type: 'Account' | 'User';
  permissible_id: number;
}

export interface CustomAttributeDefinitionRecord {
  id: number;
  account_id: number;
  attribute_display_name: string;
  attribute_display_type: 'text' | 'number' | 'currency' | 'percent' | 'link' | 'date' | 'list' | 'checkbox';
  attribute_description: string;
  attribute_key: string;
  attribute_model: 'conversation_attribute' | 'contact_attribute';
  attribute_values: string[];
  default_value: string | null;
  regex_pattern: string | null;
  regex_cue: string | null;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
}

/** Everything the sandbox starts from. `reset()` goes back to a fresh copy of it. */
export interface SeedData {
  accounts: AccountRecord[];
  users: UserRecord[];
  accountUsers: AccountUserRecord[];
  teams: TeamRecord[];
  teamMembers: TeamMemberRecord[];
  inboxes: InboxRecord[];
  inboxMembers: InboxMemberRecord[];
  contacts: ContactRecord[];
  contactInboxes: ContactInboxRecord[];
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  dashboardApps: DashboardAppRecord[];
  webhooks: WebhookRecord[];
  agentBots: AgentBotRecord[];
  platformApps: PlatformAppRecord[];
  platformAppPermissibles: PlatformAppPermissibleRecord[];
  customAttributeDefinitions: CustomAttributeDefinitionRecord[];
}

import { createHash } from 'node:crypto';
import type {
  AccountUserRecord,
  ContactInboxRecord,
  ConversationRecord,
  ConversationStatus,
  InboxRecord,
  MessageRecord,
  Role,
  SeedData,
} from './types.js';

/** 2026-01-05T12:00:00Z. Every seeded timestamp is an offset from it, so runs are reproducible. */
export const SEED_EPOCH = 1_767_614_400;

/** One password for every demo user; it satisfies Chatwoot's password rules. */
export const DEMO_PASSWORD = 'Whatpro@2026';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Stable pseudo-random hex derived from a label, so seeded uuids and tokens never change. */
function stableHex(label: string, length: number): string {
  return createHash('sha256').update(`chatwoot-sandbox:${label}`).digest('hex').slice(0, length);
}

export function stableUuid(label: string): string {
  const hex = stableHex(label, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface DemoUserSpec {
  id: number;
  name: string;
  email: string;
  accessToken: string;
  superAdmin?: boolean;
  memberships: Array<{
    accountId: number;
    role: Role;
    inviterId: number | null;
    presence?: 'online' | 'busy';
  }>;
}

const DEMO_USERS: DemoUserSpec[] = [
  {
    id: 1,
    name: 'Sofia Super',
    email: 'super@whatpro.test',
    accessToken: 'sandbox-token-sofia-super',
    superAdmin: true,
    memberships: [{ accountId: 1, role: 'administrator', inviterId: null }],
  },
  {
    id: 2,
    name: 'Ana Admin',
    email: 'ana.admin@acme.test',
    accessToken: 'sandbox-token-ana-admin',
    memberships: [{ accountId: 1, role: 'administrator', inviterId: 1 }],
  },
  {
    id: 3,
    name: 'Bruno Agente',
    email: 'bruno.agent@acme.test',
    accessToken: 'sandbox-token-bruno-agent',
    memberships: [{ accountId: 1, role: 'agent', inviterId: 2, presence: 'online' }],
  },
  {
    id: 4,
    name: 'Carla Dupla',
    email: 'carla@whatpro.test',
    accessToken: 'sandbox-token-carla-dual',
    memberships: [
      { accountId: 1, role: 'agent', inviterId: 2, presence: 'busy' },
      { accountId: 2, role: 'administrator', inviterId: null },
    ],
  },
  {
    id: 5,
    name: 'Eva Agente',
    email: 'eva.agent@acme.test',
    accessToken: 'sandbox-token-eva-agent',
    memberships: [{ accountId: 1, role: 'agent', inviterId: 2 }],
  },
  {
    id: 6,
    name: 'Diego Beta',
    email: 'diego.agent@beta.test',
    accessToken: 'sandbox-token-diego-agent',
    memberships: [{ accountId: 2, role: 'agent', inviterId: 4 }],
  },
  {
    id: 7,
    name: 'Gabi Gamma',
    email: 'gabi.admin@gamma.test',
    accessToken: 'sandbox-token-gabi-suspended',
    memberships: [{ accountId: 3, role: 'administrator', inviterId: null }],
  },
];

const AGENT_BOT_TOKEN = 'sandbox-token-bot-triagem';
const PLATFORM_APP_TOKEN = 'sandbox-token-platform-hub';
const OTHER_PLATFORM_APP_TOKEN = 'sandbox-token-platform-other';

export interface DemoCredentials {
  password: string;
  users: Array<{
    id: number;
    name: string;
    email: string;
    password: string;
    accessToken: string;
    superAdmin: boolean;
    accounts: Array<{ id: number; role: Role }>;
  }>;
  agentBots: Array<{ id: number; name: string; accessToken: string }>;
  platformApps: Array<{ id: number; name: string; accessToken: string }>;
}

/** What the Hub's README and the CLI print. Matches the default seed. */
export const DEMO_CREDENTIALS: DemoCredentials = {
  password: DEMO_PASSWORD,
  users: DEMO_USERS.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    password: DEMO_PASSWORD,
    accessToken: u.accessToken,
    superAdmin: u.superAdmin === true,
    accounts: u.memberships.map((m) => ({ id: m.accountId, role: m.role })),
  })),
  agentBots: [{ id: 1, name: 'Bot Triagem', accessToken: AGENT_BOT_TOKEN }],
  platformApps: [
    { id: 1, name: 'WhatPro Hub Platform', accessToken: PLATFORM_APP_TOKEN },
    { id: 2, name: 'Outro Platform App', accessToken: OTHER_PLATFORM_APP_TOKEN },
  ],
};

export interface SeedContext {
  /** The sandbox's own origin, used for the built-in demo Dashboard App. */
  baseUrl: string;
  /** URL of the Dashboard App seeded in account 1 (e.g. the Hub); defaults to the built-in demo app. */
  dashboardAppUrl?: string;
}

interface ConversationSpec {
  accountId: number;
  displayId: number;
  inboxId: number;
  contactId: number;
  status: ConversationStatus;
  assigneeId: number | null;
  teamId: number | null;
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  labels?: string[];
  customAttributes?: Record<string, unknown>;
  /** Minutes before SEED_EPOCH when the conversation started. */
  startedMinutesAgo: number;
  script: Array<{ kind: 'in' | 'out' | 'note' | 'activity'; text: string }>;
}

const CONVERSATIONS: ConversationSpec[] = [
  {
    accountId: 1,
    displayId: 1,
    inboxId: 1,
    contactId: 1,
    status: 'open',
    assigneeId: 3,
    teamId: 1,
    priority: 'high',
    labels: ['lead'],
    customAttributes: { plano: 'Pro' },
    startedMinutesAgo: 90,
    script: [
      { kind: 'in', text: 'Olá! Quero saber o preço do plano Pro.' },
      { kind: 'out', text: 'Oi Maria! O plano Pro custa R$ 199/mês. Posso te enviar a proposta?' },
      { kind: 'note', text: 'Cliente veio da campanha de janeiro.' },
      { kind: 'in', text: 'Pode sim, obrigada!' },
    ],
  },
  {
    accountId: 1,
    displayId: 2,
    inboxId: 1,
    contactId: 2,
    status: 'open',
    assigneeId: null,
    teamId: null,
    startedMinutesAgo: 30,
    script: [{ kind: 'in', text: 'Bom dia, vocês entregam em Campinas?' }],
  },
  {
    accountId: 1,
    displayId: 3,
    inboxId: 2,
    contactId: 3,
    status: 'pending',
    assigneeId: null,
    teamId: null,
    startedMinutesAgo: 45,
    script: [
      { kind: 'in', text: 'Preciso de ajuda com meu pedido.' },
      { kind: 'activity', text: 'Conversation was marked pending by Bot Triagem' },
    ],
  },
  {
    accountId: 1,
    displayId: 4,
    inboxId: 3,
    contactId: 4,
    status: 'resolved',
    assigneeId: 5,
    teamId: 2,
    priority: 'low',
    startedMinutesAgo: 3 * 24 * 60,
    script: [
      { kind: 'in', text: 'A nota fiscal do pedido 1234 não chegou.' },
      { kind: 'out', text: 'Reenviamos a nota fiscal para o seu e-mail.' },
      { kind: 'activity', text: 'Conversation was marked resolved by Eva Agente' },
    ],
  },
  {
    accountId: 1,
    displayId: 5,
    inboxId: 4,
    contactId: 5,
    status: 'snoozed',
    assigneeId: 3,
    teamId: 1,
    startedMinutesAgo: 6 * 60,
    script: [
      { kind: 'in', text: 'Me chama amanhã depois das 10h, por favor.' },
      { kind: 'out', text: 'Combinado, Lucia!' },
    ],
  },
  {
    accountId: 1,
    displayId: 6,
    inboxId: 2,
    contactId: 6,
    status: 'open',
    assigneeId: 5,
    teamId: 2,
    priority: 'medium',
    startedMinutesAgo: 15,
    script: [{ kind: 'in', text: 'O site está fora do ar?' }],
  },
  {
    accountId: 1,
    displayId: 7,
    inboxId: 1,
    contactId: 1,
    status: 'resolved',
    assigneeId: 4,
    teamId: 1,
    startedMinutesAgo: 10 * 24 * 60,
    script: [
      { kind: 'in', text: 'Recebi o produto, obrigada.' },
      { kind: 'out', text: 'Que ótimo! Qualquer coisa estamos aqui.' },
    ],
  },
  {
    accountId: 1,
    displayId: 8,
    inboxId: 3,
    contactId: 4,
    status: 'open',
    assigneeId: null,
    teamId: 2,
    startedMinutesAgo: 120,
    script: [{ kind: 'in', text: 'Como altero o e-mail de cobrança?' }],
  },
  {
    accountId: 2,
    displayId: 1,
    inboxId: 5,
    contactId: 7,
    status: 'open',
    assigneeId: 6,
    teamId: 3,
    startedMinutesAgo: 50,
    script: [
      { kind: 'in', text: 'Vocês têm o modelo azul em estoque?' },
      { kind: 'out', text: 'Temos sim! Quer reservar?' },
    ],
  },
  {
    accountId: 2,
    displayId: 2,
    inboxId: 5,
    contactId: 8,
    status: 'pending',
    assigneeId: null,
    teamId: null,
    startedMinutesAgo: 20,
    script: [{ kind: 'in', text: 'Oi' }],
  },
  {
    accountId: 2,
    displayId: 3,
    inboxId: 6,
    contactId: 9,
    status: 'resolved',
    assigneeId: 4,
    teamId: 3,
    startedMinutesAgo: 2 * 24 * 60,
    script: [
      { kind: 'in', text: 'Qual o prazo de troca?' },
      { kind: 'out', text: 'Você tem 30 dias para trocar.' },
    ],
  },
  {
    accountId: 2,
    displayId: 4,
    inboxId: 6,
    contactId: 7,
    status: 'snoozed',
    assigneeId: 6,
    teamId: null,
    startedMinutesAgo: 5 * 60,
    script: [{ kind: 'in', text: 'Volto a falar semana que vem.' }],
  },
  {
    accountId: 3,
    displayId: 1,
    inboxId: 7,
    contactId: 10,
    status: 'open',
    assigneeId: null,
    teamId: null,
    startedMinutesAgo: 60,
    script: [{ kind: 'in', text: 'Olá?' }],
  },
];

function inbox(
  id: number,
  accountId: number,
  name: string,
  channelType: InboxRecord['channel_type'],
  channelId: number,
  channel: InboxRecord['channel'],
): InboxRecord {
  return {
    id,
    account_id: accountId,
    name,
    channel_type: channelType,
    channel_id: channelId,
    avatar_url: '',
    greeting_enabled: false,
    greeting_message: null,
    enable_auto_assignment: true,
    enable_email_collect: true,
    csat_survey_enabled: false,
    working_hours_enabled: false,
    out_of_office_message: null,
    timezone: 'America/Sao_Paulo',
    allow_messages_after_resolved: true,
    lock_to_single_conversation: false,
    sender_name_type: 'friendly',
    business_name: null,
    created_at: SEED_EPOCH - 30 * DAY,
    updated_at: SEED_EPOCH - 30 * DAY,
    channel,
  };
}

function contactSourceId(
  inboxRecord: InboxRecord,
  contactId: number,
  phone: string | null,
  email: string | null,
) {
  switch (inboxRecord.channel_type) {
    case 'Channel::Api':
    case 'Channel::Whatsapp':
      return (phone ?? '').replace(/\D/g, '');
    case 'Channel::Email':
      return email ?? `contact-${contactId}@example.test`;
    case 'Channel::WebWidget':
      return stableUuid(`contact-inbox-${contactId}-${inboxRecord.id}`);
  }
}

/** The default installation. Pass the result through `SeedOverride` to change any table. */
export function createSeed(context: SeedContext): SeedData {
  const accounts: SeedData['accounts'] = [
    {
      id: 1,
      name: 'Acme Atendimento',
      locale: 'pt_BR',
      domain: 'acme.test',
      support_email: 'suporte@acme.test',
      status: 'active',
      features: [
        'inbound_emails',
        'channel_email',
        'channel_website',
        'custom_attributes',
        'team_management',
      ],
      limits: {},
      custom_attributes: {},
      created_at: SEED_EPOCH - 60 * DAY,
    },
    {
      id: 2,
      name: 'Beta Comércio',
      locale: 'pt_BR',
      domain: null,
      support_email: null,
      status: 'active',
      features: ['channel_website', 'team_management'],
      limits: {},
      custom_attributes: {},
      created_at: SEED_EPOCH - 45 * DAY,
    },
    {
      id: 3,
      name: 'Gamma Serviços',
      locale: 'en',
      domain: null,
      support_email: null,
      status: 'suspended',
      features: ['channel_website'],
      limits: {},
      custom_attributes: {},
      created_at: SEED_EPOCH - 90 * DAY,
    },
  ];

  const users: SeedData['users'] = DEMO_USERS.map((u) => ({
    id: u.id,
    name: u.name,
    display_name: null,
    email: u.email,
    password: DEMO_PASSWORD,
    access_token: u.accessToken,
    pubsub_token: stableHex(`pubsub-user-${u.id}`, 24),
    type: u.superAdmin ? 'SuperAdmin' : null,
    confirmed: true,
    message_signature: null,
    custom_attributes: {},
    ui_settings: {},
    created_at: SEED_EPOCH - 40 * DAY + u.id * HOUR,
  }));

  let accountUserId = 0;
  const accountUsers: AccountUserRecord[] = DEMO_USERS.flatMap((u) =>
    u.memberships.map((m) => {
      accountUserId += 1;
      return {
        id: accountUserId,
        account_id: m.accountId,
        user_id: u.id,
        role: m.role,
        inviter_id: m.inviterId,
        availability: m.presence ?? 'online',
        auto_offline: true,
        availability_status: m.presence ?? 'offline',
        active_at: SEED_EPOCH - u.id * MINUTE - m.accountId,
        created_at: SEED_EPOCH - 30 * DAY,
        updated_at: SEED_EPOCH - 30 * DAY,
      };
    }),
  );

  const inboxes: InboxRecord[] = [
    inbox(1, 1, 'WhatsApp Vendas', 'Channel::Api', 1, {
      webhook_url: null,
      inbox_identifier: 'acmeWhatsappApi00000001',
      hmac_token: stableHex('hmac-inbox-1', 24),
      secret: stableHex('secret-inbox-1', 24),
    }),
    inbox(2, 1, 'Site Acme', 'Channel::WebWidget', 1, {
      website_url: 'https://acme.test',
      website_token: 'acmeWebsiteToken0000001',
      widget_color: '#2781F6',
      welcome_title: 'Olá!',
      welcome_tagline: 'Fale com a Acme',
      hmac_token: stableHex('hmac-inbox-2', 24),
    }),
    inbox(3, 1, 'Email Suporte', 'Channel::Email', 1, {
      email: 'suporte@acme.test',
      forward_to_email: `${stableHex('forward-inbox-3', 16)}@inbound.acme.test`,
    }),
    inbox(4, 1, 'WhatsApp Cloud', 'Channel::Whatsapp', 1, {
      phone_number: '+5511900000001',
      provider: 'whatsapp_cloud',
    }),
    inbox(5, 2, 'WhatsApp Beta', 'Channel::Api', 2, {
      webhook_url: null,
      inbox_identifier: 'betaWhatsappApi00000005',
      hmac_token: stableHex('hmac-inbox-5', 24),
      secret: stableHex('secret-inbox-5', 24),
    }),
    inbox(6, 2, 'Site Beta', 'Channel::WebWidget', 2, {
      website_url: 'https://beta.test',
      website_token: 'betaWebsiteToken0000006',
      widget_color: '#12A594',
      welcome_title: 'Oi!',
      welcome_tagline: 'Beta Comércio',
      hmac_token: stableHex('hmac-inbox-6', 24),
    }),
    inbox(7, 3, 'Site Gamma', 'Channel::WebWidget', 3, {
      website_url: 'https://gamma.test',
      website_token: 'gammaWebsiteToken000007',
      widget_color: '#5B5BD6',
      welcome_title: 'Hi',
      welcome_tagline: 'Gamma',
      hmac_token: stableHex('hmac-inbox-7', 24),
    }),
  ];

  const contactSpecs: Array<[number, number, string, string | null, string | null]> = [
    [1, 1, 'Maria Souza', 'maria@cliente.test', '+5511987650001'],
    [2, 1, 'João Lima', null, '+5511987650002'],
    [3, 1, 'Paula Reis', 'paula@cliente.test', null],
    [4, 1, 'Rafael Costa', 'rafael@cliente.test', null],
    [5, 1, 'Lucia Alves', null, '+5511987650005'],
    [6, 1, 'Pedro Nunes', 'pedro@cliente.test', null],
    [7, 2, 'Fernanda Dias', 'fernanda@cliente.test', '+5521987650007'],
    [8, 2, 'Gustavo Melo', null, '+5521987650008'],
    [9, 2, 'Helena Prado', 'helena@cliente.test', null],
    [10, 3, 'Igor Ramos', 'igor@cliente.test', null],
  ];
  const contacts: SeedData['contacts'] = contactSpecs.map(([id, accountId, name, email, phone]) => ({
    id,
    account_id: accountId,
    name,
    email,
    phone_number: phone,
    identifier: null,
    blocked: false,
    additional_attributes: {},
    custom_attributes: id === 1 ? { cpf: '123.456.789-09' } : {},
    last_activity_at: null,
    created_at: SEED_EPOCH - 20 * DAY + id * HOUR,
  }));

  const contactInboxes: ContactInboxRecord[] = [];
  const conversations: ConversationRecord[] = [];
  const messages: MessageRecord[] = [];

  for (const [index, spec] of CONVERSATIONS.entries()) {
    const id = index + 1;
    const inboxRecord = inboxes.find((i) => i.id === spec.inboxId)!;
    const contact = contacts.find((c) => c.id === spec.contactId)!;
    let contactInbox = contactInboxes.find(
      (ci) => ci.contact_id === contact.id && ci.inbox_id === inboxRecord.id,
    );
    const startedAt = SEED_EPOCH - spec.startedMinutesAgo * MINUTE;
    if (!contactInbox) {
      contactInbox = {
        id: contactInboxes.length + 1,
        contact_id: contact.id,
        inbox_id: inboxRecord.id,
        source_id: contactSourceId(inboxRecord, contact.id, contact.phone_number, contact.email),
        hmac_verified: false,
        pubsub_token: stableHex(`pubsub-contact-inbox-${contact.id}-${inboxRecord.id}`, 24),
        created_at: startedAt,
        updated_at: startedAt,
      };
      contactInboxes.push(contactInbox);
    }

    let at = startedAt;
    let firstReply: number | null = null;
    let lastIncoming: number | null = null;
    for (const line of spec.script) {
      at += 2 * MINUTE;
      // Replies in unassigned conversations come from the account's administrator.
      const senderUserId = spec.assigneeId ?? (spec.accountId === 1 ? 2 : 4);
      const message: MessageRecord = {
        id: messages.length + 1,
        account_id: spec.accountId,
        inbox_id: inboxRecord.id,
        conversation_id: id,
        content: line.text,
        message_type: line.kind === 'in' ? 'incoming' : line.kind === 'activity' ? 'activity' : 'outgoing',
        private: line.kind === 'note',
        content_type: 'text',
        content_attributes: {},
        additional_attributes: {},
        source_id: null,
        sender_type: line.kind === 'in' ? 'Contact' : line.kind === 'activity' ? null : 'User',
        sender_id: line.kind === 'in' ? contact.id : line.kind === 'activity' ? null : senderUserId,
        status: 'sent',
        created_at: at,
        updated_at: at,
      };
      messages.push(message);
      if (line.kind === 'out' && firstReply === null) firstReply = at;
      if (line.kind === 'in') lastIncoming = at;
      if (line.kind === 'in') contact.last_activity_at = at;
    }

    const waitingSince =
      spec.status === 'resolved' ||
      lastIncoming === null ||
      (firstReply !== null && firstReply > lastIncoming)
        ? null
        : lastIncoming;
    conversations.push({
      id,
      display_id: spec.displayId,
      account_id: spec.accountId,
      inbox_id: inboxRecord.id,
      contact_id: contact.id,
      contact_inbox_id: contactInbox.id,
      uuid: stableUuid(`conversation-${id}`),
      status: spec.status,
      assignee_id: spec.assigneeId,
      team_id: spec.teamId,
      priority: spec.priority ?? null,
      snoozed_until: spec.status === 'snoozed' ? SEED_EPOCH + DAY : null,
      labels: spec.labels ?? [],
      custom_attributes: spec.customAttributes ?? {},
      additional_attributes: {},
      muted: false,
      agent_last_seen_at: spec.status === 'resolved' ? at : null,
      assignee_last_seen_at: null,
      contact_last_seen_at: null,
      first_reply_created_at: firstReply,
      waiting_since: waitingSince,
      last_activity_at: at,
      created_at: startedAt,
      updated_at: at + 0.25,
    });
  }

  return {
    accounts,
    users,
    accountUsers,
    teams: [
      { id: 1, account_id: 1, name: 'vendas', description: 'Time de vendas', allow_auto_assign: true },
      { id: 2, account_id: 1, name: 'suporte', description: 'Suporte ao cliente', allow_auto_assign: true },
      { id: 3, account_id: 2, name: 'comercial', description: 'Comercial Beta', allow_auto_assign: false },
    ],
    teamMembers: [
      { team_id: 1, user_id: 3 },
      { team_id: 1, user_id: 4 },
      { team_id: 2, user_id: 2 },
      { team_id: 2, user_id: 5 },
      { team_id: 3, user_id: 4 },
      { team_id: 3, user_id: 6 },
    ],
    inboxes,
    inboxMembers: [
      { inbox_id: 1, user_id: 3 },
      { inbox_id: 1, user_id: 4 },
      { inbox_id: 2, user_id: 3 },
      { inbox_id: 2, user_id: 5 },
      { inbox_id: 3, user_id: 5 },
      { inbox_id: 4, user_id: 3 },
      { inbox_id: 5, user_id: 6 },
      { inbox_id: 6, user_id: 6 },
    ],
    contacts,
    contactInboxes,
    conversations,
    messages,
    dashboardApps: [
      {
        id: 1,
        account_id: 1,
        user_id: 2,
        title: 'WhatPro Hub',
        content: [
          { type: 'frame', url: context.dashboardAppUrl ?? `${context.baseUrl}/__sandbox/dashboard-app` },
        ],
        created_at: SEED_EPOCH - 5 * DAY,
      },
    ],
    webhooks: [],
    agentBots: [
      {
        id: 1,
        account_id: 1,
        name: 'Bot Triagem',
        description: 'Faz a triagem do site antes de passar para um agente',
        outgoing_url: null,
        access_token: AGENT_BOT_TOKEN,
        inbox_ids: [2],
      },
    ],
    platformApps: [
      { id: 1, name: 'WhatPro Hub Platform', access_token: PLATFORM_APP_TOKEN },
      { id: 2, name: 'Outro Platform App', access_token: OTHER_PLATFORM_APP_TOKEN },
    ],
    platformAppPermissibles: [],
    customAttributeDefinitions: [
      {
        id: 1,
        account_id: 1,
        attribute_display_name: 'Plano',
        attribute_display_type: 'list',
        attribute_description: 'Plano de interesse do cliente',
        attribute_key: 'plano',
        attribute_model: 'conversation_attribute',
        attribute_values: ['Básico', 'Pro', 'Enterprise'],
        default_value: null,
        regex_pattern: null,
        regex_cue: null,
        created_at: SEED_EPOCH - 10 * DAY,
        updated_at: SEED_EPOCH - 10 * DAY,
      },
      {
        id: 2,
        account_id: 1,
        attribute_display_name: 'CPF',
        attribute_display_type: 'text',
        attribute_description: 'CPF do contato',
        attribute_key: 'cpf',
        attribute_model: 'contact_attribute',
        attribute_values: [],
        default_value: null,
        regex_pattern: null,
        regex_cue: null,
        created_at: SEED_EPOCH - 10 * DAY,
        updated_at: SEED_EPOCH - 10 * DAY,
      },
      {
        id: 3,
        account_id: 2,
        attribute_display_name: 'Origem',
        attribute_display_type: 'text',
        attribute_description: 'De onde o cliente veio',
        attribute_key: 'origem',
        attribute_model: 'conversation_attribute',
        attribute_values: [],
        default_value: null,
        regex_pattern: null,
        regex_cue: null,
        created_at: SEED_EPOCH - 10 * DAY,
        updated_at: SEED_EPOCH - 10 * DAY,
      },
    ],
  };
}

/**
 * How callers change the seed: either replace whole tables, or receive the defaults and return
 * a modified copy.
 */
export type SeedOverride = Partial<SeedData> | ((defaults: SeedData) => SeedData);

export function buildSeed(context: SeedContext, override?: SeedOverride): SeedData {
  const defaults = createSeed(context);
  if (!override) return defaults;
  if (typeof override === 'function') return override(defaults);
  return { ...defaults, ...override };
}

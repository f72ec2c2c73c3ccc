// What Chatwoot's WebhookListener does: turn model changes into payloads and hand them to every
// subscribed account webhook, plus the API-channel inbox's own webhook_url.
import type { InstallationConfig } from './config.js';
import {
  contactWebhookData,
  conversationPushData,
  inboxPushData,
  isoTime,
  messageWebhookData,
} from './presenters.js';
import type { SandboxState } from './state.js';
import type { ContactRecord, ConversationRecord, InboxRecord, MessageRecord } from './types.js';
import type { WebhookDispatcher } from './webhooks.js';

/** `Webhook::ALLOWED_WEBHOOK_EVENTS`. */
export const WEBHOOK_EVENTS = [
  'conversation_status_changed',
  'conversation_updated',
  'conversation_created',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
  'conversation_typing_on',
  'conversation_typing_off',
] as const;

/** The column default for `webhooks.subscriptions` when a webhook is created without a list. */
export const DEFAULT_SUBSCRIPTIONS = [
  'conversation_status_changed',
  'conversation_updated',
  'conversation_created',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
];

/** Attributes whose change makes Chatwoot dispatch CONVERSATION_UPDATED. */
const CONVERSATION_UPDATE_TRIGGERS = new Set([
  'team_id',
  'assignee_id',
  'assignee_agent_bot_id',
  'status',
  'snoozed_until',
  'custom_attributes',
  'label_list',
  'waiting_since',
  'first_reply_created_at',
  'priority',
]);

/** `{attr: [old, new]}`, Rails' `previous_changes`. */
export type Changes = Record<string, [unknown, unknown]>;

/** `BaseListener#extract_changed_attributes`. */
function changedAttributes(
  changes: Changes,
): Array<Record<string, { previous_value: unknown; current_value: unknown }>> {
  return Object.entries(changes).map(([key, [previous, current]]) => ({
    [key]: { previous_value: previous, current_value: current },
  }));
}

const TIME_COLUMNS = new Set([
  'snoozed_until',
  'waiting_since',
  'first_reply_created_at',
  'updated_at',
  'last_activity_at',
]);

/** Timestamps inside `changed_attributes` are Ruby Time objects, serialised as ISO-8601. */
function serialiseChange(key: string, value: unknown): unknown {
  if (TIME_COLUMNS.has(key) && typeof value === 'number') return isoTime(value);
  return value;
}

export class EventEmitter {
  constructor(
    private readonly state: SandboxState,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: () => InstallationConfig,
  ) {}

  conversationCreated(conversation: ConversationRecord): void {
    this.deliverForInbox(conversation.inbox_id, {
      ...this.conversationPayload(conversation),
      event: 'conversation_created',
    });
  }

  /** Status changes emit `conversation_status_changed` and then `conversation_updated`, like Chatwoot. */
  conversationChanged(conversation: ConversationRecord, changes: Changes): void {
    const serialised: Changes = {};
    for (const [key, [previous, current]] of Object.entries(changes)) {
      serialised[key] = [serialiseChange(key, previous), serialiseChange(key, current)];
    }
    if ('status' in changes) {
      const statusChange = serialised.status!;
      this.deliverForInbox(conversation.inbox_id, {
        ...this.conversationPayload(conversation),
        event: 'conversation_status_changed',
        changed_attributes:
          this.config().statusChangedAttributes === 'array'
            ? changedAttributes({ status: statusChange })
            : null,
      });
    }
    if (Object.keys(changes).some((key) => CONVERSATION_UPDATE_TRIGGERS.has(key))) {
      this.deliverForInbox(conversation.inbox_id, {
        ...this.conversationPayload(conversation),
        event: 'conversation_updated',
        changed_attributes: changedAttributes(serialised),
      });
    }
  }

  /** `message.webhook_sendable?`: incoming, outgoing (private notes included) and template, not activity. */
  messageCreated(message: MessageRecord): void {
    if (message.message_type === 'activity') return;
    this.deliverForInbox(message.inbox_id, {
      ...messageWebhookData(this.state, message),
      event: 'message_created',
    });
  }

  contactCreated(contact: ContactRecord): void {
    this.deliverToAccount(contact.account_id, {
      ...contactWebhookData(this.state, contact),
      event: 'contact_created',
    });
  }

  contactUpdated(contact: ContactRecord, changes: Changes): void {
    if (Object.keys(changes).length === 0) return;
    this.deliverToAccount(contact.account_id, {
      ...contactWebhookData(this.state, contact),
      event: 'contact_updated',
      changed_attributes: changedAttributes(changes),
    });
  }

  inboxCreated(inbox: InboxRecord): void {
    this.deliverToAccount(inbox.account_id, { ...inboxPushData(inbox), event: 'inbox_created' });
  }

  inboxUpdated(inbox: InboxRecord, changes: Changes): void {
    if (Object.keys(changes).length === 0) return;
    this.deliverToAccount(inbox.account_id, {
      ...inboxPushData(inbox),
      event: 'inbox_updated',
      changed_attributes: changedAttributes(changes),
    });
  }

  private conversationPayload(conversation: ConversationRecord): Record<string, unknown> {
    const payload = conversationPushData(this.state, conversation);
    if (this.config().conversationEventAccount) {
      const account = this.state.account(conversation.account_id)!;
      payload.account = { id: account.id, name: account.name };
    }
    return payload;
  }

  private deliverForInbox(inboxId: number, payload: Record<string, unknown>): void {
    const inbox = this.state.inbox(inboxId);
    if (!inbox) return;
    this.deliverToAccount(inbox.account_id, payload);
    const config = this.config();
    if (inbox.channel_type === 'Channel::Api' && inbox.channel.webhook_url) {
      this.dispatcher.enqueue(
        {
          kind: 'api_inbox_webhook',
          url: inbox.channel.webhook_url,
          secret: inbox.channel.secret ?? null,
          signing: config.webhookSigning,
          retry: config.webhookRetry,
          webhookId: null,
          inboxId: inbox.id,
        },
        payload,
      );
    }
  }

  private deliverToAccount(accountId: number, payload: Record<string, unknown>): void {
    const config = this.config();
    const event = String(payload.event);
    const payloadInbox = payload.inbox as { id?: number } | undefined;
    for (const webhook of this.state.db.webhooks) {
      if (webhook.account_id !== accountId || !webhook.subscriptions.includes(event)) continue;
      // Inbox-scoped webhooks skip events whose payload names another inbox (message events carry `inbox`).
      if (payloadInbox?.id !== undefined && webhook.inbox_id !== null && webhook.inbox_id !== payloadInbox.id)
        continue;
      this.dispatcher.enqueue(
        {
          kind: 'account_webhook',
          url: webhook.url,
          secret: webhook.secret,
          signing: webhook.signing ?? config.webhookSigning,
          retry: webhook.retry ?? config.webhookRetry,
          webhookId: webhook.id,
          inboxId: null,
        },
        payload,
      );
    }
  }
}

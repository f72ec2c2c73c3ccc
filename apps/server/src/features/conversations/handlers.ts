import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { type Database, onePer, type Tx } from '../../db/database';
import type { DomainEvents } from '../../domain-events/service';
import { type SyncDependencies, syncInboxes } from '../chatwoot-sync/service';
import { type IgnoredEvent, RefusedEvent } from '../webhooks/outcome';
import { type Activity, applyConversation, recordChanges } from './mirror';
import {
  activityKind,
  type ConversationPayload,
  contactEventSchema,
  conversationEventSchema,
  type MessageEvent,
  messageEventSchema,
} from './payloads';
import { inboxBelongsToAccount, updateContactFields } from './repo';

export interface ConversationDependencies extends SyncDependencies {
  domainEvents: DomainEvents;
  log: FastifyBaseLogger;
}

type Handler = (
  deps: ConversationDependencies,
  accountId: number,
  payload: unknown,
) => Promise<IgnoredEvent | undefined>;

const ALREADY_APPLIED = 'nothing new: already applied, or older than the stored conversation';

/** A payload that is not what its event name says is refused; the message names fields, never values. */
function parse<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  throw new RefusedEvent(`not a Chatwoot ${event} payload (fields: ${fields.slice(0, 5).join(', ')})`);
}

/** The tenant comes from the registration; a payload naming another account is refused. */
function checkAccount(accountId: number, named: { id: number } | undefined) {
  if (named && named.id !== accountId) {
    throw new RefusedEvent(`payload names account ${named.id}, but arrived for account ${accountId}`);
  }
}

/**
 * How long a node trusts that an inbox is the account's. A Chatwoot inbox never moves to another account,
 * so only a yes is kept: it spares a query on every event of a busy inbox, and a no is always re-read.
 */
const KNOWN_INBOX_TTL_MS = 5_000;
/** One set per database: test processes run several Hubs whose account ids overlap. */
const knownInboxesOf = onePer<Database, Map<string, number>>(() => new Map());

/**
 * The conversation's inbox must be one of the account's. An inbox created moments ago may not be synced
 * yet (its own webhook can be processed later), so the account's inboxes are re-read once before refusing.
 */
export async function ensureInboxOfAccount(
  deps: ConversationDependencies,
  accountId: number,
  chatwootInboxId: number,
) {
  const seen = knownInboxesOf(deps.database);
  const key = `${accountId}:${chatwootInboxId}`;
  if ((seen.get(key) ?? 0) > Date.now()) return;
  const known = () =>
    deps.database.tenantAutocommit(accountId, (tx) => inboxBelongsToAccount(tx, accountId, chatwootInboxId));
  if (!(await known())) {
    if (deps.chatwoot) await syncInboxes(deps, accountId);
    if (!(await known())) {
      throw new RefusedEvent(`inbox ${chatwootInboxId} does not belong to account ${accountId}`);
    }
  }
  seen.set(key, Date.now() + KNOWN_INBOX_TTL_MS);
}

/** One transaction for the mirror change and its events; delivery after the commit. */
async function applyAndDeliver(
  deps: ConversationDependencies,
  accountId: number,
  conversation: ConversationPayload,
  change: (tx: Tx) => Promise<{ changed: boolean; eventIds: string[] }>,
): Promise<IgnoredEvent | undefined> {
  checkAccount(accountId, conversation.account);
  if (conversation.account_id !== undefined) checkAccount(accountId, { id: conversation.account_id });
  await ensureInboxOfAccount(deps, accountId, conversation.inbox_id);
  const outcome = await deps.database.tenant(accountId, change);
  await deps.domainEvents.deliver(accountId, outcome.eventIds);
  return outcome.changed || outcome.eventIds.length > 0 ? undefined : { ignored: ALREADY_APPLIED };
}

/** `conversation_created`, `conversation_status_changed`, `conversation_updated`: one payload shape. */
const conversationEvent =
  (event: string): Handler =>
  async (deps, accountId, payload) => {
    const conversation = parse(conversationEventSchema, payload, event);
    return applyAndDeliver(deps, accountId, conversation, async (tx) => {
      const mirror = await applyConversation(tx, deps.domainEvents, accountId, conversation);
      const changes = await recordChanges(tx, deps.domainEvents, accountId, conversation);
      return { changed: mirror.changed, eventIds: [...mirror.eventIds, ...changes] };
    });
  };

type MessageFacts = Pick<MessageEvent, 'id' | 'message_type' | 'private' | 'created_at' | 'sender'>;

/** The activity times one message sets on its conversation (none for activity messages). */
export function messageActivity(message: MessageFacts): Activity {
  const kind = activityKind(message);
  const at = message.created_at;
  if (!kind || !at) return {};
  return {
    lastActivityAt: at,
    lastIncomingAt: kind === 'incoming' ? at : null,
    lastOutgoingAt: kind === 'outgoing' ? at : null,
    lastNoteAt: kind === 'note' ? at : null,
    firstReplyAt: kind === 'outgoing' && message.sender?.type === 'user' ? at : null,
  };
}

/** Records a message as one `conversation.activity` fact, keyed by message id so it is never recorded twice. */
export async function recordMessageActivity(
  tx: Tx,
  domainEvents: DomainEvents,
  accountId: number,
  displayId: number,
  message: MessageFacts,
): Promise<string | undefined> {
  const kind = activityKind(message);
  const at = message.created_at;
  if (!kind || !at) return undefined;
  return domainEvents.record(tx, accountId, {
    type: 'conversation.activity',
    conversationDisplayId: displayId,
    dedupeKey: `message:${message.id}`,
    data: { kind, at: at.toISOString(), message_id: message.id },
    occurredAt: at,
  });
}

/**
 * `message_created` and `message_updated`: the conversation inside the payload, plus the message's
 * activity times. Both report the message as one `conversation.activity` fact (keyed by message id), so
 * an update of a message whose creation was missed still records it, and never twice.
 */
const messageEvent =
  (event: string): Handler =>
  async (deps, accountId, payload) => {
    const message = parse(messageEventSchema, payload, event);
    checkAccount(accountId, message.account);
    if (message.inbox && message.inbox.id !== message.conversation.inbox_id) {
      throw new RefusedEvent(`message inbox ${message.inbox.id} is not its conversation's inbox`);
    }
    return applyAndDeliver(deps, accountId, message.conversation, async (tx) => {
      const mirror = await applyConversation(
        tx,
        deps.domainEvents,
        accountId,
        message.conversation,
        messageActivity(message),
      );
      const eventIds = [...mirror.eventIds];
      const id = await recordMessageActivity(
        tx,
        deps.domainEvents,
        accountId,
        message.conversation.id,
        message,
      );
      if (id) eventIds.push(id);
      return { changed: mirror.changed, eventIds };
    });
  };

/**
 * `contact_created` and `contact_updated` refresh the contact fields cached on the account's mirrored
 * conversations. Contact payloads carry no time, so the last one processed wins.
 */
const contactEvent =
  (event: string): Handler =>
  async (deps, accountId, payload) => {
    const contact = parse(contactEventSchema, payload, event);
    checkAccount(accountId, contact.account);
    const updated = await deps.database.tenant(accountId, (tx) =>
      updateContactFields(tx, accountId, contact.id, {
        contactName: contact.name ?? null,
        contactEmail: contact.email ?? null,
        contactPhone: contact.phone_number ?? null,
      }),
    );
    return updated > 0
      ? undefined
      : { ignored: 'no mirrored conversation has this contact, or its fields are current' };
  };

export const conversationWebhookHandlers: ReadonlyMap<string, Handler> = new Map([
  ['conversation_created', conversationEvent('conversation_created')],
  ['conversation_status_changed', conversationEvent('conversation_status_changed')],
  ['conversation_updated', conversationEvent('conversation_updated')],
  ['message_created', messageEvent('message_created')],
  ['message_updated', messageEvent('message_updated')],
  ['contact_created', contactEvent('contact_created')],
  ['contact_updated', contactEvent('contact_updated')],
]);

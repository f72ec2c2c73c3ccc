import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { type Database, onePer, type Tx } from '../../db/database';
import type { DomainEvents, EventToRecord } from '../../domain-events/service';
import { type SyncDependencies, syncInboxes } from '../chatwoot-sync/service';
import { type FailedEvent, type IgnoredEvent, RefusedEvent } from '../webhooks/outcome';
import {
  type Activity,
  type ConversationState,
  changeEvents,
  conversationPatch,
  createdEvent,
  newConversationValues,
} from './mirror';
import {
  activityKind,
  type ConversationPayload,
  contactEventSchema,
  conversationEventSchema,
  type MessageEvent,
  messageEventSchema,
} from './payloads';
import {
  type ConversationRow,
  type ConversationValues,
  inboxBelongsToAccount,
  insertConversations,
  lockConversations,
  updateContactFields,
  updateConversations,
} from './repo';

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

/** A message as one `conversation.activity` fact, keyed by message id so it is never recorded twice. */
function messageActivityEvent(displayId: number, message: MessageFacts): EventToRecord | undefined {
  const kind = activityKind(message);
  const at = message.created_at;
  if (!kind || !at) return undefined;
  return {
    type: 'conversation.activity',
    conversationDisplayId: displayId,
    dedupeKey: `message:${message.id}`,
    data: { kind, at: at.toISOString(), message_id: message.id },
    occurredAt: at,
  };
}

/** Records `messageActivityEvent`; answers its id unless it was recorded before. */
export async function recordMessageActivity(
  tx: Tx,
  domainEvents: DomainEvents,
  accountId: number,
  displayId: number,
  message: MessageFacts,
): Promise<string | undefined> {
  const event = messageActivityEvent(displayId, message);
  return event ? domainEvents.record(tx, accountId, event) : undefined;
}

/** One event's change to apply: the conversation it reports, its activity times and its facts. */
interface ConversationStep {
  conversation: ConversationPayload;
  activity: Activity;
  events: EventToRecord[];
}

/**
 * Reads one event into its change, or throws: `RefusedEvent` for a payload that is not what its name says,
 * names another account, or a conversation in an inbox that is not the account's.
 * `conversation_created`, `conversation_status_changed` and `conversation_updated` share one payload and
 * report their `changed_attributes` as facts. `message_created` and `message_updated` carry their
 * conversation and add the message's activity times; both report the message as one
 * `conversation.activity` fact (keyed by message id), so an update of a message whose creation was
 * missed still records it, and never twice.
 */
async function stepOf(
  deps: ConversationDependencies,
  accountId: number,
  event: string,
  payload: unknown,
): Promise<ConversationStep> {
  let step: ConversationStep;
  if (event.startsWith('message_')) {
    const message = parse(messageEventSchema, payload, event);
    checkAccount(accountId, message.account);
    if (message.inbox && message.inbox.id !== message.conversation.inbox_id) {
      throw new RefusedEvent(`message inbox ${message.inbox.id} is not its conversation's inbox`);
    }
    const activity = messageActivityEvent(message.conversation.id, message);
    step = {
      conversation: message.conversation,
      activity: messageActivity(message),
      events: activity ? [activity] : [],
    };
  } else {
    const conversation = parse(conversationEventSchema, payload, event);
    step = { conversation, activity: {}, events: changeEvents(conversation) };
  }
  checkAccount(accountId, step.conversation.account);
  if (step.conversation.account_id !== undefined)
    checkAccount(accountId, { id: step.conversation.account_id });
  await ensureInboxOfAccount(deps, accountId, step.conversation.inbox_id);
  return step;
}

/** A conversation another transaction inserted after this one looked for it: the batch starts over. */
class ConversationInsertOvertaken extends Error {}

/**
 * Applies the steps in order, in the caller's transaction, with a fixed number of statements however many
 * there are: the conversations are locked together, each step is applied to the row as the steps before
 * it left it (exactly as one transaction per event would), and then new rows, changed rows and the facts
 * are written with one statement each. Answers per step whether it changed the row and the facts it was
 * first to record.
 */
async function writeSteps(
  tx: Tx,
  domainEvents: DomainEvents,
  accountId: number,
  steps: readonly ConversationStep[],
) {
  const displayIds = [...new Set(steps.map((step) => step.conversation.id))];
  const stored = await lockConversations(tx, accountId, displayIds);
  const states = new Map<number, ConversationState>(stored.map((row) => [row.displayId, row]));
  const inserts = new Map<number, ConversationValues>();
  const updated = new Set<number>();
  const facts: EventToRecord[] = [];
  const factStep: number[] = [];
  const changed = steps.map((step, index) => {
    const displayId = step.conversation.id;
    const state = states.get(displayId);
    let rowChanged: boolean;
    if (!state) {
      const values = newConversationValues(step.conversation, step.activity);
      inserts.set(displayId, values);
      states.set(displayId, values as ConversationState);
      facts.push(createdEvent(step.conversation));
      factStep.push(index);
      rowChanged = true;
    } else {
      const patch = conversationPatch(state, step.conversation, step.activity);
      rowChanged = Object.keys(patch).length > 0;
      Object.assign(state, patch);
      if (rowChanged && !inserts.has(displayId)) updated.add(displayId);
    }
    for (const fact of step.events) {
      facts.push(fact);
      factStep.push(index);
    }
    return rowChanged;
  });
  // In display id order, as the rows are locked: two nodes inserting the same new conversations queue
  // on them instead of deadlocking.
  const inserted = await insertConversations(
    tx,
    accountId,
    [...inserts.values()].sort((a, b) => a.displayId - b.displayId),
  );
  if (inserted.length < inserts.size) throw new ConversationInsertOvertaken();
  await updateConversations(
    tx,
    accountId,
    [...updated].map((displayId) => states.get(displayId) as ConversationRow),
  );
  const ids = await domainEvents.recordMany(tx, accountId, facts);
  return steps.map((_, index) => ({
    changed: changed[index]!,
    eventIds: ids.filter((id, fact): id is string => id !== undefined && factStep[fact] === index),
  }));
}

/** The events applied together, in batches: every one of them reports a conversation. */
export const conversationBatchEvents: ReadonlySet<string> = new Set([
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'message_created',
  'message_updated',
]);

export interface BatchedEvent {
  event: string;
  payload: unknown;
}

/**
 * Applies events of `conversationBatchEvents` of one account, in order: one transaction for the mirror
 * changes and facts of all of them, the facts delivered after its commit. Answers each event's outcome in
 * order: applied (undefined), ignored, or refused or failed alone before the transaction (`failed`). A
 * failure of the transaction itself is thrown, so the caller can try the events one at a time and fail
 * only the one that causes it.
 */
export async function applyConversationEvents(
  deps: ConversationDependencies,
  accountId: number,
  events: readonly BatchedEvent[],
): Promise<(IgnoredEvent | FailedEvent | undefined)[]> {
  const outcomes: (IgnoredEvent | FailedEvent | undefined)[] = [];
  const steps: ConversationStep[] = [];
  const stepEvent: number[] = [];
  for (const [index, { event, payload }] of events.entries()) {
    try {
      steps.push(await stepOf(deps, accountId, event, payload));
      stepEvent.push(index);
    } catch (error) {
      outcomes[index] = { failed: error };
    }
  }
  if (steps.length === 0) return outcomes;
  const results = await overtakenAgain(() =>
    deps.database.tenant(accountId, (tx) => writeSteps(tx, deps.domainEvents, accountId, steps)),
  );
  await deps.domainEvents.deliver(
    accountId,
    results.flatMap((result) => result.eventIds),
  );
  for (const [step, result] of results.entries()) {
    outcomes[stepEvent[step]!] =
      result.changed || result.eventIds.length > 0 ? undefined : { ignored: ALREADY_APPLIED };
  }
  return outcomes;
}

/** A batch overtaken by a concurrent insert runs again, and then finds those rows to lock. */
async function overtakenAgain<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConversationInsertOvertaken) || attempt >= attempts) throw error;
    }
  }
}

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

/** Events applied one at a time; those of `conversationBatchEvents` go through `applyConversationEvents`. */
export const conversationWebhookHandlers: ReadonlyMap<string, Handler> = new Map([
  ['contact_created', contactEvent('contact_created')],
  ['contact_updated', contactEvent('contact_updated')],
]);

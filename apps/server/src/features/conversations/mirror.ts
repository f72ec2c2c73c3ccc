import type { z } from 'zod';
import type { Tx } from '../../db/database';
import type { DomainEvents, EventToRecord } from '../../domain-events/service';
import {
  asLabels,
  asOptionalId,
  asStatus,
  type ConversationPayload,
  changesOf,
  type conversationEventSchema,
} from './payloads';
import {
  type ConversationRow,
  type ConversationValues,
  insertConversation,
  lockConversation,
  updateConversation,
} from './repo';

/** What one change did: whether the mirror row changed, and the ids of domain events recorded. */
export interface MirrorOutcome {
  changed: boolean;
  eventIds: string[];
}

/** Fields Chatwoot owns, taken from the newest payload. */
function snapshotValues(payload: ConversationPayload) {
  const sender = payload.meta?.sender ?? null;
  return {
    // Webhook payloads carry no uuid, the API object does: a payload without one keeps the stored one.
    ...(payload.uuid ? { chatwootUuid: payload.uuid } : {}),
    chatwootInboxId: payload.inbox_id,
    status: payload.status,
    assigneeId: payload.meta?.assignee?.id ?? null,
    assigneeName: payload.meta?.assignee?.name ?? null,
    teamId: payload.meta?.team?.id ?? null,
    teamName: payload.meta?.team?.name ?? null,
    labels: [...(payload.labels ?? [])].sort(),
    priority: payload.priority ?? null,
    contactId: sender?.id ?? null,
    contactName: sender?.name ?? null,
    contactPhone: sender?.phone_number ?? null,
    contactEmail: sender?.email ?? null,
    waitingSince: payload.waiting_since,
    sourceUpdatedAt: sourceTime(payload),
  } satisfies Partial<ConversationValues>;
}

const sourceTime = (payload: ConversationPayload) => new Date(Math.round(payload.updated_at * 1000));
const later = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a >= b ? a : b);
const earlier = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a <= b ? a : b);
const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

/** Times that only move one way, so any order of delivery ends with the same values. */
export interface Activity {
  lastActivityAt?: Date | null;
  lastIncomingAt?: Date | null;
  lastOutgoingAt?: Date | null;
  lastNoteAt?: Date | null;
  firstReplyAt?: Date | null;
}

function mergedActivity(row: Partial<ConversationRow>, activity: Activity) {
  return {
    lastActivityAt: later(row.lastActivityAt ?? null, activity.lastActivityAt ?? null),
    lastIncomingAt: later(row.lastIncomingAt ?? null, activity.lastIncomingAt ?? null),
    lastOutgoingAt: later(row.lastOutgoingAt ?? null, activity.lastOutgoingAt ?? null),
    lastNoteAt: later(row.lastNoteAt ?? null, activity.lastNoteAt ?? null),
    firstReplyAt: earlier(row.firstReplyAt ?? null, activity.firstReplyAt ?? null),
  };
}

/** The activity a payload reports itself, merged with what its message adds. */
function withPayloadActivity(payload: ConversationPayload, activity: Activity): Activity {
  return {
    ...activity,
    lastActivityAt: later(payload.last_activity_at, activity.lastActivityAt ?? null),
    firstReplyAt: earlier(payload.first_reply_created_at, activity.firstReplyAt ?? null),
  };
}

/** The row of a conversation first seen in this payload. */
export function newConversationValues(
  payload: ConversationPayload,
  activity: Activity = {},
): ConversationValues {
  return {
    displayId: payload.id,
    chatwootCreatedAt: new Date(payload.created_at * 1000),
    ...snapshotValues(payload),
    ...mergedActivity({}, withPayloadActivity(payload, activity)),
  };
}

/** The stored fields a payload reads and writes: a row, or the values about to be inserted as one. */
export type ConversationState = Partial<ConversationRow> & Pick<ConversationRow, 'sourceUpdatedAt'>;

/**
 * What a payload changes on a stored conversation (empty when nothing): its fields only when it is not
 * older than what is stored (`source_updated_at`), while activity times merge whatever the order.
 */
export function conversationPatch(
  row: ConversationState,
  payload: ConversationPayload,
  activity: Activity = {},
): Partial<ConversationValues> {
  const snapshot = snapshotValues(payload);
  const next: Partial<ConversationValues> = {
    ...(snapshot.sourceUpdatedAt >= row.sourceUpdatedAt ? snapshot : {}),
    ...mergedActivity(row, withPayloadActivity(payload, activity)),
  };
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => !same(row[key as keyof ConversationRow], value)),
  ) as Partial<ConversationValues>;
}

/**
 * Whichever payload shows the conversation first, the fact recorded is the same one. It is only ever
 * recorded with the row's insert, in the same transaction: a conversation found at once has its fact,
 * and looking for it again would cost every later event of the conversation a statement.
 */
export function createdEvent(payload: ConversationPayload): EventToRecord {
  return {
    type: 'conversation.created',
    conversationDisplayId: payload.id,
    dedupeKey: `created:${payload.id}`,
    data: { chatwoot_inbox_id: payload.inbox_id },
    occurredAt: new Date(payload.created_at * 1000),
  };
}

/**
 * Applies one conversation payload: a new conversation is inserted (and `conversation.created`
 * recorded); a known one takes `conversationPatch`.
 */
export async function applyConversation(
  tx: Tx,
  domainEvents: DomainEvents,
  accountId: number,
  payload: ConversationPayload,
  activity: Activity = {},
): Promise<MirrorOutcome> {
  // A known conversation (most events) is locked at once; only an unknown one pays for the insert.
  let row = await lockConversation(tx, accountId, payload.id);
  const inserted = row
    ? undefined
    : await insertConversation(tx, accountId, newConversationValues(payload, activity));
  const eventIds: string[] = [];
  if (!row) {
    const eventId = await domainEvents.record(tx, accountId, createdEvent(payload));
    if (eventId) eventIds.push(eventId);
  }
  if (inserted) return { changed: true, eventIds };

  // Not there when first looked for, yet not inserted: a concurrent event inserted it meanwhile.
  row ??= await lockConversation(tx, accountId, payload.id);
  if (!row) throw new Error(`conversation ${payload.id} vanished while being updated`);
  const patch = conversationPatch(row, payload, activity);
  if (Object.keys(patch).length > 0) await updateConversation(tx, accountId, payload.id, patch);
  return { changed: Object.keys(patch).length > 0, eventIds };
}

/**
 * The domain events a conversation event reports, from its `changed_attributes`: facts about one change
 * at one Chatwoot time, so the two webhooks of one status change (and any replay) are one event, and a
 * late webhook still records its fact. `conversation_status_changed` may carry no changes at all
 * (reference §4.2); its companion `conversation_updated` always does.
 */
export function changeEvents(payload: z.output<typeof conversationEventSchema>): EventToRecord[] {
  const changes = changesOf(payload.changed_attributes);
  const at = sourceTime(payload);
  const moment = `${payload.id}:${payload.updated_at}`;
  const displayId = payload.id;
  const events: EventToRecord[] = [];

  const status = changes.get('status');
  const from = asStatus(status?.previous);
  const to = asStatus(status?.current);
  if (from && to && from !== to) {
    events.push({
      type: 'conversation.status_changed',
      conversationDisplayId: displayId,
      dedupeKey: `status:${moment}:${to}`,
      data: { from, to },
      occurredAt: at,
    });
  }

  const assigneeChange = changes.get('assignee_id');
  const teamChange = changes.get('team_id');
  const idChange = (change: { previous: unknown; current: unknown } | undefined) => {
    if (!change) return null;
    const previous = asOptionalId(change.previous);
    const current = asOptionalId(change.current);
    return previous === undefined || current === undefined || previous === current
      ? null
      : { from: previous, to: current };
  };
  const assignee = idChange(assigneeChange);
  const team = idChange(teamChange);
  if (assignee || team) {
    events.push({
      type: 'conversation.assigned',
      conversationDisplayId: displayId,
      dedupeKey: `assigned:${moment}`,
      data: { assignee, team },
      occurredAt: at,
    });
  }

  const labels = changes.get('label_list');
  const before = asLabels(labels?.previous);
  const after = asLabels(labels?.current);
  if (before && after) {
    const added = after.filter((label) => !before.includes(label)).sort();
    const removed = before.filter((label) => !after.includes(label)).sort();
    if (added.length > 0 || removed.length > 0) {
      events.push({
        type: 'conversation.labels_changed',
        conversationDisplayId: displayId,
        dedupeKey: `labels:${moment}`,
        data: { added, removed },
        occurredAt: at,
      });
    }
  }

  return events;
}

/** Records `changeEvents` of the payload; answers the ids of those not recorded before. */
export async function recordChanges(
  tx: Tx,
  domainEvents: DomainEvents,
  accountId: number,
  payload: z.output<typeof conversationEventSchema>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const event of changeEvents(payload)) {
    const id = await domainEvents.record(tx, accountId, event);
    if (id) ids.push(id);
  }
  return ids;
}

import { and, eq, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import { chatwootConnections, conversations } from '../../db/schema';
import type { DomainEvents } from '../../domain-events/service';
import { connectionAuth } from '../chatwoot-sync/service';
import { RefusedEvent } from '../webhooks/outcome';
import {
  type ConversationDependencies,
  ensureInboxOfAccount,
  messageActivity,
  recordMessageActivity,
} from './handlers';
import { type Activity, applyConversation, recordChanges } from './mirror';
import { type ConversationPayload, conversationPayloadSchema, messageEventSchema } from './payloads';
import { lockConversation } from './repo';

/**
 * Chatwoot's `updated_within` counts back from its own clock; the margin covers clock skew between the
 * Hub and Chatwoot and changes committed while the previous run was paging. Overlap costs nothing: what
 * the mirror already has records no event.
 */
const CURSOR_OVERLAP_SECONDS = 120;

const lastMessageSchema = messageEventSchema.omit({ conversation: true, inbox: true, account: true });
const listedConversationSchema = conversationPayloadSchema.extend({
  messages: z.array(z.unknown()).optional(),
  last_non_activity_message: z.unknown().optional(),
});

export interface ReconcileResult {
  /** Conversations Chatwoot listed. */
  conversations: number;
  /** Mirror rows changed, created or removed, and domain events recorded. */
  changes: number;
  events: number;
  removed: number;
}

/** The newest messages the list shows (the last chat message and the last non-activity one, a note too). */
function lastMessages(listed: z.output<typeof listedConversationSchema>) {
  const candidates = [...(listed.messages ?? []), listed.last_non_activity_message];
  const byId = new Map<number, z.output<typeof lastMessageSchema>>();
  for (const candidate of candidates) {
    const parsed = lastMessageSchema.safeParse(candidate);
    if (parsed.success) byId.set(parsed.data.id, parsed.data);
  }
  return [...byId.values()];
}

const mergeActivity = (activities: Activity[]): Activity => {
  const merged: Activity = {};
  for (const activity of activities) {
    for (const [key, value] of Object.entries(activity) as [keyof Activity, Date | null][]) {
      if (!value) continue;
      const current = merged[key];
      const keepEarliest = key === 'firstReplyAt';
      if (!current || (keepEarliest ? value < current : value > current)) merged[key] = value;
    }
  }
  return merged;
};

/** The outbox as the reconcile writes to it: each fact it is first to report is stamped `reconcile`. */
const reconciling = (domainEvents: DomainEvents): DomainEvents => ({
  ...domainEvents,
  record: (tx, accountId, event) => domainEvents.record(tx, accountId, { ...event, source: 'reconcile' }),
  recordMany: (tx, accountId, events) =>
    domainEvents.recordMany(
      tx,
      accountId,
      events.map((event) => ({ ...event, source: 'reconcile' })),
    ),
});

/**
 * Applies one conversation as Chatwoot lists it now. When it is newer than the mirror, the differences
 * are the changes no webhook reported: they are recorded as the `changed_attributes` Chatwoot's webhook
 * would have carried, at the conversation's `updated_at`, so the facts (and their de-duplication keys)
 * are the ones the lost webhook would have produced, and a late webhook for them records nothing new.
 */
async function reconcileConversation(
  deps: ConversationDependencies,
  accountId: number,
  listed: z.output<typeof listedConversationSchema>,
) {
  const messages = lastMessages(listed);
  const events = reconciling(deps.domainEvents);
  const outcome = await deps.database.tenant(accountId, async (tx) => {
    const row = await lockConversation(tx, accountId, listed.id);
    const changed: Record<string, { previous_value: unknown; current_value: unknown }>[] = [];
    if (row && Math.round(listed.updated_at * 1000) > row.sourceUpdatedAt.getTime()) {
      const differs = (attribute: string, previous: unknown, current: unknown) => {
        if (JSON.stringify(previous) !== JSON.stringify(current)) {
          changed.push({ [attribute]: { previous_value: previous, current_value: current } });
        }
      };
      differs('status', row.status, listed.status);
      differs('assignee_id', row.assigneeId, listed.meta?.assignee?.id ?? null);
      differs('team_id', row.teamId, listed.meta?.team?.id ?? null);
      differs('label_list', row.labels, [...(listed.labels ?? [])].sort());
    }
    const conversation: ConversationPayload = listed;
    const mirror = await applyConversation(
      tx,
      events,
      accountId,
      conversation,
      mergeActivity(messages.map(messageActivity)),
    );
    const eventIds = [
      ...mirror.eventIds,
      ...(await recordChanges(tx, events, accountId, {
        ...conversation,
        changed_attributes: changed,
      })),
    ];
    for (const message of messages) {
      const id = await recordMessageActivity(tx, events, accountId, listed.id, message);
      if (id) eventIds.push(id);
    }
    return { changed: mirror.changed, eventIds };
  });
  await deps.domainEvents.deliver(accountId, outcome.eventIds);
  return outcome;
}

/**
 * Pages through the account's conversations through its connection and brings the mirror in line,
 * recording the domain events of changes no webhook reported. Incremental runs ask for what changed
 * since the previous run started (a per-account cursor); a full run reads every conversation and also
 * removes from the mirror what Chatwoot no longer has.
 */
export async function reconcileConversations(
  deps: ConversationDependencies,
  accountId: number,
  options: { full?: boolean } = {},
): Promise<ReconcileResult> {
  if (!deps.chatwoot) return { conversations: 0, changes: 0, events: 0, removed: 0 };
  const chatwoot = deps.chatwoot;
  const auth = await connectionAuth(deps, accountId);
  const startedAt = new Date();
  const [connection] = await deps.database.tenant(accountId, (tx) =>
    tx
      .select({ cursor: chatwootConnections.conversationsReconciledAt })
      .from(chatwootConnections)
      .where(eq(chatwootConnections.accountId, accountId)),
  );
  const cursor = options.full ? null : (connection?.cursor ?? null);
  const updatedWithin = cursor
    ? Math.ceil((startedAt.getTime() - cursor.getTime()) / 1000) + CURSOR_OVERLAP_SECONDS
    : undefined;

  const result: ReconcileResult = { conversations: 0, changes: 0, events: 0, removed: 0 };
  const seen = new Set<number>();
  for (let page = 1; ; page++) {
    const { payload } = await chatwoot.listConversations(auth, accountId, {
      status: 'all',
      assigneeType: 'all',
      page,
      updatedWithin,
    });
    if (payload.length === 0) break;
    for (const item of payload) {
      const listed = listedConversationSchema.safeParse(item);
      if (!listed.success || seen.has(listed.data.id)) continue;
      result.conversations += 1;
      try {
        await ensureInboxOfAccount(deps, accountId, listed.data.inbox_id);
      } catch (error) {
        if (!(error instanceof RefusedEvent)) throw error;
        deps.log.warn({ account_id: accountId, display_id: listed.data.id }, error.message);
        continue;
      }
      // Only conversations of the account's inboxes are kept by a full run; one whose inbox is gone leaves.
      seen.add(listed.data.id);
      const outcome = await reconcileConversation(deps, accountId, listed.data);
      if (outcome.changed || outcome.eventIds.length > 0) result.changes += 1;
      result.events += outcome.eventIds.length;
    }
  }

  await deps.database.tenant(accountId, async (tx) => {
    if (options.full) {
      const keep = [...seen];
      const removed = await tx
        .delete(conversations)
        .where(
          keep.length > 0
            ? and(eq(conversations.accountId, accountId), notInArray(conversations.displayId, keep))
            : eq(conversations.accountId, accountId),
        )
        .returning({ displayId: conversations.displayId });
      result.removed = removed.length;
      result.changes += removed.length;
    }
    await tx
      .update(chatwootConnections)
      .set({ conversationsReconciledAt: startedAt })
      .where(eq(chatwootConnections.accountId, accountId));
  });
  return result;
}

import type { CardEventCause, DomainEvent } from '@whatpro/contracts';
import type { Tx } from '../../db/database';
import type { DomainEvents } from '../../domain-events/service';
import { queueStageActions } from './actions';
import { cardDelivery, placeInStage } from './cards';
import {
  type CardPatch,
  type CardRow,
  conversationsWithCards,
  findMirroredConversation,
  hasUnarchivedBoard,
  insertCard,
  insertCardEvent,
  listBoards,
  listStages,
  lockCardsOfConversation,
  memberByChatwootId,
  type StageRow,
  updateCard,
} from './repo';
import { type Delivery, type KanbanDependencies, publish } from './service';

/** The name of the Kanban consumer of domain events (each consumer is retried on its own). */
export const KANBAN_CONSUMER = 'kanban';

type Conversation = NonNullable<Awaited<ReturnType<typeof findMirroredConversation>>>;

/**
 * Cards follow their conversations. Each domain event is applied in one transaction that locks the
 * conversation's cards, against the mirror (the newest state Chatwoot reported) and the Chatwoot time
 * of the fact, so a duplicate or late event changes nothing twice:
 * - created: a card on each board whose filter matches, once per board (a unique index), in the stage
 *   of the conversation's status or else the first stage;
 * - status changed (newer than the last status applied): the card moves to the stage mapped to the new
 *   status, and the manual hold ends; resolved → open/pending is a reopening and starts a new cycle;
 * - labels changed: the labels follow; an added label with a stage moves the card there, and removing
 *   the label of the stage the card is in sends it back to its status's stage — unless a person moved it;
 * - assigned: the card's team, and its assignee when the Chatwoot agent has a seat in the Hub;
 * - activity: last activity, first reply and waiting-since follow the mirror (no history entry).
 */
export function registerKanbanAutomation(deps: KanbanDependencies & { domainEvents: DomainEvents }) {
  deps.domainEvents.subscribe(KANBAN_CONSUMER, (event) => applyDomainEvent(deps, event), {
    relevant: (accountId, events) => eventsForCards(deps, accountId, events),
  });
}

/**
 * An event concerns the Kanban when its conversation has a card (whose fields follow the mirror), or when
 * its conversation is created in the same batch and some unarchived board could take a new card: the card
 * that creation makes must also see the label, assignment and status changes that came with it. One look
 * for a whole batch spares each other event (most message activity, every creation of an account without
 * boards) its own transaction.
 */
async function eventsForCards(
  deps: KanbanDependencies,
  accountId: number,
  events: readonly DomainEvent[],
): Promise<ReadonlySet<string>> {
  const creating = events.some((event) => event.type === 'conversation.created');
  const { withCards, boardsOpen } = await deps.database.tenantAutocommit(accountId, async (tx) => ({
    withCards: new Set(
      await conversationsWithCards(tx, accountId, [
        ...new Set(events.map((event) => event.conversation_display_id)),
      ]),
    ),
    boardsOpen: creating && (await hasUnarchivedBoard(tx, accountId)),
  }));
  const created = new Set(
    boardsOpen
      ? events
          .filter((event) => event.type === 'conversation.created')
          .map((event) => event.conversation_display_id)
      : [],
  );
  return new Set(
    events
      .filter(
        (event) => withCards.has(event.conversation_display_id) || created.has(event.conversation_display_id),
      )
      .map((event) => event.id),
  );
}

const later = (a: Date | null, b: Date) => (a && a > b ? a : b);

function boardMatches(
  board: { filterInboxIds: number[]; filterTeamIds: number[] },
  conversation: Conversation,
) {
  const inboxOk =
    board.filterInboxIds.length === 0 || board.filterInboxIds.includes(conversation.chatwootInboxId);
  const teamOk =
    board.filterTeamIds.length === 0 ||
    (conversation.teamId !== null && board.filterTeamIds.includes(conversation.teamId));
  return inboxOk && teamOk;
}

/** Fields copied from the mirror on every event: contact, inbox, team and activity. */
function mirrorFields(conversation: Conversation): CardPatch {
  return {
    contactId: conversation.contactId,
    contactName: conversation.contactName,
    contactPhone: conversation.contactPhone,
    contactEmail: conversation.contactEmail,
    inboxId: conversation.chatwootInboxId,
    teamId: conversation.teamId,
    lastActivityAt: conversation.lastActivityAt,
    firstReplyAt: conversation.firstReplyAt,
    waitingSince: conversation.waitingSince,
  };
}

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

async function createCards(
  tx: Tx,
  accountId: number,
  conversation: Conversation,
  cause: CardEventCause,
  deliveries: Delivery[],
) {
  const boards = (await listBoards(tx, accountId, false)).filter((board) =>
    boardMatches(board, conversation),
  );
  const stagesByBoard = await listStages(
    tx,
    accountId,
    boards.map((board) => board.id),
  );
  for (const board of boards) {
    const stages = stagesByBoard.filter((stage) => stage.boardId === board.id);
    const stage = stages.find((row) => row.mapsStatus === conversation.status) ?? stages[0];
    if (!stage) continue;
    const card = await insertCard(tx, accountId, {
      boardId: board.id,
      stageId: stage.id,
      position: await placeInStage(tx, accountId, stage, undefined),
      title: conversation.contactName ?? `Conversa #${conversation.displayId}`,
      conversationDisplayId: conversation.displayId,
      conversationStatus: conversation.status,
      labels: conversation.labels,
      statusAt: conversation.sourceUpdatedAt,
      labelsAt: conversation.sourceUpdatedAt,
      ...mirrorFields(conversation),
    });
    if (!card) continue;
    await insertCardEvent(tx, accountId, {
      boardId: board.id,
      cardId: card.id,
      type: 'create',
      toStageId: stage.id,
      cause,
      data: { status: conversation.status, position: card.position, version: card.version },
    });
    deliveries.push(
      await cardDelivery(tx, accountId, card, (view) => ({
        type: 'card.created',
        board_id: board.id,
        card: view,
      })),
    );
  }
}

interface Plan {
  patch: CardPatch;
  target?: StageRow | undefined;
  reason?: Record<string, unknown>;
  reopen?: boolean;
  assigned?: boolean;
  labelsChanged?: boolean;
}

/** What one event asks of one card, or undefined when it is older than what the card already shows. */
async function planFor(
  tx: Tx,
  accountId: number,
  event: DomainEvent,
  card: CardRow,
  conversation: Conversation,
  stages: StageRow[],
): Promise<Plan | undefined> {
  const at = new Date(event.occurred_at);
  const statusStage = (status: string | null) => stages.find((stage) => stage.mapsStatus === status);
  switch (event.type) {
    case 'conversation.status_changed': {
      const { from, to } = event.data;
      // Changes at one Chatwoot instant (a status set in the creation's second, where a payload carries
      // whole seconds) are ordered by their chain: only the change that starts from the card's status
      // follows it, so the next one applies and a replayed earlier one does not.
      if (
        card.statusAt &&
        (at < card.statusAt || (at.getTime() === card.statusAt.getTime() && card.conversationStatus !== from))
      ) {
        return undefined;
      }
      const reopen = from === 'resolved' && to !== 'resolved';
      return {
        patch: {
          conversationStatus: to,
          statusAt: at,
          manualStageUntilStatusChange: false,
          ...(reopen ? { cycle: card.cycle + 1, archivedAt: null } : {}),
        },
        target: statusStage(to),
        reason: { status: to },
        reopen,
      };
    }
    case 'conversation.labels_changed': {
      if (card.labelsAt && at < card.labelsAt) return undefined;
      const { added, removed } = event.data;
      const plan: Plan = {
        patch: { labels: conversation.labels, labelsAt: later(card.labelsAt, at) },
        labelsChanged: !sameValue(card.labels, conversation.labels),
      };
      if (card.manualStageUntilStatusChange) return plan;
      const current = stages.find((stage) => stage.id === card.stageId);
      const entered = stages.find(
        (stage) =>
          stage.mapsLabel !== null &&
          added.includes(stage.mapsLabel) &&
          conversation.labels.includes(stage.mapsLabel),
      );
      if (entered) return { ...plan, target: entered, reason: { label: entered.mapsLabel } };
      if (
        current?.mapsLabel &&
        removed.includes(current.mapsLabel) &&
        !conversation.labels.includes(current.mapsLabel)
      ) {
        const back = statusStage(card.conversationStatus) ?? stages[0];
        return { ...plan, target: back, reason: { label_removed: current.mapsLabel } };
      }
      return plan;
    }
    case 'conversation.assigned': {
      const assignee =
        conversation.assigneeId === null
          ? null
          : ((await memberByChatwootId(tx, accountId, conversation.assigneeId)) ?? null);
      return {
        patch: { assigneeUserId: assignee },
        assigned: assignee !== card.assigneeUserId,
      };
    }
    default:
      return { patch: {} };
  }
}

/** A change the reconcile found (a webhook Chatwoot never delivered) says so in the card's history. */
const causeOf = (event: DomainEvent): CardEventCause =>
  event.source === 'reconcile' ? 'reconcile' : 'automation';

export async function applyDomainEvent(deps: KanbanDependencies, event: DomainEvent) {
  const accountId = event.account_id;
  const deliveries = await deps.database.tenant(accountId, async (tx) => {
    const creating = event.type === 'conversation.created';
    const displayId = event.conversation_display_id;
    // Only a creation makes cards: any other event on a conversation without one (most message activity)
    // ends at the card lookup, without reading the mirror.
    let cards = creating ? [] : await lockCardsOfConversation(tx, accountId, displayId);
    if (!creating && cards.length === 0) return [];
    const conversation = await findMirroredConversation(tx, accountId, displayId);
    if (!conversation) return [];
    const out: Delivery[] = [];
    const cause = causeOf(event);
    if (creating) {
      await createCards(tx, accountId, conversation, cause, out);
      cards = await lockCardsOfConversation(tx, accountId, displayId);
    }
    const stageRows = await listStages(tx, accountId, [...new Set(cards.map((card) => card.boardId))]);
    for (const card of cards) {
      const stages = stageRows.filter((stage) => stage.boardId === card.boardId);
      const plan = await planFor(tx, accountId, event, card, conversation, stages);
      if (!plan) continue;
      const moving = plan.target !== undefined && plan.target.id !== card.stageId;
      const patch: CardPatch = { ...mirrorFields(conversation), ...plan.patch };
      if (moving && plan.target) {
        patch.stageId = plan.target.id;
        patch.position = await placeInStage(tx, accountId, plan.target, undefined, card.id);
        patch.stageEnteredAt = new Date();
        patch.slaBreachedAt = null;
      }
      const changed = Object.entries(patch).filter(
        ([key, value]) => !sameValue(card[key as keyof CardRow], value),
      );
      if (changed.length === 0) continue;
      const updated = await updateCard(tx, accountId, card.id, Object.fromEntries(changed));
      const base = { boardId: card.boardId, cardId: card.id, cause };
      if (plan.reopen) {
        await insertCardEvent(tx, accountId, {
          ...base,
          type: 'reopen',
          fromStageId: card.stageId,
          toStageId: updated.stageId,
          data: { cycle: updated.cycle, status: updated.conversationStatus, version: updated.version },
        });
      }
      if (moving) {
        await insertCardEvent(tx, accountId, {
          ...base,
          type: 'move',
          fromStageId: card.stageId,
          toStageId: updated.stageId,
          data: { ...plan.reason, position: updated.position, version: updated.version },
        });
      }
      if (plan.assigned) {
        await insertCardEvent(tx, accountId, {
          ...base,
          type: 'assign',
          data: { from: card.assigneeUserId, to: updated.assigneeUserId, version: updated.version },
        });
      }
      if (plan.labelsChanged) {
        await insertCardEvent(tx, accountId, {
          ...base,
          type: 'update',
          data: { changes: { labels: { from: card.labels, to: updated.labels } }, version: updated.version },
        });
      }
      out.push(
        await cardDelivery(tx, accountId, updated, (view) =>
          moving
            ? { type: 'card.moved', board_id: card.boardId, from_stage_id: card.stageId, card: view }
            : { type: 'card.updated', board_id: card.boardId, card: view },
        ),
      );
    }
    return out;
  });
  await publish(deps, accountId, deliveries);
  for (const { event } of deliveries) {
    if (event.type === 'card.created' || event.type === 'card.moved') {
      queueStageActions(deps, accountId, event.card.id);
    }
  }
}

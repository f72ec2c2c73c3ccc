import type {
  Card,
  CardListQuery,
  CardPage,
  CardRealtimeEvent,
  CreateCard,
  CreateChecklistItem,
  MoveCard,
  UpdateCard,
  UpdateChecklistItem,
} from '@whatpro/contracts';
import type { Tx } from '../../db/database';
import { conflict, forbidden, notFound } from '../../errors';
import { authorize, can } from '../../policies';
import type { Actor } from '../auth/actor';
import { connectionAuth } from '../chatwoot-sync/service';
import { editConversationLabels, queueStageActions } from './actions';
import { presentCard, presentCardEvent, presentChecklistItem, presentNote } from './present';
import {
  audienceOf,
  type CardCursor,
  type CardPatch,
  type CardRow,
  cardNeighbours,
  countActiveCardsInStage,
  deleteCard,
  deleteChecklistItem,
  deleteNote,
  findBoard,
  findCard,
  findChecklistItem,
  findMirroredConversation,
  findNote,
  findStage,
  hasHistory,
  type InboxScope,
  insertCard,
  insertCardEvent,
  insertChecklistItem,
  insertNote,
  isMember,
  linkConversation,
  linkedConversations,
  listCardEvents,
  listCards,
  listChecklist,
  listNotes,
  listStages,
  pendingRequiredItems,
  respaceCards,
  type StagePlace,
  unlinkConversation,
  updateCard,
  updateChecklistItem,
  updateNote,
} from './repo';
import {
  actorUserId,
  badRequest,
  type Delivery,
  type KanbanDependencies,
  POSITION_GAP,
  positionBetween,
  publish,
  scopeOf,
} from './service';

const DEFAULT_PAGE = 1_000;

const sees = (actor: Actor, accountId: number, scope: InboxScope, card: CardRow) =>
  scope.all ||
  can(actor, 'card:read', {
    accountId,
    inboxId: card.inboxId,
    actorInboxIds: scope.inboxIds,
  });

/** The card, locked when asked, if the actor may see it; a card they may not see is not found. */
async function visibleCard(
  tx: Tx,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  lock = false,
) {
  const scope = await scopeOf(tx, actor, accountId);
  const card = await findCard(tx, accountId, boardId, cardId, lock);
  if (!card || !sees(actor, accountId, scope, card)) throw notFound('Card');
  return card;
}

async function cardView(tx: Tx, accountId: number, card: CardRow): Promise<Card> {
  const links = await linkedConversations(tx, accountId, [card.id]);
  return presentCard(card, links.get(card.id));
}

/**
 * A card's answer and who hears about it (the account's members who may see it, decided at commit time),
 * built from one view of the card.
 */
async function cardWithDelivery(
  tx: Tx,
  accountId: number,
  row: CardRow,
  event: (view: Card) => CardRealtimeEvent,
): Promise<{ card: Card; delivery: Delivery }> {
  const card = await cardView(tx, accountId, row);
  return { card, delivery: { userIds: await audienceOf(tx, accountId, row.inboxId), event: event(card) } };
}

export async function cardDelivery(
  tx: Tx,
  accountId: number,
  card: CardRow,
  event: (view: Card) => CardRealtimeEvent,
): Promise<Delivery> {
  return (await cardWithDelivery(tx, accountId, card, event)).delivery;
}

const encodeCursor = (cursor: CardCursor) =>
  Buffer.from(JSON.stringify([cursor.stageId, cursor.position, cursor.id])).toString('base64url');

function decodeCursor(value: string): CardCursor {
  try {
    const [stageId, position, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (typeof stageId === 'string' && uuid.test(stageId) && typeof id === 'string' && uuid.test(id)) {
      if (typeof position === 'number' && Number.isFinite(position)) return { stageId, position, id };
    }
  } catch {
    // Falls through to the refusal below: a cursor is only what a previous page returned.
  }
  throw badRequest('cursor is not one this API returned');
}

export async function listBoardCards(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  query: CardListQuery,
): Promise<CardPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const limit = query.limit ?? DEFAULT_PAGE;
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    const scope = await scopeOf(tx, actor, accountId);
    const rows = await listCards(
      tx,
      accountId,
      boardId,
      scope,
      {
        stageId: query.stage_id,
        assignee: query.assignee,
        inboxId: query.inbox_id,
        teamId: query.team_id,
        label: query.label,
        conversationDisplayId: query.conversation_display_id,
        text: query.q,
        archived: query.archived === 'true',
      },
      limit,
      after,
    );
    const links = await linkedConversations(
      tx,
      accountId,
      rows.map((row) => row.id),
    );
    const last = rows.at(-1);
    return {
      cards: rows.map((row) => presentCard(row, links.get(row.id))),
      next_cursor:
        rows.length === limit && last
          ? encodeCursor({ stageId: last.stageId, position: last.position, id: last.id })
          : null,
    };
  });
}

export async function getCard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  return deps.database.tenant(accountId, async (tx) =>
    cardView(tx, accountId, await visibleCard(tx, actor, accountId, boardId, cardId)),
  );
}

/** A position in the stage right after `afterCardId` (null: top; undefined: bottom). */
export async function placeInStage(
  tx: Tx,
  accountId: number,
  stage: StagePlace,
  afterCardId: string | null | undefined,
  movingCardId?: string,
): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const neighbours = await cardNeighbours(tx, accountId, stage, afterCardId, movingCardId);
    if (!neighbours) throw notFound('Card to place after');
    const position = positionBetween(neighbours.before, neighbours.after);
    if (position !== undefined) return position;
    await respaceCards(tx, accountId, stage.id, POSITION_GAP);
  }
  throw new Error('card positions could not be spread out');
}

/** Refuses (409) a card entering a stage at its WIP limit, unless an administrator asked to override. */
async function checkWipLimit(
  tx: Tx,
  actor: Actor,
  accountId: number,
  stage: StagePlace & { wipLimit: number | null; name: string },
  override: boolean | undefined,
  cardId?: string,
) {
  if (stage.wipLimit === null) return false;
  const cards = await countActiveCardsInStage(tx, accountId, stage, cardId);
  if (cards < stage.wipLimit) return false;
  if (override) {
    authorize(actor, 'card:override_wip_limit', { accountId });
    return true;
  }
  throw conflict(`The stage ${stage.name} is at its WIP limit (${stage.wipLimit} cards)`, {
    reason: 'wip_limit',
    stage_id: stage.id,
    wip_limit: stage.wipLimit,
    cards,
  });
}

async function checkAssignee(tx: Tx, accountId: number, userId: string | null | undefined) {
  if (userId && !(await isMember(tx, accountId, userId))) {
    throw badRequest('assignee_user_id is not a member of this account');
  }
}

export async function createCard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  input: CreateCard,
): Promise<Card> {
  const { card, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const board = await findBoard(tx, accountId, boardId, true);
    if (!board) throw notFound('Board');
    if (board.archivedAt) throw conflict('This board is archived: restore it before adding cards');
    const stages = await listStages(tx, accountId, [boardId]);
    const stage = input.stage_id ? stages.find((row) => row.id === input.stage_id) : stages[0];
    if (!stage) throw input.stage_id ? notFound('Stage') : conflict('This board has no stages yet');
    const wipOverride = await checkWipLimit(tx, actor, accountId, stage, false);
    await checkAssignee(tx, accountId, input.assignee_user_id);
    let conversationFields: Partial<CardPatch> = {};
    if (input.conversation_display_id !== undefined) {
      const conversation = await findMirroredConversation(tx, accountId, input.conversation_display_id);
      const scope = await scopeOf(tx, actor, accountId);
      const visible =
        conversation &&
        (scope.all ||
          can(actor, 'conversation:read', {
            accountId,
            chatwootInboxId: conversation.chatwootInboxId,
            actorInboxIds: scope.inboxIds,
          }));
      if (!conversation || !visible) throw notFound('Conversation');
      conversationFields = {
        conversationDisplayId: conversation.displayId,
        conversationStatus: conversation.status,
        contactId: conversation.contactId,
        contactName: conversation.contactName,
        contactPhone: conversation.contactPhone,
        contactEmail: conversation.contactEmail,
        inboxId: conversation.chatwootInboxId,
        teamId: conversation.teamId,
        labels: conversation.labels,
        statusAt: conversation.sourceUpdatedAt,
        labelsAt: conversation.sourceUpdatedAt,
        lastActivityAt: conversation.lastActivityAt,
        firstReplyAt: conversation.firstReplyAt,
        waitingSince: conversation.waitingSince,
      };
    }
    const title =
      input.title ?? conversationFields.contactName ?? `Conversa #${input.conversation_display_id ?? ''}`;
    const created = await insertCard(tx, accountId, {
      boardId,
      stageId: stage.id,
      position: await placeInStage(tx, accountId, stage, undefined),
      title,
      description: input.description ?? null,
      assigneeUserId: input.assignee_user_id ?? null,
      priority: input.priority ?? null,
      dueAt: input.due_at ? new Date(input.due_at) : null,
      value: input.value ?? null,
      customAttributes: input.custom_attributes ?? {},
      ...conversationFields,
      ...(input.labels ? { labels: input.labels } : {}),
    });
    if (!created) throw conflict('This board already has a card for that conversation');
    await insertCardEvent(tx, accountId, {
      boardId,
      cardId: created.id,
      type: 'create',
      toStageId: stage.id,
      actorUserId: actorUserId(actor),
      cause: 'user',
      data: {
        position: created.position,
        version: created.version,
        ...(wipOverride ? { wip_override: true } : {}),
      },
    });
    return cardWithDelivery(tx, accountId, created, (view) => ({
      type: 'card.created',
      board_id: boardId,
      card: view,
    }));
  });
  await publish(deps, accountId, [delivery]);
  queueStageActions(deps, accountId, card.id);
  return card;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function changeCard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  input: UpdateCard,
): Promise<Card> {
  const { card, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await visibleCard(tx, actor, accountId, boardId, cardId, true);
    const board = await findBoard(tx, accountId, boardId);
    await checkAssignee(tx, accountId, input.assignee_user_id);
    const outcome = input.outcome !== undefined ? input.outcome : current.outcome;
    const lossReason =
      outcome === 'lost' ? (input.loss_reason !== undefined ? input.loss_reason : current.lossReason) : null;
    if (input.loss_reason && outcome !== 'lost') throw badRequest('A loss reason goes with the outcome lost');
    if (lossReason !== null && !board?.lossReasons.includes(lossReason)) {
      throw badRequest("loss_reason must be one of the board's loss reasons", {
        loss_reasons: board?.lossReasons,
      });
    }
    const next: CardPatch = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.assignee_user_id !== undefined ? { assigneeUserId: input.assignee_user_id } : {}),
      ...(input.labels !== undefined ? { labels: input.labels } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.due_at !== undefined ? { dueAt: input.due_at ? new Date(input.due_at) : null } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.custom_attributes !== undefined ? { customAttributes: input.custom_attributes } : {}),
      ...(input.outcome !== undefined || input.loss_reason !== undefined ? { outcome, lossReason } : {}),
    };
    const changed = Object.entries(next).filter(
      ([key, value]) => !same(current[key as keyof CardRow], value),
    );
    if (changed.length === 0) return { card: await cardView(tx, accountId, current), delivery: undefined };
    const updated = await updateCard(tx, accountId, cardId, Object.fromEntries(changed));
    const changes = Object.fromEntries(
      changed
        .filter(([key]) => key !== 'assigneeUserId')
        .map(([key, value]) => [key, { from: current[key as keyof CardRow], to: value }]),
    );
    const base = { boardId, cardId, actorUserId: actorUserId(actor), cause: 'user' as const };
    if (changed.some(([key]) => key === 'assigneeUserId')) {
      await insertCardEvent(tx, accountId, {
        ...base,
        type: 'assign',
        data: { from: current.assigneeUserId, to: updated.assigneeUserId, version: updated.version },
      });
    }
    if (Object.keys(changes).length > 0) {
      await insertCardEvent(tx, accountId, {
        ...base,
        type: 'update',
        data: { changes, version: updated.version },
      });
    }
    return cardWithDelivery(tx, accountId, updated, (view) => ({
      type: 'card.updated',
      board_id: boardId,
      card: view,
    }));
  });
  if (delivery) await publish(deps, accountId, [delivery]);
  return card;
}

/**
 * Moves a card within or across stages as one write of the card row (and its event). The row is locked
 * first, so two concurrent moves apply one after the other: the later commit is the final state, and
 * each event carries the position and version its move produced. Leaving a stage needs its required
 * checklist items done; entering one needs room under its WIP limit. A person's move across stages
 * makes automation leave the card alone until the conversation's status changes.
 */
export async function moveCard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  input: MoveCard,
): Promise<Card> {
  const { card, delivery, label, entersActions } = await deps.database.tenant(accountId, async (tx) => {
    const current = await visibleCard(tx, actor, accountId, boardId, cardId, true);
    if (current.archivedAt) throw conflict('This card is archived: restore it before moving it');
    const target = await findStage(tx, accountId, boardId, input.stage_id, true);
    if (!target) throw notFound('Stage');
    const leaving = target.id !== current.stageId;
    let wipOverride = false;
    if (leaving) {
      const pending = await pendingRequiredItems(tx, accountId, cardId);
      if (pending.length > 0) {
        throw conflict(
          `Finish the required checklist items before this card leaves its stage: ${pending.map((item) => item.text).join('; ')}`,
          { reason: 'checklist_required', stage_id: current.stageId, items: pending },
        );
      }
      wipOverride = await checkWipLimit(tx, actor, accountId, target, input.override_wip_limit, cardId);
    }
    const position = await placeInStage(tx, accountId, target, input.after_card_id, cardId);
    const updated = await updateCard(tx, accountId, cardId, {
      stageId: target.id,
      position,
      ...(leaving
        ? {
            stageEnteredAt: new Date(),
            slaBreachedAt: null,
            manualStageUntilStatusChange: current.conversationDisplayId !== null,
          }
        : {}),
    });
    await insertCardEvent(tx, accountId, {
      boardId,
      cardId,
      type: 'move',
      fromStageId: current.stageId,
      toStageId: target.id,
      actorUserId: actorUserId(actor),
      cause: 'user',
      data: { position, version: updated.version, ...(wipOverride ? { wip_override: true } : {}) },
    });
    const labelToApply =
      leaving && target.mapsLabel && updated.conversationDisplayId !== null ? target.mapsLabel : undefined;
    return {
      ...(await cardWithDelivery(tx, accountId, updated, (view) => ({
        type: 'card.moved',
        board_id: boardId,
        from_stage_id: current.stageId,
        card: view,
      }))),
      label: labelToApply,
      entersActions: leaving && target.actions.length > 0,
    };
  });
  await publish(deps, accountId, [delivery]);
  // Only entering a stage with actions plans runs; whatever else a crash left unplanned, the sweep plans.
  if (entersActions) queueStageActions(deps, accountId, card.id);
  if (label && card.conversation_display_id !== null) {
    await applyLabelInChatwoot(deps, actor, accountId, card, label);
  }
  return card;
}

/**
 * A card moved into a label's stage gets that label in Chatwoot, through the account's connection. The
 * outcome (done, or why not) joins the card's history, so a failure is visible on the card.
 */
async function applyLabelInChatwoot(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  card: Card,
  label: string,
) {
  const displayId = card.conversation_display_id as number;
  let error: string | undefined;
  try {
    if (!deps.chatwoot) throw new Error('Chatwoot is not configured');
    const auth = await connectionAuth(deps, accountId);
    await editConversationLabels(deps.chatwoot, auth, accountId, displayId, (labels) =>
      labels.includes(label) ? labels : [...labels, label],
    );
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
    deps.log.warn({ err: failure, card_id: card.id }, 'kanban could not apply a label in Chatwoot');
  }
  await deps.database.tenant(accountId, (tx) =>
    insertCardEvent(tx, accountId, {
      boardId: card.board_id,
      cardId: card.id,
      type: 'action',
      actorUserId: actorUserId(actor),
      cause: 'automation',
      data: { action: 'apply_label', label, ok: error === undefined, ...(error ? { error } : {}) },
    }),
  );
}

/** Archive (or restore) a card: it leaves the board's columns but keeps its history. */
export async function setCardArchived(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  archived: boolean,
): Promise<Card> {
  const { card, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await visibleCard(tx, actor, accountId, boardId, cardId, true);
    if ((current.archivedAt !== null) === archived) {
      return { card: await cardView(tx, accountId, current), delivery: undefined };
    }
    const updated = await updateCard(tx, accountId, cardId, { archivedAt: archived ? new Date() : null });
    await insertCardEvent(tx, accountId, {
      boardId,
      cardId,
      type: archived ? 'archive' : 'reopen',
      fromStageId: current.stageId,
      toStageId: current.stageId,
      actorUserId: actorUserId(actor),
      cause: 'user',
      data: { version: updated.version, ...(archived ? {} : { restored: true }) },
    });
    return cardWithDelivery(tx, accountId, updated, (view) =>
      archived
        ? { type: 'card.archived', board_id: boardId, card: view }
        : { type: 'card.created', board_id: boardId, card: view },
    );
  });
  if (delivery) await publish(deps, accountId, [delivery]);
  return card;
}

/** A card with history (anything after its creation) is archived instead, so metrics keep it. */
export async function removeCard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  const delivery = await deps.database.tenant(accountId, async (tx) => {
    const current = await visibleCard(tx, actor, accountId, boardId, cardId, true);
    if (await hasHistory(tx, accountId, cardId)) {
      throw conflict('This card has history: archive it instead (POST …/archive)');
    }
    const message: Delivery = {
      userIds: await audienceOf(tx, accountId, current.inboxId),
      event: { type: 'card.deleted', board_id: boardId, card_id: cardId },
    };
    await deleteCard(tx, accountId, cardId);
    return message;
  });
  await publish(deps, accountId, [delivery]);
}

export async function cardHistory(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    return (await listCardEvents(tx, accountId, cardId)).map(presentCardEvent);
  });
}

/** Links another conversation of the card's contact to the card. */
export async function linkCardConversation(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  displayId: number,
  link: boolean,
): Promise<Card> {
  const { card, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await visibleCard(tx, actor, accountId, boardId, cardId, true);
    if (link) {
      const conversation = await findMirroredConversation(tx, accountId, displayId);
      const scope = await scopeOf(tx, actor, accountId);
      if (
        !conversation ||
        !(
          scope.all ||
          can(actor, 'conversation:read', {
            accountId,
            chatwootInboxId: conversation.chatwootInboxId,
            actorInboxIds: scope.inboxIds,
          })
        )
      ) {
        throw notFound('Conversation');
      }
      if (current.contactId === null || conversation.contactId !== current.contactId) {
        throw badRequest("Only conversations of the card's own contact can be linked to it");
      }
      if (conversation.displayId === current.conversationDisplayId) {
        throw badRequest('This is already the conversation of the card');
      }
      if (!(await linkConversation(tx, accountId, cardId, displayId))) {
        return { card: await cardView(tx, accountId, current), delivery: undefined };
      }
    } else if (!(await unlinkConversation(tx, accountId, cardId, displayId))) {
      throw notFound('Linked conversation');
    }
    const updated = await updateCard(tx, accountId, cardId, {});
    await insertCardEvent(tx, accountId, {
      boardId,
      cardId,
      type: 'update',
      actorUserId: actorUserId(actor),
      cause: 'user',
      data: { [link ? 'linked_conversation' : 'unlinked_conversation']: displayId, version: updated.version },
    });
    return cardWithDelivery(tx, accountId, updated, (view) => ({
      type: 'card.updated',
      board_id: boardId,
      card: view,
    }));
  });
  if (delivery) await publish(deps, accountId, [delivery]);
  return card;
}

// Checklist

export async function checklistOf(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    return (await listChecklist(tx, accountId, cardId)).map(presentChecklistItem);
  });
}

export async function addChecklistItem(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  input: CreateChecklistItem,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId, true);
    const items = await listChecklist(tx, accountId, cardId);
    const item = await insertChecklistItem(tx, accountId, {
      cardId,
      text: input.text,
      requiredBeforeLeaving: input.required_before_leaving ?? false,
      position: (items.at(-1)?.position ?? 0) + POSITION_GAP,
    });
    return presentChecklistItem(item);
  });
}

export async function changeChecklistItem(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  itemId: string,
  input: UpdateChecklistItem,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId, true);
    const item = await findChecklistItem(tx, accountId, cardId, itemId);
    if (!item) throw notFound('Checklist item');
    let position: number | undefined;
    if (input.after_item_id !== undefined) {
      const others = (await listChecklist(tx, accountId, cardId)).filter((other) => other.id !== itemId);
      const index =
        input.after_item_id === null ? 0 : others.findIndex((other) => other.id === input.after_item_id) + 1;
      if (index === 0 && input.after_item_id !== null) throw notFound('Checklist item to place after');
      position =
        positionBetween(others[index - 1]?.position, others[index]?.position) ??
        ((others[index - 1]?.position ?? 0) + (others[index]?.position ?? 0)) / 2;
    }
    const updated = await updateChecklistItem(tx, accountId, itemId, {
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.done !== undefined ? { done: input.done } : {}),
      ...(input.required_before_leaving !== undefined
        ? { requiredBeforeLeaving: input.required_before_leaving }
        : {}),
      ...(position !== undefined ? { position } : {}),
    });
    return presentChecklistItem(updated);
  });
}

export async function removeChecklistItem(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  itemId: string,
) {
  await deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId, true);
    if (!(await findChecklistItem(tx, accountId, cardId, itemId))) throw notFound('Checklist item');
    await deleteChecklistItem(tx, accountId, itemId);
  });
}

// Notes

export async function notesOf(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    return (await listNotes(tx, accountId, cardId)).map(presentNote);
  });
}

export async function addNote(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  body: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    return presentNote(await insertNote(tx, accountId, { cardId, authorUserId: actorUserId(actor), body }));
  });
}

/** Its author edits or deletes a note; supervisors and administrators may delete anyone's. */
async function ownNote(
  tx: Tx,
  actor: Actor,
  accountId: number,
  cardId: string,
  noteId: string,
  deleting: boolean,
) {
  const note = await findNote(tx, accountId, cardId, noteId);
  if (!note) throw notFound('Note');
  const author = note.authorUserId !== null && note.authorUserId === actorUserId(actor);
  const moderator =
    actor.type === 'user' && (actor.isSuperAdmin || actor.role === 'admin' || actor.role === 'supervisor');
  if (!author && !(deleting && moderator)) throw forbidden('Only the author may change this note');
  return note;
}

export async function changeNote(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  noteId: string,
  body: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    await ownNote(tx, actor, accountId, cardId, noteId, false);
    return presentNote(await updateNote(tx, accountId, noteId, body));
  });
}

export async function removeNote(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  noteId: string,
) {
  await deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    await ownNote(tx, actor, accountId, cardId, noteId, true);
    await deleteNote(tx, accountId, noteId);
  });
}

import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  max,
  ne,
  or,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import { preparedPerHandle, type Tx } from '../../db/database';
import {
  accountUsers,
  boardStages,
  boards,
  cardChecklistItems,
  cardConversations,
  cardEvents,
  cardNotes,
  cards,
  conversations,
  inboxMembers,
  users,
} from '../../db/schema';

/** Every function takes the tenant transaction and the account id, and filters by it as well as RLS does. */
export type BoardRow = typeof boards.$inferSelect;
export type StageRow = typeof boardStages.$inferSelect;
export type CardRow = typeof cards.$inferSelect;
export type CardEventRow = typeof cardEvents.$inferSelect;
export type ChecklistItemRow = typeof cardChecklistItems.$inferSelect;
export type NoteRow = typeof cardNotes.$inferSelect;
export type NewCard = Omit<typeof cards.$inferInsert, 'accountId'>;
export type CardPatch = Partial<Omit<typeof cards.$inferInsert, 'id' | 'accountId' | 'boardId'>>;
export type NewCardEvent = Omit<typeof cardEvents.$inferInsert, 'accountId' | 'id'>;

/** Which Chatwoot inboxes' cards the caller sees; `all` for administrators. */
export type InboxScope = { all: true } | { all: false; inboxIds: readonly number[] };

const visibleIn = (scope: InboxScope): SQL | undefined =>
  scope.all
    ? undefined
    : scope.inboxIds.length > 0
      ? or(isNull(cards.inboxId), inArray(cards.inboxId, [...scope.inboxIds]))
      : isNull(cards.inboxId);

// Boards

export async function listBoards(tx: Tx, accountId: number, includeArchived: boolean) {
  return tx
    .select()
    .from(boards)
    .where(and(eq(boards.accountId, accountId), includeArchived ? undefined : isNull(boards.archivedAt)))
    .orderBy(desc(boards.isDefault), asc(boards.createdAt), asc(boards.id));
}

/** Whether the account has a board a new card could go on. */
export async function hasUnarchivedBoard(tx: Tx, accountId: number) {
  const [row] = await tx
    .select({ id: boards.id })
    .from(boards)
    .where(and(eq(boards.accountId, accountId), isNull(boards.archivedAt)))
    .limit(1);
  return row !== undefined;
}

/**
 * Who sees which cards, as statement parameters (`InboxScope` is the same rule with the inboxes looked up):
 * everything, or free cards and those of the inboxes `userId` belongs to (none without a user).
 */
export interface CardVisibility {
  seesAll: boolean;
  userId: string | null;
}

const boardById = preparedPerHandle((tx) =>
  tx
    .select()
    .from(boards)
    .where(and(eq(boards.accountId, sql.placeholder('accountId')), eq(boards.id, sql.placeholder('boardId'))))
    .prepare('kanban_board_by_id'),
);

/** A board for a read, by a statement prepared once per connection. */
export async function findBoardForRead(tx: Tx, accountId: number, boardId: string) {
  const [board] = await boardById(tx).execute({ accountId, boardId });
  return board;
}

const stagesWithVisibleCountsStatement = preparedPerHandle((tx) => {
  const visibleCounts = tx
    .select({ stageId: cards.stageId, count: sql<number>`count(*)::int`.as('count') })
    .from(cards)
    .where(
      and(
        eq(cards.accountId, sql.placeholder('accountId')),
        eq(cards.boardId, sql.placeholder('boardId')),
        isNull(cards.archivedAt),
        or(
          sql`${sql.placeholder('seesAll')}`,
          isNull(cards.inboxId),
          inArray(cards.inboxId, inboxesOfUser(tx, sql.placeholder('accountId'), sql.placeholder('userId'))),
        ),
      ),
    )
    .groupBy(cards.stageId)
    .as('visible_counts');
  return tx
    .select({ stage: boardStages, cardCount: sql<number>`coalesce(${visibleCounts.count}, 0)` })
    .from(boardStages)
    .leftJoin(visibleCounts, eq(visibleCounts.stageId, boardStages.id))
    .where(
      and(
        eq(boardStages.accountId, sql.placeholder('accountId')),
        eq(boardStages.boardId, sql.placeholder('boardId')),
      ),
    )
    .orderBy(asc(boardStages.position), asc(boardStages.id))
    .prepare('kanban_stages_with_visible_counts');
});

/**
 * A board's stages and the cards of each that `visibility` lets the caller see, in one statement prepared
 * once per connection (the inboxes of an agent looked up inside it).
 */
export async function stagesWithVisibleCounts(
  tx: Tx,
  accountId: number,
  boardId: string,
  visibility: CardVisibility,
) {
  const rows = await stagesWithVisibleCountsStatement(tx).execute({ accountId, boardId, ...visibility });
  return {
    stages: rows.map((row) => row.stage),
    counts: new Map(rows.map((row) => [row.stage.id, row.cardCount])),
  };
}

export async function findBoard(tx: Tx, accountId: number, boardId: string, lock = false) {
  const query = tx
    .select()
    .from(boards)
    .where(and(eq(boards.accountId, accountId), eq(boards.id, boardId)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertBoard(
  tx: Tx,
  accountId: number,
  values: Omit<typeof boards.$inferInsert, 'accountId'>,
) {
  const [row] = await tx
    .insert(boards)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function updateBoard(
  tx: Tx,
  accountId: number,
  boardId: string,
  patch: Partial<Omit<typeof boards.$inferInsert, 'id' | 'accountId'>>,
) {
  const [row] = await tx
    .update(boards)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(boards.accountId, accountId), eq(boards.id, boardId)))
    .returning();
  return row;
}

/** Clears the default flag of the account's other boards, so one stays default. */
export async function clearOtherDefaults(tx: Tx, accountId: number, boardId: string) {
  await tx
    .update(boards)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(boards.accountId, accountId), eq(boards.isDefault, true), ne(boards.id, boardId)));
}

export async function deleteBoard(tx: Tx, accountId: number, boardId: string) {
  await tx.delete(boards).where(and(eq(boards.accountId, accountId), eq(boards.id, boardId)));
}

export async function countCardsOfBoard(tx: Tx, accountId: number, boardId: string) {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(cards)
    .where(and(eq(cards.accountId, accountId), eq(cards.boardId, boardId)));
  return row?.count ?? 0;
}

// Stages

export async function listStages(tx: Tx, accountId: number, boardIds: readonly string[]) {
  if (boardIds.length === 0) return [];
  return tx
    .select()
    .from(boardStages)
    .where(and(eq(boardStages.accountId, accountId), inArray(boardStages.boardId, [...boardIds])))
    .orderBy(asc(boardStages.boardId), asc(boardStages.position), asc(boardStages.id));
}

const stageOfBoard = (tx: Tx) =>
  tx
    .select()
    .from(boardStages)
    .where(
      and(
        eq(boardStages.accountId, sql.placeholder('accountId')),
        eq(boardStages.boardId, sql.placeholder('boardId')),
        eq(boardStages.id, sql.placeholder('stageId')),
      ),
    );
const stageById = preparedPerHandle((tx) => stageOfBoard(tx).prepare('kanban_stage_by_id'));
const stageByIdForUpdate = preparedPerHandle((tx) =>
  stageOfBoard(tx).for('update').prepare('kanban_stage_by_id_for_update'),
);

/** A stage of the board, locked when asked; prepared once per connection, as every card move reads one. */
export async function findStage(tx: Tx, accountId: number, boardId: string, stageId: string, lock = false) {
  const [row] = await (lock ? stageByIdForUpdate : stageById)(tx).execute({ accountId, boardId, stageId });
  return row;
}

export async function insertStage(
  tx: Tx,
  accountId: number,
  values: Omit<typeof boardStages.$inferInsert, 'accountId'>,
) {
  const [row] = await tx
    .insert(boardStages)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function updateStage(
  tx: Tx,
  accountId: number,
  stageId: string,
  patch: Partial<Omit<typeof boardStages.$inferInsert, 'id' | 'accountId' | 'boardId'>>,
) {
  const [row] = await tx
    .update(boardStages)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(boardStages.accountId, accountId), eq(boardStages.id, stageId)))
    .returning();
  return row;
}

export async function deleteStage(tx: Tx, accountId: number, stageId: string) {
  await tx.delete(boardStages).where(and(eq(boardStages.accountId, accountId), eq(boardStages.id, stageId)));
}

/** Cards per stage of the given boards that the scope sees, archived ones left out. */
export async function countVisibleCardsByStage(
  tx: Tx,
  accountId: number,
  boardIds: readonly string[],
  scope: InboxScope,
) {
  if (boardIds.length === 0) return new Map<string, number>();
  const rows = await tx
    .select({ stageId: cards.stageId, count: sql<number>`count(*)::int` })
    .from(cards)
    .where(
      and(
        eq(cards.accountId, accountId),
        inArray(cards.boardId, [...boardIds]),
        isNull(cards.archivedAt),
        visibleIn(scope),
      ),
    )
    .groupBy(cards.stageId);
  return new Map(rows.map((row) => [row.stageId, row.count]));
}

/** A stage as placing and counting cards need it: the board as well lets these queries walk `cards_board_stage`. */
export interface StagePlace {
  id: string;
  boardId: string;
}

/** Every card of the stage counts against its WIP limit, whoever may see it. */
export async function countActiveCardsInStage(
  tx: Tx,
  accountId: number,
  stage: StagePlace,
  exceptCardId?: string,
) {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(cards)
    .where(
      and(
        eq(cards.accountId, accountId),
        eq(cards.boardId, stage.boardId),
        eq(cards.stageId, stage.id),
        isNull(cards.archivedAt),
        exceptCardId ? ne(cards.id, exceptCardId) : undefined,
      ),
    );
  return row?.count ?? 0;
}

export async function stageHasCards(tx: Tx, accountId: number, stageId: string) {
  const [row] = await tx
    .select({ id: cards.id })
    .from(cards)
    .where(and(eq(cards.accountId, accountId), eq(cards.stageId, stageId)))
    .limit(1);
  return row !== undefined;
}

/** Positions in order, so a new neighbour goes between two of them. */
export async function stagePositions(tx: Tx, accountId: number, boardId: string) {
  return tx
    .select({ id: boardStages.id, position: boardStages.position })
    .from(boardStages)
    .where(and(eq(boardStages.accountId, accountId), eq(boardStages.boardId, boardId)))
    .orderBy(asc(boardStages.position), asc(boardStages.id));
}

// Cards

export interface CardFilters {
  stageId?: string | undefined;
  assignee?: string | 'none' | undefined;
  inboxId?: number | undefined;
  teamId?: number | undefined;
  label?: string | undefined;
  conversationDisplayId?: number | undefined;
  text?: string | undefined;
  archived: boolean;
}

/** Keyset after (stage id, position, id): the order of a board read column by column. */
export interface CardCursor {
  stageId: string;
  position: number;
  id: string;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export async function listCards(
  tx: Tx,
  accountId: number,
  boardId: string,
  scope: InboxScope,
  filters: CardFilters,
  limit: number,
  after: CardCursor | undefined,
) {
  const text = filters.text ? likePattern(filters.text) : undefined;
  return tx
    .select()
    .from(cards)
    .where(
      and(
        eq(cards.accountId, accountId),
        eq(cards.boardId, boardId),
        filters.archived ? sql`${cards.archivedAt} is not null` : isNull(cards.archivedAt),
        visibleIn(scope),
        filters.stageId ? eq(cards.stageId, filters.stageId) : undefined,
        filters.assignee === 'none'
          ? isNull(cards.assigneeUserId)
          : filters.assignee
            ? eq(cards.assigneeUserId, filters.assignee)
            : undefined,
        filters.inboxId ? eq(cards.inboxId, filters.inboxId) : undefined,
        filters.teamId ? eq(cards.teamId, filters.teamId) : undefined,
        filters.label ? sql`${cards.labels} @> array[${filters.label}]::text[]` : undefined,
        filters.conversationDisplayId
          ? sql`(${cards.conversationDisplayId} = ${filters.conversationDisplayId} or exists (select 1 from ${cardConversations} where ${cardConversations.accountId} = ${accountId} and ${cardConversations.cardId} = ${cards.id} and ${cardConversations.conversationDisplayId} = ${filters.conversationDisplayId}))`
          : undefined,
        text
          ? sql`(${cards.title} ilike ${text} or ${cards.description} ilike ${text} or ${cards.contactName} ilike ${text} or ${cards.contactPhone} ilike ${text} or ${cards.contactEmail} ilike ${text})`
          : undefined,
        after
          ? sql`(${cards.stageId}, ${cards.position}, ${cards.id}) > (${after.stageId}::uuid, ${after.position}::double precision, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(cards.stageId), asc(cards.position), asc(cards.id))
    .limit(limit);
}

const cardOfBoard = (tx: Tx) =>
  tx
    .select()
    .from(cards)
    .where(
      and(
        eq(cards.accountId, sql.placeholder('accountId')),
        eq(cards.boardId, sql.placeholder('boardId')),
        eq(cards.id, sql.placeholder('cardId')),
      ),
    );
const cardById = preparedPerHandle((tx) => cardOfBoard(tx).prepare('kanban_card_by_id'));
const cardByIdForUpdate = preparedPerHandle((tx) =>
  cardOfBoard(tx).for('update').prepare('kanban_card_by_id_for_update'),
);

/** A card of the board, locked when asked; prepared once per connection, as every card change reads one. */
export async function findCard(tx: Tx, accountId: number, boardId: string, cardId: string, lock = false) {
  const [row] = await (lock ? cardByIdForUpdate : cardById)(tx).execute({ accountId, boardId, cardId });
  return row;
}

/** The cards of one conversation on every board, locked: automation changes them one transaction at a time. */
export async function lockCardsOfConversation(tx: Tx, accountId: number, displayId: number) {
  return tx
    .select()
    .from(cards)
    .where(and(eq(cards.accountId, accountId), eq(cards.conversationDisplayId, displayId)))
    .orderBy(asc(cards.id))
    .for('update');
}

/** Which of these conversations have a card on some board. */
export async function conversationsWithCards(tx: Tx, accountId: number, displayIds: readonly number[]) {
  const rows = await tx
    .selectDistinct({ displayId: cards.conversationDisplayId })
    .from(cards)
    .where(and(eq(cards.accountId, accountId), inArray(cards.conversationDisplayId, [...displayIds])));
  return rows.map((row) => row.displayId);
}

/** Inserts the card unless the board has one for that conversation already (then undefined). */
export async function insertCard(tx: Tx, accountId: number, values: NewCard) {
  const [row] = await tx
    .insert(cards)
    .values({ ...values, accountId })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** One write per change, and the version grows with each, so concurrent writers end in a known order. */
export async function updateCard(tx: Tx, accountId: number, cardId: string, patch: CardPatch) {
  const [row] = await tx
    .update(cards)
    .set({ ...patch, version: sql`${cards.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cards.accountId, accountId), eq(cards.id, cardId)))
    .returning();
  return row!;
}

export async function deleteCard(tx: Tx, accountId: number, cardId: string) {
  await tx.delete(cards).where(and(eq(cards.accountId, accountId), eq(cards.id, cardId)));
}

/** Where the stage's last card is, leaving out the one being moved; every move to a stage's end asks it. */
const lastPositionInStage = preparedPerHandle((tx) =>
  tx
    .select({ position: max(cards.position) })
    .from(cards)
    .where(
      and(
        eq(cards.accountId, sql.placeholder('accountId')),
        eq(cards.boardId, sql.placeholder('boardId')),
        eq(cards.stageId, sql.placeholder('stageId')),
        sql`${cards.id} is distinct from ${sql.placeholder('movingCardId')}::uuid`,
      ),
    )
    .prepare('kanban_last_position_in_stage'),
);

/** Positions of a stage's cards around `afterCardId` (or the top / bottom of the stage). */
export async function cardNeighbours(
  tx: Tx,
  accountId: number,
  stage: StagePlace,
  afterCardId: string | null | undefined,
  movingCardId?: string,
): Promise<{ before: number | undefined; after: number | undefined } | undefined> {
  if (afterCardId === undefined) {
    const [last] = await lastPositionInStage(tx).execute({
      accountId,
      boardId: stage.boardId,
      stageId: stage.id,
      movingCardId: movingCardId ?? null,
    });
    return { before: last?.position ?? undefined, after: undefined };
  }
  const others = and(
    eq(cards.accountId, accountId),
    eq(cards.boardId, stage.boardId),
    eq(cards.stageId, stage.id),
    movingCardId ? ne(cards.id, movingCardId) : undefined,
  );
  let before: number | undefined;
  if (afterCardId !== null) {
    const [anchor] = await tx
      .select({ position: cards.position })
      .from(cards)
      .where(and(others, eq(cards.id, afterCardId)));
    if (!anchor) return undefined;
    before = anchor.position;
  }
  const [next] = await tx
    .select({ position: cards.position })
    .from(cards)
    .where(and(others, before === undefined ? undefined : gt(cards.position, before)))
    .orderBy(asc(cards.position))
    .limit(1);
  return { before, after: next?.position };
}

/** Spreads a stage's cards evenly again when two neighbours left no room between them (rare). */
export async function respaceCards(tx: Tx, accountId: number, stageId: string, gap: number) {
  await tx.execute(sql`
    update ${cards} set position = ordered.rank * ${gap}
    from (select id, row_number() over (order by position, id) as rank
            from ${cards} where account_id = ${accountId} and stage_id = ${stageId}) ordered
    where ${cards.id} = ordered.id and ${cards.accountId} = ${accountId}`);
}

export async function respaceStages(tx: Tx, accountId: number, boardId: string, gap: number) {
  await tx.execute(sql`
    update ${boardStages} set position = ordered.rank * ${gap}
    from (select id, row_number() over (order by position, id) as rank
            from ${boardStages} where account_id = ${accountId} and board_id = ${boardId}) ordered
    where ${boardStages.id} = ordered.id and ${boardStages.accountId} = ${accountId}`);
}

export async function hasHistory(tx: Tx, accountId: number, cardId: string) {
  const [row] = await tx
    .select({ id: cardEvents.id })
    .from(cardEvents)
    .where(
      and(eq(cardEvents.accountId, accountId), eq(cardEvents.cardId, cardId), ne(cardEvents.type, 'create')),
    )
    .limit(1);
  return row !== undefined;
}

// Linked conversations

const linkedConversationsStatement = preparedPerHandle((tx) =>
  tx
    .select({ cardId: cardConversations.cardId, displayId: cardConversations.conversationDisplayId })
    .from(cardConversations)
    .where(
      and(
        eq(cardConversations.accountId, sql.placeholder('accountId')),
        // One parameter, not one per card: a page of 5,000 cards bound 5,000 parameters, whose parsing
        // and planning cost more than the lookup itself.
        sql`${cardConversations.cardId} = any(string_to_array(${sql.placeholder('cardIds')}, ',')::uuid[])`,
      ),
    )
    .orderBy(asc(cardConversations.createdAt), asc(cardConversations.conversationDisplayId))
    .prepare('kanban_linked_conversations'),
);

/** The conversations linked to each of these cards, oldest link first; every card's answer reads them. */
export async function linkedConversations(tx: Tx, accountId: number, cardIds: readonly string[]) {
  const links = new Map<string, number[]>();
  if (cardIds.length === 0) return links;
  const rows = await linkedConversationsStatement(tx).execute({ accountId, cardIds: cardIds.join(',') });
  for (const row of rows) links.set(row.cardId, [...(links.get(row.cardId) ?? []), row.displayId]);
  return links;
}

export async function linkConversation(tx: Tx, accountId: number, cardId: string, displayId: number) {
  const [row] = await tx
    .insert(cardConversations)
    .values({ accountId, cardId, conversationDisplayId: displayId })
    .onConflictDoNothing()
    .returning();
  return row !== undefined;
}

export async function unlinkConversation(tx: Tx, accountId: number, cardId: string, displayId: number) {
  const rows = await tx
    .delete(cardConversations)
    .where(
      and(
        eq(cardConversations.accountId, accountId),
        eq(cardConversations.cardId, cardId),
        eq(cardConversations.conversationDisplayId, displayId),
      ),
    )
    .returning();
  return rows.length > 0;
}

export async function findMirroredConversation(tx: Tx, accountId: number, displayId: number) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.displayId, displayId)));
  return row;
}

// Card events

/** Stamped with the statement's clock, not the transaction's: events of one transaction keep their order. */
export async function insertCardEvent(tx: Tx, accountId: number, event: NewCardEvent) {
  const [row] = await tx
    .insert(cardEvents)
    .values({ at: sql`clock_timestamp()`, ...event, accountId })
    .returning();
  return row!;
}

export async function listCardEvents(tx: Tx, accountId: number, cardId: string) {
  return tx
    .select()
    .from(cardEvents)
    .where(and(eq(cardEvents.accountId, accountId), eq(cardEvents.cardId, cardId)))
    .orderBy(asc(cardEvents.at), asc(cardEvents.id));
}

// Checklist

export async function listChecklist(tx: Tx, accountId: number, cardId: string) {
  return tx
    .select()
    .from(cardChecklistItems)
    .where(and(eq(cardChecklistItems.accountId, accountId), eq(cardChecklistItems.cardId, cardId)))
    .orderBy(asc(cardChecklistItems.position), asc(cardChecklistItems.id));
}

export async function findChecklistItem(tx: Tx, accountId: number, cardId: string, itemId: string) {
  const [row] = await tx
    .select()
    .from(cardChecklistItems)
    .where(
      and(
        eq(cardChecklistItems.accountId, accountId),
        eq(cardChecklistItems.cardId, cardId),
        eq(cardChecklistItems.id, itemId),
      ),
    );
  return row;
}

export async function insertChecklistItem(
  tx: Tx,
  accountId: number,
  values: Omit<typeof cardChecklistItems.$inferInsert, 'accountId'>,
) {
  const [row] = await tx
    .insert(cardChecklistItems)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function updateChecklistItem(
  tx: Tx,
  accountId: number,
  itemId: string,
  patch: Partial<Pick<ChecklistItemRow, 'text' | 'done' | 'requiredBeforeLeaving' | 'position'>>,
) {
  const [row] = await tx
    .update(cardChecklistItems)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(cardChecklistItems.accountId, accountId), eq(cardChecklistItems.id, itemId)))
    .returning();
  return row!;
}

export async function deleteChecklistItem(tx: Tx, accountId: number, itemId: string) {
  await tx
    .delete(cardChecklistItems)
    .where(and(eq(cardChecklistItems.accountId, accountId), eq(cardChecklistItems.id, itemId)));
}

const pendingRequiredItemsStatement = preparedPerHandle((tx) =>
  tx
    .select({ id: cardChecklistItems.id, text: cardChecklistItems.text })
    .from(cardChecklistItems)
    .where(
      and(
        eq(cardChecklistItems.accountId, sql.placeholder('accountId')),
        eq(cardChecklistItems.cardId, sql.placeholder('cardId')),
        eq(cardChecklistItems.requiredBeforeLeaving, true),
        eq(cardChecklistItems.done, false),
      ),
    )
    .orderBy(asc(cardChecklistItems.position))
    .prepare('kanban_pending_required_items'),
);

/** The required checklist items not done yet, which keep a card in its stage; asked by every move across stages. */
export async function pendingRequiredItems(tx: Tx, accountId: number, cardId: string) {
  return pendingRequiredItemsStatement(tx).execute({ accountId, cardId });
}

// Notes

export async function listNotes(tx: Tx, accountId: number, cardId: string) {
  return tx
    .select()
    .from(cardNotes)
    .where(and(eq(cardNotes.accountId, accountId), eq(cardNotes.cardId, cardId)))
    .orderBy(asc(cardNotes.createdAt), asc(cardNotes.id));
}

export async function findNote(tx: Tx, accountId: number, cardId: string, noteId: string) {
  const [row] = await tx
    .select()
    .from(cardNotes)
    .where(and(eq(cardNotes.accountId, accountId), eq(cardNotes.cardId, cardId), eq(cardNotes.id, noteId)));
  return row;
}

export async function insertNote(
  tx: Tx,
  accountId: number,
  values: Omit<typeof cardNotes.$inferInsert, 'accountId'>,
) {
  const [row] = await tx
    .insert(cardNotes)
    .values({ ...values, accountId })
    .returning();
  return row!;
}

export async function updateNote(tx: Tx, accountId: number, noteId: string, body: string) {
  const [row] = await tx
    .update(cardNotes)
    .set({ body, updatedAt: new Date() })
    .where(and(eq(cardNotes.accountId, accountId), eq(cardNotes.id, noteId)))
    .returning();
  return row!;
}

export async function deleteNote(tx: Tx, accountId: number, noteId: string) {
  await tx.delete(cardNotes).where(and(eq(cardNotes.accountId, accountId), eq(cardNotes.id, noteId)));
}

// People

/** The Chatwoot inboxes a user belongs to in the account, as a query (values or statement parameters). */
function inboxesOfUser(tx: Tx, accountId: number | Placeholder, userId: string | Placeholder) {
  return tx
    .select({ inboxId: inboxMembers.chatwootInboxId })
    .from(inboxMembers)
    .innerJoin(users, eq(users.chatwootUserId, inboxMembers.chatwootUserId))
    .where(and(eq(inboxMembers.accountId, accountId), eq(users.id, userId)));
}

export async function inboxIdsOf(tx: Tx, accountId: number, userId: string): Promise<number[]> {
  const rows = await inboxesOfUser(tx, accountId, userId);
  return rows.map((row) => row.inboxId);
}

const accountAudience = preparedPerHandle((tx) =>
  tx
    .select({ userId: accountUsers.userId })
    .from(accountUsers)
    .where(eq(accountUsers.accountId, sql.placeholder('accountId')))
    .prepare('kanban_account_audience'),
);
const inboxAudience = preparedPerHandle((tx) =>
  tx
    .select({ userId: accountUsers.userId })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(
      and(
        eq(accountUsers.accountId, sql.placeholder('accountId')),
        or(
          eq(accountUsers.role, 'admin'),
          sql`exists (select 1 from ${inboxMembers} im where im.account_id = ${sql.placeholder('accountId')}
               and im.chatwoot_inbox_id = ${sql.placeholder('inboxId')} and im.chatwoot_user_id = ${users.chatwootUserId})`,
        ),
      ),
    )
    .prepare('kanban_inbox_audience'),
);

/** Members who may see a card of this inbox: administrators, and members of the inbox (everyone for a free card). */
export async function audienceOf(tx: Tx, accountId: number, inboxId: number | null): Promise<string[]> {
  const rows =
    inboxId === null
      ? await accountAudience(tx).execute({ accountId })
      : await inboxAudience(tx).execute({ accountId, inboxId });
  return rows.map((row) => row.userId);
}

export async function isMember(tx: Tx, accountId: number, userId: string) {
  const [row] = await tx
    .select({ userId: accountUsers.userId })
    .from(accountUsers)
    .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
  return row !== undefined;
}

/** The Hub user behind a Chatwoot user id who holds a seat in the account. */
export async function memberByChatwootId(tx: Tx, accountId: number, chatwootUserId: number) {
  const [row] = await tx
    .select({ userId: users.id })
    .from(users)
    .innerJoin(accountUsers, and(eq(accountUsers.userId, users.id), eq(accountUsers.accountId, accountId)))
    .where(eq(users.chatwootUserId, chatwootUserId))
    .limit(1);
  return row?.userId;
}

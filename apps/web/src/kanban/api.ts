import {
  type AddBoardStage,
  type Board,
  type BoardMetrics,
  boardListSchema,
  boardMetricsSchema,
  boardSchema,
  type Card,
  type CardEvent,
  type CardListQuery,
  type CardNote,
  type ChecklistItem,
  type CreateTimeRule,
  cardEventListSchema,
  cardNoteListSchema,
  cardNoteSchema,
  cardPageSchema,
  cardSchema,
  checklistItemSchema,
  checklistSchema,
  inboxListSchema,
  type MoveCard,
  memberListSchema,
  type Team,
  type TimeRule,
  teamListSchema,
  timeRuleListSchema,
  timeRuleSchema,
  type UpdateBoard,
  type UpdateBoardStage,
  type UpdateCard,
  type UpdateChecklistItem,
  type UpdateTimeRule,
  webhookKeyRevealSchema,
  webhookKeySchema,
} from '@whatpro/contracts';
import type { z } from 'zod';
import { type ApiClient, call } from '../api/client';

const noContent = { safeParse: (data: unknown) => ({ success: true as const, data }) };
const blob = {
  safeParse: (data: unknown) =>
    data instanceof Blob
      ? { success: true as const, data }
      : { success: false as const, error: 'not a file' },
};

export type CardFilterQuery = Pick<CardListQuery, 'assignee' | 'inbox_id' | 'team_id' | 'label' | 'q'>;

/** Every Kanban call of the web app, typed by the server's OpenAPI document and checked against the contracts. */
export function kanbanApi(api: Pick<ApiClient, 'client'>, accountId: number) {
  const { client } = api;
  const board = (boardId: string) => ({ path: { accountId, boardId } });
  const card = (boardId: string, cardId: string) => ({ path: { accountId, boardId, cardId } });

  async function listCards(boardId: string, query: CardListQuery, signal?: AbortSignal): Promise<Card[]> {
    const cards: Card[] = [];
    let cursor: string | undefined;
    // A board larger than one page is read page by page; the server caps a page at 5,000 cards.
    do {
      const page = await call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/cards', {
          params: { ...board(boardId), query: { ...query, limit: 5_000, ...(cursor ? { cursor } : {}) } },
          signal,
        }),
        cardPageSchema,
        { signal },
      );
      cards.push(...page.cards);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return cards;
  }

  return {
    accountId,
    listBoards: (signal?: AbortSignal): Promise<Board[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards', { params: { path: { accountId } }, signal }),
        boardListSchema,
        { signal },
      ).then((list) => list.boards),
    getBoard: (boardId: string, signal?: AbortSignal): Promise<Board> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}', { params: board(boardId), signal }),
        boardSchema,
        { signal },
      ),
    updateBoard: (boardId: string, body: UpdateBoard): Promise<Board> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/boards/{boardId}', { params: board(boardId), body }),
        boardSchema,
      ),
    addStage: (boardId: string, body: AddBoardStage): Promise<Board> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/boards/{boardId}/stages', { params: board(boardId), body }),
        boardSchema,
      ),
    updateStage: (boardId: string, stageId: string, body: UpdateBoardStage): Promise<Board> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/boards/{boardId}/stages/{stageId}', {
          params: { path: { accountId, boardId, stageId } },
          body,
        }),
        boardSchema,
      ),
    deleteStage: (boardId: string, stageId: string): Promise<Board> =>
      call(
        client.DELETE('/api/v1/accounts/{accountId}/boards/{boardId}/stages/{stageId}', {
          params: { path: { accountId, boardId, stageId } },
        }),
        boardSchema,
      ),
    listCards,
    /** The card of a Chatwoot conversation on any board the caller may read, or null. */
    async findConversationCard(
      displayId: number,
      signal?: AbortSignal,
    ): Promise<{ board: Board; card: Card } | null> {
      const boards = await call(
        client.GET('/api/v1/accounts/{accountId}/boards', { params: { path: { accountId } }, signal }),
        boardListSchema,
        { signal },
      );
      for (const candidate of boards.boards.filter((item) => item.archived_at === null)) {
        const [found] = await listCards(candidate.id, { conversation_display_id: displayId }, signal);
        if (found) return { board: candidate, card: found };
      }
      return null;
    },
    getCard: (boardId: string, cardId: string, signal?: AbortSignal): Promise<Card> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}', {
          params: card(boardId, cardId),
          signal,
        }),
        cardSchema,
        { signal },
      ),
    updateCard: (boardId: string, cardId: string, body: UpdateCard): Promise<Card> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}', {
          params: card(boardId, cardId),
          body,
        }),
        cardSchema,
      ),
    moveCard: (boardId: string, cardId: string, body: MoveCard): Promise<Card> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/move', {
          params: card(boardId, cardId),
          body,
        }),
        cardSchema,
      ),
    history: (boardId: string, cardId: string, signal?: AbortSignal): Promise<CardEvent[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/events', {
          params: card(boardId, cardId),
          signal,
        }),
        cardEventListSchema,
        { signal },
      ).then((list) => list.events),
    checklist: (boardId: string, cardId: string, signal?: AbortSignal): Promise<ChecklistItem[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist', {
          params: card(boardId, cardId),
          signal,
        }),
        checklistSchema,
        { signal },
      ).then((list) => list.items),
    addChecklistItem: (boardId: string, cardId: string, text: string, required: boolean) =>
      call(
        client.POST('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist', {
          params: card(boardId, cardId),
          body: { text, required_before_leaving: required },
        }),
        checklistItemSchema,
      ),
    updateChecklistItem: (boardId: string, cardId: string, itemId: string, body: UpdateChecklistItem) =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist/{itemId}', {
          params: { path: { accountId, boardId, cardId, itemId } },
          body,
        }),
        checklistItemSchema,
      ),
    deleteChecklistItem: (boardId: string, cardId: string, itemId: string) =>
      call(
        client.DELETE('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist/{itemId}', {
          params: { path: { accountId, boardId, cardId, itemId } },
        }),
        noContent,
      ),
    notes: (boardId: string, cardId: string, signal?: AbortSignal): Promise<CardNote[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/notes', {
          params: card(boardId, cardId),
          signal,
        }),
        cardNoteListSchema,
        { signal },
      ).then((list) => list.notes),
    addNote: (boardId: string, cardId: string, body: string): Promise<CardNote> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/notes', {
          params: card(boardId, cardId),
          body: { body },
        }),
        cardNoteSchema,
      ),
    metrics: (
      boardId: string,
      range: { from: string; to: string },
      signal?: AbortSignal,
    ): Promise<BoardMetrics> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/metrics', {
          params: { ...board(boardId), query: range },
          signal,
        }),
        boardMetricsSchema,
        { signal },
      ),
    /** The board's cards (or one stage's) with their times, as a CSV file. */
    metricsCsv: (boardId: string, range: { from: string; to: string }, stageId?: string): Promise<Blob> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/metrics.csv', {
          params: { ...board(boardId), query: { ...range, ...(stageId ? { stage_id: stageId } : {}) } },
          parseAs: 'blob',
        }),
        blob,
      ),
    timeRules: (boardId: string, signal?: AbortSignal): Promise<TimeRule[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/boards/{boardId}/time-rules', {
          params: board(boardId),
          signal,
        }),
        timeRuleListSchema,
        { signal },
      ).then((list) => list.rules),
    createTimeRule: (boardId: string, body: CreateTimeRule): Promise<TimeRule> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/boards/{boardId}/time-rules', {
          params: board(boardId),
          body,
        }),
        timeRuleSchema,
      ),
    updateTimeRule: (boardId: string, ruleId: string, body: UpdateTimeRule): Promise<TimeRule> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/boards/{boardId}/time-rules/{ruleId}', {
          params: { path: { accountId, boardId, ruleId } },
          body,
        }),
        timeRuleSchema,
      ),
    deleteTimeRule: (boardId: string, ruleId: string) =>
      call(
        client.DELETE('/api/v1/accounts/{accountId}/boards/{boardId}/time-rules/{ruleId}', {
          params: { path: { accountId, boardId, ruleId } },
        }),
        noContent,
      ),
    webhookKey: (signal?: AbortSignal) =>
      call(
        client.GET('/api/v1/accounts/{accountId}/kanban/webhook-key', {
          params: { path: { accountId } },
          signal,
        }),
        webhookKeySchema,
        { signal },
      ),
    revealWebhookKey: () =>
      call(
        client.POST('/api/v1/accounts/{accountId}/kanban/webhook-key/reveal', {
          params: { path: { accountId } },
        }),
        webhookKeyRevealSchema,
      ),
    rotateWebhookKey: () =>
      call(
        client.POST('/api/v1/accounts/{accountId}/kanban/webhook-key/rotate', {
          params: { path: { accountId } },
        }),
        webhookKeyRevealSchema,
      ),
    members: (signal?: AbortSignal): Promise<z.infer<typeof memberListSchema>['members']> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/members', { params: { path: { accountId } }, signal }),
        memberListSchema,
        { signal },
      ).then((list) => list.members),
    inboxes: (signal?: AbortSignal) =>
      call(
        client.GET('/api/v1/accounts/{accountId}/inboxes', { params: { path: { accountId } }, signal }),
        inboxListSchema,
        { signal },
      ).then((list) => list.inboxes),
    teams: (signal?: AbortSignal): Promise<Team[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/teams', { params: { path: { accountId } }, signal }),
        teamListSchema,
        { signal },
      ).then((list) => list.teams),
  };
}

export type KanbanApi = ReturnType<typeof kanbanApi>;

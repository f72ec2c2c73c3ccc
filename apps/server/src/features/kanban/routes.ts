import {
  addBoardStageSchema,
  boardListSchema,
  boardSchema,
  cardEventListSchema,
  cardListQuerySchema,
  cardNoteBodySchema,
  cardNoteListSchema,
  cardNoteSchema,
  cardPageSchema,
  cardSchema,
  checklistItemSchema,
  checklistSchema,
  createBoardSchema,
  createCardSchema,
  createChecklistItemSchema,
  linkCardConversationSchema,
  moveCardSchema,
  updateBoardSchema,
  updateBoardStageSchema,
  updateCardSchema,
  updateChecklistItemSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import {
  addChecklistItem,
  addNote,
  cardHistory,
  changeCard,
  changeChecklistItem,
  changeNote,
  checklistOf,
  createCard,
  getCard,
  linkCardConversation,
  listBoardCards,
  moveCard,
  notesOf,
  removeCard,
  removeChecklistItem,
  removeNote,
  setCardArchived,
} from './cards';
import {
  addStage,
  changeBoard,
  changeStage,
  createBoard,
  getBoard,
  listBoardsFor,
  removeBoard,
  removeStage,
} from './service';

const boardParams = accountParams.extend({ boardId: z.uuid() });
const stageParams = boardParams.extend({ stageId: z.uuid() });
const cardParams = boardParams.extend({ cardId: z.uuid() });
const linkParams = cardParams.extend({ displayId: z.coerce.number().int().positive().max(2_147_483_647) });
const itemParams = cardParams.extend({ itemId: z.uuid() });
const noteParams = cardParams.extend({ noteId: z.uuid() });
const BASE = '/accounts/:accountId/boards';
const tags = ['kanban'];

export async function kanbanRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const actorOf = (request: { actor?: Actor }) => request.actor as Actor;

  app.get(
    BASE,
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags,
        summary: "The account's boards with their stages and the caller's card counts",
        params: accountParams,
        querystring: z.strictObject({ archived: z.enum(['true', 'false']).optional() }),
        response: { 200: boardListSchema },
      },
    },
    async (request) => ({
      boards: await listBoardsFor(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.query.archived === 'true',
      ),
    }),
  );

  app.post(
    BASE,
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags,
        summary: 'Create a board with its stages',
        params: accountParams,
        body: createBoardSchema,
        response: { 201: boardSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createBoard(app.deps, actorOf(request), request.params.accountId, request.body)),
  );

  app.get(
    `${BASE}/:boardId`,
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags,
        summary: 'A board with its stages',
        params: boardParams,
        response: { 200: boardSchema },
      },
    },
    async (request) => getBoard(app.deps, actorOf(request), request.params.accountId, request.params.boardId),
  );

  app.patch(
    `${BASE}/:boardId`,
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags,
        summary: 'Change a board (name, filters, loss reasons, default, archived)',
        params: boardParams,
        body: updateBoardSchema,
        response: { 200: boardSchema },
      },
    },
    async (request) =>
      changeBoard(app.deps, actorOf(request), request.params.accountId, request.params.boardId, request.body),
  );

  app.delete(
    `${BASE}/:boardId`,
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags,
        summary: 'Delete a board without cards (one with cards is archived instead)',
        params: boardParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeBoard(app.deps, request.params.accountId, request.params.boardId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${BASE}/:boardId/stages`,
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags,
        summary: 'Add a stage to a board',
        params: boardParams,
        body: addBoardStageSchema,
        response: { 201: boardSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addStage(
            app.deps,
            actorOf(request),
            request.params.accountId,
            request.params.boardId,
            request.body,
          ),
        ),
  );

  app.patch(
    `${BASE}/:boardId/stages/:stageId`,
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags,
        summary: 'Change or reorder a stage',
        params: stageParams,
        body: updateBoardStageSchema,
        response: { 200: boardSchema },
      },
    },
    async (request) =>
      changeStage(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.stageId,
        request.body,
      ),
  );

  app.delete(
    `${BASE}/:boardId/stages/:stageId`,
    {
      config: { access: 'boards:manage:account' },
      schema: { tags, summary: 'Delete an empty stage', params: stageParams, response: { 200: boardSchema } },
    },
    async (request) =>
      removeStage(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.stageId,
      ),
  );

  app.get(
    `${BASE}/:boardId/cards`,
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags,
        summary: 'Cards of a board the caller may see, column by column, with filters',
        params: boardParams,
        querystring: cardListQuerySchema,
        response: { 200: cardPageSchema },
      },
    },
    async (request) =>
      listBoardCards(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.query,
      ),
  );

  app.post(
    `${BASE}/:boardId/cards`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Create a card for a conversation, or a free card',
        params: boardParams,
        body: createCardSchema,
        response: { 201: cardSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createCard(
            app.deps,
            actorOf(request),
            request.params.accountId,
            request.params.boardId,
            request.body,
          ),
        ),
  );

  app.get(
    `${BASE}/:boardId/cards/:cardId`,
    {
      config: { access: 'boards:read:account' },
      schema: { tags, summary: 'A card', params: cardParams, response: { 200: cardSchema } },
    },
    async (request) =>
      getCard(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
  );

  app.patch(
    `${BASE}/:boardId/cards/:cardId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Change a card (details, assignee, labels, outcome)',
        params: cardParams,
        body: updateCardSchema,
        response: { 200: cardSchema },
      },
    },
    async (request) =>
      changeCard(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.body,
      ),
  );

  app.delete(
    `${BASE}/:boardId/cards/:cardId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Delete a card without history (one with history is archived instead)',
        params: cardParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeCard(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${BASE}/:boardId/cards/:cardId/move`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary:
          'Move a card within or across stages (409 at a WIP limit or with required checklist items open)',
        params: cardParams,
        body: moveCardSchema,
        response: { 200: cardSchema },
      },
    },
    async (request) =>
      moveCard(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.body,
      ),
  );

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `${BASE}/:boardId/cards/:cardId/${action}`,
      {
        config: { access: 'cards:write:account' },
        schema: {
          tags,
          summary: archived ? 'Archive a card (it keeps its history)' : 'Bring an archived card back',
          params: cardParams,
          response: { 200: cardSchema },
        },
      },
      async (request) =>
        setCardArchived(
          app.deps,
          actorOf(request),
          request.params.accountId,
          request.params.boardId,
          request.params.cardId,
          archived,
        ),
    );
  }

  app.get(
    `${BASE}/:boardId/cards/:cardId/events`,
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags,
        summary: "A card's history",
        params: cardParams,
        response: { 200: cardEventListSchema },
      },
    },
    async (request) => ({
      events: await cardHistory(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
    }),
  );

  app.post(
    `${BASE}/:boardId/cards/:cardId/conversations`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: "Link another conversation of the card's contact",
        params: cardParams,
        body: linkCardConversationSchema,
        response: { 200: cardSchema },
      },
    },
    async (request) =>
      linkCardConversation(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.body.conversation_display_id,
        true,
      ),
  );

  app.delete(
    `${BASE}/:boardId/cards/:cardId/conversations/:displayId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Unlink a linked conversation',
        params: linkParams,
        response: { 200: cardSchema },
      },
    },
    async (request) =>
      linkCardConversation(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.displayId,
        false,
      ),
  );

  app.get(
    `${BASE}/:boardId/cards/:cardId/checklist`,
    {
      config: { access: 'boards:read:account' },
      schema: { tags, summary: "A card's checklist", params: cardParams, response: { 200: checklistSchema } },
    },
    async (request) => ({
      items: await checklistOf(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
    }),
  );

  app.post(
    `${BASE}/:boardId/cards/:cardId/checklist`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Add a checklist item',
        params: cardParams,
        body: createChecklistItemSchema,
        response: { 201: checklistItemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addChecklistItem(
            app.deps,
            actorOf(request),
            request.params.accountId,
            request.params.boardId,
            request.params.cardId,
            request.body,
          ),
        ),
  );

  app.patch(
    `${BASE}/:boardId/cards/:cardId/checklist/:itemId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Tick, rename, require or reorder a checklist item',
        params: itemParams,
        body: updateChecklistItemSchema,
        response: { 200: checklistItemSchema },
      },
    },
    async (request) =>
      changeChecklistItem(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.itemId,
        request.body,
      ),
  );

  app.delete(
    `${BASE}/:boardId/cards/:cardId/checklist/:itemId`,
    {
      config: { access: 'cards:write:account' },
      schema: { tags, summary: 'Delete a checklist item', params: itemParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeChecklistItem(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.itemId,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${BASE}/:boardId/cards/:cardId/notes`,
    {
      config: { access: 'boards:read:account' },
      schema: { tags, summary: "A card's notes", params: cardParams, response: { 200: cardNoteListSchema } },
    },
    async (request) => ({
      notes: await notesOf(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
    }),
  );

  app.post(
    `${BASE}/:boardId/cards/:cardId/notes`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Add a note to a card',
        params: cardParams,
        body: cardNoteBodySchema,
        response: { 201: cardNoteSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addNote(
            app.deps,
            actorOf(request),
            request.params.accountId,
            request.params.boardId,
            request.params.cardId,
            request.body.body,
          ),
        ),
  );

  app.patch(
    `${BASE}/:boardId/cards/:cardId/notes/:noteId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Edit your note',
        params: noteParams,
        body: cardNoteBodySchema,
        response: { 200: cardNoteSchema },
      },
    },
    async (request) =>
      changeNote(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.noteId,
        request.body.body,
      ),
  );

  app.delete(
    `${BASE}/:boardId/cards/:cardId/notes/:noteId`,
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags,
        summary: 'Delete a note (yours; supervisors and administrators any)',
        params: noteParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeNote(
        app.deps,
        actorOf(request),
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.noteId,
      );
      return reply.code(204).send(null);
    },
  );
}

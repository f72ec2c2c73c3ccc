import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { type ApiKeyScope, accountRoles, apiKeyScopes, type Permission, roleCan } from '@whatpro/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, RouteOptions } from 'fastify';
import {
  boardStages,
  boards,
  cardActionRuns,
  cardChecklistItems,
  cardConversations,
  cardEvents,
  cardNotes,
  cardReminders,
  cards,
  chatAnnouncementReceipts,
  chatAnnouncements,
  chatAttachments,
  chatMessagePurges,
  chatMessages,
  chatRoomMembers,
  chatRooms,
  conversations,
  domainEventDeliveries,
  domainEvents,
  inboxes,
  inboxMembers,
  kanbanTimeRules,
  teams,
  users,
  webhookEvents,
} from '../db/schema';
import { EVENT_BUS_CONSUMER } from '../domain-events/service';
import { DENIAL_LIMIT } from '../features/audit/denials';
import { startSession } from '../features/auth/issue';
import { createTestApp, type TestApp } from '../test/app';
import { createTenant, createUser, type TestTenant, type TestUser } from '../test/factories';
import { changesBetween, storedState } from './stored-state';

/**
 * The IDOR matrix (security.md §2), generated from the route inventory: every route that needs a caller
 * is called by every kind of caller — each role of tenant A, the installation's super admin, A's API
 * keys with and without the route's scope, tenant B's admin and API key with A's account id and with
 * A's object ids under B's own account, and nobody. Granted calls must succeed and show none of B's
 * data; refused calls must get their status and change nothing that is stored. A new route without
 * sample input here fails the matrix, so nothing joins the API unchecked.
 */
interface Call {
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** User routes act on the caller's own objects; a call that ends its caller's session brings its own. */
  as?: TestUser;
  /** Request headers of the input itself (a multipart upload's content type). */
  headers?: Record<string, string>;
}
interface Fixture {
  success: number;
  /** Builds a fresh target in `owner` for each call, so one caller's success does not change another's. */
  /**
   * `callerId` is the user a granted call is made as, for routes that act on the caller's own objects
   * (editing one's own chat message); refused calls get no caller.
   */
  call(app: TestApp, owner: TestTenant, callerId?: string): Promise<Call>;
}

/** The guard's global branch has no production route yet; this probe keeps it in the matrix. */
const GLOBAL_PROBE = '/api/v1/matrix-probe/accounts';

/** Routes per pair of B's probers: at most two refusals per route each, so half the refusal budget. */
const ROUTES_PER_PROBER = Math.floor(DENIAL_LIMIT / 4);

const freshAgent = (t: TestApp, owner: TestTenant) =>
  createUser(t.app, { accountId: owner.accountId, role: 'agent' });

/** A chat room every caller of `owner`, and the installation's super admins, is a member of. */
async function roomOfEveryone(t: TestApp, owner: TestTenant): Promise<string> {
  const { system } = t.app.deps.database;
  const [room] = await system
    .insert(chatRooms)
    .values({ accountId: owner.accountId, kind: 'team', name: 'matrix room' })
    .returning({ id: chatRooms.id });
  const superAdmins = await system.select({ id: users.id }).from(users).where(eq(users.isSuperAdmin, true));
  const userIds = new Set([...Object.values(owner.users), ...superAdmins].map((user) => user.id));
  await system
    .insert(chatRoomMembers)
    .values([...userIds].map((userId) => ({ roomId: room!.id, userId, accountId: owner.accountId })));
  return room!.id;
}

/** An announcement every caller of `owner`, and the installation's super admins, received. */
async function announcementToEveryone(t: TestApp, owner: TestTenant): Promise<string> {
  const { system } = t.app.deps.database;
  const [announcement] = await system
    .insert(chatAnnouncements)
    .values({ accountId: owner.accountId, authorId: owner.users.admin.id, body: 'matrix' })
    .returning({ id: chatAnnouncements.id });
  const superAdmins = await system.select({ id: users.id }).from(users).where(eq(users.isSuperAdmin, true));
  const userIds = new Set([...Object.values(owner.users), ...superAdmins].map((user) => user.id));
  await system.insert(chatAnnouncementReceipts).values(
    [...userIds].map((userId) => ({
      announcementId: announcement!.id,
      userId,
      accountId: owner.accountId,
    })),
  );
  return announcement!.id;
}

/** One PNG signature and header in a multipart body, as a browser uploads a file. */
function pngUpload(): { body: Buffer; headers: Record<string, string> } {
  const boundary = 'matrix-boundary';
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from('IHDR'),
    Buffer.alloc(64, 1),
  ]);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A team room that every user of `owner` and the installation's super admins own together (so each
 * granted caller may manage it), with one message by `authorId` (default: the owner's agent).
 */
async function chatRoomOfOwners(t: TestApp, owner: TestTenant, authorId = owner.users.agent.id) {
  const { system } = t.app.deps.database;
  const [room] = await system
    .insert(chatRooms)
    .values({ accountId: owner.accountId, kind: 'team', name: 'matrix chat', lastMessageSeq: 1 })
    .returning({ id: chatRooms.id });
  const superAdmins = await system.select({ id: users.id }).from(users).where(eq(users.isSuperAdmin, true));
  const memberIds = new Set([...Object.values(owner.users), ...superAdmins].map((user) => user.id));
  await system.insert(chatRoomMembers).values(
    [...memberIds].map((userId) => ({
      roomId: room!.id,
      userId,
      accountId: owner.accountId,
      role: 'owner' as const,
    })),
  );
  const [message] = await system
    .insert(chatMessages)
    .values({ accountId: owner.accountId, roomId: room!.id, seq: 1, authorId, body: 'matrix message' })
    .returning({ id: chatMessages.id });
  return { roomId: room!.id, messageId: message!.id };
}

/** A fresh agent of `owner` who is a plain member of a room of owners. */
async function chatRoomWithMember(t: TestApp, owner: TestTenant) {
  const { roomId } = await chatRoomOfOwners(t, owner);
  const member = await freshAgent(t, owner);
  await t.app.deps.database.system
    .insert(chatRoomMembers)
    .values({ roomId, userId: member.id, accountId: owner.accountId });
  return { roomId, userId: member.id };
}

/** A fresh board of the owner with two stages, written directly so each call has its own target. */
async function kanbanBoard(t: TestApp, owner: TestTenant) {
  const { system } = t.app.deps.database;
  const [board] = await system
    .insert(boards)
    .values({ accountId: owner.accountId, name: 'Matrix board' })
    .returning({ id: boards.id });
  const stages = await system
    .insert(boardStages)
    .values(
      ['Novo', 'Depois'].map((name, index) => ({
        accountId: owner.accountId,
        boardId: board!.id,
        name,
        position: (index + 1) * 1024,
      })),
    )
    .returning({ id: boardStages.id, name: boardStages.name });
  const stageId = (name: string) => stages.find((stage) => stage.name === name)!.id;
  return { boardId: board!.id, firstStageId: stageId('Novo'), emptyStageId: stageId('Depois') };
}

/** A time rule (notify only, one hour in the first stage) on a fresh board. */
async function kanbanTimeRuleParams(t: TestApp, owner: TestTenant) {
  const { boardId, firstStageId } = await kanbanBoard(t, owner);
  const [rule] = await t.app.deps.database.system
    .insert(kanbanTimeRules)
    .values({
      accountId: owner.accountId,
      boardId,
      stageId: firstStageId,
      kind: 'in_stage',
      hours: 1,
      notifyAssignee: true,
    })
    .returning({ id: kanbanTimeRules.id });
  return { boardId, ruleId: rule!.id };
}

/**
 * A fresh card (without history, so it may be deleted) of a conversation in an inbox every member of the
 * owner belongs to, with another conversation of the same contact ready to be linked.
 */
async function kanbanCard(t: TestApp, owner: TestTenant) {
  const target = await kanbanBoard(t, owner);
  const { system } = t.app.deps.database;
  const displayId = randomInt(100_000, 1_000_000_000);
  const contactId = randomInt(1, 1_000_000_000);
  const now = new Date();
  await system.insert(conversations).values(
    [displayId, displayId + 1].map((id) => ({
      accountId: owner.accountId,
      displayId: id,
      chatwootInboxId: 7,
      status: 'open' as const,
      contactId,
      chatwootCreatedAt: now,
      sourceUpdatedAt: now,
    })),
  );
  await system
    .insert(inboxMembers)
    .values(
      Object.values(owner.users).map((user) => ({
        accountId: owner.accountId,
        chatwootInboxId: 7,
        chatwootUserId: user.chatwootUserId,
      })),
    )
    .onConflictDoNothing();
  const [card] = await system
    .insert(cards)
    .values({
      accountId: owner.accountId,
      boardId: target.boardId,
      stageId: target.firstStageId,
      position: 1024,
      title: 'Matrix card',
      conversationDisplayId: displayId,
      contactId,
      inboxId: 7,
    })
    .returning({ id: cards.id });
  return { ...target, cardId: card!.id, displayId, otherDisplayId: displayId + 1 };
}

const kanbanCardParams = async (t: TestApp, owner: TestTenant) => {
  const { boardId, cardId } = await kanbanCard(t, owner);
  return { boardId, cardId };
};

/** A failed stage-action run of a fresh card: retrying it acts on nothing outside (a skipped label run). */
async function kanbanFailedRun(t: TestApp, owner: TestTenant) {
  const { boardId, cardId, firstStageId } = await kanbanCard(t, owner);
  const { system } = t.app.deps.database;
  await system.update(cards).set({ conversationDisplayId: null }).where(eq(cards.id, cardId));
  const [entry] = await system
    .insert(cardEvents)
    .values({
      accountId: owner.accountId,
      boardId,
      cardId,
      type: 'create',
      toStageId: firstStageId,
      cause: 'user',
    })
    .returning({ id: cardEvents.id });
  const [run] = await system
    .insert(cardActionRuns)
    .values({
      accountId: owner.accountId,
      boardId,
      cardId,
      stageId: firstStageId,
      cardEventId: entry!.id,
      actionIndex: 0,
      action: { type: 'add_labels', labels: ['matrix'] },
      status: 'failed',
      attempts: 1,
      lastError: 'matrix failure',
    })
    .returning({ id: cardActionRuns.id });
  return { boardId, cardId, runId: run!.id };
}

const boardsBase = '/api/v1/accounts/:accountId/boards';
const cardBase = `${boardsBase}/:boardId/cards/:cardId`;

const chat = '/api/v1/accounts/:accountId/chat';

const fixtures: Record<string, Fixture> = {
  [`GET ${boardsBase}`]: { success: 200, call: async () => ({ params: {} }) },
  [`POST ${boardsBase}`]: {
    success: 201,
    call: async () => ({ params: {}, body: { name: 'Matrix', stages: [{ name: 'Novo' }] } }),
  },
  [`GET ${boardsBase}/:boardId`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanBoard(t, owner)).boardId } }),
  },
  [`PATCH ${boardsBase}/:boardId`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { boardId: (await kanbanBoard(t, owner)).boardId },
      body: { name: 'Renamed' },
    }),
  },
  [`DELETE ${boardsBase}/:boardId`]: {
    success: 204,
    call: async (t, owner) => ({ params: { boardId: (await kanbanBoard(t, owner)).boardId } }),
  },
  [`POST ${boardsBase}/:boardId/stages`]: {
    success: 201,
    call: async (t, owner) => ({
      params: { boardId: (await kanbanBoard(t, owner)).boardId },
      body: { name: 'Nova etapa' },
    }),
  },
  [`PATCH ${boardsBase}/:boardId/stages/:stageId`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, emptyStageId } = await kanbanBoard(t, owner);
      return { params: { boardId, stageId: emptyStageId }, body: { wip_limit: 3 } };
    },
  },
  [`DELETE ${boardsBase}/:boardId/stages/:stageId`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, emptyStageId } = await kanbanBoard(t, owner);
      return { params: { boardId, stageId: emptyStageId } };
    },
  },
  [`GET ${boardsBase}/:boardId/cards`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanCard(t, owner)).boardId } }),
  },
  [`POST ${boardsBase}/:boardId/cards`]: {
    success: 201,
    call: async (t, owner) => ({
      params: { boardId: (await kanbanBoard(t, owner)).boardId },
      body: { title: 'Matrix free card' },
    }),
  },
  [`GET ${cardBase}`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`PATCH ${cardBase}`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner), body: { priority: 'high' } }),
  },
  [`DELETE ${cardBase}`]: {
    success: 204,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/move`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, cardId, emptyStageId } = await kanbanCard(t, owner);
      return { params: { boardId, cardId }, body: { stage_id: emptyStageId } };
    },
  },
  [`POST ${cardBase}/archive`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/restore`]: {
    success: 200,
    async call(t, owner) {
      const params = await kanbanCardParams(t, owner);
      await t.app.deps.database.system
        .update(cards)
        .set({ archivedAt: new Date() })
        .where(eq(cards.id, params.cardId));
      return { params };
    },
  },
  [`GET ${cardBase}/events`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`GET ${boardsBase}/:boardId/metrics`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanCard(t, owner)).boardId } }),
  },
  [`GET ${boardsBase}/:boardId/metrics.csv`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanCard(t, owner)).boardId } }),
  },
  [`GET ${boardsBase}/:boardId/sla`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanCard(t, owner)).boardId } }),
  },
  [`PUT ${boardsBase}/:boardId/stages/:stageId/actions`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, emptyStageId } = await kanbanBoard(t, owner);
      return {
        params: { boardId, stageId: emptyStageId },
        body: { actions: [{ type: 'add_labels', labels: ['matrix'] }] },
      };
    },
  },
  [`GET ${cardBase}/actions`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/actions/:runId/retry`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanFailedRun(t, owner) }),
  },
  [`GET ${boardsBase}/:boardId/time-rules`]: {
    success: 200,
    call: async (t, owner) => ({ params: { boardId: (await kanbanBoard(t, owner)).boardId } }),
  },
  [`POST ${boardsBase}/:boardId/time-rules`]: {
    success: 201,
    async call(t, owner) {
      const { boardId, firstStageId, emptyStageId } = await kanbanBoard(t, owner);
      return {
        params: { boardId },
        body: {
          kind: 'in_stage',
          stage_id: firstStageId,
          hours: 2,
          move_to_stage_id: emptyStageId,
          notify_assignee: false,
        },
      };
    },
  },
  [`DELETE ${boardsBase}/:boardId/time-rules/:ruleId`]: {
    success: 204,
    call: async (t, owner) => ({ params: await kanbanTimeRuleParams(t, owner) }),
  },
  [`PATCH ${boardsBase}/:boardId/time-rules/:ruleId`]: {
    success: 200,
    call: async (t, owner) => ({
      params: await kanbanTimeRuleParams(t, owner),
      body: { hours: 2, enabled: false },
    }),
  },
  'GET /api/v1/accounts/:accountId/kanban/webhook-key': { success: 200, call: async () => ({ params: {} }) },
  'POST /api/v1/accounts/:accountId/kanban/webhook-key/reveal': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  'POST /api/v1/accounts/:accountId/kanban/webhook-key/rotate': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  [`GET ${cardBase}/reminders`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/reminders`]: {
    success: 201,
    call: async (t, owner) => ({
      params: await kanbanCardParams(t, owner),
      body: { due_at: '2030-01-01T09:00:00Z', note: 'Matrix', user_id: owner.users.admin.id },
    }),
  },
  [`DELETE ${cardBase}/reminders/:reminderId`]: {
    success: 204,
    async call(t, owner) {
      const params = await kanbanCardParams(t, owner);
      const [reminder] = await t.app.deps.database.system
        .insert(cardReminders)
        .values({
          accountId: owner.accountId,
          cardId: params.cardId,
          userId: owner.users.admin.id,
          dueAt: new Date('2030-01-01T09:00:00Z'),
        })
        .returning({ id: cardReminders.id });
      return { params: { ...params, reminderId: reminder!.id } };
    },
  },
  [`POST ${cardBase}/conversations`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, cardId, otherDisplayId } = await kanbanCard(t, owner);
      return { params: { boardId, cardId }, body: { conversation_display_id: otherDisplayId } };
    },
  },
  [`DELETE ${cardBase}/conversations/:displayId`]: {
    success: 200,
    async call(t, owner) {
      const { boardId, cardId, otherDisplayId } = await kanbanCard(t, owner);
      await t.app.deps.database.system
        .insert(cardConversations)
        .values({ accountId: owner.accountId, cardId, conversationDisplayId: otherDisplayId });
      return { params: { boardId, cardId, displayId: String(otherDisplayId) } };
    },
  },
  [`GET ${cardBase}/checklist`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/checklist`]: {
    success: 201,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner), body: { text: 'Ligar' } }),
  },
  [`PATCH ${cardBase}/checklist/:itemId`]: {
    success: 200,
    async call(t, owner) {
      const params = await kanbanCardParams(t, owner);
      const [item] = await t.app.deps.database.system
        .insert(cardChecklistItems)
        .values({ accountId: owner.accountId, cardId: params.cardId, text: 'Ligar', position: 1024 })
        .returning({ id: cardChecklistItems.id });
      return { params: { ...params, itemId: item!.id }, body: { done: true } };
    },
  },
  [`DELETE ${cardBase}/checklist/:itemId`]: {
    success: 204,
    async call(t, owner) {
      const params = await kanbanCardParams(t, owner);
      const [item] = await t.app.deps.database.system
        .insert(cardChecklistItems)
        .values({ accountId: owner.accountId, cardId: params.cardId, text: 'Ligar', position: 1024 })
        .returning({ id: cardChecklistItems.id });
      return { params: { ...params, itemId: item!.id } };
    },
  },
  [`GET ${cardBase}/notes`]: {
    success: 200,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner) }),
  },
  [`POST ${cardBase}/notes`]: {
    success: 201,
    call: async (t, owner) => ({ params: await kanbanCardParams(t, owner), body: { body: 'Anotação' } }),
  },
  // A note is edited by its author: each granted caller edits one of their own.
  [`PATCH ${cardBase}/notes/:noteId`]: {
    success: 200,
    async call(t, owner, callerId) {
      const params = await kanbanCardParams(t, owner);
      const [note] = await t.app.deps.database.system
        .insert(cardNotes)
        .values({
          accountId: owner.accountId,
          cardId: params.cardId,
          authorUserId: callerId ?? owner.users.agent.id,
          body: 'x',
        })
        .returning({ id: cardNotes.id });
      return { params: { ...params, noteId: note!.id }, body: { body: 'Editada' } };
    },
  },
  [`DELETE ${cardBase}/notes/:noteId`]: {
    success: 204,
    async call(t, owner, callerId) {
      const params = await kanbanCardParams(t, owner);
      const [note] = await t.app.deps.database.system
        .insert(cardNotes)
        .values({
          accountId: owner.accountId,
          cardId: params.cardId,
          authorUserId: callerId ?? owner.users.agent.id,
          body: 'x',
        })
        .returning({ id: cardNotes.id });
      return { params: { ...params, noteId: note!.id } };
    },
  },
  [`GET ${chat}/rooms`]: { success: 200, call: async () => ({ params: {} }) },
  [`GET ${chat}/unread`]: { success: 200, call: async () => ({ params: {} }) },
  [`GET ${chat}/mentions`]: { success: 200, call: async () => ({ params: {} }) },
  [`GET ${chat}/search`]: { success: 200, call: async () => ({ params: {}, query: { q: 'matrix' } }) },
  [`POST ${chat}/dms`]: {
    success: 200,
    call: async (t, owner) => ({ params: {}, body: { user_id: (await freshAgent(t, owner)).id } }),
  },
  [`POST ${chat}/rooms`]: { success: 201, call: async () => ({ params: {}, body: { name: 'matrix' } }) },
  [`GET ${chat}/rooms/:roomId`]: {
    success: 200,
    call: async (t, owner) => ({ params: { roomId: (await chatRoomOfOwners(t, owner)).roomId } }),
  },
  [`PATCH ${chat}/rooms/:roomId`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { roomId: (await chatRoomOfOwners(t, owner)).roomId },
      body: { name: 'renamed' },
    }),
  },
  [`PUT ${chat}/rooms/:roomId/settings`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { roomId: (await chatRoomOfOwners(t, owner)).roomId },
      body: { muted: true },
    }),
  },
  [`POST ${chat}/rooms/:roomId/read`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { roomId: (await chatRoomOfOwners(t, owner)).roomId },
      body: { seq: 1 },
    }),
  },
  [`GET ${chat}/rooms/:roomId/members`]: {
    success: 200,
    call: async (t, owner) => ({ params: { roomId: (await chatRoomOfOwners(t, owner)).roomId } }),
  },
  [`POST ${chat}/rooms/:roomId/members`]: {
    success: 201,
    call: async (t, owner) => ({
      params: { roomId: (await chatRoomOfOwners(t, owner)).roomId },
      body: { user_id: (await freshAgent(t, owner)).id },
    }),
  },
  [`PATCH ${chat}/rooms/:roomId/members/:userId`]: {
    success: 200,
    call: async (t, owner) => ({ params: await chatRoomWithMember(t, owner), body: { role: 'moderator' } }),
  },
  [`DELETE ${chat}/rooms/:roomId/members/:userId`]: {
    success: 204,
    call: async (t, owner) => ({ params: await chatRoomWithMember(t, owner) }),
  },
  [`GET ${chat}/rooms/:roomId/messages`]: {
    success: 200,
    call: async (t, owner) => ({ params: { roomId: (await chatRoomOfOwners(t, owner)).roomId } }),
  },
  [`POST ${chat}/rooms/:roomId/messages`]: {
    success: 201,
    call: async (t, owner) => ({
      params: { roomId: (await chatRoomOfOwners(t, owner)).roomId },
      body: { client_id: `matrix-${randomInt(1e9)}`, body: 'olá' },
    }),
  },
  [`GET ${chat}/rooms/:roomId/pins`]: {
    success: 200,
    call: async (t, owner) => ({ params: { roomId: (await chatRoomOfOwners(t, owner)).roomId } }),
  },
  [`GET ${chat}/rooms/:roomId/events`]: {
    success: 200,
    call: async (t, owner) => ({ params: { roomId: (await chatRoomOfOwners(t, owner)).roomId } }),
  },
  [`PATCH ${chat}/messages/:messageId`]: {
    success: 200,
    call: async (t, owner, callerId) => ({
      params: { messageId: (await chatRoomOfOwners(t, owner, callerId)).messageId },
      body: { body: 'edited' },
    }),
  },
  [`DELETE ${chat}/messages/:messageId`]: {
    success: 204,
    call: async (t, owner) => ({ params: { messageId: (await chatRoomOfOwners(t, owner)).messageId } }),
  },
  [`PUT ${chat}/messages/:messageId/reactions/:emoji`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { messageId: (await chatRoomOfOwners(t, owner)).messageId, emoji: 'ok' },
    }),
  },
  [`DELETE ${chat}/messages/:messageId/reactions/:emoji`]: {
    success: 200,
    call: async (t, owner) => ({
      params: { messageId: (await chatRoomOfOwners(t, owner)).messageId, emoji: 'ok' },
    }),
  },
  [`PUT ${chat}/messages/:messageId/pin`]: {
    success: 200,
    call: async (t, owner) => ({ params: { messageId: (await chatRoomOfOwners(t, owner)).messageId } }),
  },
  [`DELETE ${chat}/messages/:messageId/pin`]: {
    success: 200,
    call: async (t, owner) => ({ params: { messageId: (await chatRoomOfOwners(t, owner)).messageId } }),
  },
  'POST /api/v1/accounts/:accountId/chat/rooms/:roomId/attachments': {
    success: 201,
    async call(t, owner) {
      return { params: { roomId: await roomOfEveryone(t, owner) }, ...pngUpload() };
    },
  },
  'GET /api/v1/accounts/:accountId/chat/conversation-references': {
    success: 200,
    call: async () => ({ params: {}, query: { display_ids: '1,2' } }),
  },
  'POST /api/v1/accounts/:accountId/chat/conversations/:displayId/discussion': {
    success: 200,
    async call(t, owner) {
      // A mirrored conversation in an inbox every member of the owner belongs to in Chatwoot.
      const displayId = randomInt(100_000, 2_000_000_000);
      const { system } = t.app.deps.database;
      const now = new Date();
      await system.insert(conversations).values({
        accountId: owner.accountId,
        displayId,
        chatwootInboxId: 7,
        status: 'open',
        chatwootCreatedAt: now,
        sourceUpdatedAt: now,
      });
      await system
        .insert(inboxMembers)
        .values(
          Object.values(owner.users).map((user) => ({
            accountId: owner.accountId,
            chatwootInboxId: 7,
            chatwootUserId: user.chatwootUserId,
          })),
        )
        .onConflictDoNothing();
      return { params: { displayId: String(displayId) } };
    },
  },
  'POST /api/v1/accounts/:accountId/chat/teams/:teamId/room': {
    success: 200,
    async call(t, owner) {
      const chatwootTeamId = randomInt(1, 2_000_000_000);
      await t.app.deps.database.system
        .insert(teams)
        .values({ accountId: owner.accountId, chatwootTeamId, name: 'Matrix team' });
      return { params: { teamId: String(chatwootTeamId) } };
    },
  },
  'POST /api/v1/accounts/:accountId/chat/announcements': {
    success: 201,
    call: async () => ({ params: {}, body: { body: 'Matrix announcement' } }),
  },
  'GET /api/v1/accounts/:accountId/chat/announcements': { success: 200, call: async () => ({ params: {} }) },
  'POST /api/v1/accounts/:accountId/chat/announcements/:announcementId/read': {
    success: 200,
    async call(t, owner) {
      return { params: { announcementId: await announcementToEveryone(t, owner) } };
    },
  },
  'GET /api/v1/accounts/:accountId/chat/announcements/:announcementId/receipts': {
    success: 200,
    async call(t, owner) {
      return { params: { announcementId: await announcementToEveryone(t, owner) } };
    },
  },
  'GET /api/v1/accounts/:accountId/chat/settings': { success: 200, call: async () => ({ params: {} }) },
  'PUT /api/v1/accounts/:accountId/chat/settings': {
    success: 200,
    call: async () => ({ params: {}, body: { retention_days: 365 } }),
  },
  'POST /api/v1/accounts/:accountId/chat/purges': {
    success: 202,
    call: async () => ({ params: {}, body: { before: '2020-01-01T00:00:00Z' } }),
  },
  'GET /api/v1/accounts/:accountId/chat/purges': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/chat/purges/:purgeId': {
    success: 200,
    async call(t, owner) {
      const [purge] = await t.app.deps.database.system
        .insert(chatMessagePurges)
        .values({ accountId: owner.accountId, cutoff: new Date('2020-01-01'), source: 'admin' })
        .returning({ id: chatMessagePurges.id });
      return { params: { purgeId: purge!.id } };
    },
  },
  'GET /api/v1/accounts/:accountId/chat/attachments/:attachmentId': {
    success: 200,
    async call(t, owner) {
      const roomId = await roomOfEveryone(t, owner);
      const { system } = t.app.deps.database;
      const [message] = await system
        .insert(chatMessages)
        .values({ accountId: owner.accountId, roomId, seq: 1, authorId: owner.users.admin.id, body: 'file' })
        .returning({ id: chatMessages.id });
      const [attachment] = await system
        .insert(chatAttachments)
        .values({
          accountId: owner.accountId,
          roomId,
          messageId: message!.id,
          uploaderId: owner.users.admin.id,
          storageKey: `accounts/${owner.accountId}/rooms/${roomId}/${randomInt(1e9)}`,
          fileName: 'matrix.txt',
          contentType: 'text/plain',
          sizeBytes: 4,
        })
        .returning({ id: chatAttachments.id });
      return { params: { attachmentId: attachment!.id } };
    },
  },
  'GET /api/v1/accounts/:accountId/inboxes': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/conversations/:displayId': {
    success: 200,
    async call(t, owner) {
      // A fresh mirrored conversation in an inbox every member of the owner belongs to in Chatwoot.
      const displayId = randomInt(100_000, 2_000_000_000);
      const { system } = t.app.deps.database;
      const now = new Date();
      await system.insert(conversations).values({
        accountId: owner.accountId,
        displayId,
        chatwootInboxId: 7,
        status: 'open',
        chatwootCreatedAt: now,
        sourceUpdatedAt: now,
      });
      await system
        .insert(inboxMembers)
        .values(
          Object.values(owner.users).map((user) => ({
            accountId: owner.accountId,
            chatwootInboxId: 7,
            chatwootUserId: user.chatwootUserId,
          })),
        )
        .onConflictDoNothing();
      return { params: { displayId: String(displayId) } };
    },
  },
  'GET /api/v1/accounts/:accountId/api-keys': { success: 200, call: async () => ({ params: {} }) },
  'POST /api/v1/accounts/:accountId/api-keys': {
    success: 201,
    call: async () => ({ params: {}, body: { name: 'matrix', scopes: ['inboxes:read:account'] } }),
  },
  'DELETE /api/v1/accounts/:accountId/api-keys/:keyId': {
    success: 204,
    async call(t, owner) {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${owner.accountId}/api-keys`,
        headers: owner.users.admin.headers,
        payload: { name: 'target', scopes: ['inboxes:read:account'] },
      });
      return { params: { keyId: created.json().id } };
    },
  },
  'GET /api/v1/accounts/:accountId/members': { success: 200, call: async () => ({ params: {} }) },
  'PATCH /api/v1/accounts/:accountId/members/:userId': {
    success: 200,
    async call(t, owner) {
      return { params: { userId: (await freshAgent(t, owner)).id }, body: { role: 'viewer' } };
    },
  },
  'DELETE /api/v1/accounts/:accountId/members/:userId/sessions': {
    success: 200,
    async call(t, owner) {
      return { params: { userId: (await freshAgent(t, owner)).id } };
    },
  },
  'GET /api/v1/accounts/:accountId/audit-logs': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/embed/snippet': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/chatwoot/connection': { success: 200, call: async () => ({ params: {} }) },
  'PUT /api/v1/accounts/:accountId/chatwoot/connection': {
    success: 200,
    call: async () => ({ params: {}, body: { api_access_token: 'sandbox-token-ana-admin' } }),
  },
  'POST /api/v1/accounts/:accountId/inboxes/sync': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/webhooks/dead-letters': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  'POST /api/v1/accounts/:accountId/webhooks/dead-letters/replay': {
    success: 202,
    async call(t, owner) {
      await t.app.deps.database.system.insert(webhookEvents).values({
        provider: 'chatwoot',
        deliveryId: `matrix-${Math.random()}`,
        accountId: owner.accountId,
        event: 'conversation_updated',
        rawBody: '{"event":"conversation_updated"}',
        signatureVerified: true,
        status: 'dead',
      });
      return { params: {} };
    },
  },
  'POST /api/v1/accounts/:accountId/webhooks/events/:eventId/replay': {
    success: 202,
    async call(t, owner) {
      const [event] = await t.app.deps.database.system
        .insert(webhookEvents)
        .values({
          provider: 'chatwoot',
          deliveryId: `matrix-${Math.random()}`,
          accountId: owner.accountId,
          event: 'conversation_updated',
          rawBody: '{"event":"conversation_updated"}',
          signatureVerified: true,
          status: 'dead',
        })
        .returning();
      return { params: { eventId: event!.id } };
    },
  },
  'GET /api/v1/accounts/:accountId/teams': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/domain-events/dead-deliveries': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  'POST /api/v1/accounts/:accountId/domain-events/dead-deliveries/replay': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  'POST /api/v1/accounts/:accountId/domain-events/:eventId/deliveries/:consumer/replay': {
    success: 200,
    async call(t, owner) {
      // A fresh event whose bus delivery died; the bus is a consumer of every process, so replay succeeds.
      const { system } = t.app.deps.database;
      const [event] = await system
        .insert(domainEvents)
        .values({
          accountId: owner.accountId,
          type: 'conversation.status_changed',
          conversationDisplayId: 1,
          dedupeKey: `matrix-${Math.random()}`,
          payload: { from: 'open', to: 'resolved' },
          occurredAt: new Date(),
        })
        .returning();
      await system.insert(domainEventDeliveries).values({
        eventId: event!.id,
        accountId: owner.accountId,
        consumer: EVENT_BUS_CONSUMER,
        status: 'dead',
        attempts: 5,
        lastError: 'bus down',
      });
      return { params: { eventId: event!.id, consumer: EVENT_BUS_CONSUMER } };
    },
  },
  'POST /api/v1/accounts/:accountId/embed/dashboard-app': {
    success: 200,
    call: async () => ({ params: {}, body: {} }),
  },
  'GET /api/v1/accounts/:accountId/audit-logs/export': {
    success: 200,
    call: async () => ({ params: {}, query: { format: 'json' } }),
  },
  'GET /api/v1/auth/me': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/auth/sessions': { success: 200, call: async () => ({ params: {} }) },
  'POST /api/v1/auth/logout': {
    success: 204,
    call: async (t, owner) => ({ params: {}, as: await freshAgent(t, owner) }),
  },
  'DELETE /api/v1/auth/sessions/:sessionId': {
    success: 204,
    async call(t, owner) {
      const user = await freshAgent(t, owner);
      const { database, config } = t.app.deps;
      const other = await startSession(database, config, {
        userId: user.id,
        authMethod: 'sso',
        ip: null,
        userAgent: null,
      });
      return { params: { sessionId: other.sessionId }, as: user };
    },
  },
  'POST /api/v1/auth/sessions/end-others': {
    success: 200,
    call: async (t, owner) => ({ params: {}, as: await freshAgent(t, owner) }),
  },
  'POST /api/v1/realtime/tickets': {
    success: 201,
    call: async (_t, owner) => ({ params: {}, body: { account_id: owner.accountId } }),
  },
  'GET /api/v1/accounts/:accountId/presence': { success: 200, call: async () => ({ params: {} }) },
  [`GET ${GLOBAL_PROBE}`]: { success: 200, call: async () => ({ params: {} }) },
};

type Kind = 'account' | 'user' | 'global';
interface MatrixRoute {
  key: string;
  method: string;
  url: string;
  access: string;
  kind: Kind | undefined;
  /** Path parameters naming objects (every one but the account). */
  objectParams: string[];
}
interface Caller {
  label: string;
  status: number;
  /** Whose account id goes into the URL. */
  accountId: number;
  headers(input: Call): Record<string, string> | undefined;
  /** The user behind the headers, when it is one of A's users. */
  userId?: string;
}
interface Response {
  statusCode: number;
  body: string;
}

function kindOf(url: string, access: string): Kind | undefined {
  if (access === 'authenticated') return 'user';
  if (access.endsWith(':global')) return 'global';
  if (access.endsWith(':account') && url.startsWith('/api/v1/accounts/:accountId/')) return 'account';
  return undefined;
}

function matrixRoutes(app: FastifyInstance): MatrixRoute[] {
  return app.routeInventory.flatMap((route: RouteOptions) => {
    const access = route.config?.access as string | undefined;
    if (access === undefined || access === 'public') return [];
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
      (method) => method !== 'HEAD',
    );
    const objectParams = [...route.url.matchAll(/:([A-Za-z]+)/g)]
      .map((match) => match[1]!)
      .filter((name) => name !== 'accountId');
    return methods.map((method) => ({
      key: `${method} ${route.url}`,
      method,
      url: route.url,
      access,
      kind: kindOf(route.url, access),
      objectParams,
    }));
  });
}

function urlFor(template: string, accountId: number, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    name === 'accountId' ? String(accountId) : (params[name] ?? `missing-${name}`),
  );
}

describe('IDOR matrix over every route that needs a caller', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let superAdmin: TestUser;
  let routes: MatrixRoute[];
  /** Strings only tenant B's data contains; none may reach a caller acting in tenant A. */
  const bMarkers: string[] = [];
  /** A's keys: one per scope, one per scope with every other scope, and one with them all. */
  const aKeyWith = {} as Record<ApiKeyScope, string>;
  const aKeyWithout = {} as Record<ApiKeyScope, string>;
  let aKeyAll: string;
  let bKeyAll: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function createKey(owner: TestTenant, name: string, scopes: readonly string[]) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${owner.accountId}/api-keys`,
      headers: owner.users.admin.headers,
      payload: { name, scopes },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; key: string; prefix: string };
  }

  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({
      env: { CHATWOOT_URL: sandbox.url },
      extraRoutes: (app) => {
        app.get(GLOBAL_PROBE, { config: { access: 'accounts:read:global' } }, async () => ({ ok: true }));
      },
    });
    const idOf = (email: string) => sandbox.state.db.users.find((user) => user.email === email)?.id;
    // A mirrors the sandbox's account 1, so Chatwoot reconciles (run by some routes) keep its people.
    a = await createTenant(t.app, 'A', 1, {
      admin: idOf('ana.admin@acme.test'),
      supervisor: idOf('carla@whatpro.test'),
      agent: idOf('bruno.agent@acme.test'),
      viewer: idOf('eva.agent@acme.test'),
    });
    const connected = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: a.users.admin.headers,
      payload: { api_access_token: 'sandbox-token-ana-admin' },
    });
    assert.equal(connected.statusCode, 200, connected.body);
    superAdmin = await createUser(t.app, { superAdmin: true });
    const { system } = t.app.deps.database;
    await system
      .insert(inboxes)
      .values({ accountId: a.accountId, chatwootInboxId: 7, name: 'A inbox', channelType: 'Channel::Api' });

    b = await createTenant(t.app, 'B-MARKER');
    for (const role of accountRoles) {
      const user = b.users[role];
      await system
        .update(users)
        .set({ name: `B-MARKER ${role}`, email: `b-marker-${role}@tenant-b.test` })
        .where(eq(users.id, user.id));
      bMarkers.push(user.id, user.sessionId);
    }
    await system.insert(inboxes).values({
      accountId: b.accountId,
      chatwootInboxId: 7,
      name: 'B-MARKER inbox',
      channelType: 'Channel::Api',
    });
    const [bEvent] = await system
      .insert(webhookEvents)
      .values({
        provider: 'chatwoot',
        deliveryId: 'B-MARKER-delivery',
        accountId: b.accountId,
        event: 'conversation_updated',
        rawBody: '{"event":"conversation_updated","marker":"B-MARKER"}',
        signatureVerified: true,
        status: 'dead',
      })
      .returning();
    const bKey = await createKey(b, 'B-MARKER key', apiKeyScopes);
    bKeyAll = bKey.key;
    bMarkers.push('b-marker', bEvent!.id, bKey.id, bKey.prefix);

    for (const scope of apiKeyScopes) {
      aKeyWith[scope] = (await createKey(a, `only ${scope}`, [scope])).key;
      const others = apiKeyScopes.filter((other) => other !== scope);
      aKeyWithout[scope] = (await createKey(a, `without ${scope}`, others)).key;
    }
    aKeyAll = (await createKey(a, 'every scope', apiKeyScopes)).key;
    routes = matrixRoutes(t.app);
  });
  after(async () => {
    await t?.close();
    await sandbox?.close();
  });

  async function send(route: MatrixRoute, caller: Caller, input: Call): Promise<Response> {
    const url = urlFor(route.url, caller.accountId, input.params);
    const headers = caller.headers(input);
    return t.app.inject({
      method: route.method as 'GET',
      url,
      query: input.query,
      payload: input.body as object,
      headers: { ...headers, ...input.headers },
    });
  }

  function assertNoLeak(response: Response, label: string) {
    const body = response.body.toLowerCase();
    const leaked = bMarkers.filter((marker) => body.includes(marker.toLowerCase()));
    assert.deepEqual(leaked, [], `${label} shows tenant B's data: ${response.body.slice(0, 300)}`);
  }

  /**
   * B's callers that probe A. Probes count against a per-caller budget of refusals (429 once used up) and
   * each route costs a prober at most two, so fresh probers take over well before the budget runs out and
   * the matrix keeps working however many routes there are. They are not among B's markers: A's audit
   * log names who probed A, by design (S-AZ-6).
   */
  interface Probers {
    admin: TestUser;
    key: string;
  }
  async function freshProbers(): Promise<Probers> {
    const admin = await createUser(t.app, { accountId: b.accountId, role: 'admin' });
    return { admin, key: (await createKey(b, 'prober', apiKeyScopes)).key };
  }

  /** Who may call a route, who may not, and with what status, from the permission table and scopes. */
  function callersOf(route: MatrixRoute, probers: Probers): { granted: Caller[]; refused: Caller[] } {
    const success = fixtures[route.key]!.success;
    const granted: Caller[] = [];
    const refused: Caller[] = [];
    const as = (
      label: string,
      status: number,
      accountId: number,
      headers: Caller['headers'],
      userId?: string,
    ) => (status === success ? granted : refused).push({ label, status, accountId, headers, userId });
    const permission = route.access as Permission;
    const scope = apiKeyScopes.find((s) => s === permission);
    const hasObjects = route.objectParams.length > 0;
    as('anonymous', 401, a.accountId, () => undefined);
    if (route.kind === 'user') {
      as('user of A', success, a.accountId, (input) => (input.as ?? a.users.agent).headers);
      as("A's API key", 401, a.accountId, () => bearer(aKeyAll));
      if (hasObjects) as("B's admin with A's object ids", 404, a.accountId, () => probers.admin.headers);
      return { granted, refused };
    }
    for (const role of accountRoles) {
      const status = roleCan(role, permission) ? success : 403;
      as(`A's ${role}`, status, a.accountId, () => a.users[role].headers, a.users[role].id);
    }
    as('super admin', success, a.accountId, () => superAdmin.headers, superAdmin.id);
    if (route.kind === 'global') {
      as("A's API key with every scope", 403, a.accountId, () => bearer(aKeyAll));
      as("B's admin", 403, b.accountId, () => probers.admin.headers);
      return { granted, refused };
    }
    if (scope) {
      as("A's API key with the scope", success, a.accountId, () => bearer(aKeyWith[scope]));
      as("A's API key without the scope", 403, a.accountId, () => bearer(aKeyWithout[scope]));
    } else {
      as("A's API key with every scope", 403, a.accountId, () => bearer(aKeyAll));
    }
    as("B's admin on A's account", 404, a.accountId, () => probers.admin.headers);
    as("B's API key on A's account", 404, a.accountId, () => bearer(probers.key));
    if (hasObjects) {
      as("B's admin with A's object ids", 404, b.accountId, () => probers.admin.headers);
      as("B's API key with A's object ids", scope ? 404 : 403, b.accountId, () => bearer(probers.key));
    }
    return { granted, refused };
  }

  test('every route that needs a caller has sample input here and a permission the matrix understands', () => {
    assert.ok(routes.filter((route) => route.kind === 'account').length >= 16, 'account routes found');
    assert.ok(
      routes.some((route) => route.kind === 'user'),
      'user routes found',
    );
    assert.ok(
      routes.some((route) => route.kind === 'global'),
      'global routes found',
    );
    const missing = routes.filter((route) => !fixtures[route.key]).map((route) => route.key);
    assert.deepEqual(missing, [], 'routes without sample input: add a fixture');
    const unclassified = routes
      .filter((route) => route.kind === undefined)
      .map((r) => `${r.key} (${r.access})`);
    assert.deepEqual(
      unclassified,
      [],
      'an account permission outside /api/v1/accounts/:accountId, or unknown',
    );
    const stale = Object.keys(fixtures).filter((key) => !routes.some((route) => route.key === key));
    assert.deepEqual(stale, [], 'fixtures for routes that no longer exist');
  });

  // Refusals run first: no granted call has run yet, so nothing but the refused calls can write.
  test('every refused caller gets its status and leaves everything stored unchanged, in every tenant', async () => {
    const tables = await storedState(t.app.deps.database);
    for (const table of ['accounts', 'account_users', 'users', 'sessions', 'api_keys', 'webhook_events']) {
      assert.ok(tables[table]?.length, `the stored state reads ${table}`);
    }
    let probers = await freshProbers();
    for (const [index, route] of routes.entries()) {
      if (!fixtures[route.key]) continue;
      if (index > 0 && index % ROUTES_PER_PROBER === 0) probers = await freshProbers();
      const input = await fixtures[route.key]!.call(t, a);
      const before = await storedState(t.app.deps.database);
      for (const caller of callersOf(route, probers).refused) {
        const response = await send(route, caller, input);
        assert.equal(
          response.statusCode,
          caller.status,
          `${caller.label}: ${route.key}: ${response.body.slice(0, 200)}`,
        );
      }
      const changes = changesBetween(before, await storedState(t.app.deps.database));
      assert.deepEqual(changes, [], `refused calls to ${route.key} changed stored state`);
    }
  });

  test("every granted caller succeeds and no 2xx body shows another tenant's data", async () => {
    for (const route of routes) {
      const fixture = fixtures[route.key];
      if (!fixture) continue;
      for (const caller of callersOf(route, { admin: b.users.admin, key: bKeyAll }).granted) {
        const input = await fixture.call(t, a, caller.userId);
        const response = await send(route, caller, input);
        const label = `${caller.label}: ${route.key}`;
        assert.equal(response.statusCode, fixture.success, `${label}: ${response.body.slice(0, 200)}`);
        assertNoLeak(response, label);
      }
    }
  });

  test("the markers are tenant B's data as B's own admin sees it", async () => {
    const read = (path: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${b.accountId}/${path}`,
        headers: b.users.admin.headers,
      });
    const members = await read('members');
    const inboxList = await read('inboxes');
    const keys = await read('api-keys');
    const deadLetters = await read('webhooks/dead-letters');
    assert.match(members.body, /b-marker-admin@tenant-b\.test/);
    assert.match(inboxList.body, /B-MARKER inbox/);
    assert.match(keys.body, /B-MARKER key/);
    assert.match(deadLetters.body, /B-MARKER-delivery/);
  });
});

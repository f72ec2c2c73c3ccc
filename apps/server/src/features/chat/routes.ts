import type { ChatRoomList } from '@whatpro/contracts';
import {
  addChatMemberSchema,
  chatEmojiSchema,
  chatEventPageSchema,
  chatEventsQuerySchema,
  chatHistoryQuerySchema,
  chatMemberListSchema,
  chatMemberSchema,
  chatMentionListSchema,
  chatMentionsQuerySchema,
  chatMessagePageSchema,
  chatMessageSchema,
  chatPinListSchema,
  chatReactionsSchema,
  chatReadStateSchema,
  chatRoomListQuerySchema,
  chatRoomListSchema,
  chatRoomSchema,
  chatRoomSettingsSchema,
  chatSearchQuerySchema,
  chatSearchResultSchema,
  chatUnreadSchema,
  createChatDmSchema,
  createChatRoomSchema,
  editChatMessageSchema,
  markChatReadSchema,
  sendChatMessageSchema,
  updateChatMemberSchema,
  updateChatRoomSchema,
  updateChatRoomSettingsSchema,
} from '@whatpro/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import {
  addMember,
  catchUp,
  changeMemberRole,
  changeRoom,
  changeRoomSettings,
  createTeamRoom,
  deleteMessage,
  editMessage,
  getRoom,
  listMembers,
  listMessages,
  listPins,
  listRooms,
  markRead,
  mentionsInbox,
  openDirectMessage,
  react,
  removeMember,
  searchMyMessages,
  sendMessage,
  setPinned,
  unreadBadge,
} from './service';

const roomParams = accountParams.extend({ roomId: z.uuid() });
const memberParams = roomParams.extend({ userId: z.uuid() });
const messageParams = accountParams.extend({ messageId: z.uuid() });
const reactionParams = messageParams.extend({ emoji: chatEmojiSchema });
const noContent = { 204: z.null() };

const actorOf = (request: FastifyRequest) => request.actor as Actor;
const prefix = '/accounts/:accountId/chat';

export async function chatRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { deps } = app;
  const tags = ['chat'];

  /**
   * Sends are limited per user and per account, over one-minute windows shared by every node through
   * Redis; past either limit the send is refused with 429 and Retry-After before anything is stored.
   */
  const sendLimits = [
    {
      who: 'you',
      limit: app.createRateLimit({
        max: deps.config.chatSendLimitPerUser,
        timeWindow: 60_000,
        keyGenerator: (request) => {
          const actor = actorOf(request);
          return `chat-send:user:${actor.type === 'user' ? `${actor.accountId}:${actor.userId}` : 'none'}`;
        },
      }),
    },
    {
      who: 'this account',
      limit: app.createRateLimit({
        max: deps.config.chatSendLimitPerAccount,
        timeWindow: 60_000,
        keyGenerator: (request) => `chat-send:account:${(request.params as { accountId: number }).accountId}`,
      }),
    },
  ];
  const limitSends = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const { who, limit } of sendLimits) {
      const outcome = await limit(request);
      if (!outcome.isAllowed && outcome.isExceeded) {
        reply.header('retry-after', outcome.ttlInSeconds);
        throw new AppError(
          429,
          'rate_limited',
          `Too many messages from ${who}; retry in ${outcome.ttlInSeconds} s`,
        );
      }
    }
  };

  app.get(
    `${prefix}/rooms`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'My rooms, most recent activity first, with unread and mention counts and badge totals',
        params: accountParams,
        querystring: chatRoomListQuerySchema,
        response: { 200: chatRoomListSchema },
      },
    },
    async (request, reply) => {
      const list = await listRooms(deps, actorOf(request), request.params.accountId, request.query);
      // A page's text was written by PostgreSQL as the response schema's serializer writes it (chat.test.ts
      // compares the pages with the whole list byte for byte), so it is sent as it is: a string with a JSON
      // content type skips the serializer.
      return typeof list === 'string'
        ? reply.type('application/json; charset=utf-8').send(list as unknown as ChatRoomList)
        : list;
    },
  );

  app.get(
    `${prefix}/unread`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'The unread badge: unread messages in unmuted rooms and unread mentions',
        params: accountParams,
        response: { 200: chatUnreadSchema },
      },
    },
    async (request) => unreadBadge(deps, actorOf(request), request.params.accountId),
  );

  app.post(
    `${prefix}/dms`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Open the direct message with another member (created once per pair)',
        params: accountParams,
        body: createChatDmSchema,
        response: { 200: chatRoomSchema },
      },
    },
    async (request) =>
      openDirectMessage(
        deps,
        actorOf(request),
        request.params.accountId,
        request.body.user_id,
        auditContextOf(request),
      ),
  );

  app.post(
    `${prefix}/rooms`,
    {
      config: { access: 'chat:manage:account' },
      schema: {
        tags,
        summary: 'Create a team room; the creator owns it',
        params: accountParams,
        body: createChatRoomSchema,
        response: { 201: chatRoomSchema },
      },
    },
    async (request, reply) => {
      const room = await createTeamRoom(
        deps,
        actorOf(request),
        request.params.accountId,
        request.body,
        auditContextOf(request),
      );
      return reply.code(201).send(room);
    },
  );

  app.get(
    `${prefix}/rooms/:roomId`,
    {
      config: { access: 'chat:read:account' },
      schema: { tags, summary: 'One of my rooms', params: roomParams, response: { 200: chatRoomSchema } },
    },
    async (request) => getRoom(deps, actorOf(request), request.params.accountId, request.params.roomId),
  );

  app.patch(
    `${prefix}/rooms/:roomId`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Rename, describe, archive or unarchive a room (owner, moderators, administrators)',
        params: roomParams,
        body: updateChatRoomSchema,
        response: { 200: chatRoomSchema },
      },
    },
    async (request) =>
      changeRoom(deps, actorOf(request), request.params.accountId, request.params.roomId, request.body),
  );

  app.put(
    `${prefix}/rooms/:roomId/settings`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'My mute and notification level for a room',
        params: roomParams,
        body: updateChatRoomSettingsSchema,
        response: { 200: chatRoomSettingsSchema },
      },
    },
    async (request) =>
      changeRoomSettings(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.body,
      ),
  );

  app.post(
    `${prefix}/rooms/:roomId/read`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'Mark the room read up to a message seq',
        params: roomParams,
        body: markChatReadSchema,
        response: { 200: chatReadStateSchema },
      },
    },
    async (request) =>
      markRead(deps, actorOf(request), request.params.accountId, request.params.roomId, request.body.seq),
  );

  app.get(
    `${prefix}/rooms/:roomId/members`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: "The room's members",
        params: roomParams,
        response: { 200: chatMemberListSchema },
      },
    },
    async (request) => ({
      members: await listMembers(deps, actorOf(request), request.params.accountId, request.params.roomId),
    }),
  );

  app.post(
    `${prefix}/rooms/:roomId/members`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Add an account member to a room (owner, moderators, administrators)',
        params: roomParams,
        body: addChatMemberSchema,
        response: { 201: chatMemberSchema },
      },
    },
    async (request, reply) => {
      const member = await addMember(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.body,
        auditContextOf(request),
      );
      return reply.code(201).send(member);
    },
  );

  app.patch(
    `${prefix}/rooms/:roomId/members/:userId`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: "Change a member's role in the room (owner, administrators)",
        params: memberParams,
        body: updateChatMemberSchema,
        response: { 200: chatMemberSchema },
      },
    },
    async (request) =>
      changeMemberRole(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.params.userId,
        request.body.role,
        auditContextOf(request),
      ),
  );

  app.delete(
    `${prefix}/rooms/:roomId/members/:userId`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'Remove a member (owner, moderators, administrators); your own id leaves the room',
        params: memberParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await removeMember(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.params.userId,
        auditContextOf(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${prefix}/rooms/:roomId/messages`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'History, ascending: the latest page, or before/after/around a message seq',
        params: roomParams,
        querystring: chatHistoryQuerySchema,
        response: { 200: chatMessagePageSchema },
      },
    },
    async (request) =>
      listMessages(deps, actorOf(request), request.params.accountId, request.params.roomId, request.query),
  );

  app.post(
    `${prefix}/rooms/:roomId/messages`,
    {
      config: { access: 'chat:write:account' },
      preHandler: limitSends,
      schema: {
        tags,
        summary: 'Send a message; a retry with the same client_id returns the first one (200)',
        params: roomParams,
        body: sendChatMessageSchema,
        response: { 201: chatMessageSchema, 200: chatMessageSchema },
      },
    },
    async (request, reply) => {
      const { message, created } = await sendMessage(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(message);
    },
  );

  app.get(
    `${prefix}/rooms/:roomId/pins`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'Pinned messages, newest pin first',
        params: roomParams,
        response: { 200: chatPinListSchema },
      },
    },
    async (request) => ({
      messages: await listPins(deps, actorOf(request), request.params.accountId, request.params.roomId),
    }),
  );

  app.get(
    `${prefix}/rooms/:roomId/events`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'Catch-up: the room events after a seq, from the room log',
        params: roomParams,
        querystring: chatEventsQuerySchema,
        response: { 200: chatEventPageSchema },
      },
    },
    async (request) =>
      catchUp(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.roomId,
        request.query.after,
        request.query.limit,
      ),
  );

  app.patch(
    `${prefix}/messages/:messageId`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Edit my message',
        params: messageParams,
        body: editChatMessageSchema,
        response: { 200: chatMessageSchema },
      },
    },
    async (request) =>
      editMessage(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.messageId,
        request.body.body,
      ),
  );

  app.delete(
    `${prefix}/messages/:messageId`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: "Delete a message: my own, or anyone's as the room's moderator or an administrator",
        params: messageParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await deleteMessage(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.messageId,
        auditContextOf(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.put(
    `${prefix}/messages/:messageId/reactions/:emoji`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Add my reaction (at most 20 different ones per message)',
        params: reactionParams,
        response: { 200: chatReactionsSchema },
      },
    },
    async (request) =>
      react(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.messageId,
        request.params.emoji,
        true,
      ),
  );

  app.delete(
    `${prefix}/messages/:messageId/reactions/:emoji`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Remove my reaction',
        params: reactionParams,
        response: { 200: chatReactionsSchema },
      },
    },
    async (request) =>
      react(
        deps,
        actorOf(request),
        request.params.accountId,
        request.params.messageId,
        request.params.emoji,
        false,
      ),
  );

  app.put(
    `${prefix}/messages/:messageId/pin`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Pin a message for the room',
        params: messageParams,
        response: { 200: chatMessageSchema },
      },
    },
    async (request) =>
      setPinned(deps, actorOf(request), request.params.accountId, request.params.messageId, true),
  );

  app.delete(
    `${prefix}/messages/:messageId/pin`,
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags,
        summary: 'Unpin a message',
        params: messageParams,
        response: { 200: chatMessageSchema },
      },
    },
    async (request) =>
      setPinned(deps, actorOf(request), request.params.accountId, request.params.messageId, false),
  );

  app.get(
    `${prefix}/mentions`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'My unread mentions across my rooms, newest first',
        params: accountParams,
        querystring: chatMentionsQuerySchema,
        response: { 200: chatMentionListSchema },
      },
    },
    async (request) => mentionsInbox(deps, actorOf(request), request.params.accountId, request.query.limit),
  );

  app.get(
    `${prefix}/search`,
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags,
        summary: 'Full-text search (Portuguese and English) over the messages of my rooms',
        params: accountParams,
        querystring: chatSearchQuerySchema,
        response: { 200: chatSearchResultSchema },
      },
    },
    async (request) => searchMyMessages(deps, actorOf(request), request.params.accountId, request.query),
  );
}

import {
  chatPurgeListSchema,
  chatPurgeSchema,
  chatSettingsSchema,
  requestChatPurgeSchema,
  updateChatSettingsSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { changeChatSettings, getChatSettings, getPurge, listPurges, requestPurge } from './service';

const purgeParams = accountParams.extend({ purgeId: z.uuid() });

export async function chatRetentionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/accounts/:accountId/chat/settings',
    {
      config: { access: 'chat:purge:account' },
      schema: {
        tags: ['chat'],
        summary: "The account's chat settings (retention)",
        params: accountParams,
        response: { 200: chatSettingsSchema },
      },
    },
    async (request) => getChatSettings(app.deps, request.params.accountId),
  );

  app.put(
    '/accounts/:accountId/chat/settings',
    {
      config: { access: 'chat:purge:account' },
      schema: {
        tags: ['chat'],
        summary: 'Set how many days chat messages are kept (null: forever); applied daily',
        params: accountParams,
        body: updateChatSettingsSchema,
        response: { 200: chatSettingsSchema },
      },
    },
    async (request) =>
      changeChatSettings(app.deps, request.params.accountId, request.body, auditContextOf(request)),
  );

  app.post(
    '/accounts/:accountId/chat/purges',
    {
      config: { access: 'chat:purge:account' },
      schema: {
        tags: ['chat'],
        summary: 'Purge chat history older than a date (optionally one room), as a job with progress',
        params: accountParams,
        body: requestChatPurgeSchema,
        response: { 202: chatPurgeSchema },
      },
    },
    async (request, reply) => {
      const purge = await requestPurge(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.body,
        auditContextOf(request),
      );
      return reply.status(202).send(purge);
    },
  );

  app.get(
    '/accounts/:accountId/chat/purges',
    {
      config: { access: 'chat:purge:account' },
      schema: {
        tags: ['chat'],
        summary: 'The latest chat purges with their counts',
        params: accountParams,
        response: { 200: chatPurgeListSchema },
      },
    },
    async (request) => listPurges(app.deps, request.params.accountId),
  );

  app.get(
    '/accounts/:accountId/chat/purges/:purgeId',
    {
      config: { access: 'chat:purge:account' },
      schema: {
        tags: ['chat'],
        summary: "A purge's status and progress",
        params: purgeParams,
        response: { 200: chatPurgeSchema },
      },
    },
    async (request) => getPurge(app.deps, request.params.accountId, request.params.purgeId),
  );
}

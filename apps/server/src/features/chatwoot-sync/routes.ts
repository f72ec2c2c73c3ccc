import { chatwootConnectionSchema, connectChatwootSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import { connectAccount, connectionStatus, reconcileAccount } from './service';

export async function chatwootSyncRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'chatwoot:manage:account' as const };

  app.get(
    '/accounts/:accountId/chatwoot/connection',
    {
      config: access,
      schema: {
        tags: ['chatwoot'],
        summary: "The account's Chatwoot connection and webhook status",
        params: accountParams,
        response: { 200: chatwootConnectionSchema },
      },
    },
    async (request) => connectionStatus(app.deps.database, request.params.accountId),
  );

  app.put(
    '/accounts/:accountId/chatwoot/connection',
    {
      config: { ...access, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['chatwoot'],
        summary: "Connect with a Chatwoot administrator's API token: registers the webhook and syncs",
        params: accountParams,
        body: connectChatwootSchema,
        response: { 200: chatwootConnectionSchema },
      },
    },
    async (request) =>
      connectAccount(
        app.deps,
        request.params.accountId,
        request.body.api_access_token,
        auditContextOf(request),
      ),
  );

  app.post(
    '/accounts/:accountId/inboxes/sync',
    {
      config: { access: 'chatwoot:manage:account', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['inboxes'],
        summary: 'Pull inboxes and agents from Chatwoot now',
        params: accountParams,
        response: { 200: z.object({ inboxes: z.number().int(), removed_members: z.number().int() }) },
      },
    },
    async (request) => reconcileAccount(app.deps, request.params.accountId),
  );
}

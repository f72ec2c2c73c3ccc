import { inboxListSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountParams } from '../../http/params';
import { listInboxes } from './service';

export async function inboxRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/accounts/:accountId/inboxes',
    {
      config: { access: 'inboxes:read:account' },
      schema: {
        tags: ['inboxes'],
        summary: "The account's Chatwoot inboxes known to the Hub",
        params: accountParams,
        response: { 200: inboxListSchema },
      },
    },
    async (request) => ({ inboxes: await listInboxes(app.deps.database, request.params.accountId) }),
  );
}

import { teamListSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountParams } from '../../http/params';
import { teamsOfAccount } from './service';

export async function teamRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/accounts/:accountId/teams',
    {
      config: { access: 'teams:read:account' },
      schema: {
        tags: ['teams'],
        summary: "The account's Chatwoot teams and their members, as last synced",
        params: accountParams,
        response: { 200: teamListSchema },
      },
    },
    async (request) => ({ teams: await teamsOfAccount(app.deps.database, request.params.accountId) }),
  );
}

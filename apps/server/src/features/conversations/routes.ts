import { conversationSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import { getConversation } from './service';

/** `:displayId` is Chatwoot's display id, the `id` of its conversation payloads and URLs. */
const conversationParams = accountParams.extend({
  displayId: z.coerce.number().int().positive().max(2_147_483_647),
});

export async function conversationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/accounts/:accountId/conversations/:displayId',
    {
      config: { access: 'conversations:read:account' },
      schema: {
        tags: ['conversations'],
        summary: "The Hub's mirror of a Chatwoot conversation, for users who may see it",
        params: conversationParams,
        response: { 200: conversationSchema },
      },
    },
    async (request) =>
      getConversation(app.deps, request.actor as Actor, request.params.accountId, request.params.displayId),
  );
}

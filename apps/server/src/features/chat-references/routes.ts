import {
  chatRoomSchema,
  conversationReferenceListSchema,
  conversationReferencesQuerySchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import { conversationReferences, openDiscussion } from './service';

const conversationParams = accountParams.extend({
  displayId: z.coerce.number().int().positive().max(2_147_483_647),
});

export async function chatReferenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/accounts/:accountId/chat/conversation-references',
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags: ['chat'],
        summary: 'Cards of referenced conversations, for those the caller may see in Chatwoot',
        params: accountParams,
        querystring: conversationReferencesQuerySchema,
        response: { 200: conversationReferenceListSchema },
      },
    },
    async (request) =>
      conversationReferences(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.query.display_ids,
      ),
  );

  app.post(
    '/accounts/:accountId/chat/conversations/:displayId/discussion',
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags: ['chat'],
        summary: "Open (and join) a conversation's internal discussion room, created on first use",
        params: conversationParams,
        response: { 200: chatRoomSchema },
      },
    },
    async (request) =>
      openDiscussion(app.deps, request.actor as Actor, request.params.accountId, request.params.displayId),
  );
}

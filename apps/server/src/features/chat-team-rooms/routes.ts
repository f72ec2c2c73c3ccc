import { chatRoomSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { openTeamRoom } from './service';

const teamParams = accountParams.extend({ teamId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function chatTeamRoomRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/accounts/:accountId/chat/teams/:teamId/room',
    {
      config: { access: 'chat:manage:account' },
      schema: {
        tags: ['chat'],
        summary: "Open the chat room of a Chatwoot team (created on first use); members follow the team's",
        params: teamParams,
        response: { 200: chatRoomSchema },
      },
    },
    async (request) =>
      openTeamRoom(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.teamId,
        auditContextOf(request),
      ),
  );
}

import { memberListSchema, memberSchema, updateMemberRoleSchema } from '@whatpro/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../errors';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { changeMemberRole, endMemberSessions, listMembers } from './service';

const memberParams = accountParams.extend({ userId: z.uuid() });

/** Role changes and ending sessions are ranked against the acting user; an API key has no rank. */
function userActor(request: FastifyRequest) {
  const actor = request.actor as Actor;
  if (actor.type !== 'user') throw forbidden('This needs a user session, not an API key');
  return actor;
}

export async function memberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/accounts/:accountId/members',
    {
      config: { access: 'members:read:account' },
      schema: {
        tags: ['members'],
        summary: "The account's members and their roles",
        params: accountParams,
        response: { 200: memberListSchema },
      },
    },
    async (request) => ({ members: await listMembers(app.deps.database, request.params.accountId) }),
  );

  app.patch(
    '/accounts/:accountId/members/:userId',
    {
      config: { access: 'members:update_role:account' },
      schema: {
        tags: ['members'],
        summary: "Change a member's role (only below your own; never your own)",
        params: memberParams,
        body: updateMemberRoleSchema,
        response: { 200: memberSchema },
      },
    },
    async (request) =>
      changeMemberRole(
        app.deps,
        userActor(request),
        request.params.accountId,
        request.params.userId,
        request.body.role,
        auditContextOf(request),
      ),
  );

  app.delete(
    '/accounts/:accountId/members/:userId/sessions',
    {
      config: { access: 'sessions:revoke:account' },
      schema: {
        tags: ['members'],
        summary: 'End every session of a member at once',
        params: memberParams,
        response: { 200: z.object({ ended: z.number().int() }) },
      },
    },
    async (request) => ({
      ended: await endMemberSessions(
        app.deps,
        userActor(request),
        request.params.accountId,
        request.params.userId,
        auditContextOf(request),
      ),
    }),
  );
}

import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { createApiKey, listApiKeys, revokeApiKey } from './service';

export async function apiKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'api_keys:manage:account' as const };

  app.post(
    '/accounts/:accountId/api-keys',
    {
      config: access,
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (the key is shown once)',
        params: accountParams,
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createApiKey(
            app.deps.database,
            request.params.accountId,
            request.body,
            auditContextOf(request),
          ),
        ),
  );

  app.get(
    '/accounts/:accountId/api-keys',
    {
      config: access,
      schema: {
        tags: ['api-keys'],
        summary: "The account's API keys",
        params: accountParams,
        response: { 200: apiKeyListSchema },
      },
    },
    async (request) => ({ api_keys: await listApiKeys(app.deps.database, request.params.accountId) }),
  );

  app.delete(
    '/accounts/:accountId/api-keys/:keyId',
    {
      config: access,
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key at once',
        params: accountParams.extend({ keyId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeApiKey(
        app.deps.database,
        request.actor as Actor,
        request.params.accountId,
        request.params.keyId,
        auditContextOf(request),
      );
      return reply.code(204).send(null);
    },
  );
}

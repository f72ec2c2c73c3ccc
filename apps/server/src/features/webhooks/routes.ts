import {
  webhookEventListSchema,
  webhookEventSchema,
  webhookReceiptSchema,
  webhookReplayAllSchema,
} from '@whatpro/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { accountParams } from '../../http/params';
import { acceptSignedBodies, signedBodyOf } from '../../http/raw-body';
import { createDenialThrottle } from '../audit/denials';
import { auditContextOf } from '../audit/service';
import { listProblemEvents, receiveChatwootDelivery, replayDeadEvents, replayEvent } from './service';

/** Far above what the intake sustains, so it never refuses a real burst (see docs/PERFORMANCE.md). */
const WEBHOOKS_PER_MINUTE_PER_ACCOUNT = 300_000;

export async function webhookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Forged posts get the same refusal budget as cross-tenant probes: past it, 429 before any lookup.
  const refusals = createDenialThrottle(app.deps.redis);
  const senderOf = (request: FastifyRequest) => `webhook:ip:${request.ip ?? 'unknown'}`;

  app.register(async (scope) => {
    acceptSignedBodies(scope, { contentTypes: ['application/json', 'text/plain'] });
    scope.addHook('onRequest', async (request, reply) => {
      const sender = senderOf(request);
      if (!refusals.exhausted(sender)) return;
      app.deps.metrics.webhooks.rejected('throttled');
      const seconds = refusals.retryAfterSeconds(sender);
      reply.header('retry-after', String(seconds));
      throw new AppError(429, 'rate_limited', `Too many refused deliveries; retry in ${seconds} s`);
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/webhooks/chatwoot/:accountId/:urlToken',
      {
        config: {
          access: 'public',
          // Chatwoot sends every account's webhooks from one address, in bursts: a per-address limit
          // would refuse real deliveries (which Chatwoot never retries). Forged posts are held by the
          // refusal budget above; this only caps one registration.
          rateLimit: {
            max: WEBHOOKS_PER_MINUTE_PER_ACCOUNT,
            timeWindow: '1 minute',
            keyGenerator: (request: FastifyRequest) =>
              `webhook:account:${(request.params as { accountId?: string }).accountId ?? '-'}`,
          },
        },
        schema: {
          tags: ['webhooks'],
          summary: "Chatwoot's webhook receiver: verified, stored durably, acknowledged, then processed",
          params: z.strictObject({
            accountId: z.coerce.number().int().positive(),
            urlToken: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
          }),
          response: { 200: webhookReceiptSchema },
        },
      },
      async (request) => {
        try {
          return await receiveChatwootDelivery(
            app.deps,
            {
              accountId: request.params.accountId,
              urlToken: request.params.urlToken,
              body: signedBodyOf(request),
              headers: request.headers,
            },
            auditContextOf(request),
          );
        } catch (error) {
          if (error instanceof AppError && (error.statusCode === 401 || error.statusCode === 404)) {
            await refusals.count(senderOf(request));
          }
          throw error;
        }
      },
    );
  });

  app.get(
    '/accounts/:accountId/webhooks/dead-letters',
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook events that failed or were dead-lettered',
        params: accountParams,
        response: { 200: webhookEventListSchema },
      },
    },
    async (request) => ({ events: await listProblemEvents(app.deps, request.params.accountId) }),
  );

  app.post(
    '/accounts/:accountId/webhooks/dead-letters/replay',
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['webhooks'],
        summary: 'Queue every dead-lettered event of the account again; answers how many',
        params: accountParams,
        response: { 202: webhookReplayAllSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await replayDeadEvents(app.deps, request.params.accountId, auditContextOf(request))),
  );

  app.post(
    '/accounts/:accountId/webhooks/events/:eventId/replay',
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['webhooks'],
        summary: 'Queue a failed or dead-lettered event again',
        params: accountParams.extend({ eventId: z.uuid() }),
        response: { 202: webhookEventSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await replayEvent(
            app.deps,
            request.params.accountId,
            request.params.eventId,
            auditContextOf(request),
          ),
        ),
  );
}

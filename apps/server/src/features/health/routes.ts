import { deepResponseSchema, liveResponseSchema, readyResponseSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deepHealth, readiness } from './service';

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/health/live',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: liveResponseSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Ready to take traffic: database and (when configured) Redis answer',
        response: { 200: readyResponseSchema, 503: readyResponseSchema },
      },
    },
    async (_request, reply) => {
      const checks = await readiness(app.deps);
      if (app.shuttingDown) checks.shutdown = { status: 'down', error: 'shutting down' };
      const ok = Object.values(checks).every((check) => check.status !== 'down');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );

  app.get(
    '/health/deep',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Latency of every dependency: database, Redis, event bus, Chatwoot API, disk',
        response: { 200: deepResponseSchema, 503: deepResponseSchema },
      },
    },
    async (_request, reply) => {
      const checks = await deepHealth(app.deps);
      const essentialDown = checks.database?.status === 'down' || checks.redis?.status === 'down';
      const anyDown = Object.values(checks).some((check) => check.status === 'down');
      const status = essentialDown ? 'unavailable' : anyDown ? 'degraded' : 'ok';
      return reply.code(essentialDown ? 503 : 200).send({ status, checks });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: { 200: z.string() },
      },
    },
    async (_request, reply) => {
      const { registry } = app.deps.metrics;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}

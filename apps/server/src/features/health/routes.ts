import { createHash, timingSafeEqual } from 'node:crypto';
import { deepResponseSchema, liveResponseSchema, readyResponseSchema } from '@whatpro/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, unauthorized } from '../../errors';
import { authenticate } from '../auth/guard';
import { createDeepProbe, DEEP_PROBE_TTL_MS, readiness } from './service';

/** Monitors and scrapers poll; these bound what one address can make the node do. */
const DEEP_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
const METRICS_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Operator-only routes accept the route's own token (for monitors and Prometheus) or a super admin's
 * session. Called from the handler, after the rate limiter, so failed guesses are throttled too.
 */
function operatorOnly(
  app: FastifyInstance,
  what: string,
  token: string | undefined,
  openWithoutToken: boolean,
) {
  return async (request: FastifyRequest) => {
    if (openWithoutToken && token === undefined) return;
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(request.headers.authorization ?? '');
    const presented = match?.[1];
    if (presented === undefined) {
      throw unauthorized(`${what} needs its token or a super admin session as a bearer token`);
    }
    if (token !== undefined && sameSecret(presented, token)) return;
    const actor = await authenticate(app.deps, presented);
    if (actor.type !== 'user' || !actor.isSuperAdmin) throw forbidden(`Only a super admin may read ${what}`);
    request.actor = actor;
  };
}

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, metrics } = app.deps;
  const deepProbe = createDeepProbe(app.deps);
  const deepAccess = operatorOnly(app, '/health/deep', config.healthToken, false);
  const metricsAccess = operatorOnly(app, '/metrics', config.metricsToken, config.env !== 'production');

  metrics.gauge(
    'hub_dependency_up',
    'Whether each dependency answered the last deep health probe (1) or not (0)',
    ['dependency'],
    async (gauge) => {
      const { checks } = await deepProbe.report();
      for (const [dependency, check] of Object.entries(checks)) {
        if (check.status !== 'skipped') gauge.set({ dependency }, check.status === 'ok' ? 1 : 0);
      }
    },
  );

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
        summary: 'Ready to take traffic: the database answers and the node is not shutting down',
        description:
          'Fails only for what the node cannot serve without. A Redis outage leaves nodes serving (sessions fall back to the database), so it shows in `/health/deep` and `hub_dependency_up`, not here.',
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
      config: { access: 'public', rateLimit: DEEP_RATE_LIMIT },
      schema: {
        tags: ['health'],
        summary: 'Every dependency: database, Redis, event bus, Chatwoot API, disk',
        description: `For operators: \`Authorization: Bearer <HEALTH_TOKEN>\` or a super admin's session. One probe answers every caller for ${DEEP_PROBE_TTL_MS / 1000} s. 503 only when the database is down; any other dependency down is \`degraded\`.`,
        response: { 200: deepResponseSchema, 503: deepResponseSchema },
      },
    },
    async (request, reply) => {
      await deepAccess(request);
      const report = await deepProbe.report();
      return reply.code(report.status === 'unavailable' ? 503 : 200).send({
        status: report.status,
        checked_at: report.checkedAt.toISOString(),
        checks: report.checks,
      });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'public', rateLimit: METRICS_RATE_LIMIT },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        description:
          'With `METRICS_TOKEN` set, scrapers send it as a bearer token. Without it, open outside production and super-admin-only in production.',
        produces: ['text/plain'],
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      await metricsAccess(request);
      const { registry } = app.deps.metrics;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}

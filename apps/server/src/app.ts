import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { REALTIME_MAX_CLIENT_FRAME_BYTES } from '@whatpro/contracts';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  LogController,
  type RouteOptions,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import pkg from '../package.json' with { type: 'json' };
import type { Config } from './config';
import { type Database, openDatabase } from './db/database';
import type { AppDependencies } from './dependencies';
import { domainEventRoutes } from './domain-events/routes';
import { createDomainEvents } from './domain-events/service';
import { AppError } from './errors';
import { apiKeyRoutes } from './features/api-keys/routes';
import { auditLogRoutes } from './features/audit/routes';
import { registerGuard } from './features/auth/guard';
import { authRoutes } from './features/auth/routes';
import { chatRoutes } from './features/chat/routes';
import { chatAnnouncementRoutes } from './features/chat-announcements/routes';
import { chatAttachmentRoutes } from './features/chat-attachments/routes';
import { chatReferenceRoutes } from './features/chat-references/routes';
import { chatRetentionRoutes } from './features/chat-retention/routes';
import { chatTeamRoomRoutes } from './features/chat-team-rooms/routes';
import { chatwootSyncRoutes } from './features/chatwoot-sync/routes';
import { conversationRoutes } from './features/conversations/routes';
import { embedRoutes } from './features/embed/routes';
import { healthRoutes } from './features/health/routes';
import { inboxRoutes } from './features/inboxes/routes';
import { instanceTokenRoutes } from './features/instance-tokens/routes';
import { registerKanbanAutomation } from './features/kanban/automation';
import { kanbanExtrasRoutes } from './features/kanban/extras-routes';
import { kanbanRoutes } from './features/kanban/routes';
import { memberRoutes } from './features/members/routes';
import { metaRoutes } from './features/meta/routes';
import { platformAppRoutes } from './features/platform-app/routes';
import { realtimeRoutes } from './features/realtime/routes';
import { teamRoutes } from './features/teams/routes';
import { webhookRoutes } from './features/webhooks/routes';
import { chatwootOrigins } from './http/origins';
import { createMemoryCache, createRedisCache } from './infra/cache';
import { createMemoryBus, createRedisBus, type EventBus } from './infra/event-bus';
import { createRedis } from './infra/redis';
import { createSecretBox, encryptionKeysFrom } from './infra/secrets';
import { createStorage } from './infra/storage';
import { startTracing } from './infra/tracing';
import { createChatwootClient } from './integrations/chatwoot';
import { startInProcessJobs, startJobs } from './jobs/jobs';
import { defaultLogDestination, loggerOptions } from './logger';
import { registerErrorHandling, sendError } from './plugins/error-handler';
import { registerMetrics } from './plugins/metrics';
import { registerSecurityHeaders, setPreRoutingHeaders } from './plugins/security-headers';
import { registerWebApp } from './plugins/web-app';

export interface BuildAppOptions {
  logStream?: DestinationStream;
  /** An already open database (tests share one per file); the app will not close it. */
  database?: Database;
  /** An event bus shared by apps built in one process, as Redis is by nodes (tests); the app will not close it. */
  bus?: EventBus;
  /** Registered after the app's own routes (tests use it for fixture routes). */
  extraRoutes?: (app: FastifyInstance) => Promise<void> | void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function requestIdFor(request: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { ...loggerOptions(config.logLevel), stream: options.logStream ?? defaultLogDestination() },
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    trustProxy: config.trustProxy ?? false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a malformed URL, say) skip the error handler; keep their shape.
    frameworkErrors: (error, _request, reply) => {
      setPreRoutingHeaders(reply);
      sendError(reply, 400, 'bad_request', error.message);
    },
  }).withTypeProvider<ZodTypeProvider>();
  const routeInventory: RouteOptions[] = [];
  app.decorate('routeInventory', routeInventory);
  app.addHook('onRoute', (route) => {
    routeInventory.push(route);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.databasePoolMax,
    }));
  const closers: (() => Promise<unknown>)[] = [];
  const tracing = config.otelEndpoint ? startTracing(config.otelEndpoint) : undefined;
  if (tracing) await app.register(tracing.plugin);
  try {
    if (ownsDatabase) await database.migrate();
    const redis = config.redisUrl ? createRedis(config.redisUrl, 'main') : undefined;
    if (redis) closers.push(async () => redis.disconnect());
    const bus = options.bus ?? (config.redisUrl ? await createRedisBus(config.redisUrl) : createMemoryBus());
    if (!options.bus) closers.push(() => bus.close());
    const cache = redis ? createRedisCache(redis) : createMemoryCache();
    if (ownsDatabase) closers.push(() => database.close());
    if (tracing) closers.push(() => tracing.shutdown());
    const chatwoot = config.chatwootUrl
      ? createChatwootClient({
          baseUrl: config.chatwootUrl,
          allowPrivateNetwork: config.chatwootAllowPrivateNetwork,
          timeoutMs: config.chatwootTimeoutMs,
          log: app.log,
        })
      : undefined;
    if (chatwoot) closers.push(async () => chatwoot.close());
    const metrics = registerMetrics(app);
    const storage = await createStorage(config.storage);
    closers.push(() => storage.close());
    const deps: AppDependencies = {
      config,
      database,
      bus,
      domainEvents: createDomainEvents({ config, database, bus, log: app.log }),
      cache,
      redis,
      jobs: undefined,
      chatwoot,
      secrets: createSecretBox(
        encryptionKeysFrom(config.encryptionKey, config.encryptionKeyPrevious, config.sessionSecret),
      ),
      storage,
      metrics,
      log: app.log,
      version: pkg.version,
    };
    // Consumers join the outbox before anything can record an event they should receive.
    registerKanbanAutomation(deps);
    // API-only nodes still enqueue and schedule; only workers take jobs. Without pg-boss this process
    // runs its jobs itself.
    const jobs = config.jobsEnabled
      ? await startJobs({ deps, databaseUrl: config.databaseUrl, work: config.role !== 'api' })
      : startInProcessJobs({ deps });
    deps.jobs = jobs;
    closers.unshift(() => jobs.stop());
    metrics.gauge('hub_job_queue_size', 'Jobs waiting per queue', ['queue'], async (gauge) => {
      for (const [queue, size] of Object.entries(await jobs.queueSizes())) gauge.set({ queue }, size);
    });
    app.decorate('deps', deps);
    app.decorate('shuttingDown', false);
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
  app.addHook('onClose', async () => {
    for (const close of closers) await close();
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // Keep-alive sockets that finish a request during shutdown would otherwise hold close() open.
    if (app.shuttingDown) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        latency_ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });

  registerErrorHandling(app);
  registerGuard(app);
  const chatwoot = chatwootOrigins(config);
  await registerSecurityHeaders(app, { frameAncestorsFor: () => chatwoot });
  await app.register(cors, {
    // The Dashboard Script calls the Hub from Chatwoot's pages, so Chatwoot's origin is always allowed.
    origin: (origin, callback) =>
      callback(
        null,
        origin !== undefined && (config.corsOrigins.includes(origin) || chatwoot.includes(origin)),
      ),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  });
  await app.register(cookie);
  // Only chat uploads read multipart bodies, one file each, streamed; the size limit truncates the stream.
  await app.register(multipart, {
    limits: { fileSize: config.chatAttachmentMaxBytes, files: 1, fields: 0, parts: 1, fieldNameSize: 100 },
    throwFileSizeLimit: false,
  });
  await app.register(rateLimit, {
    global: false,
    ...(app.deps.redis ? { redis: app.deps.redis, nameSpace: 'hub:rl:' } : {}),
    skipOnError: true,
    // After the guard (onRequest) has identified the caller, so signed-in callers are limited per
    // tenant and user (agents behind one NAT do not share a bucket) and anonymous ones per address.
    hook: 'preHandler',
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(websocket, {
    // Clients send small control frames (typing, presence, ping); anything bigger closes the socket.
    options: { maxPayload: REALTIME_MAX_CLIENT_FRAME_BYTES },
    preClose: async () => {
      for (const client of app.websocketServer.clients) client.close(1001, 'server shutting down');
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'WhatPro Hub API', version: pkg.version, description: 'The API of WhatPro Hub.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  await app.register(healthRoutes);
  await app.register(metaRoutes, { prefix: '/api/v1' });
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(apiKeyRoutes, { prefix: '/api/v1' });
  await app.register(memberRoutes, { prefix: '/api/v1' });
  await app.register(chatRoutes, { prefix: '/api/v1' });
  await app.register(auditLogRoutes, { prefix: '/api/v1' });
  await app.register(inboxRoutes, { prefix: '/api/v1' });
  await app.register(teamRoutes, { prefix: '/api/v1' });
  await app.register(conversationRoutes, { prefix: '/api/v1' });
  await app.register(kanbanRoutes, { prefix: '/api/v1' });
  await app.register(instanceTokenRoutes, { prefix: '/api/v1' });
  await app.register(embedRoutes, { prefix: '/api/v1' });
  await app.register(chatwootSyncRoutes, { prefix: '/api/v1' });
  await app.register(webhookRoutes, { prefix: '/api/v1' });
  await app.register(chatAttachmentRoutes, { prefix: '/api/v1' });
  await app.register(chatRetentionRoutes, { prefix: '/api/v1' });
  await app.register(chatReferenceRoutes, { prefix: '/api/v1' });
  await app.register(chatTeamRoomRoutes, { prefix: '/api/v1' });
  await app.register(chatAnnouncementRoutes, { prefix: '/api/v1' });
  await app.register(domainEventRoutes, { prefix: '/api/v1' });
  await app.register(kanbanExtrasRoutes, { prefix: '/api/v1' });
  await app.register(platformAppRoutes, { embedScriptPath: config.embedScriptPath });
  await app.register(realtimeRoutes);
  if (options.extraRoutes) await app.register(async (scope) => options.extraRoutes?.(scope));
  await registerWebApp(app, config.webDistDir);
  return app;
}

function rateLimitKey(request: FastifyRequest): string {
  const actor = request.actor;
  if (actor?.type === 'user') return `user:${actor.accountId ?? '-'}:${actor.userId}`;
  if (actor?.type === 'api_key') return `key:${actor.accountId}:${actor.keyId}`;
  return `ip:${request.ip ?? 'unknown'}`;
}

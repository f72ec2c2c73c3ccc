import { randomUUID } from 'node:crypto';
import {
  presenceListSchema,
  type RealtimeControlFrame,
  realtimeClientFrameSchema,
  realtimeCloseCodes,
  realtimeTicketRequestSchema,
  realtimeTicketSchema,
} from '@whatpro/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import WebSocket from 'ws';
import { z } from 'zod';
import { forbidden } from '../../errors';
import { hubOrigins } from '../../http/origins';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import { roomMemberIds } from '../chat/repo';
import { createRealtimeHub, PRESENCE_HEARTBEAT_MS, type RealtimeConnection } from './hub';
import { createMemoryPresence, createRedisPresence } from './presence';
import { admitTicket, listPresence, requestTicket } from './service';

type UserActor = Extract<Actor, { type: 'user' }>;

/** Protocol pings on `/ws`; a socket that misses one round is gone. */
const WS_HEARTBEAT_MS = 30_000;
/** SSE comment lines keep proxies from closing an idle stream. */
const SSE_HEARTBEAT_MS = 25_000;
/**
 * A connection whose unsent data passes this is a consumer that cannot keep up: it is dropped rather than
 * buffered without end; the client reconnects and catches up by sequence.
 */
export const MAX_QUEUED_BYTES = 1024 * 1024;
/** Frames a client may send in a burst, and how many more it earns per second. */
const FRAME_BURST = 30;
const FRAMES_PER_SECOND = 5;

export const SESSION_ENDED_CLOSE_CODE = realtimeCloseCodes.sessionEnded;
export const TOKEN_EXPIRED_CLOSE_CODE = realtimeCloseCodes.accessExpired;

const ticketQuery = z.strictObject({ ticket: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Malformed ticket') });

/** A token bucket per connection: each frame takes one, refilled over time. */
function frameBudget() {
  let tokens = FRAME_BURST;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(FRAME_BURST, tokens + ((now - last) / 1000) * FRAMES_PER_SECOND);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

const frame = (value: RealtimeControlFrame) => JSON.stringify(value);
const hello = (actor: UserActor) =>
  frame({
    type: 'hello',
    server_time: new Date().toISOString(),
    account_id: actor.accountId as number,
    user_id: actor.userId,
  });

/**
 * Realtime: single-use tickets, `/ws`, its SSE fallback and presence. A browser sends Origin on every
 * WebSocket handshake and @fastify/websocket checks none, so cross-site hijacking is refused here; the
 * ticket is claimed before the upgrade. Each connection closes when its session is revoked on any node
 * or when the access token behind its ticket expires.
 */
export async function realtimeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, bus, cache, redis, database, log, metrics } = app.deps;
  const allowedOrigins = new Set([...hubOrigins(config), ...config.corsOrigins]);
  const presence = redis
    ? createRedisPresence(redis, { nodeId: randomUUID(), nodeTimeoutMs: 3 * PRESENCE_HEARTBEAT_MS })
    : createMemoryPresence();
  const hub = await createRealtimeHub({
    bus,
    cache,
    presence,
    log,
    roomMemberIds: (accountId, roomId) =>
      database.tenantAutocommit(accountId, (tx) => roomMemberIds(tx, accountId, roomId)),
  });
  metrics.gauge(
    'hub_realtime_connections',
    'Open realtime connections (WebSocket and SSE) on this node',
    [],
    async (gauge) => gauge.set(hub.connectionCount()),
  );

  const alive = new WeakSet<WebSocket>();
  const wsHeartbeat = setInterval(() => {
    for (const socket of app.websocketServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, WS_HEARTBEAT_MS);
  wsHeartbeat.unref();
  const streams = new Set<() => void>();

  // A refused upgrade leaves the raw socket paused and open (nothing reads the client's FIN), which would
  // hold shutdown; the refusal has been written, so end the connection.
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade && reply.statusCode >= 400) request.raw.socket.destroy();
  });
  // Event streams are hijacked responses the server would wait for; they end before it closes.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.addHook('onClose', async () => {
    clearInterval(wsHeartbeat);
    await hub.close();
  });

  /** Closes a connection when the access token behind its ticket expires; the client refreshes and comes back. */
  function expiryTimer(actor: UserActor, close: () => void) {
    const timer = setTimeout(close, Math.max(0, (actor.accessExpiresAt ?? 0) - Date.now()));
    timer.unref();
    return timer;
  }

  /** Handles one client frame from either transport; answers go back through `reply`. */
  function onClientFrame(connection: RealtimeConnection, text: string, reply: (value: string) => void) {
    let parsed: ReturnType<typeof realtimeClientFrameSchema.safeParse>;
    try {
      parsed = realtimeClientFrameSchema.safeParse(JSON.parse(text));
    } catch {
      reply(frame({ type: 'error', code: 'bad_frame', message: 'Frames are JSON text' }));
      return;
    }
    if (!parsed.success) {
      reply(frame({ type: 'error', code: 'bad_frame', message: 'Unknown or malformed frame' }));
      return;
    }
    const clientFrame = parsed.data;
    if (clientFrame.type === 'ping') reply(frame({ type: 'pong' }));
    else if (clientFrame.type === 'presence') hub.setPresence(connection, clientFrame.status);
    else {
      hub.typing(connection, clientFrame.room_id).then(
        (outcome) => {
          if (outcome === 'not_member')
            reply(frame({ type: 'error', code: 'not_found', message: 'Room not found' }));
        },
        (error: Error) => log.warn({ err: error }, 'typing failed'),
      );
    }
  }

  app.post(
    '/api/v1/realtime/tickets',
    {
      config: { access: 'authenticated', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['realtime'],
        summary: 'A single-use ticket (30 s) that opens /ws or the event stream for one account',
        body: realtimeTicketRequestSchema,
        response: { 201: realtimeTicketSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return requestTicket(app.deps, request.actor as UserActor, request.body.account_id);
    },
  );

  app.get(
    '/api/v1/accounts/:accountId/presence',
    {
      config: { access: 'members:read:account' },
      schema: {
        tags: ['realtime'],
        summary: 'Who in the account is online or away now (everyone else is offline)',
        params: accountParams,
        response: { 200: presenceListSchema },
      },
    },
    async (request) => listPresence(presence, request.params.accountId),
  );

  app.get(
    '/ws',
    {
      websocket: true,
      // The ticket is the credential: the guard's bearer check does not apply, the hook below does.
      config: { access: 'public' },
      schema: { hide: true },
      onRequest: async (request: FastifyRequest) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !allowedOrigins.has(origin)) throw forbidden('Origin not allowed');
        const query = ticketQuery.safeParse(request.query);
        request.actor = await admitTicket(app.deps, query.success ? query.data.ticket : undefined);
      },
    },
    (socket, request) => {
      const actor = request.actor as UserActor;
      const connection: RealtimeConnection = {
        accountId: actor.accountId as number,
        userId: actor.userId,
        sessionId: actor.sessionId,
        presence: 'online',
        send(data) {
          if (socket.readyState !== WebSocket.OPEN) return;
          if (socket.bufferedAmount > MAX_QUEUED_BYTES) {
            socket.terminate();
            return;
          }
          socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
      };
      const expiry = expiryTimer(actor, () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'access token expired'));
      const withinBudget = frameBudget();
      socket.on('message', (data, isBinary) => {
        if (!withinBudget()) {
          socket.close(realtimeCloseCodes.rateLimited, 'too many frames');
          return;
        }
        if (isBinary) {
          connection.send(frame({ type: 'error', code: 'bad_frame', message: 'Frames are JSON text' }));
          return;
        }
        onClientFrame(connection, String(data), connection.send);
      });
      socket.on('close', () => {
        clearTimeout(expiry);
        hub.remove(connection);
      });
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.send(hello(actor));
      hub.add(connection);
    },
  );

  app.get(
    '/api/v1/realtime/events',
    {
      config: { access: 'public' },
      schema: {
        tags: ['realtime'],
        summary:
          'The realtime stream as Server-Sent Events (fallback for /ws): the same frames as `data:` lines; ' +
          'an `end` event with a close code before the server ends it',
        querystring: ticketQuery,
        response: { 200: z.string().describe('text/event-stream') },
      },
    },
    async (request, reply) => {
      const actor = await admitTicket(app.deps, request.query.ticket);
      reply.hijack();
      const raw = reply.raw;
      // Headers the hooks set so far (request id, security headers) go out with the hijacked response.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) raw.setHeader(name, value);
      }
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      let ended = false;
      const write = (data: string) => {
        if (ended) return;
        if (raw.writableLength > MAX_QUEUED_BYTES) {
          raw.destroy();
          return;
        }
        raw.write(data);
      };
      const end = (code: number, reason: string) => {
        write(`event: end\ndata: ${JSON.stringify({ code, reason })}\n\n`);
        ended = true;
        raw.end();
      };
      const connection: RealtimeConnection = {
        accountId: actor.accountId as number,
        userId: actor.userId,
        sessionId: actor.sessionId,
        presence: 'online',
        send: (data) => write(`data: ${data}\n\n`),
        close: end,
      };
      const expiry = expiryTimer(actor, () => end(TOKEN_EXPIRED_CLOSE_CODE, 'access token expired'));
      const heartbeat = setInterval(() => write(': ping\n\n'), SSE_HEARTBEAT_MS);
      heartbeat.unref();
      const shutdown = () => end(1001, 'server shutting down');
      streams.add(shutdown);
      raw.on('close', () => {
        ended = true;
        clearTimeout(expiry);
        clearInterval(heartbeat);
        streams.delete(shutdown);
        hub.remove(connection);
      });
      connection.send(hello(actor));
      hub.add(connection);
    },
  );
}

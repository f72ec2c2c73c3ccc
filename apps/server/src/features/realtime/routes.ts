import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { forbidden } from '../../errors';
import type { Actor } from '../auth/actor';
import { channels, type SessionsRevokedEvent } from './events';

const HEARTBEAT_MS = 30_000;
/** Close code for a socket whose session ended: policy violation, so clients sign in again, not reconnect. */
export const SESSION_ENDED_CLOSE_CODE = 1008;
/** Close code when the access token that opened the socket expires: the client refreshes and reconnects. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4001;

/**
 * The realtime socket. Browsers send Origin on every WebSocket handshake and @fastify/websocket checks
 * none, so cross-site hijacking is refused here; the guard authenticates before the upgrade (the token
 * travels as a subprotocol), and a session's sockets close the moment it is revoked on any node.
 */
export async function realtimeRoutes(app: FastifyInstance) {
  const { config, bus } = app.deps;
  const allowedOrigins = new Set([new URL(config.publicUrl).origin, ...config.corsOrigins]);
  const alive = new WeakSet<WebSocket>();
  const socketsBySession = new Map<string, Set<WebSocket>>();

  const heartbeat = setInterval(() => {
    for (const socket of app.websocketServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const unsubscribe = await bus.subscribe(channels.sessionsRevoked, (message) => {
    for (const sessionId of (message as SessionsRevokedEvent).session_ids ?? []) {
      for (const socket of socketsBySession.get(sessionId) ?? [])
        socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
    }
  });
  // A refused upgrade leaves the raw socket paused and open (nothing reads the client's FIN), which would
  // hold shutdown; the refusal has been written, so end the connection.
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade && reply.statusCode >= 400) request.raw.socket.destroy();
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    await unsubscribe();
  });

  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: 'authenticated' },
      schema: { hide: true },
      onRequest: async (request) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !allowedOrigins.has(origin)) throw forbidden('Origin not allowed');
      },
    },
    (socket, request) => {
      const { sessionId, accessExpiresAt } = request.actor as Extract<Actor, { type: 'user' }>;
      // A socket is only as good as the token that opened it: past `exp` it would outlive the checks
      // every HTTP request gets, so it closes and the client reconnects with a fresh token.
      const expiry =
        accessExpiresAt === undefined
          ? undefined
          : setTimeout(
              () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'access token expired'),
              Math.max(0, accessExpiresAt - Date.now()),
            );
      expiry?.unref();
      let sockets = socketsBySession.get(sessionId);
      if (!sockets) {
        sockets = new Set();
        socketsBySession.set(sessionId, sockets);
      }
      sockets.add(socket);
      socket.on('close', () => {
        clearTimeout(expiry);
        sockets.delete(socket);
        if (sockets.size === 0) socketsBySession.delete(sessionId);
      });
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.send(JSON.stringify({ type: 'hello', server_time: new Date().toISOString() }));
    },
  );
}

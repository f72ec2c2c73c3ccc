import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { forbidden } from '../../errors';

const HEARTBEAT_MS = 30_000;

/**
 * The realtime socket. Browsers send Origin on every WebSocket handshake and @fastify/websocket checks
 * none, so cross-site hijacking is refused here, before the upgrade.
 */
export async function realtimeRoutes(app: FastifyInstance) {
  const { config } = app.deps;
  const allowedOrigins = new Set([new URL(config.publicUrl).origin, ...config.corsOrigins]);
  const alive = new WeakSet<WebSocket>();

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
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: 'public' },
      schema: { hide: true },
      onRequest: async (request) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !allowedOrigins.has(origin)) throw forbidden('Origin not allowed');
      },
    },
    (socket) => {
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.send(JSON.stringify({ type: 'hello', server_time: new Date().toISOString() }));
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** The log destination is asynchronous; without a flush the last lines before exit are lost. */
export function flushLogs(app: FastifyInstance): void {
  (app.log as unknown as Logger).flush();
}

/**
 * Shutdown order (security.md §3.4): fail readiness, stop accepting, let in-flight requests finish,
 * close WebSockets with 1001, stop jobs after their current item, close Redis and the database.
 */
export async function shutdown(app: FastifyInstance, graceMs: number): Promise<void> {
  app.shuttingDown = true;
  const timer = setTimeout(() => {
    app.log.error({ grace_ms: graceMs }, 'graceful shutdown took too long; exiting');
    flushLogs(app);
    process.exit(1);
  }, graceMs);
  timer.unref();
  await app.close();
  clearTimeout(timer);
}

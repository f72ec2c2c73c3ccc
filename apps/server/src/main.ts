import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { DataDirInUseError } from './db/data-dir-lock';

/** The log destination is asynchronous; without a flush the last lines before exit are lost. */
function flushLogs(app: FastifyInstance): void {
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

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const app = await buildApp(config);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    shutdown(app, config.shutdownGraceMs).then(
      () => {
        app.log.info('stopped');
        flushLogs(app);
        process.exit(0);
      },
      (error) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  if (config.role === 'worker') {
    await app.ready();
    app.log.info({ role: config.role }, 'worker started: processing jobs, not serving HTTP');
    return;
  }
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { role: config.role, database: app.deps.database.driver, event_bus: app.deps.bus.kind },
    'listening',
  );
  console.log(`WhatPro Hub is running at ${address.replace('127.0.0.1', 'localhost')}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    const cause = (error as Error & { code?: string }).code;
    console.error(`WhatPro Hub failed to start: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  process.exit(1);
});

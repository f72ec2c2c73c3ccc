import { buildApp } from './app';
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { DataDirInUseError } from './db/data-dir-lock';
import { flushLogs, shutdown } from './lifecycle';

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

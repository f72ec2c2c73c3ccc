import { writeFileSync } from 'node:fs';
import { buildApp } from './app';
import { loadConfig } from './config';

/**
 * Prints the API's OpenAPI document (or writes it to the path given as the first argument) without
 * listening: the web app generates its typed client from it. The configuration is fixed rather than read
 * from the environment, so the document is the same on every machine.
 */
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: 'memory://',
  JOBS_ENABLED: 'false',
});
const app = await buildApp(config);
try {
  await app.ready();
  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  const outputPath = process.argv[2];
  if (outputPath) writeFileSync(outputPath, document);
  else process.stdout.write(document);
} finally {
  await app.close();
}

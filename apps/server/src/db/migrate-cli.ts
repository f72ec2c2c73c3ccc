import { ConfigError, loadConfig, loadDotEnv } from '../config';
import { openDatabase } from './database';

loadDotEnv();
try {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: 1,
  });
  try {
    await database.migrate();
    console.log(`migrations applied (${database.driver})`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`,
  );
  process.exit(1);
}

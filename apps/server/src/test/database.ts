import { createHash, randomBytes } from 'node:crypto';
import { existsSync, openAsBlob, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, migrationsFolder, openDatabase } from '../db/database';

/** Opening a fresh PGlite runs initdb (~3.5 s); reloading a migrated dump takes ~0.4 s, so we cache one. */
async function pgliteSnapshotPath(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  const path = join(tmpdir(), `whatpro-hub-test-db-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(path)) return path;
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const dump = await database.snapshot!();
  await database.close();
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

export interface TestDatabase {
  database: Database;
  /** Connection string of this test's own PostgreSQL database (PostgreSQL runs only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A migrated database of this test's own: in-memory PGlite by default, or a throwaway database on the
 * server named by DATABASE_URL, so test files never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({
      dataDir: 'memory://',
      pgliteSnapshot: await openAsBlob(await pgliteSnapshotPath()),
    });
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `whatpro_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolMax: 5 });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

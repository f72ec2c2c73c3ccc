import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const migrationsFolder = resolve(import.meta.dirname, '../../drizzle');

export interface SqlResult {
  rows: Record<string, unknown>[];
}

export interface Database {
  readonly driver: 'pglite' | 'postgres';
  /** Drizzle over the connection's own role: bypasses RLS. Only for migrations and cross-tenant system work. */
  readonly system: Db;
  /** Runs `fn` in a transaction as the RLS-bound role with the tenant set; every row it sees belongs to `accountId`. */
  tenant<T>(accountId: number, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Plain SQL for libraries that bring their own queries (pg-boss). */
  query(text: string, params?: unknown[]): Promise<SqlResult>;
  /** Applies pending migrations; safe to call from several nodes at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Embedded only: a dump that `pgliteSnapshot` reopens without paying initdb again (tests use it). */
  snapshot?(): Promise<Blob>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  poolMax?: number;
  pgliteSnapshot?: Blob;
}

async function runTenant<T>(db: Db, accountId: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!Number.isSafeInteger(accountId) || accountId <= 0) throw new Error(`invalid tenant id: ${accountId}`);
  return db.transaction(async (tx) => {
    // One round trip for both: `set_config('role', …, true)` is `set local role`.
    await tx.execute(
      sql`select set_config('role', 'whatpro_app', true), set_config('app.account_id', ${String(accountId)}, true)`,
    );
    return fn(tx);
  });
}

/** Arbitrary constant shared by every Hub node so only one of them migrates at a time. */
const MIGRATION_LOCK_KEY = 7_311_042_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolMax ?? 10) : openPglite(options);
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'whatpro-hub',
  });
  // A dropped connection must not crash the process; the pool replaces it and readiness reports the outage.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  let closed = false;
  return {
    driver: 'postgres',
    system: db,
    tenant: (accountId, fn) => runTenant(db, accountId, fn),
    async query(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return { rows: result.rows };
    },
    async migrate() {
      // drizzle's migrate() takes no lock: several nodes booting together would race, so they queue
      // on a session advisory lock and the later ones find nothing left to apply.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg({ client }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const inMemory = options.dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  let dataPath = options.dataDir;
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = acquireDataDirLock(options.dataDir);
    dataPath = join(options.dataDir, 'pglite');
  }
  let client: PGlite;
  try {
    client = await PGlite.create(
      dataPath,
      options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {},
    );
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    driver: 'pglite',
    system: db,
    tenant: (accountId, fn) => runTenant(db, accountId, fn),
    async query(text, params) {
      if (params && params.length > 0)
        return { rows: (await client.query(text, params)).rows as SqlResult['rows'] };
      // Multi-statement scripts (pg-boss migrations) need exec; it returns one result per statement.
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as SqlResult['rows'] };
    },
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
    },
    async snapshot() {
      return client.dumpDataDir('none');
    },
    async ping() {
      if (client.closed) throw new Error('embedded database is closed');
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      lock?.release();
    },
  };
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';
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
  /**
   * Like `tenant`, under the same role and RLS, but without a transaction: each statement commits on its
   * own. For one-statement reads and writes, which then cost one round trip instead of three.
   */
  tenantAutocommit<T>(accountId: number, fn: (tx: Tx) => Promise<T>): Promise<T>;
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

function checkedTenantId(accountId: number): number {
  if (!Number.isSafeInteger(accountId) || accountId <= 0) throw new Error(`invalid tenant id: ${accountId}`);
  return accountId;
}

/**
 * The statement that makes a transaction a tenant's: `set_config(…, true)` is `set local`, so the role and
 * the tenant end with the transaction. The id is inlined (it is checked to be a positive integer) so the
 * statement can travel with `begin` as one simple-protocol message, without a parameter round trip.
 */
function tenantSettings(accountId: number): string {
  return `select set_config('role', 'whatpro_app', true), set_config('app.account_id', '${checkedTenantId(accountId)}', true)`;
}

/** The tenant of a connection that runs as the app role for its whole life (PostgreSQL's tenant pool). */
function sessionTenantSetting(accountId: number): string {
  return `select set_config('app.account_id', '${checkedTenantId(accountId)}', false)`;
}

/**
 * What drizzle's own `transaction()` builds a transaction from. The tenant transaction is built the same way
 * so that `begin` and the tenant settings can share one message, which drizzle's `transaction()` cannot send.
 */
interface SessionParts {
  dialect: PgDialect;
  // biome-ignore lint/suspicious/noExplicitAny: drizzle's relational schema config, passed through untouched
  schema: any;
  options: object;
}
const sessionParts = (db: Db) => (db as unknown as { session: SessionParts }).session;

/**
 * A tenant statement built once per drizzle handle, for a hot path. `build` ends with `.prepare(name)`, a
 * name no other statement uses. On PostgreSQL a tenant connection keeps one handle for life, so the statement
 * is built once per connection and sent as a named prepared statement: a request pays neither drizzle's
 * query building (which cost more CPU than the rest of a tenant read) nor the server's parsing. On PGlite
 * statements without a transaction share one handle, so they too are built once; each transaction has a
 * handle of its own, so there the statement is built per call, as an unprepared one would be.
 */
export function preparedPerHandle<T>(build: (tx: Tx) => T): (tx: Tx) => T {
  return onePer(build);
}

/** `make`'s value for a key, made on the key's first use and forgotten with the key. */
export function onePer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

type QueryConfig = string | pg.QueryConfig;

/**
 * A pool connection whose statements are sent with a callback and answered through a promise made here.
 * node-postgres's own promise form (`client.query(text)` without a callback) makes every result outlive
 * the young-generation collection after it, so a reply's rows, the page body among them, were promoted and
 * copied whole: with a 24 KB body, 8–12 MB per collection and 40–60 ms pauses. The callback form, the one
 * `pool.query` uses, leaves nothing behind (docs/PERFORMANCE.md, "The Hub's pauses").
 */
export function callbackQueries(client: pg.PoolClient) {
  return {
    query(config: QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
      return new Promise((resolve, reject) => {
        // A copy, since node-postgres writes the values and the callback into the config it is given, and
        // drizzle's prepared statements hand over the same config at every call.
        const statement = {
          ...(typeof config === 'string' ? { text: config } : config),
          ...(values === undefined ? {} : { values }),
          callback: (error: Error | null, result: pg.QueryResult) =>
            error ? reject(error) : resolve(result),
        };
        client.query(statement as pg.QueryConfig);
      });
    },
  };
}

/** Arbitrary constant shared by every Hub node so only one of them migrates at a time. */
const MIGRATION_LOCK_KEY = 7_311_042_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolMax ?? 10) : openPglite(options);
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const settings = {
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'whatpro-hub',
  };
  // System work (migrations, sign-in, jobs, cross-tenant sweeps) and tenant work never share a connection:
  // tenant connections are the RLS-bound role from their first packet to their last, so no system query
  // can run as the app role, nor a tenant query as the connection's own role.
  const pool = new pg.Pool(settings);
  const tenantPool = new pg.Pool({ ...settings, options: '-c role=whatpro_app' });
  // A dropped connection must not crash the process; the pool replaces it and readiness reports the outage.
  pool.on('error', () => {});
  tenantPool.on('error', () => {});
  /**
   * The tenant each tenant connection carries as a session setting, written only after the statement that
   * set it succeeded. A connection missing here has no known tenant and gets one before its first query.
   */
  const sessionTenant = new WeakMap<pg.PoolClient, number>();
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const { dialect, schema: relational, options: sessionOptions } = sessionParts(db);
  /**
   * One drizzle handle per tenant connection, built on the connection's first use: building it walks the
   * whole schema, which cost a tenant read more CPU than its query. The handle holds only the connection,
   * which the pool hands to one caller at a time.
   */
  const callbacksOf = onePer(callbackQueries);
  const drizzleOver = onePer(
    (client: pg.PoolClient) =>
      new NodePgTransaction(
        dialect,
        new NodePgSession(
          callbacksOf(client) as unknown as pg.PoolClient,
          dialect,
          relational,
          sessionOptions,
        ),
        relational,
      ) as unknown as Tx,
  );
  let closed = false;
  return {
    driver: 'postgres',
    system: db,
    async tenant(accountId, fn) {
      const settings = tenantSettings(accountId);
      const client = await tenantPool.connect();
      const connection = callbacksOf(client);
      let reusable = true;
      try {
        // One round trip for begin and the transaction-local tenant (it overrides the session's until the
        // transaction ends); then the caller's statements; then commit.
        await connection.query(`begin; ${settings}`);
        const result = await fn(drizzleOver(client));
        await connection.query('commit');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped from the pool rather than reused.
        await connection.query('rollback').catch(() => {
          reusable = false;
        });
        throw error;
      } finally {
        client.release(!reusable);
      }
    },
    async tenantAutocommit(accountId, fn) {
      const setting = sessionTenantSetting(accountId);
      const client = await tenantPool.connect();
      try {
        if (sessionTenant.get(client) !== accountId) {
          sessionTenant.delete(client);
          await callbacksOf(client).query(setting);
          sessionTenant.set(client, accountId);
        }
        return await fn(drizzleOver(client));
      } catch (error) {
        // Whatever failed, the next user of this connection sets its tenant again before any query.
        sessionTenant.delete(client);
        throw error;
      } finally {
        client.release();
      }
    },
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
      await Promise.all([pool.end(), tenantPool.end()]);
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
  /**
   * The one embedded connection serves system and tenant work, so its session is in one of two modes:
   * system (the owner's role, no tenant) or a tenant's (the app role and `app.account_id` as session
   * settings). Every use of the connection goes through `exclusive`, which first puts the session in the
   * mode the work needs, so no statement runs between a switch and the work it was made for. `undefined`
   * is an unknown mode (a switch or a statement failed); the next user switches whatever it needs.
   */
  let mode: 'system' | number | undefined = 'system';
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(needs: 'system' | number | null, work: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      try {
        if (needs !== null && mode !== needs) {
          mode = undefined;
          // One simple-protocol call: the id is checked to be a positive integer before it is inlined.
          await client.exec(
            needs === 'system'
              ? 'reset role; reset app.account_id'
              : `select set_config('role', 'whatpro_app', false), set_config('app.account_id', '${needs}', false)`,
          );
          mode = needs;
        }
        return await work();
      } catch (error) {
        mode = undefined;
        // A script with its own `begin` that failed midway (pg-boss wraps its maintenance so) leaves the
        // session in an aborted transaction block, where every later statement, a switch or a `begin`
        // included, fails until a rollback: without one the embedded database would refuse all work.
        if (client.isInTransaction()) await client.exec('rollback').catch(() => {});
        throw error;
      }
    });
    queue = run.catch(() => {});
    return run;
  };
  // drizzle's system handle reaches the connection only through here, so it always runs in system mode.
  const systemClient = {
    query: (...args: Parameters<PGlite['query']>) => exclusive('system', () => client.query(...args)),
    exec: (...args: Parameters<PGlite['exec']>) => exclusive('system', () => client.exec(...args)),
    transaction: <T>(fn: Parameters<PGlite['transaction']>[0]) =>
      exclusive('system', () => client.transaction(fn) as Promise<T>),
  };
  const db = drizzlePglite({ client: systemClient as unknown as PGlite, schema }) as unknown as Db;
  const { dialect, schema: relational, options: sessionOptions } = sessionParts(db);
  /** One handle over the raw connection for tenant statements, so `preparedPerHandle` builds once. */
  const tenantHandle = new PgliteTransaction(
    dialect,
    new PgliteSession(client, dialect, relational, sessionOptions),
    relational,
  ) as unknown as Tx;
  let closed = false;
  return {
    driver: 'pglite',
    system: db,
    async tenant(accountId, fn) {
      const settings = tenantSettings(accountId);
      // A transaction leaves the session's mode as it found it: its `set_config(…, true)` ends with it.
      // PGlite sends its own `begin`; the settings go as one simple-protocol message (an extended-protocol
      // query costs the embedded engine three times the calls).
      return exclusive(null, () =>
        client.transaction(async (transaction) => {
          await transaction.exec(settings);
          const session = new PgliteSession(
            transaction as unknown as PGlite,
            dialect,
            relational,
            sessionOptions,
          );
          return fn(new PgliteTransaction(dialect, session, relational) as unknown as Tx);
        }),
      );
    },
    async tenantAutocommit(accountId, fn) {
      const id = checkedTenantId(accountId);
      return exclusive(id, () => fn(tenantHandle));
    },
    async query(text, params) {
      if (params && params.length > 0)
        return { rows: (await systemClient.query(text, params)).rows as SqlResult['rows'] };
      // Multi-statement scripts (pg-boss migrations) need exec; it returns one result per statement.
      const results = await systemClient.exec(text);
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

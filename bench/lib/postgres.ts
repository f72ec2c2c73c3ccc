import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TempDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  drop(): Promise<void>;
}

/** One short-lived connection to `url` for `fn`. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh database on the server behind `serverUrl` so a benchmark never touches real data. With
 * `BENCH_KEEP_DATABASE=1` it outlives the run, so a statement can be studied in psql on the very seed the
 * bench measured (seeding a million messages again takes about a minute).
 */
export async function createTempDatabase(serverUrl: string): Promise<TempDatabase> {
  const name = `whatpro_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const keep = process.env.BENCH_KEEP_DATABASE === '1';
  return {
    url: url.toString(),
    drop: keep
      ? async () => console.log(`kept the bench's database: ${redact(url.toString())}`)
      : () =>
          withClient(serverUrl, (client) =>
            client.query(`drop database if exists ${name} with (force)`),
          ).then(),
  };
}

/** The connection string without its password, for printing. */
export function redact(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}

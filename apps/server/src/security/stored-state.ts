import type { Database } from '../db/database';

/** Tables a refused request writes by design: every denial is audited. */
const WRITTEN_BY_REFUSALS = /^audit/;
/** Columns that record use, not content: the guard stamps them on any request it authenticates. */
const USE_STAMPS = new Set(['last_used_at', 'last_seen_at']);

/** Per table, each row as JSON, sorted, so two reads compare regardless of row order. */
export type StoredState = Record<string, string[]>;

const asJson = (row: Record<string, unknown>) =>
  JSON.stringify(Object.entries(row).filter(([column]) => !USE_STAMPS.has(column)));

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every row of every table, read through the system connection (no RLS) in one statement, so a test can
 * prove that a refused request changed nothing, in any tenant.
 */
export async function storedState(database: Database): Promise<StoredState> {
  const { rows: tables } = await database.query(
    `select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const names = tables.map((row) => String(row.table_name)).filter((name) => !WRITTEN_BY_REFUSALS.test(name));
  const { rows } = await database.query(
    names
      .map(
        (name) =>
          `select '${name.replaceAll("'", "''")}' as name, ` +
          `coalesce((select json_agg(r) from ${quoted(name)} r), '[]'::json) as rows`,
      )
      .join(' union all '),
  );
  const state: StoredState = {};
  for (const { name, rows: tableRows } of rows as { name: string; rows: Record<string, unknown>[] }[]) {
    state[name] = tableRows.map(asJson).sort();
  }
  return state;
}

/** What changed between two reads, one line per table: rows that appeared and rows that went away. */
export function changesBetween(before: StoredState, after: StoredState): string[] {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = new Set(before[table] ?? []);
    const now = new Set(after[table] ?? []);
    const added = [...now].filter((row) => !old.has(row));
    const removed = [...old].filter((row) => !now.has(row));
    if (added.length > 0 || removed.length > 0) {
      changes.push(`${table}: +${added.join(' +')} -${removed.join(' -')}`);
    }
  }
  return changes;
}

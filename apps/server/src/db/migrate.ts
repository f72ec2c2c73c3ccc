import type { Database } from './database';

export interface AppliedMigrations {
  applied: number;
  latestAt: string | null;
}

export async function appliedMigrations(database: Database): Promise<AppliedMigrations> {
  const { rows } = await database.query(
    'select count(*)::int as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations',
    [],
  );
  const row = rows[0] ?? {};
  const latest = row.latest ? new Date(Number(row.latest)).toISOString() : null;
  return { applied: Number(row.applied ?? 0), latestAt: latest };
}

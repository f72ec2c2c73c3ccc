import { lt, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { maintenanceRuns } from '../db/schema';

const KEEP_RUNS_FOR_DAYS = 90;

/** Nightly: forget old maintenance history and refresh planner statistics. */
export async function housekeeping(database: Database): Promise<Record<string, unknown>> {
  const startedAt = new Date();
  const cutoff = new Date(startedAt.getTime() - KEEP_RUNS_FOR_DAYS * 86_400_000);
  const pruned = await database.system
    .delete(maintenanceRuns)
    .where(lt(maintenanceRuns.finishedAt, cutoff))
    .returning({ id: maintenanceRuns.id });
  await database.system.execute(sql`analyze`);
  const details = { pruned_runs: pruned.length, analyzed: true };
  await database.system.insert(maintenanceRuns).values({ job: 'housekeeping', startedAt, details });
  return details;
}

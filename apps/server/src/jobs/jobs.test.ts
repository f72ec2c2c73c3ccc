import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { maintenanceRuns } from '../db/schema';
import { createTestApp, type TestApp } from '../test/app';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

describe('jobs (pg-boss on the same database)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'true' } });
  });
  after(() => t.close());

  test('the nightly housekeeping is scheduled, and a sent run is processed end to end', async () => {
    const { jobs, database } = t.app.deps;
    assert.ok(jobs, 'jobs are running');
    const { rows } = await database.query(
      'select name, cron, timezone from pgboss.schedule order by name',
      [],
    );
    assert.deepEqual(rows, [
      { name: 'chatwoot-reconcile', cron: '*/15 * * * *', timezone: 'UTC' },
      { name: 'housekeeping', cron: '17 3 * * *', timezone: 'UTC' },
    ]);

    await jobs.send('housekeeping');
    const run = await waitFor(async () => {
      const [row] = await database.system
        .select()
        .from(maintenanceRuns)
        .where(eq(maintenanceRuns.job, 'housekeeping'));
      return row;
    });
    assert.deepEqual(run.details, { pruned_runs: 0, analyzed: true });
  });

  test('queue sizes are exported as metrics', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(response.body, /hub_job_queue_size\{queue="housekeeping"\} \d+/);
    assert.match(response.body, /hub_job_queue_size\{queue="chatwoot-webhook"\} \d+/);
  });
});

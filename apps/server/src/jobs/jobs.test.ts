import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { maintenanceRuns } from '../db/schema';
import { createTestApp, type TestApp } from '../test/app';
import { type JobDefinition, nextDailyRun, startInProcessJobs, startJobs } from './jobs';

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
      { name: 'chat-retention', cron: '23 4 * * *', timezone: 'UTC' },
      { name: 'chatwoot-full-reconcile', cron: '37 2 * * *', timezone: 'UTC' },
      { name: 'chatwoot-reconcile', cron: '*/5 * * * *', timezone: 'UTC' },
      { name: 'chatwoot-webhook-sweep', cron: '* * * * *', timezone: 'UTC' },
      { name: 'housekeeping', cron: '17 3 * * *', timezone: 'UTC' },
      { name: 'kanban-timers', cron: '* * * * *', timezone: 'UTC' },
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

describe('a pg-boss batch with one failing job', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'false' } });
  });
  after(() => t.close());

  test('fails that job alone: the others of the fetch are completed, not failed with it', async () => {
    const ran: string[] = [];
    const probe: JobDefinition = {
      name: 'batch-probe',
      retryLimit: 0,
      batchSize: 10,
      async run(_deps, data) {
        const { key } = data as { key: string };
        ran.push(key);
        if (key === 'bad') throw new Error('bad job');
      },
    };
    const jobs = await startJobs({
      deps: t.app.deps,
      databaseUrl: t.app.deps.config.databaseUrl,
      work: true,
      definitions: [probe],
      pollingIntervalSeconds: 1,
    });
    try {
      await jobs.sendMany('batch-probe', [{ key: 'first' }, { key: 'bad' }, { key: 'last' }]);
      const states = await waitFor(async () => {
        const { rows } = await t.app.deps.database.query(
          "select data->>'key' as key, state from pgboss.job where name = 'batch-probe' order by key",
          [],
        );
        const settled = rows as { key: string; state: string }[];
        return settled.length === 3 && settled.every((row) => ['completed', 'failed'].includes(row.state))
          ? settled
          : undefined;
      });
      assert.deepEqual(states, [
        { key: 'bad', state: 'failed' },
        { key: 'first', state: 'completed' },
        { key: 'last', state: 'completed' },
      ]);
      assert.deepEqual([...ran].sort(), ['bad', 'first', 'last'], 'each ran once');
    } finally {
      await jobs.stop();
    }
  });
});

describe('jobs without pg-boss (in process)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('a job that throws is retried up to its retry limit, then given up; one that recovers stops there', async () => {
    const runs: Record<string, number> = { flaky: 0, broken: 0 };
    const finished: Record<string, () => void> = {};
    const done = (name: string) => new Promise<void>((resolve) => (finished[name] = resolve));
    const definitions: JobDefinition[] = [
      {
        name: 'flaky',
        retryLimit: 3,
        async run() {
          runs.flaky = (runs.flaky ?? 0) + 1;
          if (runs.flaky < 3) throw new Error('not yet');
          finished.flaky?.();
        },
      },
      {
        name: 'broken',
        retryLimit: 2,
        async run() {
          runs.broken = (runs.broken ?? 0) + 1;
          if (runs.broken === 3) finished.broken?.();
          throw new Error('always');
        },
      },
    ];
    const jobs = startInProcessJobs({ deps: t.app.deps, definitions, retryDelayMs: 5 });
    try {
      const flakyDone = done('flaky');
      const brokenDone = done('broken');
      await jobs.send('flaky');
      await jobs.send('broken');
      await Promise.all([flakyDone, brokenDone]);
      await waitFor(async () => {
        const sizes = await jobs.queueSizes();
        return sizes.flaky === 0 && sizes.broken === 0 ? true : undefined;
      });
      assert.deepEqual(runs, { flaky: 3, broken: 3 }, 'no retry is scheduled after the limit');
      await assert.rejects(jobs.send('unknown'), /No job named unknown/);
    } finally {
      await jobs.stop();
    }
    await assert.rejects(jobs.send('flaky'), /stopped/);
  });

  test('jobs sent together start in the same turn, even when the process pauses while sending them', async () => {
    let round = { startedInFirstTurn: [] as boolean[], firstTurnOver: false, allStarted: () => {} };
    const together: JobDefinition = {
      name: 'together',
      async run() {
        const current = round;
        if (current.startedInFirstTurn.length === 0) setImmediate(() => (current.firstTurnOver = true));
        current.startedInFirstTurn.push(!current.firstTurnOver);
        if (current.startedInFirstTurn.length === 5) current.allStarted();
      },
    };
    const jobs = startInProcessJobs({ deps: t.app.deps, definitions: [together] });
    try {
      // Whether a pause splits timers depends on where in the millisecond it falls: twenty rounds.
      for (let attempt = 1; attempt <= 20; attempt++) {
        const started = new Promise<void>((resolve) => {
          round = { startedInFirstTurn: [], firstTurnOver: false, allStarted: resolve };
        });
        // A pause while the jobs are sent (a collection, a busy CPU) puts milliseconds between them.
        queueMicrotask(() => {
          const until = performance.now() + 2;
          while (performance.now() < until);
        });
        await jobs.sendMany('together', [{}, {}, {}, {}, {}]);
        assert.equal((await jobs.queueSizes()).together, 5, 'each job counted while it waits');
        await started;
        assert.deepEqual(round.startedInFirstTurn, [true, true, true, true, true], `round ${attempt}`);
      }
      await waitFor(async () => ((await jobs.queueSizes()).together === 0 ? true : undefined));
    } finally {
      await jobs.stop();
    }
  });

  test('the next daily run is the first moment after now at that UTC time of day', () => {
    const at = { hour: 2, minute: 37 };
    const utc = (iso: string) => Date.parse(`${iso}Z`);
    assert.equal(nextDailyRun(utc('2026-03-10T01:00:00'), at), utc('2026-03-10T02:37:00'));
    assert.equal(nextDailyRun(utc('2026-03-10T02:37:00'), at), utc('2026-03-11T02:37:00'), 'not twice');
    assert.equal(nextDailyRun(utc('2026-03-10T23:59:59'), at), utc('2026-03-11T02:37:00'));
    assert.equal(nextDailyRun(utc('2026-12-31T03:00:00'), at), utc('2027-01-01T02:37:00'));
  });

  test('a daily job is not run at start; it runs when the clock reaches its time, then waits a day', async () => {
    // A clock 40 ms before 02:37 UTC that then advances at half the speed of the timers, as a wall clock
    // slewed back does: by it, every timer fires early.
    const started = performance.now();
    const clock = () => Date.parse('2026-03-10T02:36:59.960Z') + (performance.now() - started) / 2;
    const ranAt: number[] = [];
    let ran: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => (ran = resolve));
    const nightly: JobDefinition = {
      name: 'nightly',
      inProcessDailyAt: () => ({ hour: 2, minute: 37 }),
      async run() {
        ranAt.push(clock());
        ran();
      },
    };
    const jobs = startInProcessJobs({ deps: t.app.deps, definitions: [nightly], clock });
    try {
      assert.deepEqual(ranAt, [], 'not at start');
      assert.equal((await jobs.queueSizes()).nightly, 1, 'waiting for its time');
      await firstRun;
      assert.equal(ranAt.length, 1);
      assert.ok((ranAt[0] ?? 0) >= Date.parse('2026-03-10T02:37:00Z'), 'not before its time');
      await waitFor(async () => ((await jobs.queueSizes()).nightly === 1 ? true : undefined));
      assert.equal(ranAt.length, 1, 'the next run waits for the next day');
    } finally {
      await jobs.stop();
    }
  });
});

import PgBoss from 'pg-boss';
import type { Config } from '../config';
import type { AppDependencies } from '../dependencies';
import {
  applyRetention,
  CHAT_PURGE_JOB,
  CHAT_RETENTION_JOB,
  runPurge,
} from '../features/chat-retention/service';
import { syncTeamRooms } from '../features/chat-team-rooms/service';
import { connectedAccountIds, reconcileAccount } from '../features/chatwoot-sync/service';
import { reconcileConversations } from '../features/conversations/reconcile';
import { KANBAN_TIMERS_JOB, runKanbanTimers } from '../features/kanban/timers';
import {
  CHATWOOT_WEBHOOK_JOB,
  processWebhookEvent,
  sweepWebhookEvents,
  WEBHOOK_SWEEP_JOB,
} from '../features/webhooks/service';
import { housekeeping } from './housekeeping';

export interface JobDefinition {
  name: string;
  /** Cron in UTC (or made from the configuration); omitted for jobs that are only sent on demand. */
  cron?: string | ((config: Config) => string);
  /** Without pg-boss, run at start and then this often (crons are pg-boss's; only jobs with this run). */
  inProcessEveryMs?: number | ((config: Config) => number);
  /** Without pg-boss, run once a day at this UTC time of day (not at start): the cron's in-process twin. */
  inProcessDailyAt?: (config: Config) => TimeOfDay;
  retryLimit?: number;
  /**
   * pg-boss: jobs one worker fetches at once, run together, so a job that batches its own work (the webhook
   * attempts) takes them as one batch. Default 1.
   */
  batchSize?: number;
  run(deps: AppDependencies, data: unknown): Promise<unknown>;
}

/** A UTC time of day. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** The first moment after `afterMs` (epoch ms) at the given UTC time of day. */
export function nextDailyRun(afterMs: number, at: TimeOfDay): number {
  const day = new Date(afterMs);
  const sameDay = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), at.hour, at.minute);
  return sameDay > afterMs ? sameDay : sameDay + 86_400_000;
}

export const RECONCILE_JOB = 'chatwoot-reconcile';
export const FULL_RECONCILE_JOB = 'chatwoot-full-reconcile';

async function reconcileConnectedAccounts(deps: AppDependencies, options: { full: boolean }) {
  for (const accountId of await connectedAccountIds(deps.database)) {
    const startedAt = performance.now();
    try {
      await reconcileAccount(deps, accountId);
      // Chatwoot sends no team events: team rooms follow their teams as the reconcile re-reads them.
      await syncTeamRooms(deps, accountId);
      const { changes } = await reconcileConversations(deps, accountId, options);
      deps.metrics.reconcile.observed(
        options.full ? 'full' : 'incremental',
        (performance.now() - startedAt) / 1000,
        changes,
      );
    } catch (error) {
      deps.log.warn({ err: error, account_id: accountId }, 'reconcile failed; next run will retry');
    }
  }
}

export const jobDefinitions: JobDefinition[] = [
  {
    // A purge keeps its progress in its row and skips what earlier attempts emptied, so retries resume.
    name: CHAT_PURGE_JOB,
    retryLimit: 3,
    run: (deps, data) => {
      const { account_id, purge_id } = data as { account_id: number; purge_id: string };
      return runPurge(deps, account_id, purge_id);
    },
  },
  {
    name: CHAT_RETENTION_JOB,
    cron: '23 4 * * *',
    inProcessEveryMs: 86_400_000,
    retryLimit: 1,
    run: (deps) => applyRetention(deps),
  },
  { name: 'housekeeping', cron: '17 3 * * *', retryLimit: 3, run: (deps) => housekeeping(deps.database) },
  {
    // Failures of the event itself are counted and retried on its row (processWebhookEvent); these
    // retries cover a job that could not reach the database at all.
    name: CHATWOOT_WEBHOOK_JOB,
    retryLimit: 4,
    batchSize: 200,
    run: (deps, data) => {
      const { account_id, event_id } = data as { account_id: number; event_id: string };
      return processWebhookEvent(deps, account_id, event_id);
    },
  },
  {
    name: WEBHOOK_SWEEP_JOB,
    cron: '* * * * *',
    inProcessEveryMs: 60_000,
    retryLimit: 0,
    run: (deps) => sweepWebhookEvents(deps),
  },
  {
    // SLA breaches, time rules, due reminders and stage actions a crash left behind or due for a retry;
    // a failed pass is simply the next minute's work.
    name: KANBAN_TIMERS_JOB,
    cron: '* * * * *',
    inProcessEveryMs: 60_000,
    retryLimit: 0,
    run: (deps) => runKanbanTimers(deps),
  },
  {
    // Chatwoot does not retry account webhooks, so every connected account is re-read on a schedule:
    // inboxes, members and agents, and the conversations changed since the previous run.
    name: RECONCILE_JOB,
    cron: (config) => `*/${config.reconcileIntervalMinutes} * * * *`,
    inProcessEveryMs: (config) => config.reconcileIntervalMinutes * 60_000,
    retryLimit: 1,
    run: (deps) => reconcileConnectedAccounts(deps, { full: false }),
  },
  {
    // Chatwoot sends no event when it deletes a conversation, inbox, agent or team: once a night every
    // conversation is read, and what Chatwoot no longer lists leaves the mirror.
    name: FULL_RECONCILE_JOB,
    cron: ({ fullReconcileAt }) => `${fullReconcileAt.minute} ${fullReconcileAt.hour} * * *`,
    inProcessDailyAt: (config) => config.fullReconcileAt,
    retryLimit: 1,
    run: (deps) => reconcileConnectedAccounts(deps, { full: true }),
  },
];

export interface SendOptions {
  /** Not before this time (a retry's backoff). */
  startAfter?: Date;
}

export interface Jobs {
  send(name: string, data?: object, options?: SendOptions): Promise<string | null>;
  /** Several jobs of one kind to run now; with pg-boss one statement for all of them. */
  sendMany(name: string, data: readonly object[]): Promise<void>;
  queueSizes(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  deps: AppDependencies;
  databaseUrl: string | undefined;
  /** Workers take jobs; API-only nodes still enqueue and schedule. */
  work: boolean;
  definitions?: JobDefinition[];
  pollingIntervalSeconds?: number;
}

/**
 * Nodes booting together create the same queues at once, and PostgreSQL may pick one of them as a
 * deadlock victim (40P01); the statement is idempotent, so trying again is safe.
 */
async function retryOnDeadlock<T>(operation: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

export async function startJobs(options: StartJobsOptions): Promise<Jobs> {
  const { deps } = options;
  const { database, log } = deps;
  const definitions = options.definitions ?? jobDefinitions;
  const boss = options.databaseUrl
    ? new PgBoss({ connectionString: options.databaseUrl, max: 3, application_name: 'whatpro-hub-jobs' })
    : new PgBoss({ db: { executeSql: (text, values) => database.query(text, values) } });
  boss.on('error', (error) => log.error({ err: error }, 'job system error'));
  await boss.start();
  /** This node's worker of each queue, when it works. */
  const workerOf = new Map<string, string>();

  for (const definition of definitions) {
    await retryOnDeadlock(() =>
      boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 2,
        retryBackoff: true,
      }),
    );
    const cron = typeof definition.cron === 'function' ? definition.cron(deps.config) : definition.cron;
    if (cron) await retryOnDeadlock(() => boss.schedule(definition.name, cron, {}, { tz: 'UTC' }));
    if (options.work) {
      const batchSize = definition.batchSize ?? 1;
      const workerId = await boss.work(
        definition.name,
        {
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? deps.config.jobsPollIntervalSeconds,
          batchSize,
        },
        async (jobs) => {
          const outcomes = await Promise.allSettled(
            jobs.map(async (job) => {
              const startedAt = performance.now();
              await definition.run(deps, job.data);
              log.info(
                {
                  action: `job.${definition.name}`,
                  job_id: job.id,
                  latency_ms: Math.round(performance.now() - startedAt),
                },
                'job completed',
              );
            }),
          );
          const failures = jobs.flatMap((job, index) => {
            const outcome = outcomes[index]!;
            return outcome.status === 'rejected' ? [{ job, error: outcome.reason as Error }] : [];
          });
          if (failures.length === jobs.length) throw failures[0]!.error;
          // pg-boss settles a fetched batch as a whole: a rejection would fail the jobs that finished
          // too, and spend one of their retries. The failed ones are failed here, each alone; the
          // handler's success then completes only the jobs still active.
          await Promise.all(
            failures.map(({ job, error }) =>
              boss.fail(definition.name, job.id, { message: error?.message ?? String(error) }),
            ),
          );
          // A full fetch means more are waiting: the next fetch follows at once, not after the polling
          // interval, so a backlog drains back to back.
          const worker = workerOf.get(definition.name);
          if (jobs.length === batchSize && worker) boss.notifyWorker(worker);
        },
      );
      workerOf.set(definition.name, workerId);
    }
  }

  return {
    async send(name, data = {}, sendOptions = {}) {
      const id = await boss.send(
        name,
        data,
        sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {},
      );
      // This node's own worker takes a job it can start now at once, instead of at its next poll.
      const worker = workerOf.get(name);
      if (worker && !sendOptions.startAfter) boss.notifyWorker(worker);
      return id;
    },
    async sendMany(name, data) {
      if (data.length === 0) return;
      await boss.insert(data.map((item) => ({ name, data: item })));
      const worker = workerOf.get(name);
      if (worker) boss.notifyWorker(worker);
    },
    async queueSizes() {
      const sizes: Record<string, number> = {};
      for (const definition of definitions) sizes[definition.name] = await boss.getQueueSize(definition.name);
      return sizes;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** pg-boss's backoff without a configured delay: one second, doubling per retry. */
const IN_PROCESS_RETRY_DELAY_MS = 1_000;

export interface InProcessJobsOptions {
  deps: AppDependencies;
  definitions?: JobDefinition[];
  /** First retry delay of a job that threw; doubles per retry. */
  retryDelayMs?: number;
  /** The wall clock jobs are timed by (epoch ms); tests move it next to a job's time. */
  clock?: () => number;
}

/**
 * The job system without pg-boss (`JOBS_ENABLED=false`: one node, tests), with pg-boss's semantics for
 * what is sent: a job runs after its start time, and a job that throws is retried up to its
 * `retryLimit` with doubling delays. Jobs with `inProcessEveryMs` run at start and on that interval;
 * jobs with `inProcessDailyAt` once a day at that time.
 * Nothing here outlives the process: work that must survive a crash is kept in its own table and swept
 * again (webhook events), which the start-up run of the sweep does.
 */
export function startInProcessJobs(options: InProcessJobsOptions): Jobs {
  const { deps } = options;
  const definitions = options.definitions ?? jobDefinitions;
  const retryDelayMs = options.retryDelayMs ?? IN_PROCESS_RETRY_DELAY_MS;
  const clock = options.clock ?? Date.now;
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  /** Each waiting timer, with the queue it counts for and how many jobs it starts. */
  const timers = new Map<NodeJS.Timeout, { name: string; jobs: number }>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  /**
   * Starts `task` once `clock()` has reached `dueAt`. A timer may fire a millisecond before its time by
   * the wall clock, which would start a job before its start time: it then waits out the rest.
   */
  const startAt = (name: string, dueAt: number, task: () => Promise<void>, jobs = 1) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (stopped) return;
        if (clock() < dueAt) {
          startAt(name, dueAt, task, jobs);
          return;
        }
        const run = task().finally(() => running.delete(run));
        running.add(run);
      },
      Math.max(0, dueAt - clock()),
    );
    timer.unref();
    timers.set(timer, { name, jobs });
  };
  const attempt = (definition: JobDefinition, data: unknown, retry: number): Promise<void> =>
    definition.run(deps, data).then(
      () => undefined,
      (error: Error) => {
        const retryLimit = definition.retryLimit ?? 2;
        if (retry >= retryLimit || stopped) {
          deps.log.error({ err: error, job: definition.name }, 'job failed');
          return;
        }
        startAt(definition.name, clock() + retryDelayMs * 2 ** retry, () =>
          attempt(definition, data, retry + 1),
        );
      },
    );
  const every = (definition: JobDefinition, intervalMs: number, delayMs: number) =>
    startAt(definition.name, clock() + delayMs, async () => {
      await attempt(definition, {}, 0);
      if (!stopped) every(definition, intervalMs, intervalMs);
    });
  // Each next run is counted from the one just due as well as from `clock()`: a wall clock stepped back
  // after a run must not run the job twice in one day.
  const daily = (definition: JobDefinition, at: TimeOfDay, after: number) => {
    const due = nextDailyRun(Math.max(after, clock()), at);
    startAt(definition.name, due, async () => {
      await attempt(definition, {}, 0);
      if (!stopped) daily(definition, at, due);
    });
  };
  for (const definition of definitions) {
    const intervalMs =
      typeof definition.inProcessEveryMs === 'function'
        ? definition.inProcessEveryMs(deps.config)
        : definition.inProcessEveryMs;
    if (intervalMs) every(definition, intervalMs, 0);
    if (definition.inProcessDailyAt) daily(definition, definition.inProcessDailyAt(deps.config), clock());
  }

  const definitionOf = (name: string) => {
    const definition = byName.get(name);
    if (!definition) throw new Error(`No job named ${name}`);
    if (stopped) throw new Error('The job system is stopped');
    return definition;
  };

  return {
    async send(name, data = {}, sendOptions = {}) {
      const definition = definitionOf(name);
      startAt(name, sendOptions.startAfter?.getTime() ?? clock(), () => attempt(definition, data, 0));
      return null;
    },
    async sendMany(name, data) {
      if (data.length === 0) return;
      const definition = definitionOf(name);
      // One timer starts them all in the same turn, as pg-boss's batched fetch hands them over together,
      // so work that gathers what starts in one turn (the webhook attempts) takes them as one batch. A
      // timer each could fire in different turns: timers made a millisecond apart (a pause of the
      // process while sending) expire in different loop iterations.
      const startAll = async () => {
        await Promise.all(data.map((item) => attempt(definition, item, 0)));
      };
      startAt(name, clock(), startAll, data.length);
    },
    async queueSizes() {
      const sizes: Record<string, number> = Object.fromEntries(definitions.map(({ name }) => [name, 0]));
      for (const { name, jobs } of timers.values()) sizes[name] = (sizes[name] ?? 0) + jobs;
      return sizes;
    },
    async stop() {
      stopped = true;
      for (const timer of timers.keys()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

import PgBoss from 'pg-boss';
import type { AppDependencies } from '../dependencies';
import { connectedAccountIds, reconcileAccount } from '../features/chatwoot-sync/service';
import { CHATWOOT_WEBHOOK_JOB, processWebhookEvent, sweepPendingEvents } from '../features/webhooks/service';
import { housekeeping } from './housekeeping';

export interface JobDefinition {
  name: string;
  /** Cron in UTC; omitted for jobs that are only sent on demand. */
  cron?: string;
  retryLimit?: number;
  run(deps: AppDependencies, data: unknown): Promise<unknown>;
}

export const jobDefinitions: JobDefinition[] = [
  { name: 'housekeeping', cron: '17 3 * * *', retryLimit: 3, run: (deps) => housekeeping(deps.database) },
  {
    name: CHATWOOT_WEBHOOK_JOB,
    retryLimit: 4,
    run: (deps, data) => {
      const { account_id, event_id } = data as { account_id: number; event_id: string };
      return processWebhookEvent(deps, account_id, event_id);
    },
  },
  {
    // Chatwoot does not retry account webhooks, so every connected account is re-read on a schedule.
    name: 'chatwoot-reconcile',
    cron: '*/15 * * * *',
    retryLimit: 1,
    async run(deps) {
      await sweepPendingEvents(deps);
      for (const accountId of await connectedAccountIds(deps.database)) {
        await reconcileAccount(deps, accountId).catch((error: Error) =>
          deps.log.warn({ err: error, account_id: accountId }, 'reconcile failed; next run will retry'),
        );
      }
    },
  },
];

export interface Jobs {
  send(name: string, data?: object): Promise<string | null>;
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

  for (const definition of definitions) {
    await retryOnDeadlock(() =>
      boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 2,
        retryBackoff: true,
      }),
    );
    const cron = definition.cron;
    if (cron) await retryOnDeadlock(() => boss.schedule(definition.name, cron, {}, { tz: 'UTC' }));
    if (options.work) {
      await boss.work(
        definition.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          for (const job of jobs) {
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
          }
        },
      );
    }
  }

  return {
    send: (name, data = {}) => boss.send(name, data),
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

// The Kanban's periodic work, one pass per minute (pg-boss cron, or in process without it): SLA
// breaches, time rules, due reminders, and stage actions left unplanned by a crash or due for a retry.
// Each account and each kind of work fails alone; the next pass tries again.
import type { Database } from '../../db/database';
import { sweepActions, systemAccountsWithActionWork } from './actions';
import { sendDueReminders, systemAccountsWithDueReminders } from './reminders';
import { evaluateRules, systemAccountsWithDueRules } from './rules';
import type { KanbanDependencies } from './service';
import { sweepSla, systemAccountsWithSlaWork } from './sla';

export const KANBAN_TIMERS_JOB = 'kanban-timers';

type Work = {
  name: string;
  accounts(system: Database['system'], now: Date): Promise<number[]>;
  run(deps: KanbanDependencies, accountId: number, now: Date): Promise<unknown>;
};

const work: Work[] = [
  { name: 'sla', accounts: systemAccountsWithSlaWork, run: sweepSla },
  { name: 'time rules', accounts: systemAccountsWithDueRules, run: evaluateRules },
  { name: 'reminders', accounts: systemAccountsWithDueReminders, run: sendDueReminders },
  { name: 'stage actions', accounts: systemAccountsWithActionWork, run: sweepActions },
];

export async function runKanbanTimers(deps: KanbanDependencies, now = new Date()) {
  for (const kind of work) {
    let accountIds: number[];
    try {
      accountIds = await kind.accounts(deps.database.system, now);
    } catch (error) {
      deps.log.warn({ err: error, work: kind.name }, 'kanban timers: could not list accounts');
      continue;
    }
    for (const accountId of accountIds) {
      try {
        await kind.run(deps, accountId, now);
      } catch (error) {
        deps.log.warn({ err: error, work: kind.name, account_id: accountId }, 'kanban timers failed');
      }
    }
  }
}

// Stage actions: what a stage does when a card enters it. Each entry (a card event into the stage) gets
// one run per action, planned once (the unique key on event and action makes a replay plan nothing) and
// executed after the commit that recorded the entry: right away when the entry's writer asks
// (`stageEntered`), and by the periodic sweep for anything a crash left behind or a failure scheduled
// for another try. Each outcome joins the card's history (an `action` card event) and the audit log.
//
// Loop guard: a run records the labels it adds or removes. When Chatwoot reports that change back (a
// labels webhook) and the automation moves the card because of it, that move plans no actions, so an
// action's own effect never triggers actions again.
import { createHmac } from 'node:crypto';
import { type ActionRun, type StageAction, stageActionSchema, stageActionsSchema } from '@whatpro/contracts';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { cardActionRuns } from '../../db/schema';
import { conflict, notFound } from '../../errors';
import { OneAtATime } from '../../infra/one-at-a-time';
import {
  assertPublicUrl,
  type ChatwootClient,
  ChatwootError,
  createNodeTransport,
} from '../../integrations/chatwoot';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { connectionAuth } from '../chatwoot-sync/service';
import { cardDelivery } from './cards';
import { presentCard } from './present';
import { findBoard, findCard, findStage, insertCardEvent, updateStage } from './repo';
import { type KanbanDependencies, publish, scopeOf } from './service';
import { webhookSecret } from './webhook-key';

export type RunRow = typeof cardActionRuns.$inferSelect;

/** Automatic tries of a failed run (then it waits for a person to retry it). */
export const ACTION_MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = [60_000, 5 * 60_000];
/** A run is held this long by the worker that took it; past it, the worker is presumed dead. */
const LEASE_MS = 2 * 60_000;
/**
 * How far back the sweep looks for entries without runs. The writer of an entry plans its runs right
 * after commit; the sweep only covers a process that died in between.
 */
const PLAN_WINDOW_MS = 15 * 60_000;
/** An automation move this long after a run that changed the same label is that run's echo. */
const ECHO_WINDOW = '1 hour';
const WEBHOOK_TIMEOUT_MS = 10_000;

const SYSTEM_CONTEXT: AuditContext = {
  actor: { type: 'system', name: 'kanban-stage-actions' },
  ip: null,
  userAgent: null,
  requestId: null,
};

export function presentRun(row: RunRow): ActionRun {
  return {
    id: row.id,
    card_id: row.cardId,
    stage_id: row.stageId,
    card_event_id: row.cardEventId,
    action_index: row.actionIndex,
    action: row.action as StageAction,
    status: row.status === 'running' ? 'pending' : row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}

/** What a run will change in Chatwoot that Chatwoot reports back, for the loop guard. */
function intendedEffect(action: unknown): Record<string, unknown> | null {
  const parsed = stageActionSchema.safeParse(action);
  if (!parsed.success) return null;
  if (parsed.data.type === 'add_labels') return { labels_added: parsed.data.labels };
  if (parsed.data.type === 'remove_labels') return { labels_removed: parsed.data.labels };
  return null;
}

/**
 * Plans the runs of recent entries into stages with actions that have none yet (optionally of one card).
 * An entry is a create, a move to another stage, or a reopen; not a restore from the archive, not the
 * move recorded together with a reopen, not an entry older than the stage's last change, and not an
 * automation move that echoes a label change made by a run (the loop guard).
 */
export async function planRuns(tx: Tx, accountId: number, now: Date, cardId?: string): Promise<string[]> {
  const since = new Date(now.getTime() - PLAN_WINDOW_MS).toISOString();
  const oneCard = cardId ? sql`and e.card_id = ${cardId}` : sql``;
  const entries = (await tx.execute(sql`
    select e.id, e.board_id, e.card_id, e.to_stage_id, s.actions
    from card_events e
    join board_stages s on s.id = e.to_stage_id and s.account_id = e.account_id
    where e.account_id = ${accountId} and e.at >= ${since}::timestamptz ${oneCard}
      and jsonb_array_length(s.actions) > 0
      and e.at >= s.updated_at
      and (e.type = 'create'
        or (e.type = 'move' and e.from_stage_id is distinct from e.to_stage_id
          and not exists (select 1 from card_events r where r.account_id = e.account_id
            and r.card_id = e.card_id and r.type = 'reopen' and r.at = e.at and r.to_stage_id = e.to_stage_id))
        or (e.type = 'reopen' and coalesce(e.data->>'restored', '') <> 'true'))
      and not exists (select 1 from card_action_runs x where x.card_event_id = e.id)
      and not (e.cause = 'automation' and exists (
        select 1 from card_action_runs r
        where r.account_id = e.account_id and r.card_id = e.card_id
          and r.created_at <= e.at and r.created_at >= e.at - interval '${sql.raw(ECHO_WINDOW)}'
          and ((e.data ? 'label' and coalesce(r.effect->'labels_added', '[]'::jsonb) ? (e.data->>'label'))
            or (e.data ? 'label_removed'
              and coalesce(r.effect->'labels_removed', '[]'::jsonb) ? (e.data->>'label_removed')))))
    order by e.at, e.id
  `)) as unknown as {
    rows: { id: string; board_id: string; card_id: string; to_stage_id: string; actions: unknown }[];
  };
  const values = entries.rows.flatMap((entry) => {
    const actions = (
      typeof entry.actions === 'string' ? JSON.parse(entry.actions) : entry.actions
    ) as unknown[];
    return actions.map((action, index) => ({
      accountId,
      boardId: entry.board_id,
      cardId: entry.card_id,
      stageId: entry.to_stage_id,
      cardEventId: entry.id,
      actionIndex: index,
      action: action as Record<string, unknown>,
      effect: intendedEffect(action),
      nextAttemptAt: now,
    }));
  });
  if (values.length === 0) return [];
  const inserted = await tx
    .insert(cardActionRuns)
    .values(values)
    .onConflictDoNothing({ target: [cardActionRuns.cardEventId, cardActionRuns.actionIndex] })
    .returning({ id: cardActionRuns.id });
  return inserted.map((row) => row.id);
}

/** Takes a run for this worker: pending, due for a retry, forced (a person's retry), or abandoned. */
async function claimRun(database: Database, accountId: number, runId: string, now: Date, force: boolean) {
  return database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .update(cardActionRuns)
      .set({
        status: 'running',
        attempts: sql`${cardActionRuns.attempts} + 1`,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
        updatedAt: now,
      })
      .where(
        and(
          eq(cardActionRuns.accountId, accountId),
          eq(cardActionRuns.id, runId),
          force
            ? sql`${cardActionRuns.status} in ('failed', 'pending')`
            : sql`(${cardActionRuns.status} = 'pending'
                or (${cardActionRuns.status} = 'failed' and ${cardActionRuns.nextAttemptAt} <= ${now.toISOString()}::timestamptz))`,
        ),
      )
      .returning();
    return row;
  });
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Fails a run without a try at Chatwoot (nothing to act on); it is not retried. */
class SkipRun extends Error {}

/** Signed like Chatwoot signs its webhooks: HMAC-SHA256 of `<unix seconds>.<body>`, hex, `sha256=`. */
export function signWebhook(secret: string, timestamp: number, body: string) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function execute(deps: KanbanDependencies, accountId: number, run: RunRow, now: Date) {
  const parsed = stageActionSchema.safeParse(run.action);
  if (!parsed.success) throw new SkipRun('the stage action is not one this version understands');
  const action = parsed.data;
  const context = await deps.database.tenant(accountId, async (tx) => {
    const card = await findCard(tx, accountId, run.boardId, run.cardId);
    const stage = await findStage(tx, accountId, run.boardId, run.stageId);
    return card && stage ? { card, stage } : undefined;
  });
  if (!context) throw new SkipRun('the card or its stage no longer exists');
  const { card, stage } = context;

  if (action.type === 'webhook') {
    const secret = await webhookSecret(deps, accountId);
    const body = JSON.stringify({
      event: 'kanban.stage_entered',
      account_id: accountId,
      board_id: run.boardId,
      stage: { id: stage.id, name: stage.name },
      card_event_id: run.cardEventId,
      run_id: run.id,
      card: presentCard(card),
    });
    // An IP literal is dialled without a lookup, so the address rules are checked on the URL first.
    await assertPublicUrl(action.url, { allowPrivateNetwork: deps.config.chatwootAllowPrivateNetwork });
    const timestamp = Math.floor(now.getTime() / 1000);
    const { transport, close } = createNodeTransport({
      allowPrivateNetwork: deps.config.chatwootAllowPrivateNetwork,
    });
    try {
      const response = await transport(action.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WhatProHub (kanban stage webhook)',
          'x-whatpro-delivery': run.id,
          'x-whatpro-timestamp': String(timestamp),
          'x-whatpro-signature': signWebhook(secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) {
        throw new Error(`the webhook answered HTTP ${response.status}`);
      }
    } finally {
      close();
    }
    return;
  }

  if (card.conversationDisplayId === null) throw new SkipRun('a free card has no Chatwoot conversation');
  if (!deps.chatwoot) throw new Error('Chatwoot is not configured on this Hub');
  const chatwoot = deps.chatwoot;
  const auth = await connectionAuth(deps, accountId);
  const displayId = card.conversationDisplayId;
  switch (action.type) {
    case 'add_labels':
    case 'remove_labels': {
      await editConversationLabels(chatwoot, auth, accountId, displayId, (current) =>
        action.type === 'add_labels'
          ? [...new Set([...current, ...action.labels])]
          : current.filter((label) => !action.labels.includes(label)),
      );
      return;
    }
    case 'assign_agent':
      await chatwoot.assignConversation(auth, accountId, displayId, { assigneeId: action.agent_id });
      return;
    case 'assign_team':
      await chatwoot.assignConversation(auth, accountId, displayId, { teamId: action.team_id });
      return;
    case 'private_note':
    case 'message': {
      const content = render(action.template, {
        'contact.name': card.contactName ?? '',
        'card.title': card.title,
        'stage.name': stage.name,
      }).trim();
      if (content === '') throw new SkipRun('the template is empty for this card');
      await chatwoot.createMessage(auth, accountId, displayId, {
        content,
        private: action.type === 'private_note',
      });
      return;
    }
  }
}

const errorText = (error: unknown) =>
  (error instanceof ChatwootError || error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Runs one run if this worker can take it, and records the outcome on the run, in the card's history and
 * in the audit log. `force` is a person's retry: a failed run is taken whatever its schedule.
 */
export async function executeRun(
  deps: KanbanDependencies,
  accountId: number,
  runId: string,
  options: { now?: Date; force?: boolean; audit?: AuditContext } = {},
): Promise<RunRow | undefined> {
  const now = options.now ?? new Date();
  const run = await claimRun(deps.database, accountId, runId, now, options.force ?? false);
  if (!run) return undefined;
  let failure: string | undefined;
  let skipped = false;
  try {
    await execute(deps, accountId, run, now);
  } catch (error) {
    failure = errorText(error);
    skipped = error instanceof SkipRun;
  }
  const retryIn = RETRY_DELAY_MS[run.attempts - 1];
  const finished = new Date();
  const { row, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .update(cardActionRuns)
      .set({
        status: failure === undefined ? 'succeeded' : skipped ? 'skipped' : 'failed',
        lastError: failure ?? null,
        leaseUntil: null,
        nextAttemptAt:
          failure !== undefined && !skipped && run.attempts < ACTION_MAX_ATTEMPTS && retryIn !== undefined
            ? new Date(finished.getTime() + retryIn)
            : null,
        finishedAt: finished,
        updatedAt: finished,
      })
      .where(and(eq(cardActionRuns.accountId, accountId), eq(cardActionRuns.id, run.id)))
      .returning();
    const type = (run.action as { type?: unknown }).type;
    await insertCardEvent(tx, accountId, {
      boardId: run.boardId,
      cardId: run.cardId,
      type: 'action',
      toStageId: run.stageId,
      cause: 'automation',
      actorUserId: options.audit?.actor?.type === 'user' ? options.audit.actor.userId : null,
      data: {
        action: typeof type === 'string' ? type : 'unknown',
        run_id: run.id,
        attempt: run.attempts,
        ok: failure === undefined,
        ...(failure !== undefined ? { error: failure, skipped } : {}),
      },
    });
    await recordAudit(tx, options.audit ?? SYSTEM_CONTEXT, {
      accountId,
      action: failure === undefined ? 'kanban.stage_action.succeeded' : 'kanban.stage_action.failed',
      resourceType: 'card_action_run',
      resourceId: run.id,
      newValues: {
        card_id: run.cardId,
        stage_id: run.stageId,
        action: typeof type === 'string' ? type : 'unknown',
        attempt: run.attempts,
        ...(failure !== undefined ? { error: failure } : {}),
      },
    });
    const card = await findCard(tx, accountId, run.boardId, run.cardId);
    return {
      row,
      delivery: card
        ? await cardDelivery(tx, accountId, card, (view) => ({
            type: 'card.updated',
            board_id: run.boardId,
            card: view,
          }))
        : undefined,
    };
  });
  // The history changed: viewers of the card reload it (its drawer shows the outcome).
  if (delivery) await publish(deps, accountId, [delivery]);
  return row;
}

/**
 * After the transaction that moved or created a card commits: plans its entry's actions and runs them.
 * Failures are recorded on the runs; nothing here throws at the caller.
 */
export async function stageEntered(deps: KanbanDependencies, accountId: number, cardId: string) {
  try {
    const now = new Date();
    const runIds = await deps.database.tenant(accountId, (tx) => planRuns(tx, accountId, now, cardId));
    for (const runId of runIds) await executeRun(deps, accountId, runId, { now });
  } catch (error) {
    deps.log.warn({ err: error, account_id: accountId, card_id: cardId }, 'kanban stage actions deferred');
  }
}

/** Label edits of each conversation on this node. */
const labelEditsOfConversation = new OneAtATime();

/**
 * Reads a conversation's labels and writes back `edit` of them when the list changes. Chatwoot's labels are
 * read and written whole, so two edits of one conversation side by side would each drop the label the
 * other added: on this node they run one after another, whichever path (a stage action, a label-mapped
 * stage) asks.
 */
export function editConversationLabels(
  chatwoot: ChatwootClient,
  auth: Parameters<ChatwootClient['listConversationLabels']>[0],
  accountId: number,
  displayId: number,
  edit: (labels: string[]) => string[],
): Promise<void> {
  return labelEditsOfConversation.run(`${accountId}:${displayId}`, async () => {
    const current = await chatwoot.listConversationLabels(auth, accountId, displayId);
    const next = edit(current);
    if (next.length !== current.length)
      await chatwoot.setConversationLabels(auth, accountId, displayId, next);
  });
}

/** The stage entries of each card on this node. */
const entriesOfCard = new OneAtATime();

/**
 * Starts `stageEntered` without holding up the caller (the request that moved the card answers at
 * once); the periodic sweep runs whatever a crash interrupts. A card's entries run one after another, so
 * the actions of two quick moves reach Chatwoot and webhooks in the order the card moved.
 */
export function queueStageActions(deps: KanbanDependencies, accountId: number, cardId: string) {
  void entriesOfCard.run(cardId, () => stageEntered(deps, accountId, cardId));
}

/** The sweep of one account: plans what a crash left unplanned, then runs what is due. */
export async function sweepActions(deps: KanbanDependencies, accountId: number, now: Date) {
  await deps.database.tenant(accountId, (tx) => planRuns(tx, accountId, now));
  const due = await deps.database.tenant(accountId, (tx) =>
    tx
      .select({ id: cardActionRuns.id })
      .from(cardActionRuns)
      .where(
        and(
          eq(cardActionRuns.accountId, accountId),
          sql`((${cardActionRuns.status} in ('pending', 'failed') and ${cardActionRuns.nextAttemptAt} <= ${now.toISOString()}::timestamptz)
            or (${cardActionRuns.status} = 'running' and ${cardActionRuns.leaseUntil} < ${now.toISOString()}::timestamptz))`,
        ),
      )
      .orderBy(asc(cardActionRuns.createdAt))
      .limit(200),
  );
  for (const { id } of due) {
    // A run abandoned by a dead worker is pending again for this one.
    await deps.database.tenant(accountId, (tx) =>
      tx
        .update(cardActionRuns)
        .set({ status: 'pending' })
        .where(
          and(
            eq(cardActionRuns.accountId, accountId),
            eq(cardActionRuns.id, id),
            eq(cardActionRuns.status, 'running'),
            sql`${cardActionRuns.leaseUntil} < ${now.toISOString()}::timestamptz`,
          ),
        ),
    );
    await executeRun(deps, accountId, id, { now });
  }
  return due.length;
}

/** Accounts with runs due or entries into stages with actions in the planning window. */
export async function systemAccountsWithActionWork(system: Database['system'], now: Date): Promise<number[]> {
  const since = new Date(now.getTime() - PLAN_WINDOW_MS).toISOString();
  const result = (await system.execute(sql`
    select account_id from card_action_runs
    where (status in ('pending', 'failed') and next_attempt_at <= ${now.toISOString()}::timestamptz)
      or (status = 'running' and lease_until < ${now.toISOString()}::timestamptz)
    union
    select e.account_id from card_events e join board_stages s on s.id = e.to_stage_id
    where e.at >= ${since}::timestamptz and jsonb_array_length(s.actions) > 0
      and not exists (select 1 from card_action_runs x where x.card_event_id = e.id)
  `)) as unknown as { rows: { account_id: number }[] };
  return result.rows.map((row) => Number(row.account_id));
}

// ----------------------------------------------------------------------------------------------
// Routes' services

/** Replaces a stage's actions (validated); later entries run them, earlier ones keep what they had. */
export async function setStageActions(
  deps: KanbanDependencies,
  accountId: number,
  boardId: string,
  stageId: string,
  actions: StageAction[],
  audit: AuditContext,
): Promise<StageAction[]> {
  const parsed = stageActionsSchema.parse(actions);
  await deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    const stage = await findStage(tx, accountId, boardId, stageId, true);
    if (!stage) throw notFound('Stage');
    await updateStage(tx, accountId, stageId, { actions: parsed });
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.stage_actions.updated',
      resourceType: 'board_stage',
      resourceId: stageId,
      oldValues: { actions: stage.actions },
      newValues: { actions: parsed },
    });
  });
  return parsed;
}

/** A visible card's runs, newest first (what its drawer shows next to the history). */
export async function listCardRuns(
  deps: Pick<KanbanDependencies, 'database'>,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
): Promise<ActionRun[]> {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCardOf(tx, actor, accountId, boardId, cardId);
    const rows = await tx
      .select()
      .from(cardActionRuns)
      .where(and(eq(cardActionRuns.accountId, accountId), eq(cardActionRuns.cardId, cardId)))
      .orderBy(desc(cardActionRuns.createdAt), desc(cardActionRuns.actionIndex))
      .limit(200);
    return rows.map(presentRun);
  });
}

async function visibleCardOf(tx: Tx, actor: Actor, accountId: number, boardId: string, cardId: string) {
  const card = await findCard(tx, accountId, boardId, cardId);
  if (!card) throw notFound('Card');
  const scope = await scopeOf(tx, actor, accountId);
  if (!scope.all && card.inboxId !== null && !scope.inboxIds.includes(card.inboxId)) throw notFound('Card');
  return card;
}

/** A person retries a failed (or skipped) run now; a run that succeeded or is running is a 409. */
export async function retryRun(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  runId: string,
  audit: AuditContext,
): Promise<ActionRun> {
  const current = await deps.database.tenant(accountId, async (tx) => {
    await visibleCardOf(tx, actor, accountId, boardId, cardId);
    const [run] = await tx
      .select()
      .from(cardActionRuns)
      .where(
        and(
          eq(cardActionRuns.accountId, accountId),
          eq(cardActionRuns.cardId, cardId),
          eq(cardActionRuns.id, runId),
        ),
      );
    if (!run) throw notFound('Action run');
    if (run.status === 'succeeded') throw conflict('This action already ran');
    if (run.status === 'running') throw conflict('This action is running now');
    if (run.status === 'skipped') {
      // A skipped run had nothing to act on; a retry tries again as a failed run would.
      await tx
        .update(cardActionRuns)
        .set({ status: 'failed' })
        .where(and(eq(cardActionRuns.accountId, accountId), inArray(cardActionRuns.id, [run.id])));
    }
    return run;
  });
  const row = await executeRun(deps, accountId, current.id, { force: true, audit });
  if (!row) throw conflict('This action is running now');
  return presentRun(row);
}

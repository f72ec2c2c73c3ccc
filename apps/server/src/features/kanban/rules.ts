// Time rules: a card longer than N hours in a stage (`in_stage`, counted from its entry) or whose
// contact has waited longer than N hours for a reply (`waiting_reply`, from the conversation's
// `waiting_since`) moves to another stage and/or notifies its assignee. A periodic job evaluates them
// with the time it is given (tests inject it); each rule fires once per card and occasion (the stay, or
// the wait), which the firing's primary key guarantees even when two workers evaluate at once.
import type { TimeRule, UpdateTimeRule } from '@whatpro/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { kanbanTimeRuleFirings, kanbanTimeRules } from '../../db/schema';
import { notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import { stageEntered } from './actions';
import { cardDelivery, placeInStage } from './cards';
import { type CardNotice, noticeForAssignee, sendNotices } from './notices';
import { findBoard, findCard, findStage, insertCardEvent, listStages, updateCard } from './repo';
import { badRequest, type Delivery, type KanbanDependencies, publish } from './service';

type RuleRow = typeof kanbanTimeRules.$inferSelect;

export function presentRule(row: RuleRow): TimeRule {
  return {
    id: row.id,
    board_id: row.boardId,
    kind: row.kind,
    stage_id: row.stageId,
    hours: row.hours,
    move_to_stage_id: row.moveToStageId,
    notify_assignee: row.notifyAssignee,
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
  };
}

export async function listRules(deps: { database: Database }, accountId: number, boardId: string) {
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    const rows = await tx
      .select()
      .from(kanbanTimeRules)
      .where(and(eq(kanbanTimeRules.accountId, accountId), eq(kanbanTimeRules.boardId, boardId)))
      .orderBy(asc(kanbanTimeRules.createdAt), asc(kanbanTimeRules.id));
    return rows.map(presentRule);
  });
}

/** A rule's stage and move target are stages of its board (the same check for a new rule and a change). */
async function checkStages(
  tx: Tx,
  accountId: number,
  boardId: string,
  rule: Pick<TimeRule, 'stage_id' | 'move_to_stage_id'>,
) {
  const stageIds = new Set((await listStages(tx, accountId, [boardId])).map((stage) => stage.id));
  if (!stageIds.has(rule.stage_id)) throw badRequest('stage_id is not a stage of this board');
  if (rule.move_to_stage_id !== null && !stageIds.has(rule.move_to_stage_id)) {
    throw badRequest('move_to_stage_id is not a stage of this board');
  }
}

export async function createRule(
  deps: { database: Database },
  accountId: number,
  boardId: string,
  input: Pick<TimeRule, 'kind' | 'stage_id' | 'hours' | 'move_to_stage_id' | 'notify_assignee' | 'enabled'>,
  audit: AuditContext,
) {
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    await checkStages(tx, accountId, boardId, input);
    const [row] = await tx
      .insert(kanbanTimeRules)
      .values({
        accountId,
        boardId,
        kind: input.kind,
        stageId: input.stage_id,
        hours: input.hours,
        moveToStageId: input.move_to_stage_id,
        notifyAssignee: input.notify_assignee,
        enabled: input.enabled,
      })
      .returning();
    const rule = presentRule(row!);
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.time_rule.created',
      resourceType: 'kanban_time_rule',
      resourceId: rule.id,
      newValues: rule,
    });
    return rule;
  });
}

/**
 * Changes a rule. The rule as changed is checked whole, as a new one is: stages of its board, a move
 * to another stage, or a notice. A change takes effect at the next evaluation; firings already recorded
 * stand, so a rule made shorter does not fire again for an occasion it already fired for.
 */
export async function updateRule(
  deps: { database: Database },
  accountId: number,
  boardId: string,
  ruleId: string,
  patch: UpdateTimeRule,
  audit: AuditContext,
) {
  return deps.database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .select()
      .from(kanbanTimeRules)
      .where(
        and(
          eq(kanbanTimeRules.accountId, accountId),
          eq(kanbanTimeRules.boardId, boardId),
          eq(kanbanTimeRules.id, ruleId),
        ),
      )
      .for('update');
    if (!row) throw notFound('Time rule');
    const before = presentRule(row);
    const next = { ...before, ...patch };
    await checkStages(tx, accountId, boardId, next);
    if (next.move_to_stage_id === next.stage_id) throw badRequest('a rule moves the card to another stage');
    if (next.move_to_stage_id === null && !next.notify_assignee) {
      throw badRequest('a rule moves the card, notifies the assignee, or both');
    }
    const [updated] = await tx
      .update(kanbanTimeRules)
      .set({
        kind: next.kind,
        stageId: next.stage_id,
        hours: next.hours,
        moveToStageId: next.move_to_stage_id,
        notifyAssignee: next.notify_assignee,
        enabled: next.enabled,
        updatedAt: new Date(),
      })
      .where(and(eq(kanbanTimeRules.accountId, accountId), eq(kanbanTimeRules.id, ruleId)))
      .returning();
    const rule = presentRule(updated!);
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.time_rule.updated',
      resourceType: 'kanban_time_rule',
      resourceId: ruleId,
      oldValues: before,
      newValues: rule,
    });
    return rule;
  });
}

export async function deleteRule(
  deps: { database: Database },
  accountId: number,
  boardId: string,
  ruleId: string,
  audit: AuditContext,
) {
  await deps.database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .delete(kanbanTimeRules)
      .where(
        and(
          eq(kanbanTimeRules.accountId, accountId),
          eq(kanbanTimeRules.boardId, boardId),
          eq(kanbanTimeRules.id, ruleId),
        ),
      )
      .returning();
    if (!row) throw notFound('Time rule');
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.time_rule.deleted',
      resourceType: 'kanban_time_rule',
      resourceId: ruleId,
      oldValues: presentRule(row),
    });
  });
}

/** When the occasion a rule counts from started, per kind. */
const occasion = sql.raw(`case r.kind when 'in_stage' then c.stage_entered_at else c.waiting_since end`);

/** Accounts with an enabled rule that is due for some card. */
export async function systemAccountsWithDueRules(system: Database['system'], now: Date): Promise<number[]> {
  const result = (await system.execute(sql`
    select distinct r.account_id
    from kanban_time_rules r
    join cards c on c.account_id = r.account_id and c.board_id = r.board_id and c.stage_id = r.stage_id
    where r.enabled and c.archived_at is null and ${occasion} is not null
      and ${occasion} + make_interval(secs => r.hours * 3600) <= ${now.toISOString()}::timestamptz
      and not exists (select 1 from kanban_time_rule_firings f
        where f.rule_id = r.id and f.card_id = c.id and f.occasion_at = ${occasion})`)) as unknown as {
    rows: { account_id: number }[];
  };
  return result.rows.map((row) => Number(row.account_id));
}

/**
 * Fires the account's due rules: records the firing (once), moves the card as the automation does (a
 * `move` card event with the rule), notifies the assignee, and after commit runs the target stage's
 * actions.
 */
export async function evaluateRules(deps: KanbanDependencies, accountId: number, now: Date) {
  const { deliveries, notices, moved } = await deps.database.tenant(accountId, async (tx) => {
    const due = (await tx.execute(sql`
      select r.id as rule_id, c.id as card_id, c.board_id, ${occasion} as occasion_at
      from kanban_time_rules r
      join cards c on c.account_id = r.account_id and c.board_id = r.board_id and c.stage_id = r.stage_id
      where r.account_id = ${accountId} and r.enabled and c.archived_at is null and ${occasion} is not null
        and ${occasion} + make_interval(secs => r.hours * 3600) <= ${now.toISOString()}::timestamptz
        and not exists (select 1 from kanban_time_rule_firings f
          where f.rule_id = r.id and f.card_id = c.id and f.occasion_at = ${occasion})
      order by ${occasion}, c.id
      limit 500`)) as unknown as {
      rows: { rule_id: string; card_id: string; board_id: string; occasion_at: string | Date }[];
    };
    const deliveries: Delivery[] = [];
    const notices: (CardNotice | undefined)[] = [];
    const moved: string[] = [];
    for (const hit of due.rows) {
      const occasionAt = new Date(hit.occasion_at);
      const [fired] = await tx
        .insert(kanbanTimeRuleFirings)
        .values({ ruleId: hit.rule_id, cardId: hit.card_id, accountId, occasionAt, firedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!fired) continue;
      const [rule] = await tx
        .select()
        .from(kanbanTimeRules)
        .where(and(eq(kanbanTimeRules.accountId, accountId), eq(kanbanTimeRules.id, hit.rule_id)));
      const card = await findCard(tx, accountId, hit.board_id, hit.card_id, true);
      if (!rule || !card || card.stageId !== rule.stageId) continue;
      const stage = await findStage(tx, accountId, card.boardId, card.stageId);
      const hours = Math.round(((now.getTime() - occasionAt.getTime()) / 3_600_000) * 10) / 10;
      const [detail, chatText] =
        rule.kind === 'in_stage'
          ? [`${hours} h in ${stage?.name ?? 'its stage'}`, `${hours} h em ${stage?.name ?? 'sua etapa'}.`]
          : [`${hours} h waiting for a reply`, `${hours} h aguardando resposta.`];
      let current = card;
      if (rule.moveToStageId) {
        const target = await findStage(tx, accountId, card.boardId, rule.moveToStageId);
        if (target) {
          current = await updateCard(tx, accountId, card.id, {
            stageId: target.id,
            position: await placeInStage(tx, accountId, target, undefined, card.id),
            stageEnteredAt: now,
            slaBreachedAt: null,
          });
          await insertCardEvent(tx, accountId, {
            boardId: card.boardId,
            cardId: card.id,
            type: 'move',
            fromStageId: card.stageId,
            toStageId: target.id,
            cause: 'automation',
            data: {
              time_rule_id: rule.id,
              rule: rule.kind,
              hours: rule.hours,
              position: current.position,
              version: current.version,
            },
            at: now,
          });
          deliveries.push(
            await cardDelivery(tx, accountId, current, (view) => ({
              type: 'card.moved',
              board_id: card.boardId,
              from_stage_id: card.stageId,
              card: view,
            })),
          );
          moved.push(card.id);
        }
      }
      if (rule.notifyAssignee) {
        notices.push(
          await noticeForAssignee(tx, accountId, current, {
            reason: 'time_rule',
            detail,
            chatText,
            key: `kanban:rule:${rule.id}:${card.id}:${occasionAt.toISOString()}`,
            at: now,
          }),
        );
      }
    }
    return { deliveries, notices, moved };
  });
  await publish(deps, accountId, deliveries);
  await sendNotices(deps, accountId, notices);
  for (const cardId of moved) await stageEntered(deps, accountId, cardId);
  return { moved: moved.length, notified: notices.filter(Boolean).length };
}

// Stage SLAs: a card whose stay in a stage outlasts the stage's `sla_hours` is flagged
// (`sla_breached_at` = entry + SLA) by a periodic sweep; the update that flags it returns it only that
// once, so its assignee is notified once per stay. A flag older than the card's entry into its stage
// belongs to an earlier stay and is cleared by the same sweep.
import type { SlaBreach } from '@whatpro/contracts';
import { and, asc, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { boardStages, cards } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../auth/actor';
import { cardDelivery } from './cards';
import { type CardNotice, noticeForAssignee, sendNotices } from './notices';
import { findBoard, insertCardEvent } from './repo';
import { type Delivery, type KanbanDependencies, publish, scopeOf } from './service';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Accounts with a card whose SLA has passed unflagged, or with a flag left from an earlier stay. */
export async function systemAccountsWithSlaWork(system: Database['system'], now: Date): Promise<number[]> {
  const result = await system.execute(sql`
    select distinct c.account_id
    from cards c join board_stages s on s.id = c.stage_id
    where c.archived_at is null and (
      (c.sla_breached_at is not null and c.sla_breached_at < c.stage_entered_at)
      or (s.sla_hours is not null and not s.is_done
        and (c.sla_breached_at is null or c.sla_breached_at < c.stage_entered_at)
        and c.stage_entered_at + make_interval(hours => s.sla_hours) <= ${now.toISOString()}::timestamptz)
    )`);
  return rows<{ account_id: number }>(result).map((row) => Number(row.account_id));
}

/** Flags the account's breached cards and clears stale flags; returns the ids of each. */
async function flagBreaches(tx: Tx, accountId: number, now: Date) {
  const cleared = rows<{ id: string }>(
    await tx.execute(sql`
      update cards c set sla_breached_at = null, version = c.version + 1, updated_at = now()
      where c.account_id = ${accountId} and c.sla_breached_at < c.stage_entered_at
      returning c.id`),
  );
  const flagged = rows<{ id: string }>(
    await tx.execute(sql`
      update cards c
      set sla_breached_at = c.stage_entered_at + make_interval(hours => s.sla_hours),
        version = c.version + 1, updated_at = now()
      from board_stages s
      where c.account_id = ${accountId} and s.account_id = ${accountId} and s.id = c.stage_id
        and s.sla_hours is not null and not s.is_done and c.archived_at is null
        and c.sla_breached_at is null
        and c.stage_entered_at + make_interval(hours => s.sla_hours) <= ${now.toISOString()}::timestamptz
      returning c.id`),
  );
  return { clearedIds: cleared.map((row) => row.id), flaggedIds: flagged.map((row) => row.id) };
}

async function cardsWithStage(tx: Tx, accountId: number, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ card: cards, stageName: boardStages.name, slaHours: boardStages.slaHours })
    .from(cards)
    .innerJoin(boardStages, eq(boardStages.id, cards.stageId))
    .where(and(eq(cards.accountId, accountId), inArray(cards.id, [...ids])));
}

/**
 * One sweep of one account: flags, records each breach in the card's history, tells the board's viewers
 * (`card.updated`) and the assignee (`card.notice`), after commit.
 */
export async function sweepSla(deps: KanbanDependencies, accountId: number, now: Date) {
  const { deliveries, notices } = await deps.database.tenant(accountId, async (tx) => {
    const { clearedIds, flaggedIds } = await flagBreaches(tx, accountId, now);
    const deliveries: Delivery[] = [];
    const notices: (CardNotice | undefined)[] = [];
    for (const { card, stageName, slaHours } of await cardsWithStage(tx, accountId, [
      ...clearedIds,
      ...flaggedIds,
    ])) {
      if (flaggedIds.includes(card.id) && card.slaBreachedAt) {
        await insertCardEvent(tx, accountId, {
          boardId: card.boardId,
          cardId: card.id,
          type: 'update',
          cause: 'automation',
          data: {
            sla_breached_at: card.slaBreachedAt.toISOString(),
            stage_id: card.stageId,
            sla_hours: slaHours,
            version: card.version,
          },
        });
        notices.push(
          await noticeForAssignee(tx, accountId, card, {
            reason: 'sla_breached',
            detail: `${slaHours} h SLA of ${stageName} passed`,
            chatText: `SLA de ${slaHours} h em ${stageName} passou.`,
            key: `kanban:sla:${card.id}:${card.slaBreachedAt.toISOString()}`,
            at: card.slaBreachedAt,
          }),
        );
      }
      deliveries.push(
        await cardDelivery(tx, accountId, card, (view) => ({
          type: 'card.updated',
          board_id: card.boardId,
          card: view,
        })),
      );
    }
    return { deliveries, notices };
  });
  await publish(deps, accountId, deliveries);
  await sendNotices(deps, accountId, notices);
  return { flagged: notices.filter(Boolean).length };
}

/** The board's breached cards (in their current stay) that the actor may see, longest overdue first. */
export async function listSlaBreaches(
  deps: { database: Database },
  actor: Actor,
  accountId: number,
  boardId: string,
): Promise<SlaBreach[]> {
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findBoard(tx, accountId, boardId))) throw notFound('Board');
    const scope = await scopeOf(tx, actor, accountId);
    const found = await tx
      .select({ card: cards, stageName: boardStages.name, slaHours: boardStages.slaHours })
      .from(cards)
      .innerJoin(boardStages, eq(boardStages.id, cards.stageId))
      .where(
        and(
          eq(cards.accountId, accountId),
          eq(cards.boardId, boardId),
          isNull(cards.archivedAt),
          isNotNull(boardStages.slaHours),
          gte(cards.slaBreachedAt, cards.stageEnteredAt),
          scope.all
            ? undefined
            : scope.inboxIds.length > 0
              ? or(isNull(cards.inboxId), inArray(cards.inboxId, [...scope.inboxIds]))
              : isNull(cards.inboxId),
        ),
      )
      .orderBy(asc(cards.slaBreachedAt), asc(cards.id));
    return found.map(({ card, stageName, slaHours }) => ({
      card_id: card.id,
      title: card.title,
      stage_id: card.stageId,
      stage_name: stageName,
      sla_hours: slaHours ?? 0,
      stage_entered_at: card.stageEnteredAt.toISOString(),
      sla_breached_at: (card.slaBreachedAt as Date).toISOString(),
      assignee_user_id: card.assigneeUserId,
      conversation_display_id: card.conversationDisplayId,
    }));
  });
}

// Card reminders: a note due to a user at a time. The periodic job sends each due reminder's notice
// once (`sent_at` is set by the same update that finds it due).
import type { CardReminder, CreateCardReminder } from '@whatpro/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database';
import { cardReminders, cards } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../auth/actor';
import { type CardNotice, noticeForAssignee, sendNotices } from './notices';
import { audienceOf, findCard } from './repo';
import { actorUserId, badRequest, type KanbanDependencies, scopeOf } from './service';

type ReminderRow = typeof cardReminders.$inferSelect;

export function presentReminder(row: ReminderRow): CardReminder {
  return {
    id: row.id,
    card_id: row.cardId,
    user_id: row.userId,
    created_by: row.createdBy,
    note: row.note,
    due_at: row.dueAt.toISOString(),
    sent_at: row.sentAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

async function visibleCard(tx: Tx, actor: Actor, accountId: number, boardId: string, cardId: string) {
  const card = await findCard(tx, accountId, boardId, cardId);
  if (!card) throw notFound('Card');
  const scope = await scopeOf(tx, actor, accountId);
  if (!scope.all && card.inboxId !== null && !scope.inboxIds.includes(card.inboxId)) throw notFound('Card');
  return card;
}

export async function listReminders(
  deps: { database: Database },
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    const rows = await tx
      .select()
      .from(cardReminders)
      .where(and(eq(cardReminders.accountId, accountId), eq(cardReminders.cardId, cardId)))
      .orderBy(asc(cardReminders.dueAt), asc(cardReminders.id));
    return rows.map(presentReminder);
  });
}

/** For the card's assignee unless another member who may see the card is named (or the author, if none). */
export async function addReminder(
  deps: { database: Database },
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  input: CreateCardReminder,
) {
  return deps.database.tenant(accountId, async (tx) => {
    const card = await visibleCard(tx, actor, accountId, boardId, cardId);
    const userId = input.user_id ?? card.assigneeUserId ?? actorUserId(actor);
    if (!userId) throw badRequest('name the user to remind (user_id): the card has no assignee');
    if (!(await audienceOf(tx, accountId, card.inboxId)).includes(userId)) {
      throw badRequest('user_id must be a member of this account who may see the card');
    }
    const [row] = await tx
      .insert(cardReminders)
      .values({
        accountId,
        cardId,
        userId,
        createdBy: actorUserId(actor),
        note: input.note ?? null,
        dueAt: new Date(input.due_at),
      })
      .returning();
    return presentReminder(row!);
  });
}

export async function removeReminder(
  deps: { database: Database },
  actor: Actor,
  accountId: number,
  boardId: string,
  cardId: string,
  reminderId: string,
) {
  await deps.database.tenant(accountId, async (tx) => {
    await visibleCard(tx, actor, accountId, boardId, cardId);
    const deleted = await tx
      .delete(cardReminders)
      .where(
        and(
          eq(cardReminders.accountId, accountId),
          eq(cardReminders.cardId, cardId),
          eq(cardReminders.id, reminderId),
        ),
      )
      .returning({ id: cardReminders.id });
    if (deleted.length === 0) throw notFound('Reminder');
  });
}

export async function systemAccountsWithDueReminders(
  system: Database['system'],
  now: Date,
): Promise<number[]> {
  const result = (await system.execute(sql`
    select distinct account_id from card_reminders
    where sent_at is null and due_at <= ${now.toISOString()}::timestamptz`)) as unknown as {
    rows: { account_id: number }[];
  };
  return result.rows.map((row) => Number(row.account_id));
}

/** Marks the account's due reminders sent and notifies each one's user, after commit. */
export async function sendDueReminders(deps: KanbanDependencies, accountId: number, now: Date) {
  const notices = await deps.database.tenant(accountId, async (tx) => {
    const due = await tx
      .update(cardReminders)
      .set({ sentAt: now, updatedAt: now })
      .where(
        and(
          eq(cardReminders.accountId, accountId),
          sql`${cardReminders.sentAt} is null and ${cardReminders.dueAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning();
    const out: (CardNotice | undefined)[] = [];
    for (const reminder of due) {
      const [row] = await tx
        .select()
        .from(cards)
        .where(and(eq(cards.accountId, accountId), eq(cards.id, reminder.cardId)));
      if (!row || row.archivedAt) continue;
      out.push(
        await noticeForAssignee(tx, accountId, row, {
          reason: 'reminder_due',
          detail: reminder.note ?? '',
          chatText: reminder.note ?? '',
          key: `kanban:reminder:${reminder.id}`,
          at: reminder.dueAt,
          recipient: reminder.userId,
        }),
      );
    }
    return out;
  });
  await sendNotices(deps, accountId, notices);
  return notices.filter(Boolean).length;
}

import type { CardNoticeEvent, CardNoticeReason } from '@whatpro/contracts';
import type { Tx } from '../../db/database';
import type { EventBus } from '../../infra/event-bus';
import { channels, type UserEventsMessage } from '../realtime/events';
import type { CardRow } from './repo';
import { audienceOf } from './repo';

/** A notice for one user, decided inside the transaction that found it due and sent after its commit. */
export interface CardNotice {
  userId: string;
  event: CardNoticeEvent;
}

/**
 * The notice for the card's assignee, or none when the card has no assignee or the assignee may no
 * longer see it (left the card's inbox in Chatwoot).
 */
export async function noticeForAssignee(
  tx: Tx,
  accountId: number,
  card: Pick<CardRow, 'id' | 'boardId' | 'title' | 'inboxId' | 'assigneeUserId'>,
  reason: CardNoticeReason,
  detail: string,
  at: Date,
  recipient: string | null = card.assigneeUserId,
): Promise<CardNotice | undefined> {
  if (!recipient) return undefined;
  if (!(await audienceOf(tx, accountId, card.inboxId)).includes(recipient)) return undefined;
  return {
    userId: recipient,
    event: {
      type: 'card.notice',
      board_id: card.boardId,
      card_id: card.id,
      reason,
      title: card.title,
      detail,
      at: at.toISOString(),
    },
  };
}

/** Publishes after commit on the user-events channel; a bus failure never undoes what was committed. */
export async function sendNotices(
  deps: { bus: EventBus; log: { warn(object: object, message: string): void } },
  accountId: number,
  notices: readonly (CardNotice | undefined)[],
) {
  for (const notice of notices) {
    if (!notice) continue;
    const message: UserEventsMessage = {
      account_id: accountId,
      user_ids: [notice.userId],
      event: notice.event,
    };
    await deps.bus
      .publish(channels.userEvents, message)
      .catch((error: Error) => deps.log.warn({ err: error }, 'kanban notice publish failed'));
  }
}

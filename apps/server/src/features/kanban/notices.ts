import type { CardNoticeEvent, CardNoticeReason } from '@whatpro/contracts';
import type { Tx } from '../../db/database';
import { type ChatDelivery, type ChatDependencies, postHubNotice, publishChatEvents } from '../chat/service';
import { channels, type UserEventsMessage } from '../realtime/events';
import type { CardRow } from './repo';
import { audienceOf } from './repo';

/**
 * A notice for one user, decided inside the transaction that found it due and sent after its commit:
 * the realtime `card.notice`, and the chat message already posted in that transaction.
 */
export interface CardNotice {
  userId: string;
  event: CardNoticeEvent;
  chat: ChatDelivery[];
}

// The chat message is stored once for every reader, so it is worded in the product's default language.
const CHAT_HEADINGS: Record<CardNoticeReason, string> = {
  sla_breached: 'SLA estourado',
  time_rule: 'Regra de tempo',
  reminder_due: 'Lembrete',
};

export interface NoticeSpec {
  reason: CardNoticeReason;
  /** The `card.notice` detail. */
  detail: string;
  /** The line under the heading in the chat message. */
  chatText: string;
  /** Unique per occasion (the reminder, the stay, the rule firing): the chat message is posted once per key. */
  key: string;
  at: Date;
  recipient?: string | null;
}

/**
 * The notice for the card's assignee (or `recipient`), or none when there is nobody or they may no
 * longer see the card (left the card's inbox in Chatwoot). Posts its chat message from the Hub in the
 * caller's transaction, with the card's conversation as its reference.
 */
export async function noticeForAssignee(
  tx: Tx,
  accountId: number,
  card: Pick<CardRow, 'id' | 'boardId' | 'title' | 'inboxId' | 'assigneeUserId' | 'conversationDisplayId'>,
  spec: NoticeSpec,
): Promise<CardNotice | undefined> {
  const recipient = spec.recipient === undefined ? card.assigneeUserId : spec.recipient;
  if (!recipient) return undefined;
  if (!(await audienceOf(tx, accountId, card.inboxId)).includes(recipient)) return undefined;
  const body = [`**${CHAT_HEADINGS[spec.reason]}** · ${card.title}`, spec.chatText]
    .filter(Boolean)
    .join('\n');
  return {
    userId: recipient,
    event: {
      type: 'card.notice',
      board_id: card.boardId,
      card_id: card.id,
      reason: spec.reason,
      title: card.title,
      detail: spec.detail,
      at: spec.at.toISOString(),
    },
    chat: await postHubNotice(tx, accountId, recipient, {
      key: spec.key,
      body,
      conversationDisplayId: card.conversationDisplayId,
    }),
  };
}

/** Publishes after commit on the user-events channel (the chat message's events too); a bus failure never undoes what was committed. */
export async function sendNotices(
  deps: Pick<ChatDependencies, 'bus' | 'log'>,
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
    await publishChatEvents(deps, accountId, notice.chat);
  }
}

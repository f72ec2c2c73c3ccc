/** What the timeline needs of a message; the API's messages and the composer's pending ones both fit. */
export interface TimelineMessage {
  id: string;
  /** The room sequence; null while the message is only on this device (being sent, or failed). */
  seq: number | null;
  author_id: string | null;
  kind: 'user' | 'system';
  created_at: string;
}

export type TimelineRow<M> =
  | { type: 'day'; key: string; day: string; date: Date }
  | { type: 'unread'; key: 'unread' }
  | { type: 'message'; key: string; message: M; continued: boolean };

/** Messages by one author this close together read as one block, under one name and time. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** The reader's calendar day, so separators fall at their midnight rather than UTC's. */
export function localDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * The rows the conversation pane draws, oldest first: a separator at each new day, the "new messages"
 * divider before the first message from someone else after `readUpToSeq` (none when that is null), and
 * each message marked `continued` when it joins the previous one's block.
 */
export function buildTimeline<M extends TimelineMessage>(
  messages: readonly M[],
  options: { readUpToSeq: number | null; selfId: string },
): TimelineRow<M>[] {
  const rows: TimelineRow<M>[] = [];
  let previous: M | null = null;
  let previousDay: string | null = null;
  let dividerPlaced = options.readUpToSeq === null;
  for (const message of messages) {
    const createdAt = new Date(message.created_at);
    const day = localDay(createdAt);
    let startsBlock = previous === null || day !== previousDay;
    if (day !== previousDay) {
      rows.push({ type: 'day', key: `day-${day}`, day, date: createdAt });
      previousDay = day;
    }
    if (
      !dividerPlaced &&
      message.seq !== null &&
      options.readUpToSeq !== null &&
      message.seq > options.readUpToSeq &&
      message.author_id !== options.selfId
    ) {
      rows.push({ type: 'unread', key: 'unread' });
      dividerPlaced = true;
      startsBlock = true;
    }
    const continued =
      !startsBlock &&
      previous !== null &&
      message.kind === 'user' &&
      previous.kind === 'user' &&
      message.author_id === previous.author_id &&
      createdAt.getTime() - new Date(previous.created_at).getTime() < GROUP_WINDOW_MS;
    rows.push({ type: 'message', key: message.id, message, continued });
    previous = message;
  }
  return rows;
}

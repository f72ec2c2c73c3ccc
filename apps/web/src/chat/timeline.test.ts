import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineMessage } from './timeline';

const ana = 'a0000000-0000-4000-8000-000000000001';
const bruno = 'b0000000-0000-4000-8000-000000000002';

function message(
  seq: number,
  author: string | null,
  at: string,
  kind: 'user' | 'system' = 'user',
): TimelineMessage {
  return { id: `m${seq}`, seq, author_id: author, kind, created_at: new Date(at).toISOString() };
}

const kinds = (rows: ReturnType<typeof buildTimeline>) =>
  rows.map((row) => (row.type === 'message' ? `${row.message.id}${row.continued ? '+' : ''}` : row.type));

describe('buildTimeline', () => {
  it('starts each local day with a separator and groups one author within five minutes', () => {
    const rows = buildTimeline(
      [
        message(1, ana, '2026-11-30T10:00:00'),
        message(2, ana, '2026-11-30T10:04:00'),
        message(3, ana, '2026-11-30T10:10:00'),
        message(4, bruno, '2026-11-30T10:11:00'),
        message(5, bruno, '2026-12-01T09:00:00'),
      ],
      { readUpToSeq: null, selfId: ana },
    );
    expect(kinds(rows)).toEqual(['day', 'm1', 'm2+', 'm3', 'm4', 'day', 'm5']);
  });

  it('never groups system messages', () => {
    const rows = buildTimeline(
      [message(1, null, '2026-11-30T10:00:00', 'system'), message(2, null, '2026-11-30T10:00:10', 'system')],
      { readUpToSeq: null, selfId: ana },
    );
    expect(kinds(rows)).toEqual(['day', 'm1', 'm2']);
  });

  it('puts the new-messages divider before the first unread message from someone else and breaks the group there', () => {
    const rows = buildTimeline(
      [
        message(1, bruno, '2026-11-30T10:00:00'),
        message(2, ana, '2026-11-30T10:01:00'),
        message(3, bruno, '2026-11-30T10:01:30'),
        message(4, bruno, '2026-11-30T10:02:00'),
      ],
      // Ana's own message 2 is past her read mark only if she sent it elsewhere; it does not count as new.
      { readUpToSeq: 1, selfId: ana },
    );
    expect(kinds(rows)).toEqual(['day', 'm1', 'm2', 'unread', 'm3', 'm4+']);
  });

  it('shows no divider when everything is read, and pending messages (no sequence) never count as new', () => {
    const pending: TimelineMessage = {
      ...message(0, bruno, '2026-11-30T10:03:00'),
      id: 'pending',
      seq: null,
    };
    const rows = buildTimeline([message(1, bruno, '2026-11-30T10:00:00'), pending], {
      readUpToSeq: 1,
      selfId: ana,
    });
    expect(kinds(rows)).toEqual(['day', 'm1', 'pending+']);
  });
});

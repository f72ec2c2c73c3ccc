import type { Board, BoardStage, Card, CardRealtimeEvent } from '@whatpro/contracts';

/** What the filter bar narrows the board to; every field empty shows every card the caller may see. */
export interface BoardFilters {
  /** A user id, `none` for unassigned cards, or empty for anyone. */
  assignee: string;
  inboxId: number | null;
  teamId: number | null;
  label: string;
  text: string;
}

export const noFilters: BoardFilters = { assignee: '', inboxId: null, teamId: null, label: '', text: '' };

export function matchesFilters(card: Card, filters: BoardFilters): boolean {
  if (filters.assignee === 'none' && card.assignee_user_id !== null) return false;
  if (filters.assignee && filters.assignee !== 'none' && card.assignee_user_id !== filters.assignee)
    return false;
  if (filters.inboxId !== null && card.inbox_id !== filters.inboxId) return false;
  if (filters.teamId !== null && card.team_id !== filters.teamId) return false;
  if (filters.label && !card.labels.includes(filters.label)) return false;
  const text = filters.text.trim().toLocaleLowerCase();
  if (!text) return true;
  const haystack = [
    card.title,
    card.description,
    card.contact?.name,
    card.contact?.phone_number,
    card.contact?.email,
    card.conversation_display_id === null ? null : `#${card.conversation_display_id}`,
  ];
  return haystack.some((value) => value?.toLocaleLowerCase().includes(text));
}

const byPosition = (a: Card, b: Card) => a.position - b.position || a.id.localeCompare(b.id);

/** The cards of each stage in board order, top to bottom; stages without cards get an empty list. */
export function columnsOf(board: Board, cards: readonly Card[]): Map<string, Card[]> {
  const columns = new Map<string, Card[]>(board.stages.map((stage) => [stage.id, []]));
  for (const card of cards) columns.get(card.stage_id)?.push(card);
  for (const column of columns.values()) column.sort(byPosition);
  return columns;
}

/**
 * A realtime event applied to the board's cards. Per card the highest `version` wins, so a late event never
 * undoes a newer one and two clients that saw two concurrent moves in either order end up alike.
 * Returns the same array when nothing changed; `reload` when the board itself changed.
 */
export function applyCardEvent(
  cards: readonly Card[],
  boardId: string,
  event: CardRealtimeEvent,
): readonly Card[] | 'reload' {
  if (event.board_id !== boardId) return cards;
  if (event.type === 'board.updated') return 'reload';
  if (event.type === 'card.deleted') {
    const next = cards.filter((card) => card.id !== event.card_id);
    return next.length === cards.length ? cards : next;
  }
  const incoming = event.card;
  const index = cards.findIndex((card) => card.id === incoming.id);
  const current = index === -1 ? undefined : cards[index];
  if (current && current.version >= incoming.version) return cards;
  if (incoming.archived_at !== null) {
    return index === -1 ? cards : cards.filter((card) => card.id !== incoming.id);
  }
  if (index === -1) return [...cards, incoming];
  const next = cards.slice();
  next[index] = incoming;
  return next;
}

/**
 * Where a card dropped onto `target` lands: just above the target card, or at the bottom of the stage when
 * dropped on the column itself. Answers with the `after_card_id` the move API takes (null = on top,
 * undefined = at the bottom).
 */
export function dropPlacement(
  column: readonly Card[],
  draggedId: string,
  target: { cardId: string } | { stage: true },
): string | null | undefined {
  if ('stage' in target) return undefined;
  const others = column.filter((card) => card.id !== draggedId);
  const index = others.findIndex((card) => card.id === target.cardId);
  if (index === -1) return undefined;
  return index === 0 ? null : (others[index - 1]?.id ?? null);
}

/** The board as it will be once the server applies the move, shown at once; the server's answer replaces it. */
export function moveLocally(
  cards: readonly Card[],
  cardId: string,
  stageId: string,
  afterCardId: string | null | undefined,
): readonly Card[] {
  const moving = cards.find((card) => card.id === cardId);
  if (!moving) return cards;
  const column = cards.filter((card) => card.stage_id === stageId && card.id !== cardId).sort(byPosition);
  let position: number;
  if (afterCardId === undefined) {
    position = (column.at(-1)?.position ?? 0) + 1;
  } else if (afterCardId === null) {
    position = (column[0]?.position ?? 1) - 1;
  } else {
    const index = column.findIndex((card) => card.id === afterCardId);
    const before = column[index];
    const after = column[index + 1];
    position = before ? (after ? (before.position + after.position) / 2 : before.position + 1) : 0;
  }
  const entered = moving.stage_id === stageId ? moving.stage_entered_at : new Date().toISOString();
  return cards.map((card) =>
    card.id === cardId ? { ...card, stage_id: stageId, position, stage_entered_at: entered } : card,
  );
}

export type SlaState = 'breached' | 'near' | 'ok';

/** Past the stage's SLA (or flagged by the server), in its last fifth, or within it; null without an SLA. */
export function slaStateOf(card: Card, stage: BoardStage | undefined, now: number): SlaState | null {
  if (card.sla_breached_at !== null) return 'breached';
  if (!stage?.sla_hours) return null;
  const limit = stage.sla_hours * 3_600_000;
  const spent = now - Date.parse(card.stage_entered_at);
  if (spent >= limit) return 'breached';
  return spent >= limit * 0.8 ? 'near' : 'ok';
}

export type WipState = 'over' | 'full' | 'under';

/** A stage's WIP state from the cards the caller sees in it; null without a limit. */
export function wipStateOf(stage: BoardStage, count: number): WipState | null {
  if (stage.wip_limit === null) return null;
  if (count > stage.wip_limit) return 'over';
  return count === stage.wip_limit ? 'full' : 'under';
}

/** A short age like `3 d`, `5 h` or `12 min` (at least 1 min). */
export function ageParts(since: string, now: number): { value: number; unit: 'd' | 'h' | 'min' } {
  const minutes = Math.max(1, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes >= 1_440) return { value: Math.floor(minutes / 1_440), unit: 'd' };
  if (minutes >= 60) return { value: Math.floor(minutes / 60), unit: 'h' };
  return { value: minutes, unit: 'min' };
}

/** Initials for an avatar: first letters of the first and last words. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return `${first}${last}`.toLocaleUpperCase();
}

/** The link that opens a card's conversation in Chatwoot. */
export function conversationUrl(chatwootUrl: string, accountId: number, displayId: number): string {
  return `${chatwootUrl.replace(/\/+$/, '')}/app/accounts/${accountId}/conversations/${displayId}`;
}

import type { Board, BoardStage, Card } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyCardEvent,
  columnsOf,
  dropPlacement,
  matchesFilters,
  moveLocally,
  noFilters,
  slaStateOf,
  wipStateOf,
} from './board';

const BOARD = '00000000-0000-4000-8000-000000000001';
const TODO = '00000000-0000-4000-8000-0000000000a1';
const DOING = '00000000-0000-4000-8000-0000000000a2';
const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-01T12:00:00.000Z');

function stage(id: string, position: number, extra: Partial<BoardStage> = {}): BoardStage {
  return {
    id,
    board_id: BOARD,
    name: id === TODO ? 'A fazer' : 'Fazendo',
    colour: '#1f93ff',
    position,
    wip_limit: null,
    maps_status: null,
    maps_label: null,
    is_in_progress: false,
    is_done: false,
    sla_hours: null,
    actions: [],
    card_count: 0,
    ...extra,
  };
}

const board: Board = {
  id: BOARD,
  name: 'Atendimento',
  description: null,
  is_default: true,
  filter_inbox_ids: [],
  filter_team_ids: [],
  loss_reasons: [],
  archived_at: null,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  stages: [stage(TODO, 1), stage(DOING, 2)],
};

function card(n: number, stageId: string, position: number, extra: Partial<Card> = {}): Card {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    board_id: BOARD,
    stage_id: stageId,
    position,
    title: `Cartão ${n}`,
    description: null,
    conversation_display_id: n,
    conversation_status: 'open',
    linked_conversation_display_ids: [],
    contact: { id: n, name: `Contato ${n}`, phone_number: `+55119000000${n}`, email: null },
    inbox_id: 1,
    team_id: null,
    assignee_user_id: null,
    labels: [],
    priority: null,
    due_at: null,
    value: null,
    outcome: null,
    loss_reason: null,
    custom_attributes: {},
    stage_entered_at: new Date(NOW - HOUR).toISOString(),
    manual_stage_until_status_change: false,
    cycle: 1,
    last_activity_at: null,
    first_reply_at: null,
    waiting_since: null,
    sla_breached_at: null,
    version: 1,
    archived_at: null,
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    ...extra,
  };
}

describe('board columns', () => {
  it('groups cards by stage in position order, every stage present', () => {
    const cards = [card(1, TODO, 2), card(2, TODO, 1), card(3, 'elsewhere', 1)];
    const columns = columnsOf(board, cards);
    expect(columns.get(TODO)?.map((item) => item.title)).toEqual(['Cartão 2', 'Cartão 1']);
    expect(columns.get(DOING)).toEqual([]);
    expect(columns.has('elsewhere')).toBe(false);
  });

  it('filters by assignee (or none), inbox, label and text over contact and conversation number', () => {
    const assigned = card(1, TODO, 1, {
      assignee_user_id: '00000000-0000-4000-8000-00000000beef',
      labels: ['vip'],
    });
    const other = card(2, TODO, 2, { inbox_id: 7 });
    expect(matchesFilters(assigned, { ...noFilters, assignee: 'none' })).toBe(false);
    expect(matchesFilters(other, { ...noFilters, assignee: 'none' })).toBe(true);
    expect(matchesFilters(assigned, { ...noFilters, assignee: assigned.assignee_user_id ?? '' })).toBe(true);
    expect(matchesFilters(other, { ...noFilters, inboxId: 7 })).toBe(true);
    expect(matchesFilters(assigned, { ...noFilters, inboxId: 7 })).toBe(false);
    expect(matchesFilters(assigned, { ...noFilters, label: 'vip' })).toBe(true);
    expect(matchesFilters(other, { ...noFilters, label: 'vip' })).toBe(false);
    expect(matchesFilters(other, { ...noFilters, text: 'contato 2' })).toBe(true);
    expect(matchesFilters(other, { ...noFilters, text: '#2' })).toBe(true);
    expect(matchesFilters(other, { ...noFilters, text: 'ninguém' })).toBe(false);
  });
});

describe('realtime events', () => {
  const first = card(1, TODO, 1, { version: 3 });

  it('adds created cards and replaces a card only with a newer version', () => {
    const created = card(2, DOING, 1);
    expect(applyCardEvent([first], BOARD, { type: 'card.created', board_id: BOARD, card: created })).toEqual([
      first,
      created,
    ]);
    const stale = { ...first, stage_id: DOING, version: 2 };
    const cards = [first];
    expect(
      applyCardEvent(cards, BOARD, { type: 'card.moved', board_id: BOARD, from_stage_id: TODO, card: stale }),
    ).toBe(cards);
    const newer = { ...first, stage_id: DOING, version: 4 };
    expect(
      applyCardEvent(cards, BOARD, { type: 'card.moved', board_id: BOARD, from_stage_id: TODO, card: newer }),
    ).toEqual([newer]);
  });

  it('two concurrent moves applied in either order converge on the higher version', () => {
    const a = { ...first, stage_id: DOING, version: 4 };
    const b = { ...first, stage_id: TODO, position: 9, version: 5 };
    const move = (next: Card) => ({
      type: 'card.moved' as const,
      board_id: BOARD,
      from_stage_id: TODO,
      card: next,
    });
    const apply = (cards: readonly Card[], next: Card) => {
      const result = applyCardEvent(cards, BOARD, move(next));
      if (result === 'reload') throw new Error('unexpected reload');
      return result;
    };
    expect(apply(apply([first], a), b)).toEqual(apply(apply([first], b), a));
    expect(apply(apply([first], a), b)[0]?.version).toBe(5);
  });

  it('drops archived and deleted cards, ignores other boards and reloads on board changes', () => {
    const archived = { ...first, archived_at: '2026-12-01T10:00:00.000Z', version: 4 };
    expect(
      applyCardEvent([first], BOARD, { type: 'card.archived', board_id: BOARD, card: archived }),
    ).toEqual([]);
    expect(
      applyCardEvent([first], BOARD, { type: 'card.deleted', board_id: BOARD, card_id: first.id }),
    ).toEqual([]);
    const cards = [first];
    const elsewhere = '00000000-0000-4000-8000-000000000002';
    expect(
      applyCardEvent(cards, BOARD, { type: 'card.deleted', board_id: elsewhere, card_id: first.id }),
    ).toBe(cards);
    expect(applyCardEvent(cards, BOARD, { type: 'board.updated', board_id: BOARD })).toBe('reload');
  });
});

describe('moves', () => {
  const column = [card(1, DOING, 1), card(2, DOING, 2), card(3, DOING, 3)];

  it('a drop on a card lands just above it; on the column, at the bottom', () => {
    expect(dropPlacement(column, 'x', { cardId: column[0]?.id ?? '' })).toBeNull();
    expect(dropPlacement(column, 'x', { cardId: column[2]?.id ?? '' })).toBe(column[1]?.id);
    expect(dropPlacement(column, 'x', { stage: true })).toBeUndefined();
    // Dragging a card down within its column skips itself.
    expect(dropPlacement(column, column[0]?.id ?? '', { cardId: column[2]?.id ?? '' })).toBe(column[1]?.id);
  });

  it('shows the move at once, between its neighbours, top or bottom', () => {
    const moving = card(9, TODO, 1, { stage_entered_at: '2026-11-01T00:00:00.000Z' });
    const cards = [...column, moving];
    const between = moveLocally(cards, moving.id, DOING, column[0]?.id);
    const placed = columnsOf(board, between)
      .get(DOING)
      ?.map((item) => item.title);
    expect(placed).toEqual(['Cartão 1', 'Cartão 9', 'Cartão 2', 'Cartão 3']);
    expect(between.find((item) => item.id === moving.id)?.stage_entered_at).not.toBe(moving.stage_entered_at);
    expect(columnsOf(board, moveLocally(cards, moving.id, DOING, null)).get(DOING)?.[0]?.title).toBe(
      'Cartão 9',
    );
    expect(
      columnsOf(board, moveLocally(cards, moving.id, DOING, undefined))
        .get(DOING)
        ?.at(-1)?.title,
    ).toBe('Cartão 9');
  });
});

describe('stage states', () => {
  it('SLA: flagged by the server, past the hours, in the last fifth, or within', () => {
    const timed = stage(TODO, 1, { sla_hours: 10 });
    expect(slaStateOf(card(1, TODO, 1), stage(TODO, 1), NOW)).toBeNull();
    expect(slaStateOf(card(1, TODO, 1), timed, NOW)).toBe('ok');
    expect(
      slaStateOf(card(1, TODO, 1, { stage_entered_at: new Date(NOW - 9 * HOUR).toISOString() }), timed, NOW),
    ).toBe('near');
    expect(
      slaStateOf(card(1, TODO, 1, { stage_entered_at: new Date(NOW - 11 * HOUR).toISOString() }), timed, NOW),
    ).toBe('breached');
    expect(
      slaStateOf(card(1, TODO, 1, { sla_breached_at: new Date(NOW).toISOString() }), stage(TODO, 1), NOW),
    ).toBe('breached');
  });

  it('WIP: under, full or over the limit; none without one', () => {
    expect(wipStateOf(stage(TODO, 1), 99)).toBeNull();
    expect(wipStateOf(stage(TODO, 1, { wip_limit: 3 }), 2)).toBe('under');
    expect(wipStateOf(stage(TODO, 1, { wip_limit: 3 }), 3)).toBe('full');
    expect(wipStateOf(stage(TODO, 1, { wip_limit: 3 }), 4)).toBe('over');
  });
});

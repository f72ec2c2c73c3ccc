import type { Plugins } from '@dnd-kit/abstract';
import { type DragDropManager, Feedback } from '@dnd-kit/dom';
import { DragDropProvider, useDraggable, useDroppable } from '@dnd-kit/react';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type Board, type BoardStage, type Card, kanbanConflictSchema } from '@whatpro/contracts';
import { memo, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { usePlural, useT } from '../i18n/i18n';
import {
  ageParts,
  type BoardFilters,
  columnsOf,
  dropPlacement,
  initialsOf,
  matchesFilters,
  moveLocally,
  noFilters,
  type SlaState,
  slaStateOf,
  wipStateOf,
} from './board';
import {
  errorText,
  kanbanKeys,
  storeCard,
  useBoardCards,
  useInboxes,
  useKanbanPermissions,
  useKanbanSession,
  useMembers,
  useTeams,
} from './session';

const STAGE_DROP_PREFIX = 'stage:';
const CARD_HEIGHT = 104;
/**
 * dnd-kit's default plugins with the drop animation off: in Chromium 156 the animation never reports its
 * end, so the drag never returned to idle and no card could be picked up again, by mouse or keyboard.
 */
const withoutDropAnimation = (defaults: Plugins<DragDropManager>): Plugins<DragDropManager> =>
  defaults.map((plugin) => (plugin === Feedback ? Feedback.configure({ dropAnimation: null }) : plugin));

interface MoveRequest {
  cardId: string;
  stageId: string;
  afterCardId: string | null | undefined;
}

const slaClass: Record<SlaState, string> = {
  breached: 'bg-n-ruby-3 text-n-ruby-11',
  near: 'bg-n-amber-3 text-n-amber-11',
  ok: 'bg-n-teal-3 text-n-teal-11',
};

function useMoveCard(board: Board, onMessage: (message: string) => void) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const queryClient = useQueryClient();
  const key = kanbanKeys.cards(accountId, board.id);
  const stageName = (stageId: string) => board.stages.find((stage) => stage.id === stageId)?.name ?? '';

  return async ({ cardId, stageId, afterCardId }: MoveRequest) => {
    const before = queryClient.getQueryData<readonly Card[]>(key);
    if (!before) return;
    queryClient.setQueryData(key, moveLocally(before, cardId, stageId, afterCardId));
    try {
      const moved = await api.moveCard(board.id, cardId, {
        stage_id: stageId,
        ...(afterCardId === undefined ? {} : { after_card_id: afterCardId }),
      });
      storeCard(queryClient, accountId, moved);
      onMessage(t('kanban.move.moved', { title: moved.title, stage: stageName(stageId) }));
    } catch (error) {
      // The server refused or failed: the board goes back to what the server holds.
      void queryClient.invalidateQueries({ queryKey: key });
      const conflict = error instanceof ApiError ? kanbanConflictSchema.safeParse(error.details) : null;
      if (conflict?.success && conflict.data.reason === 'wip_limit') {
        onMessage(t('kanban.move.wip', { stage: stageName(stageId), limit: conflict.data.wip_limit }));
      } else if (conflict?.success && conflict.data.reason === 'checklist_required') {
        onMessage(
          t('kanban.move.checklist', { items: conflict.data.items.map((item) => item.text).join(', ') }),
        );
      } else {
        onMessage(t('kanban.move.failed', { message: errorText(error) }));
      }
    }
  };
}

function Avatar({ name }: { name: string }) {
  return (
    <span
      title={name}
      className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-n-blue-3 font-medium text-[10px] text-n-blue-11"
    >
      {initialsOf(name)}
    </span>
  );
}

interface CardTileProps {
  card: Card;
  stage: BoardStage | undefined;
  board: Board;
  index: number;
  now: number;
  assigneeName: string | null;
  inboxName: string | null;
  canMove: boolean;
  onOpen(cardId: string): void;
  onMove(request: MoveRequest): void;
}

const CardTile = memo(function CardTile({
  card,
  stage,
  board,
  index,
  now,
  assigneeName,
  inboxName,
  canMove,
  onOpen,
  onMove,
}: CardTileProps) {
  const t = useT();
  const menuId = useId();
  const { ref, handleRef, isDragSource } = useDraggable({
    id: card.id,
    type: 'card',
    disabled: !canMove,
    data: { stageId: card.stage_id },
  });
  const { ref: dropRef, isDropTarget } = useDroppable({
    id: card.id,
    accept: 'card',
    type: 'card',
    data: { stageId: card.stage_id },
  });
  const age = ageParts(card.stage_entered_at, now);
  const sla = slaStateOf(card, stage, now);
  const contact = card.contact?.name ?? card.contact?.phone_number ?? card.contact?.email;

  return (
    <article
      ref={(element) => {
        ref(element);
        dropRef(element);
      }}
      data-testid="kanban-card"
      data-card-id={card.id}
      data-index={index}
      aria-label={card.title}
      className={`group flex flex-col gap-1.5 rounded-lg bg-n-solid-1 p-2.5 text-sm shadow-sm outline outline-1 ${
        isDropTarget ? 'outline-2 outline-n-brand' : 'outline-n-strong'
      } ${isDragSource ? 'opacity-50' : ''}`}
    >
      <div className="flex items-start gap-1.5">
        {canMove ? (
          <button
            type="button"
            ref={handleRef}
            aria-label={t('kanban.card.drag', { title: card.title })}
            className="-ml-1 cursor-grab rounded px-1 text-n-slate-10 hover:bg-n-alpha-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-n-brand"
          >
            <span aria-hidden="true">⋮⋮</span>
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => onOpen(card.id)}
          className="min-w-0 flex-1 truncate text-left font-medium text-n-slate-12 hover:underline"
        >
          {card.title}
        </button>
        {assigneeName ? <Avatar name={assigneeName} /> : null}
      </div>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-n-slate-11 text-xs">
        {contact ? <span className="truncate">{contact}</span> : null}
        {inboxName ? <span className="truncate">· {inboxName}</span> : null}
      </div>
      <div className="flex flex-wrap items-center gap-1 text-xs">
        {card.labels.slice(0, 3).map((label) => (
          <span key={label} className="rounded bg-n-alpha-2 px-1.5 py-0.5 text-n-slate-11">
            {label}
          </span>
        ))}
        <span className="ml-auto text-n-slate-10" title={t('kanban.card.inStageSince')}>
          {t('kanban.card.age', { value: age.value, unit: age.unit })}
        </span>
        {sla ? (
          <span data-testid="kanban-sla" data-sla={sla} className={`rounded px-1.5 py-0.5 ${slaClass[sla]}`}>
            {t(`kanban.sla.${sla}`)}
          </span>
        ) : null}
      </div>
      {canMove ? (
        <div className="flex items-center">
          <label htmlFor={menuId} className="sr-only">
            {t('kanban.card.moveTo')}
          </label>
          <select
            id={menuId}
            value=""
            onChange={(event) => {
              const stageId = event.target.value;
              if (stageId) onMove({ cardId: card.id, stageId, afterCardId: undefined });
            }}
            className="h-7 w-full rounded-md bg-n-background px-1 text-n-slate-11 text-xs outline outline-1 outline-n-weak"
          >
            <option value="">{t('kanban.card.moveTo')}</option>
            {board.stages
              .filter((option) => option.id !== card.stage_id)
              .map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
          </select>
        </div>
      ) : null}
    </article>
  );
});

interface ColumnProps {
  board: Board;
  stage: BoardStage;
  cards: Card[];
  now: number;
  canMove: boolean;
  onOpen(cardId: string): void;
  onMove(request: MoveRequest): void;
}

function Column({ board, stage, cards, now, canMove, onOpen, onMove }: ColumnProps) {
  const t = useT();
  const plural = usePlural();
  const members = useMembers().data;
  const inboxes = useInboxes().data;
  const inboxNames = useMemo(
    () => new Map((inboxes ?? []).map((inbox) => [inbox.chatwoot_inbox_id, inbox.name])),
    [inboxes],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const { ref, isDropTarget } = useDroppable({
    id: `${STAGE_DROP_PREFIX}${stage.id}`,
    accept: 'card',
    type: 'column',
    data: { stageId: stage.id },
  });
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_HEIGHT,
    getItemKey: (index) => cards[index]?.id ?? index,
    overscan: 6,
    gap: 8,
    // Before layout (and in tests without it) a column still shows its first cards.
    initialRect: { width: 288, height: 900 },
  });
  const wip = wipStateOf(stage, cards.length);
  const headingId = useId();

  return (
    <section
      ref={ref}
      aria-labelledby={headingId}
      data-testid="kanban-column"
      data-stage-id={stage.id}
      data-wip={wip ?? 'none'}
      className={`flex h-full w-72 shrink-0 flex-col rounded-xl bg-n-solid-2 outline outline-1 ${
        isDropTarget ? 'outline-2 outline-n-brand' : wip === 'over' ? 'outline-n-ruby-9' : 'outline-n-weak'
      }`}
    >
      <header className="flex items-center gap-2 border-n-weak border-b px-3 py-2">
        <span
          aria-hidden="true"
          className="size-2.5 rounded-full"
          style={{ backgroundColor: stage.colour }}
        />
        <h2 id={headingId} className="min-w-0 flex-1 truncate font-semibold text-n-slate-12 text-sm">
          {stage.name}
        </h2>
        <span data-testid="kanban-column-count" className="text-n-slate-11 text-xs">
          {plural('kanban.column.cards', cards.length)}
        </span>
        {stage.wip_limit !== null ? (
          <span
            title={
              wip === 'over' ? t('kanban.column.wipOver') : wip === 'full' ? t('kanban.column.wipFull') : ''
            }
            className={`rounded px-1.5 py-0.5 text-xs ${
              wip === 'over'
                ? 'bg-n-ruby-3 text-n-ruby-11'
                : wip === 'full'
                  ? 'bg-n-amber-3 text-n-amber-11'
                  : 'bg-n-alpha-2 text-n-slate-11'
            }`}
          >
            {t('kanban.column.wip', { count: cards.length, limit: stage.wip_limit })}
          </span>
        ) : null}
      </header>
      <div ref={scroller} className="min-h-24 flex-1 overflow-y-auto p-2">
        {cards.length === 0 ? (
          <p className="py-6 text-center text-n-slate-10 text-xs">{t('kanban.column.empty')}</p>
        ) : (
          <ul className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const card = cards[item.index];
              if (!card) return null;
              return (
                <li
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className="absolute inset-x-0 top-0"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <CardTile
                    card={card}
                    stage={stage}
                    board={board}
                    index={item.index}
                    now={now}
                    assigneeName={
                      card.assignee_user_id ? (members?.get(card.assignee_user_id)?.name ?? null) : null
                    }
                    inboxName={card.inbox_id === null ? null : (inboxNames.get(card.inbox_id) ?? null)}
                    canMove={canMove}
                    onOpen={onOpen}
                    onMove={onMove}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

function FilterBar({
  cards,
  filters,
  onChange,
}: {
  cards: readonly Card[];
  filters: BoardFilters;
  onChange(filters: BoardFilters): void;
}) {
  const t = useT();
  const members = useMembers().data;
  const inboxes = useInboxes().data ?? [];
  const teams = useTeams().data ?? [];
  const labels = useMemo(() => [...new Set(cards.flatMap((card) => card.labels))].sort(), [cards]);
  const ids = { assignee: useId(), inbox: useId(), team: useId(), label: useId(), text: useId() };
  const select = 'h-8 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong';

  return (
    <search aria-label={t('kanban.filters.heading')} className="flex flex-wrap items-end gap-3 text-sm">
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.text} className="text-n-slate-11 text-xs">
          {t('kanban.filters.text')}
        </label>
        <input
          id={ids.text}
          type="search"
          value={filters.text}
          placeholder={t('kanban.filters.textPlaceholder')}
          onChange={(event) => onChange({ ...filters, text: event.target.value })}
          className={`${select} w-56`}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.assignee} className="text-n-slate-11 text-xs">
          {t('kanban.filters.assignee')}
        </label>
        <select
          id={ids.assignee}
          value={filters.assignee}
          onChange={(event) => onChange({ ...filters, assignee: event.target.value })}
          className={select}
        >
          <option value="">{t('kanban.filters.anyone')}</option>
          <option value="none">{t('kanban.filters.unassigned')}</option>
          {[...(members?.values() ?? [])].map((member) => (
            <option key={member.user_id} value={member.user_id}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.inbox} className="text-n-slate-11 text-xs">
          {t('kanban.filters.inbox')}
        </label>
        <select
          id={ids.inbox}
          value={filters.inboxId ?? ''}
          onChange={(event) =>
            onChange({ ...filters, inboxId: event.target.value ? Number(event.target.value) : null })
          }
          className={select}
        >
          <option value="">{t('kanban.filters.anyInbox')}</option>
          {inboxes.map((inbox) => (
            <option key={inbox.chatwoot_inbox_id} value={inbox.chatwoot_inbox_id}>
              {inbox.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.team} className="text-n-slate-11 text-xs">
          {t('kanban.filters.team')}
        </label>
        <select
          id={ids.team}
          value={filters.teamId ?? ''}
          onChange={(event) =>
            onChange({ ...filters, teamId: event.target.value ? Number(event.target.value) : null })
          }
          className={select}
        >
          <option value="">{t('kanban.filters.anyTeam')}</option>
          {teams.map((team) => (
            <option key={team.chatwoot_team_id} value={team.chatwoot_team_id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.label} className="text-n-slate-11 text-xs">
          {t('kanban.filters.label')}
        </label>
        <select
          id={ids.label}
          value={filters.label}
          onChange={(event) => onChange({ ...filters, label: event.target.value })}
          className={select}
        >
          <option value="">{t('kanban.filters.anyLabel')}</option>
          {labels.map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        onClick={() => onChange(noFilters)}
        className="h-8 rounded-lg px-3 text-n-blue-11 hover:bg-n-brand/10"
      >
        {t('kanban.filters.clear')}
      </button>
    </search>
  );
}

/** The board: stages as columns, cards dragged (pointer or keyboard) or moved with "Mover para…". */
export function BoardView({ board, onOpenCard }: { board: Board; onOpenCard(cardId: string): void }) {
  const t = useT();
  const { canMove } = useKanbanPermissions();
  const cardsQuery = useBoardCards(board.id);
  const [filters, setFilters] = useState<BoardFilters>(noFilters);
  const [announcement, setAnnouncement] = useState('');
  const move = useMoveCard(board, setAnnouncement);
  const [now] = useState(() => Date.now());
  const all = cardsQuery.data ?? [];
  const visible = useMemo(() => all.filter((card) => matchesFilters(card, filters)), [all, filters]);
  const columns = useMemo(() => columnsOf(board, visible), [board, visible]);
  const fullColumns = useMemo(() => columnsOf(board, all), [board, all]);

  if (cardsQuery.isPending) {
    return (
      <p role="status" className="p-6 text-n-slate-11 text-sm">
        {t('kanban.loading')}
      </p>
    );
  }
  if (cardsQuery.isError) {
    return (
      <p role="alert" className="p-6 text-n-ruby-11 text-sm">
        {t('kanban.loadFailed')}
      </p>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <FilterBar cards={all} filters={filters} onChange={setFilters} />
      <p
        role="status"
        aria-live="polite"
        data-testid="kanban-announcement"
        className="min-h-5 text-n-slate-11 text-sm"
      >
        {announcement}
      </p>
      <DragDropProvider
        plugins={withoutDropAnimation}
        onDragEnd={(event) => {
          if (event.canceled) return;
          const { source, target } = event.operation;
          if (!source || !target) return;
          const cardId = String(source.id);
          const targetId = String(target.id);
          const stageId = targetId.startsWith(STAGE_DROP_PREFIX)
            ? targetId.slice(STAGE_DROP_PREFIX.length)
            : String((target.data as { stageId?: string } | undefined)?.stageId ?? '');
          if (!stageId || targetId === cardId) return;
          const column = fullColumns.get(stageId) ?? [];
          const afterCardId = dropPlacement(
            column,
            cardId,
            targetId.startsWith(STAGE_DROP_PREFIX) ? { stage: true } : { cardId: targetId },
          );
          void move({ cardId, stageId, afterCardId });
        }}
      >
        <div className="flex min-h-0 flex-1 gap-3 overflow-x-auto pb-2" data-testid="kanban-board">
          {board.stages.map((stage) => (
            <Column
              key={stage.id}
              board={board}
              stage={stage}
              cards={columns.get(stage.id) ?? []}
              now={now}
              canMove={canMove}
              onOpen={onOpenCard}
              onMove={(request) => void move(request)}
            />
          ))}
        </div>
      </DragDropProvider>
    </div>
  );
}

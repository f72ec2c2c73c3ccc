import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board, Card, CardEvent } from '@whatpro/contracts';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { conversationUrl, slaStateOf } from './board';
import { kanbanKeys, storeCard, useKanbanPermissions, useKanbanSession, useMembers } from './session';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="font-medium text-n-slate-11 text-xs uppercase tracking-wide">{title}</h3>
      {children}
    </section>
  );
}

function Checklist({ board, card }: { board: Board; card: Card }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const { canMove } = useKanbanPermissions();
  const queryClient = useQueryClient();
  const key = [...kanbanKeys.card(accountId, board.id, card.id), 'checklist'];
  const items = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.checklist(board.id, card.id, signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const [text, setText] = useState('');
  const [required, setRequired] = useState(false);
  const inputId = useId();
  const add = useMutation({
    mutationFn: () => api.addChecklistItem(board.id, card.id, text.trim(), required),
    onSuccess: () => {
      setText('');
      setRequired(false);
      void refresh();
    },
  });

  return (
    <Section title={t('kanban.checklist.heading')}>
      {items.data?.length === 0 ? (
        <p className="text-n-slate-10 text-sm">{t('kanban.checklist.empty')}</p>
      ) : null}
      <ul className="flex flex-col gap-1" data-testid="kanban-checklist">
        {items.data?.map((item) => (
          <li key={item.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={item.done}
              disabled={!canMove}
              aria-label={item.text}
              onChange={(event) =>
                void api
                  .updateChecklistItem(board.id, card.id, item.id, { done: event.target.checked })
                  .then(refresh)
              }
            />
            <span className={item.done ? 'text-n-slate-10 line-through' : 'text-n-slate-12'}>
              {item.text}
            </span>
            {item.required_before_leaving ? (
              <span className="rounded bg-n-amber-3 px-1.5 text-n-amber-11 text-xs">
                {t('kanban.checklist.requiredBadge')}
              </span>
            ) : null}
            {canMove ? (
              <button
                type="button"
                onClick={() => void api.deleteChecklistItem(board.id, card.id, item.id).then(refresh)}
                aria-label={t('kanban.checklist.delete', { text: item.text })}
                className="ml-auto rounded px-1 text-n-slate-10 hover:text-n-ruby-11"
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canMove ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (text.trim()) add.mutate();
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            {t('kanban.checklist.newItem')}
          </label>
          <input
            id={inputId}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('kanban.checklist.newItem')}
            className="h-8 min-w-0 flex-1 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong"
          />
          <label className="flex items-center gap-1 text-n-slate-11 text-xs">
            <input
              type="checkbox"
              checked={required}
              onChange={(event) => setRequired(event.target.checked)}
            />
            {t('kanban.checklist.required')}
          </label>
          <button type="submit" className="h-8 rounded-lg bg-n-brand px-3 text-sm text-white">
            {t('kanban.checklist.add')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}

function Notes({ board, card }: { board: Board; card: Card }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const { canMove } = useKanbanPermissions();
  const members = useMembers().data;
  const queryClient = useQueryClient();
  const key = [...kanbanKeys.card(accountId, board.id, card.id), 'notes'];
  const notes = useQuery({ queryKey: key, queryFn: ({ signal }) => api.notes(board.id, card.id, signal) });
  const [body, setBody] = useState('');
  const inputId = useId();
  const add = useMutation({
    mutationFn: () => api.addNote(board.id, card.id, body.trim()),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <Section title={t('kanban.notes.heading')}>
      {notes.data?.length === 0 ? <p className="text-n-slate-10 text-sm">{t('kanban.notes.empty')}</p> : null}
      <ul className="flex flex-col gap-2">
        {notes.data?.map((note) => (
          <li key={note.id} className="rounded-lg bg-n-alpha-1 p-2 text-sm">
            <p className="whitespace-pre-wrap text-n-slate-12">{note.body}</p>
            <p className="mt-1 text-n-slate-10 text-xs">
              {(note.author_user_id ? members?.get(note.author_user_id)?.name : null) ?? ''}{' '}
              {new Date(note.created_at).toLocaleString()}
            </p>
          </li>
        ))}
      </ul>
      {canMove ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (body.trim()) add.mutate();
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            {t('kanban.notes.label')}
          </label>
          <textarea
            id={inputId}
            value={body}
            rows={2}
            onChange={(event) => setBody(event.target.value)}
            placeholder={t('kanban.notes.label')}
            className="rounded-lg bg-n-background p-2 text-sm outline outline-1 outline-n-strong"
          />
          <button type="submit" className="h-8 w-fit rounded-lg bg-n-brand px-3 text-sm text-white">
            {t('kanban.notes.add')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}

function History({ board, card }: { board: Board; card: Card }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const members = useMembers().data;
  const events = useQuery({
    // The card's version in the key: every change the board sees reloads the history.
    queryKey: [...kanbanKeys.card(accountId, board.id, card.id), 'history', card.version],
    queryFn: ({ signal }) => api.history(board.id, card.id, signal),
  });
  const stageName = (id: string | null) => board.stages.find((stage) => stage.id === id)?.name ?? '—';
  const summaryOf = (event: CardEvent) => {
    switch (event.type) {
      case 'create':
        return t('kanban.history.create', { stage: stageName(event.to_stage_id) });
      case 'move':
        return t('kanban.history.move', {
          from: stageName(event.from_stage_id),
          to: stageName(event.to_stage_id),
        });
      default:
        return t(`kanban.history.${event.type}`);
    }
  };
  const who = (event: CardEvent) =>
    event.cause === 'user'
      ? ((event.actor_user_id ? members?.get(event.actor_user_id)?.name : null) ?? t('kanban.cause.user'))
      : t(`kanban.cause.${event.cause}`);
  return (
    <Section title={t('kanban.history.heading')}>
      <ol className="flex flex-col gap-1.5 text-sm" data-testid="kanban-history">
        {events.data
          ?.slice()
          .reverse()
          .map((event) => (
            <li key={event.id} className="flex flex-col">
              <span className="text-n-slate-12">{summaryOf(event)}</span>
              <span className="text-n-slate-10 text-xs">
                {who(event)} · {new Date(event.at).toLocaleString()}
              </span>
            </li>
          ))}
      </ol>
    </Section>
  );
}

/** A card's details, checklist, notes and history; the conversation opens in Chatwoot. */
export function CardDetails({ board, card }: { board: Board; card: Card }) {
  const t = useT();
  const { accountId, chatwootUrl } = useKanbanSession();
  const members = useMembers().data;
  const stage = board.stages.find((item) => item.id === card.stage_id);
  const sla = slaStateOf(card, stage, Date.now());
  const assignee = card.assignee_user_id ? members?.get(card.assignee_user_id)?.name : null;
  const rows: [string, string | null | undefined][] = [
    [t('kanban.drawer.stage'), stage?.name],
    [t('kanban.drawer.assignee'), assignee ?? t('kanban.filters.unassigned')],
    [t('kanban.drawer.contact'), card.contact?.name ?? card.contact?.phone_number ?? card.contact?.email],
    [t('kanban.drawer.labels'), card.labels.join(', ')],
    [t('kanban.drawer.priority'), card.priority ? t(`kanban.priority.${card.priority}`) : null],
    [t('kanban.drawer.due'), card.due_at ? new Date(card.due_at).toLocaleString() : null],
    [t('kanban.drawer.value'), card.value],
    [t('kanban.drawer.sla'), sla ? t(`kanban.sla.${sla}`) : null],
  ];
  return (
    <div className="flex flex-col gap-5" data-testid="kanban-card-details">
      {card.description ? (
        <p className="whitespace-pre-wrap text-n-slate-12 text-sm">{card.description}</p>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-n-slate-11">{term}</dt>
              <dd className="text-n-slate-12">{value}</dd>
            </div>
          ))}
      </dl>
      {card.conversation_display_id !== null && chatwootUrl ? (
        <a
          href={conversationUrl(chatwootUrl, accountId, card.conversation_display_id)}
          target="_blank"
          rel="noreferrer"
          className="w-fit text-n-blue-11 text-sm underline"
        >
          {t('kanban.drawer.openInChatwoot', { id: card.conversation_display_id })}
        </a>
      ) : null}
      <Checklist board={board} card={card} />
      <Notes board={board} card={card} />
      <History board={board} card={card} />
    </div>
  );
}

/** The drawer over the board; Esc and the close button return focus to the board. */
export function CardDrawer({ board, cardId, onClose }: { board: Board; cardId: string; onClose(): void }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const fromBoard = queryClient
    .getQueryData<readonly Card[]>(kanbanKeys.cards(accountId, board.id))
    ?.find((card) => card.id === cardId);
  const card = useQuery({
    queryKey: kanbanKeys.card(accountId, board.id, cardId),
    queryFn: async ({ signal }) => {
      const loaded = await api.getCard(board.id, cardId, signal);
      storeCard(queryClient, accountId, loaded);
      return loaded;
    },
    ...(fromBoard ? { placeholderData: fromBoard } : {}),
  });
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="kanban-drawer-title"
      className="fixed inset-y-0 right-0 z-20 flex w-full max-w-md flex-col gap-4 overflow-y-auto bg-n-solid-1 p-5 shadow-xl outline outline-1 outline-n-strong"
    >
      <div className="flex items-start gap-2">
        <h2
          id="kanban-drawer-title"
          ref={headingRef}
          tabIndex={-1}
          className="min-w-0 flex-1 font-semibold text-lg text-n-slate-12 focus:outline-none"
        >
          {card.data?.title ?? t('kanban.loading')}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="h-8 rounded-lg px-3 text-n-slate-11 text-sm hover:bg-n-alpha-2"
        >
          {t('kanban.drawer.close')}
        </button>
      </div>
      {card.data ? <CardDetails board={board} card={card.data} /> : null}
    </aside>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type Board, type Card, type CurrentUser, cardRealtimeEventSchema } from '@whatpro/contracts';
import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, api } from '../api/client';
import { useAppInfo } from '../api/queries';
import { useT } from '../i18n/i18n';
import { roleIn } from '../permissions';
import type { Realtime } from '../realtime/RealtimeProvider';
import { kanbanApi } from './api';
import { slaStateOf } from './board';
import { CardDetails } from './CardDrawer';
import {
  KanbanSessionProvider,
  kanbanKeys,
  storeCard,
  useKanbanPermissions,
  useKanbanSession,
} from './session';

// The tab refetches when it regains focus; the chat beside it already holds the account's realtime link.
const withoutRealtime: Realtime = {
  status: 'offline',
  subscribe: () => () => {},
  onReconnect: () => () => {},
  sendTyping: () => {},
  presenceOf: () => 'offline',
};

/**
 * The header's frame lives as long as Chatwoot's page and is rarely focused: card events keep it current,
 * and while its realtime link is down it looks again this often instead.
 */
const HEADER_REFRESH_MS = 30_000;
/** The header shows nothing alarming while the Hub is away: it keeps asking, up to this far apart. */
const HEADER_RETRY_MAX_MS = 30_000;

const headerRetry = (_failures: number, error: Error) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500);
const headerRetryDelay = (attempt: number) => Math.min(HEADER_RETRY_MAX_MS, 1_000 * 2 ** attempt);

type Found = { board: Board; card: Card } | null;

const namesConversation = (card: Card, displayId: number) =>
  card.conversation_display_id === displayId || card.linked_conversation_display_ids.includes(displayId);

/** The card events that concern the shown conversation: its card's own move in place, anything else refetched. */
function useConversationCardLiveUpdates(key: readonly unknown[], displayId: number): void {
  const { realtime } = useKanbanSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const refetch = () => void queryClient.invalidateQueries({ queryKey: key });
    const stopEvents = realtime.subscribe((raw) => {
      const parsed = cardRealtimeEventSchema.safeParse(raw);
      if (!parsed.success) return;
      const event = parsed.data;
      const current = queryClient.getQueryData<Found>(key);
      if (event.type === 'board.updated') {
        if (current?.board.id === event.board_id) refetch();
        return;
      }
      if (event.type === 'card.deleted') {
        if (current?.card.id === event.card_id) refetch();
        return;
      }
      const ours = current?.card.id === event.card.id;
      const sameBoard = current?.board.id === event.card.board_id;
      if (
        current &&
        ours &&
        sameBoard &&
        event.type !== 'card.archived' &&
        namesConversation(event.card, displayId)
      ) {
        if (event.card.version > current.card.version) {
          queryClient.setQueryData(key, { board: current.board, card: event.card });
        }
        return;
      }
      // Archived, moved to another board, unlinked, or a new card for this conversation: ask which card it is now.
      if (ours || namesConversation(event.card, displayId)) refetch();
    });
    const stopReconnect = realtime.onReconnect(refetch);
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [realtime, queryClient, key, displayId]);
}

function ConversationCardBody({ displayId, compact }: { displayId: number; compact: boolean }) {
  const t = useT();
  const { api: kanban, accountId, realtime } = useKanbanSession();
  const { canMove } = useKanbanPermissions();
  const queryClient = useQueryClient();
  const stageSelectId = useId();
  const [error, setError] = useState('');
  const key = useMemo(
    () => [...kanbanKeys.all(accountId), 'conversation', displayId],
    [accountId, displayId],
  );
  const found = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => kanban.findConversationCard(displayId, signal),
    refetchInterval: compact && realtime.status !== 'online' ? HEADER_REFRESH_MS : false,
    ...(compact ? { retry: headerRetry, retryDelay: headerRetryDelay } : {}),
  });
  useConversationCardLiveUpdates(key, displayId);

  // The header's strip has room for one line: a longer notice ends in an ellipsis instead of being cut.
  const oneLine = compact ? 'min-w-0 truncate ' : '';
  if (found.isPending) return <p className={`${oneLine}text-n-slate-11 text-sm`}>{t('kanban.loading')}</p>;
  if (found.isError) return <p className={`${oneLine}text-n-ruby-11 text-sm`}>{t('kanban.loadFailed')}</p>;
  if (!found.data) {
    return (
      <p className={`${oneLine}text-n-slate-11 text-sm`} data-testid="kanban-conversation-none">
        {t('kanban.conversation.noCard')}
      </p>
    );
  }
  const { board, card } = found.data;
  const sla = slaStateOf(
    card,
    board.stages.find((stage) => stage.id === card.stage_id),
    Date.now(),
  );
  const move = async (stageId: string) => {
    setError('');
    try {
      const moved = await kanban.moveCard(board.id, card.id, { stage_id: stageId });
      storeCard(queryClient, accountId, moved);
      queryClient.setQueryData(key, { board, card: moved });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  };

  return (
    // In the header's 40 px strip everything stays on one line: the board name gives way first.
    <div
      className={compact ? 'flex min-w-0 items-center gap-2' : 'flex flex-col gap-3'}
      data-testid="kanban-conversation-card"
      data-card-id={card.id}
    >
      <div
        className={`flex items-center gap-2 text-sm ${compact ? 'min-w-0 flex-nowrap' : 'flex-wrap'}`}
        data-testid="kanban-conversation-stage"
      >
        <span className="min-w-0 truncate text-n-slate-11">{board.name}</span>
        <label htmlFor={stageSelectId} className="sr-only">
          {t('kanban.drawer.stage')}
        </label>
        <select
          id={stageSelectId}
          value={card.stage_id}
          disabled={!canMove}
          onChange={(event) => void move(event.target.value)}
          className="h-8 min-w-0 rounded-lg bg-n-background px-2 outline outline-1 outline-n-strong"
        >
          {board.stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
        </select>
        {sla ? (
          <span className="whitespace-nowrap text-n-slate-11 text-xs" data-sla={sla}>
            {t(`kanban.sla.${sla}`)}
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className={`${oneLine}text-n-ruby-11 text-sm`}>
          {error}
        </p>
      ) : null}
      {compact ? null : (
        <>
          <p className="font-medium text-n-slate-12">{card.title}</p>
          <CardDetails board={board} card={card} />
        </>
      )}
    </div>
  );
}

/**
 * The Kanban card of the conversation open in Chatwoot: in the Dashboard App tab its stage, details and
 * history; `compact` (the conversation header's frame) only its board, stage picker and SLA state, kept
 * current by the card events of `realtime`.
 */
export function ConversationCard({
  user,
  accountId,
  displayId,
  compact = false,
  realtime = withoutRealtime,
}: {
  user: CurrentUser;
  accountId: number;
  displayId: number;
  compact?: boolean;
  realtime?: Realtime;
}) {
  const kanban = useMemo(() => kanbanApi(api, accountId), [accountId]);
  const chatwootUrl = useAppInfo().data?.chatwoot_url ?? null;
  const session = useMemo(
    () => ({
      api: kanban,
      accountId,
      user,
      role: roleIn(user, accountId),
      realtime,
      chatwootUrl,
    }),
    [kanban, accountId, user, realtime, chatwootUrl],
  );
  return (
    <KanbanSessionProvider session={session}>
      <ConversationCardBody displayId={displayId} compact={compact} />
    </KanbanSessionProvider>
  );
}

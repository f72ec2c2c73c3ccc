import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Card, type CurrentUser, cardRealtimeEventSchema, type Role, roleCan } from '@whatpro/contracts';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import type { Realtime } from '../realtime/RealtimeProvider';
import type { KanbanApi } from './api';
import { applyCardEvent } from './board';

export interface KanbanSession {
  api: KanbanApi;
  accountId: number;
  user: CurrentUser;
  role: Role | null;
  realtime: Realtime;
  /** Chatwoot's address, for links that open a conversation there. */
  chatwootUrl: string | null;
}

const KanbanSessionContext = createContext<KanbanSession | null>(null);

export function KanbanSessionProvider({
  session,
  children,
}: {
  session: KanbanSession;
  children: ReactNode;
}) {
  return <KanbanSessionContext.Provider value={session}>{children}</KanbanSessionContext.Provider>;
}

export function useKanbanSession(): KanbanSession {
  const session = useContext(KanbanSessionContext);
  if (!session) throw new Error('useKanbanSession outside KanbanSessionProvider');
  return session;
}

export function useKanbanPermissions() {
  const { role } = useKanbanSession();
  return {
    canMove: role !== null && roleCan(role, 'cards:write:account'),
    canManage: role !== null && roleCan(role, 'boards:manage:account'),
  };
}

export const kanbanKeys = {
  all: (accountId: number) => ['kanban', accountId] as const,
  boards: (accountId: number) => ['kanban', accountId, 'boards'] as const,
  cards: (accountId: number, boardId: string) => ['kanban', accountId, 'cards', boardId] as const,
  card: (accountId: number, boardId: string, cardId: string) =>
    ['kanban', accountId, 'card', boardId, cardId] as const,
  members: (accountId: number) => ['kanban', accountId, 'members'] as const,
  inboxes: (accountId: number) => ['kanban', accountId, 'inboxes'] as const,
  teams: (accountId: number) => ['kanban', accountId, 'teams'] as const,
};

export function useBoards() {
  const { api, accountId } = useKanbanSession();
  return useQuery({
    queryKey: kanbanKeys.boards(accountId),
    queryFn: ({ signal }) => api.listBoards(signal),
  });
}

export function useBoardCards(boardId: string | null) {
  const { api, accountId } = useKanbanSession();
  return useQuery({
    queryKey: kanbanKeys.cards(accountId, boardId ?? ''),
    queryFn: ({ signal }) => api.listCards(boardId ?? '', {}, signal),
    enabled: boardId !== null,
    // Realtime events keep the cards current; a reconnect refetches what was missed.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMembers() {
  const { api, accountId } = useKanbanSession();
  return useQuery({
    queryKey: kanbanKeys.members(accountId),
    queryFn: ({ signal }) => api.members(signal),
    staleTime: 5 * 60_000,
    select: (members: Awaited<ReturnType<KanbanApi['members']>>) =>
      new Map(members.map((member) => [member.user_id, member])),
  });
}

export function useInboxes() {
  const { api, accountId } = useKanbanSession();
  return useQuery({
    queryKey: kanbanKeys.inboxes(accountId),
    queryFn: ({ signal }) => api.inboxes(signal),
    staleTime: 5 * 60_000,
  });
}

export function useTeams() {
  const { api, accountId } = useKanbanSession();
  return useQuery({
    queryKey: kanbanKeys.teams(accountId),
    queryFn: ({ signal }) => api.teams(signal),
    staleTime: 5 * 60_000,
  });
}

/** What a failed request or action says, for the notices of the Kanban's forms. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A card the server returned (after a move or an edit), kept only if it is newer than what the board has. */
export function storeCard(queryClient: QueryClient, accountId: number, card: Card): void {
  queryClient.setQueryData<readonly Card[]>(kanbanKeys.cards(accountId, card.board_id), (cards) => {
    if (!cards) return cards;
    const next = applyCardEvent(cards, card.board_id, {
      type: 'card.updated',
      board_id: card.board_id,
      card,
    });
    return next === 'reload' ? cards : next;
  });
  queryClient.setQueryData<Card>(kanbanKeys.card(accountId, card.board_id, card.id), (current) =>
    current && current.version > card.version ? current : card,
  );
}

/** Realtime card events applied to every board in the cache; a reconnect refetches the boards on screen. */
export function useKanbanLiveUpdates(): void {
  const { realtime, accountId } = useKanbanSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const stopEvents = realtime.subscribe((raw) => {
      const parsed = cardRealtimeEventSchema.safeParse(raw);
      if (!parsed.success) return;
      const event = parsed.data;
      const key = kanbanKeys.cards(accountId, event.board_id);
      const cards = queryClient.getQueryData<readonly Card[]>(key);
      if (event.type === 'board.updated') {
        void queryClient.invalidateQueries({ queryKey: kanbanKeys.boards(accountId) });
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      if ('card' in event) {
        queryClient.setQueryData<Card>(
          kanbanKeys.card(accountId, event.board_id, event.card.id),
          (current) => (current && current.version > event.card.version ? current : event.card),
        );
        // Counts on the board list follow the columns.
        void queryClient.invalidateQueries({ queryKey: kanbanKeys.boards(accountId), refetchType: 'none' });
      }
      if (!cards) return;
      const next = applyCardEvent(cards, event.board_id, event);
      if (next === 'reload') void queryClient.invalidateQueries({ queryKey: key });
      else if (next !== cards) queryClient.setQueryData(key, next);
    });
    const stopReconnect = realtime.onReconnect(() => {
      void queryClient.invalidateQueries({ queryKey: kanbanKeys.all(accountId) });
    });
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [realtime, accountId, queryClient]);
}

import { type InfiniteData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChatMessage,
  ChatMessagePage,
  ChatRoomList,
  CurrentUser,
  Permission,
  PresenceStatus,
  Role,
} from '@whatpro/contracts';
import { roleCan } from '@whatpro/contracts';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useT } from '../i18n/i18n';
import type { ChatApi } from './api';
import {
  appendRoomPage,
  chatKeys,
  type HistoryCursor,
  insertMessage,
  type MessagePages,
  ROOM_PAGE_SIZE,
} from './cache';
import { createOutbox, type Outbox, type PendingMessage } from './outbox';

/** What the chat needs of the realtime connection; the web realtime client provides it. */
export interface ChatRealtime {
  /** `online` once the socket (or stream) is up; anything else shows the reconnecting banner. */
  status: 'connecting' | 'online' | 'reconnecting' | 'offline';
  subscribe(listener: (event: unknown) => void): () => void;
  /** Called after the connection came back, so the chat can fetch what it missed. */
  onReconnect(listener: () => void): () => void;
  sendTyping(roomId: string): void;
  presenceOf(userId: string): PresenceStatus;
}

export interface ChatSession {
  api: ChatApi;
  accountId: number;
  user: CurrentUser;
  accountRole: Role | null;
  realtime: ChatRealtime;
  outbox: Outbox;
}

const ChatSessionContext = createContext<ChatSession | null>(null);

export function ChatSessionProvider({
  api,
  user,
  accountRole,
  realtime,
  children,
}: Omit<ChatSession, 'outbox' | 'accountId'> & { children: ReactNode }) {
  const queryClient = useQueryClient();
  const accountId = api.accountId;
  const outbox = useMemo(
    () =>
      createOutbox({
        authorId: user.id,
        send: (clientId, message) =>
          api.send(message.room_id, {
            client_id: clientId,
            body: message.body,
            ...(message.reply_to ? { reply_to_id: message.reply_to.id } : {}),
            ...(message.conversation_display_id
              ? { conversation_display_id: message.conversation_display_id }
              : {}),
            ...(message.attachment_ids.length > 0 ? { attachment_ids: message.attachment_ids } : {}),
          }),
        onSent: (sent) =>
          queryClient.setQueriesData<MessagePages>(
            { queryKey: chatKeys.messages(accountId, sent.room_id) },
            (data) => (data ? insertMessage(data, sent) : data),
          ),
      }),
    [api, user.id, queryClient, accountId],
  );
  const session = useMemo(
    () => ({ api, accountId, user, accountRole, realtime, outbox }),
    [api, accountId, user, accountRole, realtime, outbox],
  );
  return <ChatSessionContext.Provider value={session}>{children}</ChatSessionContext.Provider>;
}

export function useChatSession(): ChatSession {
  const session = useContext(ChatSessionContext);
  if (!session) throw new Error('useChatSession outside ChatSessionProvider');
  return session;
}

export function useCan(permission: Permission): boolean {
  const { accountRole } = useChatSession();
  return accountRole !== null && roleCan(accountRole, permission);
}

/**
 * My rooms as far as loaded: the first page, then whatever `useMoreRooms` appended. A refetch starts again
 * from the first page; the badge totals always cover every room.
 */
export function useRooms() {
  const { api, accountId } = useChatSession();
  return useQuery<ChatRoomList>({
    queryKey: chatKeys.rooms(accountId),
    queryFn: ({ signal }) => api.listRooms({ limit: ROOM_PAGE_SIZE }, signal),
  });
}

/** Loads the page after the loaded rooms (`list`, from `useRooms`) into the list, one request at a time. */
export function useMoreRooms(list: ChatRoomList | undefined): {
  hasMore: boolean;
  loading: boolean;
  failed: boolean;
  load: () => void;
} {
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const cursor = list?.next_cursor ?? null;
  const [state, setState] = useState<{ loading: string | null; failed: string | null }>({
    loading: null,
    failed: null,
  });
  const load = () => {
    if (cursor === null || state.loading === cursor) return;
    setState({ loading: cursor, failed: null });
    api.listRooms({ limit: ROOM_PAGE_SIZE, before: cursor }).then(
      (page) => {
        queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (held) =>
          // A refetch meanwhile started the list again: this page no longer follows it.
          held && held.next_cursor === cursor ? appendRoomPage(held, page) : held,
        );
        setState({ loading: null, failed: null });
      },
      () => setState({ loading: null, failed: cursor }),
    );
  };
  return {
    hasMore: cursor !== null,
    loading: cursor !== null && state.loading === cursor,
    failed: cursor !== null && state.failed === cursor,
    load,
  };
}

/** A room's history: its latest pages, or, with `aroundSeq`, the pages around that message. */
export function useRoomMessages(roomId: string, aroundSeq: number | null = null) {
  const { api, accountId } = useChatSession();
  return useInfiniteQuery<
    ChatMessagePage,
    Error,
    InfiniteData<ChatMessagePage, HistoryCursor>,
    readonly unknown[],
    HistoryCursor
  >({
    queryKey:
      aroundSeq === null
        ? chatKeys.messages(accountId, roomId)
        : chatKeys.messagesAround(accountId, roomId, aroundSeq),
    queryFn: ({ pageParam, signal }) => api.history(roomId, pageParam ?? {}, signal),
    initialPageParam: aroundSeq === null ? null : { around: aroundSeq },
    // Pages go newest first; the next one is older than the oldest message held, the previous one newer
    // than the newest (only a history opened around a message has newer ones to load).
    getNextPageParam: (page) => {
      const oldest = page.messages[0];
      return page.has_more_before && oldest ? { before: oldest.seq } : undefined;
    },
    getPreviousPageParam: (page) => {
      const newest = page.messages.at(-1);
      return page.has_more_after && newest ? { after: newest.seq } : undefined;
    },
    // Realtime events keep it current; refetching would throw away the pages scrolled back through.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function usePending(roomId: string): PendingMessage[] {
  const { outbox } = useChatSession();
  const all = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  return useMemo(() => all.filter((message) => message.room_id === roomId), [all, roomId]);
}

/**
 * Account members (names for authors, system messages and mentions), active or not. Pickers ask for a
 * `fresh` list: a colleague who joined the Hub a minute ago must be there to pick.
 */
export function useColleagues({ fresh = false }: { fresh?: boolean } = {}) {
  const { api, accountId } = useChatSession();
  return useQuery({
    queryKey: chatKeys.colleagues(accountId),
    queryFn: ({ signal }) => api.colleagues(signal),
    staleTime: 5 * 60_000,
    ...(fresh ? { refetchOnMount: 'always' as const } : {}),
  });
}

/** A member's name; no author means the Hub itself (its notices, and changes synced from Chatwoot). */
export function useUserName(): (userId: string | null) => string {
  const t = useT();
  const { data, refetch, isFetching } = useColleagues();
  const names = useMemo(() => new Map((data ?? []).map((member) => [member.user_id, member.name])), [data]);
  // Someone who joined the Hub after the list was loaded: ask again, once per newcomer.
  const missing = useRef(new Set<string>());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    const unknown = [...missing.current].filter((id) => !asked.current.has(id));
    if (unknown.length === 0 || isFetching || !data) return;
    for (const id of unknown) asked.current.add(id);
    void refetch();
  });
  return (userId) => {
    if (!userId) return t('app.name');
    const name = names.get(userId);
    if (name === undefined) missing.current.add(userId);
    return name ?? '…';
  };
}

export type { ChatMessage };

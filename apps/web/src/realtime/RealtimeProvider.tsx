import { type PresenceStatus, presenceListSchema, realtimeTicketSchema } from '@whatpro/contracts';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { type ApiClient, call } from '../api/client';
import { createRealtimeClient, type RealtimeClient, type RealtimeStatus } from './client';

/** What screens use of the realtime connection (chat/session.tsx's `ChatRealtime` is this shape). */
export interface Realtime {
  status: RealtimeStatus;
  /** Every event the server sends, parsed JSON; each feature validates what it handles with its contract. */
  subscribe(listener: (event: unknown) => void): () => void;
  /** Called after the connection came back, so each feature fetches what it missed by room sequence. */
  onReconnect(listener: () => void): () => void;
  sendTyping(roomId: string): void;
  presenceOf(userId: string): PresenceStatus;
}

const noop = () => () => {};
const idle = (status: RealtimeStatus): Realtime => ({
  status,
  subscribe: noop,
  onReconnect: noop,
  sendTyping: () => {},
  presenceOf: () => 'offline',
});

/**
 * The realtime connection of one account for as long as the calling component is mounted: tickets and
 * presence through the app's API client (which refreshes an expired access token on its own), events
 * from `/ws`, or from the SSE stream when sockets do not get through.
 */
export function useRealtimeConnection(
  api: Pick<ApiClient, 'client' | 'refreshSession'>,
  accountId: number,
): Realtime {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  useEffect(() => {
    const created = createRealtimeClient({
      accountId,
      baseUrl: window.location.origin,
      requestTicket: (account) =>
        call(
          api.client.POST('/api/v1/realtime/tickets', { body: { account_id: account } }),
          realtimeTicketSchema,
        ),
      loadPresence: (account) =>
        call(
          api.client.GET('/api/v1/accounts/{accountId}/presence', {
            params: { path: { accountId: account } },
          }),
          presenceListSchema,
        ),
      // The session ended on the server: a refresh fails and tells the app to sign out.
      onSessionEnded: () => void api.refreshSession().catch(() => {}),
    });
    created.start();
    setClient(created);
    return () => created.stop();
  }, [api, accountId]);
  const snapshot = useSyncExternalStore(client?.onChange ?? noop, () => client?.getSnapshot() ?? null);
  return useMemo(() => {
    if (!client || !snapshot) return idle('connecting');
    return {
      status: snapshot.status,
      subscribe: client.subscribe,
      onReconnect: client.onReconnect,
      sendTyping: client.sendTyping,
      presenceOf: (userId: string) => snapshot.presence.get(userId)?.status ?? 'offline',
    };
  }, [client, snapshot]);
}

const RealtimeContext = createContext<Realtime | null>(null);

/** One connection shared by everything below it (chat, boards, the offline banner). */
export function RealtimeProvider({
  api,
  accountId,
  children,
}: {
  api: Pick<ApiClient, 'client' | 'refreshSession'>;
  accountId: number;
  children: ReactNode;
}) {
  const realtime = useRealtimeConnection(api, accountId);
  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  const realtime = useContext(RealtimeContext);
  if (!realtime) throw new Error('useRealtime outside RealtimeProvider');
  return realtime;
}

import type { CurrentUser } from '@whatpro/contracts';
import { presenceListSchema, realtimeTicketSchema } from '@whatpro/contracts';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../api/client';
import { roleIn } from '../permissions';
import { createRealtimeClient } from '../realtime/client';
import { chatApi } from './api';
import { ChatApp } from './ChatApp';
import { type ChatRealtime, ChatSessionProvider } from './session';

const noop = () => undefined;
const notConnected: ChatRealtime = {
  status: 'connecting',
  subscribe: () => noop,
  onReconnect: () => noop,
  sendTyping: noop,
  presenceOf: () => 'offline',
};

/** The realtime connection of one account for as long as the chat is on screen; a new value on each change. */
function useRealtime(accountId: number): ChatRealtime {
  const [realtime, setRealtime] = useState<ChatRealtime>(notConnected);
  useEffect(() => {
    const client = createRealtimeClient({
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
    });
    // Status and presence changes re-render the chat; the functions themselves stay the same.
    const publish = () =>
      setRealtime({
        status: client.getStatus(),
        subscribe: client.subscribe,
        onReconnect: client.onReconnect,
        sendTyping: client.sendTyping,
        presenceOf: client.presenceOf,
      });
    const stopListening = client.onChange(publish);
    publish();
    client.start();
    return () => {
      stopListening();
      client.stop();
      setRealtime(notConnected);
    };
  }, [accountId]);
  return realtime;
}

/** The chat of one account for the signed-in user: API, realtime connection and screens. */
export function ChatRoot({
  user,
  accountId,
  initialRoomId = null,
  conversationId = null,
  onUnreadTotal,
}: {
  user: CurrentUser;
  accountId: number;
  initialRoomId?: string | null;
  conversationId?: number | null;
  onUnreadTotal?: (count: number) => void;
}) {
  const chat = useMemo(() => chatApi(api, accountId), [accountId]);
  const realtime = useRealtime(accountId);
  return (
    <ChatSessionProvider api={chat} user={user} accountRole={roleIn(user, accountId)} realtime={realtime}>
      <ChatApp
        key={accountId}
        initialRoomId={initialRoomId}
        conversationId={conversationId}
        {...(onUnreadTotal ? { onUnreadTotal } : {})}
      />
    </ChatSessionProvider>
  );
}

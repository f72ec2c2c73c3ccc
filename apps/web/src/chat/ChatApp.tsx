import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type ChatEvent,
  type ChatMessage,
  type ChatRoom,
  type ChatRoomList,
  chatMentionPattern,
} from '@whatpro/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { Announcements } from './Announcements';
import { Conversation, OfflineBanner } from './Conversation';
import { chatKeys, putRoom, roomQuery } from './cache';
import { roomTitle } from './format';
import {
  browserNotifier,
  type DesktopNotifier,
  hubHasFocus,
  notificationBody,
  shouldNotify,
} from './notifications';
import { RoomDetails } from './RoomDetails';
import { RoomList } from './RoomList';
import { useCan, useChatSession, useRooms, useUserName } from './session';
import { createChatSync } from './sync';

/** Realtime events into the caches, catch-up after reconnects, and desktop notifications. */
function useChatSync(openRoom: (roomId: string) => void, notifier: DesktopNotifier) {
  const { api, accountId, user, realtime } = useChatSession();
  const { subscribe, onReconnect } = realtime;
  const queryClient = useQueryClient();
  const t = useT();
  const nameOf = useUserName();
  const latest = useRef({ openRoom, nameOf, t });
  latest.current = { openRoom, nameOf, t };

  useEffect(() => {
    const notifyIn = (room: ChatRoom, message: ChatMessage, body: string) => {
      const decision = {
        authorId: message.author_id,
        selfId: user.id,
        mentionsMe: message.mentions.includes(user.id),
        muted: room.muted,
        level: room.notification_level,
        hubFocused: hubHasFocus(),
      };
      if (!shouldNotify(decision)) return;
      const { nameOf: name, t: translate, openRoom: open } = latest.current;
      const author = name(message.author_id);
      notifier.show({
        title:
          room.kind === 'dm' ? author : `${author} · ${roomTitle(room, translate('chat.room.untitled'))}`,
        body: notificationBody(body.replace(new RegExp(chatMentionPattern.source, 'giu'), '@$1')),
        tag: `whatpro-chat-${room.id}`,
        onClick: () => open(room.id),
      });
    };
    const notify = (event: ChatEvent) => {
      if (event.type !== 'message.created' || event.message.body === null) return;
      const { message } = event;
      const body = event.message.body;
      const list = queryClient.getQueryData<ChatRoomList>(chatKeys.rooms(accountId));
      const room = list?.rooms.find((entry) => entry.id === event.room_id);
      if (room) notifyIn(room, message, body);
      // A room past the loaded pages: the request that brings it into the list also tells how to notify.
      else if (list) {
        queryClient.fetchQuery(roomQuery(api, event.room_id)).then(
          (found) => notifyIn(found, message, body),
          () => undefined,
        );
      }
    };
    const sync = createChatSync({ queryClient, api, selfId: user.id, onEvent: notify });
    const unsubscribe = subscribe((event) => void sync.handle(event));
    const unsubscribeReconnect = onReconnect(() => void sync.resync());
    return () => {
      unsubscribe();
      unsubscribeReconnect();
    };
  }, [api, accountId, user.id, subscribe, onReconnect, queryClient, notifier]);
}

/**
 * "Discutir internamente": where Chatwoot shows a conversation, opens its internal discussion room, made on
 * first use with the conversation's card pinned.
 */
function DiscussConversation({
  conversationId,
  onOpened,
}: {
  conversationId: number;
  onOpened: (roomId: string) => void;
}) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: () => api.openDiscussion(conversationId),
    onSuccess: async (room) => {
      // The room must be in my list before the pane can show it.
      await queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
      onOpened(room.id);
    },
  });
  return (
    <div
      className="flex flex-wrap items-center gap-2 border-n-strong border-b px-3 py-2 text-sm"
      data-testid="chat-discuss"
    >
      <span className="text-n-slate-11">{t('embed.context.conversation', { id: conversationId })}</span>
      <button
        type="button"
        onClick={() => open.mutate()}
        disabled={open.isPending}
        data-testid="chat-discuss-button"
        className="ml-auto inline-flex h-8 items-center rounded-lg bg-n-brand-strong px-3 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
      >
        {open.isPending ? t('chat.discuss.opening') : t('chat.discuss.button')}
      </button>
      {open.isError ? (
        <p role="alert" className="w-full text-n-ruby-11 text-xs">
          {t('chat.discuss.failed')} {describeError(t, open.error)}
        </p>
      ) : null}
    </div>
  );
}

function NotificationPrompt({ notifier }: { notifier: DesktopNotifier }) {
  const t = useT();
  const [permission, setPermission] = useState(() => notifier.permission());
  if (permission !== 'default') return null;
  return (
    <div
      className="flex items-center gap-2 border-n-strong border-b bg-n-brand/10 px-3 py-2 text-xs"
      data-testid="chat-notify-prompt"
    >
      <span className="flex-1 text-n-slate-12">{t('chat.notifications.ask')}</span>
      <button
        type="button"
        onClick={() => void notifier.requestPermission().then(setPermission)}
        className="font-medium text-n-blue-12 underline"
      >
        {t('chat.notifications.enable')}
      </button>
    </div>
  );
}

/**
 * The chat: room list and the open room side by side when there is room for both, one at a time in the
 * narrow panel (down to 360 px), with the room's details beside or over the conversation.
 */
export function ChatApp({
  initialRoomId = null,
  conversationId = null,
  onUnreadTotal,
  notifier: notifierOverride,
}: {
  initialRoomId?: string | null;
  /** The Chatwoot conversation open beside the Hub, offered as a reference in the composer. */
  conversationId?: number | null;
  onUnreadTotal?: (count: number) => void;
  notifier?: DesktopNotifier;
}) {
  const t = useT();
  const rooms = useRooms();
  const canWrite = useCan('chat:write:account');
  const [selectedId, setSelectedId] = useState<string | null>(initialRoomId);
  const [details, setDetails] = useState(false);
  // A message search hit opens its room at that message.
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const notifier = useMemo(() => notifierOverride ?? browserNotifier(), [notifierOverride]);
  // Opening a room any other way than from a search hit opens it at its latest messages.
  const openRoom = useCallback((roomId: string) => {
    setSelectedId(roomId);
    setFocusSeq(null);
  }, []);
  useChatSync(openRoom, notifier);

  useEffect(() => {
    if (initialRoomId) openRoom(initialRoomId);
  }, [initialRoomId, openRoom]);

  const total = rooms.data?.total.unread_count;
  useEffect(() => {
    if (total !== undefined) onUnreadTotal?.(total);
  }, [total, onUnreadTotal]);

  const room = rooms.data?.rooms.find((entry) => entry.id === selectedId) ?? null;
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const looking = useRef<string | null>(null);
  // The list holds the rooms loaded so far: a room opened by link or search may be further down, so it is
  // fetched into the list. A room I left or was removed from is not found; its pane closes.
  useEffect(() => {
    if (!rooms.data || !selectedId || room || looking.current === selectedId) return;
    const roomId = selectedId;
    looking.current = roomId;
    queryClient.fetchQuery(roomQuery(api, roomId)).then(
      (found) => {
        looking.current = null;
        queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (list) =>
          list ? putRoom(list, found) : list,
        );
      },
      () => {
        looking.current = null;
        setSelectedId((current) => (current === roomId ? null : current));
        setDetails(false);
      },
    );
  }, [rooms.data, selectedId, room, api, accountId, queryClient]);

  return (
    <div
      className="@container flex h-full min-h-0 flex-col bg-n-solid-2 text-n-slate-12"
      data-testid="chat-app"
    >
      <NotificationPrompt notifier={notifier} />
      <Announcements />
      {conversationId !== null && canWrite ? (
        <DiscussConversation
          conversationId={conversationId}
          onOpened={(roomId) => {
            openRoom(roomId);
            setDetails(false);
          }}
        />
      ) : null}
      <div className="flex min-h-0 flex-1">
        <div
          className={`min-h-0 w-full flex-col border-n-strong @3xl:flex @3xl:w-80 @3xl:shrink-0 @3xl:border-r ${
            room ? 'hidden' : 'flex'
          }`}
        >
          {room ? null : <OfflineBanner />}
          <RoomList
            selectedId={selectedId}
            onSelect={(roomId, seq) => {
              setSelectedId(roomId);
              setFocusSeq(seq ?? null);
              setDetails(false);
            }}
          />
        </div>
        {room ? (
          <div className="flex min-h-0 min-w-0 flex-1">
            <div className={`min-h-0 min-w-0 flex-1 flex-col ${details ? 'hidden @5xl:flex' : 'flex'}`}>
              <Conversation
                key={room.id}
                room={room}
                onBack={() => setSelectedId(null)}
                onShowDetails={() => setDetails((open) => !open)}
                defaultConversationId={conversationId}
                focusSeq={focusSeq}
                onLeaveFocus={() => setFocusSeq(null)}
              />
            </div>
            {details ? (
              <div className="flex min-h-0 w-full flex-col @5xl:w-auto">
                <RoomDetails
                  room={room}
                  onClose={() => setDetails(false)}
                  onLeft={() => {
                    setDetails(false);
                    setSelectedId(null);
                  }}
                />
              </div>
            ) : null}
          </div>
        ) : (
          <div className="hidden flex-1 items-center justify-center p-6 text-center text-n-slate-11 text-sm @3xl:flex">
            {t('chat.pickRoom')}
          </div>
        )}
      </div>
    </div>
  );
}

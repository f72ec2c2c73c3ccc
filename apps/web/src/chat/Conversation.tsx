import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ChatMessage, ChatRoom, ChatRoomList } from '@whatpro/contracts';
import { type DragEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLocale, usePlural, useT } from '../i18n/i18n';
import { Composer } from './Composer';
import { chatKeys, flattenPages, patchRoom } from './cache';
import { dayLabel, roomTitle } from './format';
import { Markdown } from './Markdown';
import { type MessageActions, MessageItem, PendingItem } from './MessageItem';
import { hubHasFocus } from './notifications';
import type { PendingMessage } from './outbox';
import { Avatar } from './RoomList';
import { useCan, useChatSession, usePending, useRoomMessages, useUserName } from './session';
import { buildTimeline, type TimelineMessage } from './timeline';

type Entry =
  | (ChatMessage & { pending?: undefined })
  | (PendingMessage & { id: string; seq: null; kind: 'user'; pending: true });

const NEAR_BOTTOM_PX = 80;
const LOAD_OLDER_PX = 300;
const READ_DELAY_MS = 400;

/** Shown while the realtime connection is down; messages sent meanwhile still go through the API. */
export function OfflineBanner() {
  const t = useT();
  const { realtime } = useChatSession();
  if (realtime.status === 'online' || realtime.status === 'connecting') return null;
  return (
    <p
      role="status"
      data-testid="chat-offline"
      className="bg-n-amber-9/30 px-4 py-1.5 text-center text-n-slate-12 text-xs"
    >
      {t('chat.offline')}
    </p>
  );
}

function TypingIndicator({ userIds }: { userIds: readonly string[] }) {
  const t = useT();
  const nameOf = useUserName();
  const names = userIds.map((id) => nameOf(id));
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? t('chat.typing.single', { name: names[0] ?? '' })
        : names.length === 2
          ? t('chat.typing.pair', { first: names[0] ?? '', second: names[1] ?? '' })
          : t('chat.typing.several');
  return (
    <p aria-live="polite" className="h-5 px-4 text-n-slate-11 text-xs" data-testid="chat-typing">
      {text}
    </p>
  );
}

function PinsPanel({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const t = useT();
  const { api, accountId, user } = useChatSession();
  const nameOf = useUserName();
  const pins = useQuery({
    queryKey: chatKeys.pins(accountId, roomId),
    queryFn: ({ signal }) => api.pins(roomId, signal),
  });
  return (
    <section
      aria-label={t('chat.pins.heading')}
      className="border-n-strong border-b bg-n-background p-3"
      data-testid="chat-pins"
    >
      <div className="mb-2 flex items-center">
        <h3 className="font-medium text-sm">{t('chat.pins.heading')}</h3>
        <button type="button" onClick={onClose} className="ml-auto text-n-blue-11 text-xs">
          {t('chat.close')}
        </button>
      </div>
      {pins.data && pins.data.length === 0 ? (
        <p className="text-n-slate-11 text-xs">{t('chat.pins.empty')}</p>
      ) : null}
      <ul className="flex max-h-48 flex-col gap-2 overflow-y-auto">
        {(pins.data ?? []).map((message) => (
          <li
            key={message.id}
            className="rounded-lg bg-n-solid-2 p-2 text-sm outline outline-1 outline-n-strong"
          >
            <span className="font-medium text-xs">{nameOf(message.author_id)}</span>
            {message.body ? <Markdown text={message.body} readerId={user.id} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who is typing in a room, each for a few seconds after their last signal. */
export function useTypingIn(roomId: string): string[] {
  const { realtime, user } = useChatSession();
  const { subscribe } = realtime;
  const [typing, setTyping] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    setTyping(new Map());
    const unsubscribe = subscribe((event) => {
      const frame = event as {
        type?: string;
        room_id?: string;
        user_id?: string;
        message?: { author_id?: string };
      };
      if (frame.room_id !== roomId) return;
      if (frame.type === 'typing' && frame.user_id && frame.user_id !== user.id) {
        const userId = frame.user_id;
        setTyping((current) => new Map(current).set(userId, Date.now() + 6_000));
      } else if (frame.type === 'message.created' && frame.message?.author_id) {
        const authorId = frame.message.author_id;
        // Their message arrived: they are done typing it.
        setTyping((current) => {
          const next = new Map(current);
          next.delete(authorId);
          return next;
        });
      }
    });
    const timer = window.setInterval(() => {
      setTyping((current) => {
        const now = Date.now();
        const alive = [...current].filter(([, until]) => until > now);
        return alive.length === current.size ? current : new Map(alive);
      });
    }, 1_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [subscribe, roomId, user.id]);
  return [...typing.keys()];
}

/** Marks the room read up to the newest message while the reader is at the bottom and the Hub has focus. */
function useReadAsYouRead(room: ChatRoom, newestSeq: number, atBottom: boolean) {
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const sentUpTo = useRef(room.last_read_seq);
  const markRead = useCallback(() => {
    if (!atBottom || newestSeq <= Math.max(room.last_read_seq, sentUpTo.current) || !hubHasFocus()) return;
    sentUpTo.current = newestSeq;
    api.markRead(room.id, newestSeq).then(
      (state) =>
        queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (list) =>
          list
            ? patchRoom(list, room.id, {
                last_read_seq: state.last_read_seq,
                unread_count: state.unread_count,
                mention_count: state.mention_count,
              })
            : list,
        ),
      () => {
        sentUpTo.current = room.last_read_seq;
      },
    );
  }, [api, accountId, queryClient, room.id, room.last_read_seq, newestSeq, atBottom]);

  useEffect(() => {
    const timer = window.setTimeout(markRead, READ_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [markRead]);
  useEffect(() => {
    window.addEventListener('focus', markRead);
    document.addEventListener('visibilitychange', markRead);
    return () => {
      window.removeEventListener('focus', markRead);
      document.removeEventListener('visibilitychange', markRead);
    };
  }, [markRead]);
}

function MessageList({
  room,
  actions,
  focusSeq,
  onLeaveFocus,
}: {
  room: ChatRoom;
  actions: MessageActions;
  /** Opened at this message (a search hit): its history around it, scrolled to it and marked. */
  focusSeq: number | null;
  onLeaveFocus: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const plural = usePlural();
  const { user } = useChatSession();
  const history = useRoomMessages(room.id, focusSeq);
  const pending = usePending(room.id);
  const scroller = useRef<HTMLDivElement>(null);
  // The divider stays where the room was read up to when it opened, while new messages arrive below it.
  const [readUpTo] = useState(room.unread_count > 0 ? room.last_read_seq : null);
  const [atBottom, setAtBottom] = useState(true);
  const [newBelow, setNewBelow] = useState(0);

  const confirmed = useMemo(() => flattenPages(history.data), [history.data]);
  const entries = useMemo<Entry[]>(() => {
    const held = new Set(confirmed.flatMap((message) => (message.client_id ? [message.client_id] : [])));
    const waiting = pending
      .filter((message) => !held.has(message.client_id))
      .map((message) => ({
        ...message,
        id: message.client_id,
        seq: null,
        kind: 'user' as const,
        pending: true as const,
      }));
    return [...confirmed, ...waiting];
  }, [confirmed, pending]);
  const rows = useMemo(
    () =>
      buildTimeline<Entry & TimelineMessage>(entries as (Entry & TimelineMessage)[], {
        readUpToSeq: readUpTo,
        selfId: user.id,
      }),
    [entries, readUpTo, user.id],
  );
  const newestSeq = confirmed.at(-1)?.seq ?? 0;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.type === 'message' ? (rows[index].continued ? 28 : 64) : 36),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 10,
  });

  // First paint: at the focused message, else at the new-messages divider if there is one, else at the
  // newest message.
  const positioned = useRef(false);
  useLayoutEffect(() => {
    if (positioned.current || rows.length === 0) return;
    positioned.current = true;
    const focused = rows.findIndex((row) => row.type === 'message' && row.message.seq === focusSeq);
    if (focused >= 0) {
      virtualizer.scrollToIndex(focused, { align: 'center' });
      return;
    }
    const divider = rows.findIndex((row) => row.type === 'unread');
    virtualizer.scrollToIndex(divider >= 0 ? divider : rows.length - 1, {
      align: divider >= 0 ? 'start' : 'end',
    });
  }, [rows, virtualizer, focusSeq]);

  // Older pages are prepended: keep the message that was at the top in place instead of jumping.
  const anchor = useRef<unknown>(null);
  useLayoutEffect(() => {
    const kept = anchor.current;
    if (kept === null) return;
    anchor.current = null;
    const index = rows.findIndex((row) => row.key === kept);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'start' });
  }, [rows, virtualizer]);

  // New messages at the bottom: follow them when the reader was at the bottom, else count them.
  const lastKey = rows.at(-1)?.key;
  const previousLastKey = useRef(lastKey);
  useEffect(() => {
    if (lastKey === previousLastKey.current) return;
    previousLastKey.current = lastKey;
    const last = rows.at(-1);
    const mine = last?.type === 'message' && last.message.author_id === user.id;
    if (atBottom || mine) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    else setNewBelow((count) => count + 1);
  }, [lastKey, rows, atBottom, user.id, virtualizer]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const bottom = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    setAtBottom(bottom);
    if (bottom) setNewBelow(0);
    if (element.scrollTop < LOAD_OLDER_PX && history.hasNextPage && !history.isFetchingNextPage) {
      const first = virtualizer.getVirtualItems()[0];
      if (first) anchor.current = first.key;
      void history.fetchNextPage();
    }
    if (bottom && history.hasPreviousPage && !history.isFetchingPreviousPage)
      void history.fetchPreviousPage();
  };

  useReadAsYouRead(room, newestSeq, atBottom);

  const jumpToLatest = () => {
    // Opened around an older message: the latest is not loaded here but in the room's own history.
    if (history.hasPreviousPage) {
      onLeaveFocus();
      return;
    }
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    setNewBelow(0);
  };

  if (history.isPending) return <p className="flex-1 p-4 text-n-slate-11 text-sm">{t('chat.loading')}</p>;
  if (history.isError) {
    return (
      <div role="alert" className="flex flex-1 flex-col items-start gap-2 p-4 text-sm">
        <p className="text-n-ruby-11">{t('chat.history.failed')}</p>
        <button type="button" onClick={() => void history.refetch()} className="text-n-blue-11 underline">
          {t('embed.retryNow')}
        </button>
      </div>
    );
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto"
        data-testid="chat-history"
        role="log"
        aria-label={t('chat.history.label')}
      >
        {history.isFetchingNextPage ? (
          <p className="p-2 text-center text-n-slate-11 text-xs">{t('chat.loading')}</p>
        ) : null}
        {!history.hasNextPage && rows.length > 0 ? (
          <p className="p-3 text-center text-n-slate-11 text-xs">{t('chat.history.start')}</p>
        ) : null}
        {rows.length === 0 ? <p className="p-4 text-n-slate-11 text-sm">{t('chat.history.empty')}</p> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item, position, items) => {
            const row = rows[item.index];
            // While rows are added the virtualizer can list an index twice for a frame; draw each row once.
            if (!row || items.findIndex((other) => other.index === item.index) !== position) return null;
            const focused = row.type === 'message' && focusSeq !== null && row.message.seq === focusSeq;
            return (
              <div
                key={row.key}
                data-index={item.index}
                data-focused={focused ? 'true' : undefined}
                className={focused ? 'bg-n-amber-9/15' : undefined}
                ref={virtualizer.measureElement}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {row.type === 'day' ? (
                  <div className="flex items-center gap-3 px-4 py-2" data-testid="chat-day">
                    <span className="h-px flex-1 bg-n-strong" />
                    <span className="font-medium text-n-slate-11 text-xs">
                      {dayLabel(row.date, locale, {
                        today: t('chat.day.today'),
                        yesterday: t('chat.day.yesterday'),
                      })}
                    </span>
                    <span className="h-px flex-1 bg-n-strong" />
                  </div>
                ) : row.type === 'unread' ? (
                  <div className="flex items-center gap-3 px-4 py-1" data-testid="chat-unread-divider">
                    <span className="h-px flex-1 bg-n-ruby-11" />
                    <span className="font-medium text-n-ruby-11 text-xs">
                      {t('chat.history.newMessages')}
                    </span>
                    <span className="h-px flex-1 bg-n-ruby-11" />
                  </div>
                ) : row.message.pending ? (
                  <PendingItem message={row.message} continued={row.continued} />
                ) : (
                  <MessageItem
                    message={row.message}
                    continued={row.continued}
                    room={room}
                    actions={actions}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {!atBottom || history.hasPreviousPage ? (
        <button
          type="button"
          onClick={jumpToLatest}
          data-testid="chat-jump-latest"
          className="absolute right-4 bottom-3 rounded-full bg-n-brand-strong px-3 py-1.5 font-medium text-white text-xs shadow-lg"
        >
          {newBelow > 0 ? plural('chat.history.newBelow', newBelow) : t('chat.history.jumpToLatest')}
        </button>
      ) : null}
    </div>
  );
}

/** The open room: header, history, typing, composer; files dropped anywhere on it are attached. */
export function Conversation({
  room,
  onBack,
  onShowDetails,
  defaultConversationId,
  focusSeq = null,
  onLeaveFocus = () => undefined,
}: {
  room: ChatRoom;
  onBack: () => void;
  onShowDetails: () => void;
  defaultConversationId: number | null;
  focusSeq?: number | null;
  onLeaveFocus?: () => void;
}) {
  const t = useT();
  const { realtime } = useChatSession();
  const canWrite = useCan('chat:write:account');
  const typing = useTypingIn(room.id);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const [showPins, setShowPins] = useState(false);
  const [dragging, setDragging] = useState(false);
  const addFiles = useRef<((files: readonly File[]) => void) | null>(null);
  const actions = useMemo<MessageActions>(
    () => ({
      onReply: (message) => {
        setEditing(null);
        setReplyTo(message);
      },
      onEdit: (message) => {
        setReplyTo(null);
        setEditing(message);
      },
    }),
    [],
  );
  const title = roomTitle(room, t('chat.room.untitled'));
  const presence = room.kind === 'dm' && room.dm_user ? realtime.presenceOf(room.dm_user.id) : undefined;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) addFiles.current?.(files);
  };

  return (
    <section
      aria-label={title}
      className="relative flex min-h-0 flex-1 flex-col"
      data-testid="chat-conversation"
      data-room-id={room.id}
      onDragOver={(event) => {
        if (!canWrite || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="flex items-center gap-2 border-n-strong border-b px-3 py-2">
        <button
          type="button"
          onClick={onBack}
          className="inline-flex h-8 items-center rounded-lg px-2 text-n-blue-11 text-sm hover:bg-n-brand/10 @3xl:hidden"
        >
          {t('chat.back')}
        </button>
        <Avatar name={title} presence={presence} />
        <div className="flex min-w-0 flex-1 flex-col">
          <h2 className="truncate font-semibold text-sm" data-testid="chat-room-title">
            {title}
          </h2>
          {room.description ? <p className="truncate text-n-slate-11 text-xs">{room.description}</p> : null}
        </div>
        <button
          type="button"
          aria-pressed={showPins}
          onClick={() => setShowPins((open) => !open)}
          className="inline-flex h-8 items-center rounded-lg px-2 text-n-blue-11 text-sm hover:bg-n-brand/10"
        >
          {t('chat.pins.heading')}
        </button>
        <button
          type="button"
          onClick={onShowDetails}
          data-testid="chat-details-button"
          className="inline-flex h-8 items-center rounded-lg px-2 text-n-blue-11 text-sm hover:bg-n-brand/10"
        >
          {t('chat.details.open')}
        </button>
      </header>
      <OfflineBanner />
      {showPins ? <PinsPanel roomId={room.id} onClose={() => setShowPins(false)} /> : null}
      <MessageList
        key={focusSeq ?? 'latest'}
        room={room}
        actions={actions}
        focusSeq={focusSeq}
        onLeaveFocus={onLeaveFocus}
      />
      <TypingIndicator userIds={typing} />
      {canWrite && !room.archived_at ? (
        <Composer
          key={room.id}
          roomId={room.id}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          editing={editing}
          onDoneEditing={() => setEditing(null)}
          defaultConversationId={defaultConversationId}
          registerFiles={(add) => {
            addFiles.current = add;
          }}
        />
      ) : (
        <p className="border-n-strong border-t p-3 text-n-slate-11 text-sm">
          {room.archived_at ? t('chat.room.archivedNote') : t('chat.readOnly')}
        </p>
      )}
      {dragging ? (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center bg-n-brand/10 font-medium text-n-blue-12 text-sm outline-2 outline-n-brand outline-dashed">
          {t('chat.composer.dropHere')}
        </div>
      ) : null}
    </section>
  );
}

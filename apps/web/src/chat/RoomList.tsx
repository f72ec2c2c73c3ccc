import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ChatMessage, ChatRoom, PresenceStatus } from '@whatpro/contracts';
import { type RefObject, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, usePlural, useT } from '../i18n/i18n';
import { byActivity, chatKeys, ROOM_PAGE_SIZE } from './cache';
import { NewDmDialog, NewRoomDialog } from './dialogs';
import { initials, roomTitle, shortTime } from './format';
import { foldForSearch } from './mentions';
import { notificationBody } from './notifications';
import { useCan, useChatSession, useMoreRooms, useRooms } from './session';

const presenceColour: Record<PresenceStatus, string> = {
  online: 'bg-n-teal-9',
  away: 'bg-n-amber-9',
  offline: 'bg-n-slate-11/40',
};

export function PresenceDot({ status }: { status: PresenceStatus }) {
  const t = useT();
  return (
    <span
      role="img"
      aria-label={t(`chat.presence.${status}`)}
      data-testid="chat-presence"
      data-status={status}
      className={`absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-n-solid-2 ${presenceColour[status]}`}
    />
  );
}

export function Avatar({ name, presence }: { name: string; presence?: PresenceStatus | undefined }) {
  return (
    <span className="relative flex size-9 shrink-0 items-center justify-center rounded-full bg-n-brand/10 font-semibold text-n-blue-12 text-xs">
      <span aria-hidden="true">{initials(name)}</span>
      {presence ? <PresenceDot status={presence} /> : null}
    </span>
  );
}

function RoomItem({ room, selected, onSelect }: { room: ChatRoom; selected: boolean; onSelect: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { realtime } = useChatSession();
  const title = roomTitle(room, t('chat.room.untitled'));
  const presence = room.kind === 'dm' && room.dm_user ? realtime.presenceOf(room.dm_user.id) : undefined;
  const unread = room.unread_count > 0;
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected ? 'true' : undefined}
      data-testid="chat-room-item"
      data-room-id={room.id}
      className={`flex w-full items-center gap-3 rounded-lg px-2 py-2 text-left ${
        selected ? 'bg-n-brand/10' : 'hover:bg-n-slate-12/5'
      }`}
    >
      <Avatar name={title} presence={presence} />
      <span className="flex min-w-0 flex-1 flex-col">
        <span className="flex items-center gap-2">
          <span
            className={`truncate text-sm ${unread ? 'font-semibold text-n-slate-12' : 'text-n-slate-12'}`}
          >
            {title}
          </span>
          {room.muted ? (
            <span className="text-n-slate-11 text-xs" title={t('chat.room.muted')}>
              {t('chat.room.mutedShort')}
            </span>
          ) : null}
          {room.last_message_at ? (
            <span className="ml-auto shrink-0 text-n-slate-11 text-xs">
              {shortTime(room.last_message_at, locale)}
            </span>
          ) : null}
        </span>
        <span className="flex items-center gap-2">
          <span className="truncate text-n-slate-11 text-xs" data-testid="chat-room-preview">
            {room.last_message_preview === null
              ? t('chat.room.noMessages')
              : room.last_message_preview
                ? notificationBody(room.last_message_preview)
                : t('chat.room.filesOnly')}
          </span>
          <span className="ml-auto flex shrink-0 gap-1">
            {room.mention_count > 0 ? (
              <span
                data-testid="chat-room-mentions"
                data-count={room.mention_count}
                className="flex h-5 min-w-5 items-center justify-center rounded-full bg-n-amber-9 px-1 font-semibold text-[11px] text-black"
              >
                <span aria-hidden="true">@</span>
                <span className="sr-only">{t('chat.room.mentionCount', { count: room.mention_count })}</span>
              </span>
            ) : null}
            {unread ? (
              <span
                data-testid="chat-room-unread"
                data-count={room.unread_count}
                className={`flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 font-semibold text-[11px] text-white ${
                  room.muted ? 'bg-n-slate-11' : 'bg-n-brand-strong'
                }`}
              >
                <span aria-hidden="true">{room.unread_count > 99 ? '99+' : room.unread_count}</span>
                <span className="sr-only">{t('chat.room.unreadCount', { count: room.unread_count })}</span>
              </span>
            ) : null}
          </span>
        </span>
      </span>
    </button>
  );
}

/** A message found in a room (a mention, a search hit): the room, when, and the text. */
function MessageHit({
  roomName,
  message,
  onClick,
  testId,
}: {
  roomName: string | null;
  message: ChatMessage;
  onClick: () => void;
  testId?: string;
}) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      className="flex w-full flex-col gap-0.5 rounded-lg px-2 py-2 text-left hover:bg-n-slate-12/5"
    >
      <span className="flex items-center gap-2 text-xs">
        <span className="truncate font-medium text-n-slate-12">{roomName ?? t('chat.room.direct')}</span>
        <span className="ml-auto shrink-0 text-n-slate-11">{shortTime(message.created_at, locale)}</span>
      </span>
      <span className="line-clamp-2 text-n-slate-11 text-sm">
        {message.body ? notificationBody(message.body) : t('chat.message.deleted')}
      </span>
    </button>
  );
}

function MentionsInbox({ onOpen }: { onOpen: (roomId: string) => void }) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const mentions = useQuery({
    queryKey: chatKeys.mentions(accountId),
    queryFn: ({ signal }) => api.mentions(signal),
  });
  if (mentions.isPending) return <p className="p-3 text-n-slate-11 text-sm">{t('chat.loading')}</p>;
  if (mentions.isError) return <p className="p-3 text-n-ruby-11 text-sm">{t('chat.mentions.failed')}</p>;
  if (mentions.data.mentions.length === 0) {
    return (
      <p className="p-3 text-n-slate-11 text-sm" data-testid="chat-mentions-empty">
        {t('chat.mentions.empty')}
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-1 p-2" data-testid="chat-mentions">
      {mentions.data.mentions.map(({ room, message }) => (
        <li key={message.id}>
          <MessageHit roomName={room.name} message={message} onClick={() => onOpen(room.id)} />
        </li>
      ))}
    </ul>
  );
}

/** Rows from the end of the loaded rooms at which the next page is asked for. */
const LOAD_MORE_AHEAD = 10;
const ROOM_ROW_PX = 56;

/**
 * The rooms, drawn as far as they are in view (a user can be in a thousand), asking for the next page as
 * the end comes near. A name search does not load pages: the server finds what is not loaded.
 */
function RoomRows({
  rooms,
  more,
  scroller,
  searching,
  selectedId,
  onSelect,
}: {
  rooms: ChatRoom[];
  more: ReturnType<typeof useMoreRooms>;
  scroller: RefObject<HTMLDivElement | null>;
  searching: boolean;
  selectedId: string | null;
  onSelect: (roomId: string) => void;
}) {
  const t = useT();
  const virtualizer = useVirtualizer({
    count: rooms.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROOM_ROW_PX,
    getItemKey: (index) => rooms[index]?.id ?? index,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const nearEnd = lastShown >= rooms.length - LOAD_MORE_AHEAD;
  const { hasMore, loading, failed, load } = more;
  useEffect(() => {
    if (nearEnd && hasMore && !loading && !failed && !searching) load();
  }, [nearEnd, hasMore, loading, failed, searching, load]);

  return (
    <>
      <ul className="relative m-2" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const room = rooms[item.index];
          if (!room) return null;
          return (
            <li
              key={room.id}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="absolute top-0 left-0 w-full pb-0.5"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <RoomItem room={room} selected={room.id === selectedId} onSelect={() => onSelect(room.id)} />
            </li>
          );
        })}
      </ul>
      {failed ? (
        <button
          type="button"
          onClick={load}
          data-testid="chat-rooms-more"
          className="mx-3 mb-2 text-n-blue-11 text-xs underline"
        >
          {t('chat.rooms.moreFailed')}
        </button>
      ) : null}
      {loading ? <p className="px-3 pb-2 text-n-slate-11 text-xs">{t('chat.loading')}</p> : null}
    </>
  );
}

const SEARCH_DELAY_MS = 300;
const SEARCH_MIN_LENGTH = 2;

/** `value` once it has stopped changing for `delay` ms, so typing does not ask the server per key. */
function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** Messages of my rooms matching the search (the server's full-text search); each opens its room there. */
function MessageHits({ query, onOpen }: { query: string; onOpen: (roomId: string, seq: number) => void }) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const hits = useQuery({
    queryKey: chatKeys.search(accountId, query),
    queryFn: ({ signal }) => api.search(query, signal),
  });
  if (hits.isPending) return <p className="px-3 py-2 text-n-slate-11 text-xs">{t('chat.loading')}</p>;
  if (hits.isError) return <p className="px-3 py-2 text-n-ruby-11 text-xs">{t('chat.search.failed')}</p>;
  if (hits.data.results.length === 0) {
    return (
      <p className="px-3 py-2 text-n-slate-11 text-xs" data-testid="chat-search-empty">
        {t('chat.search.none')}
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-0.5 px-2 pb-2" data-testid="chat-search-results">
      {hits.data.results.map(({ room, message }) => (
        <li key={message.id}>
          <MessageHit
            roomName={room.name}
            message={message}
            onClick={() => onOpen(room.id, message.seq)}
            testId="chat-search-hit"
          />
        </li>
      ))}
    </ul>
  );
}

/**
 * My rooms: search (room names here, message text on the server), badges, presence, "Nova conversa",
 * "Nova sala" (managers) and the mentions inbox.
 */
export function RoomList({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  /** With `seq`, open the room at that message. */
  onSelect: (roomId: string, seq?: number) => void;
}) {
  const t = useT();
  const plural = usePlural();
  const { api, accountId } = useChatSession();
  const rooms = useRooms();
  const more = useMoreRooms(rooms.data);
  const canManage = useCan('chat:manage:account');
  const canWrite = useCan('chat:write:account');
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState<'rooms' | 'mentions'>('rooms');
  const [dialog, setDialog] = useState<'dm' | 'room' | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const deferredQuery = useDeferredValue(query);
  const messageQuery = useDebounced(query.trim(), SEARCH_DELAY_MS);
  const searchMessages = messageQuery.length >= SEARCH_MIN_LENGTH;

  // While some rooms are not loaded, the server looks for the name among all of them.
  const found = useQuery({
    queryKey: chatKeys.roomSearch(accountId, messageQuery),
    queryFn: ({ signal }) => api.listRooms({ limit: ROOM_PAGE_SIZE, q: messageQuery }, signal),
    enabled: messageQuery !== '' && more.hasMore,
  });

  const visible = useMemo(() => {
    const list = rooms.data?.rooms ?? [];
    const folded = foldForSearch(deferredQuery.trim());
    if (!folded) return list;
    const named = (room: ChatRoom) => foldForSearch(roomTitle(room, '')).includes(folded);
    const matching = list.filter(named);
    const held = new Set(list.map((room) => room.id));
    const elsewhere = (found.data?.rooms ?? []).filter((room) => !held.has(room.id) && named(room));
    return elsewhere.length === 0 ? matching : [...matching, ...elsewhere].toSorted(byActivity);
  }, [rooms.data, deferredQuery, found.data]);
  const mentionTotal = rooms.data?.total.mention_count ?? 0;

  return (
    <section
      aria-label={t('chat.rooms.heading')}
      className="flex min-h-0 flex-1 flex-col"
      data-testid="chat-room-list"
    >
      <div className="flex flex-col gap-2 border-n-strong border-b p-3">
        <div className="flex items-center gap-2">
          <h2 className="font-semibold text-n-slate-12 text-sm">{t('chat.rooms.heading')}</h2>
          {rooms.data && rooms.data.total.unread_count > 0 ? (
            <span className="text-n-slate-11 text-xs" data-testid="chat-unread-total">
              {plural('chat.rooms.unreadTotal', rooms.data.total.unread_count)}
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {canWrite ? (
            <button
              type="button"
              onClick={() => setDialog('dm')}
              className="inline-flex h-8 items-center rounded-lg bg-n-brand-strong px-3 font-medium text-sm text-white hover:brightness-110"
            >
              {t('chat.rooms.newDm')}
            </button>
          ) : null}
          {canManage ? (
            <button
              type="button"
              onClick={() => setDialog('room')}
              className="inline-flex h-8 items-center rounded-lg px-3 text-n-blue-11 text-sm outline outline-1 outline-n-strong hover:bg-n-brand/10"
            >
              {t('chat.rooms.newRoom')}
            </button>
          ) : null}
        </div>
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder={t('chat.rooms.search')}
          aria-label={t('chat.rooms.search')}
          className="h-8 rounded-lg bg-n-background px-3 text-n-slate-12 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand"
        />
        <div role="tablist" aria-label={t('chat.rooms.heading')} className="flex gap-1 text-sm">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'rooms'}
            onClick={() => setTab('rooms')}
            className={`h-7 rounded-md px-2 ${tab === 'rooms' ? 'bg-n-brand/10 font-medium text-n-blue-12' : 'text-n-slate-11'}`}
          >
            {t('chat.rooms.tab')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'mentions'}
            onClick={() => setTab('mentions')}
            data-testid="chat-mentions-tab"
            className={`h-7 rounded-md px-2 ${tab === 'mentions' ? 'bg-n-brand/10 font-medium text-n-blue-12' : 'text-n-slate-11'}`}
          >
            {t('chat.mentions.tab')}
            {mentionTotal > 0 ? ` (${mentionTotal})` : ''}
          </button>
        </div>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto">
        {tab === 'mentions' ? (
          <MentionsInbox
            onOpen={(roomId) => {
              setTab('rooms');
              onSelect(roomId);
            }}
          />
        ) : rooms.isPending ? (
          <p className="p-3 text-n-slate-11 text-sm">{t('chat.loading')}</p>
        ) : rooms.isError ? (
          <div role="alert" className="flex flex-col items-start gap-2 p-3 text-sm">
            <p className="text-n-ruby-11">{t('chat.rooms.failed')}</p>
            <button type="button" onClick={() => void rooms.refetch()} className="text-n-blue-11 underline">
              {t('embed.retryNow')}
            </button>
          </div>
        ) : (
          <>
            {visible.length === 0 ? (
              <p className="p-3 text-n-slate-11 text-sm" data-testid="chat-rooms-empty">
                {query ? t('chat.rooms.noMatch') : t('chat.rooms.empty')}
              </p>
            ) : (
              <RoomRows
                rooms={visible}
                more={more}
                scroller={scroller}
                searching={deferredQuery.trim() !== ''}
                selectedId={selectedId}
                onSelect={onSelect}
              />
            )}
            {searchMessages ? (
              <section aria-label={t('chat.search.heading')}>
                <h3 className="px-3 pt-2 pb-1 font-medium text-n-slate-11 text-xs">
                  {t('chat.search.heading')}
                </h3>
                <MessageHits query={messageQuery} onOpen={onSelect} />
              </section>
            ) : null}
          </>
        )}
      </div>
      {dialog === 'dm' ? (
        <NewDmDialog
          onClose={() => setDialog(null)}
          onOpened={(roomId) => {
            setDialog(null);
            onSelect(roomId);
          }}
        />
      ) : null}
      {dialog === 'room' ? (
        <NewRoomDialog
          onClose={() => setDialog(null)}
          onCreated={(roomId) => {
            setDialog(null);
            onSelect(roomId);
          }}
        />
      ) : null}
    </section>
  );
}

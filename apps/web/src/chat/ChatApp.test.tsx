import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ChatEvent, ChatMessage, CurrentUser } from '@whatpro/contracts';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { jsonResponse, stubFetch } from '../test/helpers';
import { chatApi } from './api';
import { ChatApp } from './ChatApp';
import { ANA, BRUNO, ROOM_1, ROOM_2, ROOM_3, roomList, sampleMessage, sampleRoom } from './fixtures';
import type { DesktopNotifier } from './notifications';
import { type ChatRealtime, ChatSessionProvider } from './session';

const ana: CurrentUser = {
  id: ANA,
  chatwoot_user_id: 2,
  name: 'Ana Admin',
  email: 'ana@acme.test',
  avatar_url: null,
  is_super_admin: false,
  accounts: [{ account_id: 1, account_name: 'Acme', role: 'agent' }],
};

const colleagues = {
  members: [
    {
      user_id: ANA,
      chatwoot_user_id: 2,
      name: 'Ana Admin',
      email: 'ana@acme.test',
      role: 'agent',
      chatwoot_role: 'agent',
      role_source: 'chatwoot',
      status: 'active',
    },
    {
      user_id: BRUNO,
      chatwoot_user_id: 3,
      name: 'Bruno Lima',
      email: 'bruno@acme.test',
      role: 'agent',
      chatwoot_role: 'agent',
      role_source: 'chatwoot',
      status: 'active',
    },
  ],
};

/** The realtime port the chat consumes, driven by the test as the server would. */
function fakeRealtime() {
  const listeners = new Set<(event: unknown) => void>();
  const typing: string[] = [];
  const realtime: ChatRealtime = {
    status: 'online',
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect: () => () => undefined,
    sendTyping: (roomId) => typing.push(roomId),
    presenceOf: (userId) => (userId === BRUNO ? 'online' : 'offline'),
  };
  const emit = (event: ChatEvent | { type: 'typing'; room_id: string; user_id: string }) =>
    act(() => {
      for (const listener of listeners) listener(event);
    });
  return { realtime, emit, typing };
}

function fakeNotifier() {
  const shown: { title: string; body: string; tag: string }[] = [];
  const notifier: DesktopNotifier = {
    permission: () => 'granted',
    requestPermission: async () => 'granted',
    show: ({ title, body, tag }) => shown.push({ title, body, tag }),
  };
  return { notifier, shown };
}

const dm = sampleRoom({
  id: ROOM_1,
  kind: 'dm',
  name: null,
  dm_user: { id: BRUNO, name: 'Bruno Lima', avatar_url: null },
  last_message_seq: 2,
  last_event_seq: 2,
  last_read_seq: 1,
  unread_count: 1,
  last_message_at: '2026-11-30T10:02:00.000Z',
  last_message_preview: 'mensagem 2',
});
const team = sampleRoom({ id: ROOM_2, name: 'Suporte', last_message_at: '2026-11-30T09:00:00.000Z' });

let sent: { body: unknown }[] = [];
let sendFails = false;
let listRooms: (url: URL) => Response;

const far = sampleRoom({
  id: ROOM_3,
  name: 'Financeiro',
  last_message_seq: 4,
  last_event_seq: 4,
  last_message_at: '2026-11-30T12:00:00.000Z',
  last_message_preview: 'fechamento',
  unread_count: 1,
});

beforeEach(() => {
  sent = [];
  sendFails = false;
  listRooms = () => jsonResponse(roomList([dm, team]));
  // The virtual list measures its viewport; the test page has no layout, so give every element a size.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(40);
  vi.spyOn(document, 'hasFocus').mockReturnValue(false);
  stubFetch({
    '/api/v1/accounts/1/chat/rooms': (request) => listRooms(new URL(request.url)),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_3}`]: () => jsonResponse(far),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_3}/messages`]: () =>
      jsonResponse({ messages: [], has_more_before: false, has_more_after: false }),
    '/api/v1/accounts/1/members': () => jsonResponse(colleagues),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_1}/messages`]: async (request) => {
      if (request.method === 'GET') {
        return jsonResponse({
          messages: [sampleMessage(1), sampleMessage(2)],
          has_more_before: false,
          has_more_after: false,
        });
      }
      const body = (await request.json()) as { client_id: string; body: string };
      sent.push({ body });
      if (sendFails)
        return jsonResponse({ error: { code: 'rate_limited', message: 'slow down', request_id: 'r' } }, 429);
      return jsonResponse(
        sampleMessage(3, {
          author_id: ANA,
          body: body.body,
          client_id: body.client_id,
          created_at: new Date().toISOString(),
        }),
        201,
      );
    },
    '/api/v1/accounts/1/chat/announcements': () => jsonResponse({ announcements: [] }),
    '/api/v1/accounts/1/chat/search': () =>
      jsonResponse({
        results: [{ room: { id: ROOM_1, kind: 'dm', name: null }, message: sampleMessage(1) }],
      }),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_1}/read`]: () =>
      jsonResponse({ room_id: ROOM_1, last_read_seq: 2, unread_count: 0, mention_count: 0 }),
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function renderChat(onUnreadTotal = vi.fn()) {
  const { realtime, emit, typing } = fakeRealtime();
  const { notifier, shown } = fakeNotifier();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = chatApi(createApiClient({ baseUrl: 'http://localhost' }), 1);
  const wrap = (children: ReactNode) => (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ChatSessionProvider api={api} user={ana} accountRole="agent" realtime={realtime}>
          {children}
        </ChatSessionProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
  render(wrap(<ChatApp onUnreadTotal={onUnreadTotal} notifier={notifier} />));
  return { emit, typing, shown, onUnreadTotal, queryClient };
}

const item = (name: string) =>
  screen
    .getAllByTestId('chat-room-item')
    .find((element) => element.textContent?.includes(name)) as HTMLElement;

describe('ChatApp', () => {
  it('lists my rooms with badges and presence, reports the unread total, and follows live messages with a notification', async () => {
    const { emit, shown, onUnreadTotal } = renderChat();

    await screen.findByText('Bruno Lima');
    expect(within(item('Bruno Lima')).getByTestId('chat-room-unread').getAttribute('data-count')).toBe('1');
    expect(within(item('Bruno Lima')).getByTestId('chat-presence').getAttribute('data-status')).toBe(
      'online',
    );
    await waitFor(() => expect(onUnreadTotal).toHaveBeenLastCalledWith(1));

    const mention: ChatMessage = sampleMessage(1, {
      room_id: ROOM_2,
      author_id: BRUNO,
      body: `@[Ana Admin](${ANA}) pode ver?`,
      mentions: [ANA],
      created_at: '2026-11-30T11:00:00.000Z',
    });
    await emit({ type: 'message.created', room_id: ROOM_2, seq: 1, message: mention });

    // Moved to the top by its new activity.
    await waitFor(() => expect(screen.getAllByTestId('chat-room-item')[0]?.textContent).toContain('Suporte'));
    expect(within(item('Suporte')).getByTestId('chat-room-mentions').getAttribute('data-count')).toBe('1');
    expect(within(item('Suporte')).getByTestId('chat-room-preview').textContent).toBe('@Ana Admin pode ver?');
    await waitFor(() => expect(onUnreadTotal).toHaveBeenLastCalledWith(2));
    expect(shown).toEqual([
      { title: 'Bruno Lima · Suporte', body: '@Ana Admin pode ver?', tag: `whatpro-chat-${ROOM_2}` },
    ]);
  });

  it('asks for my rooms in pages, loads the next as the end of the list comes into view, and shows the server totals', async () => {
    const asked: string[] = [];
    listRooms = (url) => {
      asked.push(url.search);
      // The totals cover every room, also those on pages not loaded.
      const total = { unread_count: 42, mention_count: 3 };
      return url.searchParams.get('before') === null
        ? jsonResponse({ rooms: [dm], total, next_cursor: '1764496920000000_cursor' })
        : jsonResponse({ rooms: [team], total, next_cursor: null });
    };
    const { onUnreadTotal } = renderChat();
    await screen.findByText('Bruno Lima');
    await screen.findByText('Suporte');
    expect(asked).toEqual(['?limit=50', '?limit=50&before=1764496920000000_cursor']);
    expect(screen.getByTestId('chat-unread-total').textContent).toBe('42 não lidas');
    expect(screen.getByTestId('chat-mentions-tab').textContent).toContain('(3)');
    await waitFor(() => expect(onUnreadTotal).toHaveBeenLastCalledWith(42));
  });

  it('fetches a room not loaded yet when a message arrives for it, puts it on top and notifies', async () => {
    const asked: string[] = [];
    listRooms = (url) => {
      asked.push(url.search);
      const unread = url.searchParams.get('limit') === '1' ? 2 : 1;
      return jsonResponse({ ...roomList([dm, team]), total: { unread_count: unread, mention_count: 0 } });
    };
    const { emit, onUnreadTotal, shown } = renderChat();
    await screen.findByText('Bruno Lima');
    const message = sampleMessage(4, { room_id: ROOM_3, created_at: '2026-11-30T12:00:00.000Z' });
    await emit({ type: 'message.created', room_id: ROOM_3, seq: 4, message });
    await waitFor(() =>
      expect(screen.getAllByTestId('chat-room-item')[0]?.textContent).toContain('Financeiro'),
    );
    await waitFor(() => expect(onUnreadTotal).toHaveBeenLastCalledWith(2));
    expect(asked).toEqual(['?limit=50', '?limit=1']);
    // The list and the notification share one request for the room.
    const roomCalls = vi
      .mocked(fetch)
      .mock.calls.filter(([input]) =>
        String(input instanceof Request ? input.url : input).endsWith(`/chat/rooms/${ROOM_3}`),
      );
    expect(roomCalls).toHaveLength(1);
    expect(shown).toEqual([
      { title: 'Bruno Lima · Financeiro', body: 'mensagem 4', tag: `whatpro-chat-${ROOM_3}` },
    ]);
  });

  it('finds a room by name on the server while not every room is loaded, and opens it', async () => {
    const asked: string[] = [];
    listRooms = (url) => {
      asked.push(url.search);
      if (url.searchParams.get('q')) return jsonResponse({ ...roomList([far]), next_cursor: null });
      // The next page fails: the list offers to try again and the search still reaches every room.
      if (url.searchParams.get('before'))
        return jsonResponse({ error: { code: 'internal', message: 'boom', request_id: 'r' } }, 500);
      return jsonResponse({ ...roomList([dm, team]), next_cursor: '1764496920000000_cursor' });
    };
    renderChat();
    await screen.findByText('Bruno Lima');
    await screen.findByTestId('chat-rooms-more');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Buscar conversas' }), {
      target: { value: 'financ' },
    });
    fireEvent.click(await screen.findByText('Financeiro'));
    expect(asked).toContain('?limit=50&q=financ');
    await screen.findByTestId('chat-composer-input');
  });

  it('opens a room at its history, sends optimistically with mention markup and a client id, and shows typing', async () => {
    const { emit, typing } = renderChat();
    fireEvent.click(await screen.findByText('Bruno Lima'));
    expect(await screen.findByText('mensagem 2')).toBeTruthy();
    expect(await screen.findByTestId('chat-unread-divider')).toBeTruthy();
    expect(screen.getAllByTestId('chat-day')).toHaveLength(1);

    await emit({ type: 'typing', room_id: ROOM_1, user_id: BRUNO });
    await waitFor(() =>
      expect(screen.getByTestId('chat-typing').textContent).toBe('Bruno Lima está digitando…'),
    );

    const input = screen.getByTestId('chat-composer-input') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'oi @Bru', selectionStart: 7 } });
    expect(typing).toEqual([ROOM_1]);
    fireEvent.mouseDown(await screen.findByRole('option', { name: 'Bruno Lima' }));
    expect(input.value).toBe('oi @Bruno Lima ');
    fireEvent.change(input, { target: { value: 'oi @Bruno Lima tudo bem?', selectionStart: 24 } });
    fireEvent.keyDown(input, { key: 'Enter' });

    await waitFor(() => expect(sent).toHaveLength(1));
    const body = sent[0]?.body as { client_id: string; body: string };
    expect(body.body).toBe(`oi @[Bruno Lima](${BRUNO}) tudo bem?`);
    expect(body.client_id).toMatch(/^web-/);
    const confirmed = await screen.findAllByTestId('chat-message');
    expect(confirmed.at(-1)?.textContent).toContain('tudo bem?');
    expect(screen.queryByTestId('chat-pending-message')).toBeNull();

    // The same message comes back as a realtime event: still shown once.
    const echoed = sampleMessage(3, { author_id: ANA, body: body.body, client_id: body.client_id });
    await emit({ type: 'message.created', room_id: ROOM_1, seq: 3, message: echoed });
    await emit({ type: 'typing', room_id: ROOM_1, user_id: BRUNO });
    await waitFor(() =>
      expect(
        screen.getAllByTestId('chat-message').filter((el) => el.textContent?.includes('tudo bem?')),
      ).toHaveLength(1),
    );
  });

  it('searches message text on the server as well and opens a hit’s room around that message', async () => {
    renderChat();
    await screen.findByText('Bruno Lima');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Buscar conversas' }), {
      target: { value: 'mensagem' },
    });
    fireEvent.click(await screen.findByTestId('chat-search-hit'));
    const focused = await waitFor(() => {
      const row = document.querySelector('[data-focused="true"]');
      expect(row).not.toBeNull();
      return row as HTMLElement;
    });
    expect(focused.textContent).toContain('mensagem 1');
    const urls = vi
      .mocked(fetch)
      .mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
    expect(urls.some((url) => url.includes('/chat/search?q=mensagem'))).toBe(true);
    expect(
      urls.some((url) => url.includes(`/chat/rooms/${ROOM_1}/messages`) && url.includes('around=1')),
    ).toBe(true);
  });

  it('names the Hub as the author of a message without one (its Kanban notices)', async () => {
    const { emit } = renderChat();
    fireEvent.click(await screen.findByText('Bruno Lima'));
    await screen.findByText('mensagem 2');
    const notice = sampleMessage(3, { author_id: null, body: 'Prazo do cartão vencido' });
    await emit({ type: 'message.created', room_id: ROOM_1, seq: 3, message: notice });
    // The room list previews the same text; the message is the one in the conversation.
    const message = await waitFor(() => {
      const found = screen
        .getAllByText('Prazo do cartão vencido')
        .map((element) => element.closest('[data-testid="chat-message"]'))
        .find((element) => element !== null);
      expect(found).toBeDefined();
      return found as HTMLElement;
    });
    expect(within(message).getByTestId('chat-message-author').textContent).toBe('WhatPro Hub');
  });

  it('keeps a failed message with retry, which sends the same client id again', async () => {
    renderChat();
    fireEvent.click(await screen.findByText('Bruno Lima'));
    await screen.findByText('mensagem 2');
    sendFails = true;
    const input = screen.getByTestId('chat-composer-input');
    fireEvent.change(input, { target: { value: 'vai falhar', selectionStart: 10 } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const failed = await screen.findByTestId('chat-pending-message');
    await waitFor(() => expect(failed.getAttribute('data-status')).toBe('failed'));

    sendFails = false;
    fireEvent.click(within(failed).getByRole('button', { name: 'Tentar de novo' }));
    await waitFor(() => expect(screen.queryByTestId('chat-pending-message')).toBeNull());
    const ids = sent.map((entry) => (entry.body as { client_id: string }).client_id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });
});

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ChatRoom, CurrentUser, Role } from '@whatpro/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { jsonResponse, stubFetch } from '../test/helpers';
import { chatApi } from './api';
import { ANA, BRUNO, ROOM_2, roomList, sampleRoom } from './fixtures';
import { RoomDetails } from './RoomDetails';
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

const realtime: ChatRealtime = {
  status: 'online',
  subscribe: () => () => undefined,
  onReconnect: () => () => undefined,
  sendTyping: () => undefined,
  presenceOf: () => 'offline',
};

const members = {
  members: [
    {
      user: { id: ANA, name: 'Ana Admin', avatar_url: null },
      role: 'owner',
      joined_at: '2026-11-30T09:00:00.000Z',
    },
    {
      user: { id: BRUNO, name: 'Bruno Lima', avatar_url: null },
      role: 'member',
      joined_at: '2026-11-30T09:00:00.000Z',
    },
  ],
};

function setup(room: ChatRoom, accountRole: Role) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const record = async (request: Request) => {
    calls.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: request.method === 'GET' ? null : await request.json(),
    });
  };
  stubFetch({
    '/api/v1/accounts/1/chat/rooms': () => jsonResponse(roomList([room])),
    '/api/v1/accounts/1/members': () => jsonResponse({ members: [] }),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_2}/members`]: () => jsonResponse(members),
    [`/api/v1/accounts/1/chat/rooms/${ROOM_2}/members/${BRUNO}`]: async (request) => {
      await record(request);
      return jsonResponse({ ...members.members[1], role: 'moderator' });
    },
    [`/api/v1/accounts/1/chat/rooms/${ROOM_2}`]: async (request) => {
      await record(request);
      return jsonResponse({ ...room, archived_at: '2026-12-01T00:00:00.000Z' });
    },
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = chatApi(createApiClient({ baseUrl: 'http://localhost' }), 1);
  render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ChatSessionProvider api={api} user={ana} accountRole={accountRole} realtime={realtime}>
          <RoomDetails room={room} onClose={() => undefined} onLeft={() => undefined} />
        </ChatSessionProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return calls;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RoomDetails', () => {
  it('lets the owner change a member’s role and archive the room', async () => {
    const calls = setup(sampleRoom({ id: ROOM_2, my_role: 'owner' }), 'agent');
    const bruno = (await screen.findAllByTestId('chat-member')).find((row) =>
      row.textContent?.includes('Bruno Lima'),
    ) as HTMLElement;
    fireEvent.change(within(bruno).getByRole('combobox', { name: 'Papel de Bruno Lima' }), {
      target: { value: 'moderator' },
    });
    fireEvent.click(screen.getByTestId('chat-archive'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toContainEqual({
      method: 'PATCH',
      path: `/api/v1/accounts/1/chat/rooms/${ROOM_2}/members/${BRUNO}`,
      body: { role: 'moderator' },
    });
    expect(calls).toContainEqual({
      method: 'PATCH',
      path: `/api/v1/accounts/1/chat/rooms/${ROOM_2}`,
      body: { archived: true },
    });
    expect(screen.getByRole('button', { name: 'Remover Bruno Lima da sala' })).toBeTruthy();
  });

  it('offers a plain member (even a supervisor) no management, only leaving and notifications', async () => {
    setup(sampleRoom({ id: ROOM_2, my_role: 'member' }), 'supervisor');
    await screen.findAllByTestId('chat-member');
    expect(screen.queryByTestId('chat-member-role')).toBeNull();
    expect(screen.queryByTestId('chat-archive')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remover Bruno Lima da sala' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Renomear' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sair da sala' })).toBeTruthy();
    expect(screen.getByTestId('chat-mute')).toBeTruthy();
  });
});

import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { jsonResponse, pathOf } from '../test/helpers';
import { useRealtimeConnection } from './RealtimeProvider';

const USER = '22222222-2222-4222-8222-222222222222';

/** The browser's WebSocket as far as the hook uses it; each instance is kept to drive it. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(frame: string) {
    this.sent.push(frame);
  }
  close() {
    this.readyState = 3;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeSocket.instances = [];
});

test('connects through the API client and exposes status and presence to React', async () => {
  vi.stubGlobal('WebSocket', FakeSocket);
  const requests: string[] = [];
  const api = createApiClient({
    baseUrl: 'http://localhost',
    fetch: async (input) => {
      const request = input as Request;
      requests.push(`${request.method} ${pathOf(request)}`);
      if (pathOf(request) === '/api/v1/realtime/tickets') {
        expect(await request.json()).toEqual({ account_id: 3 });
        return jsonResponse({ ticket: 'abc', expires_in: 30 }, 201);
      }
      return jsonResponse({ users: [{ user_id: USER, status: 'online', version: 2 }] });
    },
  });
  const { result, unmount } = renderHook(() => useRealtimeConnection(api, 3));
  expect(result.current.status).toBe('connecting');
  await waitFor(() => expect(FakeSocket.instances).toHaveLength(1));
  const socket = FakeSocket.instances[0]!;
  expect(socket.url).toMatch(/^ws:\/\/[^/]+\/ws\?ticket=abc$/);
  act(() => {
    socket.readyState = FakeSocket.OPEN;
    socket.onopen?.();
    socket.onmessage?.({ data: JSON.stringify({ type: 'hello', account_id: 3, user_id: USER }) });
  });
  await waitFor(() => expect(result.current.status).toBe('online'));
  await waitFor(() => expect(result.current.presenceOf(USER)).toBe('online'));
  expect(requests).toEqual(['POST /api/v1/realtime/tickets', 'GET /api/v1/accounts/3/presence']);
  act(() => {
    socket.onmessage?.({
      data: JSON.stringify({
        type: 'presence.changed',
        users: [{ user_id: USER, status: 'away', version: 3 }],
      }),
    });
  });
  expect(result.current.presenceOf(USER)).toBe('away');
  unmount();
  expect(socket.readyState).toBe(3);
});

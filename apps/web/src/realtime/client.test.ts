// @vitest-environment node
import { describe, expect, test, vi } from 'vitest';
import { backoffDelay, createRealtimeClient, type RealtimeEnvironment } from './client';

/** Stand-ins for the browser's WebSocket and EventSource: they record what the client does with them. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
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
    this.closed = true;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

class FakeSource {
  static instances: FakeSource[] = [];
  closed = false;
  onmessage: ((message: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (message: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeSource.instances.push(this);
  }
  addEventListener(type: string, listener: (message: { data: string }) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
}

/** Timers the test runs by hand: `advance` fires whatever is due, in order. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (id: unknown) => {
      pending.delete(id as number);
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((x, y) => x[1].at - y[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await flush();
      }
      now = until;
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const USER = '11111111-1111-4111-8111-111111111111';

function setup(overrides: Partial<RealtimeEnvironment> = {}) {
  FakeSocket.instances = [];
  FakeSource.instances = [];
  const timers = manualTimers();
  let tickets = 0;
  const requestTicket = vi.fn(async () => ({ ticket: `ticket-${++tickets}`, expires_in: 30 }));
  const loadPresence = vi.fn(async () => ({
    users: [{ user_id: USER, status: 'away' as const, version: 5 }],
  }));
  const onSessionEnded = vi.fn();
  const client = createRealtimeClient({
    accountId: 7,
    baseUrl: 'https://hub.example',
    requestTicket,
    loadPresence,
    onSessionEnded,
    environment: {
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      EventSource: FakeSource as unknown as typeof EventSource,
      random: () => 1,
      window: undefined,
      document: undefined,
      ...timers,
      ...overrides,
    },
  });
  const socket = () => FakeSocket.instances.at(-1)!;
  return { client, timers, requestTicket, loadPresence, onSessionEnded, socket };
}

async function connected(harness: ReturnType<typeof setup>) {
  await flush();
  harness.socket().open();
  harness.socket().receive({ type: 'hello', account_id: 7, user_id: USER, server_time: 'now' });
  await flush();
}

describe('realtime client', () => {
  test('opens /ws with a ticket for its account and is online once the server says hello', async () => {
    const harness = setup();
    harness.client.start();
    expect(harness.client.getStatus()).toBe('connecting');
    await connected(harness);
    expect(harness.requestTicket).toHaveBeenCalledWith(7);
    expect(harness.socket().url).toBe('wss://hub.example/ws?ticket=ticket-1');
    expect(harness.client.getStatus()).toBe('online');
    expect(harness.socket().sent).toContain(JSON.stringify({ type: 'presence', status: 'online' }));
  });

  test('hands events to subscribers and keeps presence by version, ignoring late ones', async () => {
    const harness = setup();
    const events: unknown[] = [];
    harness.client.subscribe((event) => events.push(event));
    harness.client.start();
    await connected(harness);
    expect(harness.client.presenceOf(USER)).toBe('away');
    harness.socket().receive({ type: 'message.created', room_id: 'r', seq: 4 });
    harness.socket().receive({
      type: 'presence.changed',
      users: [{ user_id: USER, status: 'online', version: 7 }],
    });
    harness.socket().receive({
      type: 'presence.changed',
      users: [{ user_id: USER, status: 'offline', version: 6 }],
    });
    expect(events).toContainEqual({ type: 'message.created', room_id: 'r', seq: 4 });
    expect(harness.client.presenceOf(USER)).toBe('online');
    expect(harness.client.getSnapshot().presence.get(USER)).toEqual({ status: 'online', version: 7 });
  });

  test('reconnects with backoff and a new ticket, then tells onReconnect listeners to catch up', async () => {
    const harness = setup();
    const reconnected = vi.fn();
    harness.client.onReconnect(reconnected);
    harness.client.start();
    await connected(harness);
    harness.socket().drop(1006);
    expect(harness.client.getStatus()).toBe('reconnecting');
    await harness.timers.advance(backoffDelay(0, () => 1) - 1);
    expect(FakeSocket.instances).toHaveLength(1);
    await harness.timers.advance(1);
    await connected(harness);
    expect(harness.socket().url).toContain('ticket=ticket-2');
    expect(harness.client.getStatus()).toBe('online');
    expect(reconnected).toHaveBeenCalledTimes(1);
  });

  test('an expired access token reconnects at once; an ended session stops for good', async () => {
    const harness = setup();
    harness.client.start();
    await connected(harness);
    harness.socket().drop(4001);
    await harness.timers.advance(0);
    expect(FakeSocket.instances).toHaveLength(2);
    await connected(harness);
    harness.socket().drop(1008);
    expect(harness.client.getStatus()).toBe('offline');
    expect(harness.onSessionEnded).toHaveBeenCalledTimes(1);
    await harness.timers.advance(60_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  test('a link that stops answering pings is dropped and reopened', async () => {
    const harness = setup();
    harness.client.start();
    await connected(harness);
    await harness.timers.advance(25_000);
    expect(harness.socket().sent).toContain(JSON.stringify({ type: 'ping' }));
    await harness.timers.advance(10_000);
    expect(FakeSocket.instances[0]!.closed).toBe(true);
    expect(harness.client.getStatus()).toBe('reconnecting');
  });

  test('when sockets never open it falls back to the SSE stream, which reconnects with a new ticket', async () => {
    const harness = setup();
    const events: unknown[] = [];
    harness.client.subscribe((event) => events.push(event));
    harness.client.start();
    for (let attempt = 0; attempt < 3; attempt++) {
      await flush();
      harness.socket().drop(1006);
      await harness.timers.advance(BACKOFF_CEILING);
    }
    await flush();
    const source = FakeSource.instances.at(-1)!;
    expect(source.url).toBe('https://hub.example/api/v1/realtime/events?ticket=ticket-4');
    source.onmessage?.({ data: JSON.stringify({ type: 'hello', account_id: 7, user_id: USER }) });
    source.onmessage?.({ data: JSON.stringify({ type: 'typing', room_id: 'r', user_id: USER }) });
    expect(harness.client.getStatus()).toBe('online');
    expect(events).toContainEqual({ type: 'typing', room_id: 'r', user_id: USER });
    source.listeners.get('end')?.({ data: JSON.stringify({ code: 1001, reason: 'server shutting down' }) });
    expect(source.closed).toBe(true);
    expect(harness.client.getStatus()).toBe('reconnecting');
    await harness.timers.advance(BACKOFF_CEILING);
    await flush();
    expect(FakeSource.instances.at(-1)!.url).toContain('ticket=ticket-5');
  });

  test('typing goes out at most once per room every few seconds, and only on a live socket', async () => {
    const harness = setup();
    harness.client.sendTyping('room-1');
    harness.client.start();
    await connected(harness);
    harness.client.sendTyping('room-1');
    harness.client.sendTyping('room-1');
    harness.client.sendTyping('room-2');
    await harness.timers.advance(3_000);
    harness.client.sendTyping('room-1');
    const typing = harness.socket().sent.filter((frame) => frame.includes('typing'));
    expect(typing).toEqual([
      JSON.stringify({ type: 'typing', room_id: 'room-1' }),
      JSON.stringify({ type: 'typing', room_id: 'room-2' }),
      JSON.stringify({ type: 'typing', room_id: 'room-1' }),
    ]);
  });

  test('stop closes the connection and cancels a pending reconnect; start connects again', async () => {
    const harness = setup();
    harness.client.start();
    await connected(harness);
    harness.socket().drop(1006);
    harness.client.stop();
    await harness.timers.advance(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    harness.client.start();
    await connected(harness);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(harness.client.getStatus()).toBe('online');
  });
});

const BACKOFF_CEILING = 30_000;

import {
  type PresenceList,
  type PresenceStatus,
  type RealtimeTicket,
  realtimeCloseCodes,
  TYPING_SEND_INTERVAL_MS,
} from '@whatpro/contracts';

/** `online` once the socket (or stream) said hello; anything else is what the offline banner shows. */
export type RealtimeStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** The browser APIs the client uses, so tests and other hosts can hand in their own. */
export interface RealtimeEnvironment {
  WebSocket: typeof WebSocket;
  EventSource: typeof EventSource | undefined;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random: () => number;
  now: () => number;
  /** Tells when the tab is hidden (away) and when the network comes back; undefined outside a browser. */
  window: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined;
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | undefined;
}

export interface RealtimeClientOptions {
  accountId: number;
  /** Absolute origin of the Hub (`https://hub.example`); the page's own by default. */
  baseUrl: string;
  requestTicket(accountId: number): Promise<RealtimeTicket>;
  loadPresence(accountId: number): Promise<PresenceList>;
  /** The session ended on the server (logout, revocation): the app signs out; the client stops. */
  onSessionEnded?(): void;
  environment?: Partial<RealtimeEnvironment>;
}

/** Reconnect delays: exponential from half a second up to 30 s, with full jitter so tabs do not stampede. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** The client's own heartbeat: browsers cannot see protocol pings, so a dead link shows as a missing pong. */
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
/** Sockets that never open this many times in a row (a proxy that drops upgrades): the SSE stream instead. */
const SOCKET_FAILURES_BEFORE_SSE = 3;

export function backoffDelay(attempt: number, random: () => number): number {
  return Math.round(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

type Listener<T> = (value: T) => void;

export interface RealtimeSnapshot {
  status: RealtimeStatus;
  presence: ReadonlyMap<string, { status: PresenceStatus; version: number }>;
}

/**
 * One realtime connection for one account: asks for a ticket, opens `/ws` (or the SSE stream when
 * WebSockets never get through), says hello, keeps a heartbeat, and reconnects with backoff after any
 * loss. After a reconnect it tells `onReconnect` listeners, who fetch what they missed by room sequence
 * (chat/sync.ts calls each room's catch-up endpoint); presence is reloaded whole and then kept by version.
 */
export function createRealtimeClient(options: RealtimeClientOptions) {
  const env: RealtimeEnvironment = {
    WebSocket: globalThis.WebSocket,
    EventSource: globalThis.EventSource,
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    now: Date.now,
    window: typeof window === 'undefined' ? undefined : window,
    document: typeof document === 'undefined' ? undefined : document,
    ...options.environment,
  };
  const { accountId } = options;
  let status: RealtimeStatus = 'connecting';
  let stopped = true;
  /** Bumped by every start, stop and fresh attempt, so work begun under an earlier one is dropped. */
  let generation = 0;
  /** Status and presence as one immutable value, replaced on every change (React's useSyncExternalStore). */
  let snapshot: RealtimeSnapshot = { status, presence: new Map() };
  let everOnline = false;
  let attempt = 0;
  let socketFailures = 0;
  let retryTimer: unknown;
  let pingTimer: unknown;
  let pongTimer: unknown;
  /** The connection in use; `close` ends it without triggering a reconnect of its own. */
  let current: { send(frame: string): boolean; close(): void } | undefined;
  const presence = new Map<string, { status: PresenceStatus; version: number }>();
  const lastTyping = new Map<string, number>();

  const eventListeners = new Set<Listener<unknown>>();
  const reconnectListeners = new Set<() => void>();
  const changeListeners = new Set<() => void>();
  const changed = () => {
    snapshot = { status, presence: new Map(presence) };
    for (const listener of changeListeners) listener();
  };
  const setStatus = (next: RealtimeStatus) => {
    if (status === next) return;
    status = next;
    changed();
  };

  function applyPresence(userId: string, next: { status: PresenceStatus; version: number }) {
    const known = presence.get(userId);
    if (known && known.version >= next.version) return;
    presence.set(userId, next);
    changed();
  }

  async function reloadPresence() {
    try {
      const list = await options.loadPresence(accountId);
      presence.clear();
      for (const entry of list.users)
        presence.set(entry.user_id, { status: entry.status, version: entry.version });
      changed();
    } catch {
      // Presence is decoration: the next change event or reconnect brings it back.
    }
  }

  function clearHeartbeat() {
    env.clearTimeout(pingTimer);
    env.clearTimeout(pongTimer);
  }

  function heartbeat() {
    clearHeartbeat();
    pingTimer = env.setTimeout(() => {
      if (!current?.send(JSON.stringify({ type: 'ping' }))) return;
      pongTimer = env.setTimeout(() => lost(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  function onFrame(text: string) {
    let frame: { type?: unknown } & Record<string, unknown>;
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    // Anything from the server proves the link alive.
    heartbeat();
    if (frame.type === 'hello') {
      attempt = 0;
      setStatus('online');
      sendPresence();
      void reloadPresence();
      if (everOnline) for (const listener of reconnectListeners) listener();
      everOnline = true;
      return;
    }
    if (frame.type === 'pong' || frame.type === 'error') return;
    if (frame.type === 'presence.changed' && Array.isArray(frame.users)) {
      for (const entry of frame.users as PresenceList['users'])
        applyPresence(entry.user_id, { status: entry.status, version: entry.version });
    }
    for (const listener of eventListeners) listener(frame);
  }

  /** The connection ended: reconnect after a backoff, unless the session itself is over. */
  function ended(code: number | undefined) {
    current = undefined;
    clearHeartbeat();
    if (stopped) return;
    if (code === realtimeCloseCodes.sessionEnded) {
      stopped = true;
      setStatus('offline');
      options.onSessionEnded?.();
      return;
    }
    setStatus(everOnline ? 'reconnecting' : 'connecting');
    // An expired access token is routine: the ticket request refreshes it, so reconnect at once.
    const delay = code === realtimeCloseCodes.accessExpired ? 0 : backoffDelay(attempt++, env.random);
    const scheduled = generation;
    retryTimer = env.setTimeout(() => {
      if (scheduled === generation) void open();
    }, delay);
  }

  /** The link is gone (no pong, or the browser went offline): drop it and reconnect. */
  function lost() {
    if (!current) return;
    const connection = current;
    current = undefined;
    connection?.close();
    ended(undefined);
  }

  function openSocket(ticket: string) {
    const url = new URL('/ws', options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    const socket = new env.WebSocket(url.toString());
    let opened = false;
    const connection = {
      send(frame: string) {
        if (socket.readyState !== env.WebSocket.OPEN) return false;
        socket.send(frame);
        return true;
      },
      close() {
        socket.onclose = null;
        socket.close();
      },
    };
    current = connection;
    socket.onopen = () => {
      opened = true;
      socketFailures = 0;
    };
    socket.onmessage = (message) => onFrame(String(message.data));
    socket.onclose = (event) => {
      if (current !== connection) return;
      if (!opened) socketFailures++;
      ended(event.code);
    };
  }

  function openStream(ticket: string) {
    const Source = env.EventSource as typeof EventSource;
    const url = new URL('/api/v1/realtime/events', options.baseUrl);
    url.searchParams.set('ticket', ticket);
    const source = new Source(url.toString());
    const connection = {
      // The stream only listens; typing and presence need the socket.
      send: () => false,
      close: () => source.close(),
    };
    current = connection;
    source.onmessage = (message) => onFrame(String(message.data));
    source.addEventListener('end', (message) => {
      if (current !== connection) return;
      source.close();
      let code: number | undefined;
      try {
        code = (JSON.parse(String((message as MessageEvent).data)) as { code?: number }).code;
      } catch {
        code = undefined;
      }
      ended(code);
    });
    // EventSource would retry with the spent ticket; each retry needs a new one, so it is closed here.
    source.onerror = () => {
      if (current !== connection) return;
      source.close();
      ended(undefined);
    };
  }

  async function open() {
    if (stopped) return;
    const opening = generation;
    let ticket: RealtimeTicket;
    try {
      ticket = await options.requestTicket(accountId);
    } catch {
      // Offline, or the Hub is down: the same backoff as a dropped connection.
      if (opening === generation) ended(undefined);
      return;
    }
    if (opening !== generation) return;
    const useStream = socketFailures >= SOCKET_FAILURES_BEFORE_SSE && env.EventSource !== undefined;
    if (useStream) openStream(ticket.ticket);
    else openSocket(ticket.ticket);
  }

  function sendPresence() {
    const away = env.document?.visibilityState === 'hidden';
    current?.send(JSON.stringify({ type: 'presence', status: away ? 'away' : 'online' }));
  }

  /** Back online (the browser says so): skip what is left of the backoff. */
  function onNetworkBack() {
    if (stopped || current) return;
    env.clearTimeout(retryTimer);
    attempt = 0;
    // A ticket request still under way belongs to the old attempt: its answer is dropped.
    generation++;
    void open();
  }

  return {
    /** Connects; after `stop` it may start again (React runs effects twice in development). */
    start() {
      if (!stopped) return;
      stopped = false;
      generation++;
      env.window?.addEventListener('online', onNetworkBack);
      env.window?.addEventListener('offline', lost);
      env.document?.addEventListener('visibilitychange', sendPresence);
      void open();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      generation++;
      env.clearTimeout(retryTimer);
      clearHeartbeat();
      env.window?.removeEventListener('online', onNetworkBack);
      env.window?.removeEventListener('offline', lost);
      env.document?.removeEventListener('visibilitychange', sendPresence);
      const connection = current;
      current = undefined;
      connection?.close();
    },
    getStatus: (): RealtimeStatus => status,
    getSnapshot: (): RealtimeSnapshot => snapshot,
    /** Every event the server sends (chat, boards, typing, presence), parsed but not validated. */
    subscribe(listener: Listener<unknown>): () => void {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    /** After the connection came back: fetch what was missed, by room sequence. */
    onReconnect(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    /** Status or presence changed (for React's useSyncExternalStore). */
    onChange(listener: () => void): () => void {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    /** At most one typing frame per room every few seconds, as the server throttles anyway. */
    sendTyping(roomId: string): void {
      const now = env.now();
      if (now - (lastTyping.get(roomId) ?? Number.NEGATIVE_INFINITY) < TYPING_SEND_INTERVAL_MS) return;
      if (current?.send(JSON.stringify({ type: 'typing', room_id: roomId }))) lastTyping.set(roomId, now);
    },
    presenceOf: (userId: string): PresenceStatus => presence.get(userId)?.status ?? 'offline',
  };
}

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;

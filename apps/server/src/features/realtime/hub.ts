import {
  type PresenceChangedEvent,
  type PresenceStatus,
  TYPING_SEND_INTERVAL_MS,
  type TypingEvent,
} from '@whatpro/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Cache } from '../../infra/cache';
import type { EventBus } from '../../infra/event-bus';
import { OneAtATime } from '../../infra/one-at-a-time';
import {
  type AccountEventsMessage,
  channels,
  type SessionsRevokedEvent,
  type UserEventsMessage,
} from './events';
import type { PresenceChange, PresenceStore } from './presence';

/** One open socket or event stream of a user in one account. */
export interface RealtimeConnection {
  readonly accountId: number;
  readonly userId: string;
  readonly sessionId: string;
  /** What the tab reports: hidden or idle tabs are `away`. */
  presence: 'online' | 'away';
  /** Sends one serialised frame; a connection whose unsent queue is over the limit is dropped instead. */
  send(frame: string): void;
  close(code: number, reason: string): void;
}

export type TypingOutcome = 'sent' | 'throttled' | 'not_member';

/**
 * Every realtime connection of this node, indexed by account and user. It subscribes once per node to
 * the bus and hands each event to the connections it names; it aggregates this node's connections into
 * presence per user and reports changes to the presence store, which answers the status across nodes.
 */
export interface RealtimeHub {
  add(connection: RealtimeConnection): void;
  remove(connection: RealtimeConnection): void;
  setPresence(connection: RealtimeConnection, status: 'online' | 'away'): void;
  typing(connection: RealtimeConnection, roomId: string): Promise<TypingOutcome>;
  connectionCount(): number;
  close(): Promise<void>;
}

export interface RealtimeHubDependencies {
  bus: EventBus;
  cache: Cache;
  presence: PresenceStore;
  log: FastifyBaseLogger;
  /** The room's current members; none when the room is not in that account. */
  roomMemberIds(accountId: number, roomId: string): Promise<string[]>;
}

/** How often this node beats in the presence store; a node silent for three beats counts as gone. */
export const PRESENCE_HEARTBEAT_MS = 5_000;
/** Presence changes are gathered this long and sent as one event per account. */
export const PRESENCE_BATCH_MS = 250;

export async function createRealtimeHub(deps: RealtimeHubDependencies): Promise<RealtimeHub> {
  const { bus, cache, presence, log } = deps;
  const byAccount = new Map<number, Map<string, Set<RealtimeConnection>>>();
  const bySession = new Map<string, Set<RealtimeConnection>>();
  let count = 0;

  /** What this node last reported per `account:user`, and reports that failed (Redis away) to redo. */
  const reported = new Map<string, PresenceStatus>();
  const unreported = new Set<string>();
  /** Reports of one user run one after another, so the store sees them in the order they happened. */
  const reporting = new OneAtATime();

  const presenceKey = (accountId: number, userId: string) => `${accountId}:${userId}`;

  function localStatus(accountId: number, userId: string): PresenceStatus {
    const connections = byAccount.get(accountId)?.get(userId);
    if (!connections || connections.size === 0) return 'offline';
    for (const connection of connections) if (connection.presence === 'online') return 'online';
    return 'away';
  }

  /** Changes waiting to go out per account, the newest per user; sent together every PRESENCE_BATCH_MS. */
  const pendingPresence = new Map<number, Map<string, PresenceChange>>();
  let presenceFlush: ReturnType<typeof setTimeout> | undefined;

  async function flushPresence(): Promise<void> {
    presenceFlush = undefined;
    const batches = [...pendingPresence];
    pendingPresence.clear();
    for (const [accountId, users] of batches) {
      const event: PresenceChangedEvent = {
        type: 'presence.changed',
        users: [...users.values()].map(({ userId, status, version }) => ({
          user_id: userId,
          status,
          version,
        })),
      };
      const message: AccountEventsMessage = { account_id: accountId, event };
      await bus.publish(channels.accountEvents, message).catch((error: Error) => {
        log.warn({ err: error }, 'could not publish presence changes');
      });
    }
  }

  function announce(changes: PresenceChange[]): void {
    for (const change of changes) {
      let users = pendingPresence.get(change.accountId);
      if (!users) {
        users = new Map();
        pendingPresence.set(change.accountId, users);
      }
      const known = users.get(change.userId);
      if (!known || known.version < change.version) users.set(change.userId, change);
    }
    if (pendingPresence.size > 0 && !presenceFlush) {
      presenceFlush = setTimeout(() => void flushPresence(), PRESENCE_BATCH_MS);
      presenceFlush.unref();
    }
  }

  function report(accountId: number, userId: string, force = false): void {
    const key = presenceKey(accountId, userId);
    void reporting.run(key, async () => {
      const status = localStatus(accountId, userId);
      if (!force && reported.get(key) === status && !unreported.has(key)) return;
      try {
        const state = await presence.report(accountId, userId, status);
        unreported.delete(key);
        if (status === 'offline') reported.delete(key);
        else reported.set(key, status);
        announce([{ accountId, userId, ...state }]);
      } catch (error) {
        unreported.add(key);
        log.debug({ err: error }, 'presence store unavailable; will report again');
      }
    });
  }

  async function beat(): Promise<void> {
    try {
      const { changes, swept } = await presence.heartbeat();
      announce(changes);
      // Swept while cut off (or the store lost its data): everything this node holds is reported again.
      const again = swept ? [...reported.keys(), ...unreported] : [...unreported];
      for (const key of new Set(again)) {
        const separator = key.indexOf(':');
        report(Number(key.slice(0, separator)), key.slice(separator + 1), true);
      }
    } catch (error) {
      log.debug({ err: error }, 'presence heartbeat failed');
    }
  }

  const deliverToUsers = (message: UserEventsMessage) => {
    const users = byAccount.get(message?.account_id);
    if (!users || !Array.isArray(message.user_ids)) return;
    let frame: string | undefined;
    for (const userId of message.user_ids) {
      const connections = users.get(userId);
      if (!connections) continue;
      frame ??= JSON.stringify(message.event);
      for (const connection of connections) connection.send(frame);
    }
  };
  const deliverToAccount = (message: AccountEventsMessage) => {
    const users = byAccount.get(message?.account_id);
    if (!users) return;
    const frame = JSON.stringify(message.event);
    for (const connections of users.values()) for (const connection of connections) connection.send(frame);
  };
  const closeSessions = (message: SessionsRevokedEvent) => {
    for (const sessionId of message?.session_ids ?? []) {
      for (const connection of bySession.get(sessionId) ?? []) connection.close(1008, 'session ended');
    }
  };

  await beat();
  const heartbeat = setInterval(() => void beat(), PRESENCE_HEARTBEAT_MS);
  heartbeat.unref();
  const unsubscribers = await Promise.all([
    bus.subscribe(channels.userEvents, (message) => deliverToUsers(message as UserEventsMessage)),
    bus.subscribe(channels.accountEvents, (message) => deliverToAccount(message as AccountEventsMessage)),
    bus.subscribe(channels.sessionsRevoked, (message) => closeSessions(message as SessionsRevokedEvent)),
  ]);

  return {
    add(connection) {
      let users = byAccount.get(connection.accountId);
      if (!users) {
        users = new Map();
        byAccount.set(connection.accountId, users);
      }
      let mine = users.get(connection.userId);
      if (!mine) {
        mine = new Set();
        users.set(connection.userId, mine);
      }
      mine.add(connection);
      let sessions = bySession.get(connection.sessionId);
      if (!sessions) {
        sessions = new Set();
        bySession.set(connection.sessionId, sessions);
      }
      sessions.add(connection);
      count++;
      report(connection.accountId, connection.userId);
    },
    remove(connection) {
      const users = byAccount.get(connection.accountId);
      const mine = users?.get(connection.userId);
      if (!users || !mine?.delete(connection)) return;
      count--;
      if (mine.size === 0) users.delete(connection.userId);
      if (users.size === 0) byAccount.delete(connection.accountId);
      const sessions = bySession.get(connection.sessionId);
      sessions?.delete(connection);
      if (sessions?.size === 0) bySession.delete(connection.sessionId);
      report(connection.accountId, connection.userId);
    },
    setPresence(connection, status) {
      if (connection.presence === status) return;
      connection.presence = status;
      report(connection.accountId, connection.userId);
    },
    async typing(connection, roomId) {
      const { accountId, userId } = connection;
      // Across nodes when the cache is Redis; when it fails, typing goes out unthrottled rather than not at all.
      const first = await cache
        .setIfAbsent(`typing:${accountId}:${userId}:${roomId}`, '1', TYPING_SEND_INTERVAL_MS)
        .catch(() => true);
      if (!first) return 'throttled';
      const members = await deps.roomMemberIds(accountId, roomId);
      if (!members.includes(userId)) return 'not_member';
      const others = members.filter((id) => id !== userId);
      if (others.length === 0) return 'sent';
      const event: TypingEvent = { type: 'typing', room_id: roomId, user_id: userId };
      const message: UserEventsMessage = { account_id: accountId, user_ids: others, event };
      await bus.publish(channels.userEvents, message).catch((error: Error) => {
        log.warn({ err: error }, 'could not publish a typing event');
      });
      return 'sent';
    },
    connectionCount: () => count,
    async close() {
      clearInterval(heartbeat);
      await Promise.all(unsubscribers.map((unsubscribe) => unsubscribe()));
      await reporting.idle();
      // This node's users go offline at once rather than when the others notice its silence.
      await presence
        .leave()
        .then(announce)
        .catch(() => {});
      clearTimeout(presenceFlush);
      await flushPresence();
    },
  };
}

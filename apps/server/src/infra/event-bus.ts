import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { createRedis, waitUntilReady } from './redis';

export type BusHandler = (message: unknown) => void;

/** Fan-out of realtime events to every Hub node. Delivery is best effort: clients resync from the database. */
export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the function that unsubscribes this handler. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    async publish(channel, message) {
      // Serialise like Redis does, so a handler never shares an object with the publisher.
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      queueMicrotask(() => emitter.emit(channel, copy));
    },
    async subscribe(channel, handler) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
    async ping() {},
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function createRedisBus(url: string): Promise<EventBus> {
  const publisher = createRedis(url, 'bus-pub');
  const subscriber: Redis = createRedis(url, 'bus-sub');
  // The subscriber connection must queue SUBSCRIBE commands issued while it reconnects, for as long
  // as the outage lasts.
  subscriber.options.enableOfflineQueue = true;
  subscriber.options.maxRetriesPerRequest = null;
  // A node that boots during a Redis outage still serves (sessions fall back to the database); its
  // subscriptions wait in the offline queue and ioredis resubscribes once Redis is back.
  await Promise.all([waitUntilReady(publisher), waitUntilReady(subscriber)]).catch(() => undefined);
  const handlers = new Map<string, Set<BusHandler>>();
  // This node's own messages reach its handlers straight away, not through Redis: while Redis is down a
  // node still serves its own sockets, and the copy coming back from Redis is skipped by its origin.
  const origin = randomUUID();
  const deliver = (channel: string, message: unknown) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  };

  subscriber.on('message', (channel: string, payload: string) => {
    if (!handlers.has(channel)) return;
    let envelope: { origin?: unknown; message?: unknown };
    try {
      envelope = JSON.parse(payload) as typeof envelope;
    } catch {
      return;
    }
    if (envelope.origin !== origin) deliver(channel, envelope.message);
  });

  return {
    kind: 'redis',
    async publish(channel, message) {
      const payload = JSON.stringify({ origin, message });
      const copy = (JSON.parse(payload) as { message: unknown }).message;
      queueMicrotask(() => deliver(channel, copy));
      await publisher.publish(channel, payload);
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        const subscribed = subscriber.subscribe(channel);
        if (subscriber.status === 'ready') await subscribed;
        else subscribed.catch(() => {});
      }
      set.add(handler);
      return async () => {
        const current = handlers.get(channel);
        if (!current) return;
        current.delete(handler);
        if (current.size === 0) {
          handlers.delete(channel);
          const unsubscribed = subscriber.unsubscribe(channel).catch(() => {});
          if (subscriber.status === 'ready') await unsubscribed;
        }
      };
    },
    async ping() {
      await publisher.ping();
    },
    async close() {
      handlers.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

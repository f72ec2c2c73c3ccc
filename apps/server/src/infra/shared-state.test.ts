import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Cache, createMemoryCache, createRedisCache } from './cache';
import { createMemoryBus, createRedisBus, type EventBus } from './event-bus';
import { createRedis, waitUntilReady } from './redis';

const redisUrl = process.env.REDIS_URL;

interface Implementation {
  name: string;
  bus(): Promise<EventBus>;
  cache(): Promise<{ cache: Cache; close(): void }>;
}

const implementations: Implementation[] = [
  {
    name: 'in-process',
    bus: async () => createMemoryBus(),
    cache: async () => ({ cache: createMemoryCache(), close() {} }),
  },
];
if (redisUrl) {
  implementations.push({
    name: 'redis',
    bus: () => createRedisBus(redisUrl),
    async cache() {
      const redis = createRedis(redisUrl, 'test-cache');
      await waitUntilReady(redis);
      return {
        cache: createRedisCache(redis, `test:${process.pid}:${Date.now()}:`),
        close: () => redis.disconnect(),
      };
    },
  });
}

const nextMessage = (bus: EventBus, channel: string) =>
  new Promise<unknown>((resolve) => {
    void bus.subscribe(channel, resolve);
  });

for (const implementation of implementations) {
  describe(`event bus: ${implementation.name}`, () => {
    let a: EventBus;
    let b: EventBus;
    before(async () => {
      a = await implementation.bus();
      b = implementation.name === 'in-process' ? a : await implementation.bus();
    });
    after(async () => {
      await a.close();
      if (b !== a) await b.close();
    });

    test('a message published on one node reaches subscribers on another, as a copy', async () => {
      const channel = `test:${Math.random()}`;
      const received = nextMessage(b, channel);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const message = { type: 'message.created', seq: 1, nested: { ok: true } };
      await a.publish(channel, message);
      const got = await received;
      assert.deepEqual(got, message);
      assert.notEqual(got, message);
    });

    test('unsubscribed handlers receive nothing and other channels stay separate', async () => {
      const channel = `test:${Math.random()}`;
      const seen: unknown[] = [];
      const unsubscribe = await b.subscribe(channel, (message) => seen.push(message));
      const other = nextMessage(b, `${channel}:other`);
      await unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await a.publish(channel, { n: 1 });
      await a.publish(`${channel}:other`, { n: 2 });
      assert.deepEqual(await other, { n: 2 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(seen, []);
    });

    test('ping answers while connected', async () => {
      await a.ping();
    });
  });

  describe(`cache: ${implementation.name}`, () => {
    let handle: { cache: Cache; close(): void };
    before(async () => {
      handle = await implementation.cache();
    });
    after(() => handle.close());

    test('stores, reads, deletes and expires values', async () => {
      const { cache } = handle;
      assert.equal(await cache.get('missing'), null);
      await cache.set('k', 'v', 10_000);
      assert.equal(await cache.get('k'), 'v');
      await cache.delete('k');
      assert.equal(await cache.get('k'), null);
      await cache.set('short', 'v', 30);
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.equal(await cache.get('short'), null);
    });

    test('setIfAbsent writes only an empty key, never over a value, and says whether it wrote', async () => {
      const { cache } = handle;
      assert.equal(await cache.setIfAbsent('nx', 'first', 10_000), true);
      assert.equal(await cache.setIfAbsent('nx', 'second', 10_000), false);
      assert.equal(await cache.get('nx'), 'first');
      await cache.set('nx', 'overwritten', 10_000);
      assert.equal(await cache.get('nx'), 'overwritten');
      await cache.delete('nx');
      assert.equal(await cache.setIfAbsent('nx', 'again', 10_000), true);
      assert.equal(await cache.get('nx'), 'again');
    });
  });
}

test('the in-process cache stays bounded', async () => {
  const cache = createMemoryCache(3);
  for (const key of ['a', 'b', 'c', 'd']) await cache.set(key, key, 60_000);
  assert.equal(await cache.get('a'), null);
  assert.equal(await cache.get('d'), 'd');
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Cache, createMemoryCache, createRedisCache } from './cache';
import { createMemoryBus, createRedisBus, type EventBus } from './event-bus';
import { createRedis, waitUntilReady } from './redis';

const redisUrl = process.env.REDIS_URL;

interface Implementation {
  name: string;
  bus(): Promise<EventBus>;
  cache(): Promise<CacheHandle>;
}

interface CacheHandle {
  cache: Cache;
  /** Milliseconds until `key` expires, as the store itself reports it. */
  expiresIn?(key: string): Promise<number>;
  close(): void;
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
      const prefix = `test:${process.pid}:${Date.now()}:`;
      return {
        cache: createRedisCache(redis, prefix),
        expiresIn: (key) => redis.pttl(prefix + key),
        close: () => redis.disconnect(),
      };
    },
  });
}

/** Subscribes (and waits until the subscription holds), then hands back the first message to come. */
async function nextMessage(bus: EventBus, channel: string): Promise<{ message: Promise<unknown> }> {
  let resolve!: (message: unknown) => void;
  const message = new Promise<unknown>((settle) => {
    resolve = settle;
  });
  await bus.subscribe(channel, resolve);
  return { message };
}

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
      const received = await nextMessage(b, channel);
      const message = { type: 'message.created', seq: 1, nested: { ok: true } };
      await a.publish(channel, message);
      const got = await received.message;
      assert.deepEqual(got, message);
      assert.notEqual(got, message);
    });

    test('unsubscribed handlers receive nothing and other channels stay separate', async () => {
      const channel = `test:${Math.random()}`;
      const seen: unknown[] = [];
      const unsubscribe = await b.subscribe(channel, (message) => seen.push(message));
      const other = await nextMessage(b, `${channel}:other`);
      await unsubscribe();
      await a.publish(channel, { n: 1 });
      await a.publish(`${channel}:other`, { n: 2 });
      // One publisher, one subscriber connection: messages arrive in publish order, so once the second
      // is here the first would have been delivered already, had anyone still listened.
      assert.deepEqual(await other.message, { n: 2 });
      assert.deepEqual(seen, []);
    });

    test(
      implementation.name === 'redis'
        ? 'ping answers while connected and fails once disconnected'
        : 'ping answers in process, where there is nothing to lose',
      async () => {
        const bus = await implementation.bus();
        await assert.doesNotReject(bus.ping());
        await bus.close();
        if (implementation.name === 'redis') await assert.rejects(bus.ping());
        else await assert.doesNotReject(bus.ping());
      },
    );
  });

  describe(`cache: ${implementation.name}`, () => {
    let handle: CacheHandle;
    before(async () => {
      handle = await implementation.cache();
    });
    after(() => handle.close());

    test('stores, reads, deletes and expires values', async (context) => {
      const { cache } = handle;
      assert.equal(await cache.get('missing'), null);
      await cache.set('k', 'v', 10_000);
      assert.equal(await cache.get('k'), 'v');
      await cache.delete('k');
      assert.equal(await cache.get('k'), null);
      if (handle.expiresIn) {
        // Redis expires keys by its own clock: the test checks the expiry it holds instead of waiting.
        await cache.set('short', 'v', 30);
        const remaining = await handle.expiresIn('short');
        assert.ok(remaining > 0 && remaining <= 30, `expires in ${remaining} ms`);
        return;
      }
      context.mock.timers.enable({ apis: ['Date'], now: Date.now() });
      await cache.set('short', 'v', 30);
      context.mock.timers.tick(29);
      assert.equal(await cache.get('short'), 'v');
      context.mock.timers.tick(1);
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

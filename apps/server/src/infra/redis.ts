import { Redis } from 'ioredis';

/**
 * Fail fast rather than queue: a request must not hang because Redis is down, and callers decide
 * per use whether to fail open (rate limits) or fall back (revocation checks).
 */
export function createRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: `whatpro-hub:${name}`,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // ioredis reports every reconnect attempt as an error event; readiness reports the outage instead.
  redis.on('error', () => {});
  return redis;
}

export async function waitUntilReady(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

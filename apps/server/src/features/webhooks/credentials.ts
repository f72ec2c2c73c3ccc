import type { Database } from '../../db/database';

/**
 * How long a node trusts the credentials it read for a registration. Reconnecting invalidates them at
 * once on the node that did it; other nodes accept the previous URL token and secret for at most this long.
 */
export const CREDENTIALS_TTL_MS = 5_000;

export interface WebhookCredentials {
  urlTokenHash: string;
  secret: string | undefined;
}

interface CachedCredentials {
  credentials: Promise<WebhookCredentials | undefined>;
  expiresAt: number;
}

/** One cache per database: test processes run several Hubs whose account ids overlap. */
const caches = new WeakMap<Database, Map<number, CachedCredentials>>();

function cacheOf(database: Database) {
  let cache = caches.get(database);
  if (!cache) {
    cache = new Map();
    caches.set(database, cache);
  }
  return cache;
}

/**
 * A registration's credentials, read from the database once per `CREDENTIALS_TTL_MS` per node instead of
 * once per delivery; a burst shares the one read in flight. An unknown registration or a failed read is
 * not kept, so a newly connected account is served at once and an outage is not remembered.
 */
export function cachedWebhookCredentials(
  database: Database,
  accountId: number,
  read: () => Promise<WebhookCredentials | undefined>,
  now = Date.now(),
): Promise<WebhookCredentials | undefined> {
  const cache = cacheOf(database);
  const cached = cache.get(accountId);
  if (cached && cached.expiresAt > now) return cached.credentials;
  const entry: CachedCredentials = { credentials: read(), expiresAt: now + CREDENTIALS_TTL_MS };
  cache.set(accountId, entry);
  const forgetThisRead = () => {
    if (cache.get(accountId) === entry) cache.delete(accountId);
  };
  entry.credentials.then((credentials) => {
    if (!credentials) forgetThisRead();
  }, forgetThisRead);
  return entry.credentials;
}

/** Called when a registration changes on this node, so its next delivery reads the new credentials. */
export function forgetWebhookCredentials(database: Database, accountId: number) {
  caches.get(database)?.delete(accountId);
}

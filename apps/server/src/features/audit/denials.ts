import type { Redis } from 'ioredis';
import type { Database } from '../../db/database';
import type { Cache } from '../../infra/cache';
import { OneAtATime } from '../../infra/one-at-a-time';
import { addToAuditCount, insertAuditLog } from './repo';
import { type AuditContext, type AuditEntry, auditRow } from './service';

/** Refusals are budgeted per caller over this long from its first one, and aggregated per clock window. */
export const DENIAL_WINDOW_MS = 60_000;
/** Refusals a caller may collect in one window; after that every account route answers 429 until it ends. */
export const DENIAL_LIMIT = 50;

const windowOf = (now: number) => Math.floor(now / DENIAL_WINDOW_MS);
const windowEnd = (now: number) => (windowOf(now) + 1) * DENIAL_WINDOW_MS;

/**
 * Per-caller budget of refusals, over a window that opens at the caller's first refusal (cross-tenant probes, unknown accounts, bad credentials). Counted in Redis
 * when configured, so every node sees one total; the verdict "used up" is kept in the process, so a
 * refused caller is turned away before any lookup, with no I/O at all. A legitimate client is never
 * refused, so it never pays for the counter.
 */
export interface DenialThrottle {
  /** The window's budget is used up: answer 429 without further work. */
  exhausted(callerKey: string, now?: number): boolean;
  /** Counts one refusal; true when it went over the budget (the caller is then exhausted until the window ends). */
  count(callerKey: string, now?: number): Promise<boolean>;
  /** Seconds until the caller's window ends. */
  retryAfterSeconds(callerKey: string, now?: number): number;
}

const MAX_LOCAL_ENTRIES = 100_000;

export function createDenialThrottle(redis: Redis | undefined, limit = DENIAL_LIMIT): DenialThrottle {
  const exhaustedUntil = new Map<string, number>();
  const localCounts = new Map<string, { count: number; expiresAt: number }>();

  const sweep = <T>(map: Map<string, T>, expiry: (value: T) => number, now: number) => {
    if (map.size < MAX_LOCAL_ENTRIES) return;
    for (const [key, value] of map) if (expiry(value) <= now) map.delete(key);
    // Still full of live entries: forget the oldest rather than grow without bound.
    while (map.size >= MAX_LOCAL_ENTRIES) map.delete(map.keys().next().value as string);
  };

  const countLocally = (key: string, now: number) => {
    const entry = localCounts.get(key);
    if (entry && entry.expiresAt > now) return { count: ++entry.count, endsAt: entry.expiresAt };
    sweep(localCounts, (value) => value.expiresAt, now);
    const endsAt = now + DENIAL_WINDOW_MS;
    localCounts.set(key, { count: 1, expiresAt: endsAt });
    return { count: 1, endsAt };
  };

  const countShared = async (key: string, now: number) => {
    if (!redis) return countLocally(key, now);
    try {
      const results = await redis
        .multi()
        .set(`hub:denials:${key}`, '0', 'PX', DENIAL_WINDOW_MS, 'NX')
        .incr(`hub:denials:${key}`)
        .pttl(`hub:denials:${key}`)
        .exec();
      const count = results?.[1]?.[1];
      const ttl = results?.[2]?.[1];
      if (typeof count === 'number' && typeof ttl === 'number' && ttl > 0)
        return { count, endsAt: now + ttl };
    } catch {
      // Redis down: each node keeps counting on its own, so the budget still holds per node.
    }
    return countLocally(key, now);
  };

  return {
    exhausted(callerKey, now = Date.now()) {
      const until = exhaustedUntil.get(callerKey);
      if (until === undefined) return false;
      if (until > now) return true;
      exhaustedUntil.delete(callerKey);
      return false;
    },
    async count(callerKey, now = Date.now()) {
      const { count, endsAt } = await countShared(callerKey, now);
      if (count <= limit) return false;
      sweep(exhaustedUntil, (until) => until, now);
      exhaustedUntil.set(callerKey, endsAt);
      return true;
    },
    retryAfterSeconds(callerKey, now = Date.now()) {
      const until = exhaustedUntil.get(callerKey) ?? now + DENIAL_WINDOW_MS;
      return Math.max(1, Math.ceil((until - now) / 1000));
    },
  };
}

/** Repeats of one row key are written one after another, so a process creates one row. */
const repeatWrites = new OneAtATime();

/**
 * Audits an event that a caller may repeat many times (a cross-tenant probe, a webhook post with a wrong
 * secret) as one row per caller, action, resource and window whose `count` says how often it happened.
 * The row is appended as the tenant; later repeats add to its count through the system handle. Nothing is
 * lost: when the remembered row is gone (cache flushed, window over), a new row starts at 1.
 */
export function recordRepeatedAudit(
  deps: { database: Database; cache: Cache },
  context: AuditContext,
  entry: AuditEntry & { accountId: number },
  callerKey: string,
  now = Date.now(),
): Promise<void> {
  const rowKey = `audit-repeat:${entry.accountId}:${callerKey}:${entry.action}:${entry.resourceId ?? ''}:${windowOf(now)}`;
  const write = async () => {
    const known = await deps.cache.get(rowKey).catch(() => null);
    if (known && (await addToAuditCount(deps.database.system, entry.accountId, known))) return;
    const id = await deps.database.tenant(entry.accountId, (tx) =>
      insertAuditLog(tx, entry.accountId, auditRow(context, entry)),
    );
    await deps.cache.set(rowKey, id, windowEnd(now) - now).catch(() => {});
  };
  return repeatWrites.run(rowKey, write);
}

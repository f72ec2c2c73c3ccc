import { createHash, randomBytes } from 'node:crypto';
import { REALTIME_TICKET_TTL_SECONDS } from '@whatpro/contracts';
import type { Cache } from '../../infra/cache';

/**
 * Single-use tickets that open `/ws` and the SSE stream. A browser cannot put an Authorization header on
 * a WebSocket or an EventSource, and a long-lived token in a URL ends up in logs and history; a ticket
 * lives 30 seconds, works once, and names the session, the user, the account and when the access token
 * that asked for it expires, so the connection it opens dies with that session and that token.
 */
export interface TicketGrant {
  userId: string;
  sessionId: string;
  accountId: number;
  isSuperAdmin: boolean;
  /** When the access token that requested the ticket expires (ms since epoch). */
  accessExpiresAt: number;
}

const TICKET_TTL_MS = REALTIME_TICKET_TTL_SECONDS * 1000;
const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

// The cache holds a digest, so whoever reads the cache (Redis) cannot use what they read.
const digest = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');
const grantKey = (ticket: string) => `realtime-ticket:${digest(ticket)}`;
const claimKey = (ticket: string) => `realtime-ticket-used:${digest(ticket)}`;

export async function issueTicket(cache: Cache, grant: TicketGrant): Promise<string> {
  for (;;) {
    const ticket = randomBytes(32).toString('base64url');
    if (await cache.setIfAbsent(grantKey(ticket), JSON.stringify(grant), TICKET_TTL_MS)) return ticket;
  }
}

/**
 * The grant behind a ticket, once: the first caller marks it used with an atomic write-if-absent (`SET
 * NX` on Redis, so two nodes racing with one ticket cannot both win); everyone after gets nothing.
 */
export async function claimTicket(cache: Cache, ticket: string): Promise<TicketGrant | undefined> {
  if (!TICKET_SHAPE.test(ticket)) return undefined;
  if (!(await cache.setIfAbsent(claimKey(ticket), '1', TICKET_TTL_MS))) return undefined;
  const stored = await cache.get(grantKey(ticket));
  if (!stored) return undefined;
  await cache.delete(grantKey(ticket));
  return JSON.parse(stored) as TicketGrant;
}

import { type PresenceList, REALTIME_TICKET_TTL_SECONDS, type RealtimeTicket } from '@whatpro/contracts';
import type { AppDependencies } from '../../dependencies';
import { AppError, notFound, unauthorized } from '../../errors';
import { accountAccess } from '../auth/account-access';
import type { Actor } from '../auth/actor';
import { activeSession } from '../auth/session-check';
import type { PresenceStore } from './presence';
import { claimTicket, issueTicket, type TicketGrant } from './tickets';

type UserActor = Extract<Actor, { type: 'user' }>;
type Deps = Pick<AppDependencies, 'database' | 'cache'>;

const cacheDown = () =>
  new AppError(503, 'service_unavailable', 'Realtime is unavailable for a moment; try again shortly');

/**
 * A ticket for one account the user belongs to (or any, for the installation's super admin). Another
 * account answers 404, as the guard does, so a ticket never reveals whether an account exists.
 */
export async function requestTicket(
  deps: Deps,
  actor: UserActor,
  accountId: number,
): Promise<RealtimeTicket> {
  const access = await accountAccess(deps.database, deps.cache, accountId, actor.userId);
  if (!access || (!access.role && !actor.isSuperAdmin)) throw notFound('Account');
  if (actor.accessExpiresAt === undefined) throw unauthorized('A realtime ticket needs an access token');
  const grant: TicketGrant = {
    userId: actor.userId,
    sessionId: actor.sessionId,
    accountId,
    isSuperAdmin: actor.isSuperAdmin,
    accessExpiresAt: actor.accessExpiresAt,
  };
  const ticket = await issueTicket(deps.cache, grant).catch(() => {
    throw cacheDown();
  });
  return { ticket, expires_in: REALTIME_TICKET_TTL_SECONDS };
}

/**
 * The user a ticket stands for, once, while the session that asked for it lives and its access token
 * has not expired. Anything else is 401: the client asks for a new ticket (refreshing first if need be).
 */
export async function admitTicket(
  deps: Deps,
  ticket: string | undefined,
  now = Date.now(),
): Promise<UserActor> {
  if (!ticket) throw unauthorized('A realtime ticket is required (POST /api/v1/realtime/tickets)');
  const grant = await claimTicket(deps.cache, ticket).catch(() => {
    throw cacheDown();
  });
  if (!grant) throw unauthorized('The realtime ticket is invalid, expired or already used');
  if (grant.accessExpiresAt <= now) throw unauthorized('The access token behind this ticket has expired');
  const session = await activeSession(deps.database, deps.cache, grant.sessionId, now);
  if (!session || session.userId !== grant.userId) throw unauthorized('Session ended; sign in again');
  return {
    type: 'user',
    userId: grant.userId,
    sessionId: grant.sessionId,
    isSuperAdmin: grant.isSuperAdmin,
    accessExpiresAt: grant.accessExpiresAt,
    accountId: grant.accountId,
  };
}

/** Everyone in the account who is online or away right now, across nodes. */
export async function listPresence(presence: PresenceStore, accountId: number): Promise<PresenceList> {
  const users = await presence.list(accountId).catch(() => {
    throw new AppError(503, 'service_unavailable', 'Presence is unavailable for a moment; try again shortly');
  });
  return {
    users: users.map((user) => ({ user_id: user.userId, status: user.status, version: user.version })),
  };
}

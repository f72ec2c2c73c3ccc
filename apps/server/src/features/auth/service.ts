import type { AccountRole, CurrentUser, SsoRequest, sessionSchema } from '@whatpro/contracts';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Database, Db, Tx } from '../../db/database';
import { accounts, accountUsers, users } from '../../db/schema';
import { AppError, notFound, unauthorized } from '../../errors';
import type { Cache } from '../../infra/cache';
import type { EventBus } from '../../infra/event-bus';
import {
  type ChatwootClient,
  ChatwootUnauthorizedError,
  type ChatwootUser,
  type UserAuth,
} from '../../integrations/chatwoot';
import { type AuditContext, recordAudit } from '../audit/service';
import { channels, type SessionsRevokedEvent } from '../realtime/events';
import { forgetAccountAccess } from './account-access';
import type { Actor } from './actor';
import { accessTokenFor, issueRefreshToken, startSession } from './issue';
import {
  activeMembershipsOfUser,
  claimRefreshToken,
  liveSession,
  openSessionOfUser,
  openSessionsOfUser,
  refreshTokenByHash,
  revokeSessionRows,
  sessionOwner,
  userById,
} from './repo';
import { forgetSessions } from './session-check';
import { hashSecret } from './tokens';

export interface AuthDependencies {
  database: Database;
  cache: Cache;
  bus: EventBus;
  config: Config;
  chatwoot: ChatwootClient | undefined;
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  user: CurrentUser;
}

type UserActor = Extract<Actor, { type: 'user' }>;

const chatwootRoleToHub: Record<'administrator' | 'agent', AccountRole> = {
  administrator: 'admin',
  agent: 'agent',
};

function chatwootAuth(input: SsoRequest): UserAuth {
  return 'api_access_token' in input
    ? { kind: 'user_token', token: input.api_access_token }
    : { kind: 'devise', accessToken: input.access_token, client: input.client, uid: input.uid };
}

async function auditGlobal(db: Db | Tx, context: AuditContext, action: string, extra: object = {}) {
  await recordAudit(db, context, { accountId: null, action, newValues: { ...extra } });
}

/**
 * SSO from the Chatwoot session (S-SSO-1..3): the credential is checked by Chatwoot itself
 * (`GET /api/v1/profile`); identity, accounts and roles come only from that answer. Chatwoot's own
 * personal token in the profile is dropped by the client and never stored.
 */
export async function signInWithChatwoot(
  deps: AuthDependencies,
  input: SsoRequest,
  context: AuditContext,
): Promise<SignedIn> {
  const profile = await verifyWithChatwoot(deps, chatwootAuth(input), context);
  const { user } = await syncChatwootIdentity(deps, profile, context);
  const session = await startSession(deps.database, deps.config, {
    userId: user.id,
    authMethod: 'sso',
    ip: context.ip,
    userAgent: context.userAgent,
  });
  const actor: Actor = {
    type: 'user',
    userId: user.id,
    sessionId: session.sessionId,
    isSuperAdmin: user.isSuperAdmin,
  };
  await auditGlobal(deps.database.system, { ...context, actor }, 'auth.login', {
    method: 'sso',
    session_id: session.sessionId,
  });
  return { ...session, user: await currentUser(deps.database, user.id) };
}

/**
 * Asks Chatwoot who holds this credential; a refusal is audited and answered 401. Any other Chatwoot
 * failure reaches the error handler, which answers 503 `chatwoot_unavailable` or 502 `chatwoot_bad_response`.
 */
export async function verifyWithChatwoot(
  deps: AuthDependencies,
  auth: UserAuth,
  context: AuditContext,
): Promise<ChatwootUser> {
  const { database, config, chatwoot } = deps;
  if (!chatwoot || !config.chatwootUrl) {
    throw new AppError(503, 'service_unavailable', 'No Chatwoot is configured for this Hub');
  }
  try {
    return await chatwoot.getProfile(auth);
  } catch (error) {
    if (error instanceof ChatwootUnauthorizedError) {
      await auditGlobal(database.system, context, 'auth.sso_failed', { reason: error.reason });
      throw unauthorized('Chatwoot did not accept this credential');
    }
    throw error;
  }
}

/**
 * Upserts the user and their memberships from Chatwoot's answer. Chatwoot's personal token in the
 * profile is dropped by the client and never stored.
 */
export async function syncChatwootIdentity(
  deps: AuthDependencies,
  profile: ChatwootUser,
  context: AuditContext,
) {
  const { database, config } = deps;
  const installation = config.chatwootUrl as string;
  const now = new Date();
  const [user] = await database.system
    .insert(users)
    .values({
      installation,
      chatwootUserId: profile.id,
      email: profile.email,
      name: profile.available_name || profile.name,
      avatarUrl: profile.avatar_url || null,
      isSuperAdmin: profile.type === 'SuperAdmin',
      lastLoginAt: now,
    })
    .onConflictDoUpdate({
      target: [users.installation, users.chatwootUserId],
      set: {
        email: profile.email,
        name: profile.available_name || profile.name,
        avatarUrl: profile.avatar_url || null,
        isSuperAdmin: profile.type === 'SuperAdmin',
        status: 'active',
        lastLoginAt: now,
        updatedAt: now,
      },
    })
    .returning();

  const activeAccounts = profile.accounts.filter((account) => (account.status ?? 'active') === 'active');
  const joinedAccountIds: number[] = [];
  for (const account of activeAccounts) {
    const [existing] = await database.system.select().from(accounts).where(eq(accounts.id, account.id));
    if (existing && existing.installation !== installation) {
      // Same account id, another Chatwoot: never merge tenants of two installations (S-SSO-3).
      await auditGlobal(database.system, context, 'auth.sso_installation_mismatch', {
        account_id: account.id,
      });
      continue;
    }
    if (!existing) {
      await database.system
        .insert(accounts)
        .values({ id: account.id, installation, name: account.name })
        .onConflictDoNothing();
    }
    const chatwootRole = account.role;
    await database.tenant(account.id, async (tx) => {
      await tx
        .insert(accountUsers)
        .values({
          accountId: account.id,
          userId: user!.id,
          role: chatwootRoleToHub[chatwootRole],
          chatwootRole,
        })
        .onConflictDoUpdate({
          target: [accountUsers.accountId, accountUsers.userId],
          // Roles granted in the Hub (supervisor, viewer) survive re-sync; Chatwoot's own follow Chatwoot.
          set: {
            chatwootRole,
            role: sql`case when ${accountUsers.roleSource} = 'hub' then ${accountUsers.role} else ${chatwootRoleToHub[chatwootRole]} end`,
            updatedAt: now,
          },
        });
    });
    joinedAccountIds.push(account.id);
  }
  // Memberships Chatwoot no longer lists end here too.
  const ended = await database.system
    .delete(accountUsers)
    .where(
      joinedAccountIds.length > 0
        ? and(eq(accountUsers.userId, user!.id), notInArray(accountUsers.accountId, joinedAccountIds))
        : eq(accountUsers.userId, user!.id),
    )
    .returning({ accountId: accountUsers.accountId });
  // Roles may have followed Chatwoot and seats may have ended: the guard's cached seats must not outlive that.
  for (const accountId of [...joinedAccountIds, ...ended.map((row) => row.accountId)]) {
    await forgetAccountAccess(deps.cache, accountId, [user!.id]);
  }
  return { user: user!, joinedAccountIds };
}

export async function currentUser(database: Database, userId: string): Promise<CurrentUser> {
  const user = await userById(database.system, userId);
  if (!user) throw notFound('User');
  const memberships = await activeMembershipsOfUser(database.system, userId);
  return {
    id: user.id,
    chatwoot_user_id: user.chatwootUserId,
    name: user.name,
    email: user.email,
    avatar_url: user.avatarUrl,
    is_super_admin: user.isSuperAdmin,
    accounts: memberships.map((m) => ({
      account_id: m.accountId,
      account_name: m.accountName,
      role: m.role,
    })),
  };
}

/**
 * How long a just-rotated refresh token still yields tokens. The Dashboard Script panel, the Dashboard
 * App tab and other tabs share one partitioned cookie and may refresh at the same moment; the losers of
 * that race present the token the winner just rotated. Within this window that is not reuse: they get a
 * sibling in the same family (the winner's successor is stored only hashed, so it cannot be handed out
 * again). After it, presenting a used token is reuse and ends the session (as Okta's rotation grace
 * period and Auth0's reuse interval do).
 */
export const REFRESH_REUSE_GRACE_MS = 30_000;

type RefreshOutcome =
  | { kind: 'issued'; sessionId: string; userId: string; refreshToken: string; grace: boolean }
  | { kind: 'reuse'; sessionIds: string[] }
  | { kind: 'refused'; message: string };

/**
 * Rotation (RFC 9700 §4.14.2): a refresh token works once. The claim is one conditional UPDATE, so of N
 * concurrent uses exactly one rotates it (S-RT-3); the others, within `REFRESH_REUSE_GRACE_MS`, get a
 * sibling token of the same session; presenting a used token after that revokes the whole session
 * (S-RT-2). Claim, issue and audit (or revocation and audit) commit together; the revocation is announced
 * after the commit.
 */
export async function refreshSession(deps: AuthDependencies, refreshToken: string, context: AuditContext) {
  const { database, config } = deps;
  const now = Date.now();
  const tokenHash = hashSecret(refreshToken);
  const at = new Date(now);
  const outcome = await database.system.transaction(async (tx): Promise<RefreshOutcome> => {
    const claimed = await claimRefreshToken(tx, tokenHash, at);
    let sessionId = claimed?.sessionId;
    let grace = false;
    if (!sessionId) {
      const known = await refreshTokenByHash(tx, tokenHash);
      if (!known?.usedAt)
        return { kind: 'refused', message: 'Refresh token is invalid, expired or already used' };
      if (!known.revokedAt && now - known.usedAt.getTime() <= REFRESH_REUSE_GRACE_MS) {
        sessionId = known.sessionId;
        grace = true;
      } else {
        const userId = await sessionOwner(tx, known.sessionId);
        const revoked = await revokeSessionRows(tx, [known.sessionId], 'refresh_token_reuse', at);
        await auditGlobal(tx, context, 'auth.refresh_reuse_detected', {
          session_id: known.sessionId,
          user_id: userId ?? null,
        });
        return { kind: 'reuse', sessionIds: revoked };
      }
    }
    const session = await liveSession(tx, sessionId, at);
    if (!session) return { kind: 'refused', message: 'Session ended; sign in again' };
    const next = await issueRefreshToken(tx, session.id, session.expiresAt, now);
    await auditGlobal(
      tx,
      {
        ...context,
        actor: { type: 'user', userId: session.userId, sessionId: session.id, isSuperAdmin: false },
      },
      'auth.refresh',
      { session_id: session.id, ...(grace ? { within_reuse_grace: true } : {}) },
    );
    return { kind: 'issued', sessionId: session.id, userId: session.userId, refreshToken: next, grace };
  });
  if (outcome.kind === 'reuse') {
    await announceSessionsEnded(deps, outcome.sessionIds);
    throw unauthorized('Refresh token is invalid, expired or already used');
  }
  if (outcome.kind === 'refused') throw unauthorized(outcome.message);
  return {
    accessToken: await accessTokenFor(config, outcome.userId, outcome.sessionId, now),
    refreshToken: outcome.refreshToken,
    sessionId: outcome.sessionId,
    user: await currentUser(database, outcome.userId),
  };
}

/**
 * After a revocation commits: every node refuses the sessions at once (the cache marker) and closes
 * their sockets (the bus event, best effort: a node that misses it closes them when their access token
 * expires at the latest, and refuses every HTTP request of the session meanwhile).
 */
export async function announceSessionsEnded(deps: AuthDependencies, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await forgetSessions(deps.cache, sessionIds);
  const event: SessionsRevokedEvent = { session_ids: sessionIds };
  await deps.bus.publish(channels.sessionsRevoked, event).catch(() => {});
}

/** Ends sessions at once: their access tokens stop working before `exp` (S-TOK-3), on every node. */
export async function revokeSessions(
  deps: AuthDependencies,
  sessionIds: string[],
  reason: string,
): Promise<void> {
  if (sessionIds.length === 0) return;
  await deps.database.system.transaction((tx) => revokeSessionRows(tx, sessionIds, reason, new Date()));
  await announceSessionsEnded(deps, sessionIds);
}

/** Revokes and audits in one transaction, then announces: no audit row for something that did not happen. */
async function endSessionsAudited(
  deps: AuthDependencies,
  sessionIds: string[],
  reason: string,
  audit: (tx: Tx) => Promise<void>,
) {
  await deps.database.system.transaction(async (tx) => {
    await revokeSessionRows(tx, sessionIds, reason, new Date());
    await audit(tx);
  });
  await announceSessionsEnded(deps, sessionIds);
}

export async function logout(deps: AuthDependencies, actor: UserActor, context: AuditContext): Promise<void> {
  await endSessionsAudited(deps, [actor.sessionId], 'logout', (tx) =>
    auditGlobal(tx, context, 'auth.logout', { session_id: actor.sessionId }),
  );
}

type SessionView = z.infer<typeof sessionSchema>;

export async function listSessions(deps: AuthDependencies, actor: UserActor): Promise<SessionView[]> {
  const rows = await openSessionsOfUser(deps.database.system, actor.userId, new Date());
  return rows.map((row) => ({
    id: row.id,
    current: row.id === actor.sessionId,
    auth_method: row.authMethod,
    ip: row.ip,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
    last_seen_at: row.lastSeenAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
  }));
}

export async function endOwnSession(
  deps: AuthDependencies,
  actor: UserActor,
  sessionId: string,
  context: AuditContext,
) {
  const session = await openSessionOfUser(deps.database.system, actor.userId, sessionId);
  if (!session) throw notFound('Session');
  await endSessionsAudited(deps, [sessionId], 'ended_by_user', (tx) =>
    auditGlobal(tx, context, 'auth.session_ended', { session_id: sessionId }),
  );
}

export async function endOtherSessions(deps: AuthDependencies, actor: UserActor, context: AuditContext) {
  const open = await openSessionsOfUser(deps.database.system, actor.userId, new Date());
  const ids = open.map((row) => row.id).filter((id) => id !== actor.sessionId);
  await endSessionsAudited(deps, ids, 'ended_by_user', (tx) =>
    auditGlobal(tx, context, 'auth.other_sessions_ended', { count: ids.length }),
  );
  return ids.length;
}

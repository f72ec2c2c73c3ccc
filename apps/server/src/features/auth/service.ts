import type { AccountRole, CurrentUser, SsoRequest } from '@whatpro/contracts';
import { and, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { accounts, accountUsers, refreshTokens, sessions, users } from '../../db/schema';
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
import type { Actor } from './actor';
import { accessTokenFor, issueRefreshToken, startSession } from './issue';
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

async function auditGlobal(database: Database, context: AuditContext, action: string, extra: object = {}) {
  await recordAudit(database.system, context, { accountId: null, action, newValues: { ...extra } });
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
  await auditGlobal(deps.database, { ...context, actor }, 'auth.login', {
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
      await auditGlobal(database, context, 'auth.sso_failed', { reason: error.reason });
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
      await auditGlobal(database, context, 'auth.sso_installation_mismatch', { account_id: account.id });
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
  await database.system
    .delete(accountUsers)
    .where(
      joinedAccountIds.length > 0
        ? and(eq(accountUsers.userId, user!.id), notInArray(accountUsers.accountId, joinedAccountIds))
        : eq(accountUsers.userId, user!.id),
    );
  return { user: user!, joinedAccountIds };
}

export async function currentUser(database: Database, userId: string): Promise<CurrentUser> {
  const [user] = await database.system.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound('User');
  const memberships = await database.system
    .select({ accountId: accountUsers.accountId, accountName: accounts.name, role: accountUsers.role })
    .from(accountUsers)
    .innerJoin(accounts, eq(accounts.id, accountUsers.accountId))
    .where(and(eq(accountUsers.userId, userId), eq(accounts.status, 'active')))
    .orderBy(accountUsers.accountId);
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
 * Rotation (RFC 9700 §4.14.2): a refresh token works once. The claim is one conditional UPDATE, so of N
 * concurrent uses exactly one wins (S-RT-3); presenting a used token revokes the whole session (S-RT-2).
 */
export async function refreshSession(deps: AuthDependencies, refreshToken: string, context: AuditContext) {
  const { database, config } = deps;
  const tokenHash = hashSecret(refreshToken);
  const [claimed] = await database.system
    .update(refreshTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, new Date()),
      ),
    )
    .returning({ sessionId: refreshTokens.sessionId });
  if (!claimed) {
    const [known] = await database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    if (known?.usedAt) {
      await revokeSessions(deps, [known.sessionId], 'refresh_token_reuse');
      const [session] = await database.system.select().from(sessions).where(eq(sessions.id, known.sessionId));
      await auditGlobal(database, context, 'auth.refresh_reuse_detected', {
        session_id: known.sessionId,
        user_id: session?.userId ?? null,
      });
    }
    throw unauthorized('Refresh token is invalid, expired or already used');
  }
  const [session] = await database.system
    .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, claimed.sessionId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        eq(users.status, 'active'),
      ),
    );
  if (!session) throw unauthorized('Session ended; sign in again');
  const nextRefreshToken = await issueRefreshToken(database, session.id, session.expiresAt);
  await auditGlobal(
    database,
    {
      ...context,
      actor: { type: 'user', userId: session.userId, sessionId: session.id, isSuperAdmin: false },
    },
    'auth.refresh',
    { session_id: session.id },
  );
  return {
    accessToken: accessTokenFor(config, session.userId, session.id),
    refreshToken: nextRefreshToken,
    sessionId: session.id,
    user: await currentUser(database, session.userId),
  };
}

/** Ends sessions at once: their access tokens stop working before `exp` (S-TOK-3), on every node. */
export async function revokeSessions(
  deps: AuthDependencies,
  sessionIds: string[],
  reason: string,
): Promise<void> {
  if (sessionIds.length === 0) return;
  const now = new Date();
  await deps.database.system
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(inArray(sessions.id, sessionIds), isNull(sessions.revokedAt)));
  await deps.database.system
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(inArray(refreshTokens.sessionId, sessionIds), isNull(refreshTokens.revokedAt)));
  await forgetSessions(deps.cache, sessionIds);
  const event: SessionsRevokedEvent = { session_ids: sessionIds };
  // Best effort: a node that misses it still refuses the session on the socket's next check.
  await deps.bus.publish(channels.sessionsRevoked, event).catch(() => {});
}

export async function logout(deps: AuthDependencies, actor: UserActor, context: AuditContext): Promise<void> {
  await revokeSessions(deps, [actor.sessionId], 'logout');
  await auditGlobal(deps.database, context, 'auth.logout', { session_id: actor.sessionId });
}

export async function listSessions(deps: AuthDependencies, actor: UserActor) {
  const rows = await deps.database.system
    .select()
    .from(sessions)
    .where(
      and(eq(sessions.userId, actor.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())),
    )
    .orderBy(sessions.createdAt);
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
  const [session] = await deps.database.system
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)));
  if (!session) throw notFound('Session');
  await revokeSessions(deps, [sessionId], 'ended_by_user');
  await auditGlobal(deps.database, context, 'auth.session_ended', { session_id: sessionId });
}

export async function endOtherSessions(deps: AuthDependencies, actor: UserActor, context: AuditContext) {
  const others = await deps.database.system
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)));
  const ids = others.map((row) => row.id).filter((id) => id !== actor.sessionId);
  await revokeSessions(deps, ids, 'ended_by_user');
  await auditGlobal(deps.database, context, 'auth.other_sessions_ended', { count: ids.length });
  return ids.length;
}

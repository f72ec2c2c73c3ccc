import type {
  embedSessionCheckResultSchema,
  embedSessionCheckSchema,
  issueInstanceTokenSchema,
} from '@whatpro/contracts';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { instanceTokens } from '../../db/schema';
import { AppError, notFound, unauthorized } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import { startSession } from '../auth/issue';
import {
  activeMembershipsOfUser,
  liveSession,
  refreshTokenByHash,
  revokeSessionRows,
  userById,
} from '../auth/repo';
import {
  type AuthDependencies,
  announceSessionsEnded,
  currentUser,
  refreshSession,
  type SignedIn,
  syncChatwootIdentity,
  verifyWithChatwoot,
} from '../auth/service';
import { hashSecret, randomSecret } from '../auth/tokens';

export const INSTANCE_TOKEN_PREFIX = 'whi_';
export const INSTANCE_TOKEN_TTL_SECONDS = 60;
/** The only thing an instance token can do: be exchanged once for a Hub session. */
export const INSTANCE_TOKEN_AUDIENCE = 'whatpro-hub:instance-exchange';
const INSTANCE_TOKEN_SCOPES = ['session:create'];

/**
 * The Dashboard Script, running in Chatwoot's page, trades the agent's Chatwoot session for a one-minute,
 * single-use token bound to that agent and account; Chatwoot itself vouches for the session first.
 */
export async function issueInstanceToken(
  deps: AuthDependencies,
  input: z.infer<typeof issueInstanceTokenSchema>,
  context: AuditContext,
) {
  const profile = await verifyWithChatwoot(
    deps,
    {
      kind: 'devise',
      accessToken: input.chatwoot.access_token,
      client: input.chatwoot.client,
      uid: input.chatwoot.uid,
    },
    context,
  );
  const { user, joinedAccountIds } = await syncChatwootIdentity(deps, profile, context);
  if (!joinedAccountIds.includes(input.account_id)) {
    const listed = profile.accounts.find((account) => account.id === input.account_id);
    if (listed?.status !== 'suspended') throw notFound('Account');
    // Chatwoot lists the account but refuses it; saying so lets the panel explain instead of going quiet.
    await recordAudit(
      deps.database.system,
      { ...context, actor: { type: 'system', name: 'dashboard-script' } },
      {
        accountId: null,
        action: 'instance_token.refused',
        resourceType: 'user',
        resourceId: user.id,
        newValues: { account_id: input.account_id, reason: 'account_suspended' },
      },
    );
    throw new AppError(403, 'account_suspended', 'This account is suspended in Chatwoot');
  }
  const token = randomSecret(INSTANCE_TOKEN_PREFIX);
  await deps.database.tenant(input.account_id, async (tx) => {
    await tx.insert(instanceTokens).values({
      tokenHash: hashSecret(token),
      userId: user.id,
      accountId: input.account_id,
      audience: INSTANCE_TOKEN_AUDIENCE,
      scopes: INSTANCE_TOKEN_SCOPES,
      expiresAt: new Date(Date.now() + INSTANCE_TOKEN_TTL_SECONDS * 1000),
    });
    await recordAudit(
      tx,
      { ...context, actor: { type: 'system', name: 'dashboard-script' } },
      {
        accountId: input.account_id,
        action: 'instance_token.issued',
        resourceType: 'user',
        resourceId: user.id,
      },
    );
  });
  return { instance_token: token, expires_in: INSTANCE_TOKEN_TTL_SECONDS };
}

function liveToken(token: string) {
  return and(
    eq(instanceTokens.tokenHash, hashSecret(token)),
    eq(instanceTokens.audience, INSTANCE_TOKEN_AUDIENCE),
    isNull(instanceTokens.consumedAt),
    gt(instanceTokens.expiresAt, new Date()),
  );
}

export async function validateInstanceToken(deps: AuthDependencies, token: string) {
  if (!token.startsWith(INSTANCE_TOKEN_PREFIX)) throw unauthorized('Not an instance token');
  const [row] = await deps.database.system.select().from(instanceTokens).where(liveToken(token));
  if (!row) throw unauthorized('Instance token is invalid, expired or already used');
  return {
    valid: true as const,
    account_id: row.accountId,
    user_id: row.userId,
    scopes: row.scopes,
    expires_at: row.expiresAt.toISOString(),
  };
}

/** Consumed by one conditional UPDATE: of two concurrent exchanges, one wins and a replay fails (S-PM-3). */
export async function exchangeInstanceToken(
  deps: AuthDependencies,
  token: string,
  context: AuditContext,
  /** The frame's refresh cookie, if any: Chatwoot reloads Dashboard App tabs per conversation. */
  refreshToken?: string,
): Promise<SignedIn & { accountId: number }> {
  if (!token.startsWith(INSTANCE_TOKEN_PREFIX)) throw unauthorized('Not an instance token');
  const [consumed] = await deps.database.system
    .update(instanceTokens)
    .set({ consumedAt: new Date() })
    .where(liveToken(token))
    .returning();
  if (!consumed) {
    await recordAudit(deps.database.system, context, { accountId: null, action: 'instance_token.rejected' });
    throw unauthorized('Instance token is invalid, expired or already used');
  }
  // The same agent coming back with a live session continues it, so reloads do not pile up sessions;
  // a session of someone else (another Chatwoot user signed in on this browser) ends here.
  const previous = refreshToken ? await sessionOfRefreshToken(deps, refreshToken) : undefined;
  if (previous && previous.userId !== consumed.userId) {
    await endBrowserSession(deps, previous.sessionId, 'chatwoot_user_changed', context);
  } else if (previous && refreshToken) {
    const continued = await refreshSession(deps, refreshToken, context).catch(() => undefined);
    if (continued?.user.id === consumed.userId) return { ...continued, accountId: consumed.accountId };
  }
  const session = await startSession(deps.database, deps.config, {
    userId: consumed.userId,
    authMethod: 'instance_token',
    ip: context.ip,
    userAgent: context.userAgent,
  });
  await deps.database.tenant(consumed.accountId, (tx) =>
    recordAudit(
      tx,
      {
        ...context,
        actor: { type: 'user', userId: consumed.userId, sessionId: session.sessionId, isSuperAdmin: false },
      },
      {
        accountId: consumed.accountId,
        action: 'auth.login',
        newValues: { method: 'instance_token', session_id: session.sessionId },
      },
    ),
  );
  return {
    ...session,
    accountId: consumed.accountId,
    user: await currentUser(deps.database, consumed.userId),
  };
}

/** The live session a refresh token belongs to (used or not: a sibling tab may just have rotated it). */
async function sessionOfRefreshToken(deps: AuthDependencies, refreshToken: string) {
  if (refreshToken.length > 200) return undefined;
  const row = await refreshTokenByHash(deps.database.system, hashSecret(refreshToken));
  if (!row || row.revokedAt) return undefined;
  const session = await liveSession(deps.database.system, row.sessionId, new Date());
  return session ? { sessionId: session.id, userId: session.userId } : undefined;
}

type EndReason = 'chatwoot_user_changed' | 'chatwoot_signed_out';

async function endBrowserSession(
  deps: AuthDependencies,
  sessionId: string,
  reason: EndReason,
  context: AuditContext,
) {
  await deps.database.system.transaction(async (tx) => {
    await revokeSessionRows(tx, [sessionId], reason, new Date());
    await recordAudit(tx, context, {
      accountId: null,
      action: 'auth.session_ended',
      newValues: { session_id: sessionId, reason },
    });
  });
  await announceSessionsEnded(deps, [sessionId]);
}

export type HubSessionCheck = z.infer<typeof embedSessionCheckResultSchema>['hub_session'];

/**
 * The Dashboard Script reports who Chatwoot's page says is signed in (S-EMB-ID). The Hub session this
 * browser holds must belong to that Chatwoot user (devise uid = the user's email) and reach that account;
 * otherwise, or when Chatwoot has no session at all, it ends now. Ending needs no proof: it can only take
 * access away, and only from the browser that presents the cookie.
 */
export async function checkEmbedSession(
  deps: AuthDependencies,
  input: z.infer<typeof embedSessionCheckSchema>,
  refreshToken: string | undefined,
  context: AuditContext,
): Promise<HubSessionCheck> {
  const session = refreshToken ? await sessionOfRefreshToken(deps, refreshToken) : undefined;
  if (!session) return 'none';
  if (input.chatwoot_uid !== null) {
    const user = await userById(deps.database.system, session.userId);
    const sameUser = user?.email.toLowerCase() === input.chatwoot_uid.toLowerCase();
    const inAccount =
      input.account_id === null ||
      (await activeMembershipsOfUser(deps.database.system, session.userId)).some(
        (membership) => membership.accountId === input.account_id,
      );
    if (sameUser && inAccount) return 'kept';
  }
  const reason = input.chatwoot_uid === null ? 'chatwoot_signed_out' : 'chatwoot_user_changed';
  await endBrowserSession(deps, session.sessionId, reason, context);
  return 'ended';
}

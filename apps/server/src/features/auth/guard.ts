import { type Permission, roleCan } from '@whatpro/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppDependencies } from '../../dependencies';
import { AppError, forbidden, notFound, unauthorized } from '../../errors';
import { createDenialThrottle, type DenialThrottle, recordRepeatedAudit } from '../audit/denials';
import { auditContextOf } from '../audit/service';
import { type AccountStatus, accountExists, apiKeyByHash, touchApiKey } from './access-repo';
import { accountAccess, accountAccessCacheKey } from './account-access';
import type { Actor } from './actor';
import { activeSession, sessionCacheKey } from './session-check';
import { hashSecret, signingKeys, verifyAccessToken } from './tokens';

export const API_KEY_PREFIX = 'whp_';

const CREDENTIAL_QUERY_KEYS = ['access_token', 'api_key', 'apikey', 'token', 'key', 'api_access_token'];
const LAST_USED_RESOLUTION_MS = 60_000;

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header);
  if (!match) throw unauthorized('Malformed Authorization header; expected "Bearer <token>"');
  return match[1];
}

function accountIdParam(request: FastifyRequest): number | undefined {
  const raw = (request.params as Record<string, string | undefined>).accountId;
  if (raw === undefined) return undefined;
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound('Account');
  return id;
}

/**
 * Adds fields to every later log line of this request. Fastify gives each request a child logger of its
 * own, so its bindings can grow in place: a further `child()` per request cost the authenticated path
 * more CPU than its token check.
 */
function addLogContext(request: FastifyRequest, bindings: Record<string, string | number>): void {
  (request.log as unknown as Pick<Logger, 'setBindings'>).setBindings(bindings);
}

/** Methods that change nothing: the only ones a suspended account still answers. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Authenticated {
  actor: Actor;
  /** For an API key, its account's status (read with the key, so the account check costs nothing more). */
  keyAccountStatus?: AccountStatus;
  /** For a user on an account route, the cached account access, read with the session in one round trip. */
  cachedAccess?: string | null;
}

/** The actor behind a bearer token (API key or access token); throws 401 when there is none. */
export async function authenticate(deps: AppDependencies, token: string): Promise<Actor> {
  return (await authenticated(deps, token)).actor;
}

/** The account a request names, when it names a well-formed one (malformed ids are refused after authentication). */
function wellFormedAccountId(request: FastifyRequest): number | undefined {
  try {
    return accountIdParam(request);
  } catch {
    return undefined;
  }
}

async function authenticated(
  deps: AppDependencies,
  token: string,
  accountId?: number,
): Promise<Authenticated> {
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await apiKeyByHash(deps.database.system, hashSecret(token));
    const now = Date.now();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) {
      throw unauthorized('Invalid or expired API key');
    }
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await touchApiKey(deps.database.system, key.accountId, key.id, new Date(now));
    }
    return {
      actor: { type: 'api_key', keyId: key.id, accountId: key.accountId, scopes: key.scopes as Permission[] },
      keyAccountStatus: key.accountStatus,
    };
  }
  const claims = await verifyAccessToken(
    token,
    signingKeys(deps.config.sessionSecret, deps.config.sessionSecretPrevious),
    {
      issuer: deps.config.publicUrl,
    },
  );
  if (!claims) throw unauthorized('Invalid or expired access token');
  const keys = [sessionCacheKey(claims.sid)];
  if (accountId !== undefined) keys.push(accountAccessCacheKey(accountId, claims.sub));
  // When the cache fails, each check below asks again and falls back to the database on its own.
  const cached = await deps.cache.getMany(keys).catch(() => undefined);
  const session = await activeSession(
    deps.database,
    deps.cache,
    claims.sid,
    Date.now(),
    cached && (cached[0] ?? null),
  );
  if (!session || session.userId !== claims.sub) throw unauthorized('Session ended; sign in again');
  return {
    ...(cached && accountId !== undefined ? { cachedAccess: cached[1] ?? null } : {}),
    actor: {
      type: 'user',
      userId: session.userId,
      sessionId: claims.sid,
      isSuperAdmin: session.isSuperAdmin,
      accessExpiresAt: claims.exp * 1000,
    },
  };
}

/** Whom the denial throttle counts: the verified user or key, else the address the request came from. */
function callerKeyOf(request: FastifyRequest): string {
  const actor = request.actor;
  if (actor?.type === 'user') return `user:${actor.userId}`;
  if (actor?.type === 'api_key') return `key:${actor.keyId}`;
  return `ip:${request.ip ?? 'unknown'}`;
}

function tooManyDenials(request: FastifyRequest, reply: FastifyReply, throttle: DenialThrottle): AppError {
  const seconds = throttle.retryAfterSeconds(callerKeyOf(request));
  reply.header('retry-after', String(seconds));
  return new AppError(429, 'rate_limited', `Too many refused requests; retry in ${seconds} s`);
}

/**
 * Deny by default: every route declares `config.access`; the check runs before the body is read. Another
 * tenant's account and an account that does not exist answer 404 (existence is not revealed), a missing
 * permission 403, a change to a suspended account 403 `account_suspended`.
 *
 * Refusals on account routes (cross-tenant probes, unknown accounts, bad credentials) are counted per
 * caller (the verified user or key, else the address) and once a caller has used up its budget for the
 * window, every account route answers it 429 before any lookup. Probes are audited in the target account
 * as one row per caller, route and window with a count, so a flood can neither fill the victim's log nor
 * push real events out of it.
 */
export function registerGuard(app: FastifyInstance): void {
  const throttle = createDenialThrottle(app.deps.redis);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    const url = request.routeOptions.url ?? '';
    if (access === 'public' || (access === undefined && !url.startsWith('/api/'))) return;
    if (access === undefined) throw forbidden('This route declares no permission');
    const accountScoped = access !== 'authenticated' && !access.endsWith(':global');
    if (accountScoped && throttle.exhausted(callerKeyOf(request)))
      throw tooManyDenials(request, reply, throttle);

    const query = request.query as Record<string, unknown> | undefined;
    if (query && CREDENTIAL_QUERY_KEYS.some((key) => key in query)) {
      throw unauthorized('Credentials in the URL are refused; send them in the Authorization header');
    }
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    let caller: Authenticated;
    try {
      caller = await authenticated(app.deps, token, accountScoped ? wellFormedAccountId(request) : undefined);
    } catch (error) {
      if (accountScoped && (await throttle.count(callerKeyOf(request))))
        throw tooManyDenials(request, reply, throttle);
      throw error;
    }
    const { actor } = caller;
    request.actor = actor;
    addLogContext(
      request,
      actor.type === 'user'
        ? { user_id: actor.userId }
        : actor.type === 'api_key'
          ? { api_key_id: actor.keyId }
          : {},
    );

    if (access === 'authenticated') {
      if (actor.type !== 'user') throw unauthorized('This route needs a user session, not an API key');
      return;
    }
    if (accountScoped && throttle.exhausted(callerKeyOf(request)))
      throw tooManyDenials(request, reply, throttle);
    const refusal = await authorize(app.deps, request, caller, access);
    if (refusal) {
      if (await throttle.count(callerKeyOf(request))) throw tooManyDenials(request, reply, throttle);
      if (refusal.audit) await auditDenial(app.deps, request, refusal.accountId);
      throw notFound('Account');
    }
  });
}

/** A request for an account the caller may not see: answered 404, audited there when the account exists. */
interface Refusal {
  accountId: number;
  audit: boolean;
}

async function authorize(
  deps: AppDependencies,
  request: FastifyRequest,
  { actor, keyAccountStatus, cachedAccess }: Authenticated,
  permission: Permission,
): Promise<Refusal | undefined> {
  const accountId = accountIdParam(request);
  const globalScope = permission.endsWith(':global');
  if (globalScope || accountId === undefined) {
    if (actor.type === 'user' && actor.isSuperAdmin && globalScope) return undefined;
    throw forbidden();
  }
  addLogContext(request, { account_id: accountId });
  if (actor.type === 'api_key') {
    if (actor.accountId !== accountId)
      return { accountId, audit: await accountExists(deps.database.system, accountId) };
    refuseChangesWhileSuspended(request, keyAccountStatus);
    if (!actor.scopes.includes(permission)) throw forbidden(`This API key lacks the scope ${permission}`);
    return undefined;
  }
  if (actor.type !== 'user') throw forbidden();
  const access = await accountAccess(deps.database, deps.cache, accountId, actor.userId, cachedAccess);
  if (!access) return { accountId, audit: false };
  const role = access.role ?? (actor.isSuperAdmin ? 'super_admin' : undefined);
  if (!role) return { accountId, audit: true };
  actor.accountId = accountId;
  actor.role = role;
  refuseChangesWhileSuspended(request, access.status);
  if (!roleCan(role, permission)) throw forbidden(`Your role (${role}) cannot do this (${permission})`);
  return undefined;
}

/** A suspended account stays readable (its people can still look and export) but nothing in it changes. */
function refuseChangesWhileSuspended(request: FastifyRequest, status: AccountStatus | undefined): void {
  if (status === 'suspended' && !READ_METHODS.has(request.method)) {
    throw new AppError(403, 'account_suspended', 'This account is suspended; it can be read but not changed');
  }
}

/** Cross-tenant attempts are audited in the target account and answered as if it did not exist (S-AZ-6). */
async function auditDenial(deps: AppDependencies, request: FastifyRequest, accountId: number): Promise<void> {
  await recordRepeatedAudit(
    deps,
    auditContextOf(request),
    {
      accountId,
      action: 'authz.cross_tenant_denied',
      resourceType: 'route',
      resourceId: `${request.method} ${request.routeOptions.url}`,
    },
    callerKeyOf(request),
  ).catch((error: Error) => request.log.warn({ err: error }, 'could not audit a cross-tenant denial'));
}

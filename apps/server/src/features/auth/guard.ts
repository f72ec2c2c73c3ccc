import { type Permission, roleCan } from '@whatpro/contracts';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountUsers, apiKeys } from '../../db/schema';
import type { AppDependencies } from '../../dependencies';
import { type AppError, forbidden, notFound, unauthorized } from '../../errors';
import { auditContextOf, recordAudit } from '../audit/service';
import type { Actor } from './actor';
import { activeSession } from './session-check';
import { hashSecret, signingKeys, verifyAccessToken } from './tokens';

export const API_KEY_PREFIX = 'whp_';

const CREDENTIAL_QUERY_KEYS = ['access_token', 'api_key', 'apikey', 'token', 'key', 'api_access_token'];
const LAST_USED_RESOLUTION_MS = 60_000;

/** Browsers cannot set headers on a WebSocket, so the socket carries its token as a subprotocol. */
export const WS_PROTOCOL = 'whatpro.v1';
const WS_TOKEN_PREFIX = 'bearer.';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header && request.headers.upgrade?.toLowerCase() === 'websocket') {
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    return protocols.find((protocol) => protocol.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
  }
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

/** The actor behind a bearer token (API key or access token); throws 401 when there is none. */
export async function authenticate(deps: AppDependencies, token: string): Promise<Actor> {
  if (token.startsWith(API_KEY_PREFIX)) {
    const [key] = await deps.database.system
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashSecret(token)));
    const now = Date.now();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) {
      throw unauthorized('Invalid or expired API key');
    }
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await deps.database.system
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, key.id));
    }
    return { type: 'api_key', keyId: key.id, accountId: key.accountId, scopes: key.scopes as Permission[] };
  }
  const claims = verifyAccessToken(
    token,
    signingKeys(deps.config.sessionSecret, deps.config.sessionSecretPrevious),
    {
      issuer: deps.config.publicUrl,
    },
  );
  if (!claims) throw unauthorized('Invalid or expired access token');
  const session = await activeSession(deps.database, deps.cache, claims.sid);
  if (!session || session.userId !== claims.sub) throw unauthorized('Session ended; sign in again');
  return { type: 'user', userId: session.userId, sessionId: claims.sid, isSuperAdmin: session.isSuperAdmin };
}

/**
 * Deny by default: every route declares `config.access`; the check runs before the body is read. Another
 * tenant's account answers 404 (its existence is not revealed), a missing permission 403.
 */
export function registerGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    const url = request.routeOptions.url ?? '';
    if (access === 'public' || (access === undefined && !url.startsWith('/api/'))) return;
    if (access === undefined) throw forbidden('This route declares no permission');

    const query = request.query as Record<string, unknown> | undefined;
    if (query && CREDENTIAL_QUERY_KEYS.some((key) => key in query)) {
      throw unauthorized('Credentials in the URL are refused; send them in the Authorization header');
    }
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    const actor = await authenticate(app.deps, token);
    request.actor = actor;
    request.log = request.log.child(
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
    await authorize(app.deps, request, actor, access);
  });
}

async function authorize(
  deps: AppDependencies,
  request: FastifyRequest,
  actor: Actor,
  permission: Permission,
) {
  const accountId = accountIdParam(request);
  const globalScope = permission.endsWith(':global');
  if (globalScope || accountId === undefined) {
    if (actor.type === 'user' && actor.isSuperAdmin && globalScope) return;
    throw forbidden();
  }
  request.log = request.log.child({ account_id: accountId });
  if (actor.type === 'api_key') {
    if (actor.accountId !== accountId) throw await denied(deps, request, accountId, 'Account');
    if (!actor.scopes.includes(permission)) throw forbidden(`This API key lacks the scope ${permission}`);
    return;
  }
  if (actor.type !== 'user') throw forbidden();
  const [membership] = await deps.database.tenant(accountId, (tx) =>
    tx
      .select({ role: accountUsers.role })
      .from(accountUsers)
      .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, actor.userId))),
  );
  const role = membership?.role ?? (actor.isSuperAdmin ? 'super_admin' : undefined);
  if (!role) throw await denied(deps, request, accountId, 'Account');
  actor.accountId = accountId;
  actor.role = role;
  if (!roleCan(role, permission)) throw forbidden(`Your role (${role}) cannot do this (${permission})`);
}

/** Cross-tenant attempts are audited in the target account and answered as if it did not exist (S-AZ-6). */
async function denied(
  deps: AppDependencies,
  request: FastifyRequest,
  accountId: number,
  what: string,
): Promise<AppError> {
  await deps.database
    .tenant(accountId, (tx) =>
      recordAudit(tx, auditContextOf(request), {
        accountId,
        action: 'authz.cross_tenant_denied',
        resourceType: 'route',
        resourceId: `${request.method} ${request.routeOptions.url}`,
      }),
    )
    .catch((error: Error) => request.log.warn({ err: error }, 'could not audit a cross-tenant denial'));
  return notFound(what);
}

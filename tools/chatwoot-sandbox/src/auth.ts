// Chatwoot's authentication rules: AccessTokenAuthHelper, devise_token_auth, EnsureCurrentAccountHelper
// and PlatformController, with their exact 401 bodies.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, header, NOT_FOUND_BODY, unauthorized } from './http.js';
import type { DeviseSession, SandboxState } from './state.js';
import type {
  AccountRecord,
  AccountUserRecord,
  AgentBotRecord,
  PlatformAppRecord,
  UserRecord,
} from './types.js';

export type Principal =
  | { kind: 'user'; user: UserRecord; session: DeviseSession | null }
  | { kind: 'agent_bot'; bot: AgentBotRecord }
  | { kind: 'platform_app'; app: PlatformAppRecord };

export const MESSAGES = {
  invalidAccessToken: 'Invalid Access Token',
  notAuthorizedForBots: 'Access to this endpoint is not authorized for bots',
  accountNotAuthorized: 'You are not authorized to access this account',
  accountSuspended: 'Account is suspended',
  actionNotAuthorized: 'You are not authorized to do this action',
  platformInvalidToken: 'Invalid access_token',
  platformNotPermissible: 'Non permissible resource',
  /** devise's `failure.unauthenticated`, what `authenticate_user!` answers without valid devise headers. */
  signInRequired: 'You need to sign in or sign up before continuing.',
  badCredentials: 'Invalid login credentials. Please try again.',
  invalidToken: 'Invalid login credentials',
} as const;

/** One `AccessToken` table holds user, agent-bot and platform-app tokens; the owner decides the kind. */
export function findAccessTokenOwner(state: SandboxState, token: string): Principal | undefined {
  const user = state.db.users.find((u) => u.access_token === token);
  if (user) return { kind: 'user', user, session: null };
  const bot = state.db.agentBots.find((b) => b.access_token === token);
  if (bot) return { kind: 'agent_bot', bot };
  const app = state.db.platformApps.find((p) => p.access_token === token);
  if (app) return { kind: 'platform_app', app };
  return undefined;
}

/** The devise triple from request headers, if it names a live session. */
export function deviseSession(state: SandboxState, req: FastifyRequest): DeviseSession | undefined {
  const accessToken = header(req, 'access-token');
  const client = header(req, 'client');
  const uid = header(req, 'uid');
  if (!accessToken || !client || !uid) return undefined;
  return state.findSession(accessToken, client, uid);
}

/** The headers devise_token_auth answers with (`build_auth_headers`). */
export function deviseHeaders(state: SandboxState, session: DeviseSession): Record<string, string> {
  return {
    'access-token': session.accessToken,
    'token-type': 'Bearer',
    client: session.client,
    expiry: String(session.expiry),
    uid: state.user(session.userId)?.email ?? '',
  };
}

/**
 * `Api::BaseController`: `api_access_token` (user, agent bot or platform app) or the devise triple.
 * Bots — and any other non-user owner — may only call the BOT_ACCESSIBLE_ENDPOINTS.
 */
export function authenticateApi(
  state: SandboxState,
  req: FastifyRequest,
  reply: FastifyReply,
  botAccessible: boolean,
): Principal {
  const token = header(req, 'api_access_token');
  if (token !== undefined) {
    const principal = findAccessTokenOwner(state, token);
    if (!principal) throw unauthorized(MESSAGES.invalidAccessToken);
    if (principal.kind !== 'user' && !botAccessible) throw unauthorized(MESSAGES.notAuthorizedForBots);
    return principal;
  }
  const session = deviseSession(state, req);
  const user = session ? state.user(session.userId) : undefined;
  if (!session || !user) throw new HttpError(401, { errors: [MESSAGES.signInRequired] });
  // With `change_headers_on_each_request = false` devise_token_auth echoes the same headers back.
  reply.headers(deviseHeaders(state, session));
  return { kind: 'user', user, session };
}

export interface AccountContext {
  account: AccountRecord;
  /** `Current.account_user`; `null` for agent bots. */
  membership: AccountUserRecord | null;
}

/** `EnsureCurrentAccountHelper#ensure_current_account`. */
export function authorizeAccount(
  state: SandboxState,
  principal: Principal,
  accountId: number | null,
): AccountContext {
  const account = accountId === null ? undefined : state.account(accountId);
  if (!account) throw new HttpError(404, NOT_FOUND_BODY);
  if (account.status !== 'active') throw unauthorized(MESSAGES.accountSuspended);
  switch (principal.kind) {
    case 'user': {
      const membership = state.accountUser(account.id, principal.user.id);
      if (!membership) throw unauthorized(MESSAGES.accountNotAuthorized);
      return { account, membership };
    }
    case 'agent_bot': {
      const inAccount = principal.bot.inbox_ids.some((id) => state.inbox(id)?.account_id === account.id);
      if (!inAccount) throw unauthorized(MESSAGES.accountNotAuthorized);
      return { account, membership: null };
    }
    case 'platform_app':
      // Chatwoot has no rule for a platform app reaching a bot endpoint; the sandbox refuses it.
      throw unauthorized(MESSAGES.accountNotAuthorized);
  }
}

/** `check_admin_authorization?` and the Pundit policies that need an administrator. */
export function requireAdministrator(context: AccountContext): void {
  if (context.membership?.role !== 'administrator') throw unauthorized(MESSAGES.actionNotAuthorized);
}

/** `PlatformController#ensure_access_token` + `set_platform_app`. */
export function authenticatePlatform(state: SandboxState, req: FastifyRequest): PlatformAppRecord {
  const token = header(req, 'api_access_token');
  const principal = token === undefined ? undefined : findAccessTokenOwner(state, token);
  if (principal?.kind !== 'platform_app') throw unauthorized(MESSAGES.platformInvalidToken);
  return principal.app;
}

/** `validate_platform_app_permissible`: a platform app only touches what it created. */
export function requirePermissible(
  state: SandboxState,
  app: PlatformAppRecord,
  type: 'Account' | 'User',
  id: number,
): void {
  const allowed = state.db.platformAppPermissibles.some(
    (p) => p.platform_app_id === app.id && p.permissible_type === type && p.permissible_id === id,
  );
  if (!allowed) throw unauthorized(MESSAGES.platformNotPermissible);
}

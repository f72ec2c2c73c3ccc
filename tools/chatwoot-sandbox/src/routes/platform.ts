// The Platform API (`/platform/api/v1/**`): platform-app tokens only, and only on what the app created.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RecordInvalid } from '../actions.js';
import { authenticatePlatform, requirePermissible } from '../auth.js';
import type { SandboxContext } from '../context.js';
import { HttpError, intParam, NOT_FOUND_BODY, railsParams, sendJson, stringParam } from '../http.js';
import { presentAccountUserRecord, presentPlatformAccount, presentPlatformUser } from '../presenters.js';
import type { AccountStatus, PlatformAppRecord, Role } from '../types.js';

function objectParam(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function registerPlatformRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state, actions } = ctx;

  type Handler = (
    req: FastifyRequest,
    reply: FastifyReply,
    platformApp: PlatformAppRecord,
    params: Record<string, unknown>,
  ) => unknown;

  function route(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, handler: Handler) {
    app.route({
      method,
      url: `/platform/api/v1${url}`,
      handler: async (req, reply) => handler(req, reply, authenticatePlatform(state, req), railsParams(req)),
    });
  }

  function grant(platformApp: PlatformAppRecord, type: 'Account' | 'User', id: number) {
    const exists = state.db.platformAppPermissibles.some(
      (p) => p.platform_app_id === platformApp.id && p.permissible_type === type && p.permissible_id === id,
    );
    if (!exists) {
      state.db.platformAppPermissibles.push({
        platform_app_id: platformApp.id,
        permissible_type: type,
        permissible_id: id,
      });
    }
  }

  /** `set_resource` (404 when missing) then `validate_platform_app_permissible` (401). */
  function permittedAccount(platformApp: PlatformAppRecord, rawId: unknown) {
    const account = state.account(intParam(rawId) ?? 0);
    if (!account) throw new HttpError(404, NOT_FOUND_BODY);
    requirePermissible(state, platformApp, 'Account', account.id);
    return account;
  }

  function permittedUser(platformApp: PlatformAppRecord, rawId: unknown) {
    const user = state.user(intParam(rawId) ?? 0);
    if (!user) throw new HttpError(404, NOT_FOUND_BODY);
    requirePermissible(state, platformApp, 'User', user.id);
    return user;
  }

  function accountAttributes(params: Record<string, unknown>) {
    const status = stringParam(params.status);
    if (status !== undefined && status !== 'active' && status !== 'suspended') {
      throw new RecordInvalid(`'${status}' is not a valid status`, ['status']);
    }
    const features = objectParam(params.features);
    return {
      name: stringParam(params.name),
      locale: stringParam(params.locale),
      domain: 'domain' in params ? (stringParam(params.domain) ?? null) : undefined,
      support_email: 'support_email' in params ? (stringParam(params.support_email) ?? null) : undefined,
      status: status as AccountStatus | undefined,
      features: features ? Object.keys(features).filter((key) => Boolean(features[key])) : undefined,
      limits: objectParam(params.limits) as Record<string, number> | undefined,
      custom_attributes: objectParam(params.custom_attributes),
    };
  }

  // ----------------------------------------------------------------------------------------------
  // Accounts

  route('GET', '/accounts', (_req, reply, platformApp) => {
    const accounts = state.db.platformAppPermissibles
      .filter((p) => p.platform_app_id === platformApp.id && p.permissible_type === 'Account')
      .flatMap((p) => {
        const account = state.account(p.permissible_id);
        return account ? [presentPlatformAccount(account)] : [];
      });
    return sendJson(reply, 200, accounts);
  });

  route('POST', '/accounts', (_req, reply, platformApp, params) => {
    const attrs = accountAttributes(params);
    const account = actions.createAccount({ ...attrs, name: attrs.name ?? '' });
    grant(platformApp, 'Account', account.id);
    return sendJson(reply, 200, presentPlatformAccount(account));
  });

  route('GET', '/accounts/:id', (_req, reply, platformApp, params) => {
    return sendJson(reply, 200, presentPlatformAccount(permittedAccount(platformApp, params.id)));
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    route(method, '/accounts/:id', (_req, reply, platformApp, params) => {
      const account = permittedAccount(platformApp, params.id);
      for (const [key, value] of Object.entries(accountAttributes(params))) {
        if (value !== undefined) Object.assign(account, { [key]: value });
      }
      return sendJson(reply, 200, presentPlatformAccount(account));
    });
  }

  route('DELETE', '/accounts/:id', (_req, reply, platformApp, params) => {
    const account = permittedAccount(platformApp, params.id);
    state.db.accounts = state.db.accounts.filter((a) => a !== account);
    state.db.accountUsers = state.db.accountUsers.filter((au) => au.account_id !== account.id);
    state.db.platformAppPermissibles = state.db.platformAppPermissibles.filter(
      (p) => !(p.permissible_type === 'Account' && p.permissible_id === account.id),
    );
    return reply.code(200).send();
  });

  // ----------------------------------------------------------------------------------------------
  // Account users

  route('GET', '/accounts/:account_id/account_users', (_req, reply, platformApp, params) => {
    const account = permittedAccount(platformApp, params.account_id);
    return sendJson(
      reply,
      200,
      state.db.accountUsers.filter((au) => au.account_id === account.id).map(presentAccountUserRecord),
    );
  });

  route('POST', '/accounts/:account_id/account_users', (_req, reply, platformApp, params) => {
    const account = permittedAccount(platformApp, params.account_id);
    const userId = intParam(params.user_id);
    if (userId === null || !state.user(userId)) throw new RecordInvalid('User must exist', ['user']);
    const role: Role = params.role === 'administrator' ? 'administrator' : 'agent';
    const membership = actions.upsertAccountUser(account.id, userId, role);
    return sendJson(reply, 200, presentAccountUserRecord(membership));
  });

  route('DELETE', '/accounts/:account_id/account_users', (_req, reply, platformApp, params) => {
    const account = permittedAccount(platformApp, params.account_id);
    const userId = intParam(params.user_id);
    state.db.accountUsers = state.db.accountUsers.filter(
      (au) => !(au.account_id === account.id && au.user_id === userId),
    );
    return reply.code(200).send();
  });

  // ----------------------------------------------------------------------------------------------
  // Users

  route('POST', '/users', (_req, reply, platformApp, params) => {
    const user = actions.createUser({
      name: stringParam(params.name) ?? '',
      email: stringParam(params.email) ?? '',
      password: stringParam(params.password),
      display_name: stringParam(params.display_name) ?? null,
      custom_attributes: objectParam(params.custom_attributes),
    });
    grant(platformApp, 'User', user.id);
    return sendJson(reply, 200, presentPlatformUser(state, user));
  });

  route('GET', '/users/:id', (_req, reply, platformApp, params) => {
    return sendJson(reply, 200, presentPlatformUser(state, permittedUser(platformApp, params.id)));
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    route(method, '/users/:id', (_req, reply, platformApp, params) => {
      const user = permittedUser(platformApp, params.id);
      const name = stringParam(params.name);
      const email = stringParam(params.email);
      if (email !== undefined && email.toLowerCase() !== user.email && state.userByEmail(email)) {
        throw new RecordInvalid('Email has already been taken', ['email']);
      }
      if (name !== undefined) user.name = name;
      if (email !== undefined) user.email = email.trim().toLowerCase();
      if ('display_name' in params) user.display_name = stringParam(params.display_name) ?? null;
      const password = stringParam(params.password);
      if (password !== undefined) user.password = password;
      const customAttributes = objectParam(params.custom_attributes);
      if (customAttributes) user.custom_attributes = customAttributes;
      return sendJson(reply, 200, presentPlatformUser(state, user));
    });
  }

  route('DELETE', '/users/:id', (_req, reply, platformApp, params) => {
    const user = permittedUser(platformApp, params.id);
    state.db.users = state.db.users.filter((u) => u !== user);
    state.db.accountUsers = state.db.accountUsers.filter((au) => au.user_id !== user.id);
    for (const [client, session] of state.sessions)
      if (session.userId === user.id) state.sessions.delete(client);
    return reply.code(200).send();
  });

  route('GET', '/users/:id/login', (_req, reply, platformApp, params) => {
    const user = permittedUser(platformApp, params.id);
    const token = state.issueSsoToken(user.id);
    const query = new URLSearchParams({ email: user.email, sso_auth_token: token });
    return sendJson(reply, 200, { url: `${ctx.baseUrl()}/app/login?${query.toString()}` });
  });

  route('POST', '/users/:id/token', (_req, reply, platformApp, params) => {
    const user = permittedUser(platformApp, params.id);
    return sendJson(reply, 200, {
      access_token: user.access_token,
      expiry: null,
      user: {
        id: user.id,
        name: user.name,
        display_name: user.display_name,
        email: user.email,
        pubsub_token: user.pubsub_token,
      },
    });
  });
}

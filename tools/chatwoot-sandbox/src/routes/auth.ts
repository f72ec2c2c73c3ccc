// devise_token_auth endpoints as Chatwoot overrides them (DeviseOverrides::SessionsController,
// DeviseOverrides::TokenValidationsController).
import type { FastifyInstance } from 'fastify';
import { deviseHeaders, MESSAGES } from '../auth.js';
import type { SandboxContext } from '../context.js';
import { header, railsParams, sendJson, stringParam } from '../http.js';
import { isoTime, presentUser } from '../presenters.js';

export function registerAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx;

  app.post('/auth/sign_in', async (req, reply) => {
    const params = railsParams(req);
    // `merge_credential_headers`: email/password may also arrive as request headers.
    const email = stringParam(params.email) ?? header(req, 'email') ?? '';
    const password = stringParam(params.password) ?? header(req, 'password');
    const ssoToken = stringParam(params.sso_auth_token);
    const user = state.userByEmail(email);
    const valid =
      user !== undefined &&
      (ssoToken !== undefined ? state.consumeSsoToken(ssoToken, user.id) : password === user.password);
    if (!user || !valid) return sendJson(reply, 401, { success: false, errors: [MESSAGES.badCredentials] });
    const session = state.createSession(user.id);
    reply.headers(deviseHeaders(state, session));
    return sendJson(reply, 200, { data: presentUser(state, user) });
  });

  app.get('/auth/validate_token', async (req, reply) => {
    const params = railsParams(req);
    const accessToken = header(req, 'access-token') ?? stringParam(params['access-token']);
    const client = header(req, 'client') ?? stringParam(params.client);
    const uid = header(req, 'uid') ?? stringParam(params.uid);
    const session = accessToken && client && uid ? state.findSession(accessToken, client, uid) : undefined;
    const user = session ? state.user(session.userId) : undefined;
    if (!session || !user) return sendJson(reply, 401, { success: false, errors: [MESSAGES.invalidToken] });
    reply.headers(deviseHeaders(state, session));
    return sendJson(reply, 200, {
      payload: { success: true, data: { ...presentUser(state, user), created_at: isoTime(user.created_at) } },
    });
  });

  app.delete('/auth/sign_out', async (req, reply) => {
    const accessToken = header(req, 'access-token');
    const client = header(req, 'client');
    const uid = header(req, 'uid');
    const session = accessToken && client && uid ? state.findSession(accessToken, client, uid) : undefined;
    if (!session) {
      return sendJson(reply, 404, { success: false, errors: ['User was not found or was not logged in.'] });
    }
    state.sessions.delete(session.client);
    return sendJson(reply, 200, { success: true });
  });
}

// The host pages: Chatwoot's login and dashboard (`/app/**`), their assets, and the demo Dashboard App.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deviseHeaders } from '../auth.js';
import type { CookieEncoding } from '../config.js';
import type { SandboxContext } from '../context.js';
import { encodeSessionCookie, sessionSetCookie } from '../cookie.js';
import { intParam, sendHtml, stringParam } from '../http.js';
import { dashboardPage, demoDashboardAppPage, loginPage } from '../pages.js';

const ASSETS: Record<string, string> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'login.js': 'text/javascript; charset=utf-8',
  'demo-app.js': 'text/javascript; charset=utf-8',
};

const assetBodies = new Map(
  Object.keys(ASSETS).map((name) => [
    name,
    readFileSync(new URL(`../public/${name}`, import.meta.url), 'utf8'),
  ]),
);

const ENCODINGS: CookieEncoding[] = ['js-cookie', 'uri', 'raw'];

export function registerPageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx;

  app.get('/', async (_req, reply) => reply.redirect('/app'));

  app.get('/packs/sandbox/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const type = ASSETS[file];
    const body = assetBodies.get(file);
    if (!type || body === undefined) return reply.callNotFound();
    return reply.header('content-type', type).header('cache-control', 'no-cache').send(body);
  });

  app.get('/app/login', async (req, reply) => {
    const demoUsers = state.db.users.map((u) => ({ name: u.name, email: u.email, password: u.password }));
    const locale = stringParam((req.query as Record<string, unknown>).locale);
    return sendHtml(reply, 200, loginPage(ctx.config, demoUsers, locale));
  });

  const dashboard = async (req: FastifyRequest, reply: FastifyReply) =>
    sendHtml(
      reply,
      200,
      dashboardPage(ctx.config, stringParam((req.query as Record<string, unknown>).locale)),
    );
  app.get('/app', dashboard);
  app.get('/app/*', dashboard);

  app.get('/__sandbox/dashboard-app', async (_req, reply) => sendHtml(reply, 200, demoDashboardAppPage()));

  /**
   * Direct browser login for tests: creates a devise session, sets `cw_d_session_info` in the requested
   * encoding and redirects. `?email=` or `?user_id=`, optional `redirect` (a path) and `encoding`.
   */
  app.get('/__sandbox/login', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const userId = intParam(query.user_id);
    const user = userId !== null ? state.user(userId) : state.userByEmail(stringParam(query.email) ?? '');
    if (!user) return sendHtml(reply, 404, '<h1>No such user</h1>');
    const requested = stringParam(query.encoding) as CookieEncoding | undefined;
    const encoding = requested && ENCODINGS.includes(requested) ? requested : ctx.config.cookieEncoding;
    const session = state.createSession(user.id);
    const devise = deviseHeaders(state, session);
    const value = encodeSessionCookie(ctx.signInResponseHeaders(devise), encoding);
    const redirect = stringParam(query.redirect);
    const active = state.activeAccountUser(user.id);
    const target =
      redirect?.startsWith('/') && !redirect.startsWith('//')
        ? redirect
        : active
          ? `/app/accounts/${active.account_id}/dashboard`
          : '/app';
    return reply
      .header('set-cookie', sessionSetCookie(value, encoding === 'uri' ? null : session.expiry))
      .redirect(target);
  });
}

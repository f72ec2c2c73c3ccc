// HTTP face of the control API (`/__sandbox/**`). It has no authentication: the sandbox is a
// development tool and listens on 127.0.0.1 by default.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { controlDispatch, controlSchemas } from '../control.js';
import { sendJson, stringParam } from '../http.js';

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state, dispatcher } = ctx;

  app.post('/__sandbox/control/:method', async (req, reply) => {
    const method = (req.params as { method: string }).method;
    if (!Object.hasOwn(controlSchemas, method)) {
      return sendJson(reply, 404, {
        error: `unknown control method ${method}`,
        methods: Object.keys(controlSchemas),
      });
    }
    return sendJson(reply, 200, controlDispatch(ctx.control, method, req.body) ?? null);
  });

  app.post('/__sandbox/reset', async (req, reply) => {
    return sendJson(reply, 200, controlDispatch(ctx.control, 'reset', req.body ?? {}));
  });

  app.get('/__sandbox/deliveries', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const event = stringParam(query.event);
    const url = stringParam(query.url);
    const deliveries = dispatcher.attempts.filter(
      (a) => (event === undefined || a.event === event) && (url === undefined || a.url === url),
    );
    return sendJson(reply, 200, { deliveries });
  });

  app.delete('/__sandbox/deliveries', async (_req, reply) => {
    dispatcher.clear();
    return sendJson(reply, 200, { ok: true });
  });

  /** Resolves when every queued delivery and pending retry has finished. */
  app.post('/__sandbox/deliveries/idle', async (_req, reply) => {
    await dispatcher.idle();
    return sendJson(reply, 200, { ok: true, count: dispatcher.attempts.length });
  });

  app.get('/__sandbox/config', async (_req, reply) => sendJson(reply, 200, ctx.config));

  app.get('/__sandbox/state', async (_req, reply) => sendJson(reply, 200, state.db));

  /** Logins and tokens of the current installation (the demo credentials unless the seed changed them). */
  app.get('/__sandbox/credentials', async (_req, reply) => {
    return sendJson(reply, 200, {
      users: state.db.users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        password: u.password,
        accessToken: u.access_token,
        accounts: state.accountUsersOf(u.id).map((au) => ({ id: au.account_id, role: au.role })),
      })),
      agentBots: state.db.agentBots.map((b) => ({ id: b.id, name: b.name, accessToken: b.access_token })),
      platformApps: state.db.platformApps.map((p) => ({
        id: p.id,
        name: p.name,
        accessToken: p.access_token,
      })),
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { accountRoles, type Permission, roleCan } from '@whatpro/contracts';
import type { RouteOptions } from 'fastify';
import { inboxes, webhookEvents } from '../db/schema';
import { createTestApp, type TestApp } from '../test/app';
import { createTenant, createUser, type TestTenant } from '../test/factories';

/**
 * The IDOR matrix (security.md §2): every account-scoped route, generated from the route inventory, is
 * called as every role of tenant A, as tenant B's admin with A's ids, and anonymously. A new route
 * without a fixture here fails the test, so nothing joins the API unchecked.
 */
interface Call {
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}
interface Fixture {
  success: number;
  /** Builds a fresh target in `owner` for each call, so one role's success does not change another's. */
  call(app: TestApp, owner: TestTenant): Promise<Call>;
}

const fixtures: Record<string, Fixture> = {
  'GET /api/v1/accounts/:accountId/inboxes': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/api-keys': { success: 200, call: async () => ({ params: {} }) },
  'POST /api/v1/accounts/:accountId/api-keys': {
    success: 201,
    call: async () => ({ params: {}, body: { name: 'matrix', scopes: ['inboxes:read:account'] } }),
  },
  'DELETE /api/v1/accounts/:accountId/api-keys/:keyId': {
    success: 204,
    async call(t, owner) {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${owner.accountId}/api-keys`,
        headers: owner.users.admin.headers,
        payload: { name: 'target', scopes: ['inboxes:read:account'] },
      });
      return { params: { keyId: created.json().id } };
    },
  },
  'GET /api/v1/accounts/:accountId/members': { success: 200, call: async () => ({ params: {} }) },
  'PATCH /api/v1/accounts/:accountId/members/:userId': {
    success: 200,
    async call(t, owner) {
      const target = await createUser(t.app, { accountId: owner.accountId, role: 'agent' });
      return { params: { userId: target.id }, body: { role: 'viewer' } };
    },
  },
  'DELETE /api/v1/accounts/:accountId/members/:userId/sessions': {
    success: 200,
    async call(t, owner) {
      const target = await createUser(t.app, { accountId: owner.accountId, role: 'agent' });
      return { params: { userId: target.id } };
    },
  },
  'GET /api/v1/accounts/:accountId/audit-logs': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/embed/snippet': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/chatwoot/connection': { success: 200, call: async () => ({ params: {} }) },
  'PUT /api/v1/accounts/:accountId/chatwoot/connection': {
    success: 200,
    call: async () => ({ params: {}, body: { api_access_token: 'sandbox-token-ana-admin' } }),
  },
  'POST /api/v1/accounts/:accountId/inboxes/sync': { success: 200, call: async () => ({ params: {} }) },
  'GET /api/v1/accounts/:accountId/webhooks/dead-letters': {
    success: 200,
    call: async () => ({ params: {} }),
  },
  'POST /api/v1/accounts/:accountId/webhooks/events/:eventId/replay': {
    success: 202,
    async call(t, owner) {
      const [event] = await t.app.deps.database.system
        .insert(webhookEvents)
        .values({
          provider: 'chatwoot',
          deliveryId: `matrix-${Math.random()}`,
          accountId: owner.accountId,
          event: 'conversation_updated',
          rawBody: '{"event":"conversation_updated"}',
          signatureVerified: true,
          status: 'dead',
        })
        .returning();
      return { params: { eventId: event!.id } };
    },
  },
  'POST /api/v1/accounts/:accountId/embed/dashboard-app': {
    success: 200,
    call: async () => ({ params: {}, body: {} }),
  },
  'GET /api/v1/accounts/:accountId/audit-logs/export': {
    success: 200,
    call: async () => ({ params: {}, query: { format: 'json' } }),
  },
};

let sandbox: Sandbox;

function methodsOf(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD');
}

function urlFor(template: string, accountId: number, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    name === 'accountId' ? String(accountId) : (params[name] ?? `missing-${name}`),
  );
}

describe('IDOR matrix over every account-scoped route', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let routes: { method: string; url: string; permission: Permission }[];
  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url } });
    const idOf = (email: string) => sandbox.state.db.users.find((user) => user.email === email)?.id;
    // A mirrors the sandbox's account 1, so Chatwoot reconciles (run by some routes) keep its people.
    a = await createTenant(t.app, 'A', 1, {
      admin: idOf('ana.admin@acme.test'),
      supervisor: idOf('carla@whatpro.test'),
      agent: idOf('bruno.agent@acme.test'),
      viewer: idOf('eva.agent@acme.test'),
    });
    const connected = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: a.users.admin.headers,
      payload: { api_access_token: 'sandbox-token-ana-admin' },
    });
    assert.equal(connected.statusCode, 200, connected.body);
    b = await createTenant(t.app, 'B');
    await t.app.deps.database.system
      .insert(inboxes)
      .values({ accountId: a.accountId, chatwootInboxId: 7, name: 'A inbox', channelType: 'Channel::Api' });
    routes = t.app.routeInventory
      .filter((route) => route.url.startsWith('/api/v1/accounts/:accountId'))
      .flatMap((route) =>
        methodsOf(route).map((method) => ({
          method,
          url: route.url,
          permission: route.config?.access as Permission,
        })),
      );
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  test('every account-scoped route has a fixture and declares a permission', () => {
    assert.ok(routes.length >= 16, 'routes found');
    const missing = routes
      .filter((route) => !fixtures[`${route.method} ${route.url}`])
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    const undeclared = routes.filter((route) => !route.permission?.includes(':'));
    assert.deepEqual(undeclared, []);
  });

  test('each role of the tenant gets exactly what the permission table grants', async () => {
    for (const route of routes) {
      const fixture = fixtures[`${route.method} ${route.url}`];
      if (!fixture) continue;
      for (const role of accountRoles) {
        const input: Call = await fixture.call(t, a);
        const response: { statusCode: number; body: string } = await t.app.inject({
          method: route.method as 'GET',
          url: urlFor(route.url, a.accountId, input.params),
          query: input.query,
          payload: input.body as object,
          headers: a.users[role].headers,
        });
        const expected: number = roleCan(role, route.permission) ? fixture.success : 403;
        assert.equal(
          response.statusCode,
          expected,
          `${role} ${route.method} ${route.url}: ${response.body.slice(0, 200)}`,
        );
      }
    }
  });

  test("another tenant's admin gets 404 with A's account id, and 404 for A's object ids under its own account", async () => {
    for (const route of routes) {
      const fixture = fixtures[`${route.method} ${route.url}`];
      if (!fixture) continue;
      const input: Call = await fixture.call(t, a);
      const request = {
        method: route.method as 'GET',
        query: input.query,
        payload: input.body as object,
        headers: b.users.admin.headers,
      };
      const crossAccount = await t.app.inject({
        ...request,
        url: urlFor(route.url, a.accountId, input.params),
      });
      assert.equal(crossAccount.statusCode, 404, `${route.method} ${route.url} with A's account`);
      const objectIds = Object.keys(input.params);
      if (objectIds.length > 0) {
        const ownAccount = await t.app.inject({
          ...request,
          url: urlFor(route.url, b.accountId, input.params),
        });
        assert.equal(ownAccount.statusCode, 404, `${route.method} ${route.url} with A's ids under B`);
      }
    }
  });

  test('anonymous callers get 401 everywhere', async () => {
    for (const route of routes) {
      const fixture = fixtures[`${route.method} ${route.url}`];
      if (!fixture) continue;
      const input: Call = await fixture.call(t, a);
      const response: { statusCode: number; body: string } = await t.app.inject({
        method: route.method as 'GET',
        url: urlFor(route.url, a.accountId, input.params),
        query: input.query,
        payload: input.body as object,
      });
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
    }
  });
});

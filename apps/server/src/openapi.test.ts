import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from './test/app';

/** Routes that serve files or the docs UI rather than JSON, and so carry no response schema. */
const UNSCHEMATISED = [
  /^\/docs/,
  /^\/$/,
  /^\/ws$/,
  /^\*$/,
  /^\/embed\.js$/,
  /^\/embed\/inter\.woff2$/,
  // Chat attachment downloads: the file's own bytes.
  /^\/api\/v1\/chat\/files\//,
];

describe('OpenAPI', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('every API route declares a schema with its responses', () => {
    const missing = t.app.routeInventory
      .filter((route) => !UNSCHEMATISED.some((pattern) => pattern.test(route.url)))
      .filter(
        (route) => route.method !== 'HEAD' && !(Array.isArray(route.method) && route.method.includes('HEAD')),
      )
      .filter((route) => !route.schema?.response);
    assert.deepEqual(
      missing.map((route) => `${route.method} ${route.url}`),
      [],
      'routes without a response schema',
    );
  });

  test('every API route declares who may call it (a permission, "authenticated" or "public")', () => {
    const undeclared = t.app.routeInventory
      .filter(
        (route) => route.url.startsWith('/api/') || route.url.startsWith('/health/') || route.url === '/ws',
      )
      .filter((route) => route.config?.access === undefined)
      .map((route) => `${route.method} ${route.url}`);
    assert.deepEqual(undeclared, []);
  });

  test('the document is served as JSON and lists the routes', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.0.3');
    assert.ok(document.paths['/health/ready']);
    assert.ok(document.paths['/api/v1/meta']);
  });

  test('the reference UI is served', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /swagger/i);
  });
});

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../test/app';
import { createTenant } from '../test/factories';

const CHATWOOT = 'https://chat.example.com';
const ALLOWED = 'https://panel.example.com';

describe('security headers per route class, CORS and the web app', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      env: { CHATWOOT_URL: CHATWOOT, CORS_ORIGINS: `${ALLOWED}, https://other.example.com` },
    });
  });
  after(() => t.close());

  test('JSON API: never framed, never cached, no sniffing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/meta' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(
      String(response.headers['content-security-policy']),
      /default-src 'none'; frame-ancestors 'none'/,
    );
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(String(response.headers['strict-transport-security']), /max-age=31536000/);
    assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    assert.match(String(response.headers['permissions-policy']), /camera=\(\)/);
  });

  test("HTML pages: framable only by the deployment's Chatwoot, without X-Frame-Options", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /text\/html/);
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, new RegExp(`frame-ancestors ${CHATWOOT}(;|$)`));
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'none'/);
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'/.exec(csp)?.[1];
    assert.ok(nonce, 'a per-response script nonce');
    const next = await t.app.inject({ method: 'GET', url: '/' });
    assert.doesNotMatch(
      String(next.headers['content-security-policy']),
      new RegExp(nonce.replace(/[+/=]/g, '\\$&')),
    );
    assert.equal(response.headers['x-frame-options'], undefined);
    assert.equal(response.headers['cache-control'], 'no-cache');
  });

  test('app paths navigated by a browser get index.html; the same path as an API call gets JSON 404', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/kanban/board',
      headers: { accept: 'text/html' },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<div id="root">/);
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/kanban',
      headers: { accept: 'text/html' },
    });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'not_found');
  });

  test('hashed assets are cached for a year and cannot be framed', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['cross-origin-resource-policy'], 'same-origin');
    assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  const assertApiHeaders = (headers: Record<string, unknown>, label: string) => {
    assert.equal(headers['cache-control'], 'no-store', label);
    assert.equal(headers['x-frame-options'], 'DENY', label);
    assert.match(
      String(headers['content-security-policy']),
      /^default-src 'none'; frame-ancestors 'none'/,
      label,
    );
    assert.doesNotMatch(String(headers['content-type']), /text\/html/, label);
  };

  test('API data reached through encoded, doubled, dotted or case-varied paths carries the API headers', async () => {
    const tenant = await createTenant(t.app, 'Headers');
    const admin = tenant.users.admin;
    for (const url of [
      '/%61pi/v1/auth/me',
      '/api/v1/auth/%6De',
      '/%2561pi/v1/auth/me',
      '/api/./v1/auth/me',
    ]) {
      for (const accept of ['text/html', 'application/json']) {
        const response = await t.app.inject({ method: 'GET', url, headers: { ...admin.headers, accept } });
        const label = `${url} (${accept}): ${response.statusCode}`;
        assertApiHeaders(response.headers, label);
        if (response.statusCode === 200) assert.equal(response.json().id, admin.id, label);
        else assert.equal(response.statusCode, 404, label);
      }
    }
    const encoded = await t.app.inject({ method: 'GET', url: '/%61pi/v1/auth/me', headers: admin.headers });
    assert.equal(encoded.statusCode, 200, 'the router decodes the path, so this is the API route itself');
  });

  test('paths no route matches get the API headers and JSON, unless the app answers with a page', async () => {
    for (const url of [
      '//api/v1/auth/me',
      '/API/v1/auth/me',
      '/Api/V1/meta',
      '/api/v1/meta/',
      '/assets/gone.js',
      '/nope',
    ]) {
      for (const accept of ['text/html', 'application/json']) {
        const response = await t.app.inject({ method: 'GET', url, headers: { accept } });
        if (url === '/nope' && accept === 'text/html') continue;
        const label = `${url} (${accept})`;
        assert.equal(response.statusCode, 404, label);
        assert.equal(response.json().error.code, 'not_found', label);
        assertApiHeaders(response.headers, label);
      }
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/embed/dashboard-app',
      headers: { accept: 'text/html' },
    });
    assert.equal(post.statusCode, 404);
    assertApiHeaders(post.headers, 'POST to an app path');
    const page = await t.app.inject({
      method: 'GET',
      url: '/embed/dashboard-app',
      headers: { accept: 'text/html' },
    });
    assert.equal(page.statusCode, 200);
    assert.match(
      String(page.headers['content-security-policy']),
      new RegExp(`frame-ancestors ${CHATWOOT}(;|$)`),
    );
    assert.equal(page.headers['x-frame-options'], undefined);
  });

  test('a URL refused before routing (undecodable) still gets the API headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/%zz/api', headers: { accept: 'text/html' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'bad_request');
    assertApiHeaders(response.headers, 'undecodable URL');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  test('over a real socket, raw paths the client does not normalize are classified as the router sees them', async () => {
    const tenant = await createTenant(t.app, 'Socket');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of [
      '/api/../api/v1/auth/me',
      '/%61pi/../api/v1/auth/me',
      '//api/v1/auth/me',
      '/x/../API/v1/meta',
      '/%61pi/v1/auth/me',
    ]) {
      const response = await get(path, { ...tenant.users.admin.headers, accept: 'text/html' });
      assertApiHeaders(response.headers, `${path}: ${response.status} ${response.body.slice(0, 80)}`);
      assert.doesNotMatch(response.body, /<div id="root">/, path);
    }
  });

  test('CORS answers only origins on the exact allowlist', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/meta',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED);
    assert.equal(allowed.headers['access-control-allow-credentials'], 'true');

    for (const origin of [
      'https://evil.example.com',
      `${ALLOWED}.evil.com`,
      'null',
      ALLOWED.replace('https', 'http'),
    ]) {
      const denied = await t.app.inject({ method: 'GET', url: '/api/v1/meta', headers: { origin } });
      assert.equal(denied.headers['access-control-allow-origin'], undefined, origin);
    }
  });
});

describe('pages without a configured Chatwoot', () => {
  test('cannot be framed by anyone', async () => {
    const t = await createTestApp();
    try {
      const response = await t.app.inject({ method: 'GET', url: '/' });
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(response.headers['x-frame-options'], 'DENY');
    } finally {
      await t.close();
    }
  });
});

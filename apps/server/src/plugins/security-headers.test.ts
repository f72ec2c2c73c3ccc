import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../test/app';

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

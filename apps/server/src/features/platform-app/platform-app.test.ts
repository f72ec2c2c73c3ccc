import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { platformAppConfigSchema } from '@whatpro/contracts';
import { eq } from 'drizzle-orm';
import { auditLogs } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';

const SECRET = 'platform-app-secret-for-tests-0123456789';
const CHATWOOT = 'https://chat.example.com';

function signed(body: object, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const raw = JSON.stringify(body);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex');
  return {
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-whatpro-timestamp': String(timestamp),
      'x-whatpro-signature': `sha256=${signature}`,
    },
  };
}

describe('platform app and the Dashboard Script', () => {
  let t: TestApp;
  let scriptPath: string;
  before(async () => {
    scriptPath = join(mkdtempSync(join(tmpdir(), 'whatpro-embed-')), 'embed.js');
    writeFileSync(scriptPath, '(()=>{})();');
    writeFileSync(join(dirname(scriptPath), 'inter.woff2'), 'wOF2-font-bytes');
    t = await createTestApp({
      env: { CHATWOOT_URL: CHATWOOT, PLATFORM_APP_SECRET: SECRET, EMBED_SCRIPT_PATH: scriptPath },
    });
  });
  after(() => t.close());

  test('config tells the script and pages their origins and URLs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/platform-app/config' });
    assert.equal(response.statusCode, 200);
    const config = platformAppConfigSchema.parse(response.json());
    assert.equal(config.chatwoot_origin, CHATWOOT);
    assert.equal(config.script_url, 'http://localhost:3000/embed.js');
  });

  test('the Dashboard Script is served cross-origin with a content-hash ETag', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/embed.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.match(String(response.headers['content-type']), /javascript/);
    const etag = String(response.headers.etag);
    const again = await t.app.inject({ method: 'GET', url: '/embed.js', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
  });

  test("the script's Inter is served beside it, readable by Chatwoot's page (CORS) and cross-origin", async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/embed/inter.woff2',
      headers: { origin: CHATWOOT },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'wOF2-font-bytes');
    assert.equal(response.headers['content-type'], 'font/woff2');
    assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(response.headers['access-control-allow-origin'], '*');
  });

  test('embeddable pages may be framed only by the Chatwoot origin', async () => {
    for (const url of ['/embed', '/embed/dashboard-app']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(response.statusCode, 200);
      assert.match(
        String(response.headers['content-security-policy']),
        new RegExp(`frame-ancestors ${CHATWOOT}(;|$)`),
      );
      assert.equal(response.headers['x-frame-options'], undefined);
    }
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/platform-app/config' });
    assert.match(String(api.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  test('signed install events are accepted once; replays, bad signatures, re-encoded bodies and stale timestamps are refused and audited', async () => {
    const event = {
      id: 'evt-install-0001',
      event: 'install',
      account_id: 42,
      occurred_at: new Date().toISOString(),
    };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      ...signed(event),
    });
    assert.equal(first.statusCode, 200, first.body);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      ...signed(event),
    });
    assert.equal(replay.statusCode, 409);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      ...signed({ ...event, id: 'evt-2xxxxxx' }, 'wrong-secret'),
    });
    assert.equal(forged.statusCode, 401);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      ...signed({ ...event, id: 'evt-3xxxxxx' }, SECRET, Math.floor(Date.now() / 1000) - 600),
    });
    assert.equal(stale.statusCode, 401);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      payload: event,
    });
    assert.equal(unsigned.statusCode, 401);
    // Same JSON value, other bytes: the signature was made over `"é"` and the body says `"\u00e9"`.
    const reencoded = signed({ ...event, id: 'evt-josé-0004' });
    const escaped = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      headers: reencoded.headers,
      payload: reencoded.payload.replace('é', '\\u00e9'),
    });
    assert.equal(escaped.statusCode, 401, escaped.body);
    const spaced = signed({ ...event, id: 'evt-5xxxxxx' });
    const respaced = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      headers: spaced.headers,
      payload: spaced.payload.replace(',', ', '),
    });
    assert.equal(respaced.statusCode, 401, respaced.body);
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/v1/platform-app/events',
      ...signed({ nope: true } as never),
    });
    assert.equal(garbage.statusCode, 400);
    const installs = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'platform_app.install'));
    assert.equal(installs.length, 1);
    const failures = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'platform_app.auth_failed'));
    assert.ok(failures.length >= 3);
  });
});

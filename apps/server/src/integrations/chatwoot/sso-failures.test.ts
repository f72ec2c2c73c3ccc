// SSO against a Chatwoot that misbehaves: every failure of the client must reach the user as a 502 or
// 503 with a message they can act on, never a 500, and sign nobody in.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { errorBodySchema } from '@whatpro/contracts';
import { sessions, users } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { type FakeHttpServer, startFakeHttpServer, unusedPort } from '../../test/net';

const TOKEN = 'agent-personal-token-0123456789';

async function sso(t: TestApp) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sso',
    // A fresh address per call: sign-in is rate limited per address, in Redis shared by test files.
    remoteAddress: `198.18.${randomInt(256)}.${randomInt(1, 255)}`,
    payload: { api_access_token: TOKEN },
  });
  return { response, body: errorBodySchema.parse(response.json()) };
}

/** Nobody was signed in and nothing was treated as a bug of the Hub. */
async function assertNothingHappened(t: TestApp) {
  assert.deepEqual(await t.app.deps.database.system.select().from(sessions), []);
  assert.deepEqual(await t.app.deps.database.system.select().from(users), []);
  assert.doesNotMatch(t.logs.text(), /unhandled error/);
  assert.doesNotMatch(t.logs.text(), new RegExp(TOKEN));
}

describe('SSO when Chatwoot misbehaves', () => {
  let chatwoot: FakeHttpServer;
  let redirectTarget: FakeHttpServer;
  let t: TestApp;
  before(async () => {
    chatwoot = await startFakeHttpServer();
    redirectTarget = await startFakeHttpServer();
    t = await createTestApp({ env: { CHATWOOT_URL: chatwoot.url, CHATWOOT_TIMEOUT_MS: '300' } });
  });
  after(async () => {
    await t.close();
    await chatwoot.close();
    await redirectTarget.close();
  });

  test('a redirect answers 502 chatwoot_bad_response and is not followed', async () => {
    chatwoot.handle((_req, res) => {
      res.writeHead(302, { location: `${redirectTarget.url}/api/v1/profile` });
      res.end();
    });
    redirectTarget.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 502);
    assert.equal(body.error.code, 'chatwoot_bad_response');
    assert.match(body.error.message, /redirect.*CHATWOOT_URL/);
    assert.doesNotMatch(body.error.message, new RegExp(redirectTarget.url));
    assert.deepEqual(chatwoot.hits, ['/api/v1/profile']);
    assert.deepEqual(redirectTarget.hits, []);
    await assertNothingHappened(t);
  });

  test('a 5xx answers 502 chatwoot_bad_response naming the status', async () => {
    chatwoot.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'boom' }));
    });
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 502);
    assert.equal(body.error.code, 'chatwoot_bad_response');
    assert.match(body.error.message, /internal error \(HTTP 500\); try again later/);
    assert.equal(chatwoot.hits.length, 3, 'the read was retried before giving up');
    await assertNothingHappened(t);
  });

  test('a body that is not JSON answers 502 chatwoot_bad_response', async () => {
    chatwoot.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Welcome to nginx</html>');
    });
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 502);
    assert.equal(body.error.code, 'chatwoot_bad_response');
    assert.match(body.error.message, /cannot read.*CHATWOOT_URL/);
    await assertNothingHappened(t);
  });

  test('JSON of the wrong shape answers 502 chatwoot_bad_response', async () => {
    chatwoot.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: 'world' }));
    });
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 502);
    assert.equal(body.error.code, 'chatwoot_bad_response');
    await assertNothingHappened(t);
  });

  test('no answer in time answers 503 chatwoot_unavailable', async () => {
    chatwoot.handle(() => {});
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 503);
    assert.equal(body.error.code, 'chatwoot_unavailable');
    assert.match(body.error.message, /did not answer in time; try again/);
    await assertNothingHappened(t);
  });

  test('Chatwoot rate-limiting the Hub answers 503 with its Retry-After', async () => {
    chatwoot.handle((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ error: 'Too many requests' }));
    });
    const { response, body } = await sso(t);
    assert.equal(response.statusCode, 503);
    assert.equal(body.error.code, 'chatwoot_unavailable');
    assert.equal(response.headers['retry-after'], '30');
    assert.match(body.error.message, /try again in 30 s/);
    await assertNothingHappened(t);
  });
});

describe('SSO when Chatwoot is not there', () => {
  test('a refused connection answers 503 chatwoot_unavailable', async () => {
    const t = await createTestApp({ env: { CHATWOOT_URL: `http://127.0.0.1:${await unusedPort()}` } });
    try {
      const { response, body } = await sso(t);
      assert.equal(response.statusCode, 503);
      assert.equal(body.error.code, 'chatwoot_unavailable');
      assert.match(body.error.message, /cannot be reached right now; try again/);
      await assertNothingHappened(t);
    } finally {
      await t.close();
    }
  });
});

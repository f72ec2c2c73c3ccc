import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accounts } from './db/schema';
import { serializeError } from './logger';
import { createTestApp, type TestApp } from './test/app';
import { createTestDatabase } from './test/database';

async function echoRoute(scope: FastifyInstance) {
  scope.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/fixtures/echo',
    {
      config: { access: 'public' },
      schema: {
        body: z.object({ body: z.string(), token: z.string() }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (request) => {
      request.log.info({ payload: request.body }, 'handler saw a payload');
      return { ok: true };
    },
  );
}

describe('request logs', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ extraRoutes: echoRoute });
  });
  after(() => t.close());

  test('every line of a request carries its request_id, and the summary line has method, route, status, latency', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'trace-0001' },
    });
    assert.equal(response.statusCode, 200);
    const lines = t.logs.lines.filter((line) => line.request_id === 'trace-0001');
    const summary = lines.find((line) => line.msg === 'request completed');
    assert.ok(summary, 'a completion line is logged');
    assert.equal(summary.method, 'GET');
    assert.equal(summary.route, '/health/live');
    assert.equal(summary.status, 200);
    assert.equal(typeof summary.latency_ms, 'number');
    assert.equal(summary.level, 'info');
  });

  test('tokens, cookies, Authorization and message bodies never reach the logs', async () => {
    const secrets = [
      'Bearer sekret-jwt-value',
      'session=cookie-sekret',
      'query-sekret',
      'body-sekret',
      'token-sekret',
    ];
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/fixtures/echo?access_token=query-sekret&page=2',
      headers: { authorization: secrets[0], cookie: secrets[1], 'x-request-id': 'trace-0002' },
      payload: { body: 'body-sekret', token: 'token-sekret' },
    });
    const text = t.logs.text();
    assert.ok(text.includes('trace-0002'), 'the request was logged');
    for (const secret of [
      'sekret-jwt-value',
      'cookie-sekret',
      'query-sekret',
      'body-sekret',
      'token-sekret',
    ]) {
      assert.ok(!text.includes(secret), `"${secret}" leaked into the logs`);
    }
    const line = t.logs.lines.find(
      (entry) => entry.request_id === 'trace-0002' && entry.msg === 'handler saw a payload',
    );
    assert.deepEqual(line?.payload, { body: '[redacted]', token: '[redacted]' });
  });
});

describe('errors from the database in logs', () => {
  test('a failed query, even wrapped in another error, logs what the database said but never the statement, parameters or detail', async () => {
    const db = await createTestDatabase();
    try {
      await db.database.system
        .insert(accounts)
        .values({ id: 5, installation: 'https://chat.test', name: 'Once' });
      const failure = await db.database.system
        .insert(accounts)
        .values({ id: 5, installation: 'param-sekret-installation', name: 'param-sekret-name' })
        .catch((error: Error) => error);
      assert.ok(failure instanceof Error);
      const wrapped = new Error('the nightly job failed', { cause: failure });
      const serialized = serializeError(wrapped) as Record<string, unknown>;
      const text = JSON.stringify(serialized);
      for (const leak of ['param-sekret', 'insert into', '"params"', '"query"', '"detail"', 'Key (id)']) {
        assert.equal(text.includes(leak), false, `${leak} reached the log`);
      }
      assert.equal(serialized.message, 'the nightly job failed');
      const query = serialized.cause as Record<string, unknown>;
      assert.equal(query.message, 'database query failed');
      const database = (query.cause ?? query) as Record<string, unknown>;
      assert.equal(database.sqlstate, '23505');
      assert.equal(database.constraint, 'accounts_pkey');
      assert.match(String(database.message), /duplicate key value/);
    } finally {
      await db.drop();
    }
  });

  test('other errors keep the standard shape', () => {
    const serialized = serializeError(new TypeError('plain failure')) as Record<string, unknown>;
    assert.equal(serialized.type, 'TypeError');
    assert.equal(serialized.message, 'plain failure');
    assert.match(String(serialized.stack), /logger\.test\.ts/);
  });
});

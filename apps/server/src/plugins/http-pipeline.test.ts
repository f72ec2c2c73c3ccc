import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorBodySchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors';
import { createTestApp, type TestApp } from '../test/app';

/** Fixture routes exercising the shared pipeline: validation, parsing, limits and the error shape. */
async function fixtureRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/fixtures/things/:thingId',
    {
      config: { access: 'public' },
      schema: {
        params: z.object({ thingId: z.uuid() }),
        body: z.strictObject({ name: z.string().min(1), size: z.number().int().optional() }),
        response: { 201: z.object({ id: z.string(), name: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send({ id: request.params.thingId, name: request.body.name }),
  );
  app.get(
    '/api/v1/fixtures/conflict',
    { config: { access: 'public' }, schema: { response: { 200: z.object({}) } } },
    async () => {
      throw new AppError(409, 'conflict', 'Already exists', { field: 'name' });
    },
  );
  app.get(
    '/api/v1/fixtures/crash',
    { config: { access: 'public' }, schema: { response: { 200: z.object({}) } } },
    async () => {
      throw new Error('database password=hunter2 leaked in a message');
    },
  );
}

const thingUrl = '/api/v1/fixtures/things/0b6f1f7e-8d1a-4c4e-9a57-3f2d6f0b9a11';

function assertErrorShape(body: unknown, code: string) {
  const parsed = errorBodySchema.parse(body);
  assert.equal(parsed.error.code, code);
  assert.ok(parsed.error.request_id.length > 0);
  return parsed.error;
}

describe('HTTP pipeline', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' }, extraRoutes: fixtureRoutes });
  });
  after(() => t.close());

  test('a valid request passes validation and is serialised by its schema', async () => {
    const response = await t.app.inject({ method: 'POST', url: thingUrl, payload: { name: 'ok' } });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.json(), { id: '0b6f1f7e-8d1a-4c4e-9a57-3f2d6f0b9a11', name: 'ok' });
  });

  test('unknown routes answer 404 in the JSON error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    assert.equal(response.statusCode, 404);
    const error = assertErrorShape(response.json(), 'not_found');
    assert.match(error.message, /GET \/api\/v1\/nothing-here not found/);
    assert.equal(error.request_id, response.headers['x-request-id']);
  });

  test('malformed JSON is a 400, not a 500', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: thingUrl,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(response.statusCode, 400);
    assert.match(assertErrorShape(response.json(), 'bad_request').message, /Malformed JSON/);
  });

  test('a wrong content type is a 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: thingUrl,
      headers: { 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    assert.equal(response.statusCode, 415);
    assertErrorShape(response.json(), 'unsupported_media_type');
  });

  test('an oversized body is a 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: thingUrl,
      payload: { name: 'x'.repeat(4096) },
    });
    assert.equal(response.statusCode, 413);
    assertErrorShape(response.json(), 'payload_too_large');
  });

  test('validation errors name the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: thingUrl,
      payload: { name: '', size: 'big' },
    });
    assert.equal(response.statusCode, 400);
    const error = assertErrorShape(response.json(), 'validation_failed');
    const fields = (error.details as { field: string }[]).map((issue) => issue.field).sort();
    assert.deepEqual(fields, ['body.name', 'body.size']);
    assert.match(error.message, /body\.name/);
  });

  test('unknown body fields are rejected by name (no mass assignment)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: thingUrl,
      payload: { name: 'ok', account_id: 999, role: 'super_admin' },
    });
    assert.equal(response.statusCode, 400);
    const error = assertErrorShape(response.json(), 'validation_failed');
    const fields = (error.details as { field: string; message: string }[]).map((issue) => issue.field).sort();
    assert.deepEqual(fields, ['body.account_id', 'body.role']);
  });

  test('a bad UUID in the path is a 400 naming the parameter', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/fixtures/things/not-a-uuid',
      payload: { name: 'x' },
    });
    assert.equal(response.statusCode, 400);
    const error = assertErrorShape(response.json(), 'validation_failed');
    assert.equal((error.details as { field: string }[])[0]?.field, 'params.thingId');
  });

  test('application errors keep their status, code and details', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/fixtures/conflict' });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(assertErrorShape(response.json(), 'conflict').details, { field: 'name' });
  });

  test('unexpected errors are a generic 500 that leaks nothing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/fixtures/crash' });
    assert.equal(response.statusCode, 500);
    const error = assertErrorShape(response.json(), 'internal_error');
    assert.equal(error.message, 'Internal server error');
    assert.equal(error.details, undefined);
    assert.doesNotMatch(response.body, /hunter2|password|stack|\.ts:\d+/);
  });

  test('a sane incoming X-Request-Id is kept and echoed; anything else is replaced', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'abc-123_XYZ.9' },
    });
    assert.equal(kept.headers['x-request-id'], 'abc-123_XYZ.9');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('garbage of every kind never produces a 500', async () => {
    const attempts = [
      {
        method: 'POST' as const,
        url: thingUrl,
        payload: 'null',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: thingUrl,
        payload: '[]',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: thingUrl,
        payload: '',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: thingUrl,
        payload: '"x"',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: `${thingUrl}%00`,
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'GET' as const, url: '/api/v1/%E0%A4%A', headers: {} },
      { method: 'DELETE' as const, url: '/health/live', headers: {} },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject(attempt);
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${attempt.method} ${attempt.url} ${attempt.payload ?? ''} gave ${response.statusCode}`,
      );
      assert.ok(errorBodySchema.safeParse(response.json()).success, `${attempt.url}: ${response.body}`);
    }
  });
});

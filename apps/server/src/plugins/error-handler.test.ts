import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import pg from 'pg';
import { z } from 'zod';
import { accounts } from '../db/schema';
import { databaseOverloaded } from '../errors';
import { createTestApp, type TestApp } from '../test/app';

const SECRET_PARAMETER = 'whk_secret-parameter-0123456789';

/** Fixture routes that hand the database a value it refuses, bound as a parameter next to a secret. */
async function databaseFixtures(scope: FastifyInstance) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const route = (path: string, run: (value: string) => Promise<unknown>) =>
    app.get(
      `/api/v1/fixtures/database/${path}`,
      { config: { access: 'public' }, schema: { querystring: z.object({ value: z.string() }) } },
      async (request) => {
        await run(request.query.value);
        return { ok: true };
      },
    );
  const { system } = app.deps.database;
  route('integer', (value) => system.execute(sql`select ${value}::integer, ${SECRET_PARAMETER}::text`));
  route('smallint', (value) =>
    system.execute(sql`select ${value}::numeric::smallint, ${SECRET_PARAMETER}::text`),
  );
  route('account', (value) =>
    system.insert(accounts).values({ id: Number(value), installation: SECRET_PARAMETER, name: 'Fixture' }),
  );
  route('division', (value) => system.execute(sql`select 1 / ${Number(value)}, ${SECRET_PARAMETER}::text`));
  // The database's own refusal with this SQLSTATE (a DO block takes no parameters, hence the check).
  route('refusal', (value) => {
    if (!/^[0-9A-Z]{5}$/.test(value)) throw new Error('not a SQLSTATE');
    return system.execute(
      sql.raw(`do $$ begin raise exception 'refused' using errcode = '${value}'; end $$`),
    );
  });
}

describe('database errors', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ extraRoutes: databaseFixtures });
  });
  after(() => t.close());

  const get = (path: string) => t.app.inject({ method: 'GET', url: `/api/v1/fixtures/database/${path}` });

  test('a value the database refuses as input answers 400 with the reason, not 500', async () => {
    for (const [path, message] of [
      ['integer?value=abc', 'A value has an invalid format'],
      ['smallint?value=99999999999999999999', 'A number is out of range'],
    ] as const) {
      const response = await get(path);
      assert.equal(response.statusCode, 400, path);
      assert.equal(response.json().error.code, 'bad_request');
      assert.equal(response.json().error.message, message);
    }
  });

  test('a duplicate answers 409 conflict', async () => {
    assert.equal((await get('account?value=777001')).statusCode, 200);
    const duplicate = await get('account?value=777001');
    assert.equal(duplicate.statusCode, 409);
    assert.deepEqual(
      { code: duplicate.json().error.code, message: duplicate.json().error.message },
      { code: 'conflict', message: 'This already exists' },
    );
  });

  test('a real fault stays a 500, and its log line names the SQLSTATE but never the statement or its parameters', async () => {
    const response = await get('division?value=0');
    assert.equal(response.statusCode, 500);
    const requestId = response.json().error.request_id;
    const line = t.logs.lines.find((entry) => entry.request_id === requestId && entry.level === 'error');
    assert.ok(line, 'the fault is logged');
    const err = line.err as Record<string, unknown>;
    const databaseError = (err.cause ?? err) as Record<string, unknown>;
    assert.equal(databaseError.sqlstate, '22012');
    assert.match(String(databaseError.message), /division by zero/);
    assert.equal(err.message, 'database query failed');
    const text = JSON.stringify(line);
    assert.doesNotMatch(text, /select 1/i);
    assert.doesNotMatch(text, /"params"|"query"/);
    assert.equal(text.includes(SECRET_PARAMETER), false);
  });

  test('a busy database (deadlock, serialization, timeouts, no connection slot) answers 503 with Retry-After', async () => {
    for (const sqlstate of ['40P01', '40001', '55P03', '57014', '53300']) {
      const response = await get(`refusal?value=${sqlstate}`);
      assert.equal(response.statusCode, 503, sqlstate);
      assert.equal(response.headers['retry-after'], '1');
      assert.deepEqual(
        { code: response.json().error.code, message: response.json().error.message },
        { code: 'service_unavailable', message: 'The database is busy; try again in a moment' },
      );
      const lines = t.logs.lines.filter((entry) => entry.request_id === response.json().error.request_id);
      assert.ok(lines.some((entry) => entry.msg === 'database busy' && entry.sqlstate === sqlstate));
    }
    assert.equal((await get('refusal?value=22012')).statusCode, 500, 'a real fault is no overload');
  });

  test('waiting too long for a pooled connection counts as a busy database', {
    skip: !process.env.DATABASE_URL,
  }, async () => {
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: 1_000,
    });
    const held = await pool.connect();
    try {
      const waited = await pool.connect().then(
        () => assert.fail('the second client should wait and time out'),
        (error: unknown) => error,
      );
      assert.equal(databaseOverloaded(waited), true);
    } finally {
      held.release();
      await pool.end();
    }
  });

  test('refused input is logged with its SQLSTATE only, never the value or the statement', async () => {
    const response = await get('integer?value=not-a-number');
    assert.equal(response.statusCode, 400);
    const lines = t.logs.lines.filter((entry) => entry.request_id === response.json().error.request_id);
    assert.ok(
      lines.some((entry) => entry.msg === 'database refused the input' && entry.sqlstate === '22P02'),
    );
    const text = JSON.stringify(lines);
    assert.equal(text.includes(SECRET_PARAMETER), false);
    assert.equal(text.includes('not-a-number'), false);
  });
});

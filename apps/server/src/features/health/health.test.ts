import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deepResponseSchema, readyResponseSchema } from '@whatpro/contracts';
import pg from 'pg';
import { createTestApp, type TestApp } from '../../test/app';

describe('health and metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('live answers ok', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  test('ready reports the database (and Redis when configured)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(response.statusCode, 200);
    const body = readyResponseSchema.parse(response.json());
    assert.equal(body.checks.database?.status, 'ok');
    assert.equal(body.checks.redis?.status, process.env.REDIS_URL ? 'ok' : 'skipped');
  });

  test('deep reports latency per dependency and disk space', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/deep' });
    assert.equal(response.statusCode, 200);
    const body = deepResponseSchema.parse(response.json());
    assert.equal(body.checks.database?.status, 'ok');
    assert.equal(typeof body.checks.database?.latency_ms, 'number');
    assert.equal(body.checks.chatwoot?.status, 'skipped');
    assert.ok((body.checks.disk?.free_bytes ?? 0) > 0);
  });

  test('metrics are Prometheus text with RED metrics per route template', async () => {
    await t.app.inject({ method: 'GET', url: '/health/live' });
    await t.app.inject({ method: 'GET', url: '/api/v1/nope/123' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(
      response.body,
      /http_requests_total\{method="GET",route="\/health\/live",status_code="200"\} \d+/,
    );
    assert.match(
      response.body,
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health\/live"/,
    );
    assert.match(response.body, /route="unmatched",status_code="404"/);
    assert.match(response.body, /process_resident_memory_bytes/);
    assert.doesNotMatch(response.body, /nope\/123/);
  });

  test('meta reads the schema version from the database', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/meta' });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.name, 'WhatPro Hub');
    assert.ok(body.schema.applied_migrations >= 2);
  });

  test('readiness fails while shutting down', async () => {
    t.app.shuttingDown = true;
    try {
      const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().checks.shutdown.status, 'down');
    } finally {
      t.app.shuttingDown = false;
    }
  });
});

describe('health when dependencies are down', () => {
  test('ready answers 503 naming the database once it is gone', async () => {
    const t = await createTestApp();
    try {
      await t.db.database.close();
      const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      const body = readyResponseSchema.parse(response.json());
      assert.equal(body.status, 'unavailable');
      assert.equal(body.checks.database?.status, 'down');
      const deep = await t.app.inject({ method: 'GET', url: '/health/deep' });
      assert.equal(deep.statusCode, 503);
    } finally {
      await t.app.close();
      await t.db.drop().catch(() => {});
    }
  });

  test('PostgreSQL lost while running: readiness turns 503, then recovers when it returns', {
    skip: !process.env.DATABASE_URL,
  }, async () => {
    const t = await createTestApp();
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = new URL(t.db.url as string).pathname.slice(1);
    try {
      assert.equal((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      const down = await t.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(down.statusCode, 503);
      assert.equal(readyResponseSchema.parse(down.json()).checks.database?.status, 'down');
      await admin.query(`alter database ${name} allow_connections true`);
      let recovered = 0;
      for (let attempt = 0; attempt < 20 && recovered !== 200; attempt++) {
        recovered = (await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode;
        if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(recovered, 200, 'ready again without a restart');
    } finally {
      await admin.query(`alter database ${name} allow_connections true`).catch(() => undefined);
      await admin.end();
      await t.close();
    }
  });

  test('ready answers 503 naming Redis when Redis is unreachable', async () => {
    const t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } }).catch(
      (error: Error) => error,
    );
    // A dead Redis at boot is refused outright: the bus cannot subscribe, so the node must not start.
    assert.ok(t instanceof Error, 'boot fails with an unreachable Redis');
    assert.match(t.message, /redis/i);
  });
});

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, mock, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { deepResponseSchema, readyResponseSchema } from '@whatpro/contracts';
import pg from 'pg';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser } from '../../test/factories';
import { startFakeHttpServer, unusedPort } from '../../test/net';

const HEALTH_TOKEN = 'health-token-for-tests-0123456789';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const asMonitor = { authorization: `Bearer ${HEALTH_TOKEN}` };
/** A fresh caller address, so rate-limit counters kept in a shared Redis never carry over between runs. */
const someAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;

/** `GET /health/deep` from a fresh caller address (see `someAddress`). */
const getDeep = (app: TestApp['app'], headers?: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/health/deep', remoteAddress: someAddress(), headers });

const chatwootVersion = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ version: '4.8.0', timestamp: '2026-01-01T00:00:00Z' }));
};

describe('health and metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { HEALTH_TOKEN } });
  });
  after(() => t.close());

  test('live answers ok', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  test('ready reports the database only', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(response.statusCode, 200);
    const body = readyResponseSchema.parse(response.json());
    assert.deepEqual(Object.keys(body.checks), ['database']);
    assert.equal(body.checks.database?.status, 'ok');
  });

  test('deep reports latency per dependency and disk space to the health token', async () => {
    const response = await getDeep(t.app, asMonitor);
    assert.equal(response.statusCode, 200);
    const body = deepResponseSchema.parse(response.json());
    assert.equal(body.status, 'ok');
    assert.equal(body.checks.database?.status, 'ok');
    assert.equal(typeof body.checks.database?.latency_ms, 'number');
    assert.equal(body.checks.redis?.status, process.env.REDIS_URL ? 'ok' : 'skipped');
    assert.equal(body.checks.event_bus?.status, 'ok');
    assert.equal(body.checks.chatwoot?.status, 'skipped');
    assert.ok((body.checks.disk?.free_bytes ?? 0) > 0);
  });

  test('deep refuses anonymous callers, wrong tokens, members and API keys; a super admin may read it', async () => {
    const anonymous = await getDeep(t.app);
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'unauthorized');
    assert.equal(anonymous.json().checks, undefined);

    const wrongToken = await getDeep(t.app, { authorization: `Bearer ${HEALTH_TOKEN}x` });
    assert.equal(wrongToken.statusCode, 401);

    const { accountId, users } = await createTenant(t.app);
    const admin = await getDeep(t.app, users.admin.headers);
    assert.equal(admin.statusCode, 403);
    assert.equal(admin.json().error.code, 'forbidden');
    assert.equal(admin.json().checks, undefined);

    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${accountId}/api-keys`,
      headers: users.admin.headers,
      payload: { name: 'monitor', scopes: ['account:read:account'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const apiKey = await getDeep(t.app, { authorization: `Bearer ${created.json().key}` });
    assert.equal(apiKey.statusCode, 403);
    assert.equal(apiKey.json().checks, undefined);

    const superAdmin = await createUser(t.app, { superAdmin: true });
    const allowed = await getDeep(t.app, superAdmin.headers);
    assert.equal(allowed.statusCode, 200);
    assert.equal(deepResponseSchema.parse(allowed.json()).checks.database?.status, 'ok');
  });

  test('metrics are Prometheus text with RED metrics per route template', async () => {
    await t.app.inject({ method: 'GET', url: '/health/live' });
    await t.app.inject({ method: 'GET', url: '/api/v1/nope/123' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: someAddress() });
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
    assert.match(response.body, /hub_dependency_up\{dependency="database"\} 1/);
    assert.doesNotMatch(response.body, /nope\/123/);
  });

  test('deep and metrics answer 429 once an address has polled too often, with or without a token', async () => {
    const statuses = async (url: string, remoteAddress: string, headers: Record<string, string>) => {
      const codes: number[] = [];
      for (let i = 0; i <= (url === '/metrics' ? 60 : 30); i++) {
        codes.push((await t.app.inject({ method: 'GET', url, remoteAddress, headers })).statusCode);
      }
      return codes;
    };
    const deep = await statuses('/health/deep', someAddress(), asMonitor);
    assert.deepEqual(deep, [...new Array(30).fill(200), 429]);
    const guesses = await statuses('/health/deep', someAddress(), {});
    assert.deepEqual(guesses, [...new Array(30).fill(401), 429]);
    const metrics = await statuses('/metrics', someAddress(), {});
    assert.deepEqual(metrics, [...new Array(60).fill(200), 429]);
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

describe('metrics access', () => {
  test('with METRICS_TOKEN, scrapers must send it', async () => {
    const t = await createTestApp({ env: { METRICS_TOKEN } });
    try {
      const anonymous = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: someAddress() });
      assert.equal(anonymous.statusCode, 401);
      assert.doesNotMatch(anonymous.body, /http_requests_total/);
      const scraper = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: someAddress(),
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.equal(scraper.statusCode, 200);
      assert.match(scraper.body, /http_requests_total/);
    } finally {
      await t.close();
    }
  });

  test('production without METRICS_TOKEN closes metrics to all but super admins', async () => {
    const t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        SESSION_SECRET: 'production-like-secret-Zq8#vW2!pL5@xR9$kT3%mN7^',
        ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        CHATWOOT_URL: 'https://chat.example.com',
        PUBLIC_URL: 'https://hub.example.com',
      },
    });
    try {
      const anonymous = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: someAddress() });
      assert.equal(anonymous.statusCode, 401);
      assert.doesNotMatch(anonymous.body, /process_resident_memory_bytes/);
      const superAdmin = await createUser(t.app, { superAdmin: true });
      const allowed = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: someAddress(),
        headers: superAdmin.headers,
      });
      assert.equal(allowed.statusCode, 200);
      assert.match(allowed.body, /process_resident_memory_bytes/);
    } finally {
      await t.close();
    }
  });
});

describe('deep health of Chatwoot', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  test("deep reports the sandbox's Chatwoot version from GET /api", async () => {
    const t = await createTestApp({ env: { HEALTH_TOKEN, CHATWOOT_URL: sandbox.url } });
    try {
      const served = (await (await fetch(`${sandbox.url}/api`)).json()) as { version: string };
      const response = await getDeep(t.app, asMonitor);
      assert.equal(response.statusCode, 200);
      const body = deepResponseSchema.parse(response.json());
      assert.equal(body.checks.chatwoot?.status, 'ok');
      assert.equal(body.checks.chatwoot?.version, served.version);
    } finally {
      await t.close();
    }
  });

  test('concurrent deep calls share one probe, and its answer is reused for a few seconds', async () => {
    const chatwoot = await startFakeHttpServer(chatwootVersion);
    const t = await createTestApp({ env: { HEALTH_TOKEN, CHATWOOT_URL: chatwoot.url } });
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const deep = () => getDeep(t.app, asMonitor);
      const together = await Promise.all([deep(), deep(), deep()]);
      assert.deepEqual(
        together.map((response) => response.statusCode),
        [200, 200, 200],
      );
      assert.deepEqual(chatwoot.hits, ['/api']);
      const checkedAt = new Set(together.map((response) => response.json().checked_at));
      assert.equal(checkedAt.size, 1);

      mock.timers.tick(4_000);
      const cached = await deep();
      assert.equal(cached.json().checked_at, [...checkedAt][0]);
      assert.deepEqual(chatwoot.hits, ['/api']);

      mock.timers.tick(2_000);
      const fresh = await deep();
      assert.notEqual(fresh.json().checked_at, [...checkedAt][0]);
      assert.deepEqual(chatwoot.hits, ['/api', '/api']);
    } finally {
      mock.timers.reset();
      await t.close();
      await chatwoot.close();
    }
  });

  test('a redirect from Chatwoot is not followed: Chatwoot shows down, the target is never called', async () => {
    const target = await startFakeHttpServer(chatwootVersion);
    const chatwoot = await startFakeHttpServer((_req, res) => {
      res.writeHead(302, { location: `${target.url}/api` });
      res.end();
    });
    const t = await createTestApp({ env: { HEALTH_TOKEN, CHATWOOT_URL: chatwoot.url } });
    try {
      const response = await getDeep(t.app, asMonitor);
      assert.equal(response.statusCode, 200);
      const body = deepResponseSchema.parse(response.json());
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.chatwoot?.status, 'down');
      assert.match(body.checks.chatwoot?.error ?? '', /redirect/);
      assert.deepEqual(chatwoot.hits, ['/api']);
      assert.deepEqual(target.hits, []);
    } finally {
      await t.close();
      await chatwoot.close();
      await target.close();
    }
  });

  test("a server that answers 200 without Chatwoot's version JSON is not taken for Chatwoot", async () => {
    const impostor = await startFakeHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>It works!</html>');
    });
    const t = await createTestApp({ env: { HEALTH_TOKEN, CHATWOOT_URL: impostor.url } });
    try {
      const body = deepResponseSchema.parse((await getDeep(t.app, asMonitor)).json());
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.chatwoot?.status, 'down');
      assert.match(body.checks.chatwoot?.error ?? '', /not JSON/);
    } finally {
      await t.close();
      await impostor.close();
    }
  });
});

describe('health when dependencies are down', () => {
  test('ready answers 503 naming the database once it is gone; deep is unavailable', async () => {
    const t = await createTestApp({ env: { HEALTH_TOKEN } });
    try {
      await t.db.database.close();
      const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      const body = readyResponseSchema.parse(response.json());
      assert.equal(body.status, 'unavailable');
      assert.equal(body.checks.database?.status, 'down');
      const deep = await getDeep(t.app, asMonitor);
      assert.equal(deep.statusCode, 503);
      const deepBody = deepResponseSchema.parse(deep.json());
      assert.equal(deepBody.status, 'unavailable');
      assert.equal(deepBody.checks.database?.status, 'down');
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

  test('Redis unreachable: the node boots and stays ready; deep and metrics show Redis down', async () => {
    const t = await createTestApp({
      env: { HEALTH_TOKEN, REDIS_URL: `redis://127.0.0.1:${await unusedPort()}` },
    });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 200);
      assert.equal(readyResponseSchema.parse(ready.json()).status, 'ok');

      const deep = await getDeep(t.app, asMonitor);
      assert.equal(deep.statusCode, 200);
      const body = deepResponseSchema.parse(deep.json());
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.database?.status, 'ok');
      assert.equal(body.checks.redis?.status, 'down');

      const metrics = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: someAddress() });
      assert.match(metrics.body, /hub_dependency_up\{dependency="redis"\} 0/);
      assert.match(metrics.body, /hub_dependency_up\{dependency="database"\} 1/);

      const superAdmin = await createUser(t.app, { superAdmin: true });
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: superAdmin.headers });
      assert.equal(me.statusCode, 200, 'signed-in requests are still served from the database');
    } finally {
      await t.close();
    }
  });
});

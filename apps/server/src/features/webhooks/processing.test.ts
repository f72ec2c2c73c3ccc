import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { auditLogs, inboxes, webhookEvents } from '../../db/schema';
import { captureLogs, createTestApp, type TestApp, testConfig } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { createTenant, type TestTenant } from '../../test/factories';
import { eventually, unusedPort } from '../../test/net';
import { WEBHOOK_SWEEP_JOB } from './service';

const idOf = (sandbox: Sandbox, email: string) =>
  sandbox.state.db.users.find((user) => user.email === email)?.id;

/** Account 1 of the sandbox, connected: Chatwoot delivers its webhooks to the listening Hub. */
async function connectAccount(app: FastifyInstance, sandbox: Sandbox): Promise<TestTenant> {
  const tenant = await createTenant(app, 'Acme', 1, { admin: idOf(sandbox, 'ana.admin@acme.test') });
  const response = await app.inject({
    method: 'PUT',
    url: '/api/v1/accounts/1/chatwoot/connection',
    headers: tenant.users.admin.headers,
    payload: { api_access_token: 'sandbox-token-ana-admin' },
  });
  assert.equal(response.statusCode, 200, response.body);
  return tenant;
}

const eventRow = async (app: FastifyInstance, id: string) => {
  const [row] = await app.deps.database.system.select().from(webhookEvents).where(eq(webhookEvents.id, id));
  return row;
};

const jobPaths = [
  { name: 'in process, without pg-boss', env: { JOBS_ENABLED: 'false' } },
  { name: 'pg-boss', env: { JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_SECONDS: '0.5' } },
];

for (const path of jobPaths) {
  describe(`webhook processing through the job system (${path.name})`, () => {
    let sandbox: Sandbox;
    let t: TestApp;
    let acme: TestTenant;
    before(async () => {
      sandbox = await startSandbox();
      const port = await unusedPort();
      t = await createTestApp({
        env: {
          ...path.env,
          CHATWOOT_URL: sandbox.url,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          WEBHOOK_MAX_ATTEMPTS: '3',
          WEBHOOK_RETRY_DELAY_MS: '50',
        },
      });
      await t.app.listen({ host: '127.0.0.1', port });
      acme = await connectAccount(t.app, sandbox);
    });
    after(async () => {
      await t.close();
      await sandbox.close();
    });

    const insertEvent = async (
      values: Partial<typeof webhookEvents.$inferInsert> & { deliveryId: string },
    ) => {
      const [row] = await t.app.deps.database.system
        .insert(webhookEvents)
        .values({
          provider: 'chatwoot',
          accountId: 1,
          event: 'inbox_updated',
          rawBody: '{"event":"inbox_updated"}',
          signatureVerified: true,
          ...values,
        })
        .returning();
      return row!;
    };

    test('the sweeper queues pending events never queued and failed events overdue for their retry; events not yet due wait', async () => {
      const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      const neverQueued = await insertEvent({ deliveryId: 'sweep-pending', receivedAt: minutesAgo(10) });
      const retryLost = await insertEvent({
        deliveryId: 'sweep-failed',
        status: 'failed',
        attempts: 1,
        lastError: 'Chatwoot was down',
        nextAttemptAt: minutesAgo(10),
      });
      const notYetDue = await insertEvent({
        deliveryId: 'sweep-not-due',
        status: 'failed',
        attempts: 1,
        lastError: 'Chatwoot was down',
        nextAttemptAt: new Date(Date.now() + 10 * 60_000),
      });
      await t.app.deps.jobs!.send(WEBHOOK_SWEEP_JOB);
      for (const [event, attempts] of [
        [neverQueued, 1],
        [retryLost, 2],
      ] as const) {
        const done = await eventually(async () => {
          const row = await eventRow(t.app, event.id);
          return row?.status === 'processed' ? row : undefined;
        });
        assert.equal(done.attempts, attempts);
        assert.equal(done.lastError, null);
        assert.ok(done.processedAt);
      }
      const waiting = await eventRow(t.app, notYetDue.id);
      assert.equal(waiting?.status, 'failed');
      assert.equal(waiting?.attempts, 1);
    });

    test('unhandled events wait for a release that handles them; the sweeper then processes them', async () => {
      // As an older release left them: stored, acknowledged, and without a handler at the time.
      const nowHandled = await insertEvent({
        deliveryId: 'unhandled-inbox',
        status: 'unhandled',
        lastError: 'no handler for inbox_updated in this release',
      });
      // Typing indicators are not subscribed and have no handler.
      const stillUnhandled = await insertEvent({
        deliveryId: 'unhandled-typing',
        event: 'conversation_typing_on',
        rawBody: '{"event":"conversation_typing_on"}',
        status: 'unhandled',
        lastError: 'no handler for conversation_typing_on in this release',
      });
      await t.app.deps.jobs!.send(WEBHOOK_SWEEP_JOB);
      const done = await eventually(async () => {
        const row = await eventRow(t.app, nowHandled.id);
        return row?.status === 'processed' ? row : undefined;
      });
      assert.equal(done.attempts, 1);
      assert.equal(done.lastError, null);
      const kept = await eventRow(t.app, stillUnhandled.id);
      assert.equal(kept?.status, 'unhandled');
      assert.equal(kept?.processedAt, null);
    });

    test('an event whose effect keeps failing is retried by the job system, then dead-lettered; an admin replays it once Chatwoot is back', async () => {
      sandbox.control.createInbox({ accountId: 1, name: 'WhatsApp Vendas', channelType: 'Channel::Api' });
      const delivery = await sandbox.deliveries.waitFor({ event: 'inbox_created', ok: true });
      const sandboxPort = sandbox.port;
      await sandbox.close();

      // Chatwoot sent the event and went down: every attempt to re-read its inboxes fails. The same
      // signed delivery under a new delivery id stands for that event.
      const deliveryId = `${delivery.deliveryId}-b`;
      const headers = Object.fromEntries(
        Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const redelivered = await fetch(delivery.url, {
        method: 'POST',
        headers: { ...headers, 'x-chatwoot-delivery': deliveryId },
        body: delivery.body,
      });
      assert.equal(redelivered.status, 200);
      assert.deepEqual(await redelivered.json(), { received: true, duplicate: false });
      const [stored] = await t.app.deps.database.system
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.deliveryId, deliveryId));
      assert.ok(stored);
      const dead = await eventually(async () => {
        const row = await eventRow(t.app, stored.id);
        return row?.status === 'dead' ? row : undefined;
      });
      assert.equal(dead.attempts, 3, 'every configured attempt was made, no more');
      assert.ok(dead.lastError);
      assert.equal(dead.processedAt, null);
      assert.equal(dead.nextAttemptAt, null, 'nothing further is scheduled');

      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/accounts/1/webhooks/dead-letters',
        headers: acme.users.admin.headers,
      });
      const listed = list.json().events.find((event: { id: string }) => event.id === stored.id);
      assert.equal(listed?.status, 'dead');
      assert.equal(listed?.attempts, 3);

      sandbox = await startSandbox({ port: sandboxPort });
      const replay = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/1/webhooks/events/${stored.id}/replay`,
        headers: acme.users.admin.headers,
      });
      assert.equal(replay.statusCode, 202, replay.body);
      assert.equal(replay.json().status, 'pending');
      const processed = await eventually(async () => {
        const row = await eventRow(t.app, stored.id);
        return row?.status === 'processed' ? row : undefined;
      });
      assert.equal(processed.attempts, 1);
      assert.equal(processed.lastError, null);
      const audited = await t.app.deps.database.system
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'webhook.replayed'), eq(auditLogs.resourceId, stored.id)));
      assert.equal(audited.length, 1);
    });

    test('replay all: every dead event of the account is queued again and processed once the handler succeeds; audited', async () => {
      const beta = await createTenant(t.app, 'Beta');
      const exhausted = 'Chatwoot was down: attempts exhausted';
      const dead = [
        await insertEvent({ deliveryId: 'replay-all-1', status: 'dead', attempts: 3, lastError: exhausted }),
        await insertEvent({ deliveryId: 'replay-all-2', status: 'dead', attempts: 3, lastError: exhausted }),
      ];
      const retrying = await insertEvent({
        deliveryId: 'replay-all-retrying',
        status: 'failed',
        attempts: 1,
        lastError: 'Chatwoot was down',
        nextAttemptAt: new Date(Date.now() + 10 * 60_000),
      });
      const otherTenant = await insertEvent({
        deliveryId: 'replay-all-beta',
        accountId: beta.accountId,
        status: 'dead',
        attempts: 3,
        lastError: exhausted,
      });
      const replayAll = (accountId: number, headers?: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/accounts/${accountId}/webhooks/dead-letters/replay`,
          headers,
        });

      assert.equal((await replayAll(1)).statusCode, 401);
      assert.equal((await replayAll(1, beta.users.admin.headers)).statusCode, 404);
      assert.equal((await replayAll(0, acme.users.admin.headers)).statusCode, 404);
      for (const event of dead) assert.equal((await eventRow(t.app, event.id))?.status, 'dead');

      // Earlier tests may leave dead events of their own (a delivery taken while Chatwoot was down).
      const deadNow = await t.app.deps.database.system
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.accountId, 1), eq(webhookEvents.status, 'dead')));
      assert.ok(dead.every((event) => deadNow.some((row) => row.id === event.id)));
      const response = await replayAll(1, acme.users.admin.headers);
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json(), { queued: deadNow.length });
      for (const event of dead) {
        const processed = await eventually(async () => {
          const row = await eventRow(t.app, event.id);
          return row?.status === 'processed' ? row : undefined;
        });
        assert.equal(processed.attempts, 1, 'a fresh attempt count, taken once');
        assert.equal(processed.lastError, null);
      }
      const waiting = await eventRow(t.app, retrying.id);
      assert.equal(waiting?.status, 'failed', 'an event still being retried keeps its schedule');
      assert.equal(waiting?.attempts, 1);
      assert.equal((await eventRow(t.app, otherTenant.id))?.status, 'dead', "another account's stays dead");

      const audited = await t.app.deps.database.system
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'webhook.replayed_all'), eq(auditLogs.accountId, 1)));
      assert.equal(audited.length, 1);
      assert.deepEqual(audited[0]?.newValues, { queued: deadNow.length });
      assert.equal(audited[0]?.actorId, acme.users.admin.id);

      const again = await replayAll(1, acme.users.admin.headers);
      assert.deepEqual(again.json(), { queued: 0 }, 'nothing dead is left to replay');
    });
  });
}

describe('an acknowledged delivery survives the process that took it', () => {
  test('the process dies before processing; the next process sweeps the delivery up and applies it', async () => {
    const sandbox = await startSandbox();
    const db = await createTestDatabase();
    const port = await unusedPort();
    const env = {
      CHATWOOT_URL: sandbox.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JOBS_ENABLED: 'false',
      WEBHOOK_SWEEP_AFTER_MS: '0',
    };
    const apps: FastifyInstance[] = [];
    const start = async () => {
      const app = await buildApp(testConfig(env), { database: db.database, logStream: captureLogs().stream });
      apps.push(app);
      return app;
    };
    try {
      const first = await start();
      await first.listen({ host: '127.0.0.1', port });
      await connectAccount(first, sandbox);
      // Its worker is gone: what it acknowledges from now on is stored but never run by it.
      await first.deps.jobs!.stop();
      sandbox.control.createInbox({ accountId: 1, name: 'Telegram Suporte', channelType: 'Channel::Api' });
      const delivery = await sandbox.deliveries.waitFor({ event: 'inbox_created' });
      assert.equal(delivery.status, 200, 'acknowledged');
      await first.close();
      const [stored] = await db.database.system
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.deliveryId, delivery.deliveryId ?? ''));
      assert.equal(stored?.status, 'pending');
      assert.equal(stored?.attempts, 0);

      const second = await start();
      await second.ready();
      const processed = await eventually(async () => {
        const row = await eventRow(second, stored.id);
        return row?.status === 'processed' ? row : undefined;
      });
      assert.equal(processed.attempts, 1);
      const synced = await db.database.system
        .select()
        .from(inboxes)
        .where(and(eq(inboxes.accountId, 1), eq(inboxes.name, 'Telegram Suporte')));
      assert.equal(synced.length, 1, 'the effect was applied');
    } finally {
      for (const app of apps) await app.close();
      await db.drop();
      await sandbox.close();
    }
  });
});

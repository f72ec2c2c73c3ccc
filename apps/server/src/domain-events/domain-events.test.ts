import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLogs, domainEventDeliveries } from '../db/schema';
import { createTestApp, type TestApp } from '../test/app';
import { createTenant, type TestTenant } from '../test/factories';
import { EVENT_BUS_CONSUMER } from './service';

describe('dead domain event deliveries: listed and replayed for their consumer only', () => {
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  /** A consumer that fails while `reportsDown` holds, as a reporting store that is unreachable would. */
  let reportsDown = true;
  const reportsCalls: string[] = [];
  const realtimeCalls: string[] = [];

  before(async () => {
    // One attempt: a consumer's first failure is its last, so the delivery is dead at once.
    t = await createTestApp({ env: { WEBHOOK_MAX_ATTEMPTS: '1' } });
    acme = await createTenant(t.app, 'Acme');
    beta = await createTenant(t.app, 'Beta');
    t.app.deps.domainEvents.subscribe('reports', (event) => {
      reportsCalls.push(event.id);
      if (reportsDown) throw new Error('reports store unreachable');
    });
    t.app.deps.domainEvents.subscribe('realtime', (event) => {
      realtimeCalls.push(event.id);
    });
  });
  after(() => t.close());

  /** A status change recorded and delivered as the conversation handlers do: in a transaction, then after it. */
  async function statusChanged(accountId: number) {
    const { database, domainEvents } = t.app.deps;
    const displayId = randomInt(1, 1_000_000);
    const id = await database.tenant(accountId, (tx) =>
      domainEvents.record(tx, accountId, {
        type: 'conversation.status_changed',
        conversationDisplayId: displayId,
        dedupeKey: `status:${displayId}:${Date.now()}:${Math.random()}`,
        data: { from: 'open', to: 'resolved' },
        occurredAt: new Date(),
      }),
    );
    assert.ok(id);
    await domainEvents.deliver(accountId, [id]);
    return { id, displayId };
  }
  const deliveryOf = async (eventId: string, consumer: string) => {
    const [row] = await t.app.deps.database.system
      .select()
      .from(domainEventDeliveries)
      .where(and(eq(domainEventDeliveries.eventId, eventId), eq(domainEventDeliveries.consumer, consumer)));
    return row;
  };
  const request = (
    method: 'GET' | 'POST',
    accountId: number,
    path: string,
    headers?: Record<string, string>,
  ) => t.app.inject({ method, url: `/api/v1/accounts/${accountId}/domain-events/${path}`, headers });

  test('a consumer that fails its last attempt is listed dead; the others were delivered', async () => {
    const event = await statusChanged(acme.accountId);
    assert.equal((await deliveryOf(event.id, 'reports'))?.status, 'dead');
    assert.equal((await deliveryOf(event.id, 'realtime'))?.status, 'delivered');
    assert.equal((await deliveryOf(event.id, EVENT_BUS_CONSUMER))?.status, 'delivered');

    const response = await request('GET', acme.accountId, 'dead-deliveries', acme.users.admin.headers);
    assert.equal(response.statusCode, 200);
    const listed = response
      .json()
      .deliveries.filter((row: { event_id: string }) => row.event_id === event.id);
    assert.deepEqual(
      listed.map((row: Record<string, unknown>) => ({ ...row, occurred_at: typeof row.occurred_at })),
      [
        {
          event_id: event.id,
          consumer: 'reports',
          event_type: 'conversation.status_changed',
          conversation_display_id: event.displayId,
          occurred_at: 'string',
          status: 'dead',
          attempts: 1,
          last_error: 'reports store unreachable',
          delivered_at: null,
        },
      ],
    );
    const other = await request('GET', beta.accountId, 'dead-deliveries', beta.users.admin.headers);
    assert.deepEqual(other.json(), { deliveries: [] }, "another account sees none of this account's");
  });

  test('401 without credentials, 403 below admin, 404 for another tenant, 400 for a malformed consumer', async () => {
    const event = await statusChanged(acme.accountId);
    const one = `${event.id}/deliveries/reports/replay`;
    assert.equal((await request('GET', acme.accountId, 'dead-deliveries')).statusCode, 401);
    assert.equal((await request('POST', acme.accountId, one)).statusCode, 401);
    assert.equal(
      (await request('POST', acme.accountId, 'dead-deliveries/replay', acme.users.agent.headers)).statusCode,
      403,
    );
    assert.equal(
      (await request('GET', acme.accountId, 'dead-deliveries', beta.users.admin.headers)).statusCode,
      404,
    );
    // Beta's admin naming Acme's event under Beta's own account finds nothing to replay.
    const probe = await request('POST', beta.accountId, one, beta.users.admin.headers);
    assert.equal(probe.statusCode, 404);
    const malformed = await request(
      'POST',
      acme.accountId,
      `${event.id}/deliveries/${encodeURIComponent('Reports Board!')}/replay`,
      acme.users.admin.headers,
    );
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.json().message ?? malformed.body, /consumer/i);
    const delivered = await request(
      'POST',
      acme.accountId,
      `${event.id}/deliveries/realtime/replay`,
      acme.users.admin.headers,
    );
    assert.equal(delivered.statusCode, 404, 'a delivery that is not dead is not replayed');
    assert.equal((await deliveryOf(event.id, 'reports'))?.status, 'dead', 'refused calls changed nothing');
    assert.equal(realtimeCalls.filter((id) => id === event.id).length, 1);
  });

  test('once the consumer is fixed, replaying one delivers it to that consumer alone; audited', async () => {
    const event = await statusChanged(acme.accountId);
    reportsDown = false;
    try {
      const response = await request(
        'POST',
        acme.accountId,
        `${event.id}/deliveries/reports/replay`,
        acme.users.admin.headers,
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().status, 'delivered');
      assert.equal(response.json().attempts, 1, 'a fresh attempt count');
      const stored = await deliveryOf(event.id, 'reports');
      assert.equal(stored?.status, 'delivered');
      assert.equal(stored?.lastError, null);
      assert.equal(reportsCalls.filter((id) => id === event.id).length, 2);
      assert.equal(realtimeCalls.filter((id) => id === event.id).length, 1, 'the other consumer ran once');

      const [audit] = await t.app.deps.database.system
        .select()
        .from(auditLogs)
        .where(
          and(eq(auditLogs.action, 'domain_event.delivery_replayed'), eq(auditLogs.resourceId, event.id)),
        );
      assert.equal(audit?.actorId, acme.users.admin.id);
      assert.deepEqual(audit?.newValues, { consumer: 'reports' });
    } finally {
      reportsDown = true;
    }
  });

  test("replay all delivers every dead delivery of the account to its consumer, and leaves other accounts' alone", async () => {
    const stillDead = await request('GET', acme.accountId, 'dead-deliveries', acme.users.admin.headers);
    const deadBefore = stillDead.json().deliveries.length;
    assert.ok(deadBefore >= 2);
    const betaEvent = await statusChanged(beta.accountId);
    const realtimeBefore = realtimeCalls.length;

    reportsDown = false;
    const response = await request(
      'POST',
      acme.accountId,
      'dead-deliveries/replay',
      acme.users.admin.headers,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { replayed: deadBefore, delivered: deadBefore });
    assert.equal(realtimeCalls.length, realtimeBefore, 'no other consumer was called');
    const after = await request('GET', acme.accountId, 'dead-deliveries', acme.users.admin.headers);
    assert.deepEqual(after.json(), { deliveries: [] });
    assert.equal((await deliveryOf(betaEvent.id, 'reports'))?.status, 'dead');

    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.action, 'domain_event.deliveries_replayed'),
          eq(auditLogs.accountId, acme.accountId),
        ),
      );
    assert.deepEqual(audit?.newValues, { replayed: deadBefore });

    const again = await request('POST', acme.accountId, 'dead-deliveries/replay', acme.users.admin.headers);
    assert.deepEqual(again.json(), { replayed: 0, delivered: 0 });
  });

  test('a replay whose consumer fails again is dead again, with the new reason', async () => {
    reportsDown = true;
    const event = await statusChanged(acme.accountId);
    const response = await request(
      'POST',
      acme.accountId,
      `${event.id}/deliveries/reports/replay`,
      acme.users.admin.headers,
    );
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'dead');
    assert.equal(response.json().last_error, 'reports store unreachable');
  });
});

describe('the events of one change are delivered together', () => {
  let t: TestApp;
  let acme: TestTenant;
  const seen: string[] = [];
  const failing = new Set<string>();

  before(async () => {
    t = await createTestApp({ env: { WEBHOOK_RETRY_DELAY_MS: '1' } });
    acme = await createTenant(t.app, 'Acme');
    t.app.deps.domainEvents.subscribe('reports', (event) => {
      seen.push(`reports:${event.id}`);
      if (failing.has(event.id)) throw new Error('reports store unreachable');
    });
    t.app.deps.domainEvents.subscribe('realtime', (event) => {
      seen.push(`realtime:${event.id}`);
    });
  });
  after(() => t.close());

  test('in the order recorded, each consumer once; a failure is retried for its event and consumer alone', async () => {
    const { database, domainEvents } = t.app.deps;
    const accountId = acme.accountId;
    const displayId = randomInt(1, 1_000_000);
    const ids = await database.tenant(accountId, async (tx) => {
      const recorded: string[] = [];
      for (const to of ['resolved', 'open', 'resolved'] as const) {
        const id = await domainEvents.record(tx, accountId, {
          type: 'conversation.status_changed',
          conversationDisplayId: displayId,
          dedupeKey: `status:${displayId}:${recorded.length}`,
          data: { from: to === 'open' ? 'resolved' : 'open', to },
          occurredAt: new Date(),
        });
        assert.ok(id);
        recorded.push(id);
      }
      return recorded;
    });
    failing.add(ids[1]!);
    await domainEvents.deliver(accountId, ids);
    assert.deepEqual(
      seen,
      ids.flatMap((id) => [`reports:${id}`, `realtime:${id}`]),
    );
    const statuses = await t.app.deps.database.system
      .select()
      .from(domainEventDeliveries)
      .where(eq(domainEventDeliveries.accountId, accountId));
    const statusOf = (eventId: string, consumer: string) =>
      statuses.find((row) => row.eventId === eventId && row.consumer === consumer)?.status;
    for (const id of ids) {
      assert.equal(statusOf(id, 'realtime'), 'delivered');
      assert.equal(statusOf(id, EVENT_BUS_CONSUMER), 'delivered');
      assert.equal(statusOf(id, 'reports'), id === ids[1] ? 'failed' : 'delivered');
    }

    // Triggered again once the retry is due: only the failed delivery is taken, for its consumer alone.
    seen.length = 0;
    failing.clear();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await domainEvents.deliver(accountId, ids);
    assert.deepEqual(seen, [`reports:${ids[1]}`]);
  });
});

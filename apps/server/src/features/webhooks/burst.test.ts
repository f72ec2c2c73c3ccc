import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { and, eq, inArray } from 'drizzle-orm';
import { conversations, domainEvents, webhookEvents } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { eventually } from '../../test/net';
import { connectToSandbox, createSandboxTenant } from '../../test/sandbox';

const ACCOUNT = 1;
const BURST = 1_000;
const CONVERSATIONS = 20;
/** Chatwoot's Sidekiq sends in parallel; this many requests are in flight at once. */
const IN_FLIGHT = 50;

describe('a burst of signed webhooks', () => {
  let sandbox: Sandbox;
  let t: TestApp;

  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url, PUBLIC_URL: 'http://127.0.0.1:9' } });
    const acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, { admin: 'ana.admin@acme.test' });
    await connectToSandbox(t.app, acme);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  test(`${BURST} message_created deliveries from one sender are all stored, acknowledged and processed once`, {
    timeout: 180_000,
  }, async () => {
    // A real delivery is the template; the Hub is not listening, so the sandbox's own attempt fails.
    sandbox.control.postMessage({ accountId: ACCOUNT, displayId: 1, type: 'incoming', content: 'oi' });
    await sandbox.deliveries.idle();
    const template = sandbox.deliveries.all().find((attempt) => attempt.event === 'message_created')!;
    const url = new URL(template.url);
    const secret = sandbox.state.db.webhooks.find((webhook) => webhook.url === template.url)!.secret!;
    const conversation = template.payload.conversation as Record<string, unknown>;
    const start = Date.parse(String(template.payload.created_at));

    const deliveries = Array.from({ length: BURST }, (_, index) => {
      const body = JSON.stringify({
        ...template.payload,
        id: 700_000 + index,
        created_at: new Date(start + index * 1000).toISOString(),
        conversation: { ...conversation, id: 30_000 + (index % CONVERSATIONS) },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-chatwoot-delivery': `burst-${index}`,
          'x-chatwoot-timestamp': timestamp,
          'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
        },
      };
    });
    const statuses: number[] = [];
    for (let offset = 0; offset < BURST; offset += IN_FLIGHT) {
      const batch = deliveries.slice(offset, offset + IN_FLIGHT);
      const responses = await Promise.all(
        batch.map((delivery) =>
          t.app.inject({
            method: 'POST',
            url: url.pathname,
            headers: delivery.headers,
            payload: delivery.body,
          }),
        ),
      );
      statuses.push(...responses.map((response) => response.statusCode));
    }
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
      'every delivery acknowledged',
    );

    const deliveryIds = deliveries.map((_, index) => `burst-${index}`);
    const rows = await eventually(async () => {
      const stored = await t.app.deps.database.system
        .select({ status: webhookEvents.status })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.accountId, ACCOUNT), inArray(webhookEvents.deliveryId, deliveryIds)));
      return stored.length === BURST && stored.every((row) => row.status === 'processed')
        ? stored
        : undefined;
    }, 150_000);
    assert.equal(rows.length, BURST);

    const displayIds = Array.from({ length: CONVERSATIONS }, (_, index) => 30_000 + index);
    const activity = await t.app.deps.database.system
      .select({ dedupeKey: domainEvents.dedupeKey })
      .from(domainEvents)
      .where(
        and(
          eq(domainEvents.accountId, ACCOUNT),
          eq(domainEvents.type, 'conversation.activity'),
          inArray(domainEvents.conversationDisplayId, displayIds),
        ),
      );
    assert.equal(activity.length, BURST, 'one activity fact per message');
    assert.equal(new Set(activity.map((row) => row.dedupeKey)).size, BURST);
    const mirrored = await t.app.deps.database.system
      .select({ lastActivityAt: conversations.lastActivityAt, displayId: conversations.displayId })
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), inArray(conversations.displayId, displayIds)));
    assert.equal(mirrored.length, CONVERSATIONS);
    for (const row of mirrored) {
      const last = BURST - CONVERSATIONS + (row.displayId - 30_000);
      assert.equal(row.lastActivityAt?.getTime(), start + last * 1000);
    }
  });
});

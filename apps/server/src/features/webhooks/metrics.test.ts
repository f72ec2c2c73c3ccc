import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { jobDefinitions, RECONCILE_JOB } from '../../jobs/jobs';
import type { TestApp } from '../../test/app';
import { connectToSandbox, createSandboxTenant, listeningHubFor, webhooksSettled } from '../../test/sandbox';
import { reconcileConversations } from '../conversations/reconcile';

const ACCOUNT = 1;

/** The value of one series in Prometheus' text format, 0 when it is not there yet. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('webhook and reconcile metrics in /metrics', () => {
  let sandbox: Sandbox;
  let t: TestApp;

  before(async () => {
    sandbox = await startSandbox();
    t = await listeningHubFor(sandbox);
    const acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, { admin: 'ana.admin@acme.test' });
    await connectToSandbox(t.app, acme);
    await reconcileConversations(t.app.deps, ACCOUNT);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const settled = () => webhooksSettled(t.app, sandbox, ACCOUNT);
  const scrape = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    return response.body;
  };
  const hubUrl = () =>
    sandbox.deliveries.all().find((attempt) => attempt.url.includes(`/webhooks/chatwoot/${ACCOUNT}/`))!.url;

  test('deliveries received, rejected by reason, processed or dead by event, and the processing lag', async () => {
    sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId: 2, status: 'resolved' });
    await settled();
    const url = hubUrl();
    const secret = sandbox.state.db.webhooks.find((webhook) => webhook.url === url)!.secret!;
    const post = (body: string, headers: Record<string, string>, target = url) =>
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const signed = (body: string, delivery: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'x-chatwoot-delivery': delivery,
        'x-chatwoot-timestamp': timestamp,
        'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      };
    };

    const forged = await post('{"event":"conversation_created"}', {
      'x-chatwoot-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-chatwoot-signature': `sha256=${'0'.repeat(64)}`,
    });
    assert.equal(forged.status, 401);
    const unsigned = await post('{"event":"conversation_created"}', {});
    assert.equal(unsigned.status, 401);
    const wrongToken = await post('{}', {}, url.replace(/[^/]+$/, 'x'.repeat(40)));
    assert.equal(wrongToken.status, 404);
    const nameless = JSON.stringify({ id: 1 });
    assert.equal((await post(nameless, signed(nameless, 'nameless-1'))).status, 400);

    const foreignInbox = sandbox.state.db.inboxes.find((inbox) => inbox.account_id !== ACCOUNT)!;
    const template = sandbox.deliveries.all().find((attempt) => attempt.event === 'conversation_updated')!;
    const foreign = JSON.stringify({ ...template.payload, id: 90_002, inbox_id: foreignInbox.id });
    assert.equal((await post(foreign, signed(foreign, 'foreign-1'))).status, 200);
    assert.equal((await post(foreign, signed(foreign, 'foreign-1'))).status, 200, 'a redelivery');
    await settled();

    const body = await scrape();
    assert.equal(
      sample(body, 'hub_webhooks_received_total', {
        event: 'conversation_status_changed',
        duplicate: 'false',
      }),
      1,
    );
    assert.equal(
      sample(body, 'hub_webhooks_received_total', { event: 'conversation_updated', duplicate: 'false' }),
      2,
    );
    assert.equal(
      sample(body, 'hub_webhooks_received_total', { event: 'conversation_updated', duplicate: 'true' }),
      1,
    );
    assert.equal(sample(body, 'hub_webhooks_rejected_total', { reason: 'signature_invalid' }), 1);
    assert.equal(sample(body, 'hub_webhooks_rejected_total', { reason: 'signature_missing' }), 1);
    assert.equal(sample(body, 'hub_webhooks_rejected_total', { reason: 'url_token' }), 1);
    assert.equal(sample(body, 'hub_webhooks_rejected_total', { reason: 'no_event_name' }), 1);
    // Both webhooks of the status change carry it; whichever is second finds it already applied.
    assert.equal(
      sample(body, 'hub_webhooks_finished_total', {
        event: 'conversation_status_changed',
        outcome: 'processed',
      }) +
        sample(body, 'hub_webhooks_finished_total', {
          event: 'conversation_status_changed',
          outcome: 'ignored',
        }) +
        sample(body, 'hub_webhooks_finished_total', { event: 'conversation_updated', outcome: 'processed' }) +
        sample(body, 'hub_webhooks_finished_total', { event: 'conversation_updated', outcome: 'ignored' }),
      2,
    );
    assert.equal(
      sample(body, 'hub_webhooks_finished_total', { event: 'conversation_updated', outcome: 'dead' }),
      1,
    );
    assert.equal(
      sample(body, 'hub_webhook_processing_lag_seconds_count', { event: 'conversation_updated' }),
      2,
    );
    assert.equal(
      sample(body, 'hub_webhook_processing_lag_seconds_count', { event: 'conversation_status_changed' }),
      1,
    );
    assert.ok(sample(body, 'hub_webhook_processing_lag_seconds_sum', { event: 'conversation_updated' }) > 0);
  });

  test('reconcile duration and the changes it found', async () => {
    sandbox.control.dropDeliveries({ event: 'conversation_status_changed' });
    sandbox.control.dropDeliveries({ event: 'conversation_updated' });
    sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId: 2, status: 'open' });
    await settled();
    const job = jobDefinitions.find((definition) => definition.name === RECONCILE_JOB);
    await job?.run(t.app.deps, {});
    const body = await scrape();
    assert.equal(sample(body, 'hub_reconcile_duration_seconds_count', { kind: 'incremental' }), 1);
    assert.ok(sample(body, 'hub_reconcile_duration_seconds_sum', { kind: 'incremental' }) > 0);
    assert.equal(sample(body, 'hub_reconcile_changes_total', { kind: 'incremental' }), 1);
  });
});

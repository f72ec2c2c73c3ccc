// The stage-webhook signing key: masked, revealed and rotated by admins only, audited, and the key the
// Hub signs with afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { auditLogs, kanbanWebhookSecrets } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { webhookSecret } from './webhook-key';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`Kanban stage-webhook signing key (${engine})`, () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  const base = () => `/api/v1/accounts/${acme.accountId}/kanban/webhook-key`;

  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Signing');
    other = await createTenant(t.app, 'Other');
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST', path: string, user?: TestTenant['users']['admin'], url = base()) =>
    t.app.inject({ method, url: `${url}${path}`, headers: user?.headers });
  const audits = () =>
    t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, acme.accountId), like(auditLogs.action, 'kanban.webhook_key.%')));

  test('401 without a session, 403 below admin, 404 with another account id', async () => {
    for (const [method, path] of [
      ['GET', ''],
      ['POST', '/reveal'],
      ['POST', '/rotate'],
    ] as const) {
      assert.equal((await call(method, path)).statusCode, 401, path);
      assert.equal((await call(method, path, acme.users.supervisor)).statusCode, 403, path);
      const elsewhere = await call(method, path, other.users.admin, base());
      assert.equal(elsewhere.statusCode, 404, path);
    }
    assert.deepEqual(await audits(), []);
    assert.deepEqual(
      await t.app.deps.database.system
        .select()
        .from(kanbanWebhookSecrets)
        .where(eq(kanbanWebhookSecrets.accountId, acme.accountId)),
      [],
      'a refused reveal creates no key',
    );
  });

  test('masked until revealed; a rotation replaces the signing key at once; both audited without the key', async () => {
    const none = await call('GET', '', acme.users.admin);
    assert.equal(none.statusCode, 200, none.body);
    assert.deepEqual(none.json(), { key_hint: null, created_at: null, updated_at: null });

    const revealed = await call('POST', '/reveal', acme.users.admin);
    assert.equal(revealed.statusCode, 200, revealed.body);
    const first = revealed.json().key as string;
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(revealed.json().key_hint, `…${first.slice(-4)}`);
    assert.equal(
      await webhookSecret(t.app.deps, acme.accountId),
      first,
      'the Hub signs with the revealed key',
    );
    const [stored] = await t.app.deps.database.system
      .select()
      .from(kanbanWebhookSecrets)
      .where(eq(kanbanWebhookSecrets.accountId, acme.accountId));
    assert.ok(stored && !stored.secretSealed.includes(first), 'stored sealed, not in the clear');

    const masked = await call('GET', '', acme.users.admin);
    assert.equal(masked.json().key_hint, `…${first.slice(-4)}`);
    assert.equal(masked.json().key, undefined);

    const rotated = await call('POST', '/rotate', acme.users.admin);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const second = rotated.json().key as string;
    assert.notEqual(second, first);
    assert.equal(await webhookSecret(t.app.deps, acme.accountId), second);
    assert.equal((await call('POST', '/reveal', acme.users.admin)).json().key, second);

    const rows = await audits();
    assert.deepEqual(rows.map((row) => row.action).sort(), [
      'kanban.webhook_key.revealed',
      'kanban.webhook_key.revealed',
      'kanban.webhook_key.rotated',
    ]);
    const rotation = rows.find((row) => row.action === 'kanban.webhook_key.rotated')!;
    assert.deepEqual(
      [rotation.oldValues, rotation.newValues],
      [{ key_hint: `…${first.slice(-4)}` }, { key_hint: `…${second.slice(-4)}` }],
    );
    assert.ok(!JSON.stringify(rows).includes(first) && !JSON.stringify(rows).includes(second));
  });
});

import assert from 'node:assert/strict';
import type { Sandbox } from '@whatpro/chatwoot-sandbox';
import type { AccountRole } from '@whatpro/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { webhookEvents } from '../db/schema';
import { createTestApp, type TestApp } from './app';
import { createTenant, type TestTenant } from './factories';
import { eventually, unusedPort } from './net';

/** Statuses after which the Hub will not touch a stored webhook event again by itself. */
const FINISHED_STATUSES = ['processed', 'ignored', 'dead'];

/** A tenant for one of the sandbox's accounts, its roles played by the sandbox's own users (by email). */
export function createSandboxTenant(
  app: FastifyInstance,
  sandbox: Sandbox,
  accountId: number,
  emailsByRole: Partial<Record<AccountRole, string>>,
): Promise<TestTenant> {
  const idOf = (email: string) => sandbox.state.db.users.find((user) => user.email === email)?.id;
  const ids = Object.fromEntries(
    Object.entries(emailsByRole).map(([role, email]) => [role, email ? idOf(email) : undefined]),
  );
  return createTenant(app, `Sandbox ${accountId}`, accountId, ids);
}

/** Connects the tenant's account through the Hub's own API, as an admin would (registers the webhook). */
export async function connectToSandbox(
  app: FastifyInstance,
  tenant: TestTenant,
  adminToken = 'sandbox-token-ana-admin',
): Promise<void> {
  const connected = await app.inject({
    method: 'PUT',
    url: `/api/v1/accounts/${tenant.accountId}/chatwoot/connection`,
    headers: tenant.users.admin.headers,
    payload: { api_access_token: adminToken },
  });
  assert.equal(connected.statusCode, 200, connected.body);
}

/** Waits until the sandbox has sent everything and the Hub has finished every event it stored. */
export async function webhooksSettled(app: FastifyInstance, sandbox: Sandbox, accountId: number) {
  await sandbox.deliveries.idle();
  await eventually(async () => {
    const rows = await app.deps.database.system
      .select({ status: webhookEvents.status })
      .from(webhookEvents)
      .where(eq(webhookEvents.accountId, accountId));
    return rows.every((row) => FINISHED_STATUSES.includes(row.status)) ? true : undefined;
  });
}

/** A Hub listening on loopback with the sandbox as its Chatwoot, so the sandbox's webhooks reach it. */
export async function listeningHubFor(sandbox: Sandbox, env: Record<string, string> = {}): Promise<TestApp> {
  const port = await unusedPort();
  const t = await createTestApp({
    env: { CHATWOOT_URL: sandbox.url, PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
  });
  await t.app.listen({ host: '127.0.0.1', port });
  return t;
}

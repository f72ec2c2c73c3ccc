// The account's stage-webhook signing key: one HMAC key per account, created on first use and stored
// sealed. Unlike an API key (hashed, shown once) it must stay readable, since the Hub signs with it and
// each receiver needs a copy: it is listed masked, and shown in full only by an explicit reveal or a
// rotation, both admin-only and audited.
import { randomBytes } from 'node:crypto';
import type { WebhookKey, WebhookKeyReveal } from '@whatpro/contracts';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { kanbanWebhookSecrets } from '../../db/schema';
import { type AuditContext, recordAudit } from '../audit/service';
import type { KanbanDependencies } from './service';

type Deps = Pick<KanbanDependencies, 'database' | 'secrets'>;
type KeyRow = typeof kanbanWebhookSecrets.$inferSelect;

const aadOf = (accountId: number) => `kanban-webhook-secret:${accountId}`;
const newKey = () => randomBytes(32).toString('hex');
const hintOf = (key: string) => `…${key.slice(-4)}`;

async function findKey(tx: Tx, accountId: number) {
  const [row] = await tx
    .select()
    .from(kanbanWebhookSecrets)
    .where(eq(kanbanWebhookSecrets.accountId, accountId));
  return row;
}

/** The stored key, or a new one when there is none yet (two first uses at once keep the same key). */
async function keyRow(deps: Deps, tx: Tx, accountId: number): Promise<KeyRow> {
  const existing = await findKey(tx, accountId);
  if (existing) return existing;
  await tx
    .insert(kanbanWebhookSecrets)
    .values({ accountId, secretSealed: deps.secrets.seal(newKey(), aadOf(accountId)) })
    .onConflictDoNothing();
  return (await findKey(tx, accountId))!;
}

function present(row: KeyRow | undefined, key: string | undefined): WebhookKey {
  return {
    key_hint: key ? hintOf(key) : null,
    created_at: row?.createdAt.toISOString() ?? null,
    updated_at: row?.updatedAt.toISOString() ?? null,
  };
}

/** The key the Hub signs stage webhooks with. */
export async function webhookSecret(deps: Deps, accountId: number): Promise<string> {
  const row = await deps.database.tenant(accountId, (tx) => keyRow(deps, tx, accountId));
  return deps.secrets.open(row.secretSealed, aadOf(accountId));
}

export async function getWebhookKey(deps: Deps, accountId: number): Promise<WebhookKey> {
  return deps.database.tenant(accountId, async (tx) => {
    const row = await findKey(tx, accountId);
    return present(row, row ? deps.secrets.open(row.secretSealed, aadOf(accountId)) : undefined);
  });
}

export async function revealWebhookKey(
  deps: Deps,
  accountId: number,
  audit: AuditContext,
): Promise<WebhookKeyReveal> {
  return deps.database.tenant(accountId, async (tx) => {
    const row = await keyRow(deps, tx, accountId);
    const key = deps.secrets.open(row.secretSealed, aadOf(accountId));
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.webhook_key.revealed',
      resourceType: 'kanban_webhook_key',
      newValues: { key_hint: hintOf(key) },
    });
    return { ...present(row, key), key };
  });
}

/**
 * A new key at once: webhooks sent from now on are signed with it, so receivers must take it up (a run
 * already on its way keeps the old signature, and its retry gets the new one).
 */
export async function rotateWebhookKey(
  deps: Deps,
  accountId: number,
  audit: AuditContext,
): Promise<WebhookKeyReveal> {
  return deps.database.tenant(accountId, async (tx) => {
    const old = await findKey(tx, accountId);
    const key = newKey();
    const [row] = await tx
      .insert(kanbanWebhookSecrets)
      .values({ accountId, secretSealed: deps.secrets.seal(key, aadOf(accountId)) })
      .onConflictDoUpdate({
        target: kanbanWebhookSecrets.accountId,
        set: { secretSealed: sql`excluded.secret_sealed`, updatedAt: sql`now()` },
      })
      .returning();
    await recordAudit(tx, audit, {
      accountId,
      action: 'kanban.webhook_key.rotated',
      resourceType: 'kanban_webhook_key',
      oldValues: old
        ? { key_hint: hintOf(deps.secrets.open(old.secretSealed, aadOf(accountId))) }
        : undefined,
      newValues: { key_hint: hintOf(key) },
    });
    return { ...present(row, key), key };
  });
}

import type { ApiKeyScope } from '@whatpro/contracts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { apiKeys } from '../../db/schema';
import { notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import { API_KEY_PREFIX } from '../auth/guard';
import { hashSecret, randomSecret } from '../auth/tokens';

type ApiKeyRow = typeof apiKeys.$inferSelect;

function present(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

/** The whole key is returned once; only its hash and a short prefix for recognition are kept (S-AK-1). */
export async function createApiKey(
  database: Database,
  accountId: number,
  input: { name: string; scopes: ApiKeyScope[]; expires_at?: string | undefined },
  context: AuditContext,
) {
  const key = randomSecret(API_KEY_PREFIX);
  return database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        accountId,
        name: input.name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 8),
        keyHash: hashSecret(key),
        scopes: [...new Set(input.scopes)],
        createdBy: context.actor?.type === 'user' ? context.actor.userId : null,
        expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      })
      .returning();
    await recordAudit(tx, context, {
      accountId,
      action: 'api_key.created',
      resourceType: 'api_key',
      resourceId: row!.id,
      newValues: { name: row!.name, scopes: row!.scopes, expires_at: row!.expiresAt?.toISOString() ?? null },
    });
    return { ...present(row!), key };
  });
}

export async function listApiKeys(database: Database, accountId: number) {
  const rows = await database.tenant(accountId, (tx) =>
    tx.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.createdAt)),
  );
  return rows.map(present);
}

export async function revokeApiKey(
  database: Database,
  accountId: number,
  keyId: string,
  context: AuditContext,
) {
  await database.tenant(accountId, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound('API key');
    await recordAudit(tx, context, {
      accountId,
      action: 'api_key.revoked',
      resourceType: 'api_key',
      resourceId: keyId,
    });
  });
}

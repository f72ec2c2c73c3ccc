import type { ApiKeyScope, apiKeySchema } from '@whatpro/contracts';
import type { z } from 'zod';
import type { Database } from '../../db/database';
import { notFound } from '../../errors';
import { authorize } from '../../policies';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { API_KEY_PREFIX } from '../auth/guard';
import { hashSecret, randomSecret } from '../auth/tokens';
import {
  type ApiKeyRow,
  apiKeysOfAccount,
  insertApiKey,
  liveApiKeyOfAccount,
  markApiKeyRevoked,
} from './repo';

type ApiKeyView = z.infer<typeof apiKeySchema>;

function present(row: ApiKeyRow): ApiKeyView {
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
    const row = await insertApiKey(tx, accountId, {
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 8),
      keyHash: hashSecret(key),
      scopes: [...new Set(input.scopes)],
      createdBy: context.actor?.type === 'user' ? context.actor.userId : null,
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
    });
    await recordAudit(tx, context, {
      accountId,
      action: 'api_key.created',
      resourceType: 'api_key',
      resourceId: row.id,
      newValues: { name: row.name, scopes: row.scopes, expires_at: row.expiresAt?.toISOString() ?? null },
    });
    return { ...present(row), key };
  });
}

export async function listApiKeys(database: Database, accountId: number) {
  const rows = await database.tenant(accountId, (tx) => apiKeysOfAccount(tx, accountId));
  return rows.map(present);
}

/** Revoked at once: the guard reads the key on every request. Allowed by the `api_key:revoke` policy. */
export async function revokeApiKey(
  database: Database,
  actor: Actor,
  accountId: number,
  keyId: string,
  context: AuditContext,
) {
  await database.tenant(accountId, async (tx) => {
    const key = await liveApiKeyOfAccount(tx, accountId, keyId);
    if (!key) throw notFound('API key');
    authorize(actor, 'api_key:revoke', key);
    await markApiKeyRevoked(tx, accountId, keyId, new Date());
    await recordAudit(tx, context, {
      accountId,
      action: 'api_key.revoked',
      resourceType: 'api_key',
      resourceId: keyId,
    });
  });
}

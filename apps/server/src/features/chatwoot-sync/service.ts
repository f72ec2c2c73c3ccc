import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { accountUsers, chatwootConnections, inboxes, inboxMembers, sessions, users } from '../../db/schema';
import { AppError, conflict, forbidden } from '../../errors';
import type { SecretBox } from '../../infra/secrets';
import {
  type ChatwootClient,
  ChatwootUnauthorizedError,
  type ChatwootWebhookEvent,
  type UserTokenAuth,
} from '../../integrations/chatwoot';
import { type AuditContext, recordAudit } from '../audit/service';
import { forgetAccountAccess } from '../auth/account-access';
import { type AuthDependencies, revokeSessions } from '../auth/service';
import { hashSecret, randomSecret } from '../auth/tokens';
import { forgetWebhookCredentials } from '../webhooks/credentials';
import { syncTeams } from './teams';

export interface SyncDependencies extends AuthDependencies {
  secrets: SecretBox;
}

/** Chatwoot events the Hub listens to (Chatwoot account webhooks are not retried, so reconcile also polls). */
export const WEBHOOK_SUBSCRIPTIONS: ChatwootWebhookEvent[] = [
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'message_created',
  'message_updated',
  'contact_created',
  'contact_updated',
  'inbox_created',
  'inbox_updated',
];

const aad = (accountId: number, field: string) => `chatwoot_connection:${accountId}:${field}`;

function requireChatwoot(deps: { chatwoot: ChatwootClient | undefined }): ChatwootClient {
  if (!deps.chatwoot)
    throw new AppError(503, 'service_unavailable', 'No Chatwoot is configured for this Hub');
  return deps.chatwoot;
}

export function webhookUrl(config: Config, accountId: number, urlToken: string): string {
  return `${new URL(config.publicUrl).origin}/api/v1/webhooks/chatwoot/${accountId}/${urlToken}`;
}

/**
 * Connects an account: the token must belong to an administrator of exactly this Chatwoot account. The
 * Hub registers its webhook with a secret URL (for Chatwoot versions that do not sign) and keeps the
 * signing secret Chatwoot returns; both the token and the secret are stored sealed.
 */
export async function connectAccount(
  deps: SyncDependencies,
  accountId: number,
  token: string,
  context: AuditContext,
) {
  const chatwoot = requireChatwoot(deps);
  const auth: UserTokenAuth = { kind: 'user_token', token };
  let role: string | undefined;
  try {
    const profile = await chatwoot.getProfile(auth);
    role = profile.accounts.find((account) => account.id === accountId)?.role;
  } catch (error) {
    if (error instanceof ChatwootUnauthorizedError) throw forbidden('Chatwoot did not accept this token');
    throw error;
  }
  if (role !== 'administrator')
    throw forbidden('The token must belong to an administrator of this Chatwoot account');

  const [previous] = await deps.database.tenant(accountId, (tx) =>
    tx.select().from(chatwootConnections).where(eq(chatwootConnections.accountId, accountId)),
  );
  if (previous?.webhookId) {
    await chatwoot.deleteWebhook(auth, accountId, previous.webhookId).catch(() => undefined);
  }
  const urlToken = randomSecret('');
  const webhook = await chatwoot.createWebhook(auth, accountId, {
    url: webhookUrl(deps.config, accountId, urlToken),
    subscriptions: WEBHOOK_SUBSCRIPTIONS,
  });
  const values = {
    adminTokenSealed: deps.secrets.seal(token, aad(accountId, 'admin_token')),
    webhookId: webhook.id,
    webhookSecretSealed: webhook.secret
      ? deps.secrets.seal(webhook.secret, aad(accountId, 'webhook_secret'))
      : null,
    urlTokenHash: hashSecret(urlToken),
    connectedBy: context.actor?.type === 'user' ? context.actor.userId : null,
    updatedAt: new Date(),
  };
  await deps.database.tenant(accountId, async (tx) => {
    await tx
      .insert(chatwootConnections)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: chatwootConnections.accountId, set: values });
    await recordAudit(tx, context, {
      accountId,
      action: previous ? 'chatwoot.reconnected' : 'chatwoot.connected',
      resourceType: 'chatwoot_webhook',
      resourceId: String(webhook.id),
      newValues: { signed_webhooks: Boolean(webhook.secret) },
    });
  });
  forgetWebhookCredentials(deps.database, accountId);
  await reconcileAccount(deps, accountId);
  return connectionStatus(deps.database, accountId);
}

export async function connectionStatus(database: Database, accountId: number) {
  return database.tenant(accountId, async (tx) => {
    const [connection] = await tx
      .select()
      .from(chatwootConnections)
      .where(eq(chatwootConnections.accountId, accountId));
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(inboxes)
      .where(eq(inboxes.accountId, accountId));
    return {
      connected: Boolean(connection),
      webhook_id: connection?.webhookId ?? null,
      signed_webhooks: Boolean(connection?.webhookSecretSealed),
      last_synced_at: connection?.lastSyncedAt?.toISOString() ?? null,
      inboxes: count?.n ?? 0,
    };
  });
}

/** Acts in Chatwoot as the account's connection (the administrator token it was connected with). */
export async function connectionAuth(deps: SyncDependencies, accountId: number): Promise<UserTokenAuth> {
  const [connection] = await deps.database.tenant(accountId, (tx) =>
    tx.select().from(chatwootConnections).where(eq(chatwootConnections.accountId, accountId)),
  );
  if (!connection) throw conflict('Connect this account to Chatwoot first (PUT /chatwoot/connection)');
  return {
    kind: 'user_token',
    token: deps.secrets.open(connection.adminTokenSealed, aad(accountId, 'admin_token')),
  };
}

/** The webhook secret of a connected account, or undefined when Chatwoot did not give one. */
export async function webhookCredentials(deps: SyncDependencies, accountId: number) {
  const [connection] = await deps.database.tenant(accountId, (tx) =>
    tx.select().from(chatwootConnections).where(eq(chatwootConnections.accountId, accountId)),
  );
  if (!connection) return undefined;
  return {
    urlTokenHash: connection.urlTokenHash,
    secret: connection.webhookSecretSealed
      ? deps.secrets.open(connection.webhookSecretSealed, aad(accountId, 'webhook_secret'))
      : undefined,
  };
}

/**
 * Re-reads the account's inboxes and each inbox's members (who may see its conversations) through the
 * account's connection: inboxes Chatwoot no longer lists are removed, membership is replaced per inbox.
 */
export async function syncInboxes(deps: SyncDependencies, accountId: number) {
  const chatwoot = requireChatwoot(deps);
  const auth = await connectionAuth(deps, accountId);
  const remoteInboxes = await chatwoot.listInboxes(auth, accountId);
  const members = await Promise.all(
    remoteInboxes.map((inbox) => chatwoot.listInboxMembers(auth, accountId, inbox.id)),
  );
  const now = new Date();
  await deps.database.tenant(accountId, async (tx) => {
    for (const inbox of remoteInboxes) {
      await tx
        .insert(inboxes)
        .values({
          accountId,
          chatwootInboxId: inbox.id,
          name: inbox.name,
          channelType: inbox.channel_type,
          syncedAt: now,
        })
        .onConflictDoUpdate({
          target: [inboxes.accountId, inboxes.chatwootInboxId],
          set: { name: inbox.name, channelType: inbox.channel_type, syncedAt: now, updatedAt: now },
        });
    }
    const keptInboxIds = remoteInboxes.map((inbox) => inbox.id);
    await tx
      .delete(inboxes)
      .where(
        keptInboxIds.length > 0
          ? and(eq(inboxes.accountId, accountId), notInArray(inboxes.chatwootInboxId, keptInboxIds))
          : eq(inboxes.accountId, accountId),
      );
    await tx.delete(inboxMembers).where(eq(inboxMembers.accountId, accountId));
    const rows = remoteInboxes.flatMap((inbox, index) =>
      (members[index] ?? []).map((agent) => ({
        accountId,
        chatwootInboxId: inbox.id,
        chatwootUserId: agent.id,
        syncedAt: now,
      })),
    );
    if (rows.length > 0) await tx.insert(inboxMembers).values(rows);
    await tx
      .update(chatwootConnections)
      .set({ lastSyncedAt: now })
      .where(eq(chatwootConnections.accountId, accountId));
  });
  return remoteInboxes.length;
}

/**
 * Brings the Hub in line with Chatwoot for one account: inboxes and their members, teams and theirs,
 * and who is still an agent there. Someone Chatwoot no longer lists loses the membership; a user left with no account at all
 * is disabled and their sessions end at once.
 */
export async function reconcileAccount(deps: SyncDependencies, accountId: number) {
  const chatwoot = requireChatwoot(deps);
  const auth = await connectionAuth(deps, accountId);
  const [inboxCount, agents] = await Promise.all([
    syncInboxes(deps, accountId),
    chatwoot.listAgents(auth, accountId),
    syncTeams(deps, auth, accountId),
  ]);
  const now = new Date();
  const installation = deps.config.chatwootUrl as string;
  const memberIds = await deps.database.tenant(accountId, (tx) =>
    tx
      .select({ userId: accountUsers.userId })
      .from(accountUsers)
      .where(eq(accountUsers.accountId, accountId)),
  );

  const agentIds = new Set(agents.map((agent) => agent.id));
  const members = memberIds.length
    ? await deps.database.system
        .select({ id: users.id, chatwootUserId: users.chatwootUserId })
        .from(users)
        .where(
          and(
            inArray(
              users.id,
              memberIds.map((row) => row.userId),
            ),
            eq(users.installation, installation),
          ),
        )
    : [];
  const gone = members.filter((member) => !agentIds.has(member.chatwootUserId)).map((member) => member.id);
  if (gone.length > 0) {
    await deps.database.tenant(accountId, (tx) =>
      tx
        .delete(accountUsers)
        .where(and(eq(accountUsers.accountId, accountId), inArray(accountUsers.userId, gone))),
    );
    await forgetAccountAccess(deps.cache, accountId, gone);
    for (const userId of gone) {
      const [remaining] = await deps.database.system
        .select({ n: sql<number>`count(*)::int` })
        .from(accountUsers)
        .where(eq(accountUsers.userId, userId));
      if ((remaining?.n ?? 0) > 0) continue;
      await deps.database.system
        .update(users)
        .set({ status: 'disabled', updatedAt: now })
        .where(eq(users.id, userId));
      const open = await deps.database.system
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
      await revokeSessions(
        deps,
        open.map((session) => session.id),
        'removed_from_chatwoot',
      );
    }
  }
  return { inboxes: inboxCount, removed_members: gone.length };
}

export async function connectedAccountIds(database: Database): Promise<number[]> {
  const rows = await database.system
    .select({ accountId: chatwootConnections.accountId })
    .from(chatwootConnections);
  return rows.map((row) => row.accountId);
}

import type { ChatMessagesPurgedEvent, ChatPurge, ChatSettings, RequestChatPurge } from '@whatpro/contracts';
import type { AppDependencies } from '../../dependencies';
import { AppError, notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { roomMemberIds } from '../chat/repo';
import { activeMemberIds } from '../chat-announcements/repo';
import { channels, type UserEventsMessage } from '../realtime/events';
import {
  accountsWithRetention,
  addToPurgeCounts,
  anythingBefore,
  clearOldPreviews,
  deleteEventsBefore,
  deleteUnsentBefore,
  emptyMessages,
  findPurge,
  findSettings,
  insertPurge,
  messagesWithContent,
  type PurgeRow,
  type PurgeScope,
  recentPurges,
  roomExists,
  updatePurge,
  upsertSettings,
} from './repo';

export type RetentionDependencies = Pick<AppDependencies, 'database' | 'storage' | 'jobs' | 'log' | 'bus'>;

export const CHAT_PURGE_JOB = 'chat-purge';
export const CHAT_RETENTION_JOB = 'chat-retention';

/** Messages emptied per transaction: short locks, visible progress. */
export const PURGE_BATCH_SIZE = 500;
const RECENT_PURGES = 50;
const DAY_MS = 86_400_000;

const iso = (value: Date | null) => value?.toISOString() ?? null;

function presentPurge(row: PurgeRow): ChatPurge {
  return {
    id: row.id,
    room_id: row.roomId,
    before: row.cutoff.toISOString(),
    source: row.source,
    requested_by: row.requestedBy,
    status: row.status,
    messages_purged: row.messagesPurged,
    reactions_purged: row.reactionsPurged,
    attachments_purged: row.attachmentsPurged,
    events_purged: row.eventsPurged,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
  };
}

const userIdOf = (actor: Actor) => (actor.type === 'user' ? actor.userId : null);

export async function getChatSettings(deps: RetentionDependencies, accountId: number): Promise<ChatSettings> {
  const row = await deps.database.tenant(accountId, (tx) => findSettings(tx, accountId));
  return { retention_days: row?.retentionDays ?? null };
}

export async function changeChatSettings(
  deps: RetentionDependencies,
  accountId: number,
  input: ChatSettings,
  context: AuditContext,
): Promise<ChatSettings> {
  return deps.database.tenant(accountId, async (tx) => {
    const before = await findSettings(tx, accountId);
    const row = await upsertSettings(tx, accountId, input.retention_days);
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.retention_changed',
      resourceType: 'chat_settings',
      resourceId: String(accountId),
      oldValues: { retention_days: before?.retentionDays ?? null },
      newValues: { retention_days: row.retentionDays },
    });
    return { retention_days: row.retentionDays };
  });
}

/** Records the purge, audits the request and queues the job that runs it; progress is read back by id. */
export async function requestPurge(
  deps: RetentionDependencies,
  actor: Actor,
  accountId: number,
  input: RequestChatPurge,
  context: AuditContext,
): Promise<ChatPurge> {
  const cutoff = new Date(input.before);
  if (cutoff.getTime() > Date.now()) {
    throw new AppError(400, 'bad_request', 'before must not be in the future');
  }
  const row = await deps.database.tenant(accountId, async (tx) => {
    if (input.room_id && !(await roomExists(tx, accountId, input.room_id))) throw notFound('Room');
    const purge = await insertPurge(tx, accountId, {
      roomId: input.room_id ?? null,
      cutoff,
      source: 'admin',
      requestedBy: userIdOf(actor),
    });
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.purge_requested',
      resourceType: 'chat_purge',
      resourceId: purge.id,
      newValues: { before: cutoff.toISOString(), room_id: purge.roomId },
    });
    return purge;
  });
  await sendPurgeJob(deps, accountId, row.id);
  return presentPurge(row);
}

async function sendPurgeJob(deps: RetentionDependencies, accountId: number, purgeId: string) {
  if (!deps.jobs) throw new Error('The job system is not started');
  await deps.jobs.send(CHAT_PURGE_JOB, { account_id: accountId, purge_id: purgeId });
}

export async function getPurge(deps: RetentionDependencies, accountId: number, purgeId: string) {
  const row = await deps.database.tenant(accountId, (tx) => findPurge(tx, accountId, purgeId));
  if (!row) throw notFound('Purge');
  return presentPurge(row);
}

export async function listPurges(deps: RetentionDependencies, accountId: number) {
  const rows = await deps.database.tenant(accountId, (tx) => recentPurges(tx, accountId, RECENT_PURGES));
  return { purges: rows.map(presentPurge) };
}

const jobContext = (name: string): AuditContext => ({
  actor: { type: 'system', name },
  ip: null,
  userAgent: null,
  requestId: null,
});

/**
 * Runs a purge in batches, each its own transaction that adds to the purge's counts, so progress shows
 * while it runs and a retry after a crash carries on where it stopped (emptied messages are not picked
 * again). Storage objects are deleted after the batch that dropped their rows commits.
 */
export async function runPurge(
  deps: RetentionDependencies,
  accountId: number,
  purgeId: string,
): Promise<void> {
  const { database } = deps;
  const purge = await database.tenant(accountId, (tx) => findPurge(tx, accountId, purgeId));
  if (!purge || purge.status === 'done') return;
  await database.tenant(accountId, (tx) =>
    updatePurge(tx, accountId, purgeId, {
      status: 'running',
      startedAt: purge.startedAt ?? new Date(),
      error: null,
    }),
  );
  const scope: PurgeScope = { cutoff: purge.cutoff, roomId: purge.roomId };
  let audience: string[] = [];
  try {
    for (;;) {
      const keys = await database.tenant(accountId, async (tx) => {
        const ids = await messagesWithContent(tx, accountId, scope, PURGE_BATCH_SIZE);
        if (ids.length === 0) return undefined;
        const emptied = await emptyMessages(tx, accountId, ids, new Date());
        await addToPurgeCounts(tx, accountId, purgeId, {
          messagesPurged: emptied.messages,
          reactionsPurged: emptied.reactions,
          attachmentsPurged: emptied.storageKeys.length,
          eventsPurged: 0,
        });
        return emptied.storageKeys;
      });
      if (!keys) break;
      await deps.storage.delete(keys);
    }
    const unsent = await database.tenant(accountId, async (tx) => {
      const storageKeys = await deleteUnsentBefore(tx, accountId, scope);
      const events = await deleteEventsBefore(tx, accountId, scope);
      await clearOldPreviews(tx, accountId, scope);
      await addToPurgeCounts(tx, accountId, purgeId, {
        messagesPurged: 0,
        reactionsPurged: 0,
        attachmentsPurged: storageKeys.length,
        eventsPurged: events,
      });
      return storageKeys;
    });
    await deps.storage.delete(unsent);
    await database.tenant(accountId, async (tx) => {
      await updatePurge(tx, accountId, purgeId, { status: 'done', finishedAt: new Date() });
      const done = await findPurge(tx, accountId, purgeId);
      audience = scope.roomId
        ? await roomMemberIds(tx, accountId, scope.roomId)
        : await activeMemberIds(tx, accountId);
      await recordAudit(tx, jobContext(CHAT_PURGE_JOB), {
        accountId,
        action: 'chat.purge_completed',
        resourceType: 'chat_purge',
        resourceId: purgeId,
        newValues: {
          before: scope.cutoff.toISOString(),
          room_id: scope.roomId,
          source: purge.source,
          messages_purged: done?.messagesPurged,
          reactions_purged: done?.reactionsPurged,
          attachments_purged: done?.attachmentsPurged,
          events_purged: done?.eventsPurged,
        },
      });
    });
  } catch (error) {
    await database
      .tenant(accountId, (tx) =>
        updatePurge(tx, accountId, purgeId, {
          status: 'failed',
          error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
        }),
      )
      .catch((failure) =>
        deps.log.error({ err: failure, purge_id: purgeId }, 'could not record a failed purge'),
      );
    throw error;
  }
  await publishPurged(deps, accountId, audience, scope);
}

/** Tells whoever may hold the purged messages open to blank them; a missed event only delays that to a reload. */
async function publishPurged(
  deps: Pick<RetentionDependencies, 'bus' | 'log'>,
  accountId: number,
  userIds: string[],
  scope: PurgeScope,
) {
  if (userIds.length === 0) return;
  const event: ChatMessagesPurgedEvent = {
    type: 'messages.purged',
    room_id: scope.roomId,
    before: scope.cutoff.toISOString(),
  };
  const message: UserEventsMessage = { account_id: accountId, user_ids: userIds, event };
  await deps.bus
    .publish(channels.userEvents, message)
    .catch((error: Error) =>
      deps.log.warn({ err: error, account_id: accountId }, 'purge not published live'),
    );
}

/** Daily: every account with a retention period gets a purge of what is older, when there is any. */
export async function applyRetention(deps: RetentionDependencies, now = Date.now()): Promise<number> {
  let started = 0;
  for (const { accountId, retentionDays } of await accountsWithRetention(deps.database.system)) {
    const cutoff = new Date(now - (retentionDays as number) * DAY_MS);
    const scope: PurgeScope = { cutoff, roomId: null };
    try {
      const purge = await deps.database.tenant(accountId, async (tx) => {
        if (!(await anythingBefore(tx, accountId, scope))) return undefined;
        return insertPurge(tx, accountId, { roomId: null, cutoff, source: 'retention', requestedBy: null });
      });
      if (!purge) continue;
      await runPurge(deps, accountId, purge.id);
      started += 1;
    } catch (error) {
      deps.log.warn({ err: error, account_id: accountId }, 'chat retention failed; next run will retry');
    }
  }
  return started;
}

import type { ChatAnnouncement, ChatAnnouncementEvent, CreateChatAnnouncement } from '@whatpro/contracts';
import type { AppDependencies } from '../../dependencies';
import { AppError, forbidden, notFound } from '../../errors';
import { type AuditContext, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { findTeam, teamUserIds } from '../chat-team-rooms/repo';
import { channels, type UserEventsMessage } from '../realtime/events';
import {
  type AnnouncementRow,
  activeMemberIds,
  findAnnouncement,
  insertAnnouncement,
  markReceiptRead,
  receiptsOf,
  receivedBy,
} from './repo';

export type AnnouncementDependencies = Pick<AppDependencies, 'database' | 'bus' | 'log'>;

const RECENT_ANNOUNCEMENTS = 50;

function present(
  row: AnnouncementRow,
  counts: { recipientCount: number; readCount: number },
  readAt: Date | null,
): ChatAnnouncement {
  return {
    id: row.id,
    author_id: row.authorId,
    chatwoot_team_id: row.chatwootTeamId,
    body: row.body,
    created_at: row.createdAt.toISOString(),
    recipient_count: counts.recipientCount,
    read_count: counts.readCount,
    read_at: readAt?.toISOString() ?? null,
  };
}

function userOf(actor: Actor) {
  if (actor.type !== 'user') throw forbidden('Announcements need a user session, not an API key');
  return actor;
}

/**
 * Sends an announcement to a Chatwoot team's members or to every active member of the account (the
 * author excepted), with one unread receipt each; recipients get it live after the commit.
 */
export async function sendAnnouncement(
  deps: AnnouncementDependencies,
  actor: Actor,
  accountId: number,
  input: CreateChatAnnouncement,
  context: AuditContext,
): Promise<ChatAnnouncement> {
  const user = userOf(actor);
  const { announcement, recipientIds } = await deps.database.tenant(accountId, async (tx) => {
    const teamId = input.chatwoot_team_id ?? null;
    if (teamId !== null && !(await findTeam(tx, accountId, teamId))) throw notFound('Team');
    const audience =
      teamId === null ? await activeMemberIds(tx, accountId) : await teamUserIds(tx, accountId, teamId);
    const recipients = audience.filter((userId) => userId !== user.userId);
    if (recipients.length === 0) {
      throw new AppError(400, 'bad_request', 'Nobody in the Hub would receive this announcement');
    }
    const row = await insertAnnouncement(
      tx,
      accountId,
      { authorId: user.userId, chatwootTeamId: teamId, body: input.body },
      recipients,
    );
    await recordAudit(tx, context, {
      accountId,
      action: 'chat.announcement_sent',
      resourceType: 'chat_announcement',
      resourceId: row.id,
      newValues: { chatwoot_team_id: teamId, recipient_count: recipients.length },
    });
    return {
      announcement: present(row, { recipientCount: recipients.length, readCount: 0 }, null),
      recipientIds: recipients,
    };
  });
  const event: ChatAnnouncementEvent = { type: 'announcement.created', announcement };
  const message: UserEventsMessage = { account_id: accountId, user_ids: recipientIds, event };
  try {
    await deps.bus.publish(channels.userEvents, message);
  } catch (error) {
    // Stored with its receipts: recipients see it in their list on the next load.
    deps.log.warn({ err: error, account_id: accountId }, 'announcement not published live');
  }
  return announcement;
}

export async function listMyAnnouncements(deps: AnnouncementDependencies, actor: Actor, accountId: number) {
  const user = userOf(actor);
  const rows = await deps.database.tenant(accountId, (tx) =>
    receivedBy(tx, accountId, user.userId, RECENT_ANNOUNCEMENTS),
  );
  return { announcements: rows.map((row) => present(row.announcement, row, row.readAt)) };
}

export async function markAnnouncementRead(
  deps: AnnouncementDependencies,
  actor: Actor,
  accountId: number,
  announcementId: string,
): Promise<ChatAnnouncement> {
  const user = userOf(actor);
  return deps.database.tenant(accountId, async (tx) => {
    const receipt = await markReceiptRead(tx, accountId, announcementId, user.userId, new Date());
    const found = receipt ? await findAnnouncement(tx, accountId, announcementId) : undefined;
    if (!receipt || !found) throw notFound('Announcement');
    return present(found.announcement, found, receipt.readAt);
  });
}

/** Who received it and who has read it: for managers (the route's permission). */
export async function announcementReceipts(
  deps: AnnouncementDependencies,
  accountId: number,
  announcementId: string,
) {
  return deps.database.tenant(accountId, async (tx) => {
    if (!(await findAnnouncement(tx, accountId, announcementId))) throw notFound('Announcement');
    const rows = await receiptsOf(tx, accountId, announcementId);
    return {
      announcement_id: announcementId,
      receipts: rows.map((row) => ({
        user: { id: row.userId, name: row.name },
        read_at: row.readAt?.toISOString() ?? null,
      })),
    };
  });
}

import type { ChatMessage, ChatRoom, ConversationCard, ConversationReference } from '@whatpro/contracts';
import type { Config } from '../../config';
import type { Tx } from '../../db/database';
import type { AppDependencies } from '../../dependencies';
import { forbidden } from '../../errors';
import type { Actor } from '../auth/actor';
import { findMember, insertMembers, insertMessage, insertPin, nextMessageSeq } from '../chat/repo';
import {
  addRoomMembers,
  type ChatDelivery,
  findOrCreateRoom,
  getRoom,
  logChatEvent,
  publishChatEvents,
} from '../chat/service';
import type { ConversationRow } from '../conversations/repo';
import { getConversation } from '../conversations/service';
import { maySeeConversation } from '../conversations/visibility';
import { conversationsWithInbox } from './repo';

type UserActor = Extract<Actor, { type: 'user' }>;

function userOf(actor: Actor): UserActor {
  if (actor.type !== 'user') throw forbidden('Chat needs a user session, not an API key');
  return actor;
}

/** The latest of the contact's, the agents' and the notes' last message times. */
function lastMessageOf(row: ConversationRow): ConversationCard['last_message'] {
  const candidates = [
    { at: row.lastIncomingAt, from: 'contact' as const },
    { at: row.lastOutgoingAt, from: 'agent' as const },
    { at: row.lastNoteAt, from: 'note' as const },
  ].filter(
    (candidate): candidate is { at: Date; from: 'contact' | 'agent' | 'note' } => candidate.at !== null,
  );
  const latest = candidates.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  return latest ? { at: latest.at.toISOString(), from: latest.from } : null;
}

function presentCard(config: Config, row: ConversationRow, inboxName: string | null): ConversationCard {
  return {
    display_id: row.displayId,
    status: row.status,
    contact:
      row.contactId === null
        ? null
        : { name: row.contactName, phone_number: row.contactPhone, email: row.contactEmail },
    inbox: { id: row.chatwootInboxId, name: inboxName },
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName },
    team: row.teamId === null ? null : { id: row.teamId, name: row.teamName },
    last_message: lastMessageOf(row),
    chatwoot_url: config.chatwootUrl
      ? new URL(
          `app/accounts/${row.accountId}/conversations/${row.displayId}`,
          `${config.chatwootUrl.replace(/\/$/, '')}/`,
        ).href
      : '',
  };
}

/**
 * Conversation references as this reader may see them: a card from the mirror for the conversations
 * they may see in Chatwoot, `unavailable` for the rest, unknown ones included, so a reference never
 * tells someone what they could not find out in Chatwoot.
 */
export async function conversationReferences(
  deps: Pick<AppDependencies, 'database' | 'config'>,
  actor: Actor,
  accountId: number,
  displayIds: number[],
): Promise<{ references: ConversationReference[] }> {
  return deps.database.tenant(accountId, async (tx) => {
    const found = new Map(
      (await conversationsWithInbox(tx, accountId, displayIds)).map((row) => [
        row.conversation.displayId,
        row,
      ]),
    );
    const references: ConversationReference[] = [];
    for (const displayId of displayIds) {
      const row = found.get(displayId);
      const visible = row !== undefined && (await maySeeConversation(tx, actor, accountId, row.conversation));
      references.push(
        visible
          ? {
              display_id: displayId,
              access: 'granted',
              card: presentCard(deps.config, row.conversation, row.inboxName),
            }
          : { display_id: displayId, access: 'unavailable', card: null },
      );
    }
    return { references };
  });
}

/**
 * The first message of a discussion room: a system line whose reference is the conversation, pinned,
 * so the card heads the room for everyone who may see it.
 */
async function pinConversationCard(
  tx: Tx,
  accountId: number,
  roomId: string,
  displayId: number,
  openerId: string,
): Promise<ChatDelivery & { event: { type: 'message.created'; message: ChatMessage } }> {
  const at = new Date();
  const seq = await nextMessageSeq(tx, accountId, roomId, { at });
  const system = { action: 'room_created' as const, actor_id: openerId };
  const row = await insertMessage(tx, {
    accountId,
    roomId,
    seq,
    kind: 'system',
    system,
    conversationDisplayId: displayId,
    createdAt: at,
  });
  await insertPin(tx, accountId, roomId, row.id, openerId);
  const message: ChatMessage = {
    id: row.id,
    room_id: roomId,
    seq,
    kind: 'system',
    author_id: null,
    body: null,
    system,
    client_id: null,
    reply_to: null,
    conversation_display_id: displayId,
    mentions: [],
    reactions: [],
    pinned: true,
    created_at: at.toISOString(),
    edited_at: null,
    deleted_at: null,
  };
  const event = await logChatEvent(tx, accountId, { type: 'message.created', room_id: roomId, message });
  return { event, userIds: [openerId] };
}

/**
 * "Discutir internamente": the discussion room of a conversation, created on first use (once, however
 * many open it at the same time) with the conversation card pinned; whoever opens it joins it. Only for
 * users who may see the conversation in Chatwoot.
 */
export async function openDiscussion(
  deps: AppDependencies,
  actor: Actor,
  accountId: number,
  displayId: number,
): Promise<ChatRoom> {
  const user = userOf(actor);
  // 404 when Chatwoot does not know it, 403 when this user may not see it.
  const conversation = await getConversation(deps, actor, accountId, displayId);
  const name = `#${displayId} ${conversation.contact?.name ?? ''}`.trim().slice(0, 100);
  const { roomId, deliveries } = await deps.database.tenant(accountId, async (tx) => {
    const { room, created } = await findOrCreateRoom(tx, accountId, {
      kind: 'discussion',
      conversationDisplayId: displayId,
      name,
      createdBy: user.userId,
    });
    const out: ChatDelivery[] = [];
    if (created) {
      const card = await pinConversationCard(tx, accountId, room.id, displayId, user.userId);
      // The opener owns the room they created, with its first message read, as a team room's creator.
      await insertMembers(tx, accountId, room.id, [
        { userId: user.userId, role: 'owner', lastReadSeq: card.event.message.seq },
      ]);
      out.push(card);
    } else if (!(await findMember(tx, accountId, room.id, user.userId))) {
      const joined = await addRoomMembers(
        tx,
        accountId,
        room.id,
        [{ userId: user.userId, role: 'member' }],
        user.userId,
      );
      // Nobody added: not a member of the account, or this user's other request joined them meanwhile.
      if (joined.added.length === 0 && !(await findMember(tx, accountId, room.id, user.userId)))
        throw forbidden('Only members of this account can join its discussions');
      out.push(...joined.deliveries);
    }
    return { roomId: room.id, deliveries: out };
  });
  await publishChatEvents(deps, accountId, deliveries);
  return getRoom(deps, actor, accountId, roomId);
}

import type { Tx } from '../../db/database';
import { can } from '../../policies';
import type { Actor } from '../auth/actor';
import { inboxIdsOfUser } from './repo';

/**
 * May this actor see this conversation? The one answer for the mirror route, chat references and
 * Kanban cards: administrators see all of the account, everyone else the conversations of the Chatwoot
 * inboxes they are a member of (synced by the reconcile), as in Chatwoot.
 */
export async function maySeeConversation(
  tx: Tx,
  actor: Actor,
  accountId: number,
  conversation: { chatwootInboxId: number },
): Promise<boolean> {
  const actorInboxIds =
    actor.type === 'user' && !actor.isSuperAdmin && actor.role !== 'admin'
      ? await inboxIdsOfUser(tx, accountId, actor.userId)
      : [];
  return can(actor, 'conversation:read', {
    accountId,
    chatwootInboxId: conversation.chatwootInboxId,
    actorInboxIds,
  });
}

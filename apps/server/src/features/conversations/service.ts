import type { Conversation } from '@whatpro/contracts';
import { forbidden, notFound } from '../../errors';
import { ChatwootNotFoundError } from '../../integrations/chatwoot';
import type { Actor } from '../auth/actor';
import { connectionAuth } from '../chatwoot-sync/service';
import { RefusedEvent } from '../webhooks/outcome';
import { type ConversationDependencies, ensureInboxOfAccount } from './handlers';
import { applyConversation } from './mirror';
import { conversationPayloadSchema } from './payloads';
import { type ConversationRow, findConversation } from './repo';
import { maySeeConversation } from './visibility';

const iso = (value: Date | null) => value?.toISOString() ?? null;

function present(row: ConversationRow, chatwootUrl: string | undefined): Conversation {
  return {
    display_id: row.displayId,
    chatwoot_inbox_id: row.chatwootInboxId,
    status: row.status,
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName },
    team: row.teamId === null ? null : { id: row.teamId, name: row.teamName },
    labels: row.labels,
    priority: row.priority,
    contact:
      row.contactId === null
        ? null
        : {
            id: row.contactId,
            name: row.contactName,
            phone_number: row.contactPhone,
            email: row.contactEmail,
          },
    created_at: row.chatwootCreatedAt.toISOString(),
    last_activity_at: iso(row.lastActivityAt),
    last_incoming_at: iso(row.lastIncomingAt),
    last_outgoing_at: iso(row.lastOutgoingAt),
    last_note_at: iso(row.lastNoteAt),
    first_reply_at: iso(row.firstReplyAt),
    waiting_since: iso(row.waitingSince),
    source_updated_at: row.sourceUpdatedAt.toISOString(),
    chatwoot_url: chatwootUrl
      ? new URL(
          `app/accounts/${row.accountId}/conversations/${row.displayId}`,
          `${chatwootUrl.replace(/\/$/, '')}/`,
        ).href
      : '',
  };
}

/**
 * Reads a conversation from Chatwoot through the account's connection and mirrors it (on demand, when
 * no webhook brought it yet). Undefined when Chatwoot does not know it, the account is not connected,
 * or its inbox is not the account's.
 */
async function mirrorFromChatwoot(deps: ConversationDependencies, accountId: number, displayId: number) {
  if (!deps.chatwoot) return undefined;
  const auth = await connectionAuth(deps, accountId).catch(() => undefined);
  if (!auth) return undefined;
  let remote: unknown;
  try {
    remote = await deps.chatwoot.getConversation(auth, accountId, displayId);
  } catch (error) {
    if (error instanceof ChatwootNotFoundError) return undefined;
    throw error;
  }
  const parsed = conversationPayloadSchema.safeParse(remote);
  if (!parsed.success || parsed.data.id !== displayId || parsed.data.account_id !== accountId)
    return undefined;
  const conversation = parsed.data;
  try {
    await ensureInboxOfAccount(deps, accountId, conversation.inbox_id);
  } catch (error) {
    if (error instanceof RefusedEvent) return undefined;
    throw error;
  }
  const outcome = await deps.database.tenant(accountId, async (tx) => {
    const mirrored = await applyConversation(tx, deps.domainEvents, accountId, conversation);
    return { ...mirrored, row: await findConversation(tx, accountId, displayId) };
  });
  await deps.domainEvents.deliver(accountId, outcome.eventIds);
  return outcome.row;
}

/** The mirrored conversation, fetched from Chatwoot when not mirrored yet, if the actor may see it. */
export async function getConversation(
  deps: ConversationDependencies,
  actor: Actor,
  accountId: number,
  displayId: number,
): Promise<Conversation> {
  const row =
    (await deps.database.tenant(accountId, (tx) => findConversation(tx, accountId, displayId))) ??
    (await mirrorFromChatwoot(deps, accountId, displayId));
  if (!row) throw notFound('Conversation');
  const visible = await deps.database.tenant(accountId, (tx) =>
    maySeeConversation(tx, actor, accountId, row),
  );
  if (!visible) throw forbidden("Only members of this conversation's inbox in Chatwoot may see it");
  return present(row, deps.config.chatwootUrl);
}

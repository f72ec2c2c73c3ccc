import { useMutation, useQuery } from '@tanstack/react-query';
import type { ChatMessage, ChatMessageAttachment, ChatRoom } from '@whatpro/contracts';
import { memo, useState } from 'react';
import { describeError } from '../i18n/errors';
import { useLocale, useT } from '../i18n/i18n';
import { chatKeys } from './cache';
import { ConfirmDialog } from './dialogs';
import { clockTime, signedLinkFreshFor } from './format';
import { Markdown } from './Markdown';
import type { PendingMessage } from './outbox';
import { Avatar } from './RoomList';
import { useCan, useChatSession, useUserName } from './session';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '🙏'] as const;

function SystemLine({ message }: { message: ChatMessage }) {
  const t = useT();
  const nameOf = useUserName();
  const data = message.system;
  if (!data) return null;
  const actor = nameOf(data.actor_id);
  const user = nameOf(data.user_id ?? null);
  const text = (() => {
    switch (data.action) {
      case 'room_created':
        return t('chat.system.roomCreated', { actor });
      case 'member_added':
        return t('chat.system.memberAdded', { actor, user });
      case 'member_removed':
        return t('chat.system.memberRemoved', { actor, user });
      case 'member_left':
        return t('chat.system.memberLeft', { user: user || actor });
      case 'room_renamed':
        return t('chat.system.roomRenamed', { actor, name: data.name ?? '' });
      case 'room_archived':
        return t('chat.system.roomArchived', { actor });
      case 'room_unarchived':
        return t('chat.system.roomUnarchived', { actor });
      case 'team_unlinked':
        return t('chat.system.teamUnlinked');
    }
  })();
  return (
    <p className="px-4 py-1 text-center text-n-slate-11 text-xs" data-testid="chat-system-message">
      {text}
    </p>
  );
}

const statusKey = {
  open: 'embed.context.statusOpen',
  resolved: 'embed.context.statusResolved',
  pending: 'embed.context.statusPending',
  snoozed: 'embed.context.statusSnoozed',
} as const;

/**
 * A card for a referenced Chatwoot conversation, from the Hub's mirror: contact, inbox, status, assignee.
 * Readers who may not see the conversation in Chatwoot get only its number, as the server decides.
 */
export function ConversationReference({ displayId }: { displayId: number }) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const reference = useQuery({
    queryKey: chatKeys.reference(accountId, displayId),
    queryFn: ({ signal }) => api.references([displayId], signal).then((list) => list[0] ?? null),
    staleTime: 60_000,
  });
  const card = reference.data?.card ?? null;
  const contact = card?.contact?.name ?? card?.contact?.email ?? card?.contact?.phone_number ?? null;
  return (
    <div
      data-testid="chat-conversation-reference"
      data-conversation={displayId}
      data-access={reference.data?.access ?? 'loading'}
      className="mt-1 flex max-w-sm items-start gap-3 rounded-lg bg-n-background px-3 py-2 outline outline-1 outline-n-strong"
    >
      <span aria-hidden="true" className="font-semibold text-lg text-n-blue-11">
        #
      </span>
      <span className="flex min-w-0 flex-1 flex-col text-xs">
        <span className="font-medium text-sm">
          {contact ?? t('chat.reference.conversation', { id: displayId })}
        </span>
        {card ? (
          <>
            <span className="text-n-slate-11">
              {t('chat.reference.conversation', { id: displayId })} · {t(statusKey[card.status])}
            </span>
            {card.inbox.name ? (
              <span className="text-n-slate-11">{t('chat.reference.inbox', { name: card.inbox.name })}</span>
            ) : null}
            <span className="text-n-slate-11">
              {card.assignee?.name
                ? t('chat.reference.assignee', { name: card.assignee.name })
                : t('chat.reference.unassigned')}
            </span>
          </>
        ) : reference.data?.access === 'unavailable' ? (
          <span className="text-n-slate-11">{t('chat.reference.unavailable')}</span>
        ) : null}
      </span>
      {card?.chatwoot_url ? (
        <a
          href={card.chatwoot_url}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="chat-reference-open"
          className="shrink-0 rounded-lg px-2 py-1 text-n-blue-11 text-sm hover:bg-n-brand/10"
        >
          {t('chat.reference.open')}
        </a>
      ) : null}
    </div>
  );
}

function Reactions({ message }: { message: ChatMessage }) {
  const { api, user } = useChatSession();
  const canWrite = useCan('chat:write:account');
  const toggle = useMutation({
    mutationFn: ({ emoji, on }: { emoji: string; on: boolean }) => api.react(message.id, emoji, on),
  });
  if (message.reactions.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-1" data-testid="chat-reactions">
      {message.reactions.map((reaction) => {
        const mine = reaction.user_ids.includes(user.id);
        return (
          <li key={reaction.emoji}>
            <button
              type="button"
              disabled={!canWrite || toggle.isPending}
              aria-pressed={mine}
              onClick={() => toggle.mutate({ emoji: reaction.emoji, on: !mine })}
              className={`inline-flex h-6 items-center gap-1 rounded-full px-2 text-xs outline outline-1 ${
                mine ? 'bg-n-brand/10 outline-n-brand' : 'outline-n-strong'
              }`}
            >
              <span>{reaction.emoji}</span>
              <span>{reaction.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export interface MessageActions {
  onReply: (message: ChatMessage) => void;
  onEdit: (message: ChatMessage) => void;
}

function Toolbar({
  message,
  room,
  actions,
}: {
  message: ChatMessage;
  room: ChatRoom;
  actions: MessageActions;
}) {
  const t = useT();
  const { api, user } = useChatSession();
  const canWrite = useCan('chat:write:account');
  const canManage = useCan('chat:manage:account');
  const [confirming, setConfirming] = useState(false);
  const [picking, setPicking] = useState(false);
  const react = useMutation({ mutationFn: (emoji: string) => api.react(message.id, emoji, true) });
  const pin = useMutation({ mutationFn: () => api.pin(message.id, !message.pinned) });
  const remove = useMutation({
    mutationFn: () => api.remove(message.id),
    onSuccess: () => setConfirming(false),
  });
  if (!canWrite || message.deleted_at) return null;
  const mine = message.author_id === user.id;
  const moderator = room.my_role !== 'member' || canManage;
  const button = 'inline-flex h-7 items-center rounded-md px-2 text-xs hover:bg-n-slate-12/5';
  return (
    <div
      className="absolute -top-3 right-3 hidden gap-0.5 rounded-lg bg-n-solid-2 p-0.5 shadow outline outline-1 outline-n-strong group-focus-within:flex group-hover:flex"
      data-testid="chat-message-actions"
    >
      {picking ? (
        QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={t('chat.message.reactWith', { emoji })}
            className={button}
            onClick={() => {
              setPicking(false);
              react.mutate(emoji);
            }}
          >
            {emoji}
          </button>
        ))
      ) : (
        <>
          <button type="button" className={button} onClick={() => setPicking(true)}>
            {t('chat.message.react')}
          </button>
          <button type="button" className={button} onClick={() => actions.onReply(message)}>
            {t('chat.message.reply')}
          </button>
          <button type="button" className={button} onClick={() => pin.mutate()}>
            {message.pinned ? t('chat.message.unpin') : t('chat.message.pin')}
          </button>
          {mine ? (
            <button type="button" className={button} onClick={() => actions.onEdit(message)}>
              {t('chat.message.edit')}
            </button>
          ) : null}
          {mine || moderator ? (
            <button type="button" className={`${button} text-n-ruby-11`} onClick={() => setConfirming(true)}>
              {t('chat.message.delete')}
            </button>
          ) : null}
        </>
      )}
      {confirming ? (
        <ConfirmDialog
          title={t('chat.message.deleteTitle')}
          body={remove.isError ? describeError(t, remove.error) : t('chat.message.deleteBody')}
          confirm={t('chat.message.delete')}
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}

function Header({ authorId, createdAt }: { authorId: string | null; createdAt: string }) {
  const { locale } = useLocale();
  const nameOf = useUserName();
  return (
    <div className="flex items-baseline gap-2">
      <span className="font-semibold text-sm" data-testid="chat-message-author">
        {nameOf(authorId)}
      </span>
      <time dateTime={createdAt} className="text-n-slate-11 text-xs">
        {clockTime(createdAt, locale)}
      </time>
    </div>
  );
}

/** One message: author block (unless it continues the previous one), body, reply quote, reactions, actions. */
export const MessageItem = memo(function MessageItem({
  message,
  continued,
  room,
  actions,
}: {
  message: ChatMessage;
  continued: boolean;
  room: ChatRoom;
  actions: MessageActions;
}) {
  const t = useT();
  const { user } = useChatSession();
  const nameOf = useUserName();
  if (message.kind === 'system') return <SystemLine message={message} />;
  const author = nameOf(message.author_id);
  return (
    <article
      className={`group relative flex gap-3 px-4 hover:bg-n-slate-12/[0.03] ${continued ? 'pt-0.5' : 'pt-3'}`}
      data-testid="chat-message"
      data-seq={message.seq}
      data-message-id={message.id}
      data-deleted={message.deleted_at ? 'true' : undefined}
      aria-label={t('chat.message.label', { author })}
    >
      <div className="w-9 shrink-0">{continued ? null : <Avatar name={author} />}</div>
      <div className="min-w-0 flex-1 pb-0.5">
        {continued ? null : <Header authorId={message.author_id} createdAt={message.created_at} />}
        {message.reply_to ? (
          <p
            className="mb-1 truncate border-n-strong border-l-2 pl-2 text-n-slate-11 text-xs"
            data-testid="chat-reply-quote"
          >
            {nameOf(message.reply_to.author_id)}: {message.reply_to.excerpt ?? t('chat.message.deleted')}
          </p>
        ) : null}
        {message.body === null ? (
          <p className="text-n-slate-11 text-sm italic" data-testid="chat-message-deleted">
            {t('chat.message.deleted')}
          </p>
        ) : (
          <div data-testid="chat-message-body">
            <Markdown text={message.body} readerId={user.id} />
          </div>
        )}
        <div className="flex gap-2 text-n-slate-11 text-xs">
          {message.edited_at && !message.deleted_at ? (
            <span data-testid="chat-message-edited">{t('chat.message.edited')}</span>
          ) : null}
          {message.pinned ? <span data-testid="chat-message-pinned">{t('chat.message.pinned')}</span> : null}
        </div>
        {message.attachments?.length && !message.deleted_at ? (
          <div className="mt-1 flex flex-wrap gap-2" data-testid="chat-message-attachments">
            {message.attachments.map((attachment) => (
              <AttachmentItem key={attachment.id} attachment={attachment} />
            ))}
          </div>
        ) : null}
        {message.conversation_display_id && !message.deleted_at ? (
          <ConversationReference displayId={message.conversation_display_id} />
        ) : null}
        <Reactions message={message} />
      </div>
      <Toolbar message={message} room={room} actions={actions} />
    </article>
  );
});

/**
 * One sent file: the message names it, and its signed link is asked for this reader (and again once it
 * expires). Images show inline at their stored size ratio; any other file is a download link.
 */
function AttachmentItem({ attachment }: { attachment: ChatMessageAttachment }) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const signed = useQuery({
    queryKey: chatKeys.attachment(accountId, attachment.id),
    queryFn: ({ signal }) => api.getAttachment(attachment.id, signal),
    staleTime: (query) => (query.state.data ? signedLinkFreshFor(query.state.data, Date.now()) : 0),
  });
  const name = attachment.file_name;
  if (!signed.data) {
    return (
      <span
        className="text-n-slate-11 text-xs"
        data-testid="chat-message-attachment"
        data-state={signed.status}
      >
        {signed.isError
          ? t('chat.message.attachmentUnavailable', { name })
          : t('chat.message.attachmentLoading', { name })}
      </span>
    );
  }
  const { url } = signed.data;
  return attachment.inline ? (
    <a href={url} target="_blank" rel="noreferrer" data-testid="chat-message-attachment" data-state="ready">
      <img
        src={url}
        alt={name}
        width={attachment.width ?? undefined}
        height={attachment.height ?? undefined}
        className="max-h-60 max-w-xs rounded border border-n-strong object-contain"
        style={{ minWidth: '2rem', minHeight: '2rem' }}
      />
    </a>
  ) : (
    <a
      href={url}
      download={name}
      className="text-n-blue-11 text-sm underline"
      data-testid="chat-message-attachment"
      data-state="ready"
    >
      {name}
    </a>
  );
}

/** My message before the server has it: shown at once, with its state, and retry or discard on failure. */
export function PendingItem({ message, continued }: { message: PendingMessage; continued: boolean }) {
  const t = useT();
  const { outbox } = useChatSession();
  const nameOf = useUserName();
  const author = nameOf(message.author_id);
  return (
    <article
      className={`flex gap-3 px-4 ${continued ? 'pt-0.5' : 'pt-3'} ${message.status === 'sending' ? 'opacity-70' : ''}`}
      data-testid="chat-pending-message"
      data-status={message.status}
    >
      <div className="w-9 shrink-0">{continued ? null : <Avatar name={author} />}</div>
      <div className="min-w-0 flex-1">
        {continued ? null : <Header authorId={message.author_id} createdAt={message.created_at} />}
        <Markdown text={message.body} />
        {message.status === 'sending' ? (
          <p className="text-n-slate-11 text-xs">{t('chat.message.sending')}</p>
        ) : (
          <p role="alert" className="flex flex-wrap items-center gap-2 text-n-ruby-11 text-xs">
            {describeError(t, message.error)}
            <button
              type="button"
              className="font-medium underline"
              onClick={() => outbox.retry(message.client_id)}
            >
              {t('chat.message.retry')}
            </button>
            <button
              type="button"
              className="text-n-slate-11 underline"
              onClick={() => outbox.discard(message.client_id)}
            >
              {t('chat.message.discard')}
            </button>
          </p>
        )}
      </div>
    </article>
  );
}

import { useMutation } from '@tanstack/react-query';
import {
  CHAT_MESSAGE_MAX_LENGTH,
  type ChatAttachment,
  type ChatMessage,
  chatMentionMarkup,
  chatMentionPattern,
} from '@whatpro/contracts';
import { type ClipboardEvent, type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { describeError } from '../i18n/errors';
import { useLocale, useT } from '../i18n/i18n';
import { fileSize } from './format';
import {
  applyMention,
  decodeMentions,
  encodeMentions,
  type MentionQuery,
  matchMentionCandidates,
  mentionQueryAt,
  type PickedMention,
} from './mentions';
import { useChatSession, useColleagues, useUserName } from './session';

/** One file on its way up: progress while uploading, the attachment once stored, or why it failed. */
export interface Upload {
  key: string;
  file: File;
  preview: string | null;
  progress: number;
  attachment: ChatAttachment | null;
  error: unknown;
}

const TYPING_EVERY_MS = 3_000;

function useUploads(roomId: string) {
  const { api } = useChatSession();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const previews = useRef(new Set<string>());
  useEffect(
    () => () => {
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );
  function patch(key: string, change: Partial<Upload>) {
    setUploads((current) =>
      current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)),
    );
  }
  function add(files: readonly File[]) {
    for (const file of files) {
      const key = crypto.randomUUID();
      const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
      if (preview) previews.current.add(preview);
      setUploads((current) => [
        ...current,
        { key, file, preview, progress: 0, attachment: null, error: null },
      ]);
      api
        .upload(roomId, file, (progress) => patch(key, { progress }))
        .then(
          (attachment) => patch(key, { attachment, progress: 1 }),
          (error: unknown) => patch(key, { error }),
        );
    }
  }
  function remove(key: string) {
    setUploads((current) => current.filter((upload) => upload.key !== key));
  }
  return { uploads, add, remove, clear: () => setUploads([]) };
}

/**
 * Writing a message: Enter sends, Shift+Enter breaks the line, `@` suggests colleagues, files can be
 * attached (button, paste, or dropped on the pane), and a Chatwoot conversation can be referenced.
 */
export function Composer({
  roomId,
  replyTo,
  onCancelReply,
  editing,
  onDoneEditing,
  defaultConversationId,
  registerFiles,
}: {
  roomId: string;
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
  editing: ChatMessage | null;
  onDoneEditing: () => void;
  /** A conversation Chatwoot shows beside the panel, offered as the reference. */
  defaultConversationId: number | null;
  registerFiles: (add: ((files: readonly File[]) => void) | null) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const { api, outbox, realtime } = useChatSession();
  const nameOf = useUserName();
  const colleagues = useColleagues();
  const inputId = useId();
  const listId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<PickedMention[]>([]);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [reference, setReference] = useState<number | null>(null);
  const [referencing, setReferencing] = useState(false);
  const lastTyping = useRef(0);
  const { uploads, add, remove, clear } = useUploads(roomId);

  useEffect(() => {
    registerFiles(add);
    return () => registerFiles(null);
  });

  // Editing loads the message's text, its mentions back as @Name.
  useEffect(() => {
    if (!editing?.body) return;
    const decoded = decodeMentions(editing.body, chatMentionPattern);
    setText(decoded.text);
    setPicked(decoded.picked);
    textarea.current?.focus();
  }, [editing]);

  useEffect(() => {
    if (replyTo) textarea.current?.focus();
  }, [replyTo]);

  const suggestions = useMemo(() => {
    if (!mention) return [];
    const people = (colleagues.data ?? [])
      .filter((member) => member.status === 'active')
      .map((member) => ({ id: member.user_id, name: member.name }));
    return matchMentionCandidates(people, mention.query);
  }, [mention, colleagues.data]);

  const edit = useMutation({
    mutationFn: (body: string) => {
      if (!editing) throw new Error('nothing is being edited');
      return api.edit(editing.id, body);
    },
    onSuccess: () => {
      setText('');
      setPicked([]);
      onDoneEditing();
    },
  });

  const pendingUploads = uploads.some((upload) => !upload.attachment && !upload.error);
  const tooLong = text.length > CHAT_MESSAGE_MAX_LENGTH;

  function submit() {
    const body = encodeMentions(text, picked, chatMentionMarkup).trim();
    const attachments = uploads.flatMap((upload) => (upload.attachment ? [upload.attachment.id] : []));
    if (tooLong || pendingUploads) return;
    if (editing) {
      if (body) edit.mutate(body);
      return;
    }
    if (!body && attachments.length === 0) return;
    outbox.submit({
      room_id: roomId,
      // Files alone are a message too: no caption needed.
      body,
      reply_to: replyTo
        ? {
            id: replyTo.id,
            seq: replyTo.seq,
            author_id: replyTo.author_id,
            excerpt: replyTo.body?.slice(0, 140) ?? null,
          }
        : null,
      conversation_display_id: reference,
      attachment_ids: attachments,
    });
    setText('');
    setPicked([]);
    setReference(null);
    setReferencing(false);
    clear();
    onCancelReply();
  }

  function pick(person: PickedMention) {
    if (!mention) return;
    const next = applyMention(text, mention, `@${person.name}`);
    setText(next.text);
    setPicked((current) => [...current.filter((entry) => entry.id !== person.id), person]);
    setMention(null);
    requestAnimationFrame(() => textarea.current?.setSelectionRange(next.caret, next.caret));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention && suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const person = suggestions[active];
        if (person) pick(person);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Escape' && (editing || replyTo)) {
      event.preventDefault();
      event.stopPropagation();
      setText('');
      onDoneEditing();
      onCancelReply();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function onChange(value: string, caret: number) {
    setText(value);
    const query = mentionQueryAt(value, caret);
    setMention(query);
    setActive(0);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      realtime.sendTyping(roomId);
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (files.length > 0) {
      event.preventDefault();
      add(files);
    }
  }

  return (
    <div className="flex flex-col gap-2 border-n-strong border-t p-3" data-testid="chat-composer">
      {replyTo ? (
        <div
          className="flex items-center gap-2 rounded-lg bg-n-background px-3 py-1.5 text-xs"
          data-testid="chat-replying"
        >
          <span className="min-w-0 flex-1 truncate text-n-slate-11">
            {t('chat.composer.replyingTo', { name: nameOf(replyTo.author_id) })}: {replyTo.body ?? ''}
          </span>
          <button type="button" onClick={onCancelReply} className="text-n-blue-11">
            {t('chat.cancel')}
          </button>
        </div>
      ) : null}
      {editing ? (
        <div
          className="flex items-center gap-2 rounded-lg bg-n-background px-3 py-1.5 text-xs"
          data-testid="chat-editing"
        >
          <span className="flex-1 text-n-slate-11">{t('chat.composer.editing')}</span>
          <button
            type="button"
            onClick={() => {
              setText('');
              onDoneEditing();
            }}
            className="text-n-blue-11"
          >
            {t('chat.cancel')}
          </button>
        </div>
      ) : null}
      {uploads.length > 0 ? (
        <ul className="flex flex-wrap gap-2" data-testid="chat-uploads">
          {uploads.map((upload) => (
            <li
              key={upload.key}
              className="flex w-40 flex-col gap-1 rounded-lg bg-n-background p-2 text-xs outline outline-1 outline-n-strong"
              data-testid="chat-upload"
              data-state={upload.error ? 'failed' : upload.attachment ? 'done' : 'uploading'}
            >
              {upload.preview ? (
                <img src={upload.preview} alt="" className="h-16 w-full rounded object-cover" />
              ) : null}
              <span className="truncate font-medium">{upload.file.name}</span>
              <span className="text-n-slate-11">{fileSize(upload.file.size, locale)}</span>
              {upload.error ? (
                <span className="text-n-ruby-11">{describeError(t, upload.error)}</span>
              ) : (
                <progress
                  value={upload.progress}
                  max={1}
                  aria-label={t('chat.composer.uploading', { name: upload.file.name })}
                  className="h-1 w-full"
                />
              )}
              <button type="button" onClick={() => remove(upload.key)} className="self-start text-n-blue-11">
                {t('chat.composer.removeFile')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {referencing ? (
        <label className="flex items-center gap-2 text-sm">
          {t('chat.composer.referenceLabel')}
          <input
            type="number"
            min={1}
            value={reference ?? ''}
            onChange={(event) => setReference(event.target.value ? Number(event.target.value) : null)}
            className="h-8 w-28 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong"
            data-testid="chat-reference-input"
          />
        </label>
      ) : null}
      <div className="relative">
        {mention && suggestions.length > 0 ? (
          <div
            id={listId}
            role="listbox"
            aria-label={t('chat.composer.mentionSuggestions')}
            className="absolute bottom-full left-0 z-10 mb-1 max-h-56 w-64 overflow-y-auto rounded-lg bg-n-solid-2 p-1 shadow-lg outline outline-1 outline-n-strong"
            data-testid="chat-mention-suggestions"
          >
            {suggestions.map((person, index) => (
              <div
                key={person.id}
                id={`${listId}-${index}`}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(person);
                }}
                className={`cursor-pointer rounded-md px-2 py-1 text-sm ${index === active ? 'bg-n-brand/10' : ''}`}
              >
                {person.name}
              </div>
            ))}
          </div>
        ) : null}
        <label htmlFor={inputId} className="sr-only">
          {t('chat.composer.label')}
        </label>
        <textarea
          id={inputId}
          ref={textarea}
          rows={2}
          value={text}
          placeholder={t('chat.composer.placeholder')}
          role="combobox"
          aria-expanded={Boolean(mention && suggestions.length > 0)}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={mention && suggestions.length > 0 ? `${listId}-${active}` : undefined}
          onChange={(event) => onChange(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          data-testid="chat-composer-input"
          className="max-h-40 min-h-16 w-full resize-y rounded-lg bg-n-background px-3 py-2 text-n-slate-12 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="chat-file-input"
          onChange={(event) => {
            add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        {editing ? null : (
          <>
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              className="inline-flex h-8 items-center rounded-lg px-2 text-n-blue-11 text-sm hover:bg-n-brand/10"
            >
              {t('chat.composer.attach')}
            </button>
            <button
              type="button"
              aria-pressed={referencing}
              onClick={() => {
                setReferencing((open) => !open);
                if (!referencing && reference === null && defaultConversationId)
                  setReference(defaultConversationId);
              }}
              className="inline-flex h-8 items-center rounded-lg px-2 text-n-blue-11 text-sm hover:bg-n-brand/10"
            >
              {t('chat.composer.reference')}
            </button>
          </>
        )}
        {tooLong ? (
          <span role="alert" className="text-n-ruby-11 text-xs">
            {t('chat.composer.tooLong', { max: CHAT_MESSAGE_MAX_LENGTH })}
          </span>
        ) : null}
        {edit.isError ? (
          <span role="alert" className="text-n-ruby-11 text-xs">
            {describeError(t, edit.error)}
          </span>
        ) : null}
        <button
          type="button"
          onClick={submit}
          disabled={tooLong || pendingUploads || edit.isPending}
          data-testid="chat-send"
          className="ml-auto inline-flex h-8 items-center rounded-lg bg-n-brand-strong px-4 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
        >
          {editing ? t('chat.composer.save') : t('chat.composer.send')}
        </button>
      </div>
    </div>
  );
}

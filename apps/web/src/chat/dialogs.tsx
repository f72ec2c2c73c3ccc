import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { describeError } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { chatKeys } from './cache';
import { foldForSearch } from './mentions';
import { useChatSession, useColleagues } from './session';

/** A modal: focus moves in, Escape and the backdrop close it, and focus returns to where it was. */
export function Dialog({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => previous?.focus();
  }, []);
  // On the page's body: inside a message (a transformed row of the virtual list) `fixed` would not cover the page.
  return createPortal(
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40 p-3">
      <button
        type="button"
        aria-hidden="true"
        tabIndex={-1}
        className="absolute inset-0 cursor-default"
        onClick={onClose}
      />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // Inside the panel, Escape closes the dialog, not the whole panel.
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }}
        className="relative flex max-h-[90dvh] w-full max-w-md flex-col gap-3 overflow-y-auto rounded-xl bg-n-solid-2 p-4 text-n-slate-12 shadow-lg outline outline-1 outline-n-strong"
      >
        <h2 id={titleId} className="font-semibold text-base">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}

const fieldClass =
  'h-9 rounded-lg bg-n-background px-3 text-n-slate-12 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand';
export const primaryButton =
  'inline-flex h-9 items-center justify-center rounded-lg bg-n-brand-strong px-4 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50';
export const secondaryButton =
  'inline-flex h-9 items-center justify-center rounded-lg px-4 text-sm outline outline-1 outline-n-strong hover:bg-n-slate-12/5';

/** Colleagues I can pick: active members of the account other than me, matching the filter. */
function usePickableColleagues(filter: string, exclude: ReadonlySet<string>) {
  const { user } = useChatSession();
  const colleagues = useColleagues({ fresh: true });
  const list = useMemo(() => {
    const folded = foldForSearch(filter.trim());
    return (colleagues.data ?? [])
      .filter(
        (member) => member.status === 'active' && member.user_id !== user.id && !exclude.has(member.user_id),
      )
      .filter((member) => !folded || foldForSearch(`${member.name} ${member.email}`).includes(folded))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [colleagues.data, filter, user.id, exclude]);
  return { list, isPending: colleagues.isPending, isError: colleagues.isError };
}

const noOne: ReadonlySet<string> = new Set();

/** "Nova conversa": pick a colleague, and the DM with them opens (created on first use). */
export function NewDmDialog({
  onClose,
  onOpened,
}: {
  onClose: () => void;
  onOpened: (roomId: string) => void;
}) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState('');
  const colleagues = usePickableColleagues(filter, noOne);
  const open = useMutation({
    mutationFn: (userId: string) => api.openDm(userId),
    onSuccess: async (room) => {
      await queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
      onOpened(room.id);
    },
  });
  return (
    <Dialog title={t('chat.rooms.newDm')} onClose={onClose} testId="chat-new-dm">
      <input
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        placeholder={t('chat.dm.search')}
        aria-label={t('chat.dm.search')}
        className={fieldClass}
      />
      {colleagues.isPending ? <p className="text-n-slate-11 text-sm">{t('chat.loading')}</p> : null}
      {colleagues.isError ? <p className="text-n-ruby-11 text-sm">{t('chat.dm.failed')}</p> : null}
      <ul className="flex flex-col gap-0.5">
        {colleagues.list.map((member) => (
          <li key={member.user_id}>
            <button
              type="button"
              disabled={open.isPending}
              onClick={() => open.mutate(member.user_id)}
              className="flex w-full flex-col rounded-lg px-2 py-1.5 text-left hover:bg-n-slate-12/5"
            >
              <span className="font-medium text-sm">{member.name}</span>
              <span className="text-n-slate-11 text-xs">{member.email}</span>
            </button>
          </li>
        ))}
      </ul>
      {!colleagues.isPending && colleagues.list.length === 0 ? (
        <p className="text-n-slate-11 text-sm">{t('chat.dm.none')}</p>
      ) : null}
      {open.isError ? (
        <p role="alert" className="text-n-ruby-11 text-sm">
          {describeError(t, open.error)}
        </p>
      ) : null}
      <div className="flex justify-end">
        <button type="button" onClick={onClose} className={secondaryButton}>
          {t('chat.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

/** Checkboxes of colleagues, filterable, for a new room or for adding members. */
export function ColleaguePicker({
  selected,
  onChange,
  exclude = noOne,
}: {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  exclude?: ReadonlySet<string>;
}) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const colleagues = usePickableColleagues(filter, exclude);
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 font-medium text-sm">{t('chat.room.members')}</legend>
      <input
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        placeholder={t('chat.dm.search')}
        aria-label={t('chat.dm.search')}
        className={fieldClass}
      />
      <ul className="flex max-h-48 flex-col gap-0.5 overflow-y-auto">
        {colleagues.list.map((member) => (
          <li key={member.user_id}>
            <label className="flex items-center gap-2 rounded-lg px-2 py-1 text-sm hover:bg-n-slate-12/5">
              <input
                type="checkbox"
                checked={selected.has(member.user_id)}
                onChange={(event) => {
                  const next = new Set(selected);
                  if (event.target.checked) next.add(member.user_id);
                  else next.delete(member.user_id);
                  onChange(next);
                }}
              />
              {member.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** "Nova sala" (admins and supervisors): name, description and the first members. */
export function NewRoomDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (roomId: string) => void;
}) {
  const t = useT();
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const nameId = useId();
  const descriptionId = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<Set<string>>(new Set());
  const create = useMutation({
    mutationFn: () =>
      api.createRoom({
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        member_ids: [...members],
      }),
    onSuccess: async (room) => {
      await queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
      onCreated(room.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <Dialog title={t('chat.rooms.newRoom')} onClose={onClose} testId="chat-new-room">
      <form onSubmit={submit} className="flex flex-col gap-3">
        <label htmlFor={nameId} className="font-medium text-sm">
          {t('chat.room.name')}
        </label>
        <input
          id={nameId}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          className={fieldClass}
        />
        <label htmlFor={descriptionId} className="font-medium text-sm">
          {t('chat.room.description')}
        </label>
        <textarea
          id={descriptionId}
          value={description}
          maxLength={1000}
          rows={2}
          onChange={(event) => setDescription(event.target.value)}
          className="rounded-lg bg-n-background px-3 py-2 text-n-slate-12 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand"
        />
        <ColleaguePicker selected={members} onChange={setMembers} />
        {create.isError ? (
          <p role="alert" className="text-n-ruby-11 text-sm">
            {describeError(t, create.error)}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={secondaryButton}>
            {t('chat.cancel')}
          </button>
          <button type="submit" disabled={!name.trim() || create.isPending} className={primaryButton}>
            {t('chat.room.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Asks before something that cannot be undone (deleting a message, leaving a room). */
export function ConfirmDialog({
  title,
  body,
  confirm,
  onConfirm,
  onClose,
  pending = false,
}: {
  title: string;
  body: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
}) {
  const t = useT();
  return (
    <Dialog title={title} onClose={onClose} testId="chat-confirm">
      <p className="text-n-slate-11 text-sm">{body}</p>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className={secondaryButton}>
          {t('chat.cancel')}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={onConfirm}
          className="inline-flex h-9 items-center justify-center rounded-lg bg-[rgb(202_36_77)] px-4 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
        >
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

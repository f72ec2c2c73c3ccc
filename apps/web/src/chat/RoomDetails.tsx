import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChatNotificationLevel, ChatRoom, ChatRoomList } from '@whatpro/contracts';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { describeError } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { chatKeys, patchRoom } from './cache';
import { ColleaguePicker, ConfirmDialog, primaryButton, secondaryButton } from './dialogs';
import { roomTitle } from './format';
import { Avatar } from './RoomList';
import { useCan, useChatSession } from './session';

/** Members with roles, add and remove (for owners, moderators and managers), leave, rename, mute and level. */
export function RoomDetails({
  room,
  onClose,
  onLeft,
}: {
  room: ChatRoom;
  onClose: () => void;
  onLeft: () => void;
}) {
  const t = useT();
  const { api, accountId, user, realtime } = useChatSession();
  const queryClient = useQueryClient();
  const canManage = useCan('chat:manage:account');
  const canWrite = useCan('chat:write:account');
  const nameId = useId();
  const levelId = useId();
  const moderator = canWrite && (room.my_role !== 'member' || canManage);
  const members = useQuery({
    queryKey: chatKeys.members(accountId, room.id),
    queryFn: ({ signal }) => api.listMembers(room.id, signal),
  });
  const [name, setName] = useState(room.name ?? '');
  const [adding, setAdding] = useState<Set<string>>(new Set());
  const [confirmLeave, setConfirmLeave] = useState(false);
  const memberIds = useMemo(
    () => new Set((members.data ?? []).map((member) => member.user.id)),
    [members.data],
  );

  const refreshRoom = () => queryClient.invalidateQueries({ queryKey: chatKeys.rooms(accountId) });
  const rename = useMutation({
    mutationFn: () => api.updateRoom(room.id, { name: name.trim() }),
    onSuccess: refreshRoom,
  });
  const settings = useMutation({
    mutationFn: (change: { muted?: boolean; notification_level?: ChatNotificationLevel }) =>
      api.updateSettings(room.id, change),
    onSuccess: (saved) =>
      queryClient.setQueryData<ChatRoomList>(chatKeys.rooms(accountId), (list) =>
        list ? patchRoom(list, room.id, saved) : list,
      ),
  });
  const add = useMutation({
    mutationFn: async () => {
      for (const userId of adding) await api.addMember(room.id, { user_id: userId });
    },
    onSuccess: () => setAdding(new Set()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.members(accountId, room.id) }),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.removeMember(room.id, userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.members(accountId, room.id) }),
  });
  const leave = useMutation({
    mutationFn: () => api.removeMember(room.id, user.id),
    onSuccess: async () => {
      await refreshRoom();
      onLeft();
    },
  });

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && name.trim() !== room.name) rename.mutate();
  };
  const error = rename.error ?? settings.error ?? add.error ?? remove.error ?? leave.error;
  const isDm = room.kind === 'dm';

  return (
    <aside
      aria-label={t('chat.details.heading')}
      data-testid="chat-details"
      className="flex min-h-0 flex-col gap-4 overflow-y-auto border-n-strong bg-n-solid-2 p-4 @5xl:w-80 @5xl:border-l"
    >
      <div className="flex items-center">
        <h2 className="font-semibold text-sm">{t('chat.details.heading')}</h2>
        <button type="button" onClick={onClose} className="ml-auto text-n-blue-11 text-sm">
          {t('chat.close')}
        </button>
      </div>
      {moderator && !isDm ? (
        <form onSubmit={submitRename} className="flex flex-col gap-2">
          <label htmlFor={nameId} className="font-medium text-sm">
            {t('chat.room.name')}
          </label>
          <div className="flex gap-2">
            <input
              id={nameId}
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
              className="h-9 min-w-0 flex-1 rounded-lg bg-n-background px-3 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand"
            />
            <button type="submit" className={secondaryButton} disabled={rename.isPending}>
              {t('chat.details.rename')}
            </button>
          </div>
        </form>
      ) : (
        <p className="font-medium">{roomTitle(room, t('chat.room.untitled'))}</p>
      )}
      <section className="flex flex-col gap-2">
        <h3 className="font-medium text-sm">{t('chat.details.notifications')}</h3>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={room.muted}
            onChange={(event) => settings.mutate({ muted: event.target.checked })}
            data-testid="chat-mute"
          />
          {t('chat.details.mute')}
        </label>
        <label htmlFor={levelId} className="text-sm">
          {t('chat.details.level')}
        </label>
        <select
          id={levelId}
          value={room.notification_level}
          onChange={(event) =>
            settings.mutate({ notification_level: event.target.value as ChatNotificationLevel })
          }
          className="h-9 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong"
        >
          <option value="all">{t('chat.details.levelAll')}</option>
          <option value="mentions">{t('chat.details.levelMentions')}</option>
          <option value="none">{t('chat.details.levelNone')}</option>
        </select>
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-medium text-sm">{t('chat.room.members')}</h3>
        <ul className="flex flex-col gap-1" data-testid="chat-members">
          {(members.data ?? []).map((member) => (
            <li key={member.user.id} className="flex items-center gap-2 text-sm" data-testid="chat-member">
              <Avatar name={member.user.name} presence={realtime.presenceOf(member.user.id)} />
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="truncate">{member.user.name}</span>
                <span className="text-n-slate-11 text-xs">{t(`chat.role.${member.role}`)}</span>
              </span>
              {moderator && !isDm && member.user.id !== user.id && member.role !== 'owner' ? (
                <button
                  type="button"
                  onClick={() => remove.mutate(member.user.id)}
                  disabled={remove.isPending}
                  className="text-n-ruby-11 text-xs"
                  aria-label={t('chat.details.removeMember', { name: member.user.name })}
                >
                  {t('chat.details.remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {moderator && !isDm ? (
          <div className="flex flex-col gap-2">
            <ColleaguePicker selected={adding} onChange={setAdding} exclude={memberIds} />
            <button
              type="button"
              className={primaryButton}
              disabled={adding.size === 0 || add.isPending}
              onClick={() => add.mutate()}
            >
              {t('chat.details.add')}
            </button>
          </div>
        ) : null}
      </section>
      {error ? (
        <p role="alert" className="text-n-ruby-11 text-sm">
          {describeError(t, error)}
        </p>
      ) : null}
      {!isDm ? (
        <button
          type="button"
          onClick={() => setConfirmLeave(true)}
          className={`${secondaryButton} text-n-ruby-11`}
        >
          {t('chat.details.leave')}
        </button>
      ) : null}
      {confirmLeave ? (
        <ConfirmDialog
          title={t('chat.details.leave')}
          body={t('chat.details.leaveBody')}
          confirm={t('chat.details.leave')}
          pending={leave.isPending}
          onConfirm={() => leave.mutate()}
          onClose={() => setConfirmLeave(false)}
        />
      ) : null}
    </aside>
  );
}

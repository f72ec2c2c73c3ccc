import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ChatMemberRole,
  type ChatNotificationLevel,
  type ChatRoom,
  type ChatRoomList,
  chatMemberRoles,
} from '@whatpro/contracts';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { describeError } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { chatKeys, patchRoom } from './cache';
import { ColleaguePicker, ConfirmDialog, primaryButton, secondaryButton } from './dialogs';
import { roomTitle } from './format';
import { Avatar } from './RoomList';
import { roomRights } from './rights';
import { useChatSession } from './session';

/**
 * Members with roles, add and remove, role changes, rename and archive (each offered only to whom the
 * server allows it), leave, mute and notification level.
 */
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
  const { api, accountId, user, realtime, accountRole } = useChatSession();
  const queryClient = useQueryClient();
  const nameId = useId();
  const levelId = useId();
  const rights = roomRights(accountRole, room);
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
  const refreshMembers = () =>
    queryClient.invalidateQueries({ queryKey: chatKeys.members(accountId, room.id) });
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
    onSettled: refreshMembers,
  });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ChatMemberRole }) =>
      api.changeMemberRole(room.id, userId, role),
    onSettled: refreshMembers,
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) => api.updateRoom(room.id, { archived }),
    onSuccess: refreshRoom,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.removeMember(room.id, userId),
    onSettled: refreshMembers,
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
  const error =
    rename.error ??
    settings.error ??
    add.error ??
    changeRole.error ??
    archive.error ??
    remove.error ??
    leave.error;
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
      {rights.manage ? (
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
                {rights.changeRoles && member.user.id !== user.id ? (
                  <select
                    value={member.role}
                    onChange={(event) =>
                      changeRole.mutate({
                        userId: member.user.id,
                        role: event.target.value as ChatMemberRole,
                      })
                    }
                    disabled={changeRole.isPending}
                    aria-label={t('chat.details.roleOf', { name: member.user.name })}
                    data-testid="chat-member-role"
                    className="h-7 w-fit rounded-md bg-n-background px-1 text-xs outline outline-1 outline-n-strong"
                  >
                    {chatMemberRoles.map((role) => (
                      <option key={role} value={role}>
                        {t(`chat.role.${role}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="text-n-slate-11 text-xs">{t(`chat.role.${member.role}`)}</span>
                )}
              </span>
              {rights.manage && member.user.id !== user.id && member.role !== 'owner' ? (
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
        {rights.manage ? (
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
      {rights.manage ? (
        <button
          type="button"
          onClick={() => archive.mutate(!room.archived_at)}
          disabled={archive.isPending}
          data-testid="chat-archive"
          className={secondaryButton}
        >
          {room.archived_at ? t('chat.details.unarchive') : t('chat.details.archive')}
        </button>
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

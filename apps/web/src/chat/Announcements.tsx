import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChatAnnouncement } from '@whatpro/contracts';
import { useT } from '../i18n/i18n';
import { chatKeys } from './cache';
import { useChatSession, useUserName } from './session';

/**
 * Announcements I have not read yet, above the chat until I mark them read. New ones arrive live
 * (`announcement.created`, applied to this list by the chat sync).
 */
export function Announcements() {
  const t = useT();
  const nameOf = useUserName();
  const { api, accountId } = useChatSession();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: chatKeys.announcements(accountId),
    queryFn: ({ signal }) => api.announcements(signal),
  });
  const read = useMutation({
    mutationFn: (announcementId: string) => api.readAnnouncement(announcementId),
    onSuccess: (saved) =>
      queryClient.setQueryData<{ announcements: ChatAnnouncement[] }>(
        chatKeys.announcements(accountId),
        (data) =>
          data
            ? { announcements: data.announcements.map((held) => (held.id === saved.id ? saved : held)) }
            : data,
      ),
  });
  const unread = (list.data?.announcements ?? []).filter((announcement) => announcement.read_at === null);
  if (unread.length === 0) return null;
  return (
    <section
      aria-label={t('chat.announcements.heading')}
      data-testid="chat-announcements"
      className="flex max-h-48 flex-col gap-2 overflow-y-auto border-n-strong border-b bg-n-amber-9/15 px-3 py-2"
    >
      {unread.map((announcement) => (
        <article
          key={announcement.id}
          className="flex flex-col gap-1 text-sm"
          data-testid="chat-announcement"
        >
          <p className="font-medium text-n-slate-12 text-xs">
            {t('chat.announcements.from', { name: nameOf(announcement.author_id) })}
          </p>
          <p className="whitespace-pre-wrap break-words text-n-slate-12">{announcement.body}</p>
          <button
            type="button"
            onClick={() => read.mutate(announcement.id)}
            disabled={read.isPending}
            className="self-start font-medium text-n-blue-12 text-xs underline"
          >
            {t('chat.announcements.markRead')}
          </button>
        </article>
      ))}
    </section>
  );
}

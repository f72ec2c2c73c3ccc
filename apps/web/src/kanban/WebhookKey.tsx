import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { errorText, kanbanKeys, useKanbanSession } from './session';

/**
 * The account's stage-webhook signing key for admins: masked by default; shown in full only when asked
 * (each reveal and rotation is in the audit log), and only until the page is left.
 */
export function WebhookKeyPanel({ onMessage }: { onMessage(message: string): void }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const queryClient = useQueryClient();
  const queryKey = [...kanbanKeys.all(accountId), 'webhook-key'];
  const masked = useQuery({ queryKey, queryFn: ({ signal }) => api.webhookKey(signal) });
  const [shown, setShown] = useState<string | null>(null);
  const show = (pending: Promise<{ key: string }>) =>
    pending.then(
      (revealed) => {
        setShown(revealed.key);
        return queryClient.invalidateQueries({ queryKey });
      },
      (error: unknown) => onMessage(errorText(error)),
    );
  const hint = masked.data?.key_hint;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="kanban-webhook-key">
      <p className="text-n-slate-11">{t('kanban.webhookKey.help')}</p>
      <p>{hint ? t('kanban.webhookKey.hint', { hint }) : t('kanban.webhookKey.none')}</p>
      {shown ? (
        <code
          className="w-fit select-all break-all rounded bg-n-alpha-2 px-2 py-1"
          data-testid="kanban-webhook-key-value"
        >
          {shown}
        </code>
      ) : null}
      <div className="flex gap-2">
        <button
          type="button"
          onClick={() => void show(api.revealWebhookKey())}
          className="h-8 rounded-lg px-3 outline outline-1 outline-n-strong hover:bg-n-alpha-2"
        >
          {t('kanban.webhookKey.reveal')}
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t('kanban.webhookKey.rotateConfirm'))) void show(api.rotateWebhookKey());
          }}
          className="h-8 rounded-lg px-3 text-n-ruby-11 hover:bg-n-ruby-3"
        >
          {t('kanban.webhookKey.rotate')}
        </button>
      </div>
    </div>
  );
}

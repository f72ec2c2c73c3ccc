import type { CurrentUser } from '@whatpro/contracts';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { createEmbedBridge } from '../embed/bridge';
import { chatwootLoginUrl, FailureNotice, SignInWithChatwoot } from '../embed/EmbedApp';
import { useT } from '../i18n/i18n';
import { readPreference, writePreference } from '../lib/storage';
import { KanbanRoot } from './KanbanRoot';

const ACCOUNT_STORAGE_KEY = 'whatpro.kanban.account';

/** The account the Kanban shows: the one picked last time if the user still belongs to it, else the first. */
function useKanbanAccount(user: CurrentUser): [number | null, (accountId: number) => void] {
  const [accountId, setAccountId] = useState<number | null>(() => {
    const saved = Number(readPreference(ACCOUNT_STORAGE_KEY));
    const ids = user.accounts.map((account) => account.account_id);
    return ids.includes(saved) ? saved : (ids[0] ?? null);
  });
  const choose = (next: number) => {
    writePreference(ACCOUNT_STORAGE_KEY, String(next));
    setAccountId(next);
  };
  return [accountId, choose];
}

function SignedInKanban({ user }: { user: CurrentUser }) {
  const t = useT();
  const selectId = useId();
  const [accountId, setAccountId] = useKanbanAccount(user);
  if (accountId === null)
    return <p className="p-6 text-n-slate-11 text-sm">{t('kanban.session.noAccount')}</p>;
  return (
    <>
      {user.accounts.length > 1 ? (
        <div className="flex items-center gap-2 border-n-strong border-b px-4 py-2 text-sm">
          <label htmlFor={selectId} className="text-n-slate-11">
            {t('kanban.session.account')}
          </label>
          <select
            id={selectId}
            value={accountId}
            onChange={(event) => setAccountId(Number(event.target.value))}
            className="h-8 rounded-lg bg-n-background px-2 outline outline-1 outline-n-strong"
          >
            {user.accounts.map((account) => (
              <option key={account.account_id} value={account.account_id}>
                {account.account_name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="min-h-0 flex-1">
        <KanbanRoot user={user} accountId={accountId} />
      </div>
    </>
  );
}

/**
 * `/kanban`, the full page. Outside Chatwoot no Dashboard Script relays a session, so the bridge runs
 * unframed: the Hub's own refresh cookie, else signing in with Chatwoot.
 */
export function KanbanPage() {
  const t = useT();
  const [bridge] = useState(() => createEmbedBridge({ mode: 'panel', window, api }));
  useEffect(() => {
    bridge.start();
    return () => bridge.stop();
  }, [bridge]);
  const state = useSyncExternalStore(bridge.subscribe, bridge.getState);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="kanban-page" data-phase={state.phase}>
      <h1 tabIndex={-1} className="sr-only">
        {t('kanban.title')}
      </h1>
      {state.phase === 'signed-in' && state.user ? (
        <SignedInKanban user={state.user} />
      ) : state.phase === 'error' ? (
        <div className="p-6">
          <FailureNotice error={state.error ?? 'hub-unreachable'} bridge={bridge} />
        </div>
      ) : state.phase === 'sign-in' ? (
        <div className="mx-auto w-full max-w-xl p-6">
          <SignInWithChatwoot
            bridge={bridge}
            reason={state.signInReason}
            loginUrl={chatwootLoginUrl(state)}
          />
        </div>
      ) : (
        <p role="status" className="p-6 text-n-slate-11 text-sm">
          {t('embed.connecting')}
        </p>
      )}
    </div>
  );
}

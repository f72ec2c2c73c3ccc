import type { CurrentUser } from '@whatpro/contracts';
import { type ReactNode, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { createEmbedBridge } from '../embed/bridge';
import { chatwootLoginUrl, FailureNotice, SignInWithChatwoot } from '../embed/EmbedApp';
import { type PlainMessageKey, useT } from '../i18n/i18n';
import { readPreference, writePreference } from '../lib/storage';

export interface AccountPageProps {
  testId: string;
  /** Where the last picked account is remembered, one key per page. */
  storageKey: string;
  texts: { title: PlainMessageKey; account: PlainMessageKey; noAccount: PlainMessageKey };
  children: (user: CurrentUser, accountId: number) => ReactNode;
}

/** The account a page shows: the one picked last time if the user still belongs to it, else the first. */
function usePickedAccount(
  user: CurrentUser,
  storageKey: string,
): [number | null, (accountId: number) => void] {
  const [accountId, setAccountId] = useState<number | null>(() => {
    const saved = Number(readPreference(storageKey));
    const ids = user.accounts.map((account) => account.account_id);
    return ids.includes(saved) ? saved : (ids[0] ?? null);
  });
  const choose = (next: number) => {
    writePreference(storageKey, String(next));
    setAccountId(next);
  };
  return [accountId, choose];
}

function SignedIn({
  user,
  storageKey,
  texts,
  children,
}: Omit<AccountPageProps, 'testId'> & { user: CurrentUser }) {
  const t = useT();
  const selectId = useId();
  const [accountId, setAccountId] = usePickedAccount(user, storageKey);
  if (accountId === null) return <p className="p-6 text-n-slate-11 text-sm">{t(texts.noAccount)}</p>;
  return (
    <>
      {user.accounts.length > 1 ? (
        <div className="flex items-center gap-2 border-n-strong border-b px-4 py-2 text-sm">
          <label htmlFor={selectId} className="text-n-slate-11">
            {t(texts.account)}
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
      <div className="min-h-0 flex-1">{children(user, accountId)}</div>
    </>
  );
}

/**
 * A full page of the Hub that works in one account (`/chat`, `/kanban`). Outside Chatwoot no Dashboard
 * Script relays a session, so the bridge runs unframed: the Hub's own refresh cookie, else signing in
 * with Chatwoot.
 */
export function AccountPage({ testId, storageKey, texts, children }: AccountPageProps) {
  const t = useT();
  const [bridge] = useState(() => createEmbedBridge({ mode: 'panel', window, api }));
  useEffect(() => {
    bridge.start();
    return () => bridge.stop();
  }, [bridge]);
  const state = useSyncExternalStore(bridge.subscribe, bridge.getState);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid={testId} data-phase={state.phase}>
      <h1 tabIndex={-1} className="sr-only">
        {t(texts.title)}
      </h1>
      {state.phase === 'signed-in' && state.user ? (
        <SignedIn user={state.user} storageKey={storageKey} texts={texts}>
          {children}
        </SignedIn>
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

import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { createEmbedBridge } from '../embed/bridge';
import { chatwootLoginUrl, FailureNotice, SignInWithChatwoot } from '../embed/EmbedApp';
import { useT } from '../i18n/i18n';
import { PlaceholderPage } from './PlaceholderPage';

/**
 * Who is signed in, and the way back to Chatwoot. Outside Chatwoot there is no Dashboard Script to relay a
 * session, so the bridge runs unframed: the Hub's own refresh cookie, else signing in with Chatwoot.
 */
function HubSession() {
  const t = useT();
  const [bridge] = useState(() => createEmbedBridge({ mode: 'panel', window, api }));
  useEffect(() => {
    bridge.start();
    return () => bridge.stop();
  }, [bridge]);
  const state = useSyncExternalStore(bridge.subscribe, bridge.getState);
  const chatwootOrigin = state.config?.chatwoot_origin ?? null;

  return (
    <div className="flex flex-col gap-4" data-testid="home-session" data-phase={state.phase}>
      <section
        aria-labelledby="home-session-heading"
        className="rounded-xl bg-n-solid-2 p-5 outline outline-1 outline-n-strong"
      >
        <h2 id="home-session-heading" className="mb-3 font-medium text-n-slate-12 text-sm">
          {t('home.session.heading')}
        </h2>
        {state.phase === 'signed-in' && state.user ? (
          <div className="flex flex-col gap-1 text-sm">
            <p className="font-medium text-n-slate-12" data-testid="home-user">
              {t('home.session.signedInAs', { name: state.user.name })}
            </p>
            <p className="text-n-slate-11">{state.user.email}</p>
            <ul className="mt-2 flex flex-col gap-1 text-n-slate-11" aria-label={t('home.session.accounts')}>
              {state.user.accounts.map((account) => (
                <li key={account.account_id}>
                  {t('embed.account', { account: account.account_name, id: account.account_id })}
                </li>
              ))}
            </ul>
          </div>
        ) : state.phase === 'error' ? (
          <FailureNotice error={state.error ?? 'hub-unreachable'} bridge={bridge} />
        ) : state.phase === 'sign-in' ? null : (
          <p className="text-n-slate-11 text-sm">{t('home.session.checking')}</p>
        )}
      </section>
      {state.phase === 'sign-in' ? (
        <SignInWithChatwoot bridge={bridge} reason={state.signInReason} loginUrl={chatwootLoginUrl(state)} />
      ) : null}
      {chatwootOrigin ? (
        <section
          aria-labelledby="home-chatwoot-heading"
          className="rounded-xl bg-n-solid-2 p-5 outline outline-1 outline-n-strong"
        >
          <h2 id="home-chatwoot-heading" className="mb-2 font-medium text-n-slate-12 text-sm">
            {t('home.chatwoot.heading')}
          </h2>
          <p className="mb-3 text-n-slate-11 text-sm leading-6">{t('home.chatwoot.explain')}</p>
          <a
            href={`${chatwootOrigin}/app`}
            className="inline-flex h-8 w-fit items-center rounded-lg px-3 font-medium text-n-blue-11 text-sm outline outline-1 outline-n-strong hover:bg-n-brand/10"
          >
            {t('home.chatwoot.back')}
          </a>
        </section>
      ) : null}
    </div>
  );
}

/** `/`: the session and the way back to Chatwoot first, then what the chat will hold. */
export function HomePage() {
  return (
    <PlaceholderPage section="chat">
      <HubSession />
    </PlaceholderPage>
  );
}

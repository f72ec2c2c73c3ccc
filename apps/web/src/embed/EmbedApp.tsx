import type { CurrentUser } from '@whatpro/contracts';
import { type FormEvent, type ReactNode, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../api/client';
import { useT } from '../i18n/i18n';
import { BrandMark, KanbanIcon } from '../layout/icons';
import { applyTheme, resolveTheme } from '../theme/theme';
import { AdminInstall } from './AdminInstall';
import type { ChatwootContext, EmbedBridge, EmbedMode, EmbedState } from './bridge';

function useEmbedState(bridge: EmbedBridge): EmbedState {
  return useSyncExternalStore(bridge.subscribe, bridge.getState);
}

/** Chatwoot decides the theme (its `dark` class, relayed); until it says, the system preference. */
function useChatwootTheme(theme: EmbedState['theme']): void {
  useEffect(() => applyTheme(theme ?? resolveTheme('system')), [theme]);
}

function Card({ children, label }: { children: ReactNode; label: string }) {
  return (
    <section aria-label={label} className="rounded-xl bg-n-solid-2 p-4 outline outline-1 outline-n-strong">
      {children}
    </section>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : ''}`.toUpperCase();
}

function SignedInUser({ user, accountId }: { user: CurrentUser; accountId: number | null }) {
  const t = useT();
  const membership = user.accounts.find((account) => account.account_id === accountId);
  return (
    <div className="flex min-w-0 items-center gap-3" data-testid="embed-user">
      <span
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-n-brand/10 font-semibold text-n-blue-11 text-xs"
      >
        {initials(user.name)}
      </span>
      <div className="flex min-w-0 flex-col">
        <span className="text-n-slate-11 text-xs">{t('embed.signedInAs')}</span>
        <span className="truncate font-medium text-n-slate-12 text-sm" data-testid="embed-user-name">
          {user.name}
        </span>
        <span className="truncate text-n-slate-11 text-xs" data-testid="embed-account">
          {accountId === null
            ? t('embed.accountPending')
            : membership
              ? t('embed.account', { account: membership.account_name, id: accountId })
              : t('embed.notMember', { id: accountId })}
        </span>
      </div>
    </div>
  );
}

function PanelContext({ context }: { context: ChatwootContext | null }) {
  const t = useT();
  return (
    <Card label={t('embed.context.heading')}>
      <h2 className="font-medium text-n-slate-11 text-xs uppercase tracking-wide">
        {t('embed.context.heading')}
      </h2>
      <p className="mt-2 font-medium text-n-slate-12 text-sm" data-testid="embed-context">
        {context === null
          ? t('embed.context.waiting')
          : context.conversationDisplayId === null
            ? t('embed.context.noConversation')
            : t('embed.context.conversation', { id: context.conversationDisplayId })}
      </p>
    </Card>
  );
}

function ComingSoon() {
  const t = useT();
  return (
    <Card label={t('chat.title')}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold text-n-slate-12 text-sm">{t('chat.title')}</h2>
        <span className="rounded-md bg-n-brand/10 px-2 py-0.5 font-medium text-n-blue-11 text-xs">
          {t('page.comingSoon')}
        </span>
      </div>
      <p className="mt-2 text-n-slate-11 text-sm leading-6">{t('chat.summary')}</p>
    </Card>
  );
}

function DashboardAppConversation({ state, bridge }: { state: EmbedState; bridge: EmbedBridge }) {
  const t = useT();
  const conversation = state.appContext?.conversation ?? null;
  const contactName = conversation?.meta?.sender?.name;
  return (
    <>
      <Card label={t('embed.context.heading')}>
        <div className="flex items-center justify-between gap-2">
          <h2 className="font-medium text-n-slate-11 text-xs uppercase tracking-wide">
            {t('embed.context.heading')}
          </h2>
          <button
            type="button"
            onClick={() => bridge.requestAppContext()}
            className="inline-flex h-8 items-center rounded-lg px-3 text-n-blue-11 text-sm hover:bg-n-brand/10"
          >
            {t('embed.context.refresh')}
          </button>
        </div>
        <p className="mt-2 font-semibold text-n-slate-12 text-base" data-testid="embed-conversation">
          {state.appContext === null
            ? t('embed.context.waiting')
            : conversation
              ? t('embed.context.conversation', { id: conversation.id })
              : t('embed.context.noConversation')}
        </p>
        {contactName ? (
          <p className="mt-1 text-n-slate-11 text-sm">{t('embed.context.contact', { name: contactName })}</p>
        ) : null}
        {conversation?.status ? (
          <p className="text-n-slate-11 text-sm">
            {t('embed.context.status', { status: conversation.status })}
          </p>
        ) : null}
      </Card>
      <Card label={t('embed.kanban.heading')}>
        <h2 className="flex items-center gap-2 font-semibold text-n-slate-12 text-sm">
          <KanbanIcon className="text-n-blue-11" />
          {t('embed.kanban.heading')}
        </h2>
        <p className="mt-2 text-n-slate-11 text-sm leading-6" data-testid="embed-kanban-note">
          {conversation ? t('embed.kanban.soon') : t('embed.kanban.openConversation')}
        </p>
      </Card>
    </>
  );
}

function SignInWithChatwoot({ bridge }: { bridge: EmbedBridge }) {
  const t = useT();
  const inputId = useId();
  const [token, setToken] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<'refused' | 'failed' | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    setPending(true);
    setError(null);
    try {
      await bridge.signInWithChatwootToken(token.trim());
      setToken('');
    } catch (reason) {
      setError(reason instanceof ApiError && reason.status === 401 ? 'refused' : 'failed');
    } finally {
      setPending(false);
    }
  };

  return (
    <Card label={t('embed.signIn.heading')}>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="embed-sign-in">
        <h2 className="font-semibold text-n-slate-12 text-base">{t('embed.signIn.heading')}</h2>
        <p className="text-n-slate-11 text-sm leading-6">{t('embed.signIn.help')}</p>
        <label htmlFor={inputId} className="font-medium text-n-slate-12 text-sm">
          {t('embed.signIn.label')}
        </label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          className="h-10 rounded-lg bg-n-background px-3 text-n-slate-12 text-sm outline outline-1 outline-n-strong focus:outline-2 focus:outline-n-brand"
        />
        {error ? (
          <p role="alert" className="text-n-ruby-11 text-sm">
            {t(error === 'refused' ? 'embed.signIn.refused' : 'embed.signIn.failed')}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending || !token.trim()}
          className="inline-flex h-10 items-center justify-center rounded-lg bg-n-brand px-4 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
        >
          {pending ? t('embed.signIn.pending') : t('embed.signIn.submit')}
        </button>
      </form>
    </Card>
  );
}

function Body({ state, bridge, mode }: { state: EmbedState; bridge: EmbedBridge; mode: EmbedMode }) {
  const t = useT();
  switch (state.phase) {
    case 'loading':
    case 'connecting':
    case 'signing-in':
      return (
        <p role="status" className="py-8 text-center text-n-slate-11 text-sm">
          {state.phase === 'signing-in' ? t('embed.signingIn') : t('embed.connecting')}
        </p>
      );
    case 'error':
      return (
        <div role="alert" className="flex flex-col items-start gap-3 py-4 text-n-slate-12 text-sm">
          <p>{t(state.error === 'not-configured' ? 'embed.error.notConfigured' : 'embed.error.config')}</p>
          {state.error === 'config' ? (
            <button
              type="button"
              onClick={() => bridge.retry()}
              className="inline-flex h-8 items-center rounded-lg px-3 text-sm outline outline-1 outline-n-strong hover:bg-n-slate-12/5"
            >
              {t('about.retry')}
            </button>
          ) : null}
        </div>
      );
    case 'sign-in':
      return <SignInWithChatwoot bridge={bridge} />;
    case 'signed-in':
      return mode === 'panel' ? (
        <>
          <PanelContext context={state.context} />
          <ComingSoon />
          <AdminInstall user={state.user} accountId={state.context?.accountId ?? null} />
        </>
      ) : (
        <DashboardAppConversation state={state} bridge={bridge} />
      );
  }
}

/** The Hub inside Chatwoot: the Dashboard Script's panel (`/embed`) or a Dashboard App tab. */
export function EmbedApp({ bridge, mode }: { bridge: EmbedBridge; mode: EmbedMode }) {
  const t = useT();
  const state = useEmbedState(bridge);
  useChatwootTheme(state.theme);

  useEffect(() => {
    document.title = t('embed.label');
  }, [t]);

  const accountId =
    (mode === 'dashboard-app' ? state.appContext?.conversation?.account_id : undefined) ??
    state.context?.accountId ??
    null;

  return (
    <main
      aria-label={t('embed.label')}
      data-testid="embed-root"
      data-mode={mode}
      data-phase={state.phase}
      data-theme={state.theme ?? 'system'}
      data-ignored-messages={state.ignoredMessages}
      className="flex min-h-dvh flex-col gap-3 bg-n-background p-3 text-n-slate-12"
    >
      <header className="flex items-center justify-between gap-3 rounded-xl bg-n-solid-2 px-4 py-3 outline outline-1 outline-n-strong">
        {state.user ? (
          <SignedInUser user={state.user} accountId={accountId} />
        ) : (
          <div className="flex items-center gap-2">
            <BrandMark />
            <span className="font-semibold text-sm">{t('app.name')}</span>
          </div>
        )}
      </header>
      <Body state={state} bridge={bridge} mode={mode} />
    </main>
  );
}

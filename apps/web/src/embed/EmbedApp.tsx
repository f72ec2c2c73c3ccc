import type { CurrentUser, Locale } from '@whatpro/contracts';
import {
  type FormEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import { ApiError, api } from '../api/client';
import { ChatRoot } from '../chat/ChatRoot';
import { describeError } from '../i18n/errors';
import { type PlainMessageKey, useLocale, useT } from '../i18n/i18n';
import { ConversationCard } from '../kanban/ConversationCard';
import { BrandMark, KanbanIcon } from '../layout/icons';
import { useRealtimeConnection } from '../realtime/RealtimeProvider';
import { applyTheme, resolveTheme } from '../theme/theme';
import { AdminInstall } from './AdminInstall';
import type { ChatwootContext, EmbedBridge, EmbedError, EmbedMode, EmbedState, SignInReason } from './bridge';

function useEmbedState(bridge: EmbedBridge): EmbedState {
  return useSyncExternalStore(bridge.subscribe, bridge.getState);
}

/** Chatwoot decides the theme (its `dark` class, relayed); until it says, the system preference. */
function useChatwootTheme(theme: EmbedState['theme']): void {
  useEffect(() => applyTheme(theme ?? resolveTheme('system')), [theme]);
}

/**
 * One language with Chatwoot's page: the one its Dashboard Script reports (the script's own header uses the
 * same), else Portuguese. The standalone Hub's saved choice does not apply inside Chatwoot.
 */
function useChatwootLocale(locale: Locale | null): void {
  const { followLocale } = useLocale();
  useLayoutEffect(() => followLocale(locale ?? 'pt-BR'), [locale, followLocale]);
}

const statusText: Record<string, PlainMessageKey> = {
  open: 'embed.context.statusOpen',
  resolved: 'embed.context.statusResolved',
  pending: 'embed.context.statusPending',
  snoozed: 'embed.context.statusSnoozed',
};

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
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-n-brand/10 font-semibold text-n-blue-12 text-xs"
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

/**
 * The chat of the account Chatwoot shows, inside the panel or the Dashboard App tab. The panel reports the
 * unread total to the Dashboard Script, which draws it on the launcher badge.
 */
function EmbeddedChat({
  state,
  bridge,
  mode,
  accountId,
  conversationId,
}: {
  state: EmbedState;
  bridge: EmbedBridge;
  mode: EmbedMode;
  accountId: number | null;
  conversationId: number | null;
}) {
  const t = useT();
  const user = state.user;
  if (!user || accountId === null) return null;
  const member = user.is_super_admin || user.accounts.some((account) => account.account_id === accountId);
  if (!member) return null;
  return (
    <section
      aria-label={t('chat.title')}
      className="flex h-[75dvh] min-h-[26rem] flex-col overflow-hidden rounded-xl outline outline-1 outline-n-strong"
    >
      <ChatRoot
        user={user}
        accountId={accountId}
        conversationId={conversationId}
        {...(mode === 'panel' ? { onUnreadTotal: bridge.reportUnread } : {})}
      />
    </section>
  );
}

function DashboardAppConversation({ state, bridge }: { state: EmbedState; bridge: EmbedBridge }) {
  const t = useT();
  const conversation = state.appContext?.conversation ?? null;
  const contactName = conversation?.meta?.sender?.name;
  const cardAccountId = conversation?.account_id ?? state.context?.accountId;
  // A status Chatwoot adds later is left out rather than shown untranslated.
  const statusKey = conversation?.status ? statusText[conversation.status] : undefined;
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
        {statusKey ? (
          <p className="text-n-slate-11 text-sm" data-testid="embed-conversation-status">
            {t('embed.context.status', { status: t(statusKey) })}
          </p>
        ) : null}
      </Card>
      <Card label={t('embed.kanban.heading')}>
        <h2 className="flex items-center gap-2 font-semibold text-n-slate-12 text-sm">
          <KanbanIcon className="text-n-blue-11" />
          {t('embed.kanban.heading')}
        </h2>
        {conversation && state.user && cardAccountId !== undefined ? (
          <div className="mt-2">
            <ConversationCard user={state.user} accountId={cardAccountId} displayId={conversation.id} />
          </div>
        ) : (
          <p className="mt-2 text-n-slate-11 text-sm leading-6" data-testid="embed-kanban-note">
            {t('embed.kanban.openConversation')}
          </p>
        )}
      </Card>
    </>
  );
}

/**
 * Where a person signs in to Chatwoot. It opens in a new tab: the panel's frame may not navigate Chatwoot's
 * page (sandboxed without top navigation), and Chatwoot's login cannot be framed.
 */
export function chatwootLoginUrl(state: EmbedState): string | null {
  const origin = state.config?.chatwoot_origin;
  return origin ? `${origin}/app/login` : null;
}

export function SignInWithChatwoot({
  bridge,
  reason,
  loginUrl,
}: {
  bridge: EmbedBridge;
  reason: SignInReason | null;
  loginUrl: string | null;
}) {
  const t = useT();
  const inputId = useId();
  const [token, setToken] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    setPending(true);
    setError(null);
    try {
      await bridge.signInWithChatwootToken(token.trim());
      setToken('');
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('embed.signIn.refused')
          : describeError(t, failure),
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <Card label={t('embed.signIn.heading')}>
      <div className="flex flex-col gap-3" data-testid="embed-sign-in-reason" data-reason={reason ?? 'none'}>
        <h2 className="font-semibold text-n-slate-12 text-base">{t('embed.signIn.heading')}</h2>
        <p className="text-n-slate-11 text-sm leading-6">
          {t(reason === 'refused' ? 'embed.signIn.sessionRefused' : 'embed.signIn.noSession')}
        </p>
        {loginUrl ? (
          <a
            href={loginUrl}
            target="_blank"
            rel="noopener"
            className="inline-flex h-10 w-fit items-center justify-center rounded-lg bg-n-brand-strong px-4 font-medium text-sm text-white hover:brightness-110"
          >
            {t('embed.signIn.openChatwoot')}
          </a>
        ) : null}
      </div>
      <form
        onSubmit={submit}
        className="mt-4 flex flex-col gap-3 border-n-weak border-t pt-4"
        data-testid="embed-sign-in"
      >
        <h3 className="font-medium text-n-slate-12 text-sm">{t('embed.signIn.lastResort')}</h3>
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
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending || !token.trim()}
          className="inline-flex h-10 items-center justify-center rounded-lg bg-n-brand-strong px-4 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
        >
          {pending ? t('embed.signIn.pending') : t('embed.signIn.submit')}
        </button>
      </form>
    </Card>
  );
}

const errorText: Record<EmbedError, PlainMessageKey> = {
  'hub-unreachable': 'embed.error.hubUnreachable',
  'not-configured': 'embed.error.notConfigured',
  'chatwoot-unavailable': 'embed.error.chatwootUnavailable',
  'chatwoot-bad-response': 'error.chatwoot_bad_response',
  'account-suspended': 'embed.error.accountSuspended',
};

/** Waiting cannot fix these: a Hub without a Chatwoot, or a suspended account. */
const retryable = (error: EmbedError) => error !== 'not-configured' && error !== 'account-suspended';

/** What went wrong, in words a person can act on, and "Tentar agora" where trying again can help. */
export function FailureNotice({ error, bridge }: { error: EmbedError; bridge: EmbedBridge }) {
  const t = useT();
  return (
    <div
      role="alert"
      data-testid="embed-error"
      data-error={error}
      className="flex flex-col items-start gap-3 py-4 text-n-slate-12 text-sm leading-6"
    >
      <p>{t(errorText[error])}</p>
      {retryable(error) ? (
        <button
          type="button"
          onClick={() => bridge.retry()}
          className="inline-flex h-8 items-center rounded-lg px-3 text-sm outline outline-1 outline-n-strong hover:bg-n-slate-12/5"
        >
          {t('embed.retryNow')}
        </button>
      ) : null}
    </div>
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
      return <FailureNotice error={state.error ?? 'hub-unreachable'} bridge={bridge} />;
    case 'sign-in':
      return (
        <SignInWithChatwoot bridge={bridge} reason={state.signInReason} loginUrl={chatwootLoginUrl(state)} />
      );
    case 'signed-in':
      return mode === 'panel' ? (
        <>
          <PanelContext context={state.context} />
          <EmbeddedChat
            state={state}
            bridge={bridge}
            mode={mode}
            accountId={state.context?.accountId ?? null}
            conversationId={state.context?.conversationDisplayId ?? null}
          />
          <AdminInstall user={state.user} accountId={state.context?.accountId ?? null} />
        </>
      ) : (
        <>
          <DashboardAppConversation state={state} bridge={bridge} />
          <EmbeddedChat
            state={state}
            bridge={bridge}
            mode={mode}
            accountId={state.appContext?.conversation?.account_id ?? state.context?.accountId ?? null}
            conversationId={state.appContext?.conversation?.id ?? null}
          />
        </>
      );
  }
}

/**
 * The header frame stays silent until it has something to show: a sign-in prompt or an error notice
 * would not fit in Chatwoot's conversation header, and the panel already explains those.
 */
function HeaderStagePicker({ state }: { state: EmbedState }) {
  const t = useT();
  const context = state.context;
  if (state.phase !== 'signed-in' || !state.user || !context?.conversationDisplayId) return null;
  return (
    <main
      aria-label={t('embed.stagePicker.label')}
      data-testid="embed-stage-picker"
      className="flex min-h-dvh items-center overflow-hidden whitespace-nowrap bg-n-background px-2 text-n-slate-12"
    >
      <LiveHeaderCard
        user={state.user}
        accountId={context.accountId}
        displayId={context.conversationDisplayId}
      />
    </main>
  );
}

/**
 * The header's frame has no Hub tab beside it to share a link with: its own connection hears the moves
 * made elsewhere (the automation after a status change in Chatwoot, another agent's drag).
 */
function LiveHeaderCard({
  user,
  accountId,
  displayId,
}: {
  user: CurrentUser;
  accountId: number;
  displayId: number;
}) {
  const realtime = useRealtimeConnection(api, accountId);
  return (
    <ConversationCard user={user} accountId={accountId} displayId={displayId} compact realtime={realtime} />
  );
}

/** The Hub inside Chatwoot: the Dashboard Script's panel (`/embed`) or a Dashboard App tab. */
export function EmbedApp({ bridge, mode }: { bridge: EmbedBridge; mode: EmbedMode }) {
  const state = useEmbedState(bridge);
  useChatwootTheme(state.theme);
  useChatwootLocale(state.locale);
  return mode === 'stage-picker' ? (
    <HeaderStagePicker state={state} />
  ) : (
    <EmbedFrame bridge={bridge} mode={mode} state={state} />
  );
}

function EmbedFrame({ bridge, mode, state }: { bridge: EmbedBridge; mode: EmbedMode; state: EmbedState }) {
  const t = useT();

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

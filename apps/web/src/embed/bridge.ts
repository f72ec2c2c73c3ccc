import {
  type CurrentUser,
  HUB_MESSAGE_NAMESPACE,
  type Locale,
  type PlatformAppConfig,
  platformAppConfigSchema,
  type SessionTokens,
  sessionTokensSchema,
} from '@whatpro/contracts';
import { type ApiClient, ApiError, call, type SessionEvent } from '../api/client';
import {
  type AppContext,
  acceptAppContext,
  acceptParentMessage,
  createNonce,
  FETCH_INFO_MESSAGE,
  type IgnoredReason,
  type TrustedParent,
} from './messages';

/**
 * `panel`: the Dashboard Script's panel (`/embed`); `dashboard-app`: a Chatwoot Dashboard App tab;
 * `stage-picker`: the script's frame in Chatwoot's conversation header (`/embed/stage-picker`).
 */
export type EmbedMode = 'panel' | 'dashboard-app' | 'stage-picker';

export type EmbedPhase = 'loading' | 'connecting' | 'signing-in' | 'signed-in' | 'sign-in' | 'error';
/**
 * Why the page cannot go on. `hub-unreachable`: no answer, or not a usable one, from the Hub (retried by
 * itself); `chatwoot-unavailable`/`chatwoot-bad-response`: the Hub could not reach Chatwoot, or what answers
 * at CHATWOOT_URL is not a Chatwoot; `account-suspended`: nothing to retry.
 */
export type EmbedError =
  | 'hub-unreachable'
  | 'not-configured'
  | 'chatwoot-unavailable'
  | 'chatwoot-bad-response'
  | 'account-suspended';
/** Why the page asks to sign in: no Chatwoot session reached it, or Chatwoot refused the one that did. */
export type SignInReason = 'no-session' | 'refused';
export type SignInMethod = 'relay' | 'refresh' | 'chatwoot-token';

export interface ChatwootContext {
  accountId: number;
  conversationDisplayId: number | null;
}

export interface EmbedState {
  phase: EmbedPhase;
  error: EmbedError | null;
  signInReason: SignInReason | null;
  config: PlatformAppConfig | null;
  user: CurrentUser | null;
  signedInVia: SignInMethod | null;
  /** What the Dashboard Script says Chatwoot shows. */
  context: ChatwootContext | null;
  /** What Chatwoot's Dashboard App frame says (Dashboard App mode only). */
  appContext: AppContext | null;
  theme: 'light' | 'dark' | null;
  /** Chatwoot's language as the Dashboard Script reports it; null until it does. */
  locale: Locale | null;
  /** Messages dropped by the origin, source, schema or nonce checks. */
  ignoredMessages: number;
}

export interface EmbedBridge {
  start(): void;
  stop(): void;
  subscribe(listener: () => void): () => void;
  getState(): EmbedState;
  retry(): void;
  signInWithChatwootToken(apiAccessToken: string): Promise<void>;
  requestAppContext(): void;
  /** The signed-in user's unread total, for the Dashboard Script's launcher badge (panel only). */
  reportUnread(count: number): void;
}

type Api = Pick<ApiClient, 'client' | 'setAccessToken' | 'refreshSession' | 'onSessionEvent'>;

export interface EmbedBridgeOptions {
  mode: EmbedMode;
  window: Window;
  api: Api;
  /** How long a framed page waits for the Dashboard Script before trying its own refresh cookie. */
  relayWaitMs?: number;
  log?: (reason: IgnoredReason, event: MessageEvent) => void;
}

const RELAY_WAIT_MS = 1_500;
const MAX_READY_ATTEMPTS = 3;
const MAX_BUFFERED = 50;
/** Renew this long before the access token expires. */
const RENEW_MARGIN_S = 60;
/** Automatic retries after an outage: 1 s, 2 s, 4 s, then every 5 s, so a Hub that is back is used at once. */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/** What a failed call means for the page: a refusal (the credential was not accepted) or an outage. */
export function failureOf(error: unknown): EmbedError | 'refused' {
  if (!(error instanceof ApiError)) return 'hub-unreachable';
  switch (error.code) {
    case 'account_suspended':
      return 'account-suspended';
    case 'chatwoot_unavailable':
      return 'chatwoot-unavailable';
    case 'chatwoot_bad_response':
      return 'chatwoot-bad-response';
    case 'network_error':
    case 'unexpected_response':
    case 'rate_limited':
      return 'hub-unreachable';
    default:
      return error.status >= 500 ? 'hub-unreachable' : 'refused';
  }
}

export const initialEmbedState: EmbedState = {
  phase: 'loading',
  error: null,
  signInReason: null,
  config: null,
  user: null,
  signedInVia: null,
  context: null,
  appContext: null,
  theme: null,
  locale: null,
  ignoredMessages: 0,
};

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/**
 * The Hub side of the embed. Messages are accepted only from the tenant's Chatwoot origin, through the
 * window that frames this page, and when they pass the contract; everything else is counted and dropped.
 * Identity comes from an instance token handed over by the Dashboard Script after a nonce handshake, or
 * from the Hub's own (partitioned) refresh cookie, or from an explicit sign-in — never from appContext.
 */
export function createEmbedBridge(options: EmbedBridgeOptions): EmbedBridge {
  const { mode, window: win, api } = options;
  const relayWaitMs = options.relayWaitMs ?? RELAY_WAIT_MS;
  const parent = win.parent !== win ? win.parent : null;
  const listeners = new Set<() => void>();
  const buffered: MessageEvent[] = [];
  let state = initialEmbedState;
  let pendingNonce: string | null = null;
  let readyAttempts = 0;
  let relayTimer: number | undefined;
  let renewTimer: number | undefined;
  /**
   * The Dashboard Script answered: identity then comes only from its instance tokens. The refresh cookie
   * may hold a previous Chatwoot user's session, so it is never the fallback of a missing or failed token.
   */
  let relayPresent = false;
  let retryTimer: number | undefined;
  let retryAttempt = 0;
  /** Chatwoot's session reached the Hub and was refused, rather than never arriving. */
  let relayRefused = false;
  let stopped = false;
  /** What the launcher badge shows now; only a change is posted again. */
  let reportedUnread: number | null = null;

  function update(patch: Partial<EmbedState>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  /**
   * Chatwoot's origin as the framing page spells it: outside production the Hub accepts `localhost` and
   * `127.0.0.1` alike, so the parent's own origin (ancestorOrigins, else the referrer) picks among those.
   */
  function chatwootOrigin(): string | null {
    const config = state.config;
    if (!config?.chatwoot_origin) return null;
    const parentOrigin = win.location?.ancestorOrigins?.[0] ?? originOf(win.document?.referrer);
    return parentOrigin && config.chatwoot_origins?.includes(parentOrigin)
      ? parentOrigin
      : config.chatwoot_origin;
  }

  function trusted(): TrustedParent {
    return { chatwootOrigin: chatwootOrigin(), parent };
  }

  /** Only ever to the parent, and only with the exact Chatwoot origin as the target. */
  function postToChatwoot(message: unknown): void {
    const origin = chatwootOrigin();
    if (parent && origin) parent.postMessage(message, origin);
  }

  function ignore(reason: IgnoredReason, event: MessageEvent): void {
    options.log?.(reason, event);
    update({ ignoredMessages: state.ignoredMessages + 1 });
  }

  function sendReady(): void {
    readyAttempts += 1;
    pendingNonce = createNonce();
    postToChatwoot({ ns: HUB_MESSAGE_NAMESPACE, type: 'ready', nonce: pendingNonce });
  }

  /**
   * Shows why the page cannot go on and, for an outage, starts over by itself with short, growing pauses.
   * A CHATWOOT_URL that is not a Chatwoot, or a suspended account, will not change by waiting.
   */
  function failed(error: EmbedError): void {
    update({ phase: 'error', error, signInReason: null });
    win.clearTimeout(retryTimer);
    if (error !== 'hub-unreachable' && error !== 'chatwoot-unavailable') return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(retryAttempt, 10));
    retryAttempt += 1;
    retryTimer = win.setTimeout(() => void boot(), delay);
  }

  function signedIn(tokens: SessionTokens, via: SignInMethod): void {
    api.setAccessToken(tokens.access_token);
    retryAttempt = 0;
    relayRefused = false;
    update({ phase: 'signed-in', error: null, signInReason: null, user: tokens.user, signedInVia: via });
    win.clearTimeout(renewTimer);
    renewTimer = win.setTimeout(renew, Math.max(tokens.expires_in - RENEW_MARGIN_S, 5) * 1000);
    // A new session starts from a clear badge; the chat reports the real total once it has loaded it.
    if (mode === 'panel') {
      reportedUnread = 0;
      postToChatwoot({ ns: HUB_MESSAGE_NAMESPACE, type: 'unread', count: 0 });
    }
  }

  /** Success arrives as a session event (as it does for a refresh a 401 started elsewhere). */
  async function signInWithRefreshCookie(): Promise<void> {
    if (relayPresent) {
      if (!stopped && state.phase !== 'signed-in') {
        update({ phase: 'sign-in', signInReason: relayRefused ? 'refused' : 'no-session' });
      }
      return;
    }
    try {
      await api.refreshSession();
    } catch (error) {
      if (stopped || state.phase === 'signed-in') return;
      const failure = failureOf(error);
      if (failure !== 'refused') failed(failure);
      else update({ phase: 'sign-in', signInReason: relayRefused ? 'refused' : 'no-session' });
    }
  }

  /** Asks the Dashboard Script for an instance token; without an answer in time, the refresh cookie. */
  function askRelay(): void {
    readyAttempts = 0;
    sendReady();
    win.clearTimeout(relayTimer);
    relayTimer = win.setTimeout(() => {
      if (state.phase === 'connecting') void signInWithRefreshCookie();
    }, relayWaitMs);
  }

  /** Before the access token runs out; the outcome arrives as a session event. */
  function renew(): void {
    api.refreshSession().catch(() => undefined);
  }

  /**
   * The client refreshes for renewals and for any call that met a 401; the bridge follows the result.
   * A failed refresh while signed in asks the script for a fresh instance token, or falls back to signing in.
   */
  function onSessionEvent(event: SessionEvent): void {
    if (stopped) return;
    if (event.type === 'refreshed') {
      signedIn(event.tokens, state.signedInVia ?? 'refresh');
      return;
    }
    if (state.phase !== 'signed-in') return;
    win.clearTimeout(renewTimer);
    if (parent) {
      update({ phase: 'connecting', user: null, signedInVia: null });
      askRelay();
    } else update({ phase: 'sign-in', user: null, signedInVia: null });
  }
  let unsubscribeSession: (() => void) | undefined;

  async function exchange(token: string): Promise<void> {
    win.clearTimeout(relayTimer);
    if (state.phase !== 'signed-in') update({ phase: 'signing-in' });
    try {
      const tokens = await call(
        api.client.POST('/api/v1/instance-tokens/exchange', { body: { instance_token: token } }),
        sessionTokensSchema,
      );
      if (!stopped) signedIn(tokens, 'relay');
    } catch (error) {
      if (stopped || state.phase === 'signed-in') return;
      const failure = failureOf(error);
      if (failure !== 'refused') {
        failed(failure);
        return;
      }
      relayRefused = true;
      if (readyAttempts < MAX_READY_ATTEMPTS) sendReady();
      else await signInWithRefreshCookie();
    }
  }

  function handle(event: MessageEvent): void {
    if (mode === 'dashboard-app' && typeof event.data === 'string') {
      const accepted = acceptAppContext(event, trusted());
      if (accepted.ok) update({ appContext: accepted.message, theme: accepted.message.theme ?? state.theme });
      else ignore(accepted.reason, event);
      return;
    }
    const accepted = acceptParentMessage(event, trusted());
    if (!accepted.ok) {
      ignore(accepted.reason, event);
      return;
    }
    const message = accepted.message;
    relayPresent = true;
    if (message.type === 'context') {
      update({
        context: { accountId: message.account_id, conversationDisplayId: message.conversation_display_id },
        theme: message.theme,
        locale: message.locale ?? state.locale,
      });
    } else if (pendingNonce === null || message.nonce !== pendingNonce) {
      ignore('nonce', event);
    } else {
      pendingNonce = null;
      if (message.type === 'instance-token') void exchange(message.token);
      else {
        // No token will come: say why now rather than after the relay wait, as "no session".
        win.clearTimeout(relayTimer);
        if (state.phase !== 'signed-in') failed('account-suspended');
      }
    }
  }

  /** Escape anywhere in the panel's frame closes the panel; only the script in Chatwoot's page can. */
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      postToChatwoot({ ns: HUB_MESSAGE_NAMESPACE, type: 'close' });
    }
  };

  const onMessage = (event: MessageEvent) => {
    if (state.config) handle(event);
    else if (state.phase === 'loading' && buffered.length < MAX_BUFFERED) buffered.push(event);
  };

  async function boot(): Promise<void> {
    win.clearTimeout(retryTimer);
    relayRefused = false;
    // During an outage the explanation stays up while the page tries again behind it.
    if (state.phase !== 'error') update({ phase: 'loading', error: null, signInReason: null });
    let config: PlatformAppConfig;
    try {
      config = await call(api.client.GET('/api/v1/platform-app/config'), platformAppConfigSchema);
    } catch (error) {
      const failure = failureOf(error);
      if (!stopped) failed(failure === 'refused' ? 'hub-unreachable' : failure);
      return;
    }
    if (stopped) return;
    if (!config.chatwoot_origin) {
      update({ phase: 'error', error: 'not-configured', config });
      return;
    }
    update({ config, phase: 'connecting', error: null });
    for (const event of buffered.splice(0)) handle(event);
    if (!parent) {
      await signInWithRefreshCookie();
      return;
    }
    if (mode === 'dashboard-app') postToChatwoot(FETCH_INFO_MESSAGE);
    askRelay();
  }

  return {
    start() {
      stopped = false;
      unsubscribeSession = api.onSessionEvent(onSessionEvent);
      win.addEventListener('message', onMessage);
      if (mode === 'panel') win.addEventListener('keydown', onKeydown);
      void boot();
    },
    stop() {
      stopped = true;
      unsubscribeSession?.();
      win.removeEventListener('message', onMessage);
      win.removeEventListener('keydown', onKeydown);
      win.clearTimeout(relayTimer);
      win.clearTimeout(renewTimer);
      win.clearTimeout(retryTimer);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    retry() {
      if (state.phase === 'error') {
        retryAttempt = 0;
        void boot();
      }
    },
    async signInWithChatwootToken(apiAccessToken) {
      const tokens = await call(
        api.client.POST('/api/v1/auth/sso', { body: { api_access_token: apiAccessToken } }),
        sessionTokensSchema,
      );
      signedIn(tokens, 'chatwoot-token');
    },
    requestAppContext() {
      postToChatwoot(FETCH_INFO_MESSAGE);
    },
    reportUnread(count) {
      const total = Math.max(0, Math.floor(count));
      if (mode !== 'panel' || state.phase !== 'signed-in' || total === reportedUnread) return;
      reportedUnread = total;
      postToChatwoot({ ns: HUB_MESSAGE_NAMESPACE, type: 'unread', count: total });
    },
  };
}

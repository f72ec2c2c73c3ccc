import { type BackoffOptions, backoffDelay } from './backoff';
import { readChatwootSession } from './cookie';
import { createHeaderPicker } from './header-picker';
import { checkHubSession, diagnoseFraming, requestInstanceToken } from './hub-api';
import {
  contextMessage,
  instanceTokenMessage,
  isCloseRequestMessage,
  isFrameReadyMessage,
  isUnreadMessage,
  tokenRefusedMessage,
} from './protocol';
import { type ChatwootRoute, isAuthPage, parseChatwootRoute, sameRoute } from './route';
import { chatwootLanguage, hubLocale, stringsFor } from './strings';
import { createUi, type EmbedUi } from './ui';

export interface EmbedEnvironment {
  window: Window;
  /** The Hub's origin, taken from the script's own URL: the only origin messages are sent to or taken from. */
  hubOrigin: string;
  fetch: typeof fetch;
  setTimeout: (callback: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
  random: () => number;
}

export interface EmbedHandle {
  stop(): void;
}

type Theme = 'light' | 'dark';

/** A Hub frame (the panel, or a Dashboard App tab) that announced itself with a nonce. */
interface HubFrame {
  nonce: string;
  /** Bumped on every `ready`, so an answer to an older nonce is dropped. */
  generation: number;
  attempt: number;
  timer: number | null;
}

const TOKEN_RETRY: Omit<BackoffOptions, 'random'> = { baseMs: 1_000, maxMs: 60_000 };
/** The first wait leaves a slow Hub time to load; after it, a Hub that is back is found within seconds. */
const FIRST_FRAME_WAIT_MS = 8_000;
const FRAME_RETRY: Omit<BackoffOptions, 'random'> = { baseMs: 2_000, maxMs: 5_000 };

/** Runs everything the script does, and swallows any failure: nothing may ever throw into Chatwoot's page. */
function safely<Args extends unknown[]>(action: (...args: Args) => void): (...args: Args) => void {
  return (...args) => {
    try {
      action(...args);
    } catch {
      // Chatwoot's page must keep working whatever happens here.
    }
  };
}

/** Who Chatwoot's page says is signed in, and where: the Hub session must belong to exactly that. */
function identityOf(uid: string | null, route: ChatwootRoute | null): string {
  return JSON.stringify([uid, route?.accountId ?? null]);
}

/**
 * The Dashboard Script in Chatwoot's page: shows the launcher on account pages of a signed-in agent, follows
 * client-side navigation and the dark class, and hands an instance token to each Hub frame that asks with a
 * valid `ready` from the Hub's exact origin. Before anything of the Hub shows, and again whenever the
 * Chatwoot user or account changes, the Hub ends its session in this browser unless it belongs to that user.
 */
export function startEmbed(env: EmbedEnvironment): EmbedHandle {
  const { window: win, hubOrigin } = env;
  if (isAuthPage(win.location.pathname)) {
    // Signed out of Chatwoot (or signing in as someone else): whoever used the Hub here is signed out too.
    const uid = readChatwootSession(win.document.cookie)?.uid ?? null;
    checkHubSession(env.fetch, hubOrigin, uid, null).catch(() => undefined);
    return { stop: () => undefined };
  }
  const doc = win.document;
  const history = win.history;
  const frames = new Map<Window, HubFrame>();
  let route: ChatwootRoute | null = null;
  let theme: Theme = currentTheme();
  /** One language for the header and the Hub's frames: Chatwoot's, as its page states it. */
  const locale = hubLocale(chatwootLanguage(win));
  let ui: EmbedUi | null = null;
  const headerPicker = createHeaderPicker(doc, hubOrigin, stringsFor(locale).stagePicker);
  let frameAttempt = 0;
  let frameTimer: number | null = null;
  let framingRefused = false;
  /** The identity last checked with the Hub, and whether that check is still running. */
  let checkedIdentity: string | null = null;
  let checking = false;

  function currentTheme(): Theme {
    return doc.body.classList.contains('dark') ? 'dark' : 'light';
  }

  function post(target: Window, message: unknown): void {
    target.postMessage(message, hubOrigin);
  }

  function panelWindow(): Window | null {
    return ui?.iframe.contentWindow ?? null;
  }

  /** The Hub frame that sent a message: our panel, or an iframe of Chatwoot's page (a Dashboard App tab). */
  function hubFrameWindow(source: MessageEventSource | null): Window | null {
    if (!source) return null;
    if (source === panelWindow()) return source as Window;
    for (const iframe of Array.from(doc.getElementsByTagName('iframe'))) {
      if (iframe.contentWindow === source) return source as Window;
    }
    return null;
  }

  function sendContext(target: Window): void {
    if (route) post(target, contextMessage(route.accountId, route.conversationDisplayId, theme, locale));
  }

  function broadcastContext(): void {
    for (const target of frames.keys()) {
      if (hubFrameWindow(target)) sendContext(target);
      else forget(target);
    }
  }

  function forget(target: Window): void {
    const frame = frames.get(target);
    if (frame?.timer != null) env.clearTimeout(frame.timer);
    frames.delete(target);
  }

  function issueToken(target: Window, frame: HubFrame, generation: number): void {
    const session = readChatwootSession(doc.cookie);
    if (!session || !route) return;
    requestInstanceToken(env.fetch, hubOrigin, session, route.accountId)
      .then(
        safely((result) => {
          if (frames.get(target) !== frame || frame.generation !== generation) return;
          if (result.kind === 'token') {
            const message = instanceTokenMessage(frame.nonce, result.token);
            if (message && hubFrameWindow(target)) post(target, message);
          } else if (result.kind === 'refused') {
            // A reason the frame can state ends its wait at once; other refusals leave it to its own fallback.
            const message = result.reason && tokenRefusedMessage(frame.nonce, result.reason);
            if (message && hubFrameWindow(target)) post(target, message);
          } else {
            const delay = backoffDelay(frame.attempt++, { ...TOKEN_RETRY, random: env.random });
            frame.timer = env.setTimeout(
              safely(() => issueToken(target, frame, generation)),
              delay,
            );
          }
        }),
      )
      .catch(() => undefined);
  }

  function onReady(target: Window, nonce: string): void {
    const previous = frames.get(target);
    if (previous?.timer != null) env.clearTimeout(previous.timer);
    const frame: HubFrame = { nonce, generation: (previous?.generation ?? 0) + 1, attempt: 0, timer: null };
    frames.set(target, frame);
    if (target === panelWindow()) frameConnected();
    else headerPicker.announced(target);
    sendContext(target);
    issueToken(target, frame, frame.generation);
  }

  const onMessage = safely((event: MessageEvent) => {
    if (event.origin !== hubOrigin) return;
    const target = hubFrameWindow(event.source);
    if (!target) return;
    if (isFrameReadyMessage(event.data)) onReady(target, event.data.nonce);
    else if (isUnreadMessage(event.data) && target === panelWindow()) ui?.setUnread(event.data.count);
    else if (isCloseRequestMessage(event.data) && target === panelWindow()) ui?.close();
  });

  function frameConnected(): void {
    if (frameTimer !== null) env.clearTimeout(frameTimer);
    frameTimer = null;
    frameAttempt = 0;
    framingRefused = false;
    ui?.setStatus('connected');
  }

  /**
   * Until the panel's Hub says `ready`, reload it: after the first wait, every few seconds at most (the Hub
   * may be down or deploying), and at once from the "Tentar agora" button.
   * A Hub that answers but refuses to be framed by this page is named as such, with the origin to configure.
   */
  function watchFrame(): void {
    const delay =
      frameAttempt === 0
        ? FIRST_FRAME_WAIT_MS
        : backoffDelay(frameAttempt - 1, { ...FRAME_RETRY, random: env.random });
    frameTimer = env.setTimeout(
      safely(() => {
        frameAttempt += 1;
        const shown = ui;
        // Once the Hub said it refuses this page, that stays the message until the panel answers.
        if (framingRefused) ui?.setStatus('blocked', win.location.origin);
        else {
          ui?.setStatus('retrying');
          diagnoseFraming(env.fetch, hubOrigin, win.location.origin)
            .then(
              safely((diagnosis) => {
                if (diagnosis !== 'refused' || ui !== shown) return;
                framingRefused = true;
                ui?.setStatus('blocked', win.location.origin);
              }),
            )
            .catch(() => undefined);
        }
        ui?.reloadFrame();
        watchFrame();
      }),
      delay,
    );
  }

  /** "Tentar agora": reload at once instead of waiting for the next try. */
  function retryFrameNow(): void {
    if (frameTimer !== null) env.clearTimeout(frameTimer);
    ui?.setStatus('connecting');
    ui?.reloadFrame();
    watchFrame();
  }

  function ensureUi(uid: string): EmbedUi {
    if (ui) return ui;
    ui = createUi(doc, hubOrigin, stringsFor(locale), uid, retryFrameNow);
    ui.setTheme(theme);
    ui.setStatus('connecting');
    watchFrame();
    return ui;
  }

  /** The panel's frame holds the previous user's Hub session in memory: it goes, and a new one is made. */
  function dropUi(): void {
    const frameWindow = panelWindow();
    if (frameWindow) forget(frameWindow);
    if (frameTimer !== null) env.clearTimeout(frameTimer);
    frameTimer = null;
    frameAttempt = 0;
    ui?.remove();
    ui = null;
    headerPicker.reset();
  }

  function showForRoute(next: ChatwootRoute | null, uid: string | null): void {
    if (next !== null && uid !== null) ensureUi(uid).show();
    else ui?.hide();
    headerPicker.setVisible(uid !== null && next?.conversationDisplayId != null);
    if (sameRoute(next, route)) return;
    route = next;
    if (route) broadcastContext();
  }

  const onLocationChange = safely(() => {
    const next = parseChatwootRoute(win.location.pathname);
    const uid = readChatwootSession(doc.cookie)?.uid ?? null;
    const identity = identityOf(uid, next);
    if (identity === checkedIdentity) {
      if (!checking) showForRoute(next, uid);
      return;
    }
    checkedIdentity = identity;
    checking = true;
    ui?.hide();
    headerPicker.setVisible(false);
    checkHubSession(env.fetch, hubOrigin, uid, next?.accountId ?? null)
      .then(
        safely((result) => {
          if (checkedIdentity !== identity) return;
          checking = false;
          if (result === 'ended') dropUi();
          const current = parseChatwootRoute(win.location.pathname);
          if (identityOf(uid, current) === identity) showForRoute(current, uid);
        }),
      )
      .catch(() => undefined);
  });

  const onThemeChange = safely(() => {
    const next = currentTheme();
    if (next === theme) return;
    theme = next;
    ui?.setTheme(theme);
    broadcastContext();
  });

  // Chatwoot navigates with history.pushState/replaceState, which fire no event; wrap them to notice.
  const originalPushState = history.pushState;
  const originalReplaceState = history.replaceState;
  const pushState: History['pushState'] = function (this: History, ...args) {
    const result = originalPushState.apply(this, args);
    onLocationChange();
    return result;
  };
  const replaceState: History['replaceState'] = function (this: History, ...args) {
    const result = originalReplaceState.apply(this, args);
    onLocationChange();
    return result;
  };
  history.pushState = pushState;
  history.replaceState = replaceState;
  win.addEventListener('popstate', onLocationChange);
  win.addEventListener('message', onMessage);
  const observer = new (win as Window & typeof globalThis).MutationObserver(onThemeChange);
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class'] });
  onLocationChange();

  return {
    stop: safely(() => {
      // A session check still on its way then finds another identity and shows nothing.
      checkedIdentity = null;
      if (history.pushState === pushState) history.pushState = originalPushState;
      if (history.replaceState === replaceState) history.replaceState = originalReplaceState;
      win.removeEventListener('popstate', onLocationChange);
      win.removeEventListener('message', onMessage);
      observer.disconnect();
      headerPicker.stop();
      for (const target of [...frames.keys()]) forget(target);
      if (frameTimer !== null) env.clearTimeout(frameTimer);
      ui?.remove();
      ui = null;
    }),
  };
}

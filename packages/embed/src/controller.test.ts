import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { encodeSessionCookie } from '@whatpro/chatwoot-sandbox';
import { Window } from 'happy-dom';
import { type EmbedHandle, startEmbed } from './controller';
import { HUB_MESSAGE_NAMESPACE as ns } from './protocol';

const HUB = 'https://hub.example.com';
const CHATWOOT = 'https://chat.example.com';
const NONCE = 'nonce_0123456789abcdef';
const sessionCookie = encodeSessionCookie(
  {
    'access-token': 'tok',
    'token-type': 'Bearer',
    client: 'cli',
    expiry: '1893456000',
    uid: 'ana@acme.test',
  },
  'js-cookie',
);

interface Timer {
  id: number;
  ms: number;
  callback: () => void;
}

interface Posted {
  target: string;
  message: unknown;
  targetOrigin: unknown;
}

type PostMessage = (message: unknown, targetOrigin: unknown) => void;
type FetchAnswer = () => Promise<Response>;

const tokenResponse = () =>
  Promise.resolve(
    new Response(JSON.stringify({ instance_token: 'whi_token1', expires_in: 60 }), { status: 200 }),
  );

const running: { win: Window; handle: EmbedHandle }[] = [];
afterEach(async () => {
  for (const { win, handle } of running.splice(0)) {
    handle.stop();
    await win.happyDOM.close();
  }
});

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const checkAnswer = (hubSession: string) => () =>
  Promise.resolve(new Response(JSON.stringify({ hub_session: hubSession }), { status: 200 }));

async function setup(
  options: {
    path?: string;
    cookie?: string | null;
    answers?: FetchAnswer[];
    /** The Hub's answers to the session checks, in order; then `none`. */
    checks?: FetchAnswer[];
    /** The Hub's `platform-app/config`, asked when the panel's frame does not answer. */
    config?: FetchAnswer;
    lang?: string;
    beforeStart?: (win: Window) => void;
  } = {},
) {
  const win = new Window({
    url: `${CHATWOOT}${options.path ?? '/app/accounts/1/conversations/2'}`,
    settings: { navigation: { disableChildFrameNavigation: true } },
  });
  const doc = win.document;
  doc.documentElement.lang = options.lang ?? 'pt-BR';
  if (options.cookie !== null) doc.cookie = `cw_d_session_info=${options.cookie ?? sessionCookie}; path=/`;
  const timers: Timer[] = [];
  let nextTimer = 1;
  const answers = [...(options.answers ?? [])];
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const checks: { body: unknown; init: RequestInit | undefined }[] = [];
  const checkAnswers = [...(options.checks ?? [])];
  const diagnoses: string[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${HUB}/api/v1/instance-tokens/session-check`) {
      checks.push({ body: JSON.parse(String(init?.body)), init });
      return (checkAnswers.shift() ?? checkAnswer('none'))();
    }
    if (url === `${HUB}/api/v1/platform-app/config` || url === `${HUB}/embed.js`) {
      diagnoses.push(url);
      return (options.config ?? (() => Promise.reject(new TypeError('Failed to fetch'))))();
    }
    requests.push({ url, init });
    const answer = answers.shift() ?? tokenResponse;
    return answer();
  };
  const posted: Posted[] = [];
  const spyOn = (target: { postMessage: PostMessage }, name: string) => {
    mock.method(target, 'postMessage', (message: unknown, targetOrigin: unknown) => {
      posted.push({ target: name, message, targetOrigin });
    });
  };
  spyOn(win as unknown as { postMessage: PostMessage }, 'chatwoot');

  options.beforeStart?.(win);
  const originalPushState = win.history.pushState;
  const handle = startEmbed({
    window: win as unknown as globalThis.Window,
    hubOrigin: HUB,
    fetch: fetchMock as typeof fetch,
    setTimeout: (callback, ms) => {
      const id = nextTimer++;
      timers.push({ id, ms, callback });
      return id;
    },
    clearTimeout: (id) => {
      const index = timers.findIndex((timer) => timer.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
    random: () => 1,
  });
  running.push({ win, handle });
  await flush();

  const host = () => doc.getElementById('whatpro-hub-embed') as HTMLElement | null;
  const shadow = () => host()?.shadowRoot ?? null;
  const part = (testId: string) => shadow()?.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const panelFrame = () => part('whatpro-hub-frame') as unknown as HTMLIFrameElement;
  const panelWindow = () => {
    const frameWindow = panelFrame().contentWindow;
    if (!frameWindow) throw new Error('panel iframe has no window');
    return frameWindow;
  };

  const spied = new WeakSet<object>();
  const watch = (frameWindow: object, name: string) => {
    if (spied.has(frameWindow)) return;
    spied.add(frameWindow);
    spyOn(frameWindow as { postMessage: PostMessage }, name);
  };

  return {
    win,
    doc,
    handle,
    timers,
    requests,
    checks,
    diagnoses,
    posted,
    host,
    part,
    panelFrame,
    panelWindow,
    originalPushState,
    /** Delivers a message to Chatwoot's window as if `source` had posted it. */
    receive(data: unknown, source: object | null, origin = HUB) {
      if (source) watch(source, source === panelFrame().contentWindow ? 'panel' : 'other');
      const event = new win.MessageEvent('message', { data, origin, source: source as never });
      win.dispatchEvent(event);
    },
    dashboardAppFrame(src = `${HUB}/embed/dashboard-app`) {
      const iframe = doc.createElement('iframe');
      iframe.src = src;
      doc.body.appendChild(iframe);
      const frameWindow = iframe.contentWindow;
      if (!frameWindow) throw new Error('iframe has no window');
      watch(frameWindow, 'dashboard-app');
      return { iframe, frameWindow };
    },
    async runTimers() {
      const due = timers.splice(0);
      for (const timer of due) timer.callback();
      await flush();
    },
  };
}

const ready = (nonce = NONCE) => ({ ns, type: 'ready', nonce });
const messagesTo = (posted: Posted[], target: string) => posted.filter((p) => p.target === target);

describe('Dashboard Script', () => {
  test("on Chatwoot's login page it only asks the Hub to end a session this browser still holds", async () => {
    const page = await setup({ path: '/app/login', cookie: null });
    assert.equal(page.host(), null);
    assert.equal(page.win.history.pushState, page.originalPushState);
    assert.equal(page.requests.length, 0);
    assert.equal(page.timers.length, 0);
    assert.deepEqual(
      page.checks.map((check) => check.body),
      [{ chatwoot_uid: null, account_id: null }],
    );
    const init = page.checks[0]?.init;
    assert.equal(init?.credentials, 'include', "the Hub's cookie goes along");
    assert.equal((init?.headers as Record<string, string> | undefined)?.['X-Whatpro-Csrf'], '1');
  });

  test('shows nothing without a Chatwoot session, and appears once there is one', async () => {
    const page = await setup({ cookie: null });
    assert.equal(page.host(), null);
    page.doc.cookie = `cw_d_session_info=${sessionCookie}; path=/`;
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/3');
    await flush();
    assert.ok(page.host());
    assert.equal(page.requests.length, 0);
    assert.deepEqual(
      page.checks.map((check) => check.body),
      [
        { chatwoot_uid: null, account_id: 1 },
        { chatwoot_uid: 'ana@acme.test', account_id: 1 },
      ],
    );
  });

  test('shows nothing of the Hub until the Hub has checked its session against the Chatwoot user', async () => {
    let answer: (() => void) | undefined;
    const pending = () =>
      new Promise<Response>((resolve) => {
        answer = () => resolve(new Response(JSON.stringify({ hub_session: 'ended' }), { status: 200 }));
      });
    const page = await setup({ checks: [pending] });
    assert.equal(page.host(), null, 'no launcher and no frame while the check runs');
    assert.deepEqual(page.checks[0]?.body, { chatwoot_uid: 'ana@acme.test', account_id: 1 });
    answer?.();
    await flush();
    assert.ok(page.part('whatpro-hub-frame'));
  });

  test('when another Chatwoot user appears, the old frame is hidden at once and replaced once the Hub ended its session', async () => {
    const page = await setup({ checks: [checkAnswer('kept'), checkAnswer('ended')] });
    const before = page.panelFrame();
    page.part('whatpro-hub-launcher')?.click();
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/4');
    assert.equal(page.checks.length, 1, 'same user and account: nothing to check');

    const carla = encodeSessionCookie(
      { 'access-token': 't2', client: 'c2', uid: 'carla@whatpro.test', expiry: '1893456000' },
      'js-cookie',
    );
    page.doc.cookie = `cw_d_session_info=${carla}; path=/`;
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/5');
    assert.equal(page.host()?.style.display, 'none', 'hidden before the Hub answers');
    await flush();
    assert.deepEqual(page.checks[1]?.body, { chatwoot_uid: 'carla@whatpro.test', account_id: 1 });
    assert.notEqual(page.panelFrame(), before, 'a new frame, with a new handshake');
    assert.equal(before.isConnected, false);
    assert.equal(page.host()?.style.display, '');
  });

  test('the panel asks to close (Escape inside the frame): it collapses and the launcher gets focus', async () => {
    const page = await setup();
    const launcher = page.part('whatpro-hub-launcher');
    const panel = page.part('whatpro-hub-panel');
    launcher?.click();
    assert.equal(panel?.hidden, false);
    page.receive({ ns, type: 'close' }, page.dashboardAppFrame().frameWindow);
    page.receive({ ns, type: 'close' }, page.panelWindow(), CHATWOOT);
    page.receive({ ns, type: 'close', now: 1 }, page.panelWindow());
    assert.equal(panel?.hidden, false, 'only a valid close from the panel itself');
    page.receive({ ns, type: 'close' }, page.panelWindow());
    assert.equal(panel?.hidden, true);
    assert.equal(page.host()?.shadowRoot?.activeElement, launcher);
  });

  test("the open panel docks: Chatwoot's page gives up its width, and the width is remembered per user", async () => {
    const wide = (win: Window) =>
      Object.defineProperty(win.document.documentElement, 'clientWidth', { value: 1280 });
    const page = await setup({ beforeStart: wide });
    const panel = page.part('whatpro-hub-panel');
    const resizer = page.part('whatpro-hub-resizer');
    assert.equal(page.doc.body.style.marginRight, '');
    page.part('whatpro-hub-launcher')?.click();
    assert.equal(panel?.style.width, '400px');
    assert.equal(page.doc.body.style.marginRight, '400px');
    for (let step = 0; step < 3; step++) {
      resizer?.dispatchEvent(new page.win.KeyboardEvent('keydown', { key: 'ArrowLeft' }) as never);
    }
    assert.equal(panel?.style.width, '448px');
    assert.equal(page.doc.body.style.marginRight, '448px');
    page.part('whatpro-hub-close')?.click();
    assert.equal(page.doc.body.style.marginRight, '', 'closed: the page has its whole width back');
    const stored = Object.keys(page.win.localStorage).filter((key) => key.startsWith('whatpro-hub:'));
    assert.equal(stored.length, 1);
    assert.doesNotMatch(stored[0] ?? '', /ana/, "the key does not spell out the user's email");
    assert.equal(page.win.localStorage.getItem(stored[0] ?? ''), '448');
  });

  test('says so when the Hub answers but refuses to be framed by this page, naming the origin to set', async () => {
    const page = await setup({
      config: () =>
        Promise.resolve(
          new Response(JSON.stringify({ chatwoot_origin: 'https://other-chat.example.com' }), {
            status: 200,
          }),
        ),
    });
    const status = () => page.part('whatpro-hub-panel')?.querySelector('[role="status"]') as HTMLElement;
    await page.runTimers();
    await flush();
    assert.match(status().textContent ?? '', /não aceita ser aberto nesta página/);
    assert.match(status().textContent ?? '', /CHATWOOT_URL=https:\/\/chat\.example\.com/);
    const asked = page.diagnoses.length;
    await page.runTimers();
    assert.match(status().textContent ?? '', /não aceita ser aberto nesta página/, 'kept on the next reload');
    assert.equal(page.diagnoses.length, asked, 'and not asked again');
  });

  test('a Hub that is down is "did not answer", never "refuses"', async () => {
    const page = await setup();
    const status = () => page.part('whatpro-hub-panel')?.querySelector('[role="status"]') as HTMLElement;
    await page.runTimers();
    await flush();
    assert.deepEqual(page.diagnoses, [`${HUB}/api/v1/platform-app/config`, `${HUB}/embed.js`]);
    assert.match(status().textContent ?? '', /não respondeu/);
  });

  test('an unreadable session cookie counts as no session', async () => {
    const page = await setup({ cookie: '%7Bbroken' });
    assert.equal(page.host(), null);
  });

  test('the launcher opens and closes the panel holding the Hub iframe', async () => {
    const page = await setup();
    const launcher = page.part('whatpro-hub-launcher');
    const panel = page.part('whatpro-hub-panel');
    assert.ok(launcher && panel);
    assert.equal(page.panelFrame().getAttribute('src'), `${HUB}/embed`);
    assert.equal(panel.hidden, true);
    launcher.click();
    assert.equal(panel.hidden, false);
    assert.equal(launcher.getAttribute('aria-expanded'), 'true');
    launcher.click();
    assert.equal(panel.hidden, true);
  });

  test("places the launcher above Chatwoot's controls and text at the bottom of the sidebar", async () => {
    const page = await setup({
      beforeStart: (win) => {
        const doc = win.document;
        doc.body.innerHTML = '<aside><button>Perfil</button><span>Ana · ana@acme.test</span></aside>';
        const [aside, button, span] = ['aside', 'button', 'span'].map((tag) => doc.querySelector(tag));
        Object.defineProperty(doc.documentElement, 'clientHeight', { value: 800 });
        // The profile button covers the bottom 60 px of the sidebar, the user's name the 40 px above it.
        Object.assign(doc, {
          elementsFromPoint: (_x: number, y: number) => [y > 740 ? button : y > 700 ? span : aside],
        });
      },
    });
    assert.equal(page.part('whatpro-hub-launcher')?.style.bottom, '104px');
  });

  test("speaks English when Chatwoot's page does", async () => {
    const page = await setup({ lang: 'en' });
    assert.equal(
      page.part('whatpro-hub-launcher')?.getAttribute('aria-label'),
      'Open WhatPro Hub (internal chat)',
    );
  });

  test("without <html lang> it speaks the locale Chatwoot rendered the page in, never the browser's", async () => {
    const english = await setup({
      lang: '',
      beforeStart: (win) => Object.assign(win, { chatwootConfig: { selectedLocale: 'en' } }),
    });
    assert.equal(
      english.part('whatpro-hub-launcher')?.getAttribute('aria-label'),
      'Open WhatPro Hub (internal chat)',
    );
    english.handle.stop();

    const unstated = await setup({ lang: '' });
    assert.match(unstated.win.navigator.language, /^en/);
    assert.equal(
      unstated.part('whatpro-hub-launcher')?.getAttribute('aria-label'),
      'Abrir o WhatPro Hub (chat interno)',
    );
  });

  test('follows the dark class on <body>', async () => {
    const page = await setup();
    assert.equal(page.host()?.classList.contains('dark'), false);
    page.doc.body.classList.add('dark');
    await flush();
    assert.equal(page.host()?.classList.contains('dark'), true);
  });

  test('answers a valid ready with the context and an instance token for the echoed nonce', async () => {
    const page = await setup();
    page.receive(ready(), page.panelWindow());
    await flush();

    assert.equal(page.requests.length, 1);
    const [request] = page.requests;
    assert.equal(request?.url, `${HUB}/api/v1/instance-tokens`);
    assert.equal(request?.init?.method, 'POST');
    assert.deepEqual(JSON.parse(String(request?.init?.body)), {
      chatwoot: { access_token: 'tok', client: 'cli', uid: 'ana@acme.test' },
      account_id: 1,
    });
    assert.equal(request?.init?.credentials, 'omit');

    assert.deepEqual(
      messagesTo(page.posted, 'panel').map((p) => [p.message, p.targetOrigin]),
      [
        [
          { ns, type: 'context', account_id: 1, conversation_display_id: 2, theme: 'light', locale: 'pt-BR' },
          HUB,
        ],
        [{ ns, type: 'instance-token', nonce: NONCE, token: 'whi_token1' }, HUB],
      ],
    );
  });

  test('ignores a ready from another origin, from a window that is not a frame of the page, or malformed', async () => {
    const page = await setup();
    const stranger = new Window({ url: 'https://evil.example/' });
    page.receive(ready(), page.panelWindow(), 'https://evil.example');
    page.receive(ready(), page.panelWindow(), `${HUB}.evil.example`);
    page.receive(ready(), page.panelWindow(), 'null');
    page.receive(ready(), stranger);
    page.receive(ready(), null);
    page.receive({ ...ready(), nonce: 'short' }, page.panelWindow());
    page.receive(JSON.stringify(ready()), page.panelWindow());
    page.receive({ ...ready(), extra: 1 }, page.panelWindow());
    await flush();
    assert.equal(page.requests.length, 0);
    assert.deepEqual(page.posted, []);
    await stranger.happyDOM.close();
  });

  test('tells every Hub frame about navigation and theme changes', async () => {
    const page = await setup();
    page.receive(ready(), page.panelWindow());
    await flush();
    page.posted.length = 0;

    page.win.history.pushState({}, '', '/app/accounts/1/inbox/4/conversations/9');
    page.win.history.replaceState({}, '', '/app/accounts/1/inbox/4/conversations/9');
    page.doc.body.classList.add('dark');
    await flush();
    page.win.history.pushState({}, '', '/app/accounts/1/dashboard');

    assert.deepEqual(
      messagesTo(page.posted, 'panel').map((p) => p.message),
      [
        { ns, type: 'context', account_id: 1, conversation_display_id: 9, theme: 'light', locale: 'pt-BR' },
        { ns, type: 'context', account_id: 1, conversation_display_id: 9, theme: 'dark', locale: 'pt-BR' },
        { ns, type: 'context', account_id: 1, conversation_display_id: null, theme: 'dark', locale: 'pt-BR' },
      ],
    );
  });

  test('notices back and forward (popstate)', async () => {
    const page = await setup();
    page.receive(ready(), page.panelWindow());
    await flush();
    page.posted.length = 0;
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/5');
    page.win.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const contexts = messagesTo(page.posted, 'panel').map(
      (p) => (p.message as { conversation_display_id: number }).conversation_display_id,
    );
    assert.deepEqual(contexts, [5, 2]);
  });

  test('answers a Dashboard App tab of the Hub too, and never a frame of another origin', async () => {
    const page = await setup();
    const app = page.dashboardAppFrame();
    page.receive(ready(), app.frameWindow);
    await flush();
    assert.deepEqual(
      messagesTo(page.posted, 'dashboard-app').map((p) => (p.message as { type: string }).type),
      ['context', 'instance-token'],
    );

    const other = page.dashboardAppFrame('https://other.example/app');
    page.receive(ready(), other.frameWindow, 'https://other.example');
    await flush();
    assert.equal(page.requests.length, 1);
  });

  test('puts the stage picker over the conversation header, hands it the conversation and a token, and tells the same frame of the next conversation', async () => {
    const page = await setup({
      beforeStart: (win) => {
        win.document.body.insertAdjacentHTML(
          'beforeend',
          '<header class="conversation-header"><h2>João</h2></header>',
        );
      },
    });
    const picker = () =>
      page.doc.querySelector('[data-testid="whatpro-hub-stage-picker"]') as HTMLIFrameElement | null;
    const frame = picker();
    assert.equal(frame?.getAttribute('src'), `${HUB}/embed/stage-picker`);
    const frameWindow = frame?.contentWindow;
    if (!frameWindow) throw new Error('the stage picker has no window');
    page.receive(ready(), frameWindow);
    await flush();
    const types = () => messagesTo(page.posted, 'other').map((p) => (p.message as { type: string }).type);
    assert.deepEqual(types(), ['context', 'instance-token']);
    const context = messagesTo(page.posted, 'other')[0]?.message as { conversation_display_id: number };
    assert.equal(context.conversation_display_id, 2);

    page.posted.length = 0;
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/5');
    assert.equal(picker(), frame);
    const next = messagesTo(page.posted, 'other').map(
      (p) => p.message as { conversation_display_id: number },
    );
    assert.deepEqual(
      next.map((message) => message.conversation_display_id),
      [5],
    );

    page.win.history.pushState({}, '', '/app/accounts/1/dashboard');
    assert.equal(picker()?.style.visibility, 'hidden');
    assert.equal(page.doc.querySelector('[data-testid="whatpro-hub-stage-picker-slot"]'), null);
  });

  test('a removed frame is forgotten and gets nothing more', async () => {
    const page = await setup();
    const app = page.dashboardAppFrame();
    page.receive(ready(), app.frameWindow);
    await flush();
    app.iframe.remove();
    page.posted.length = 0;
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/7');
    assert.deepEqual(messagesTo(page.posted, 'dashboard-app'), []);
  });

  test('shows the unread count from the panel only, and only when valid', async () => {
    const page = await setup();
    const badge = page.part('whatpro-hub-badge');
    assert.equal(badge?.hidden, true);
    page.receive({ ns, type: 'unread', count: 3 }, page.panelWindow());
    assert.equal(badge?.hidden, false);
    assert.equal(badge?.textContent, '3');
    assert.match(page.part('whatpro-hub-launcher')?.getAttribute('aria-label') ?? '', /3 não lidas/);

    page.receive({ ns, type: 'unread', count: 120 }, page.panelWindow());
    assert.equal(badge?.textContent, '99+');
    page.receive({ ns, type: 'unread', count: 5 }, page.dashboardAppFrame().frameWindow);
    page.receive({ ns, type: 'unread', count: -1 }, page.panelWindow());
    page.receive({ ns, type: 'unread', count: 8 }, page.panelWindow(), CHATWOOT);
    assert.equal(badge?.textContent, '99+');
    page.receive({ ns, type: 'unread', count: 0 }, page.panelWindow());
    assert.equal(badge?.hidden, true);
  });

  test('retries with exponential backoff while the Hub is down, then delivers the token', async () => {
    const down = () => Promise.reject(new TypeError('Failed to fetch'));
    const unavailable = () => Promise.resolve(new Response('', { status: 503 }));
    const page = await setup({ answers: [down, unavailable, down] });
    page.receive(ready(), page.panelWindow());
    await flush();

    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      const tokenTimer = page.timers.find((timer) => timer.ms < 8_000);
      assert.ok(tokenTimer, `retry ${round} scheduled`);
      delays.push(tokenTimer.ms);
      page.timers.splice(page.timers.indexOf(tokenTimer), 1);
      tokenTimer.callback();
      await flush();
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000]);
    assert.equal(page.requests.length, 4);
    const tokens = messagesTo(page.posted, 'panel').filter(
      (p) => (p.message as { type: string }).type === 'instance-token',
    );
    assert.equal(tokens.length, 1);
  });

  test('stops asking when Chatwoot refuses the session or the agent is not in the account', async () => {
    for (const status of [401, 404]) {
      const page = await setup({ answers: [() => Promise.resolve(new Response('{}', { status }))] });
      page.receive(ready(), page.panelWindow());
      await flush();
      assert.equal(page.requests.length, 1);
      assert.equal(page.timers.filter((timer) => timer.ms < 8_000).length, 0);
    }
  });

  test('a suspended account is passed to the frame as token-refused for its nonce; other refusals stay silent', async () => {
    const refusal = (status: number, code: string) => () =>
      Promise.resolve(new Response(JSON.stringify({ error: { code, message: 'refused' } }), { status }));
    const suspended = await setup({ answers: [refusal(403, 'account_suspended')] });
    suspended.receive(ready(), suspended.panelWindow());
    await flush();
    assert.deepEqual(
      messagesTo(suspended.posted, 'panel')
        .filter((p) => (p.message as { type: string }).type !== 'context')
        .map((p) => [p.message, p.targetOrigin]),
      [[{ ns, type: 'token-refused', nonce: NONCE, reason: 'account_suspended' }, HUB]],
    );
    assert.equal(suspended.requests.length, 1);

    for (const [status, code] of [
      [403, 'forbidden'],
      [404, 'not_found'],
      [401, 'unauthorized'],
    ] as const) {
      const page = await setup({ answers: [refusal(status, code)] });
      page.receive(ready(), page.panelWindow());
      await flush();
      assert.deepEqual(
        messagesTo(page.posted, 'panel').map((p) => (p.message as { type: string }).type),
        ['context'],
        `${status} ${code}`,
      );
    }
  });

  test('a newer ready replaces the older one: only the newest nonce is answered', async () => {
    let release: (() => void) | undefined;
    const slow = () =>
      new Promise<Response>((resolve) => {
        release = () => resolve(new Response(JSON.stringify({ instance_token: 'whi_old' }), { status: 200 }));
      });
    const page = await setup({ answers: [slow] });
    page.receive(ready('first_nonce_0000000'), page.panelWindow());
    page.receive(ready('second_nonce_000000'), page.panelWindow());
    release?.();
    await flush();
    const tokens = messagesTo(page.posted, 'panel')
      .map((p) => p.message as { type: string; nonce?: string; token?: string })
      .filter((m) => m.type === 'instance-token');
    assert.deepEqual(tokens, [
      { ns, type: 'instance-token', nonce: 'second_nonce_000000', token: 'whi_token1' },
    ]);
  });

  test('"Tentar agora" shows while the Hub does not answer and reloads the panel at once', async () => {
    const page = await setup();
    const retry = () => page.part('whatpro-hub-retry') as HTMLButtonElement;
    assert.equal(retry().hidden, true);
    await page.runTimers();
    assert.equal(retry().hidden, false);
    const frame = page.part('whatpro-hub-frame') as HTMLIFrameElement;
    let reloads = 0;
    const src = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(frame), 'src');
    Object.defineProperty(frame, 'src', {
      configurable: true,
      get: () => src?.get?.call(frame),
      set: (value: string) => {
        reloads += 1;
        src?.set?.call(frame, value);
      },
    });
    retry().click();
    assert.equal(reloads, 1);
    assert.equal(retry().hidden, true);
    assert.equal(page.timers.length, 1);
    assert.ok((page.timers[0]?.ms ?? Infinity) <= 5_000);
  });

  test('reloads the panel until the Hub answers, never more than five seconds apart after the first wait', async () => {
    const page = await setup();
    const status = () => page.part('whatpro-hub-panel')?.querySelector('[role="status"]') as HTMLElement;
    assert.equal(status().hidden, false);
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      delays.push(page.timers[0]?.ms ?? 0);
      await page.runTimers();
    }
    assert.deepEqual(delays, [8_000, 2_000, 4_000, 5_000, 5_000]);
    assert.match(status().textContent ?? '', /Tentando de novo/);
    page.receive(ready(), page.panelWindow());
    await flush();
    assert.equal(status().hidden, true);
    assert.equal(page.timers.length, 0);
  });

  test('never throws into the page, even when fetch itself throws', async () => {
    const page = await setup({
      answers: [
        () => {
          throw new Error('boom');
        },
      ],
    });
    assert.doesNotThrow(() => page.receive(ready(), page.panelWindow()));
    await flush();
    assert.doesNotThrow(() => page.win.history.pushState({}, '', '/app/accounts/2/conversations/1'));
  });

  test('every postMessage names the Hub origin; never "*"', async () => {
    const page = await setup();
    page.receive(ready(), page.panelWindow());
    const app = page.dashboardAppFrame();
    page.receive(ready('dashboard_app_nonce_1'), app.frameWindow);
    await flush();
    page.win.history.pushState({}, '', '/app/accounts/1/conversations/3');
    page.doc.body.classList.add('dark');
    await flush();
    assert.ok(page.posted.length >= 6);
    for (const post of page.posted) assert.equal(post.targetOrigin, HUB);
    assert.deepEqual(messagesTo(page.posted, 'chatwoot'), []);
  });

  test('stopped while the session check runs, it shows nothing when the answer comes', async () => {
    let answer: (() => void) | undefined;
    const pending = () =>
      new Promise<Response>((resolve) => {
        answer = () => resolve(new Response(JSON.stringify({ hub_session: 'kept' }), { status: 200 }));
      });
    const page = await setup({ checks: [pending] });
    page.handle.stop();
    answer?.();
    await flush();
    assert.equal(page.host(), null);
    assert.equal(page.timers.length, 0);
  });

  test('stop() puts history back and removes the launcher', async () => {
    const page = await setup();
    page.handle.stop();
    assert.equal(page.win.history.pushState, page.originalPushState);
    assert.equal(page.host(), null);
  });
});

// The host pages in a real browser (page code is passed as strings: this package has no DOM typings): login cookie, client-side navigation, dark mode, Dashboard Script
// injection and the Dashboard App postMessage contract. Skipped when no Chromium is installed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { decodeSessionCookie } from './cookie.js';
import { DEMO_PASSWORD } from './seed.js';
import type { Sandbox } from './server.js';
import { testSandbox } from './testing.js';

function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    chromium.executablePath(),
  ];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

const executablePath = findChromium();
const COUNTER_SCRIPT = '<script>window.dashboardScriptRuns = (window.dashboardScriptRuns || 0) + 1;</script>';

type AppContext = {
  conversation: { id: number; account_id: number; messages: unknown[] };
  contact: { name: string };
  currentAgent: { id: number; name: string; email: string };
  customAttributes?: Array<{ attribute_key: string }>;
  theme?: string;
};

describe('host pages in Chromium', { skip: executablePath ? false : 'no Chromium found' }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    sandbox = await testSandbox({ dashboardScripts: COUNTER_SCRIPT, dashboardPollMs: 0 });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });
  beforeEach(async () => {
    // The Dashboard App lives on another origin (localhost ≠ 127.0.0.1), like a real Hub.
    const appUrl = `http://localhost:${sandbox.port}/__sandbox/dashboard-app`;
    sandbox.control.reset({
      seed: (defaults) => ({
        ...defaults,
        dashboardApps: defaults.dashboardApps.map((app) => ({
          ...app,
          content: [{ type: 'frame', url: appUrl }],
        })),
      }),
    });
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
  });

  async function loginAs(email: string, path: string, encoding?: string) {
    const url = sandbox.control.loginUrl({
      email,
      redirect: path,
      ...(encoding ? { encoding: encoding as 'uri' } : {}),
    });
    await page.goto(url);
    await page.waitForSelector('.conversation-item');
  }

  /** The `data` of the last appContext the demo Dashboard App received (it shows it in #context). */
  async function lastContext(frameId = 'dashboard-app--frame-0-0'): Promise<AppContext> {
    return JSON.parse((await page.frameLocator(`#${frameId}`).locator('#context').textContent()) ?? '{}');
  }

  async function contextCount(frameId = 'dashboard-app--frame-0-0'): Promise<number> {
    return Number(await page.frameLocator(`#${frameId}`).locator('#count').textContent());
  }

  async function waitForCount(atLeast: number, frameId = 'dashboard-app--frame-0-0') {
    await page
      .frameLocator(`#${frameId}`)
      .locator('#count')
      .filter({ hasText: String(atLeast) })
      .waitFor();
  }

  it('logs in through the form, writes cw_d_session_info and runs the script on the login page too', async () => {
    await page.goto(`${sandbox.url}/app/login`);
    assert.equal(await page.evaluate('window.dashboardScriptRuns'), 1);
    await page.fill('[data-testid=login-email]', 'ana.admin@acme.test');
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL('**/app/accounts/1/dashboard');
    await page.waitForSelector('.conversation-item');
    const cookie = (await context.cookies()).find((c) => c.name === 'cw_d_session_info');
    assert.ok(cookie);
    assert.ok(cookie.value.startsWith('{%22'), 'js-cookie encoding');
    assert.equal(cookie.httpOnly, false);
    assert.equal(cookie.sameSite, 'Lax');
    const session = decodeSessionCookie(cookie.value);
    assert.equal(session.uid, 'ana.admin@acme.test');
    assert.ok(session['access-token']);
    assert.equal(await page.evaluate('window.dashboardScriptRuns'), 1);
  });

  it('logging out clears the session cookies and lands on the login page, where another user signs in', async () => {
    await loginAs('ana.admin@acme.test', '/app/accounts/1/conversations/1');
    await page.click('[data-testid=logout]');
    await page.waitForURL('**/app/login');
    const names = (await context.cookies()).map((c) => c.name);
    assert.ok(!names.includes('cw_d_session_info'));
    assert.equal(await page.evaluate('window.dashboardScriptRuns'), 1, 'the script runs on the login page');
    await page.fill('[data-testid=login-email]', 'carla@whatpro.test');
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL('**/app/accounts/1/dashboard');
    await page.waitForSelector('.conversation-item');
    const cookie = (await context.cookies()).find((c) => c.name === 'cw_d_session_info');
    assert.equal(decodeSessionCookie(cookie?.value ?? '').uid, 'carla@whatpro.test');
    assert.match((await page.textContent('[data-testid=current-user]')) ?? '', /Carla Dupla/);
  });

  it('shows a login error from devise', async () => {
    await page.goto(`${sandbox.url}/app/login`);
    await page.fill('[data-testid=login-email]', 'ana.admin@acme.test');
    await page.fill('[data-testid=login-password]', 'wrong');
    await page.click('[data-testid=login-submit]');
    await page.locator('#login-error').filter({ hasText: 'Invalid login credentials' }).waitFor();
  });

  it('sends visitors without a session to the login page', async () => {
    await page.goto(`${sandbox.url}/app/accounts/1/conversations/1`);
    await page.waitForURL('**/app/login**');
  });

  it('navigates between conversations with pushState and toggles dark mode on <body>', async () => {
    await loginAs('ana.admin@acme.test', '/app/accounts/1/dashboard');
    await page.evaluate("window.marker = 'same document'");
    await page.click('[data-display-id="2"]');
    await page.waitForURL('**/app/accounts/1/conversations/2');
    await page.locator('.conversation-header h2').filter({ hasText: 'João Lima' }).waitFor();
    await page.click('[data-display-id="6"]');
    await page.waitForURL('**/app/accounts/1/conversations/6');
    await page.goBack();
    await page.waitForURL('**/app/accounts/1/conversations/2');
    await page.locator('.conversation-header h2').filter({ hasText: 'João Lima' }).waitFor();
    assert.equal(await page.evaluate('window.marker'), 'same document');
    assert.equal(await page.evaluate('window.dashboardScriptRuns'), 1);

    assert.equal(await page.evaluate("document.body.classList.contains('dark')"), false);
    await page.click('[data-testid=theme-toggle]');
    assert.equal(await page.evaluate("document.body.classList.contains('dark')"), true);
  });

  it('reads the URI-encoded (MFA) cookie too', async () => {
    await loginAs('bruno.agent@acme.test', '/app/accounts/1/conversations/1', 'uri');
    await page.locator('.conversation-header h2').filter({ hasText: 'Maria Souza' }).waitFor();
  });

  it('posts appContext to the Dashboard App on load and answers fetch-info (legacy)', async () => {
    await loginAs('ana.admin@acme.test', '/app/accounts/1/conversations/1');
    assert.equal(
      await page.locator('#dashboard-app--frame-0-0').count(),
      0,
      'no iframe before the tab opens',
    );
    await page.click('[data-testid=dashboard-app-tab-1]');
    assert.equal(await page.locator('#dashboard-app--frame-0-0').getAttribute('sandbox'), null);
    await waitForCount(1);
    const context = await lastContext();
    assert.equal(context.conversation.id, 1);
    assert.equal(context.conversation.account_id, 1);
    assert.equal(context.conversation.messages.length, 4, 'the messages loaded in the view');
    assert.equal(context.contact.name, 'Maria Souza');
    assert.deepEqual(context.currentAgent, { id: 2, name: 'Ana Admin', email: 'ana.admin@acme.test' });
    assert.equal(context.theme, undefined);
    assert.equal(context.customAttributes, undefined);

    await page.frameLocator('#dashboard-app--frame-0-0').locator('[data-testid=fetch-info]').click();
    await waitForCount(2);
    // Legacy Chatwoot does not check event.source: any window's fetch-info is answered.
    await page.evaluate("window.postMessage('chatwoot-dashboard-app:fetch-info', '*')");
    await waitForCount(3);
  });

  it('remounts the frame and returns to Messages when the conversation changes', async () => {
    await loginAs('ana.admin@acme.test', '/app/accounts/1/conversations/1');
    await page.click('[data-testid=dashboard-app-tab-1]');
    await waitForCount(1);
    await page.click('[data-display-id="2"]');
    await page.waitForURL('**/app/accounts/1/conversations/2');
    await page.locator('.conversation-header h2').filter({ hasText: 'João Lima' }).waitFor();
    assert.equal(await page.locator('#dashboard-app--frame-0-0').count(), 0);
    assert.ok(await page.locator('#messages-pane').isVisible());
    await page.click('[data-testid=dashboard-app-tab-1]');
    await waitForCount(1);
    assert.equal((await lastContext()).conversation.id, 2);
  });

  it('sends theme and custom attributes, re-sends on theme change and checks the source (latest)', async () => {
    sandbox.control.configure({ appContextMode: 'latest' });
    await loginAs('ana.admin@acme.test', '/app/accounts/1/conversations/1');
    await page.click('[data-testid=dashboard-app-tab-1]');
    await waitForCount(1);
    const context = await lastContext();
    assert.equal(context.theme, 'light');
    assert.deepEqual(
      context.customAttributes?.map((a) => a.attribute_key),
      ['plano', 'cpf'],
    );
    await page.click('[data-testid=theme-toggle]');
    await waitForCount(2);
    assert.equal((await lastContext()).theme, 'dark');

    await page.evaluate("window.postMessage('chatwoot-dashboard-app:fetch-info', '*')");
    await page.frameLocator('#dashboard-app--frame-0-0').locator('[data-testid=fetch-info]').click();
    await waitForCount(3);
    await page.waitForTimeout(50);
    assert.equal(await contextCount(), 3, "the top window's own fetch-info was ignored");
  });

  it('queues a theme change while the tab is hidden and flushes it when shown (latest)', async () => {
    sandbox.control.configure({ appContextMode: 'latest' });
    await loginAs('ana.admin@acme.test', '/app/accounts/1/conversations/1');
    await page.click('[data-testid=dashboard-app-tab-1]');
    await waitForCount(1);
    await page.click('[data-tab="0"]');
    await page.click('[data-testid=theme-toggle]');
    await page.waitForTimeout(50);
    assert.equal(await contextCount(), 1);
    await page.click('[data-testid=dashboard-app-tab-1]');
    await waitForCount(2);
    assert.equal((await lastContext()).theme, 'dark');
  });
});

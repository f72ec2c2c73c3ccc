import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, type FrameLocator, type Page, test } from '@playwright/test';

const HUB = 'http://127.0.0.1:3100';
const CHATWOOT = 'http://127.0.0.1:3101';
const screenshots = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

function loginUrl(redirect: string, email = 'ana.admin@acme.test'): string {
  const query = new URLSearchParams({ email, redirect });
  return `${CHATWOOT}/__sandbox/login?${query}`;
}

const launcher = (page: Page) => page.getByTestId('whatpro-hub-launcher');
const panel = (page: Page) => page.getByTestId('whatpro-hub-panel');
const panelHub = (page: Page) => page.frameLocator('[data-testid="whatpro-hub-frame"]');
const dashboardAppHub = (page: Page) => page.frameLocator('#dashboard-app--frame-0-0');
const dashboardAppTab = (page: Page) => page.locator('[data-testid^="dashboard-app-tab-"]').first();

/** Clicks a conversation in Chatwoot's list and waits until its view (and Dashboard App tabs) is drawn. */
async function openConversation(page: Page, displayId: number): Promise<void> {
  await page.locator(`a[data-display-id="${displayId}"]`).click();
  await expect(page.locator(`a.conversation-item.active[data-display-id="${displayId}"]`)).toBeVisible();
}

async function ignoredMessages(hub: FrameLocator): Promise<number> {
  return Number(await hub.getByTestId('embed-root').getAttribute('data-ignored-messages'));
}

/** Chatwoot's dashboard with the Dashboard Script, the panel open and the Hub signed in. */
async function openPanel(page: Page, conversation = 1): Promise<FrameLocator> {
  await page.goto(loginUrl(`/app/accounts/1/conversations/${conversation}`));
  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
  const hub = panelHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  return hub;
}

async function openDashboardApp(page: Page): Promise<FrameLocator> {
  await dashboardAppTab(page).click();
  const hub = dashboardAppHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  return hub;
}

/** Pages on an origin that is neither the Hub nor the tenant's Chatwoot. */
let attacker: Server;
let attackerOrigin: string;
const attackerPages: Record<string, string> = {
  '/frame-hub': `<!doctype html><title>other site</title><iframe id="hub" src="${HUB}/embed"></iframe>`,
  '/post-to-parent-frames': '<!doctype html><title>sibling on another origin</title>',
};

test.beforeAll(async () => {
  attacker = createServer((request, response) => {
    const page = attackerPages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

test.use({ viewport: { width: 1280, height: 800 } });

test('inside Chatwoot the launcher opens the Hub, signed in as the agent, following navigation and theme', async ({
  page,
}) => {
  // No uncaught error in Chatwoot's page (the script must never throw there) and no error from the Hub.
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.location().url.startsWith(HUB)) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await expect(launcher(page)).toBeVisible();
  await expect(panel(page)).toBeHidden();

  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
  const hub = panelHub(page);
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  await expect(hub.getByTestId('embed-account')).toHaveText('Acme Atendimento (conta #1)');
  await expect(hub.getByTestId('embed-context')).toHaveText('Conversa #1');
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(screenshots, 'embed-light.png') });

  await openConversation(page, 2);
  await expect(page).toHaveURL(/\/conversations\/2$/);
  await expect(hub.getByTestId('embed-context')).toHaveText('Conversa #2');
  await page.evaluate(() =>
    (
      window as unknown as { __chatwootSandbox: { navigate(path: string): Promise<void> } }
    ).__chatwootSandbox.navigate('/app/accounts/1/dashboard'),
  );
  await expect(hub.getByTestId('embed-context')).toHaveText('Nenhuma conversa aberta');
  await page.goBack();
  await expect(hub.getByTestId('embed-context')).toHaveText('Conversa #2');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('body')).toHaveClass(/\bdark\b/);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-theme', 'dark');
  await expect(hub.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.locator('#whatpro-hub-embed')).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: join(screenshots, 'embed-dark.png') });

  await page.getByTestId('theme-toggle').click();
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-theme', 'light');
  expect(await ignoredMessages(hub)).toBe(0);
  expect(errors).toEqual([]);
});

test('the Dashboard App tab shows the open conversation and is signed in through the script', async ({
  page,
}) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  const opened = Date.now();
  const hub = await openDashboardApp(page);
  await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #1');
  test.info().annotations.push({
    type: 'dashboard-app-ready-ms',
    description: String(Date.now() - opened),
  });
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  // The conversation's card, or word that it has none, in the Kanban section.
  await expect(
    hub.getByTestId('kanban-conversation-card').or(hub.getByTestId('kanban-conversation-none')),
  ).toBeVisible();

  // Chatwoot remounts the tab per conversation; the new frame gets the new conversation.
  await openConversation(page, 2);
  const next = await openDashboardApp(page);
  await expect(next.getByTestId('embed-conversation')).toHaveText('Conversa #2');
  await next.getByRole('button', { name: 'Atualizar contexto' }).click();
  await expect(next.getByTestId('embed-conversation')).toHaveText('Conversa #2');
});

test('without the Dashboard Script the tab asks to sign in with Chatwoot once, then reuses the session', async ({
  page,
}) => {
  await page.route(`${HUB}/embed.js`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await dashboardAppTab(page).click();
  const hub = dashboardAppHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'sign-in');
  await hub.getByLabel('Token de acesso do Chatwoot').fill('sandbox-token-wrong');
  await hub.getByRole('button', { name: 'Entrar com o Chatwoot' }).click();
  await expect(hub.getByRole('alert')).toHaveText('O Chatwoot não aceitou este token.');
  await hub.getByLabel('Token de acesso do Chatwoot').fill('sandbox-token-ana-admin');
  await hub.getByRole('button', { name: 'Entrar com o Chatwoot' }).click();
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #1');

  await openConversation(page, 2);
  await dashboardAppTab(page).click();
  const reloaded = dashboardAppHub(page);
  await expect(reloaded.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  await expect(reloaded.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  await expect(reloaded.getByTestId('embed-conversation')).toHaveText('Conversa #2');
});

test('Ana, an admin, sees the DASHBOARD_SCRIPTS snippet in the panel', async ({ page }) => {
  const hub = await openPanel(page);
  const admin = hub.getByTestId('embed-admin');
  await expect(admin).toContainText('Instalação no Chatwoot');
  await expect(hub.getByTestId('embed-admin-snippet')).toContainText('/embed.js');
  await expect(admin.getByRole('button', { name: 'Instalar como Dashboard App' })).toBeEnabled();
});

test.describe('attacks', () => {
  test('another origin cannot frame the Hub: CSP frame-ancestors names only Chatwoot', async ({
    page,
    request,
  }) => {
    const response = await request.get(`${HUB}/embed`, { headers: { accept: 'text/html' } });
    expect(response.headers()['content-security-policy']).toContain(`frame-ancestors ${CHATWOOT}`);
    expect(response.headers()['x-frame-options']).toBeUndefined();

    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('frame-ancestors')) violations.push(message.text());
    });
    await page.goto(`${attackerOrigin}/frame-hub`);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations[0]).toContain(HUB);
    await expect(page.frameLocator('#hub').getByTestId('embed-root')).toHaveCount(0);
  });

  test('a message from a sibling frame on the Chatwoot origin is counted and ignored', async ({ page }) => {
    const hub = await openPanel(page);
    await expect(hub.getByTestId('embed-context')).toHaveText('Conversa #1');
    const before = await ignoredMessages(hub);

    await page.evaluate(() => {
      const sibling = document.createElement('iframe');
      sibling.name = 'sibling';
      sibling.srcdoc = '<!doctype html><title>sibling</title>';
      document.body.appendChild(sibling);
      return new Promise((resolve) => sibling.addEventListener('load', resolve));
    });
    const sibling = page.frame({ name: 'sibling' });
    if (!sibling) throw new Error('sibling frame missing');
    await sibling.evaluate((hubOrigin) => {
      const host = window.parent.document.getElementById('whatpro-hub-embed');
      const frame = host?.shadowRoot?.querySelector('iframe');
      frame?.contentWindow?.postMessage(
        { ns: 'whatpro-hub', type: 'context', account_id: 2, conversation_display_id: 99, theme: 'dark' },
        hubOrigin,
      );
      frame?.contentWindow?.postMessage(
        { ns: 'whatpro-hub', type: 'instance-token', nonce: 'forged_nonce_000000000', token: 'whi_forged' },
        hubOrigin,
      );
    }, HUB);

    await expect.poll(() => ignoredMessages(hub)).toBe(before + 2);
    await expect(hub.getByTestId('embed-context')).toHaveText('Conversa #1');
    await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-theme', 'light');
    await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  });

  test('a message from a frame on another origin is counted and ignored', async ({ page }) => {
    await page.goto(loginUrl('/app/accounts/1/conversations/1'));
    const hub = await openDashboardApp(page);
    await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #1');
    const before = await ignoredMessages(hub);

    await page.evaluate((src) => {
      const other = document.createElement('iframe');
      other.name = 'other-origin';
      other.src = src;
      document.body.appendChild(other);
      return new Promise((resolve) => other.addEventListener('load', resolve));
    }, `${attackerOrigin}/post-to-parent-frames`);
    const other = page.frame({ name: 'other-origin' });
    if (!other) throw new Error('other-origin frame missing');
    await other.evaluate((hubOrigin) => {
      // Every frame of Chatwoot's page is reachable from any origin: the Dashboard App frame, and the stage
      // picker the script puts in the conversation header. Each gets both forgeries.
      for (let index = 0; index < window.parent.frames.length; index++) {
        const target = window.parent.frames[index];
        if (!target || target === window) continue;
        target.postMessage(
          JSON.stringify({
            event: 'appContext',
            data: { conversation: { id: 7, account_id: 1 }, currentAgent: { id: 6, name: 'Diego Beta' } },
          }),
          hubOrigin,
        );
        target.postMessage(
          { ns: 'whatpro-hub', type: 'context', account_id: 1, conversation_display_id: 7, theme: 'dark' },
          hubOrigin,
        );
      }
    }, HUB);

    await expect.poll(() => ignoredMessages(hub)).toBe(before + 2);
    await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #1');
    await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  });

  test('a forged appContext claiming another agent changes the context, never who is signed in', async ({
    page,
  }) => {
    await page.goto(loginUrl('/app/accounts/1/conversations/1'));
    const hub = await openDashboardApp(page);
    await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');

    // Even Chatwoot's own origin (a script there, or a malicious Dashboard App config) cannot name the user.
    await page.evaluate((hubOrigin) => {
      const frame = document.getElementById('dashboard-app--frame-0-0') as HTMLIFrameElement | null;
      frame?.contentWindow?.postMessage(
        JSON.stringify({
          event: 'appContext',
          data: {
            conversation: { id: 4, account_id: 1, meta: { sender: { name: 'Cliente Forjado' } } },
            currentAgent: { id: 6, name: 'Diego Beta', email: 'diego.agent@beta.test' },
          },
        }),
        hubOrigin,
      );
    }, HUB);

    await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #4');
    await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
    await expect(hub.getByText('Diego Beta')).toHaveCount(0);
  });

  test('an instance token works once: the replay is refused, and only the Hub origin may exchange', async ({
    request,
  }) => {
    const signIn = await request.post(`${CHATWOOT}/__sandbox/control/signIn`, {
      data: { email: 'ana.admin@acme.test' },
    });
    const { headers } = (await signIn.json()) as { headers: Record<string, string> };
    const chatwoot = { access_token: headers['access-token'], client: headers.client, uid: headers.uid };
    const issue = async () => {
      const response = await request.post(`${HUB}/api/v1/instance-tokens`, {
        headers: { origin: CHATWOOT },
        data: { chatwoot, account_id: 1 },
      });
      expect(response.status()).toBe(201);
      return ((await response.json()) as { instance_token: string }).instance_token;
    };
    const exchange = (token: string, origin: string) =>
      request.post(`${HUB}/api/v1/instance-tokens/exchange`, {
        headers: { origin },
        data: { instance_token: token },
      });

    const token = await issue();
    expect(token).toMatch(/^whi_/);
    const first = await exchange(token, HUB);
    expect(first.status()).toBe(200);
    expect(((await first.json()) as { user: { name: string } }).user.name).toBe('Ana Admin');
    expect((await exchange(token, HUB)).status()).toBe(401);

    expect((await exchange(await issue(), CHATWOOT)).status()).toBe(401);
  });
});

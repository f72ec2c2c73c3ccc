import { expect, type Page, test } from '@playwright/test';

const HUB = 'http://127.0.0.1:3100';
const CHATWOOT = 'http://127.0.0.1:3101';

function loginUrl(email: string, redirect: string): string {
  return `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email, redirect })}`;
}

const panelHub = (page: Page) => page.frameLocator('[data-testid="whatpro-hub-frame"]');
const sessionCheck = (page: Page) =>
  page.waitForResponse((response) => response.url() === `${HUB}/api/v1/instance-tokens/session-check`);

/** Ana in Chatwoot with the panel open and the Hub signed in as her. */
async function anaInThePanel(page: Page): Promise<void> {
  await page.goto(loginUrl('ana.admin@acme.test', '/app/accounts/1/conversations/1'));
  await page.getByTestId('whatpro-hub-launcher').click();
  await expect(panelHub(page).getByTestId('embed-user-name')).toHaveText('Ana Admin');
}

/** Chatwoot's own logout; the login page it lands on runs the Dashboard Script (DASHBOARD_SCRIPTS). */
async function signOutOfChatwoot(page: Page): Promise<void> {
  const checked = sessionCheck(page);
  await page.getByTestId('logout').click();
  await page.waitForURL('**/app/login');
  expect(await (await checked).json()).toEqual({ hub_session: 'ended' });
}

test.use({ viewport: { width: 1280, height: 800 } });

test('Ana signs out of Chatwoot and Carla signs in on the same browser: the panel shows only Carla', async ({
  page,
}) => {
  await anaInThePanel(page);
  await signOutOfChatwoot(page);

  await page.getByTestId('login-email').fill('carla@whatpro.test');
  await page.getByTestId('login-password').fill('Whatpro@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/app/accounts/1/dashboard');
  await page.getByTestId('whatpro-hub-launcher').click();
  const hub = panelHub(page);
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Carla Dupla');
  await expect(hub.getByText('Ana Admin')).toHaveCount(0);
});

test('signed out of Chatwoot, the Hub shows nothing private: /embed opened directly has no session', async ({
  page,
  context,
}) => {
  await anaInThePanel(page);
  await signOutOfChatwoot(page);

  const direct = await context.newPage();
  await direct.goto(`${HUB}/embed`);
  const root = direct.getByTestId('embed-root');
  await expect(root).not.toHaveAttribute('data-phase', /loading|connecting/);
  await expect(root).not.toHaveAttribute('data-phase', 'signed-in');
  await expect(direct.getByTestId('embed-user-name')).toHaveCount(0);
  await expect(direct.getByText('Ana Admin')).toHaveCount(0);
});

test("a Chatwoot user whose account Chatwoot suspended is told so, and never gets the previous user's Hub session", async ({
  page,
}) => {
  await anaInThePanel(page);

  // Gabi's only account is suspended in Chatwoot: the Hub issues her no instance token and says why.
  const checked = sessionCheck(page);
  const refused = page.waitForResponse((response) => response.url() === `${HUB}/api/v1/instance-tokens`);
  await page.goto(loginUrl('gabi.admin@gamma.test', '/app/accounts/3/dashboard'));
  expect(await (await checked).json()).toEqual({ hub_session: 'ended' });
  await page.getByTestId('whatpro-hub-launcher').click();
  expect((await refused).status()).toBe(403);
  const hub = panelHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'error');
  await expect(hub.getByTestId('embed-error')).toContainText('Esta conta está suspensa');
  await expect(hub.getByTestId('embed-sign-in')).toHaveCount(0);
  await expect(hub.getByText('Ana Admin')).toHaveCount(0);
});

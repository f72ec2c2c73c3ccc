import { expect, type Page, test } from '@playwright/test';

const HUB = 'http://127.0.0.1:3100';
const CHATWOOT = 'http://127.0.0.1:3101';

function loginUrl(redirect: string, email = 'ana.admin@acme.test'): string {
  return `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email, redirect })}`;
}

const dashboardAppTab = (page: Page) => page.locator('[data-testid^="dashboard-app-tab-"]').first();
const dashboardAppHub = (page: Page) => page.frameLocator('#dashboard-app--frame-0-0');

test.use({ viewport: { width: 1280, height: 800 } });

test('with the Hub unreachable the tab says so, offers "Tentar agora", and recovers by itself within seconds', async ({
  page,
}) => {
  let hubDown = true;
  await page.route(`${HUB}/api/v1/platform-app/config`, (route) =>
    hubDown ? route.abort('connectionrefused') : route.continue(),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await dashboardAppTab(page).click();
  const hub = dashboardAppHub(page);
  const failure = hub.getByTestId('embed-error');
  await expect(failure).toHaveAttribute('data-error', 'hub-unreachable');
  await expect(failure).toContainText('O WhatPro Hub não está respondendo');
  await expect(hub.getByRole('button', { name: 'Tentar agora' })).toBeVisible();

  hubDown = false;
  const answeredAt = Date.now();
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in', { timeout: 15_000 });
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
  test.info().annotations.push({ type: 'recovered-after-ms', description: String(Date.now() - answeredAt) });
});

test('with the Hub down the panel offers "Tentar agora" and shows the Hub within seconds of it answering again', async ({
  page,
}) => {
  let hubDown = true;
  await page.route(`${HUB}/embed`, (route) =>
    hubDown ? route.abort('connectionrefused') : route.continue(),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await page.getByTestId('whatpro-hub-launcher').click();
  const retry = page.getByTestId('whatpro-hub-retry');
  await expect(retry).toBeVisible({ timeout: 15_000 });
  await expect(retry).toHaveText('Tentar agora');
  await expect(page.getByTestId('whatpro-hub-panel').getByRole('status')).toContainText('não respondeu');

  hubDown = false;
  const answeredAt = Date.now();
  const hub = page.frameLocator('[data-testid="whatpro-hub-frame"]');
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in', { timeout: 10_000 });
  await expect(retry).toBeHidden();
  test.info().annotations.push({ type: 'recovered-after-ms', description: String(Date.now() - answeredAt) });
});

test('"Tentar agora" in the panel reloads the Hub at once', async ({ page }) => {
  let hubDown = true;
  await page.route(`${HUB}/embed`, (route) =>
    hubDown ? route.abort('connectionrefused') : route.continue(),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await page.getByTestId('whatpro-hub-launcher').click();
  const retry = page.getByTestId('whatpro-hub-retry');
  await expect(retry).toBeVisible({ timeout: 15_000 });
  hubDown = false;
  await retry.click();
  const hub = page.frameLocator('[data-testid="whatpro-hub-frame"]');
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in', { timeout: 4_000 });
});

test('a 503 from the token exchange is an outage: no token form, and the tab signs in once the Hub is back', async ({
  page,
}) => {
  let outage = true;
  await page.route(`${HUB}/api/v1/instance-tokens/exchange`, (route) =>
    outage
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'service_unavailable', message: 'database unavailable', request_id: 'e2e' },
          }),
        })
      : route.continue(),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await dashboardAppTab(page).click();
  const hub = dashboardAppHub(page);
  await expect(hub.getByTestId('embed-error')).toHaveAttribute('data-error', 'hub-unreachable');
  await expect(hub.getByLabel('Token de acesso do Chatwoot')).toHaveCount(0);

  outage = false;
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in', { timeout: 15_000 });
  await expect(hub.getByTestId('embed-user-name')).toHaveText('Ana Admin');
});

test('when no Chatwoot session reaches the tab it links to Chatwoot sign-in; the token form is the explained last resort', async ({
  page,
}) => {
  // Chatwoot without the Dashboard Script: nobody relays the agent's session to the tab.
  await page.route(`${HUB}/embed.js`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
  );
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await dashboardAppTab(page).click();
  const hub = dashboardAppHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'sign-in');
  await expect(hub.getByTestId('embed-sign-in-reason')).toHaveAttribute('data-reason', 'no-session');
  const signIn = hub.getByRole('link', { name: 'Entrar no Chatwoot' });
  await expect(signIn).toHaveAttribute('href', `${CHATWOOT}/app/login`);
  await expect(signIn).toHaveAttribute('target', '_blank');
  await expect(hub.getByText('Último recurso: entrar com um token de acesso')).toBeVisible();
  await expect(hub.getByLabel('Token de acesso do Chatwoot')).toBeVisible();
});

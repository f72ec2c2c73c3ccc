import { expect, type Page, test } from '@playwright/test';

const CHATWOOT = 'http://127.0.0.1:3101';

function loginUrl(redirect: string): string {
  return `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email: 'ana.admin@acme.test', redirect })}`;
}

const launcher = (page: Page) => page.getByTestId('whatpro-hub-launcher');
const panelHub = (page: Page) => page.frameLocator('[data-testid="whatpro-hub-frame"]');
const dashboardAppHub = (page: Page) => page.frameLocator('#dashboard-app--frame-0-0');

// The browser asks for English; only Chatwoot's own locale may decide the Hub's language.
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });

test('Chatwoot in Portuguese: the header and the Hub speak Portuguese in an English browser, statuses included', async ({
  page,
}) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await expect(launcher(page)).toHaveAttribute('aria-label', 'Abrir o WhatPro Hub (chat interno)');
  await launcher(page).click();
  await expect(panelHub(page).getByTestId('embed-context')).toHaveText('Conversa #1');
  await expect(panelHub(page).locator('html')).toHaveAttribute('lang', 'pt-BR');

  await page.locator('[data-testid^="dashboard-app-tab-"]').first().click();
  await expect(dashboardAppHub(page).getByTestId('embed-conversation')).toHaveText('Conversa #1');
  await expect(dashboardAppHub(page).getByTestId('embed-conversation-status')).toHaveText('Status: Aberta');
});

test('Chatwoot in English: the header and the Hub both speak English, statuses included', async ({
  page,
}) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1?locale=en'));
  await expect(launcher(page)).toHaveAttribute('aria-label', 'Open WhatPro Hub (internal chat)');
  await launcher(page).click();
  await expect(panelHub(page).getByTestId('embed-context')).toHaveText('Conversation #1');
  await expect(panelHub(page).locator('html')).toHaveAttribute('lang', 'en');

  await page.locator('[data-testid^="dashboard-app-tab-"]').first().click();
  await expect(dashboardAppHub(page).getByTestId('embed-conversation')).toHaveText('Conversation #1');
  await expect(dashboardAppHub(page).getByTestId('embed-conversation-status')).toHaveText('Status: Open');
});

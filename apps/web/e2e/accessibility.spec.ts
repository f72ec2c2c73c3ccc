import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

const CHATWOOT = 'http://127.0.0.1:3101';

function loginUrl(redirect: string): string {
  return `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email: 'ana.admin@acme.test', redirect })}`;
}

/**
 * What axe finds serious or critical (WCAG 2.x A and AA) inside `selector`, frames included. A path of
 * selectors reaches into frames: the Dashboard App's `<iframe>` element is Chatwoot's markup, its page ours.
 */
async function seriousViolations(page: Page, selector?: string | string[]) {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (selector) builder.include(selector);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
}

test.use({ viewport: { width: 1280, height: 800 } });

test('the panel inside Chatwoot, header and Hub, has no serious or critical axe violation, light and dark', async ({
  page,
}) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await page.getByTestId('whatpro-hub-launcher').click();
  const hub = page.frameLocator('[data-testid="whatpro-hub-frame"]');
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  await expect(hub.getByTestId('embed-admin-snippet')).toBeVisible();
  expect(await seriousViolations(page, '#whatpro-hub-embed')).toEqual([]);

  await page.getByTestId('theme-toggle').click();
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page, '#whatpro-hub-embed')).toEqual([]);
});

test('the Dashboard App tab has no serious or critical axe violation', async ({ page }) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await page.locator('[data-testid^="dashboard-app-tab-"]').first().click();
  const hub = page.frameLocator('#dashboard-app--frame-0-0');
  await expect(hub.getByTestId('embed-conversation')).toHaveText('Conversa #1');
  expect(await seriousViolations(page, ['#dashboard-app--frame-0-0', 'html'])).toEqual([]);
});

test('the full Hub page has no serious or critical axe violation, signed out and in both themes', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('home-session')).toHaveAttribute('data-phase', 'sign-in');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Tema').selectOption('dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await seriousViolations(page)).toEqual([]);
});

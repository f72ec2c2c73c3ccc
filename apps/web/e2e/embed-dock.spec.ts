import { expect, type Page, test } from '@playwright/test';

const HUB = 'http://127.0.0.1:3100';
const CHATWOOT = 'http://127.0.0.1:3101';

function loginUrl(redirect: string, email = 'ana.admin@acme.test'): string {
  return `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email, redirect })}`;
}

const launcher = (page: Page) => page.getByTestId('whatpro-hub-launcher');
const panel = (page: Page) => page.getByTestId('whatpro-hub-panel');
const panelHub = (page: Page) => page.frameLocator('[data-testid="whatpro-hub-frame"]');

async function openPanel(page: Page, path: string): Promise<void> {
  await page.goto(loginUrl(path));
  await launcher(page).click();
  await expect(panelHub(page).getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
}

test.use({ viewport: { width: 1280, height: 800 } });

test("with the panel open, Chatwoot's Send and Resolve stay clickable: the page reflows beside the docked panel", async ({
  page,
}) => {
  await openPanel(page, '/app/accounts/1/conversations/8');
  const panelBox = await panel(page).boundingBox();
  const app = await page.locator('#app').boundingBox();
  expect(panelBox && app && app.x + app.width).toBeLessThanOrEqual(panelBox?.x ?? 0);

  await page.getByTestId('reply-box').locator('textarea').fill('Respondido com o painel aberto');
  await page.getByRole('button', { name: 'Send' }).click({ timeout: 5_000 });
  await expect(page.getByTestId('messages')).toContainText('Respondido com o painel aberto');

  await page.getByTestId('toggle-status').click({ timeout: 5_000 });
  await expect(page.getByTestId('toggle-status')).toHaveText('Reopen');
  await page.getByTestId('toggle-status').click({ timeout: 5_000 });
  await expect(page.getByTestId('toggle-status')).toHaveText('Resolve');

  await launcher(page).click();
  await expect(panel(page)).toBeHidden();
  const whole = await page.locator('#app').boundingBox();
  expect(whole?.width).toBe(1280);
});

test('keyboard only: the launcher is the first tab stop with a visible focus ring, Enter opens, Escape in the frame closes', async ({
  page,
}) => {
  await page.goto(loginUrl('/app/accounts/1/conversations/1'));
  await expect(launcher(page)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(launcher(page)).toBeFocused();
  const ring = await launcher(page).evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: style.outlineWidth };
  });
  expect(ring).toEqual({ style: 'solid', width: '3px' });

  await page.keyboard.press('Enter');
  await expect(panel(page)).toBeVisible();
  const hub = panelHub(page);
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  await expect.poll(() => hub.locator('body').evaluate(() => document.hasFocus())).toBe(true);

  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();
});

test("the panel header is in Inter, loaded from the Hub for the script's shadow root", async ({ page }) => {
  await openPanel(page, '/app/accounts/1/conversations/1');
  const header = page.getByTestId('whatpro-hub-header');
  expect(await header.evaluate((element) => getComputedStyle(element).fontFamily)).toMatch(
    /^"WhatPro Hub Inter", Inter,/,
  );
  await expect
    .poll(() => page.evaluate(() => document.fonts.check('600 14px "WhatPro Hub Inter"')))
    .toBe(true);
  const loaded = await page.evaluate(() =>
    [...document.fonts]
      .filter((face) => face.family.includes('WhatPro Hub Inter'))
      .map((face) => face.status),
  );
  expect(loaded).toEqual(['loaded']);
});

test('the panel is resized from its edge and keeps the width for this user; it pops out to a tab', async ({
  page,
  context,
}) => {
  await openPanel(page, '/app/accounts/1/conversations/1');
  const resizer = page.getByTestId('whatpro-hub-resizer');
  await resizer.focus();
  for (let step = 0; step < 4; step++) await page.keyboard.press('ArrowLeft');
  await expect(panel(page)).toHaveCSS('width', '464px');
  await expect(page.locator('body')).toHaveCSS('margin-right', '464px');

  await page.reload();
  await launcher(page).click();
  await expect(panel(page)).toHaveCSS('width', '464px');

  const popped = context.waitForEvent('page');
  await page.getByTestId('whatpro-hub-pop-out').click();
  const tab = await popped;
  await tab.waitForLoadState();
  expect(tab.url()).toBe(`${HUB}/`);
  await expect(panel(page)).toBeHidden();
});

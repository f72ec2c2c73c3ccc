import { expect, type Page, test } from '@playwright/test';

/**
 * Console errors include CSP violations, which would mean the served app breaks the Hub's policy. The one
 * expected failure is the home page's session check answering 401 to a visitor who is not signed in.
 */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const signedOutSessionCheck =
      new URL(message.location().url, 'http://hub').pathname === '/api/v1/auth/refresh' &&
      message.text().includes('401');
    if (message.type() === 'error' && !signedOutSessionCheck) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const nav = (page: Page) => page.getByRole('navigation');
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('loads in Portuguese with the Inter font and no console errors', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Chat interno' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(nav(page).getByRole('link', { name: 'Chat interno' })).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Chat interno · WhatPro Hub');

  const interLoaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('14px "Inter Variable"');
  });
  expect(interLoaded).toBe(true);
  expect(errors).toEqual([]);
});

test('shows the real server status and version from the API', async ({ page, request }) => {
  const meta = await (await request.get('/api/v1/meta')).json();
  await page.goto('/');

  await expect(page.getByRole('status')).toHaveText('Servidor pronto');
  await expect(page.getByText(`Versão ${meta.version}`)).toBeVisible();
});

test('switching to English changes the visible text and <html lang>, and is remembered', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Idioma').selectOption('en');

  await expect(page.getByRole('heading', { level: 1, name: 'Internal chat' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Internal chat' })).toBeVisible();
});

test('the dark theme adds `dark` on <html>, changes the background and survives a reload', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  const lightBackground = await bodyBackground(page);

  await page.getByLabel('Tema').selectOption('dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await bodyBackground(page)).not.toBe(lightBackground);

  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.getByLabel('Tema').selectOption('system');
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
});

test('sidebar navigation changes the page, the URL and the highlighted section', async ({ page }) => {
  await page.goto('/');

  await nav(page).getByRole('link', { name: 'Kanban' }).click();
  await expect(page).toHaveURL(/\/kanban$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kanban' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Kanban' })).toHaveAttribute('aria-current', 'page');
  await expect(nav(page).getByRole('link', { name: 'Chat interno' })).not.toHaveAttribute('aria-current');

  await nav(page).getByRole('link', { name: 'Administração' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administração' })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Kanban' })).toBeVisible();
});

test('a deep link opens its section directly and unknown paths say so', async ({ page }) => {
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Administração' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Administração' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  await page.goto('/does-not-exist');
  await expect(page.getByRole('heading', { level: 1, name: 'Página não encontrada' })).toBeVisible();
  await page.getByRole('link', { name: 'Ir para o chat interno' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chat interno' })).toBeVisible();
});

test('keyboard users can skip to the content and see where focus is', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skipLink = page.getByRole('link', { name: 'Pular para o conteúdo' });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeVisible();

  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
});

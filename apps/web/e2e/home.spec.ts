import { expect, test } from '@playwright/test';

const CHATWOOT = 'http://127.0.0.1:3101';

test('signed out, the standalone Hub says so, signs in through Chatwoot and links back to Chatwoot', async ({
  page,
}) => {
  await page.goto('/');
  const session = page.getByTestId('home-session');
  await expect(session).toHaveAttribute('data-phase', 'sign-in');
  await expect(page.getByRole('link', { name: 'Entrar no Chatwoot' })).toHaveAttribute(
    'href',
    `${CHATWOOT}/app/login`,
  );
  await expect(page.getByRole('link', { name: 'Voltar ao Chatwoot' })).toHaveAttribute(
    'href',
    `${CHATWOOT}/app`,
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Chat interno' })).toBeVisible();
});

test('signed in with a Chatwoot token, the home shows who is signed in and in which accounts, also after a reload', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Token de acesso do Chatwoot').fill('sandbox-token-carla-dual');
  await page.getByRole('button', { name: 'Entrar com o Chatwoot' }).click();
  await expect(page.getByTestId('home-user')).toHaveText('Conectado como Carla Dupla');
  const accounts = page.getByRole('list', { name: 'Suas contas' });
  await expect(accounts.getByRole('listitem')).toHaveCount(2);

  await page.reload();
  await expect(page.getByTestId('home-user')).toHaveText('Conectado como Carla Dupla');
  await expect(page.getByLabel('Token de acesso do Chatwoot')).toHaveCount(0);
});

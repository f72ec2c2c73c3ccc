import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Locator,
  type Page,
  test,
} from '@playwright/test';
import { CHATWOOT, setSandboxStatus } from './sandbox-control';

const HUB = 'http://127.0.0.1:3100';
const screenshots = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

const tokens = {
  ana: 'sandbox-token-ana-admin',
  bruno: 'sandbox-token-bruno-agent',
  eva: 'sandbox-token-eva-agent',
} as const;

// One Hub for every spec: the chat tests share users and rooms, so they run one after another.
// Each test signs in several people and waits on live delivery between them: a loaded machine needs time.
test.describe.configure({ mode: 'serial', timeout: 150_000 });
test.use({ viewport: { width: 1280, height: 800 } });

/** A browser context of its own (cookies, session) signed in to /chat with a Chatwoot token. */
async function signIn(browser: Browser, who: keyof typeof tokens): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/chat');
  await page.getByLabel('Token de acesso do Chatwoot').fill(tokens[who]);
  await page.getByRole('button', { name: 'Entrar com o Chatwoot' }).click();
  await expect(page.getByTestId('chat-app')).toBeVisible();
  await expect(page.getByTestId('chat-room-list')).toBeVisible();
  return page;
}

const roomItem = (page: Page, name: string) => page.getByTestId('chat-room-item').filter({ hasText: name });
const messages = (page: Page) => page.getByTestId('chat-history').getByTestId('chat-message');
const composer = (page: Page) => page.getByTestId('chat-composer-input');

/** Sends `text` and waits until the server confirmed it; `shown` is how it reads once rendered. */
async function send(page: Page, text: string, shown = text): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(messages(page).filter({ hasText: shown })).toBeVisible();
}

/**
 * Connects account 1 to Chatwoot as an administrator would, has Chatwoot report a change of conversation
 * `displayId` and waits until the mirror holds it: a discussion room belongs to a conversation the Hub knows.
 */
async function connectChatwoot(request: APIRequestContext, displayId: number): Promise<void> {
  const sso = await request.post(`${HUB}/api/v1/auth/sso`, { data: { api_access_token: tokens.ana } });
  const { access_token } = (await sso.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}` };
  const connected = await request.put(`${HUB}/api/v1/accounts/1/chatwoot/connection`, {
    headers,
    data: { api_access_token: tokens.ana },
  });
  expect(connected.ok(), await connected.text()).toBe(true);
  // The mirror learns conversations from Chatwoot's webhooks: a status change (and back) sends one.
  for (const status of ['pending', 'open'] as const) {
    await setSandboxStatus(request, displayId, status);
  }
  await expect
    .poll(
      async () => {
        const response = await request.get(
          `${HUB}/api/v1/accounts/1/chat/conversation-references?display_ids=${displayId}`,
          { headers },
        );
        const body = (await response.json()) as { references?: { card: unknown }[] };
        return Boolean(body.references?.[0]?.card);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Whether `part` scrolls sideways or has a control sticking out of its page: cut off in a narrow panel. */
async function overflows(part: Locator): Promise<boolean> {
  return part.evaluate((element) => {
    const width = element.ownerDocument.documentElement.clientWidth;
    const controls = [...element.querySelectorAll('button, textarea, input:not([hidden]), h2')];
    return (
      element.scrollWidth > element.clientWidth ||
      controls.some((control) => control.getBoundingClientRect().right > width + 0.5)
    );
  });
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

test('a DM between two agents: delivery, typing, unread badge and read state, edit and delete on both sides', async ({
  browser,
}) => {
  const ana = await signIn(browser, 'ana');
  const bruno = await signIn(browser, 'bruno');

  await ana.getByRole('button', { name: 'Nova conversa' }).click();
  await ana
    .getByTestId('chat-new-dm')
    .getByRole('button', { name: /Bruno Agente/ })
    .click();
  await expect(ana.getByTestId('chat-room-title')).toHaveText('Bruno Agente');
  await send(ana, 'Olá Bruno, **tudo certo** com o cliente?', 'Olá Bruno, tudo certo com o cliente?');

  // Delivered live: the new DM appears on Bruno's list with one unread message.
  const dm = roomItem(bruno, 'Ana Admin');
  await expect(dm.getByTestId('chat-room-unread')).toHaveAttribute('data-count', '1');
  await expect(bruno.getByTestId('chat-unread-total')).toHaveText('1 não lida');
  await dm.click();
  const received = messages(bruno).filter({ hasText: 'tudo certo' });
  await expect(received.locator('strong')).toHaveText('tudo certo');
  await expect(bruno.getByTestId('chat-unread-divider')).toBeVisible();

  // Read as he reads it: the badge goes, and stays gone after a reload (the server has the read state).
  await expect(dm.getByTestId('chat-room-unread')).toHaveCount(0);
  await bruno.reload();
  await expect(roomItem(bruno, 'Ana Admin')).toBeVisible();
  await expect(roomItem(bruno, 'Ana Admin').getByTestId('chat-room-unread')).toHaveCount(0);
  await roomItem(bruno, 'Ana Admin').click();

  // Typing reaches the other side while it happens.
  await composer(bruno).pressSequentially('Sim, respondeu agora', { delay: 30 });
  await expect(ana.getByTestId('chat-typing')).toHaveText('Bruno Agente está digitando…');
  await composer(bruno).press('Enter');
  await expect(messages(ana).filter({ hasText: 'Sim, respondeu agora' })).toBeVisible();
  await expect(ana.getByTestId('chat-typing')).toHaveText('');

  // Edit and delete propagate.
  const first = messages(ana).filter({ hasText: 'Olá Bruno' });
  await first.hover();
  await first.getByRole('button', { name: 'Editar' }).click();
  await composer(ana).fill('Olá Bruno, o cliente respondeu?');
  await composer(ana).press('Enter');
  const edited = messages(bruno).filter({ hasText: 'o cliente respondeu?' });
  await expect(edited.getByTestId('chat-message-edited')).toHaveText('(editada)');

  const toDelete = messages(ana).filter({ hasText: 'o cliente respondeu?' });
  await toDelete.hover();
  await toDelete.getByRole('button', { name: 'Apagar' }).click();
  await ana.getByTestId('chat-confirm').getByRole('button', { name: 'Apagar' }).click();
  await expect(messages(bruno).getByTestId('chat-message-deleted')).toHaveText('Mensagem apagada');
  await expect(messages(bruno).filter({ hasText: 'o cliente respondeu?' })).toHaveCount(0);

  await ana.context().close();
  await bruno.context().close();
});

test('a three-member room with a mention and an upload', async ({ browser }) => {
  const ana = await signIn(browser, 'ana');
  const bruno = await signIn(browser, 'bruno');
  const eva = await signIn(browser, 'eva');

  await ana.getByRole('button', { name: 'Nova sala' }).click();
  const dialog = ana.getByTestId('chat-new-room');
  await dialog.getByLabel('Nome da sala').fill('Plantão');
  await dialog.getByRole('checkbox', { name: 'Bruno Agente' }).check();
  await dialog.getByRole('checkbox', { name: 'Eva Agente' }).check();
  await dialog.getByRole('button', { name: 'Criar sala' }).click();
  await expect(ana.getByTestId('chat-room-title')).toHaveText('Plantão');

  // Mention from the autocomplete: Eva sees it as a mention of her, in the room and in her inbox.
  await composer(ana).pressSequentially('Eva, veja @Ev');
  await ana.getByTestId('chat-mention-suggestions').getByRole('option', { name: 'Eva Agente' }).click();
  await composer(ana).press('Enter');
  const room = roomItem(eva, 'Plantão');
  await expect(room.getByTestId('chat-room-mentions')).toHaveAttribute('data-count', '1');
  await eva.getByTestId('chat-mentions-tab').click();
  await expect(eva.getByTestId('chat-mentions')).toContainText('Eva, veja @Eva Agente');
  await eva.getByTestId('chat-mentions').getByRole('button').first().click();
  await expect(messages(eva).getByTestId('chat-mention')).toHaveText('@Eva Agente');

  // An upload: progress, then stored, with an image preview.
  await roomItem(bruno, 'Plantão').click();
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  await bruno
    .getByTestId('chat-file-input')
    .setInputFiles({ name: 'print.png', mimeType: 'image/png', buffer: png });
  const upload = bruno.getByTestId('chat-upload');
  await expect(upload).toHaveAttribute('data-state', 'done');
  await expect(upload.locator('img')).toBeVisible();

  // Sent with no text, it reaches Ana as an image loaded through her own signed link.
  await composer(bruno).press('Enter');
  const image = messages(ana).getByTestId('chat-message-attachment').getByRole('img', { name: 'print.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  await ana.context().close();
  await bruno.context().close();
  await eva.context().close();
});

test('a conversation reference shows its card to members who may see the conversation, only its number to others', async ({
  browser,
  request,
}) => {
  await connectChatwoot(request, 1);
  const ana = await signIn(browser, 'ana');
  const bruno = await signIn(browser, 'bruno');
  const eva = await signIn(browser, 'eva');

  await roomItem(ana, 'Plantão').click();
  await ana.getByRole('button', { name: 'Referenciar conversa' }).click();
  await ana.getByTestId('chat-reference-input').fill('1');
  await send(ana, 'Vejam esta conversa');

  // Conversation 1 is in inbox 1, which Bruno works: he gets the card, and it opens the conversation.
  await roomItem(bruno, 'Plantão').click();
  const card = messages(bruno)
    .filter({ hasText: 'Vejam esta conversa' })
    .getByTestId('chat-conversation-reference');
  await expect(card).toHaveAttribute('data-access', 'granted');
  await expect(card).toContainText('Conversa nº 1');
  await expect(card.getByTestId('chat-reference-open')).toHaveAttribute('href', /conversations\/1\b/);

  // Eva works other inboxes: the same message shows her only the number.
  await roomItem(eva, 'Plantão').click();
  const hidden = messages(eva)
    .filter({ hasText: 'Vejam esta conversa' })
    .getByTestId('chat-conversation-reference');
  await expect(hidden).toHaveAttribute('data-access', 'unavailable');
  await expect(hidden).toContainText('Você não tem acesso a esta conversa no Chatwoot.');
  await expect(hidden.getByTestId('chat-reference-open')).toHaveCount(0);

  await ana.context().close();
  await bruno.context().close();
  await eva.context().close();
});

test('the chat page has no serious axe violation, light and dark, and is shot for the docs', async ({
  browser,
}) => {
  const ana = await signIn(browser, 'ana');
  await roomItem(ana, 'Plantão').click();
  await expect(messages(ana).first()).toBeVisible();
  expect(await seriousViolations(ana)).toEqual([]);
  await ana.screenshot({ path: join(screenshots, 'chat-light.png') });

  await ana.getByLabel('Tema').selectOption('dark');
  await expect(ana.locator('html')).toHaveClass(/\bdark\b/);
  expect(await seriousViolations(ana)).toEqual([]);
  await ana.screenshot({ path: join(screenshots, 'chat-dark.png') });
  await ana.context().close();
});

test('the Dashboard Script panel at 360 px shows the chat, and its unread total reaches the launcher badge', async ({
  browser,
  request,
}) => {
  await connectChatwoot(request, 1);
  const bruno = await signIn(browser, 'bruno');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(
    `${CHATWOOT}/__sandbox/login?${new URLSearchParams({ email: 'ana.admin@acme.test', redirect: '/app/accounts/1/conversations/1' })}`,
  );
  await page.getByTestId('whatpro-hub-launcher').click();
  const hub = page.frameLocator('[data-testid="whatpro-hub-frame"]');
  await expect(hub.getByTestId('embed-root')).toHaveAttribute('data-phase', 'signed-in');
  await expect(hub.getByTestId('chat-room-list')).toBeVisible();
  await page.keyboard.press('Escape');

  await roomItem(bruno, 'Ana Admin').click();
  await send(bruno, 'Ana, preciso de ajuda no painel');
  await expect(page.getByTestId('whatpro-hub-badge')).toHaveText('1');

  // "Discutir internamente" beside the open conversation opens its discussion room.
  await page.getByTestId('whatpro-hub-launcher').click();
  await hub.getByTestId('chat-discuss-button').click();
  await expect(hub.getByTestId('chat-room-title')).toBeVisible();
  await expect(hub.getByTestId('chat-conversation')).toBeVisible();

  await page.setViewportSize({ width: 360, height: 740 });
  // At 360 px the room's header and the composer fit: nothing cut off, nothing scrolling sideways.
  await expect(hub.getByTestId('chat-composer')).toBeVisible();
  expect(await overflows(hub.getByTestId('chat-conversation').locator('header'))).toBe(false);
  expect(await overflows(hub.getByTestId('chat-composer'))).toBe(false);
  await page.screenshot({ path: join(screenshots, 'chat-panel-360.png') });
  await context.close();
  await bruno.context().close();
});

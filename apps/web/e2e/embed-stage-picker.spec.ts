import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { CHATWOOT, createSandboxConversation, setSandboxStatus } from './sandbox-control';

const HUB = 'http://127.0.0.1:3100';
const screenshots = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');
const ANA_TOKEN = 'sandbox-token-ana-admin';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1280, height: 800 } });

interface Card {
  id: string;
  board_id: string;
  stage_id: string;
}
interface Board {
  id: string;
  name: string;
  archived_at: string | null;
  stages: { id: string; name: string; maps_status: string | null }[];
}

let accessToken: string;

async function api(request: APIRequestContext, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) {
  const response = await request.fetch(`${HUB}/api/v1/accounts/1${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

/** The card the picker shows: the first board, in the API's order, holding a card of the conversation. */
async function conversationCard(request: APIRequestContext, displayId: number) {
  const { boards } = (await api(request, 'GET', '/boards')) as { boards: Board[] };
  for (const board of boards.filter((item) => item.archived_at === null)) {
    const { cards } = (await api(
      request,
      'GET',
      `/boards/${board.id}/cards?conversation_display_id=${displayId}`,
    )) as { cards: Card[] };
    const [card] = cards;
    if (card) return { board, card };
  }
  return null;
}

test.beforeAll(async ({ request }) => {
  const sso = await request.post(`${HUB}/api/v1/auth/sso`, { data: { api_access_token: ANA_TOKEN } });
  accessToken = ((await sso.json()) as { access_token: string }).access_token;
  // Connected as an administrator would, so a conversation created in Chatwoot becomes a card.
  await api(request, 'PUT', '/chatwoot/connection', { api_access_token: ANA_TOKEN });
  await api(request, 'POST', '/boards', {
    name: 'Funil do cabeçalho',
    stages: [
      { name: 'Novo', colour: '#f59e0b', maps_status: 'pending' },
      { name: 'Em conversa', colour: '#1f93ff', maps_status: 'open', is_in_progress: true, sla_hours: 24 },
      { name: 'Fechado', colour: '#22c55e', maps_status: 'resolved', is_done: true },
    ],
  });
});

const picker = (page: Page) => page.frameLocator('[data-testid="whatpro-hub-stage-picker"]');

/** What axe finds serious or critical (WCAG 2.x A and AA) in the picker's page. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .include(['[data-testid="whatpro-hub-stage-picker"]', 'html'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Resolves once the sandbox has redrawn the conversation header (it does every 4 s) after this call. */
async function nextHeaderRedraw(page: Page): Promise<void> {
  await page.evaluate(() => {
    const title = document.querySelector('.conversation-header h2');
    if (!title) throw new Error('no conversation header');
    title.setAttribute('data-before-redraw', '');
  });
  await expect(page.locator('.conversation-header h2[data-before-redraw]')).toHaveCount(0, {
    timeout: 10_000,
  });
}

test("the stage picker in Chatwoot's conversation header shows the card's stage, moves it, and lives through header redraws", async ({
  page,
  request,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const pickerLoads: string[] = [];
  page.on('request', (sent) => {
    if (sent.resourceType() === 'document' && sent.url().startsWith(`${HUB}/embed/stage-picker`)) {
      pickerLoads.push(sent.url());
    }
  });

  const displayId = await createSandboxConversation(request, {
    status: 'open',
    contactName: 'Cliente do Cabeçalho',
    message: 'Olá',
  });
  await expect.poll(async () => (await conversationCard(request, displayId)) !== null).toBe(true);
  const found = await conversationCard(request, displayId);
  if (!found) throw new Error('the conversation has no card');
  const { board, card } = found;

  const query = new URLSearchParams({
    email: 'ana.admin@acme.test',
    redirect: `/app/accounts/1/conversations/${displayId}`,
  });
  await page.goto(`${CHATWOOT}/__sandbox/login?${query}`);
  const stage = picker(page).getByLabel('Etapa', { exact: true });
  await expect(stage).toHaveValue(card.stage_id);
  await expect(picker(page).getByTestId('kanban-conversation-stage')).toContainText(board.name);

  // The frame lies over its slot at the header's end, beside Chatwoot's own controls.
  const frameBox = await page.getByTestId('whatpro-hub-stage-picker').boundingBox();
  const headerBox = await page.locator('.conversation-header').boundingBox();
  if (!frameBox || !headerBox) throw new Error('header or picker not laid out');
  expect(frameBox.y).toBeGreaterThanOrEqual(headerBox.y);
  expect(frameBox.y + frameBox.height).toBeLessThanOrEqual(headerBox.y + headerBox.height + 1);
  expect(frameBox.x + frameBox.width).toBeLessThanOrEqual(headerBox.x + headerBox.width + 1);
  await expect(page.getByRole('button', { name: /Resolve|Reopen/ })).toBeVisible();
  await page
    .locator('.conversation-header')
    .screenshot({ path: join(screenshots, 'embed-stage-picker.png') });

  // A header redraw moves only the slot: the same document stays in the frame, and it is not loaded again.
  const frame = page.frame({ url: (url) => url.href.startsWith(`${HUB}/embed/stage-picker`) });
  if (!frame) throw new Error('the stage picker frame is missing');
  await frame.evaluate(() => {
    (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
  });
  await nextHeaderRedraw(page);
  await expect(
    page.locator('.conversation-header [data-testid="whatpro-hub-stage-picker-slot"]'),
  ).toHaveCount(1);
  expect(await frame.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  expect(pickerLoads).toHaveLength(1);

  const target = board.stages.find((item) => item.id !== card.stage_id);
  if (!target) throw new Error('the board has a single stage');
  await stage.selectOption(target.id);
  await expect.poll(async () => (await conversationCard(request, displayId))?.card.stage_id).toBe(target.id);
  await nextHeaderRedraw(page);
  await expect(stage).toHaveValue(target.id);
  expect(await seriousViolations(page)).toEqual([]);

  // A status change in Chatwoot lets the automation move the card; the card event brings the new stage into
  // the header well before the 30 s look-again, in the same document.
  const status = (['resolved', 'pending', 'open'] as const).find((value) =>
    board.stages.some((item) => item.maps_status === value && item.id !== target.id),
  );
  if (!status) throw new Error('the board maps no other status to a stage');
  await setSandboxStatus(request, displayId, status);
  await expect
    .poll(async () => (await conversationCard(request, displayId))?.card.stage_id, { timeout: 15_000 })
    .not.toBe(target.id);
  const automated = (await conversationCard(request, displayId))?.card.stage_id;
  await expect(stage).toHaveValue(automated ?? '', { timeout: 5_000 });
  expect(pickerLoads).toHaveLength(1);

  // Chatwoot's dark mode reaches the live frame too.
  await page.getByTestId('theme-toggle').click();
  await expect(picker(page).locator('html')).toHaveClass(/\bdark\b/);
  expect(await seriousViolations(page)).toEqual([]);
  await page
    .locator('.conversation-header')
    .screenshot({ path: join(screenshots, 'embed-stage-picker-dark.png') });
  await page.getByTestId('theme-toggle').click();

  // Another conversation reaches the same frame as a message: it shows that conversation, without a reload.
  await page.locator('a[data-display-id="1"]').click();
  await expect(page.locator('a.conversation-item.active[data-display-id="1"]')).toBeVisible();
  await expect(picker(page).locator(`[data-card-id="${card.id}"]`)).toHaveCount(0);
  expect(await frame.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  expect(pickerLoads).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('with the header markup gone, the page works as before and no picker is made', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Chatwoot's markup changed: the sandbox draws its conversation header without the class the script looks for.
  await page.route(`${CHATWOOT}/packs/sandbox/dashboard.js`, async (route) => {
    const original = await route.fetch();
    const body = (await original.text()).replace("{ class: 'conversation-header', id:", '{ id:');
    expect(body).not.toContain("class: 'conversation-header'");
    await route.fulfill({ response: original, body });
  });
  const query = new URLSearchParams({
    email: 'ana.admin@acme.test',
    redirect: '/app/accounts/1/conversations/1',
  });
  await page.goto(`${CHATWOOT}/__sandbox/login?${query}`);
  await expect(page.locator('#conversation-header h2')).toBeVisible();
  await page.getByTestId('whatpro-hub-launcher').click();
  await expect(
    page.frameLocator('[data-testid="whatpro-hub-frame"]').getByTestId('embed-root'),
  ).toHaveAttribute('data-phase', 'signed-in');
  await expect(page.getByTestId('whatpro-hub-stage-picker')).toHaveCount(0);
  await expect(page.getByTestId('toggle-status')).toBeEnabled();
  expect(errors).toEqual([]);
});

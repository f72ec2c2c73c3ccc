import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { createSandboxConversation, setSandboxStatus } from './sandbox-control';

const HUB = 'http://127.0.0.1:3100';
const screenshots = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');
const ANA_TOKEN = 'sandbox-token-ana-admin';

// One board shared by the tests below, which build on each other's moves.
test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.use({ viewport: { width: 1280, height: 800 } });

interface BoardStage {
  id: string;
  name: string;
}
interface Board {
  id: string;
  stages: BoardStage[];
}

let board: Board;
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

test.beforeAll(async ({ request }) => {
  const sso = await request.post(`${HUB}/api/v1/auth/sso`, { data: { api_access_token: ANA_TOKEN } });
  accessToken = ((await sso.json()) as { access_token: string }).access_token;
  // Connected as an administrator would: the webhook reaches the Hub and conversations are mirrored.
  await api(request, 'PUT', '/chatwoot/connection', { api_access_token: ANA_TOKEN });
  board = (await api(request, 'POST', '/boards', {
    name: 'Funil E2E',
    is_default: true,
    stages: [
      { name: 'Aguardando', colour: '#f59e0b', maps_status: 'pending' },
      { name: 'Em atendimento', colour: '#1f93ff', maps_status: 'open', is_in_progress: true, sla_hours: 24 },
      { name: 'Resolvido', colour: '#22c55e', maps_status: 'resolved', is_done: true },
    ],
  })) as Board;
  await api(request, 'POST', `/boards/${board.id}/cards`, {
    title: 'Proposta Alfa',
    stage_id: board.stages[0]?.id,
  });
  await api(request, 'POST', `/boards/${board.id}/cards`, {
    title: 'Proposta Beta',
    stage_id: board.stages[0]?.id,
  });
});

async function openBoard(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  await page.goto('/kanban');
  await page.getByLabel('Token de acesso do Chatwoot').fill(ANA_TOKEN);
  await page.getByRole('button', { name: 'Entrar com o Chatwoot' }).click();
  await page.getByLabel('Quadro', { exact: true }).selectOption({ label: 'Funil E2E' });
  await expect(page.getByTestId('kanban-screens')).toHaveAttribute('data-board-id', board.id);
  return page;
}

const column = (page: Page, index: number) =>
  page.locator(`[data-testid="kanban-column"][data-stage-id="${board.stages[index]?.id}"]`);
/** A card tile, not the hidden copy dnd-kit keeps in place while a drop animates. */
const cardIn = (page: Page, index: number, title: string) =>
  column(page, index)
    .locator('[data-testid="kanban-card"]:not([data-dnd-placeholder])')
    .filter({ hasText: title });

test('a card dragged by mouse and by keyboard moves, and a second browser sees both moves live', async ({
  browser,
}) => {
  const ana = await openBoard(browser);
  const watcher = await openBoard(browser);
  await expect(cardIn(watcher, 0, 'Proposta Alfa')).toBeVisible();

  // Mouse: pick the card by its handle and drop it on the second column.
  const handle = cardIn(ana, 0, 'Proposta Alfa').getByRole('button', { name: /Arrastar Proposta Alfa/ });
  const from = await handle.boundingBox();
  const to = await column(ana, 1).boundingBox();
  if (!from || !to) throw new Error('board not laid out');
  await ana.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await ana.mouse.down();
  await ana.mouse.move(from.x + 40, from.y + 20, { steps: 5 });
  await ana.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
  await ana.mouse.up();
  await expect(cardIn(ana, 1, 'Proposta Alfa')).toBeVisible();
  await expect(cardIn(watcher, 1, 'Proposta Alfa')).toBeVisible();
  await expect(cardIn(watcher, 0, 'Proposta Alfa')).toHaveCount(0);

  // Keyboard: Space picks the card up, arrows carry it one column right, Space drops it. The mouse drag
  // must have finished (its move answered and announced) first: a drag cannot start while one ends.
  await expect(ana.getByTestId('kanban-announcement')).toHaveText('Proposta Alfa movido para Em atendimento');
  const keyHandle = cardIn(ana, 0, 'Proposta Beta').getByRole('button', { name: /Arrastar Proposta Beta/ });
  await keyHandle.focus();
  await ana.keyboard.press('Space');
  await expect(keyHandle).toHaveAttribute('aria-pressed', 'true');
  for (let step = 0; step < 32; step += 1) await ana.keyboard.press('ArrowRight');
  await ana.keyboard.press('Space');
  await expect(cardIn(ana, 1, 'Proposta Beta')).toBeVisible();
  await expect(cardIn(watcher, 1, 'Proposta Beta')).toBeVisible();

  // The "Mover para…" menu is the other keyboard path.
  await cardIn(ana, 1, 'Proposta Beta').getByLabel('Mover para…').selectOption({ label: 'Resolvido' });
  await expect(cardIn(watcher, 2, 'Proposta Beta')).toBeVisible();
  await expect(ana.getByTestId('kanban-announcement')).toHaveText('Proposta Beta movido para Resolvido');

  // The history in the drawer tells the moves.
  await cardIn(ana, 2, 'Proposta Beta').getByRole('button', { name: 'Proposta Beta', exact: true }).click();
  const history = ana.getByTestId('kanban-history');
  await expect(history).toContainText('Em atendimento → Resolvido');
  await expect(history).toContainText('Aguardando → Em atendimento');
  await ana.getByRole('button', { name: 'Fechar' }).click();
  await ana.context().close();
  await watcher.context().close();
});

test('a conversation created in Chatwoot arrives as a card and moves live with its status', async ({
  browser,
  request,
}) => {
  const page = await openBoard(browser);
  const displayId = await createSandboxConversation(request, {
    status: 'pending',
    contactName: 'Cliente Ao Vivo',
    message: 'Oi!',
  });
  await expect(cardIn(page, 0, 'Cliente Ao Vivo')).toBeVisible();

  await setSandboxStatus(request, displayId, 'resolved');
  await expect(cardIn(page, 2, 'Cliente Ao Vivo')).toBeVisible({ timeout: 10_000 });
  await expect(cardIn(page, 0, 'Cliente Ao Vivo')).toHaveCount(0);
  await setSandboxStatus(request, displayId, 'open');
  await expect(cardIn(page, 1, 'Cliente Ao Vivo')).toBeVisible({ timeout: 10_000 });
  await page.context().close();
});

test('the board has no serious accessibility violations, and screenshots in light and dark', async ({
  browser,
}) => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await openBoard(browser, scheme);
    await expect(page.getByTestId('kanban-card').first()).toBeVisible();
    if (scheme === 'light') {
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => ({
          rule: violation.id,
          nodes: violation.nodes.map((node) => node.target.join(' ')),
        }));
      expect(serious).toEqual([]);
    }
    await page.screenshot({ path: join(screenshots, `kanban-board-${scheme}.png`) });
    await page.getByRole('tab', { name: 'Métricas' }).click();
    await expect(page.getByTestId('kanban-metrics').locator('.recharts-surface').first()).toBeVisible();
    await page.screenshot({ path: join(screenshots, `kanban-metrics-${scheme}.png`) });
    await page.context().close();
  }
});

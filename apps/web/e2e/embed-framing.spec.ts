import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

const HUB = 'http://127.0.0.1:3100';

/** A "Chatwoot" on an origin the Hub was not configured with: it loads the script like DASHBOARD_SCRIPTS. */
let other: Server;
let otherOrigin: string;

test.beforeAll(async () => {
  other = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="pt-BR"><title>Chatwoot</title>
<script>document.cookie = 'cw_d_session_info=' + encodeURIComponent(JSON.stringify({
  'access-token': 'tok', client: 'cli', uid: 'ana.admin@acme.test', expiry: '1893456000' })) + '; path=/';</script>
<body><script src="${HUB}/embed.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => other.close(resolve));
});

test('a Hub that refuses to be framed by the page says so and names the origin to configure', async ({
  page,
}) => {
  await page.goto(`${otherOrigin}/app/accounts/1/conversations/1`);
  await page.getByTestId('whatpro-hub-launcher').click();
  await expect(page.getByTestId('whatpro-hub-panel').getByRole('status')).toContainText(
    `O WhatPro Hub não aceita ser aberto nesta página (${otherOrigin}). Configure CHATWOOT_URL=${otherOrigin} no Hub.`,
    { timeout: 20_000 },
  );
});

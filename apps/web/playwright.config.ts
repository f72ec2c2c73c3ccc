import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const externalBaseUrl = process.env.E2E_BASE_URL;
const hubUrl = 'http://127.0.0.1:3100';
/** The Chatwoot sandbox plays the tenant's Chatwoot: it loads the Dashboard Script and frames the Hub. */
const chatwootUrl = 'http://127.0.0.1:3101';

/**
 * Playwright evaluates this file again in each worker process. The fresh data folder is made once,
 * in the runner, and handed to the workers through the environment they inherit.
 */
function freshDataDir(): string {
  const existing = process.env.WHATPRO_E2E_DATA_DIR;
  if (existing) return existing;
  const root = join(import.meta.dirname, '.tmp', 'e2e');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'hub-'));
  process.env.WHATPRO_E2E_DATA_DIR = dir;
  return dir;
}

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['./e2e/plain-summary-reporter.ts']],
  use: {
    baseURL: externalBaseUrl ?? hubUrl,
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // With E2E_BASE_URL the tests target a server someone else started, so none is launched here.
  webServer: externalBaseUrl
    ? undefined
    : [
        {
          command: 'node --import tsx ../../tools/chatwoot-sandbox/src/cli.ts',
          url: `${chatwootUrl}/__sandbox/config`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'pipe',
          stderr: 'pipe',
          env: {
            SANDBOX_PORT: '3101',
            SANDBOX_HOST: '127.0.0.1',
            SANDBOX_PUBLIC_URL: chatwootUrl,
            SANDBOX_DASHBOARD_SCRIPT_URL: `${hubUrl}/embed.js`,
            SANDBOX_DASHBOARD_APP_URL: `${hubUrl}/embed/dashboard-app`,
          },
        },
        {
          command: 'node --import tsx ../server/src/main.ts',
          url: `${hubUrl}/health/ready`,
          reuseExistingServer: false,
          // A fresh data folder means initdb and every migration; on a busy machine that takes over a minute.
          timeout: 180_000,
          stdout: 'pipe',
          stderr: 'pipe',
          env: {
            PORT: '3100',
            HOST: '127.0.0.1',
            PUBLIC_URL: hubUrl,
            CHATWOOT_URL: chatwootUrl,
            DATA_DIR: freshDataDir(),
            NODE_ENV: 'test',
            LOG_LEVEL: 'warn',
          },
        },
      ],
});

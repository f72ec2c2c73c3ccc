// `npm start`: one command for a working Hub. Builds what changed since the last build (the server and
// the sandbox run as JavaScript from their dist/), starts the Chatwoot sandbox when no CHATWOOT_URL is
// configured, then starts the Hub (which migrates at boot).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoLogging, readableLogStream } from './demo-logs.mjs';

const root = resolve(import.meta.dirname, '..');
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

// Build when the sources are newer than the build: the server (drizzle-orm is bundled, hence the lockfile),
// the sandbox when it will run, the web app and the Dashboard Script the Hub serves.
const withSandbox = !process.env.CHATWOOT_URL;
const builds = [
  {
    workspace: '@whatpro/server',
    output: 'apps/server/dist/main.js',
    sources: ['apps/server/src', 'apps/server/build.ts', 'packages/contracts/src', 'package-lock.json'],
  },
  ...(withSandbox
    ? [
        {
          workspace: '@whatpro/chatwoot-sandbox',
          output: 'tools/chatwoot-sandbox/dist/cli.js',
          sources: ['tools/chatwoot-sandbox/src', 'tools/chatwoot-sandbox/build.ts'],
        },
      ]
    : []),
  {
    workspace: '@whatpro/web',
    output: 'apps/web/dist/index.html',
    sources: ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'packages/contracts/src'],
  },
  { workspace: '@whatpro/embed', output: 'packages/embed/dist/embed.js', sources: ['packages/embed/src'] },
];
for (const build of builds) {
  const stale =
    newestChange(join(root, build.output)) <
    Math.max(...build.sources.map((path) => newestChange(join(root, path))));
  if (!stale) continue;
  console.log(`Building ${build.workspace}…`);
  const result = spawnSync('npm', ['run', 'build', '-w', build.workspace], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 200).unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

const logging = demoLogging(process.env);

/** Starts a built entry as a child; if it dies on its own, everything stops with it. */
function supervise(name, entry, env) {
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.pipe(logging.readable ? readableLogStream() : process.stdout);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} stopped (exit ${code}); stopping everything.`);
      stopAll(code ?? 1);
    } else if (children.every((other) => other.exitCode !== null)) {
      process.exit(0);
    }
  });
  children.push(child);
  return child;
}

function waitForOutput(child, pattern) {
  return new Promise((resolveLine) => {
    let seen = '';
    child.stdout?.on('data', (chunk) => {
      seen += chunk;
      if (pattern.test(seen)) resolveLine();
    });
  });
}

const hubEnv = { ...logging.hubEnv };
const hubUrl = process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
if (withSandbox) {
  const sandboxPort = process.env.SANDBOX_PORT ?? '3001';
  const sandboxUrl = `http://localhost:${sandboxPort}`;
  console.log(`No CHATWOOT_URL configured: starting the Chatwoot sandbox with demo data at ${sandboxUrl}`);
  const sandbox = supervise('Chatwoot sandbox', 'tools/chatwoot-sandbox/dist/cli.js', {
    SANDBOX_PORT: sandboxPort,
    SANDBOX_PUBLIC_URL: sandboxUrl,
    // The sandbox's Chatwoot pages load the Hub exactly as a real installation would.
    SANDBOX_DASHBOARD_SCRIPT_URL: `${hubUrl}/embed.js`,
    SANDBOX_DASHBOARD_APP_URL: `${hubUrl}/embed/dashboard-app`,
  });
  await waitForOutput(sandbox, /listening on/);
  hubEnv.CHATWOOT_URL = sandboxUrl;
  console.log(
    'To use a real Chatwoot instead, set CHATWOOT_URL in .env (see README, "Point the Hub at your Chatwoot").\n',
  );
}

const hub = supervise('WhatPro Hub', 'apps/server/dist/main.js', hubEnv);

if (hubEnv.CHATWOOT_URL) {
  await waitForOutput(hub, /running at/);
  await connectDemoAccounts(hubEnv.CHATWOOT_URL, hubUrl);
  console.log(`Open ${hubEnv.CHATWOOT_URL}/app/login to see the Hub inside the sandbox's Chatwoot.`);
}

/**
 * Demo only: each sandbox account gets a default board "Atendimento" before it is connected, so the
 * conversations the connection mirrors arrive as cards and move with their status at once. An account
 * that has a board already keeps its boards as they are.
 */
async function ensureDemoBoard(hubUrl, accountId, accessToken) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const existing = await fetch(`${hubUrl}/api/v1/accounts/${accountId}/boards?archived=true`, { headers });
  if (!existing.ok || (await existing.json()).boards.length > 0) return;
  await fetch(`${hubUrl}/api/v1/accounts/${accountId}/boards`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'Atendimento',
      description: 'Quadro de demonstração: os cartões seguem o status e a etiqueta "lead" das conversas.',
      is_default: true,
      loss_reasons: ['Preço', 'Sem resposta', 'Escolheu a concorrência'],
      stages: [
        { name: 'Aguardando', colour: '#f59e0b', maps_status: 'pending' },
        { name: 'Em atendimento', colour: '#1f93ff', maps_status: 'open', is_in_progress: true },
        { name: 'Lead', colour: '#8b5cf6', maps_label: 'lead', is_in_progress: true },
        { name: 'Resolvido', colour: '#22c55e', maps_status: 'resolved', is_done: true },
      ],
    }),
  });
}

/**
 * Demo only: each sandbox account is connected through the Hub's own API, as its administrator would do
 * it, so the Hub registers its webhook in the sandbox and syncs inboxes and agents.
 */
async function connectDemoAccounts(chatwootUrl, hubUrl) {
  const credentials = await (await fetch(`${chatwootUrl}/__sandbox/credentials`)).json();
  const connected = [];
  for (const user of credentials.users) {
    for (const account of user.accounts.filter(
      (a) => a.role === 'administrator' && !connected.includes(a.id),
    )) {
      const sso = await fetch(`${hubUrl}/api/v1/auth/sso`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_access_token: user.accessToken }),
      });
      if (!sso.ok) continue;
      const { access_token } = await sso.json();
      await ensureDemoBoard(hubUrl, account.id, access_token);
      const connection = await fetch(`${hubUrl}/api/v1/accounts/${account.id}/chatwoot/connection`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ api_access_token: user.accessToken }),
      });
      if (connection.ok) connected.push(account.id);
    }
  }
  console.log(
    connected.length > 0
      ? `Demo accounts ${connected.join(', ')} connected: the Hub's webhook is registered in the sandbox.`
      : 'Could not connect the demo accounts to the sandbox (see the Hub log).',
  );
}

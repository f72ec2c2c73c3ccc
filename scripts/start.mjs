// `npm start`: one command for a working Hub. Builds the web app when its sources changed, starts the
// Chatwoot sandbox when no CHATWOOT_URL is configured, then starts the Hub (which migrates at boot).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

const webDist = join(root, 'apps/web/dist/index.html');
const webSources = ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'packages/contracts/src'];
if (newestChange(webDist) < Math.max(...webSources.map((path) => newestChange(join(root, path))))) {
  console.log('Building the web app…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@whatpro/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
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

function run(name, args, env) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
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

const hubEnv = {};
if (!process.env.CHATWOOT_URL) {
  const sandboxPort = process.env.SANDBOX_PORT ?? '3001';
  const sandboxUrl = `http://localhost:${sandboxPort}`;
  console.log(`No CHATWOOT_URL configured: starting the Chatwoot sandbox with demo data at ${sandboxUrl}`);
  const sandbox = spawn(process.execPath, ['--import', 'tsx', 'tools/chatwoot-sandbox/src/cli.ts'], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: sandboxPort, SANDBOX_PUBLIC_URL: sandboxUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  sandbox.stdout.pipe(process.stdout);
  sandbox.on('exit', (code) => {
    if (!stopping) {
      console.error(`Chatwoot sandbox stopped (exit ${code}); stopping everything.`);
      stopAll(code ?? 1);
    }
  });
  children.push(sandbox);
  await waitForOutput(sandbox, /listening on/);
  hubEnv.CHATWOOT_URL = sandboxUrl;
  console.log(
    'To use a real Chatwoot instead, set CHATWOOT_URL in .env (see README, "Point the Hub at your Chatwoot").\n',
  );
}

run('WhatPro Hub', ['apps/server/src/main.ts'], hubEnv);

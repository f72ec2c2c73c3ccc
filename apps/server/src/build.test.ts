import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildServer } from '../build';

const serverRoot = resolve(import.meta.dirname, '..');
const migrationCount = JSON.parse(readFileSync(join(serverRoot, 'drizzle/meta/_journal.json'), 'utf8'))
  .entries.length as number;
const serverVersion = JSON.parse(readFileSync(join(serverRoot, 'package.json'), 'utf8')).version as string;

/** Runs a built entry with plain `node` (no tsx) on its own PGlite folder, without PostgreSQL or Redis. */
function runBuilt(entry: string, dataDir: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    CHATWOOT_URL: 'http://127.0.0.1:9',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_OPTIONS;
  return spawn(process.execPath, [entry], { env, cwd: tmpdir() });
}

function outputOf(child: ReturnType<typeof runBuilt>, until?: RegExp): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (until?.test(output)) resolveOutput(output);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && !until ? resolveOutput(output) : reject(new Error(output))));
  });
}

describe('the production build (npm run build)', () => {
  // Inside the repository (in the git-ignored .tmp/), so the bundle resolves node_modules as dist/main.js does.
  mkdirSync(join(serverRoot, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(join(serverRoot, '.tmp', 'build-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'whatpro-build-'));
  after(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the built migrate CLI and server run on plain node: migrations from drizzle/, version from package.json', async () => {
    await buildServer(outdir);

    const migrated = await outputOf(runBuilt(join(outdir, 'migrate-cli.js'), dataDir));
    assert.match(migrated, /migrations applied \(pglite\)/);

    const server = runBuilt(join(outdir, 'main.js'), dataDir);
    try {
      const started = await outputOf(server, /running at (http:\/\/\S+)/);
      const address = started.match(/running at (http:\/\/\S+)/)?.[1] ?? '';
      const ready = await fetch(`${address}/health/ready`);
      assert.equal(ready.status, 200);
      const meta = (await (await fetch(`${address}/api/v1/meta`)).json()) as {
        version: string;
        schema: { applied_migrations: number };
      };
      assert.equal(meta.version, serverVersion);
      assert.equal(meta.schema.applied_migrations, migrationCount);
    } finally {
      server.kill('SIGTERM');
    }
  });
});

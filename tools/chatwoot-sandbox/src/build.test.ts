import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildSandbox } from '../build.js';

const sandboxRoot = resolve(import.meta.dirname, '..');

describe('the build (npm run build)', () => {
  // Inside the repository (in the git-ignored .tmp/), so the build resolves fastify and zod as dist/ does.
  mkdirSync(join(sandboxRoot, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(join(sandboxRoot, '.tmp', 'build-'));
  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('the built CLI runs on plain node and serves the page assets copied beside it', async () => {
    await buildSandbox(outdir);
    const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PORT: '0' };
    delete env.NODE_OPTIONS;
    const cli = spawn(process.execPath, [join(outdir, 'cli.js')], { env });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) resolveUrl(match[1]);
        };
        cli.stdout.on('data', collect);
        cli.stderr.on('data', collect);
        cli.on('exit', () => reject(new Error(output)));
      });
      const asset = await fetch(`${url}/packs/sandbox/login.js`);
      assert.equal(asset.status, 200);
      assert.equal(await asset.text(), readFileSync(join(sandboxRoot, 'src/public/login.js'), 'utf8'));
      assert.equal((await fetch(`${url}/app/login`)).status, 200);
    } finally {
      cli.kill('SIGTERM');
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const cliPath = resolve(import.meta.dirname, 'cli.ts');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the sandbox CLI', () => {
  it('prints only the advertised origin, never the listen address, so every printed link can frame the Hub', async () => {
    const port = await freePort();
    const cli = spawn(process.execPath, ['--import', 'tsx', cliPath], {
      env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_PUBLIC_URL: `http://localhost:${port}` },
    });
    try {
      const output = await new Promise<string>((resolveOutput, reject) => {
        let seen = '';
        cli.stdout.on('data', (chunk: Buffer) => {
          seen += chunk;
          if (seen.includes('is suspended')) resolveOutput(seen);
        });
        cli.on('exit', () => reject(new Error(seen)));
      });
      assert.match(output, new RegExp(`listening on http://localhost:${port}\\n`));
      assert.match(output, new RegExp(`dashboard: http://localhost:${port}/app/login`));
      assert.doesNotMatch(output, /127\.0\.0\.1/);
    } finally {
      cli.kill('SIGTERM');
    }
  });
});

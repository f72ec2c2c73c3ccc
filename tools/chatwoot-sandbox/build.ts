// `npm run build`: compiles the sandbox to dist/ file by file (its imports already name `.js` files) and
// copies the page assets beside it, so `npm start` runs JavaScript without tsx.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

/** `outdir` must stay inside the repository, so the packages the sandbox imports resolve from it. */
export async function buildSandbox(outdir = resolve(root, 'dist')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  const sources = readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' }).filter(
    (path) => path.endsWith('.ts') && !path.endsWith('.test.ts'),
  );
  await build({
    absWorkingDir: root,
    entryPoints: sources.map((path) => `src/${path}`),
    outdir,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  cpSync(join(root, 'src/public'), join(outdir, 'public'), { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSandbox();

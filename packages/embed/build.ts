// Bundles the Dashboard Script: one minified IIFE, no dependencies, for Chatwoot's DASHBOARD_SCRIPTS.
// `node --import tsx build.ts` writes dist/embed.js and, beside it, the Inter the Hub serves to the script's
// shadow root (dist/inter.woff2); `--watch` rebuilds on change.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, context } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

export const buildOptions: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/embed.js',
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2019'],
  platform: 'browser',
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'info',
};

/** The bundle as text, without writing it (the size test measures this). */
export async function bundleText(): Promise<string> {
  const result = await build({ ...buildOptions, write: false, logLevel: 'silent' });
  const [output] = result.outputFiles ?? [];
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}

/** Inter's Latin subset (Portuguese and English), variable weight: the file the web app uses too. */
export const INTER_SOURCE = createRequire(import.meta.url).resolve(
  '@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(`${root}/dist`, { recursive: true });
  copyFileSync(INTER_SOURCE, `${root}/dist/inter.woff2`);
  if (process.argv.includes('--watch')) {
    const watcher = await context(buildOptions);
    await watcher.watch();
  } else {
    await build(buildOptions);
  }
}

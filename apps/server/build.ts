// `npm run build`: bundles the server into dist/main.js (the Hub) and dist/migrate-cli.js (`db:migrate`), so
// production runs JavaScript without tsx. A bundle rather than tsc's file-per-file output, because the
// sources import without extensions and @whatpro/contracts ships TypeScript, neither of which Node loads.
// Packages from node_modules stay external and load from node_modules, as in development, except
// drizzle-orm: Node parses its 179 kB package.json for each of the ~100 modules it loads, which cost ~2 s
// of CPU and ~100 MB of RSS at every boot (docs/PERFORMANCE.md, "Runtime").
// `node --import tsx build.ts [outdir]` (default dist/; it must stay inside the repository so those
// packages resolve).
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

const bundledPackages = /^(@whatpro\/|drizzle-orm(\/|$))/;

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, (args) =>
      bundledPackages.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * In a bundle every module shares the bundle's `import.meta`, so paths a source resolves from its own
 * folder (the migrations next to `src/db`, the repository root for `.data/`) would point elsewhere. Each
 * `import.meta.dirname` becomes the source's folder, computed from where the bundle runs; `url` and
 * `filename` are refused rather than silently wrong.
 */
function sourceDirname(outdir: string): Plugin {
  return {
    name: 'source-dirname',
    setup(bundle) {
      bundle.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (/import\.meta\.(url|filename)\b/.test(source)) {
          return { errors: [{ text: 'use import.meta.dirname: the bundle rewrites only that one' }] };
        }
        const fromBundle = JSON.stringify(relative(outdir, dirname(args.path)));
        return {
          contents: source.replaceAll(
            'import.meta.dirname',
            `__joinPath(import.meta.dirname, ${fromBundle})`,
          ),
          loader: 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

export async function buildServer(outdir = resolve(root, 'dist')): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts', 'src/db/migrate-cli.ts'],
    entryNames: '[name]',
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    banner: { js: "import { join as __joinPath } from 'node:path';" },
    plugins: [externalPackages, sourceDirname(outdir)],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildServer(process.argv[2] ? resolve(process.argv[2]) : undefined);
}

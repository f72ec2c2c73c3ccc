// Lists the *.test.ts files itself: `node --test` given a glob that matches nothing passes with 0 tests, so a
// moved or mistyped folder would pass silently; here it fails.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir = 'src', ...extra] = process.argv.slice(2);

function findTests(folder) {
  return readdirSync(folder).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = findTests(resolve(dir)).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dir}`);
  process.exit(1);
}
const exitWithoutTeardown = pathToFileURL(resolve(import.meta.dirname, 'exit-without-teardown.mjs')).href;
// node:test waits for a test forever by default: one that hangs would hold CI until its own limit, with
// nothing said of which test it was. Ten minutes is far beyond any test or suite here. (--test-force-exit is
// not used: it once ended a file's process before its second suite had run, with the run still green.)
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', exitWithoutTeardown, '--test', '--test-timeout=600000', ...extra, ...files],
  {
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

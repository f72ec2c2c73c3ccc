// S-PM-1: no postMessage call with the '*' target origin anywhere in our code. The Chatwoot sandbox
// (tools/chatwoot-sandbox/src) is exempt because it imitates Chatwoot, which posts its appContext to '*'.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { findStarTargets } from './testing/post-message-scan';

const repoRoot = resolve(import.meta.dirname, '../../..');
const SCANNED_ROOTS = ['packages', 'apps', 'tools', 'scripts', 'bench'];
const EXEMPT = [join('tools', 'chatwoot-sandbox', 'src')];
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'coverage',
  'test-results',
  'playwright-report',
  'results',
]);
const SOURCE_EXTENSIONS = new Set([
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.vue',
  '.html',
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    const rel = relative(repoRoot, path);
    if (entry.name.startsWith('.') || EXEMPT.some((exempt) => rel === exempt || rel.startsWith(exempt + sep)))
      return [];
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path);
    return entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
  });
}

// Fixtures are assembled at run time so this file does not match its own scan.
const call = (args: string) => `target.${'post'}Message(${args})`;

describe("no postMessage with a '*' target", () => {
  test('the scanner catches every spelling of the wildcard target', () => {
    for (const source of [
      call("msg, '*'"),
      call('msg, "*"'),
      call('msg, `*`'),
      call("{ type: 'x', nested: [1, (2)] },\n    '*'"),
      call("msg, '*', [port]"),
      call("msg, { targetOrigin: '*' }"),
      `page.evaluate("window.parent.${'post'}Message('chatwoot-dashboard-app:fetch-info', '*')")`,
    ]) {
      assert.equal(findStarTargets(source).length, 1, source);
    }
  });

  test('and leaves exact origins, a "*" inside the message, and other APIs alone', () => {
    for (const source of [
      call('msg, HUB_ORIGIN'),
      call("msg, 'https://chat.example.com'"),
      call('{ text: \'*\', glob: "a*b" }, origin'),
      call("'*'"),
      call("/* '*' */ msg, origin // '*'\n"),
      call("msg, { targetOrigin: origin, note: '*' }"),
      `sandbox.control.${'post'}Message({ accountId: 1, content: '*' })`,
    ]) {
      assert.deepEqual(findStarTargets(source), [], source);
    }
  });

  test('finds none in packages/, apps/, tools/ (except the sandbox), scripts/ and bench/', () => {
    const files = SCANNED_ROOTS.flatMap((root) => sourceFiles(join(repoRoot, root)));
    assert.ok(files.some((file) => file.endsWith(join('packages', 'embed', 'src', 'controller.ts'))));
    assert.ok(files.some((file) => file.includes(join('apps', 'web', 'src'))));
    assert.ok(!files.some((file) => file.includes(join('tools', 'chatwoot-sandbox', 'src'))));
    const offenders = files.flatMap((file) =>
      findStarTargets(readFileSync(file, 'utf8')).map(
        (hit) => `${relative(repoRoot, file)}:${hit.line}  ${hit.call.replace(/\s+/g, ' ')}`,
      ),
    );
    assert.deepEqual(offenders, []);
  });
});

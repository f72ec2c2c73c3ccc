import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults } from './test-summary.mjs';

const summary = (mark, { tests, pass, fail, cancelled }) =>
  [`${mark} tests ${tests}`, `${mark} suites 0`, `${mark} pass ${pass}`, `${mark} fail ${fail}`]
    .concat(`${mark} cancelled ${cancelled}`, `${mark} skipped 0`, `${mark} duration_ms 812.5`)
    .join('\n');

test("counts node:test's spec summary (ℹ lines, Node 23 and later)", () => {
  const output = `✔ one (1ms)\n✖ two (2ms)\n${summary('ℹ', { tests: 5, pass: 3, fail: 1, cancelled: 1 })}\n`;
  assert.deepEqual(countResults(output, 'node'), { passed: 3, failed: 2, found: true });
});

test("counts node:test's TAP summary (# lines, Node 20 off a terminal)", () => {
  const output = `TAP version 13\nok 1 - one\n1..4\n${summary('#', { tests: 4, pass: 4, fail: 0, cancelled: 0 })}\n`;
  assert.deepEqual(countResults(output, 'node'), { passed: 4, failed: 0, found: true });
});

test('reads CRLF line ends and takes the last summary, not a look-alike printed by a test', () => {
  const printedByTest = summary('ℹ', { tests: 99, pass: 99, fail: 0, cancelled: 0 });
  const real = summary('ℹ', { tests: 2, pass: 1, fail: 1, cancelled: 0 }).replaceAll('\n', '\r\n');
  assert.deepEqual(countResults(`${printedByTest}\n${real}\r\n`, 'node'), {
    passed: 1,
    failed: 1,
    found: true,
  });
});

test('a node run without a summary is reported as not found (the caller counts it as a failure)', () => {
  assert.deepEqual(countResults('Error: Cannot find module\n', 'node'), {
    passed: 0,
    failed: 0,
    found: false,
  });
});

test('counts the last `N passed, N failed` line of the other runners', () => {
  const output = '3 passed, 1 failed\nretrying\n7 passed, 0 failed\n';
  assert.deepEqual(countResults(output, 'plain'), { passed: 7, failed: 0, found: true });
  assert.deepEqual(countResults('no summary', 'plain'), { passed: 0, failed: 0, found: false });
});

// Reads a test runner's totals from its output. node:test ends with `# pass 3` lines (TAP: Node 20's
// reporter off a terminal) or `ℹ pass 3` lines (spec: the default from Node 23 on); vitest and the
// Playwright run print `N passed, N failed`. The last summary wins, so a test that prints a look-alike
// line earlier cannot change the count.

/**
 * @param {string} output everything the runner printed
 * @param {'node' | 'plain'} kind
 * @returns {{ passed: number, failed: number, found: boolean }}
 */
export function countResults(output, kind) {
  if (kind === 'node') {
    const last = (label) => [...output.matchAll(new RegExp(`^(?:#|ℹ) ${label} (\\d+)\\r?$`, 'gm'))].at(-1);
    const number = (label) => Number(last(label)?.[1] ?? 0);
    return {
      passed: number('pass'),
      failed: number('fail') + number('cancelled'),
      found: last('tests') !== undefined,
    };
  }
  const last = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  return last
    ? { passed: Number(last[1]), failed: Number(last[2]), found: true }
    : { passed: 0, failed: 0, found: false };
}

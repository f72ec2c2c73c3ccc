import type { FullConfig, Reporter, Suite, TestError } from '@playwright/test/reporter';

/**
 * CI counts tests from a final plain `N passed, N failed, N skipped` line; Playwright's own
 * reporters print their totals on separate, decorated lines.
 */
export default class PlainSummaryReporter implements Reporter {
  private root: Suite | null = null;
  private globalErrors = 0;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.root = suite;
  }

  // A web server that fails to start or a broken spec file runs no test; it still has to count as a failure.
  onError(_error: TestError): void {
    this.globalErrors++;
  }

  onEnd(): void {
    let passed = 0;
    let failed = this.globalErrors;
    let skipped = 0;
    for (const test of this.root?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      else if (outcome === 'unexpected') failed++;
      else skipped++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

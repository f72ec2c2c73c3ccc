// Runs every test suite of the repository and ends with one line CI can count: `total: N passed, N failed`.
// TEST_SUITES=server,sandbox picks suites; DATABASE_URL / REDIS_URL switch the server suites to PostgreSQL/Redis.
import { spawn } from 'node:child_process';
import { countResults } from './test-summary.mjs';

const suites = [
  { name: 'scripts', command: [process.execPath, '--test', 'scripts/*.test.mjs'], kind: 'node' },
  { name: 'contracts', command: ['npm', 'test', '-w', '@whatpro/contracts'], kind: 'node' },
  { name: 'server', command: ['npm', 'test', '-w', '@whatpro/server'], kind: 'node' },
  { name: 'sandbox', command: ['npm', 'test', '-w', '@whatpro/chatwoot-sandbox'], kind: 'node' },
  { name: 'embed', command: ['npm', 'test', '-w', '@whatpro/embed'], kind: 'node' },
  { name: 'web', command: ['npm', 'test', '-w', '@whatpro/web'], kind: 'plain' },
  { name: 'e2e', command: ['npm', 'run', 'test:e2e', '-w', '@whatpro/web'], kind: 'plain' },
];

const selected = process.env.TEST_SUITES?.split(',').map((name) => name.trim());
const plan = selected ? suites.filter((suite) => selected.includes(suite.name)) : suites;

function run(suite) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(suite.command[0], suite.command.slice(1), { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    const collect = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = [];
for (const suite of plan) {
  console.log(`\n=== ${suite.name} ===`);
  const { code, output, seconds } = await run(suite);
  const counts = countResults(output, suite.kind);
  // A runner that crashed or printed no summary counts as one failure, so it can never pass silently.
  const failed =
    counts.failed +
    (code !== 0 && counts.failed === 0 ? 1 : 0) +
    (suite.kind === 'node' && !counts.found ? 1 : 0);
  results.push({ name: suite.name, passed: counts.passed, failed, code, seconds });
}

console.log('\n=== summary ===');
for (const result of results) {
  console.log(
    `${result.name.padEnd(10)} ${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(4)} failed  (${result.seconds.toFixed(1)} s, exit ${result.code})`,
  );
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

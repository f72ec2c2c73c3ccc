import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config';

const strongSecret = 'Xk2#pQ9!vL7@mN4$wR8^tY1&zC6*bH3%';
const productionEnv = {
  NODE_ENV: 'production',
  SESSION_SECRET: strongSecret,
  ENCRYPTION_KEY: 'q83vEjTWqkM0w1UlSgtwbDXpCbCkmrb6rhSoRrM9yVk=',
  CHATWOOT_URL: 'https://chat.example.com',
  PUBLIC_URL: 'https://hub.example.com',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test('defaults give a working development setup on the embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.env, 'development');
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.ok(config.dataDir.endsWith('.data'));
  assert.equal(config.role, 'all');
});

test('each bad variable is named with what is expected', () => {
  const problems = problemsOf({
    PORT: '99999',
    DATABASE_URL: 'mysql://x',
    REDIS_URL: 'http://x',
    CHATWOOT_URL: 'https://chat.example.com/app',
    CORS_ORIGINS: 'https://ok.example.com,not a url',
    HUB_ROLE: 'boss',
  });
  for (const variable of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'CHATWOOT_URL', 'CORS_ORIGINS', 'HUB_ROLE']) {
    assert.ok(
      problems.some((problem) => problem.startsWith(`${variable}`)),
      `${variable} is named in ${JSON.stringify(problems)}`,
    );
  }
  assert.ok(problems.some((problem) => /CHATWOOT_URL: must be an origin/.test(problem)));
});

test('production refuses demo defaults and weak secrets', () => {
  assert.deepEqual(
    problemsOf({ NODE_ENV: 'production' }).map((problem) => problem.split(':')[0]),
    ['SESSION_SECRET', 'ENCRYPTION_KEY', 'CHATWOOT_URL', 'PUBLIC_URL'],
  );
  assert.match(
    problemsOf({ ...productionEnv, SESSION_SECRET: 'a'.repeat(40) })[0] ?? '',
    /SESSION_SECRET: too little variety/,
  );
  assert.match(
    problemsOf({ ...productionEnv, SESSION_SECRET: 'short' })[0] ?? '',
    /SESSION_SECRET: must be at least 32/,
  );
  assert.match(
    problemsOf({ ...productionEnv, ENCRYPTION_KEY: 'abc' })[0] ?? '',
    /ENCRYPTION_KEY: must be 32 random bytes/,
  );
});

test('a complete production configuration is accepted', () => {
  const config = loadConfig(productionEnv);
  assert.equal(config.env, 'production');
  assert.equal(config.chatwootUrl, 'https://chat.example.com');
});

test('lists are split and trimmed, empty values count as unset', () => {
  const config = loadConfig({
    CORS_ORIGINS: ' https://a.example.com , https://b.example.com ',
    DATABASE_URL: '',
  });
  assert.deepEqual(config.corsOrigins, ['https://a.example.com', 'https://b.example.com']);
  assert.equal(config.databaseUrl, undefined);
});

test('operator tokens must be long enough to resist guessing; the Chatwoot timeout is bounded', () => {
  const problems = problemsOf({
    HEALTH_TOKEN: 'short',
    METRICS_TOKEN: 'also-short',
    CHATWOOT_TIMEOUT_MS: '5',
  });
  assert.ok(problems.some((problem) => problem.startsWith('HEALTH_TOKEN: must be at least 24')));
  assert.ok(problems.some((problem) => problem.startsWith('METRICS_TOKEN: must be at least 24')));
  assert.ok(problems.some((problem) => problem.startsWith('CHATWOOT_TIMEOUT_MS')));
  const config = loadConfig({ HEALTH_TOKEN: 'h'.repeat(24), METRICS_TOKEN: 'm'.repeat(24) });
  assert.equal(config.healthToken, 'h'.repeat(24));
  assert.equal(config.metricsToken, 'm'.repeat(24));
  assert.equal(config.chatwootTimeoutMs, 10_000);
});

test('the nightly full reconcile time is a UTC HH:MM, 02:37 unless set', () => {
  assert.deepEqual(loadConfig({}).fullReconcileAt, { hour: 2, minute: 37 });
  assert.deepEqual(loadConfig({ FULL_RECONCILE_AT: '23:05' }).fullReconcileAt, { hour: 23, minute: 5 });
  for (const bad of ['24:00', '2:37', '02:60', 'nightly']) {
    assert.ok(
      problemsOf({ FULL_RECONCILE_AT: bad }).some((problem) =>
        problem.startsWith('FULL_RECONCILE_AT: must be a UTC time of day as HH:MM'),
      ),
      bad,
    );
  }
});

// `npm run sandbox`: a Chatwoot sandbox on SANDBOX_PORT (3001) with the demo installation.
import type { AppContextMode, CookieEncoding } from './config.js';
import { DEMO_CREDENTIALS } from './seed.js';
import { startSandbox } from './server.js';
import type { RetryMode, SigningMode } from './types.js';

function oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    console.error(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    process.exit(1);
  }
  return value as T;
}

const port = Number(process.env.SANDBOX_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SANDBOX_PORT must be a port number (got "${process.env.SANDBOX_PORT}")`);
  process.exit(1);
}

const sandbox = await startSandbox({
  port,
  host: process.env.SANDBOX_HOST || '127.0.0.1',
  publicUrl: process.env.SANDBOX_PUBLIC_URL || undefined,
  dashboardScriptUrl: process.env.SANDBOX_DASHBOARD_SCRIPT_URL || null,
  dashboardAppUrl: process.env.SANDBOX_DASHBOARD_APP_URL || undefined,
  webhookSigning: oneOf<SigningMode>('SANDBOX_WEBHOOK_SIGNING', ['signed', 'unsigned']),
  webhookRetry: oneOf<RetryMode>('SANDBOX_WEBHOOK_RETRY', ['none', 'retry']),
  appContextMode: oneOf<AppContextMode>('SANDBOX_APP_CONTEXT_MODE', ['legacy', 'latest']),
  cookieEncoding: oneOf<CookieEncoding>('SANDBOX_COOKIE_ENCODING', ['js-cookie', 'uri', 'raw']),
  logger: process.env.SANDBOX_LOG === '1',
});

// People open these links, and the Hub frames only the advertised origin: print that one, never the
// listen address beside it (localhost and 127.0.0.1 are different origins to a browser).
const origin = process.env.SANDBOX_PUBLIC_URL || sandbox.url;
const lines = [
  `Chatwoot sandbox listening on ${origin}`,
  `  dashboard: ${origin}/app/login`,
  `  control:   POST ${origin}/__sandbox/control/<method>, GET ${origin}/__sandbox/deliveries`,
  '',
  `Demo users (password ${DEMO_CREDENTIALS.password}):`,
  ...DEMO_CREDENTIALS.users.map((u) => {
    const roles = u.accounts.map((a) => `account ${a.id}: ${a.role}`).join(', ');
    return `  ${u.email.padEnd(24)} ${u.name.padEnd(14)} ${roles}${u.superAdmin ? ' (super admin)' : ''}  api_access_token=${u.accessToken}`;
  }),
  '',
  ...DEMO_CREDENTIALS.agentBots.map((b) => `Agent bot "${b.name}": api_access_token=${b.accessToken}`),
  ...DEMO_CREDENTIALS.platformApps.map((p) => `Platform app "${p.name}": api_access_token=${p.accessToken}`),
  '',
  'Account 3 (Gamma Serviços) is suspended.',
];
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

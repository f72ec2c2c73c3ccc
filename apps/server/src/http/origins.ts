import type { Config } from '../config';

// `[::1]` is left out: CSP source expressions cannot name an IPv6 literal host.
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

/**
 * To a browser `localhost` and `127.0.0.1` are two origins, though they name one machine, and people open
 * whichever link they were shown. Outside production an origin on either counts in both spellings; in
 * production only the configured origin does.
 */
export function originSpellings(origin: string, env: Config['env']): string[] {
  const url = new URL(origin);
  if (env === 'production' || !LOOPBACK_HOSTS.includes(url.hostname)) return [url.origin];
  const port = url.port ? `:${url.port}` : '';
  const others = LOOPBACK_HOSTS.map((host) => `${url.protocol}//${host}${port}`);
  return [url.origin, ...others.filter((other) => other !== url.origin)];
}

/** The origins of the deployment's Chatwoot: who may frame the Hub, call it from the browser and message it. */
export function chatwootOrigins(config: Config): string[] {
  return config.chatwootUrl ? originSpellings(config.chatwootUrl, config.env) : [];
}

/** The Hub's own origins (`PUBLIC_URL`), for the checks that want a request from the Hub's pages. */
export function hubOrigins(config: Config): string[] {
  return originSpellings(config.publicUrl, config.env);
}

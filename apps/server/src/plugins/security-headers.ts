import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

export type RouteClass = 'api' | 'page' | 'asset' | 'docs';

const API_ROOTS = new Set(['api', 'health', 'metrics', 'ws']);

/**
 * The segments of a path as a browser or proxy might resolve it: percent-decoded (up to three times, so
 * `/%2561pi/…` counts too), split on either slash, empty and dot segments resolved, lowercased. So
 * `/%61pi/…`, `//api/…`, `/api/../api/…` and `/API/…` all read as `api/…`. Undecodable paths yield null.
 */
function canonicalSegments(url: string): string[] | null {
  let path = url.split('?')[0] ?? '/';
  try {
    for (let round = 0; round < 3 && path.includes('%'); round++) path = decodeURIComponent(path);
  } catch {
    return null;
  }
  const segments: string[] = [];
  for (const segment of path.toLowerCase().split(/[/\\]/)) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return segments;
}

/**
 * The class of a path: a route template, or a requested URL read canonically. Anything that is not
 * plainly a page, an asset or the docs is treated as the API, whose headers are the strictest.
 */
export function routeClassOf(url: string): RouteClass {
  const segments = canonicalSegments(url);
  if (segments === null || !url.startsWith('/') || API_ROOTS.has(segments[0] ?? '')) return 'api';
  if (segments[0] === 'docs') return 'docs';
  if (
    segments[0] === 'assets' ||
    /\.(js|css|woff2?|png|svg|ico|webmanifest|map)$/.test(segments.at(-1) ?? '')
  ) {
    return 'asset';
  }
  return 'page';
}

/**
 * What a response is, decided by the route that matched (its template, never the raw URL, which the
 * router decodes). A request no route matched is a page only when the app answered it with a page;
 * everything else unmatched gets the API's headers.
 */
function responseClassOf(request: FastifyRequest, reply: FastifyReply): RouteClass {
  const template = request.routeOptions.url;
  if (template !== undefined) return routeClassOf(template);
  return reply.pageScriptNonce === null ? 'api' : 'page';
}

export interface ContentSecurityOptions {
  /** Origins allowed to frame the page; empty means nobody. */
  frameAncestors: string[];
  /** The nonce of the scripts this page carries. */
  nonce?: string | null;
}

declare module 'fastify' {
  interface FastifyReply {
    pageScriptNonce: string | null;
  }
}

/**
 * The one place a Content-Security-Policy is computed. Pages may be framed only by the Chatwoot the
 * request belongs to; the API and the docs are never framed.
 */
export function contentSecurityPolicy(routeClass: RouteClass, options: ContentSecurityOptions): string {
  const frameAncestors = options.frameAncestors.length > 0 ? options.frameAncestors.join(' ') : "'none'";
  switch (routeClass) {
    case 'api':
    case 'asset':
      return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    case 'docs':
      return [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; ');
    case 'page':
      return [
        "default-src 'self'",
        options.nonce ? `script-src 'self' 'nonce-${options.nonce}'` : "script-src 'self'",
        "style-src 'self'",
        // React style props become style attributes; inline <style> elements stay forbidden.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        `frame-ancestors ${frameAncestors}`,
      ].join('; ');
  }
}

const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), accelerometer=()';

function setClassHeaders(reply: FastifyReply, routeClass: RouteClass, frameAncestors: string[]): void {
  reply.header(
    'content-security-policy',
    contentSecurityPolicy(routeClass, { frameAncestors, nonce: reply.pageScriptNonce }),
  );
  reply.header('permissions-policy', PERMISSIONS_POLICY);
  if (routeClass === 'page' && frameAncestors.length > 0) {
    reply.removeHeader('x-frame-options');
    // Opener isolation would cut the embed off from the Chatwoot window that frames it.
    reply.removeHeader('cross-origin-opener-policy');
  } else {
    reply.header('x-frame-options', 'DENY');
  }
  if (routeClass === 'api') reply.header('cache-control', 'no-store');
}

/**
 * For a request refused before routing (an undecodable URL): Fastify runs no hooks for it, so its answer
 * gets the API's headers here.
 */
export function setPreRoutingHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  setClassHeaders(reply, 'api', []);
}

export interface SecurityHeadersOptions {
  frameAncestorsFor(request: FastifyRequest): string[];
}

/**
 * Helmet's defaults break the Chatwoot embed (frame-ancestors 'self', X-Frame-Options), so helmet sends
 * only the headers that are the same everywhere and we set framing and CSP per route class.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
  const helmetHeaders = helmet({
    contentSecurityPolicy: false,
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onRequest', (request, reply, done) =>
    helmetHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );

  app.decorateReply('pageScriptNonce', null);
  app.addHook('onSend', async (request, reply, payload) => {
    const routeClass = responseClassOf(request, reply);
    setClassHeaders(reply, routeClass, routeClass === 'page' ? options.frameAncestorsFor(request) : []);
    return payload;
  });
}

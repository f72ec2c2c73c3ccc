import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RouteClass = 'api' | 'page' | 'asset' | 'docs';

export function routeClassOf(url: string): RouteClass {
  const path = url.split('?')[0] ?? '/';
  if (path.startsWith('/api/') || path.startsWith('/health/') || path === '/metrics' || path === '/ws') {
    return 'api';
  }
  if (path === '/docs' || path.startsWith('/docs/')) return 'docs';
  if (path.startsWith('/assets/') || /\.(js|css|woff2?|png|svg|ico|webmanifest|map)$/.test(path))
    return 'asset';
  return 'page';
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

export interface SecurityHeadersOptions {
  frameAncestorsFor(request: FastifyRequest): string[];
}

/**
 * Helmet's defaults break the Chatwoot embed (frame-ancestors 'self', X-Frame-Options), so helmet sends
 * only the headers that are the same everywhere and we set framing and CSP per route class.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });

  app.decorateReply('pageScriptNonce', null);
  app.addHook('onSend', async (request, reply, payload) => {
    const routeClass = routeClassOf(request.url);
    const frameAncestors = routeClass === 'page' ? options.frameAncestorsFor(request) : [];
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
    return payload;
  });
}

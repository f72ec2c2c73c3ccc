import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-handler';
import { routeClassOf } from './security-headers';

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>WhatPro Hub</title>
<body style="font-family:sans-serif;padding:2rem"><h1>WhatPro Hub</h1>
<p>The web app is not built yet. Run <code>npm run build -w @whatpro/web</code> (or <code>npm start</code>, which builds it).</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the React app. Hashed assets are cached forever; index.html never is, so a deploy is seen at
 * once. Browser navigations to app paths get index.html; anything else unknown gets the JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const indexPath = join(distDir, 'index.html');
  const built = existsSync(indexPath);
  const indexHtml = (built ? readFileSync(indexPath) : Buffer.from(NOT_BUILT_PAGE)).toString('utf8');

  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      wildcard: false,
      serve: true,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        );
      },
    });
  }

  // Each page view gets its own nonce: the CSP then trusts exactly the scripts this response carries.
  const sendIndex = (reply: FastifyReply) => {
    const nonce = randomBytes(16).toString('base64');
    reply.pageScriptNonce = nonce;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(indexHtml.replaceAll('<script', `<script nonce="${nonce}"`));
  };

  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      routeClassOf(request.url) === 'page' &&
      (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return sendIndex(reply);
    return sendError(
      reply,
      404,
      'not_found',
      `Route ${request.method} ${request.url.split('?')[0]} not found`,
    );
  });
}

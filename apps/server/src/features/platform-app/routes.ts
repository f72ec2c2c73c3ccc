import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platformAppConfigSchema, safeText } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { platformAppEvents } from '../../db/schema';
import { AppError, unauthorized } from '../../errors';
import { chatwootOrigins } from '../../http/origins';
import {
  acceptSignedBodies,
  signedBodyOf,
  singleHeader,
  timestampedSignatureValid,
} from '../../http/raw-body';
import { auditContextOf, recordAudit } from '../audit/service';

const EVENT_WINDOW_SECONDS = 300;

const platformEventSchema = z.strictObject({
  id: safeText().min(8).max(100),
  event: z.enum(['install', 'uninstall']),
  account_id: z.number().int().positive(),
  occurred_at: z.iso.datetime({ offset: true }),
});

export async function platformAppRoutes(fastify: FastifyInstance, options: { embedScriptPath: string }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = app.deps;
  const hubOrigin = new URL(config.publicUrl).origin;

  app.get(
    '/api/v1/platform-app/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['embed'],
        summary: 'What the Dashboard Script and the embedded pages need: origins, URLs, features',
        response: { 200: platformAppConfigSchema },
      },
    },
    async () => ({
      hub_origin: hubOrigin,
      chatwoot_origin: config.chatwootUrl ?? null,
      chatwoot_origins: chatwootOrigins(config),
      script_url: `${hubOrigin}/embed.js`,
      embed_url: `${hubOrigin}/embed`,
      dashboard_app_url: `${hubOrigin}/embed/dashboard-app`,
      features: ['chat' as const, 'kanban' as const, 'admin' as const],
    }),
  );

  app.register(async (scope) => {
    acceptSignedBodies(scope);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/platform-app/events',
      {
        config: { access: 'public' },
        schema: {
          tags: ['embed'],
          summary:
            'Signed install/uninstall events from the Platform App (HMAC-SHA256 over "<timestamp>.<body>")',
          response: { 200: z.object({ received: z.literal(true) }) },
        },
      },
      async (request) => {
        const secret = config.platformAppSecret;
        if (!secret) throw new AppError(503, 'service_unavailable', 'Platform App events are not configured');
        const context = auditContextOf(request);
        const body = signedBodyOf(request);
        const verified = timestampedSignatureValid({
          secret,
          timestamp: singleHeader(request.headers, 'x-whatpro-timestamp'),
          signature: singleHeader(request.headers, 'x-whatpro-signature'),
          bytes: body.bytes,
          windowSeconds: EVENT_WINDOW_SECONDS,
        });
        if (!verified) {
          await recordAudit(app.deps.database.system, context, {
            accountId: null,
            action: 'platform_app.auth_failed',
          });
          throw unauthorized('Invalid or expired signature');
        }
        let parsed: z.infer<typeof platformEventSchema>;
        try {
          parsed = platformEventSchema.parse(body.json);
        } catch {
          throw new AppError(400, 'validation_failed', 'Body is not a valid Platform App event');
        }
        const inserted = await app.deps.database.system
          .insert(platformAppEvents)
          .values({ id: parsed.id, event: parsed.event, chatwootAccountId: parsed.account_id })
          .onConflictDoNothing()
          .returning({ id: platformAppEvents.id });
        if (inserted.length === 0)
          throw new AppError(409, 'conflict', 'This event was already received (replay refused)');
        await recordAudit(app.deps.database.system, context, {
          accountId: parsed.account_id,
          action: `platform_app.${parsed.event}`,
          resourceType: 'platform_app_event',
          resourceId: parsed.id,
        });
        return { received: true as const };
      },
    );
  });

  // The Dashboard Script: a stable URL for DASHBOARD_SCRIPTS, revalidated by a content-hash ETag.
  app.get('/embed.js', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!existsSync(options.embedScriptPath)) {
      throw new AppError(
        503,
        'service_unavailable',
        'The Dashboard Script is not built; run npm run build -w @whatpro/embed',
      );
    }
    const script = readFileSync(options.embedScriptPath);
    const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 22)}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'public, max-age=300, must-revalidate')
      .header('cross-origin-resource-policy', 'cross-origin')
      .type('text/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(script);
  });

  // Inter for the script's shadow root, built beside the script. Fonts load in CORS mode from Chatwoot's
  // page; a public font file carries no secret, so any origin may read it.
  const fontPath = join(dirname(options.embedScriptPath), 'inter.woff2');
  app.get(
    '/embed/inter.woff2',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      if (!existsSync(fontPath))
        throw new AppError(404, 'not_found', 'The Dashboard Script font is not built');
      return reply
        .header('cache-control', 'public, max-age=86400')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*')
        .type('font/woff2')
        .send(readFileSync(fontPath));
    },
  );
}

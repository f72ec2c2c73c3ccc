import { appInfoSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { appliedMigrations } from '../../db/migrate';

export async function metaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/meta',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'What this Hub is: version, environment, Chatwoot it serves, database schema version',
        response: { 200: appInfoSchema },
      },
    },
    async () => {
      const { config, database, version } = app.deps;
      const migrations = await appliedMigrations(database);
      return {
        name: 'WhatPro Hub' as const,
        version,
        environment: config.env,
        chatwoot_url: config.chatwootUrl ?? null,
        default_locale: 'pt-BR' as const,
        schema: { applied_migrations: migrations.applied, latest_migration_at: migrations.latestAt },
      };
    },
  );
}

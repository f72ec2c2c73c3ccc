import {
  embedSnippetSchema,
  installDashboardAppSchema,
  installedDashboardAppSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import { dashboardScriptSnippet, installDashboardApp } from './service';

export async function embedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/accounts/:accountId/embed/snippet',
    {
      config: { access: 'embed:install:account' },
      schema: {
        tags: ['embed'],
        summary: "The DASHBOARD_SCRIPTS snippet for the installation's super admin",
        params: accountParams,
        response: { 200: embedSnippetSchema },
      },
    },
    async () => dashboardScriptSnippet(app.deps.config.publicUrl),
  );

  app.post(
    '/accounts/:accountId/embed/dashboard-app',
    {
      config: { access: 'embed:install:account', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['embed'],
        summary:
          'Install or update the Hub as a Chatwoot Dashboard App, through the account’s Chatwoot connection',
        params: accountParams,
        body: installDashboardAppSchema,
        response: { 200: installedDashboardAppSchema },
      },
    },
    async (request) => installDashboardApp(app.deps, request.params.accountId, auditContextOf(request)),
  );
}

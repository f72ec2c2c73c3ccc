import { auditLogPageSchema, auditLogSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { toCsv } from './csv';
import {
  AUDIT_LOG_COLUMNS,
  auditLogExportQuerySchema,
  auditLogListQuerySchema,
  exportAuditLogs,
  listAuditLogs,
} from './queries';
import { auditContextOf } from './service';

/** Bounds one response's memory and time; larger ranges are exported in slices of from/to. */
export const EXPORT_MAX_ROWS = 10_000;

const FILTERS_DESCRIPTION =
  'Filters match exactly; `from` is inclusive and `to` exclusive (ISO 8601 with an offset, millisecond precision).';

export async function auditLogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const access = 'audit_logs:read:account' as const;

  app.get(
    '/accounts/:accountId/audit-logs',
    {
      config: { access, rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['audit'],
        summary: "The account's audit log, newest first, a page at a time",
        description: `${FILTERS_DESCRIPTION} Pass \`next_cursor\` back as \`cursor\` for the next page; it is null on the last page.`,
        params: accountParams,
        querystring: auditLogListQuerySchema,
        response: { 200: auditLogPageSchema },
      },
    },
    async (request) => listAuditLogs(app.deps.database, request.params.accountId, request.query),
  );

  app.get(
    '/accounts/:accountId/audit-logs/export',
    {
      // Each export reads up to 10 000 rows, so it gets a far smaller budget than paging.
      config: { access, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['audit'],
        summary: 'Download the audit log as CSV or JSON (the newest 10 000 matching rows at most)',
        description: `${FILTERS_DESCRIPTION} When more rows match than the cap, the response carries \`X-Export-Truncated: true\`; narrow \`to\`/\`from\` to fetch the rest. CSV cells that a spreadsheet would run as a formula are prefixed with a single quote. The export is itself audited (\`audit_logs.exported\`).`,
        params: accountParams,
        querystring: auditLogExportQuerySchema,
        response: {
          200: {
            content: {
              'text/csv': { schema: z.string() },
              'application/json': { schema: z.array(auditLogSchema) },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { accountId } = request.params;
      const { format, ...filters } = request.query;
      const { rows, truncated } = await exportAuditLogs(app.deps.database, accountId, filters, {
        format,
        maxRows: EXPORT_MAX_ROWS,
        context: auditContextOf(request),
      });
      const date = new Date().toISOString().slice(0, 10);
      reply
        .header('content-disposition', `attachment; filename="audit-logs-${accountId}-${date}.${format}"`)
        .header('cache-control', 'no-store');
      if (truncated) reply.header('x-export-truncated', 'true');
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(rows);
      return reply.type('text/csv; charset=utf-8').send(toCsv(AUDIT_LOG_COLUMNS, rows));
    },
  );
}

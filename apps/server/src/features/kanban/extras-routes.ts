import { boardMetricsSchema, metricsCsvQuerySchema, metricsQuerySchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import { exportCardMetrics, getBoardMetrics } from './metrics';

const boardParams = accountParams.extend({ boardId: z.uuid() });

const RANGE_DESCRIPTION =
  '`from` is inclusive and `to` exclusive (ISO 8601 with an offset); the default is the 30 days up to now, the longest range a year. Days and weeks are UTC. Agents get figures over the cards of their inboxes (and free cards) only. Definitions: docs/KANBAN.md.';

/** Metrics, SLA breaches, stage-action runs and time rules of a board (kanban-extras). */
export async function kanbanExtrasRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/accounts/:accountId/boards/:boardId/metrics',
    {
      config: { access: 'boards:read:account', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['kanban'],
        summary: 'Lead and cycle time, time in stage, throughput, ageing WIP, cumulative flow and outcomes',
        description: RANGE_DESCRIPTION,
        params: boardParams,
        querystring: metricsQuerySchema,
        response: { 200: boardMetricsSchema },
      },
    },
    async (request) =>
      getBoardMetrics(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
        request.query,
      ),
  );

  app.get(
    '/accounts/:accountId/boards/:boardId/metrics.csv',
    {
      config: { access: 'boards:read:account', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['kanban'],
        summary: "The board's cards (or one stage's) with their times, as CSV",
        description: `${RANGE_DESCRIPTION} A card is listed when it was on the board at some moment of the range. At most 10 000 rows; \`X-Export-Truncated: true\` says there were more. Cells a spreadsheet would run as a formula are prefixed with a single quote.`,
        params: boardParams,
        querystring: metricsCsvQuerySchema,
        response: { 200: { content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const { accountId, boardId } = request.params;
      const { csv, truncated } = await exportCardMetrics(
        app.deps,
        request.actor as Actor,
        accountId,
        boardId,
        request.query,
      );
      const scope = request.query.stage_id ? `stage-${request.query.stage_id}` : `board-${boardId}`;
      reply
        .header('content-disposition', `attachment; filename="kanban-${scope}.csv"`)
        .header('cache-control', 'no-store');
      if (truncated) reply.header('x-export-truncated', 'true');
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );
}

import {
  actionRunListSchema,
  actionRunSchema,
  boardMetricsSchema,
  cardReminderListSchema,
  cardReminderSchema,
  createCardReminderSchema,
  createTimeRuleSchema,
  metricsCsvQuerySchema,
  metricsQuerySchema,
  slaBreachListSchema,
  stageActionsBodySchema,
  timeRuleListSchema,
  timeRuleSchema,
  updateTimeRuleSchema,
  webhookKeyRevealSchema,
  webhookKeySchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { listCardRuns, retryRun, setStageActions } from './actions';
import { exportCardMetrics, getBoardMetrics, METRICS_CACHE_ENTRIES } from './metrics';
import { MetricsCache } from './metrics-cache';
import { addReminder, listReminders, removeReminder } from './reminders';
import { createRule, deleteRule, listRules, updateRule } from './rules';
import { listSlaBreaches } from './sla';
import { getWebhookKey, revealWebhookKey, rotateWebhookKey } from './webhook-key';

const boardParams = accountParams.extend({ boardId: z.uuid() });
const stageParams = boardParams.extend({ stageId: z.uuid() });
const cardParams = boardParams.extend({ cardId: z.uuid() });
const runParams = cardParams.extend({ runId: z.uuid() });
const reminderParams = cardParams.extend({ reminderId: z.uuid() });
const ruleParams = boardParams.extend({ ruleId: z.uuid() });
const WEBHOOK_KEY_PATH = '/accounts/:accountId/kanban/webhook-key';

const RANGE_DESCRIPTION =
  '`from` is inclusive and `to` exclusive (ISO 8601 with an offset); the default is the 30 days up to now, the longest range a year. Days and weeks are UTC. Agents get figures over the cards of their inboxes (and free cards) only. Definitions: docs/KANBAN.md.';

/** Metrics, SLA breaches, stage-action runs and time rules of a board (kanban-extras). */
export async function kanbanExtrasRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const metricsCache = new MetricsCache(METRICS_CACHE_ENTRIES);

  app.get(
    '/accounts/:accountId/boards/:boardId/metrics',
    {
      config: { access: 'boards:read:account' },
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
        { database: app.deps.database, metricsCache },
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

  app.get(
    '/accounts/:accountId/boards/:boardId/sla',
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Cards past their stage SLA (in their current stay), longest overdue first',
        params: boardParams,
        response: { 200: slaBreachListSchema },
      },
    },
    async (request) => ({
      breaches: await listSlaBreaches(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
      ),
    }),
  );

  app.put(
    '/accounts/:accountId/boards/:boardId/stages/:stageId/actions',
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: "Replace a stage's entry actions",
        description:
          'Labels, assignment, private note, message to the contact (`{{contact.name}}`, `{{card.title}}`, `{{stage.name}}`), or a signed webhook; run once per entry, after it commits. Entries before the change keep the actions they had.',
        params: stageParams,
        body: stageActionsBodySchema,
        response: { 200: stageActionsBodySchema },
      },
    },
    async (request) => ({
      actions: await setStageActions(
        app.deps,
        request.params.accountId,
        request.params.boardId,
        request.params.stageId,
        request.body.actions,
        auditContextOf(request),
      ),
    }),
  );

  app.get(
    '/accounts/:accountId/boards/:boardId/cards/:cardId/actions',
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags: ['kanban'],
        summary: "A card's stage-action runs, newest first, with failures and their errors",
        params: cardParams,
        response: { 200: actionRunListSchema },
      },
    },
    async (request) => ({
      runs: await listCardRuns(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
    }),
  );

  app.post(
    '/accounts/:accountId/boards/:boardId/cards/:cardId/actions/:runId/retry',
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Run a failed stage action again now',
        description: 'A run that succeeded or is running is a 409.',
        params: runParams,
        response: { 200: actionRunSchema },
      },
    },
    async (request) =>
      retryRun(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.runId,
        auditContextOf(request),
      ),
  );

  app.get(
    '/accounts/:accountId/boards/:boardId/time-rules',
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags: ['kanban'],
        summary: "The board's time rules",
        params: boardParams,
        response: { 200: timeRuleListSchema },
      },
    },
    async (request) => ({
      rules: await listRules(app.deps, request.params.accountId, request.params.boardId),
    }),
  );

  app.post(
    '/accounts/:accountId/boards/:boardId/time-rules',
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Add a time rule: after N hours in a stage or waiting for a reply, move and/or notify',
        params: boardParams,
        body: createTimeRuleSchema,
        response: { 201: timeRuleSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createRule(
            app.deps,
            request.params.accountId,
            request.params.boardId,
            request.body,
            auditContextOf(request),
          ),
        ),
  );

  app.patch(
    '/accounts/:accountId/boards/:boardId/time-rules/:ruleId',
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Change a time rule (hours, stages, notice, enabled)',
        description:
          'Any of the fields; the rule as changed must still move the card to another stage of the board and/or notify. Firings already recorded stand.',
        params: ruleParams,
        body: updateTimeRuleSchema,
        response: { 200: timeRuleSchema },
      },
    },
    async (request) =>
      updateRule(
        app.deps,
        request.params.accountId,
        request.params.boardId,
        request.params.ruleId,
        request.body,
        auditContextOf(request),
      ),
  );

  app.delete(
    '/accounts/:accountId/boards/:boardId/time-rules/:ruleId',
    {
      config: { access: 'boards:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Remove a time rule',
        params: ruleParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteRule(
        app.deps,
        request.params.accountId,
        request.params.boardId,
        request.params.ruleId,
        auditContextOf(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/accounts/:accountId/boards/:boardId/cards/:cardId/reminders',
    {
      config: { access: 'boards:read:account' },
      schema: {
        tags: ['kanban'],
        summary: "A card's reminders",
        params: cardParams,
        response: { 200: cardReminderListSchema },
      },
    },
    async (request) => ({
      reminders: await listReminders(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
      ),
    }),
  );

  app.post(
    '/accounts/:accountId/boards/:boardId/cards/:cardId/reminders',
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Remind someone about a card at a time (the assignee by default)',
        params: cardParams,
        body: createCardReminderSchema,
        response: { 201: cardReminderSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addReminder(
            app.deps,
            request.actor as Actor,
            request.params.accountId,
            request.params.boardId,
            request.params.cardId,
            request.body,
          ),
        ),
  );

  app.delete(
    '/accounts/:accountId/boards/:boardId/cards/:cardId/reminders/:reminderId',
    {
      config: { access: 'cards:write:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Remove a reminder',
        params: reminderParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeReminder(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.boardId,
        request.params.cardId,
        request.params.reminderId,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    WEBHOOK_KEY_PATH,
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'The stage-webhook signing key, masked (its last 4 characters)',
        params: accountParams,
        response: { 200: webhookKeySchema },
      },
    },
    async (request) => getWebhookKey(app.deps, request.params.accountId),
  );

  app.post(
    `${WEBHOOK_KEY_PATH}/reveal`,
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Show the stage-webhook signing key in full (audited); created on first use',
        description:
          'Stage webhooks carry `X-WhatPro-Signature: sha256=<hex HMAC-SHA256 of "<X-WhatPro-Timestamp>.<raw body>">` under this key (docs/KANBAN.md).',
        params: accountParams,
        response: { 200: webhookKeyRevealSchema },
      },
    },
    async (request) => revealWebhookKey(app.deps, request.params.accountId, auditContextOf(request)),
  );

  app.post(
    `${WEBHOOK_KEY_PATH}/rotate`,
    {
      config: { access: 'webhooks:manage:account' },
      schema: {
        tags: ['kanban'],
        summary: 'Replace the stage-webhook signing key at once and show the new one (audited)',
        params: accountParams,
        response: { 200: webhookKeyRevealSchema },
      },
    },
    async (request) => rotateWebhookKey(app.deps, request.params.accountId, auditContextOf(request)),
  );
}

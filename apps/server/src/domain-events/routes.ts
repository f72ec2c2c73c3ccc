import {
  domainEventDeliveryListSchema,
  domainEventDeliverySchema,
  domainEventReplayAllSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../features/audit/service';
import { accountParams } from '../http/params';
import { listDeadDeliveriesOf, replayDeadDeliveries, replayDeadDelivery } from './service';

/** Consumer names are code identifiers (`event-bus`, `kanban`), never free text. */
const consumerName = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,99}$/, 'A consumer name: lowercase letters, digits and - _ . :');

export async function domainEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'webhooks:manage:account' as const };

  app.get(
    '/accounts/:accountId/domain-events/dead-deliveries',
    {
      config: access,
      schema: {
        tags: ['domain-events'],
        summary: 'Domain event deliveries whose consumer failed its last attempt',
        params: accountParams,
        response: { 200: domainEventDeliveryListSchema },
      },
    },
    async (request) => ({ deliveries: await listDeadDeliveriesOf(app.deps, request.params.accountId) }),
  );

  app.post(
    '/accounts/:accountId/domain-events/dead-deliveries/replay',
    {
      config: access,
      schema: {
        tags: ['domain-events'],
        summary: 'Deliver every dead delivery again (up to 500 per call), each to its own consumer only',
        params: accountParams,
        response: { 200: domainEventReplayAllSchema },
      },
    },
    async (request) => replayDeadDeliveries(app.deps, request.params.accountId, auditContextOf(request)),
  );

  app.post(
    '/accounts/:accountId/domain-events/:eventId/deliveries/:consumer/replay',
    {
      config: access,
      schema: {
        tags: ['domain-events'],
        summary:
          'Deliver one dead delivery again, to its consumer only; answers the delivery after the attempt',
        params: accountParams.extend({ eventId: z.uuid(), consumer: consumerName }),
        response: { 200: domainEventDeliverySchema },
      },
    },
    async (request) =>
      replayDeadDelivery(
        app.deps,
        request.params.accountId,
        { eventId: request.params.eventId, consumer: request.params.consumer },
        auditContextOf(request),
      ),
  );
}

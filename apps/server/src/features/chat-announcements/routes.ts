import {
  chatAnnouncementListSchema,
  chatAnnouncementReceiptsSchema,
  chatAnnouncementSchema,
  createChatAnnouncementSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountParams } from '../../http/params';
import { auditContextOf } from '../audit/service';
import type { Actor } from '../auth/actor';
import { announcementReceipts, listMyAnnouncements, markAnnouncementRead, sendAnnouncement } from './service';

const announcementParams = accountParams.extend({ announcementId: z.uuid() });

export async function chatAnnouncementRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/accounts/:accountId/chat/announcements',
    {
      config: { access: 'chat:manage:account' },
      schema: {
        tags: ['chat'],
        summary: 'Announce something to a Chatwoot team or the whole account',
        params: accountParams,
        body: createChatAnnouncementSchema,
        response: { 201: chatAnnouncementSchema },
      },
    },
    async (request, reply) => {
      const announcement = await sendAnnouncement(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.body,
        auditContextOf(request),
      );
      return reply.status(201).send(announcement);
    },
  );

  app.get(
    '/accounts/:accountId/chat/announcements',
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags: ['chat'],
        summary: 'Announcements I received, newest first, with my read state',
        params: accountParams,
        response: { 200: chatAnnouncementListSchema },
      },
    },
    async (request) => listMyAnnouncements(app.deps, request.actor as Actor, request.params.accountId),
  );

  app.post(
    '/accounts/:accountId/chat/announcements/:announcementId/read',
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags: ['chat'],
        summary: 'Mark an announcement I received as read',
        params: announcementParams,
        response: { 200: chatAnnouncementSchema },
      },
    },
    async (request) =>
      markAnnouncementRead(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.announcementId,
      ),
  );

  app.get(
    '/accounts/:accountId/chat/announcements/:announcementId/receipts',
    {
      config: { access: 'chat:manage:account' },
      schema: {
        tags: ['chat'],
        summary: 'Who received an announcement and who has read it',
        params: announcementParams,
        response: { 200: chatAnnouncementReceiptsSchema },
      },
    },
    async (request) =>
      announcementReceipts(app.deps, request.params.accountId, request.params.announcementId),
  );
}

import { chatAttachmentSchema } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { accountParams } from '../../http/params';
import type { Actor } from '../auth/actor';
import { DOWNLOAD_ROUTE } from './links';
import { getAttachment, openDownload, uploadAttachment } from './service';

const roomParams = accountParams.extend({ roomId: z.uuid() });
const attachmentParams = accountParams.extend({ attachmentId: z.uuid() });
const downloadQuery = z.strictObject({
  account: z.coerce.number().int().positive().max(2_147_483_647),
  user: z.uuid(),
  expires: z.coerce.number().int().positive(),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the signature of a download link'),
});

/** `filename*` carries the real name; the quoted `filename` is an ASCII fallback for old clients. */
function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function chatAttachmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/accounts/:accountId/chat/rooms/:roomId/attachments',
    {
      config: { access: 'chat:write:account' },
      schema: {
        tags: ['chat'],
        summary: 'Upload a file to a room (multipart field "file"); send it by id with a message',
        consumes: ['multipart/form-data'],
        params: roomParams,
        response: { 201: chatAttachmentSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError(
          400,
          'bad_request',
          'Send the file as multipart/form-data in a field named "file"',
        );
      }
      const attachment = await uploadAttachment(
        app.deps,
        request.actor as Actor,
        request.params.accountId,
        request.params.roomId,
        await request.file(),
      );
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/accounts/:accountId/chat/attachments/:attachmentId',
    {
      config: { access: 'chat:read:account' },
      schema: {
        tags: ['chat'],
        summary: 'An attachment with a fresh short-lived download link, for members of its room',
        params: attachmentParams,
        response: { 200: chatAttachmentSchema },
      },
    },
    async (request) =>
      getAttachment(app.deps, request.actor as Actor, request.params.accountId, request.params.attachmentId),
  );

  app.get(
    `${DOWNLOAD_ROUTE}/:attachmentId`,
    {
      // The signed link is the credential (images and downloads cannot send the bearer token).
      config: { access: 'public' },
      schema: {
        tags: ['chat'],
        summary: 'The bytes behind a signed attachment link; room membership is checked again',
        params: z.strictObject({ attachmentId: z.uuid() }),
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      const { body, row, inline } = await openDownload(app.deps, {
        attachmentId: request.params.attachmentId,
        accountId: request.query.account,
        userId: request.query.user,
        expires: request.query.expires,
        signature: request.query.signature,
      });
      return reply
        .header('content-type', row.contentType)
        .header('content-length', String(row.sizeBytes))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .send(body);
    },
  );
}

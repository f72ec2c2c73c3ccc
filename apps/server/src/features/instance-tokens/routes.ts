import {
  embedSessionCheckResultSchema,
  embedSessionCheckSchema,
  exchangeInstanceTokenSchema,
  instanceTokenSchema,
  instanceTokenValidationSchema,
  issueInstanceTokenSchema,
  sessionTokensSchema,
} from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { unauthorized } from '../../errors';
import { chatwootOrigins, hubOrigins } from '../../http/origins';
import { auditContextOf } from '../audit/service';
import { CSRF_HEADER, clearRefreshCookie, REFRESH_COOKIE, sendSignedIn } from '../auth/routes';
import {
  checkEmbedSession,
  exchangeInstanceToken,
  issueInstanceToken,
  validateInstanceToken,
} from './service';

/** Per address: a whole office behind one NAT opens Chatwoot pages (one issue and one exchange each). */
const TOKEN_RATE_LIMIT = { max: 300, timeWindow: '1 minute' };

export async function instanceTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hub = hubOrigins(app.deps.config);
  const pagesOfHubOrChatwoot = [...hub, ...chatwootOrigins(app.deps.config)];

  app.post(
    '/instance-tokens',
    {
      config: { access: 'public', rateLimit: TOKEN_RATE_LIMIT },
      schema: {
        tags: ['embed'],
        summary: "Trade the agent's Chatwoot session for a 60-second, single-use instance token",
        body: issueInstanceTokenSchema,
        response: { 201: instanceTokenSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await issueInstanceToken(app.deps, request.body, auditContextOf(request))),
  );

  app.get(
    '/instance-tokens/validate',
    {
      config: { access: 'public', rateLimit: TOKEN_RATE_LIMIT },
      schema: {
        tags: ['embed'],
        summary: 'Check an instance token (sent as Bearer) without using it',
        response: { 200: instanceTokenValidationSchema },
      },
    },
    async (request) => {
      const match = /^Bearer (\S{1,200})$/.exec(request.headers.authorization ?? '');
      if (!match?.[1]) throw unauthorized('Send the instance token as "Authorization: Bearer <token>"');
      return validateInstanceToken(app.deps, match[1]);
    },
  );

  app.post(
    '/instance-tokens/session-check',
    {
      config: { access: 'public', rateLimit: TOKEN_RATE_LIMIT },
      // It reads the refresh cookie, so like the refresh route it wants a custom header (a CORS preflight)
      // and an Origin that is Chatwoot's page or the Hub itself.
      onRequest: async (request) => {
        if (request.headers[CSRF_HEADER] !== '1') throw unauthorized(`Missing ${CSRF_HEADER} header`);
        const origin = request.headers.origin;
        if (origin === undefined || !pagesOfHubOrChatwoot.includes(origin)) {
          throw unauthorized('Only Chatwoot or the Hub may check the session');
        }
      },
      schema: {
        tags: ['embed'],
        summary: "End this browser's Hub session unless it belongs to the Chatwoot user signed in there",
        body: embedSessionCheckSchema,
        response: { 200: embedSessionCheckResultSchema },
      },
    },
    async (request, reply) => {
      const hubSession = await checkEmbedSession(
        app.deps,
        request.body,
        request.cookies[REFRESH_COOKIE],
        auditContextOf(request),
      );
      if (hubSession === 'ended') clearRefreshCookie(reply);
      return { hub_session: hubSession };
    },
  );

  app.post(
    '/instance-tokens/exchange',
    {
      config: { access: 'public', rateLimit: TOKEN_RATE_LIMIT },
      // Only the Hub's own iframe may exchange: a token lifted into another page is useless there.
      onRequest: async (request) => {
        const origin = request.headers.origin;
        if (origin === undefined || !hub.includes(origin))
          throw unauthorized('Exchange is only allowed from the Hub');
      },
      schema: {
        tags: ['embed'],
        summary: 'Exchange an instance token (once) for a Hub session',
        body: exchangeInstanceTokenSchema,
        response: { 200: sessionTokensSchema },
      },
    },
    async (request, reply) =>
      sendSignedIn(
        reply,
        await exchangeInstanceToken(
          app.deps,
          request.body.instance_token,
          auditContextOf(request),
          request.cookies[REFRESH_COOKIE],
        ),
      ),
  );
}

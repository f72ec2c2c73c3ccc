import {
  currentUserSchema,
  sessionListSchema,
  sessionTokensSchema,
  ssoRequestSchema,
} from '@whatpro/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthorized } from '../../errors';
import { hubOrigins } from '../../http/origins';
import { auditContextOf } from '../audit/service';
import type { Actor } from './actor';
import { REFRESH_IDLE_TTL_MS } from './issue';
import {
  type AuthDependencies,
  currentUser,
  endOtherSessions,
  endOwnSession,
  listSessions,
  logout,
  refreshSession,
  type SignedIn,
  signInWithChatwoot,
} from './service';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

/** A third-party iframe keeps this cookie only when it is partitioned, Secure and SameSite=None (CHIPS). */
export const REFRESH_COOKIE = '__Host-whatpro_rt';
export const CSRF_HEADER = 'x-whatpro-csrf';
const AUTH_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
/** Refresh runs on every embedded page load, so a shared office address needs more room than sign-in. */
const REFRESH_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };
const SESSION_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
const READ_RATE_LIMIT = { max: 300, timeWindow: '1 minute' };

const cookieOptions = {
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'none' as const,
  partitioned: true,
};

function userActor(request: FastifyRequest) {
  const actor = request.actor as Actor;
  if (actor.type !== 'user') throw unauthorized();
  return actor;
}

/** Clearing must repeat the attributes the cookie was set with, or the browser keeps the partitioned copy. */
export function clearRefreshCookie(reply: FastifyReply) {
  reply.clearCookie(REFRESH_COOKIE, cookieOptions);
}

export function sendSignedIn(reply: FastifyReply, signedIn: SignedIn) {
  reply.setCookie(REFRESH_COOKIE, signedIn.refreshToken, {
    ...cookieOptions,
    maxAge: REFRESH_IDLE_TTL_MS / 1000,
  });
  return {
    access_token: signedIn.accessToken,
    token_type: 'Bearer' as const,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    session_id: signedIn.sessionId,
    user: signedIn.user,
  };
}

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = (): AuthDependencies => app.deps;
  const allowedOrigins = new Set([...hubOrigins(app.deps.config), ...app.deps.config.corsOrigins]);

  /** The refresh cookie rides along cross-site, so its routes also demand a custom header and a known Origin. */
  const csrfCheck = async (request: FastifyRequest) => {
    if (request.headers[CSRF_HEADER] !== '1') throw unauthorized(`Missing ${CSRF_HEADER} header`);
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw unauthorized('Origin not allowed');
  };

  app.post(
    '/auth/sso',
    {
      config: { access: 'public', rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: "Sign in with the agent's Chatwoot session (devise triple) or personal API token",
        body: ssoRequestSchema,
        response: { 200: sessionTokensSchema },
      },
    },
    async (request, reply) =>
      sendSignedIn(reply, await signInWithChatwoot(deps(), request.body, auditContextOf(request))),
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: 'public', rateLimit: REFRESH_RATE_LIMIT },
      onRequest: csrfCheck,
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh cookie and get a new access token',
        response: { 200: sessionTokensSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (!token || token.length > 200) throw unauthorized('No refresh token');
      return sendSignedIn(reply, await refreshSession(deps(), token, auditContextOf(request)));
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated', rateLimit: SESSION_RATE_LIMIT },
      schema: { tags: ['auth'], summary: 'End this session at once', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await logout(deps(), userActor(request), auditContextOf(request));
      reply.clearCookie(REFRESH_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated', rateLimit: READ_RATE_LIMIT },
      schema: { tags: ['auth'], summary: 'Who I am and my accounts', response: { 200: currentUserSchema } },
    },
    async (request) => currentUser(app.deps.database, userActor(request).userId),
  );

  app.get(
    '/auth/sessions',
    {
      config: { access: 'authenticated', rateLimit: READ_RATE_LIMIT },
      schema: { tags: ['auth'], summary: 'My active sessions', response: { 200: sessionListSchema } },
    },
    async (request) => ({ sessions: await listSessions(deps(), userActor(request)) }),
  );

  app.delete(
    '/auth/sessions/:sessionId',
    {
      config: { access: 'authenticated', rateLimit: SESSION_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'End one of my sessions',
        params: z.strictObject({ sessionId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await endOwnSession(deps(), userActor(request), request.params.sessionId, auditContextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sessions/end-others',
    {
      config: { access: 'authenticated', rateLimit: SESSION_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'End all my sessions except this one',
        response: { 200: z.object({ ended: z.number().int() }) },
      },
    },
    async (request) => ({
      ended: await endOtherSessions(deps(), userActor(request), auditContextOf(request)),
    }),
  );
}

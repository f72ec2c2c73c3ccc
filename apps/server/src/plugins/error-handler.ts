import type { ErrorBody, ErrorCode, ValidationIssue } from '@whatpro/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  AppError,
  codeForStatus,
  DATABASE_BUSY_RETRY_SECONDS,
  databaseFailureOf,
  databaseOverloaded,
  inputCausedDatabaseError,
} from '../errors';
import { ChatwootError, chatwootFailureAnswer } from '../integrations/chatwoot';

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: ErrorCode,
  message: string,
  details?: unknown,
): FastifyReply {
  const body: ErrorBody = { error: { code, message, request_id: String(reply.request.id) } };
  if (details !== undefined) body.error.details = details;
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

function validationIssues(
  error: FastifyError & {
    validation: {
      instancePath: string;
      message?: string;
      keyword: string;
      params: Record<string, unknown>;
    }[];
  },
): ValidationIssue[] {
  const context = error.validationContext ?? 'body';
  return error.validation.flatMap((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      return (issue.params.keys as string[]).map((key) => ({
        field: [context, ...path, key].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ field: [context, ...path].join('.'), message: issue.message ?? 'invalid value' }];
  });
}

/** Fastify's own error codes for bad input that did not reach a handler. */
const frameworkErrors: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported content type; send application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'Request body is too large',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'bad_request',
    message: 'Body cannot be empty when content-type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: 'Malformed JSON body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'Content-Length does not match the body',
  },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Invalid content type' },
};

/** A Chatwoot call no feature handled: 502/503 with a message the user can act on, never a 500. */
function sendChatwootFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: ChatwootError,
): FastifyReply {
  const answer = chatwootFailureAnswer(error);
  // The client's messages are built without credentials, so the failure can be logged as it is.
  request.log.warn(
    { operation: error.operation, chatwoot_status: error.status, error: error.name, reason: error.message },
    'chatwoot call failed',
  );
  if (answer.retryAfterSeconds !== undefined) reply.header('retry-after', String(answer.retryAfterSeconds));
  return sendError(reply, answer.status, answer.code, answer.message);
}

/**
 * A database refusal the request's own input caused (a NUL byte, a number out of range, a duplicate): a
 * 4xx naming the problem. The log line carries the SQLSTATE only, never the statement or its parameters.
 */
function sendDatabaseInputError(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: AppError,
  error: Error,
): FastifyReply {
  request.log.info({ sqlstate: databaseFailureOf(error)?.sqlstate }, 'database refused the input');
  return sendError(reply, answer.statusCode, answer.code, answer.message);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendError(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (error instanceof ChatwootError) return sendChatwootFailure(request, reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = validationIssues(error as never);
      const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
      return sendError(reply, 400, 'validation_failed', `Invalid request: ${summary}`, issues);
    }
    const known = error.code ? frameworkErrors[error.code] : undefined;
    if (known) return sendError(reply, known.status, known.code, known.message);
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendError(reply, 400, 'bad_request', 'Malformed JSON body');
    }
    const refusedInput = inputCausedDatabaseError(error);
    if (refusedInput) return sendDatabaseInputError(request, reply, refusedInput, error);
    if (databaseOverloaded(error)) {
      // Nothing was committed (the transaction rolled back), so a retry cannot duplicate anything.
      // The SQLSTATE alone: a wrapped query error's message would carry the statement and its parameters.
      request.log.warn({ sqlstate: databaseFailureOf(error)?.sqlstate ?? 'pool_timeout' }, 'database busy');
      reply.header('retry-after', String(DATABASE_BUSY_RETRY_SECONDS));
      return sendError(reply, 503, 'service_unavailable', 'The database is busy; try again in a moment');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      return sendError(reply, status, codeForStatus[status] ?? 'bad_request', error.message);
    }
    if (status === 503)
      return sendError(reply, 503, 'service_unavailable', 'Service unavailable, try again soon');
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Internal server error');
  });
}

import { z } from 'zod';

export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'account_suspended',
  'payment_required',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable_entity',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  'chatwoot_bad_response',
  'chatwoot_unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const validationIssueSchema = z.object({ field: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

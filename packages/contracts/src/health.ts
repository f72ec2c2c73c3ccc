import { z } from 'zod';

export const dependencyStatusSchema = z.object({
  status: z.enum(['ok', 'down', 'skipped']),
  latency_ms: z.number().optional(),
  error: z.string().optional(),
  /** What the dependency reported about itself (Chatwoot's version from `GET /api`). */
  version: z.string().optional(),
});

export const liveResponseSchema = z.object({ status: z.literal('ok') });

export const readyResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), dependencyStatusSchema),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;

export const deepResponseSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  /** When the probe ran: answers are shared for a few seconds, so this can be slightly in the past. */
  checked_at: z.string(),
  checks: z.record(
    z.string(),
    dependencyStatusSchema.extend({ free_bytes: z.number().optional(), total_bytes: z.number().optional() }),
  ),
});
export type DeepResponse = z.infer<typeof deepResponseSchema>;

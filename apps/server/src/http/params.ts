import { z } from 'zod';

/** Path parameters of every account-scoped route (`/api/v1/accounts/:accountId/…`). */
export const accountParams = z.strictObject({ accountId: z.coerce.number().int().positive() });

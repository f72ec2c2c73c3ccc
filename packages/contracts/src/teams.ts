import { z } from 'zod';

/**
 * A Chatwoot team of the account as the reconcile last read it. Members are Chatwoot users; `user_id`
 * and `name` come from the Hub user of that Chatwoot user when they hold a seat in the account, else null.
 */
export const teamSchema = z.object({
  chatwoot_team_id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  allow_auto_assign: z.boolean(),
  synced_at: z.string(),
  members: z.array(
    z.object({
      chatwoot_user_id: z.number().int(),
      user_id: z.uuid().nullable(),
      name: z.string().nullable(),
    }),
  ),
});
export type Team = z.infer<typeof teamSchema>;
export const teamListSchema = z.object({ teams: z.array(teamSchema) });

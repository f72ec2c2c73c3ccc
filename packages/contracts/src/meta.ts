import { z } from 'zod';

export const locales = ['pt-BR', 'en'] as const;
export type Locale = (typeof locales)[number];

export const appInfoSchema = z.object({
  name: z.literal('WhatPro Hub'),
  version: z.string(),
  environment: z.enum(['development', 'test', 'production']),
  chatwoot_url: z.string().nullable(),
  default_locale: z.enum(locales),
  schema: z.object({ applied_migrations: z.number().int(), latest_migration_at: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

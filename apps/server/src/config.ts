import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const repoRoot = resolve(import.meta.dirname, '../../..');

const weakSecrets = new Set(['change-me', 'changeme', 'secret', 'dev-secret', 'development-secret']);
const DEV_SECRET = 'development-secret-not-for-production-use-000000';

const boolean = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);
const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin like https://chat.example.com (scheme, host, optional port; no path)');

/** Types agents exchange daily; the type is sniffed from the content, never taken from the upload. */
const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/ogg',
  'video/mp4',
] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  HUB_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  CHATWOOT_URL: origin.optional(),
  CHATWOOT_ALLOW_PRIVATE_NETWORK: boolean.optional(),
  CHATWOOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  HEALTH_TOKEN: z.string().min(24, 'must be at least 24 random characters').optional(),
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 random characters').optional(),
  CORS_ORIGINS: csv.pipe(z.array(origin)).default([]),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (the key being rotated out)')
    .optional(),
  SESSION_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  TRUST_PROXY: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  WEB_DIST_DIR: z.string().default(resolve(repoRoot, 'apps/web/dist')),
  EMBED_SCRIPT_PATH: z.string().default(resolve(repoRoot, 'packages/embed/dist/embed.js')),
  PLATFORM_APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JOBS_ENABLED: boolean.default(true),
  JOBS_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  WEBHOOK_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  WEBHOOK_SWEEP_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(59).default(5),
  FULL_RECONCILE_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a UTC time of day as HH:MM')
    .default('02:37'),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: boolean.default(false),
  CHAT_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1_073_741_824).default(26_214_400),
  CHAT_ATTACHMENT_TYPES: csv
    .pipe(z.array(z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'must be MIME types like image/png')))
    .default([...DEFAULT_ATTACHMENT_TYPES]),
  CHAT_ATTACHMENT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  CHAT_SEND_LIMIT_PER_USER: z.coerce.number().int().min(1).max(100_000).default(120),
  CHAT_SEND_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000_000).default(3_000),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  role: 'all' | 'api' | 'worker';
  logLevel: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  redisUrl: string | undefined;
  chatwootUrl: string | undefined;
  /** Lets the Chatwoot client reach private/loopback addresses (the local sandbox); off in production. */
  chatwootAllowPrivateNetwork: boolean;
  /** Per attempt of a Chatwoot call (connect, headers and body). */
  chatwootTimeoutMs: number;
  /** Bearer token for `/health/deep` (monitors); super admin sessions are accepted without it. */
  healthToken: string | undefined;
  /** Bearer token for `/metrics`; without it `/metrics` is open outside production and closed in it. */
  metricsToken: string | undefined;
  corsOrigins: string[];
  sessionSecret: string;
  encryptionKey: string | undefined;
  /** Still opens values sealed before a key rotation. */
  encryptionKeyPrevious: string | undefined;
  /** Still verifies access tokens signed before a secret rotation, until they expire. */
  sessionSecretPrevious: string | undefined;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  trustProxy: string | undefined;
  otelEndpoint: string | undefined;
  webDistDir: string;
  embedScriptPath: string;
  /** Shared secret that signs Platform App install/uninstall events; the events route is off without it. */
  platformAppSecret: string | undefined;
  jobsEnabled: boolean;
  /** How often pg-boss workers look for jobs. */
  jobsPollIntervalSeconds: number;
  /** Attempts at a webhook event before it is dead-lettered. */
  webhookMaxAttempts: number;
  /** Wait before the first retry of a failed webhook event; doubles per attempt, at most an hour. */
  webhookRetryDelayMs: number;
  /** How often conversations changed in Chatwoot are re-read, for the webhooks Chatwoot never retries. */
  reconcileIntervalMinutes: number;
  /** UTC time of day of the nightly full reconcile (pg-boss cron, or the in-process scheduler). */
  fullReconcileAt: { hour: number; minute: number };
  /** How long an event may sit unqueued or overdue before the sweeper queues it again. */
  webhookSweepAfterMs: number;
  storage: StorageConfig;
  /** Largest chat attachment accepted, in bytes. */
  chatAttachmentMaxBytes: number;
  /** MIME types accepted as chat attachments, matched against the type sniffed from the content. */
  chatAttachmentTypes: string[];
  /** How long a signed attachment download link stays valid. */
  chatAttachmentLinkTtlSeconds: number;
  /** Chat messages one user may send per minute in one account (then 429 with Retry-After). */
  chatSendLimitPerUser: number;
  /** Chat messages a whole account may send per minute. */
  chatSendLimitPerAccount: number;
}

/** Where chat attachments are kept: a folder (default: `attachments` in the data folder) or S3-compatible storage. */
export type StorageConfig =
  | { driver: 'local'; dir: string | undefined }
  | {
      driver: 's3';
      bucket: string;
      endpoint: string | undefined;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const definedOnly = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in envSchema.shape && value !== undefined && value !== '',
    ),
  );
  const parsed = envSchema.safeParse(definedOnly);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const problems: string[] = [];
  if (values.NODE_ENV === 'production') {
    if (values.SESSION_SECRET === DEV_SECRET || weakSecrets.has(values.SESSION_SECRET.toLowerCase())) {
      problems.push(
        'SESSION_SECRET: production needs a random secret of 32+ characters, not the demo default',
      );
    } else if (new Set(values.SESSION_SECRET).size < 10) {
      problems.push('SESSION_SECRET: too little variety to be a random secret');
    }
    if (!values.ENCRYPTION_KEY)
      problems.push('ENCRYPTION_KEY: required in production (openssl rand -base64 32)');
    if (!values.CHATWOOT_URL) {
      problems.push(
        'CHATWOOT_URL: required in production (the demo Chatwoot sandbox is for development only)',
      );
    }
    if (!values.PUBLIC_URL) problems.push('PUBLIC_URL: required in production (the https URL users reach)');
  }
  if (values.STORAGE_DRIVER === 's3' && !values.S3_BUCKET) {
    problems.push('S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (Boolean(values.S3_ACCESS_KEY_ID) !== Boolean(values.S3_SECRET_ACCESS_KEY)) {
    problems.push(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither (neither uses the default AWS chain)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = values.DATA_DIR.startsWith('memory://') ? values.DATA_DIR : resolve(values.DATA_DIR);

  return {
    env: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    publicUrl: values.PUBLIC_URL ?? `http://localhost:${values.PORT}`,
    role: values.HUB_ROLE,
    logLevel: values.LOG_LEVEL,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    databasePoolMax: values.DATABASE_POOL_MAX,
    redisUrl: values.REDIS_URL,
    chatwootUrl: values.CHATWOOT_URL,
    chatwootAllowPrivateNetwork: values.CHATWOOT_ALLOW_PRIVATE_NETWORK ?? values.NODE_ENV !== 'production',
    chatwootTimeoutMs: values.CHATWOOT_TIMEOUT_MS,
    healthToken: values.HEALTH_TOKEN,
    metricsToken: values.METRICS_TOKEN,
    corsOrigins: values.CORS_ORIGINS,
    sessionSecret: values.SESSION_SECRET,
    encryptionKey: values.ENCRYPTION_KEY,
    encryptionKeyPrevious: values.ENCRYPTION_KEY_PREVIOUS,
    sessionSecretPrevious: values.SESSION_SECRET_PREVIOUS,
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
    trustProxy: values.TRUST_PROXY,
    otelEndpoint: values.OTEL_EXPORTER_OTLP_ENDPOINT,
    webDistDir: resolve(values.WEB_DIST_DIR),
    embedScriptPath: resolve(values.EMBED_SCRIPT_PATH),
    platformAppSecret: values.PLATFORM_APP_SECRET,
    jobsEnabled: values.JOBS_ENABLED,
    jobsPollIntervalSeconds: values.JOBS_POLL_INTERVAL_SECONDS,
    webhookMaxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
    webhookRetryDelayMs: values.WEBHOOK_RETRY_DELAY_MS,
    webhookSweepAfterMs: values.WEBHOOK_SWEEP_AFTER_MS,
    reconcileIntervalMinutes: values.RECONCILE_INTERVAL_MINUTES,
    fullReconcileAt: {
      hour: Number(values.FULL_RECONCILE_AT.slice(0, 2)),
      minute: Number(values.FULL_RECONCILE_AT.slice(3)),
    },
    storage:
      values.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3',
            bucket: values.S3_BUCKET as string,
            endpoint: values.S3_ENDPOINT,
            region: values.S3_REGION,
            accessKeyId: values.S3_ACCESS_KEY_ID,
            secretAccessKey: values.S3_SECRET_ACCESS_KEY,
            forcePathStyle: values.S3_FORCE_PATH_STYLE,
          }
        : {
            driver: 'local',
            // An in-memory data folder keeps no files either: the driver then uses a temporary folder.
            dir: values.STORAGE_DIR
              ? resolve(values.STORAGE_DIR)
              : dataDir.startsWith('memory://')
                ? undefined
                : resolve(dataDir, 'attachments'),
          },
    chatAttachmentMaxBytes: values.CHAT_ATTACHMENT_MAX_BYTES,
    chatAttachmentTypes: values.CHAT_ATTACHMENT_TYPES,
    chatAttachmentLinkTtlSeconds: values.CHAT_ATTACHMENT_LINK_TTL_SECONDS,
    chatSendLimitPerUser: values.CHAT_SEND_LIMIT_PER_USER,
    chatSendLimitPerAccount: values.CHAT_SEND_LIMIT_PER_ACCOUNT,
  };
}

/** Loads `.env` from the working directory or the repository root, without overriding real variables. */
export function loadDotEnv(): void {
  for (const candidate of [resolve(process.cwd(), '.env'), resolve(repoRoot, '.env')]) {
    if (existsSync(candidate)) {
      process.loadEnvFile(candidate);
      return;
    }
  }
}

import type { FastifyBaseLogger, RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { Database } from './db/database';
import type { DomainEvents } from './domain-events/service';
import type { Cache } from './infra/cache';
import type { EventBus } from './infra/event-bus';
import type { SecretBox } from './infra/secrets';
import type { ObjectStorage } from './infra/storage';
import type { ChatwootClient } from './integrations/chatwoot';
import type { Jobs } from './jobs/jobs';
import type { Metrics } from './plugins/metrics';

/** What every feature is handed: built once in `buildApp`, so features never import the app itself. */
export interface AppDependencies {
  config: Config;
  database: Database;
  bus: EventBus;
  /** The outbox of conversation events and its consumers (domain-events/service.ts). */
  domainEvents: DomainEvents;
  cache: Cache;
  redis: Redis | undefined;
  jobs: Jobs | undefined;
  chatwoot: ChatwootClient | undefined;
  secrets: SecretBox;
  /** Where chat attachments are kept (a folder, or S3-compatible storage). */
  storage: ObjectStorage;
  metrics: Metrics;
  log: FastifyBaseLogger;
  version: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDependencies;
    /** True from the moment shutdown starts: readiness fails first so load balancers drain us. */
    shuttingDown: boolean;
    /** Every route as registered, for the inventory tests (schemas, permissions, tenant isolation). */
    routeInventory: RouteOptions[];
  }
}

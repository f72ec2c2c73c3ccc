import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { Actions, RecordInvalid, RecordNotFound } from './actions.js';
import { DEFAULT_CONFIG, type InstallationConfig } from './config.js';
import type { SandboxContext } from './context.js';
import { ControlError, SandboxControl } from './control.js';
import { EventEmitter } from './events.js';
import { HttpError, NOT_FOUND_BODY, ROUTE_NOT_FOUND_BODY, sendHtml, sendJson } from './http.js';
import { notFoundPage } from './pages.js';
import { registerApiRoutes } from './routes/api.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerControlRoutes } from './routes/control.js';
import { registerPageRoutes } from './routes/pages.js';
import { registerPlatformRoutes } from './routes/platform.js';
import { buildSeed, type SeedOverride } from './seed.js';
import { SandboxState } from './state.js';
import type { SeedData } from './types.js';
import { type DeliveryAttempt, WebhookDispatcher } from './webhooks.js';

export interface SandboxOptions extends Partial<InstallationConfig> {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Replace tables of the default seed, or transform it. */
  seed?: SeedOverride;
  /** URL of the Dashboard App seeded in account 1 (e.g. the Hub); the built-in demo app otherwise. */
  dashboardAppUrl?: string;
  /** Origin to advertise (SSO links, demo app URL) when the sandbox sits behind a proxy. */
  publicUrl?: string;
  /** Milliseconds since the epoch; inject a fixed clock for reproducible timestamps. */
  clock?: () => number;
  /** Fastify request logging (off by default). */
  logger?: boolean;
}

/** Which attempts `deliveries.find`/`waitFor` match; every given field must be equal. */
export interface DeliveryFilter {
  event?: string;
  url?: string;
  webhookId?: number;
  deliveryId?: string;
  attempt?: number;
  ok?: boolean;
}

export interface SandboxDeliveries {
  /** Every recorded attempt, in the order they finished. */
  all(): DeliveryAttempt[];
  find(filter: DeliveryFilter): DeliveryAttempt[];
  /** The first attempt (already recorded or future) matching the filter; rejects after `timeoutMs`. */
  waitFor(
    match: DeliveryFilter | ((attempt: DeliveryAttempt) => boolean),
    timeoutMs?: number,
  ): Promise<DeliveryAttempt>;
  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void>;
  /** Forget recorded attempts and cancel queued deliveries and retries. */
  clear(): void;
}

export interface Sandbox {
  /** Origin of the sandbox, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  close(): Promise<void>;
  control: SandboxControl;
  /** Live installation data (`state.db.*`), sessions and SSO tokens. */
  state: SandboxState;
  deliveries: SandboxDeliveries;
  /** Live installation configuration; change it with `control.configure`. */
  config: InstallationConfig;
  /** The underlying Fastify instance, e.g. for `inject` in tests. */
  app: FastifyInstance;
}

const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as Array<keyof InstallationConfig>;

const EMPTY_SEED: SeedData = {
  accounts: [],
  users: [],
  accountUsers: [],
  teams: [],
  teamMembers: [],
  inboxes: [],
  inboxMembers: [],
  contacts: [],
  contactInboxes: [],
  conversations: [],
  messages: [],
  dashboardApps: [],
  webhooks: [],
  agentBots: [],
  platformApps: [],
  platformAppPermissibles: [],
  customAttributeDefinitions: [],
};

function matches(filter: DeliveryFilter) {
  return (attempt: DeliveryAttempt) =>
    (Object.keys(filter) as Array<keyof DeliveryFilter>).every((key) => attempt[key] === filter[key]);
}

/** Start a Chatwoot sandbox. Resolves once it listens and holds the seed. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const initialConfig: InstallationConfig = { ...DEFAULT_CONFIG };
  for (const key of CONFIG_KEYS) {
    if (options[key] !== undefined) Object.assign(initialConfig, { [key]: options[key] });
  }
  const config: InstallationConfig = { ...initialConfig };
  const clock = options.clock ?? Date.now;
  const state = new SandboxState(EMPTY_SEED, clock);
  const dispatcher = new WebhookDispatcher(
    () => config,
    () => state.nowSeconds(),
  );
  const events = new EventEmitter(state, dispatcher, () => config);
  const actions = new Actions(state, events);
  let baseUrl = options.publicUrl ?? '';

  const seedFor = (override: SeedOverride | undefined) =>
    buildSeed({ baseUrl, dashboardAppUrl: options.dashboardAppUrl }, override);
  /** Back to how the sandbox started: seed, configuration, no sessions, no deliveries. */
  const reset = (override?: SeedOverride) => {
    dispatcher.clear();
    Object.assign(config, initialConfig);
    state.reset(seedFor(override ?? options.seed));
  };
  const signInResponseHeaders = (devise: Record<string, string>) => ({
    ...devise,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'max-age=0, private, must-revalidate',
  });
  const control = new SandboxControl({
    state,
    actions,
    config,
    baseUrl: () => baseUrl,
    reset,
    dropDeliveries: (event, count) => dispatcher.drop(event, count),
    signInResponseHeaders,
  });
  const ctx: SandboxContext = {
    state,
    actions,
    dispatcher,
    config,
    control,
    baseUrl: () => baseUrl,
    signInResponseHeaders,
  };

  const app = Fastify({ logger: options.logger ?? false, routerOptions: { ignoreTrailingSlash: true } });

  // Rails accepts an empty JSON body and ignores bodies it cannot parse into params.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, { status: 400, error: 'Bad Request' }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));

  app.setErrorHandler((error: FastifyError | Error, req, reply) => {
    if (error instanceof HttpError) return sendJson(reply, error.status, error.body);
    if (error instanceof RecordNotFound) return sendJson(reply, 404, NOT_FOUND_BODY);
    if (error instanceof RecordInvalid) {
      return sendJson(reply, 422, { message: error.message, attributes: error.attributes });
    }
    if (error instanceof ZodError)
      return sendJson(reply, 422, { error: 'invalid input', issues: error.issues });
    if (error instanceof ControlError) return sendJson(reply, 422, { error: error.message });
    const status = 'statusCode' in error ? error.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendJson(reply, status, { status, error: error.message });
    }
    req.log.error(error);
    return sendJson(reply, 500, { status: 500, error: 'Internal Server Error' });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const apiPath = /^\/(api|platform|auth|__sandbox)(\/|$)/.test(path);
    if (!apiPath && (req.headers.accept ?? '').includes('text/html'))
      return sendHtml(reply, 404, notFoundPage());
    return sendJson(reply, 404, ROUTE_NOT_FOUND_BODY);
  });

  registerAuthRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerPlatformRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  registerPageRoutes(app, ctx);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  baseUrl = options.publicUrl ?? url;
  state.reset(seedFor(options.seed));

  const deliveries: SandboxDeliveries = {
    all: () => [...dispatcher.attempts],
    find: (filter) => dispatcher.attempts.filter(matches(filter)),
    waitFor: (match, timeoutMs) =>
      dispatcher.waitFor(typeof match === 'function' ? match : matches(match), timeoutMs),
    idle: () => dispatcher.idle(),
    clear: () => dispatcher.clear(),
  };

  return {
    url,
    port,
    control,
    state,
    deliveries,
    config,
    app,
    close: async () => {
      dispatcher.close();
      await app.close();
    },
  };
}

// The client against a misbehaving Chatwoot: a node:http server on 127.0.0.1 whose answers each test
// scripts. Timeouts and delays are short so the file runs in a few seconds.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  type ChatwootClient,
  type ChatwootClientOptions,
  createChatwootClient,
  type UserAuth,
} from './client';
import {
  ChatwootBadResponseError,
  ChatwootBlockedUrlError,
  ChatwootError,
  ChatwootForbiddenError,
  ChatwootInvalidRequestError,
  ChatwootNotFoundError,
  ChatwootRateLimitedError,
  ChatwootUnauthorizedError,
  ChatwootUnreachableError,
} from './errors';

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit, index: number) => void;

interface FakeChatwoot {
  url: string;
  hits: Hit[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

async function startFake(): Promise<FakeChatwoot> {
  const hits: Hit[] = [];
  let handler: Handler = (_req, res) => json(res, 200, {});
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      hits.push(hit);
      handler(req, res, hit, hits.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    handle(next) {
      handler = next;
      hits.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const PROFILE = {
  access_token: 'personal-token-must-vanish',
  account_id: 1,
  available_name: 'Ana',
  email: 'ana@acme.test',
  id: 2,
  name: 'Ana',
  pubsub_token: 'pubsub-must-vanish',
  role: 'administrator',
  accounts: [{ id: 1, name: 'Acme', status: 'active', role: 'administrator' }],
};

const TOKEN = 'tok-SuperSecret-0123456789';
const AUTH: UserAuth = { kind: 'user_token', token: TOKEN };

interface Recorded {
  level: 'warn' | 'debug';
  obj: object;
  msg: string;
}

let fake: FakeChatwoot;
let logs: Recorded[];
const clients: ChatwootClient[] = [];

function clientFor(overrides: Partial<ChatwootClientOptions> = {}): ChatwootClient {
  const client = createChatwootClient({
    baseUrl: fake.url,
    allowPrivateNetwork: true,
    timeoutMs: 150,
    retries: 2,
    retryBaseDelayMs: 1,
    maxRetryDelayMs: 2000,
    log: {
      warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
      debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    },
    ...overrides,
  });
  clients.push(client);
  return client;
}

/** Assert the rejection's class and return the error for further checks. */
async function failure<E extends ChatwootError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${inspect(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

before(async () => {
  fake = await startFake();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
after(() => fake.close());

describe('timeouts and network failures', () => {
  before(() => {
    logs = [];
  });

  test('a Chatwoot that never answers times out; GET is retried', async () => {
    fake.handle(() => undefined);
    const started = Date.now();
    const error = await failure(clientFor().getProfile(AUTH), ChatwootUnreachableError);
    assert.equal(error.reason, 'timeout');
    assert.equal(error.operation, 'getProfile');
    assert.equal(fake.hits.length, 3);
    assert.ok(Date.now() - started < 2000);
  });

  test('a body that stalls half-way times out too', async () => {
    fake.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    const error = await failure(clientFor({ retries: 0 }).getProfile(AUTH), ChatwootUnreachableError);
    assert.equal(error.reason, 'timeout');
    assert.equal(fake.hits.length, 1);
  });

  test('a refused connection is unreachable (connect)', async () => {
    const closed = await startFake();
    const url = closed.url;
    await closed.close();
    const error = await failure(
      clientFor({ baseUrl: url, retries: 1 }).getProfile(AUTH),
      ChatwootUnreachableError,
    );
    assert.equal(error.reason, 'connect');
  });

  test('a dropped connection is retried for GET', async () => {
    fake.handle((req, res, _hit, index) => {
      if (index === 0) req.socket.destroy();
      else json(res, 200, PROFILE);
    });
    const user = await clientFor().getProfile(AUTH);
    assert.equal(user.id, 2);
    assert.equal(fake.hits.length, 2);
  });

  test('a dropped connection is not retried for POST', async () => {
    fake.handle((req) => req.socket.destroy());
    const error = await failure(
      clientFor().toggleConversationStatus(AUTH, 1, 5, 'resolved'),
      ChatwootUnreachableError,
    );
    assert.equal(error.reason, 'network');
    assert.equal(fake.hits.length, 1);
  });
});

describe('retries', () => {
  before(() => {
    logs = [];
  });

  test('GET: 500, 500, then success', async () => {
    logs = [];
    fake.handle((_req, res, _hit, index) =>
      index < 2 ? json(res, 500, { status: 500, error: 'Internal Server Error' }) : json(res, 200, PROFILE),
    );
    const user = await clientFor().getProfile(AUTH);
    assert.equal(user.email, 'ana@acme.test');
    assert.equal(fake.hits.length, 3);
    const warnings = logs.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 2);
    assert.deepEqual(
      warnings.map((w) => (w.obj as { attempt: number }).attempt),
      [1, 2],
    );
  });

  test('GET: 503 every time gives up after the configured retries', async () => {
    fake.handle((_req, res) => json(res, 503, { error: 'maintenance' }));
    const error = await failure(clientFor({ retries: 3 }).listInboxes(AUTH, 1), ChatwootBadResponseError);
    assert.equal(error.status, 503);
    assert.equal(error.chatwootMessage, 'maintenance');
    assert.equal(fake.hits.length, 4);
  });

  test("getVersion's own timeout and retry count replace the client's for that call", async () => {
    fake.handle(() => undefined);
    const client = clientFor({ timeoutMs: 5_000, retries: 3 });
    const error = await failure(client.getVersion({ timeoutMs: 50, retries: 0 }), ChatwootUnreachableError);
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /within 50 ms/);
    assert.equal(fake.hits.length, 1);
  });

  test('POST is never retried, whatever the status', async () => {
    fake.handle((_req, res) => json(res, 503, {}));
    const error = await failure(
      clientFor().createWebhook(AUTH, 1, { url: 'https://hub.test/wh', subscriptions: ['message_created'] }),
      ChatwootBadResponseError,
    );
    assert.equal(error.status, 503);
    assert.equal(fake.hits.length, 1);
    assert.equal(fake.hits[0]?.method, 'POST');
  });

  test('PUT and DELETE are retried (idempotent)', async () => {
    const webhook = { id: 9, account_id: 1, url: 'https://hub.test/wh', subscriptions: ['message_created'] };
    fake.handle((_req, res, _hit, index) =>
      index === 0 ? json(res, 502, {}) : json(res, 200, { payload: { webhook } }),
    );
    const updated = await clientFor().updateWebhook(AUTH, 1, 9, { name: 'Hub' });
    assert.equal(updated.id, 9);
    assert.deepEqual(
      fake.hits.map((h) => h.method),
      ['PUT', 'PUT'],
    );
    assert.deepEqual(JSON.parse(fake.hits[0]?.body ?? ''), { webhook: { name: 'Hub' } });

    fake.handle((_req, res, _hit, index) => {
      res.writeHead(index === 0 ? 504 : 204);
      res.end();
    });
    await clientFor().deleteDashboardApp(AUTH, 1, 3);
    assert.deepEqual(
      fake.hits.map((h) => [h.method, h.url]),
      [
        ['DELETE', '/api/v1/accounts/1/dashboard_apps/3'],
        ['DELETE', '/api/v1/accounts/1/dashboard_apps/3'],
      ],
    );
  });

  test('4xx answers are not retried', async () => {
    fake.handle((_req, res) => json(res, 404, { error: 'Resource could not be found' }));
    await failure(clientFor().getConversation(AUTH, 1, 77), ChatwootNotFoundError);
    assert.equal(fake.hits.length, 1);
  });
});

describe('429 and Retry-After', () => {
  test('GET waits for Retry-After, then succeeds', async () => {
    logs = [];
    fake.handle((_req, res, _hit, index) =>
      index === 0 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, PROFILE),
    );
    const started = Date.now();
    await clientFor().getProfile(AUTH);
    assert.ok(Date.now() - started >= 950, 'waited about one second');
    assert.equal(fake.hits.length, 2);
    const warning = logs.find((l) => l.level === 'warn');
    assert.equal((warning?.obj as { delayMs?: number } | undefined)?.delayMs, 1000);
  });

  test('a Retry-After beyond the bound fails at once with retryAfterMs', async () => {
    fake.handle((_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '120' }));
    const error = await failure(
      clientFor({ maxRetryDelayMs: 50 }).listAgents(AUTH, 1),
      ChatwootRateLimitedError,
    );
    assert.equal(error.retryAfterMs, 120_000);
    assert.equal(error.status, 429);
    assert.equal(fake.hits.length, 1);
  });

  test('an HTTP-date Retry-After is understood', async () => {
    const when = new Date(Date.now() + 90_000).toUTCString();
    fake.handle((_req, res) => json(res, 429, {}, { 'retry-after': when }));
    const error = await failure(
      clientFor({ maxRetryDelayMs: 50 }).listTeams(AUTH, 1),
      ChatwootRateLimitedError,
    );
    assert.ok(
      error.retryAfterMs !== undefined && error.retryAfterMs > 80_000 && error.retryAfterMs <= 90_000,
    );
  });

  test('without Retry-After, GET backs off and finally reports the rate limit', async () => {
    fake.handle((_req, res) => json(res, 429, {}));
    const error = await failure(clientFor().listTeams(AUTH, 1), ChatwootRateLimitedError);
    assert.equal(error.retryAfterMs, undefined);
    assert.equal(fake.hits.length, 3);
  });

  test('POST is not retried on 429', async () => {
    fake.handle((_req, res) => json(res, 429, {}, { 'retry-after': '0' }));
    const error = await failure(
      clientFor().toggleConversationStatus(AUTH, 1, 1, 'open'),
      ChatwootRateLimitedError,
    );
    assert.equal(error.retryAfterMs, 0);
    assert.equal(fake.hits.length, 1);
  });
});

describe('bad responses', () => {
  test('malformed JSON', async () => {
    fake.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": 2, "name": ');
    });
    const error = await failure(clientFor().getProfile(AUTH), ChatwootBadResponseError);
    assert.match(error.message, /not JSON/);
    assert.equal(error.status, 200);
    assert.equal(fake.hits.length, 1);
  });

  test('an HTML page where JSON was expected (wrong base URL, proxy login page)', async () => {
    fake.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in</body></html>');
    });
    const error = await failure(clientFor().listInboxes(AUTH, 1), ChatwootBadResponseError);
    assert.match(error.message, /text\/html/);
  });

  test('a shape we do not know names the path, never the values', async () => {
    fake.handle((_req, res) => json(res, 200, { ...PROFILE, accounts: undefined }));
    const error = await failure(clientFor().getProfile(AUTH), ChatwootBadResponseError);
    assert.match(error.message, /accounts/);
    assert.doesNotMatch(inspect(error, { depth: 10 }), /personal-token-must-vanish|pubsub-must-vanish/);
  });

  test('an unknown account role is a schema mismatch', async () => {
    fake.handle((_req, res) =>
      json(res, 200, { ...PROFILE, accounts: [{ id: 1, name: 'Acme', role: 'owner' }] }),
    );
    const error = await failure(clientFor().getProfile(AUTH), ChatwootBadResponseError);
    assert.match(error.message, /accounts\.0\.role/);
  });

  test('fields Chatwoot adds are kept', async () => {
    fake.handle((_req, res) =>
      json(res, 200, { payload: [{ id: 1, name: 'WA', channel_type: 'Channel::Api', brand_new_field: 7 }] }),
    );
    const [inbox] = await clientFor().listInboxes(AUTH, 1);
    assert.equal(inbox?.brand_new_field, 7);
  });

  test('a body over maxResponseBytes is refused', async () => {
    fake.handle((_req, res) => json(res, 200, { ...PROFILE, padding: 'x'.repeat(5000) }));
    const error = await failure(
      clientFor({ maxResponseBytes: 1000 }).getProfile(AUTH),
      ChatwootBadResponseError,
    );
    assert.match(error.message, /larger than 1000 bytes/);
  });

  test('sign-in without the devise headers is a bad response', async () => {
    fake.handle((_req, res) => json(res, 200, { data: PROFILE }));
    await failure(clientFor().signIn('ana@acme.test', 'pw-123456'), ChatwootBadResponseError);
  });
});

describe('error statuses', () => {
  const cases = [
    { status: 401, body: { error: 'Invalid Access Token' }, type: ChatwootUnauthorizedError },
    { status: 403, body: { error: 'Forbidden' }, type: ChatwootForbiddenError },
    { status: 404, body: { error: 'Resource could not be found' }, type: ChatwootNotFoundError },
    {
      status: 422,
      body: { message: 'Url is invalid', attributes: ['url'] },
      type: ChatwootInvalidRequestError,
    },
    { status: 500, body: { status: 500, error: 'Internal Server Error' }, type: ChatwootBadResponseError },
  ] as const;
  for (const { status, body, type } of cases) {
    test(`${status} → ${type.name}`, async () => {
      fake.handle((_req, res) => json(res, status, body));
      const error = await failure(clientFor({ retries: 0 }).listAgents(AUTH, 1), type);
      assert.equal(error.status, status);
      assert.equal(error.operation, 'listAgents');
      const text = 'error' in body ? body.error : body.message;
      assert.equal(error.chatwootMessage, text);
      assert.ok(error.message.includes(text));
    });
  }

  test('401 bodies: account access and devise’s errors array', async () => {
    fake.handle((_req, res) => json(res, 401, { error: 'You are not authorized to access this account' }));
    const account = await failure(clientFor().listInboxes(AUTH, 2), ChatwootUnauthorizedError);
    assert.equal(account.reason, 'not_permitted');
    assert.equal(fake.hits.length, 1);

    fake.handle((_req, res) =>
      json(res, 401, { errors: ['You need to sign in or sign up before continuing.'] }),
    );
    const devise = await failure(clientFor().getProfile(AUTH), ChatwootUnauthorizedError);
    assert.equal(devise.reason, 'invalid_credentials');
    assert.equal(devise.chatwootMessage, 'You need to sign in or sign up before continuing.');

    fake.handle((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('nope');
    });
    const plain = await failure(clientFor().getProfile(AUTH), ChatwootUnauthorizedError);
    assert.equal(plain.reason, 'unknown');
    assert.equal(plain.chatwootMessage, undefined);
  });
});

describe('redirects are refused', () => {
  let internal: FakeChatwoot;
  before(async () => {
    internal = await startFake();
    internal.handle((_req, res) => json(res, 200, PROFILE));
  });
  after(() => internal.close());

  for (const transport of ['built-in transport', 'global fetch'] as const) {
    test(`a 302 to another host is an error and is not followed (${transport})`, async () => {
      const elsewhere = internal.url.replace('127.0.0.1', 'localhost');
      fake.handle((_req, res) => {
        res.writeHead(302, { location: `${elsewhere}/api/v1/profile` });
        res.end();
      });
      const client = clientFor(transport === 'global fetch' ? { fetch: globalThis.fetch } : {});
      const error = await failure(client.getProfile(AUTH), ChatwootBadResponseError);
      assert.equal(error.status, 302);
      assert.match(error.message, /redirect/);
      assert.ok(error.message.includes(new URL(elsewhere).origin));
      assert.equal(fake.hits.length, 1);
      assert.equal(internal.hits.length, 0);
    });
  }
});

describe('requests', () => {
  test('user-token requests carry api_access_token, accept and user-agent', async () => {
    fake.handle((_req, res) => json(res, 200, PROFILE));
    await clientFor({ userAgent: 'WhatProHub/test' }).getProfile(AUTH);
    const headers = fake.hits[0]?.headers ?? {};
    assert.equal(headers.api_access_token, TOKEN);
    assert.equal(headers.accept, 'application/json');
    assert.equal(headers['user-agent'], 'WhatProHub/test');
    assert.equal(headers['access-token'], undefined);
  });

  test('devise requests carry access-token, client and uid', async () => {
    fake.handle((_req, res) => json(res, 200, PROFILE));
    await clientFor().getProfile({
      kind: 'devise',
      accessToken: 'at-1',
      client: 'cl-1',
      uid: 'ana@acme.test',
    });
    const headers = fake.hits[0]?.headers ?? {};
    assert.deepEqual(
      [headers['access-token'], headers.client, headers.uid],
      ['at-1', 'cl-1', 'ana@acme.test'],
    );
    assert.equal(headers.api_access_token, undefined);
  });

  test('POST bodies are JSON in Chatwoot’s parameter shape', async () => {
    fake.handle((_req, res) =>
      json(res, 200, {
        meta: {},
        payload: { success: true, conversation_id: 4, current_status: 'snoozed', snoozed_until: null },
      }),
    );
    await clientFor().toggleConversationStatus(AUTH, 1, 4, 'snoozed', { snoozedUntil: 1_900_000_000 });
    const hit = fake.hits[0]!;
    assert.equal(hit.url, '/api/v1/accounts/1/conversations/4/toggle_status');
    assert.equal(hit.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(hit.body), { status: 'snoozed', snoozed_until: 1_900_000_000 });
  });

  test('a base URL with a path prefix and query parameters', async () => {
    fake.handle((_req, res) =>
      json(res, 200, {
        data: { meta: { mine_count: 0, assigned_count: 0, unassigned_count: 0, all_count: 0 }, payload: [] },
      }),
    );
    const client = clientFor({ baseUrl: `${fake.url}/chatwoot/` });
    assert.equal(client.baseUrl, `${fake.url}/chatwoot`);
    await client.listConversations(AUTH, 1, { status: 'all', assigneeType: 'me', page: 2, inboxId: 3 });
    assert.equal(
      fake.hits[0]?.url,
      '/chatwoot/api/v1/accounts/1/conversations?status=all&assignee_type=me&inbox_id=3&page=2',
    );
  });

  test('getVersion calls GET /api without credentials', async () => {
    fake.handle((_req, res) => json(res, 200, { version: '4.10.1', timestamp: '2026-01-05 12:00:00' }));
    const version = await clientFor().getVersion();
    assert.equal(version.version, '4.10.1');
    assert.equal(fake.hits[0]?.url, '/api');
    assert.equal(fake.hits[0]?.headers.api_access_token, undefined);
  });

  test('ids that are not positive integers are refused before sending', async () => {
    fake.handle((_req, res) => json(res, 200, {}));
    const client = clientFor();
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await failure(client.getConversation(AUTH, 1, bad), ChatwootInvalidRequestError);
      await failure(client.listInboxes(AUTH, bad), ChatwootInvalidRequestError);
    }
    assert.equal(fake.hits.length, 0);
  });
});

describe('SSRF guard in the client', () => {
  test('a literal private base URL is refused when the client is created', () => {
    for (const baseUrl of [
      'http://127.0.0.1:3000',
      'http://[::1]:3000',
      'http://169.254.169.254',
      'http://localhost',
    ]) {
      assert.throws(
        () => createChatwootClient({ baseUrl, allowPrivateNetwork: false }),
        (error: unknown) => error instanceof ChatwootBlockedUrlError && error.reason === 'private_address',
      );
    }
    assert.throws(
      () => createChatwootClient({ baseUrl: 'https://chat.example.com/?x=1', allowPrivateNetwork: false }),
      ChatwootBlockedUrlError,
    );
  });

  test('a name resolving to loopback is refused at connect time, and nothing is sent', async () => {
    fake.handle((_req, res) => json(res, 200, PROFILE));
    const port = new URL(fake.url).port;
    const client = clientFor({
      baseUrl: `http://chatwoot.example.test:${port}`,
      allowPrivateNetwork: false,
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const error = await failure(client.getProfile(AUTH), ChatwootBlockedUrlError);
    assert.equal(error.reason, 'private_address');
    assert.equal(error.operation, 'getProfile');
    assert.equal(fake.hits.length, 0, 'not retried, not sent');
  });

  test('the address the lookup returns is the one dialled (pinning)', async () => {
    fake.handle((_req, res) => json(res, 200, PROFILE));
    const port = new URL(fake.url).port;
    const client = clientFor({
      baseUrl: `http://chatwoot.example.test:${port}`,
      allowPrivateNetwork: true,
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    assert.equal((await client.getProfile(AUTH)).id, 2);
    assert.equal(fake.hits[0]?.headers.host, `chatwoot.example.test:${port}`);
  });

  test('with a custom fetch the check runs before the call', async () => {
    let called = false;
    const client = clientFor({
      baseUrl: 'http://chatwoot.example.test',
      allowPrivateNetwork: false,
      lookup: async () => [{ address: '10.1.2.3', family: 4 }],
      fetch: async () => {
        called = true;
        return new Response('{}');
      },
    });
    await failure(client.getVersion(), ChatwootBlockedUrlError);
    assert.equal(called, false);
  });
});

describe('credentials never leak', () => {
  const DEVISE: UserAuth = {
    kind: 'devise',
    accessToken: 'devise-AccessToken-abcdef',
    client: 'devise-Client-123456',
    uid: 'ana@acme.test',
  };
  const PASSWORD = 'Pa55word-Never-Logged';
  const SECRETS = [TOKEN, DEVISE.accessToken, DEVISE.client, PASSWORD];

  function assertClean(label: string, value: unknown) {
    const text =
      typeof value === 'string' ? value : `${inspect(value, { depth: 10 })} ${JSON.stringify(value)}`;
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${label} leaks a secret: ${text}`);
  }

  test('Chatwoot echoing credentials back is redacted in errors and logs', async () => {
    logs = [];
    fake.handle((req, res) => {
      const echoed = [req.headers.api_access_token, req.headers['access-token'], req.headers.client, req.url]
        .filter(Boolean)
        .join(' ');
      json(res, req.method === 'POST' ? 401 : 503, { error: `bad credential ${echoed}` });
    });
    const client = clientFor({ retries: 1 });
    const errors: unknown[] = [];
    for (const call of [
      () => client.getProfile(AUTH),
      () => client.getProfile(DEVISE),
      () => client.listInboxes(AUTH, 1),
      () => client.toggleConversationStatus(DEVISE, 1, 1, 'open'),
    ]) {
      await call().then(
        () => assert.fail('expected a failure'),
        (error: unknown) => errors.push(error),
      );
    }
    fake.handle((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [`Invalid login for password ${PASSWORD}`] }));
    });
    await client.signIn('ana@acme.test', PASSWORD).catch((error: unknown) => errors.push(error));

    assert.equal(errors.length, 5);
    for (const error of errors) {
      assert.ok(error instanceof ChatwootError);
      assert.match(error.chatwootMessage ?? '', /\[REDACTED\]/);
      assertClean('error.message', error.message);
      assertClean('String(error)', String(error));
      assertClean('error.stack', error.stack ?? '');
      assertClean('inspect(error)', error);
    }
    assert.ok(logs.length > 0);
    assertClean('log calls', logs);
  });

  test('a transport error quoting the token is scrubbed', async () => {
    const client = clientFor({
      retries: 0,
      fetch: async (_url, init) => {
        const headers = init?.headers as Record<string, string>;
        throw new TypeError(`Headers.append: "${headers.api_access_token}" is an invalid header value.`);
      },
    });
    const error = await failure(client.getProfile(AUTH), ChatwootUnreachableError);
    assertClean('transport error', error);
    assert.match(inspect(error), /\[REDACTED\]/);
  });

  test('a credential a header cannot carry is refused before sending, without echoing it', async () => {
    fake.handle((_req, res) => json(res, 200, PROFILE));
    const bad = `${TOKEN}\r\nX-Injected: 1`;
    const error = await failure(
      clientFor().getProfile({ kind: 'user_token', token: bad }),
      ChatwootUnauthorizedError,
    );
    assert.equal(error.reason, 'invalid_credentials');
    assertClean('header-unsafe credential', error);
    assert.equal(fake.hits.length, 0);
  });
});

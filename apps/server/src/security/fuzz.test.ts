import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiKeyScopes } from '@whatpro/contracts';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../test/app';
import { createTenant, createUser, type TestTenant } from '../test/factories';

/**
 * Hostile input over the whole route inventory (security.md §7): every route and method gets NUL, CR/LF,
 * lone surrogates, huge numbers, overlong strings and deep nesting in its path parameters, its query and
 * its body, from an admin of the account and from nobody. Bad input is the client's mistake: never a
 * 5xx, and never a log line with a failed statement or its parameters.
 */

/** Percent-encoded, as they arrive in a path or a query string. */
const urlPayloads = ['%00', '%0D%0A', '%ED%A0%80', '%FF', '1e400', '99999999999999999999', 'x'.repeat(3_000)];

const longString = 'y'.repeat(200_000);
/** Values a JSON field may hold; each replaces one field of an otherwise valid body. */
const fieldPayloads: unknown[] = ['\u0000', '\r\n', '\ud800', 1e308, longString, [[[[]]]]];
/** Whole bodies, as raw JSON text, for what JSON.stringify cannot produce. */
const rawBodies = [
  '"\\ud800"',
  '{"name":"\\ud800"}',
  '1e400',
  '99999999999999999999',
  '[1e400]',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  '['.repeat(10_000),
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
];

/** A body each mutating route accepts, so a mutated field gets past every other check. */
function validBody(url: string): Record<string, unknown> {
  if (url.endsWith('/api-keys')) return { name: 'fuzz', scopes: [apiKeyScopes[0]] };
  if (url.endsWith('/members/:userId')) return { role: 'agent' };
  return {};
}

interface RouteUnderTest {
  method: string;
  url: string;
  queryKeys: string[];
  bodyKeys: string[];
}

/** zod 4's own description of a schema: its kind and the parts it is built from. */
interface ZodDefinition {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDefinition } }>;
  innerType?: { _zod: { def: ZodDefinition } };
  element?: { _zod: { def: ZodDefinition } };
  options?: { _zod: { def: ZodDefinition } }[];
  in?: { _zod: { def: ZodDefinition } };
}
type ZodLike = { _zod: { def: ZodDefinition }; safeParse(value: unknown): { success: boolean } };

/** Every string inside a request schema, with the path that leads to it. */
function textFields(schema: ZodLike, path: string): [string, ZodLike][] {
  const def = schema._zod.def;
  const inner = (part: unknown, at = path) => textFields(part as ZodLike, at);
  switch (def.type) {
    case 'string':
      return [[path, schema]];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) => inner(field, `${path}.${key}`));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return inner(def.innerType);
    case 'array':
      return inner(def.element, `${path}[]`);
    case 'union':
      return (def.options ?? []).flatMap((option) => inner(option));
    case 'pipe':
      return inner(def.in);
    default:
      return [];
  }
}

function shapeKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

describe('hostile input over the route inventory', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let routes: RouteUnderTest[];
  before(async () => {
    const embedScript = join(mkdtempSync(join(tmpdir(), 'whatpro-fuzz-')), 'embed.js');
    writeFileSync(embedScript, 'void 0;');
    // Everything configured, so each route reads its input instead of answering 503 "not configured";
    // nothing listens at the Chatwoot address, and no valid credential is ever sent to it.
    t = await createTestApp({
      env: {
        CHATWOOT_URL: 'http://127.0.0.1:9',
        PLATFORM_APP_SECRET: 'fuzz-platform-app-secret-0123456789abcdef',
        EMBED_SCRIPT_PATH: embedScript,
      },
    });
    tenant = await createTenant(t.app, 'Fuzz');
    // HEAD runs the GET route's handler and schema, so GET covers it.
    routes = t.app.routeInventory.flatMap((route) =>
      [route.method]
        .flat()
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          url: route.url,
          queryKeys: shapeKeys(route.schema?.querystring),
          bodyKeys: shapeKeys(route.schema?.body),
        })),
    );
  });
  after(() => t.close());

  /** Path with every parameter filled in: the tenant's account, a random id, or the payload under test. */
  function path(url: string, payloadFor?: string, payload?: string): string {
    return url
      .replace(/:(\w+)|\*/g, (match, name?: string) => {
        if (match === (payloadFor ?? '') || name === payloadFor) return payload!;
        if (name === 'accountId') return String(tenant.accountId);
        return randomUUID();
      })
      .replace(/^\*$/, '/');
  }

  function requestsFor(route: RouteUnderTest): InjectOptions[] {
    const method = route.method as InjectOptions['method'];
    const params = [...route.url.matchAll(/:(\w+)|\*/g)].map((match) => match[1] ?? '*');
    const requests: InjectOptions[] = [];
    for (const payload of urlPayloads) {
      for (const param of params) requests.push({ method, url: path(route.url, param, payload) });
      for (const key of route.queryKeys.length > 0 ? route.queryKeys : ['q']) {
        requests.push({ method, url: `${path(route.url)}?${key}=${payload}` });
      }
    }
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)) {
      const base = validBody(route.url);
      const json = { 'content-type': 'application/json' };
      for (const raw of rawBodies)
        requests.push({ method, url: path(route.url), headers: json, payload: raw });
      for (const key of new Set([...route.bodyKeys, ...Object.keys(base), 'name'])) {
        for (const value of fieldPayloads) {
          requests.push({
            method,
            url: path(route.url),
            headers: json,
            payload: JSON.stringify({ ...base, [key]: value }),
          });
        }
      }
    }
    return requests;
  }

  async function fuzz(caller: () => Promise<Record<string, string>>) {
    const failures: string[] = [];
    for (const route of routes) {
      // A fresh caller per route: routes that end the caller's session must not spoil the next ones,
      // and rate limits (per user, or per address) must not hide what a route does with the input.
      const headers = await caller();
      const requests = requestsFor(route);
      const responses = await Promise.all(
        requests.map((request) =>
          t.app.inject({
            ...request,
            headers: { ...headers, ...(request.headers as Record<string, string>) },
            remoteAddress: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
          }),
        ),
      );
      responses.forEach((response, index) => {
        if (response.statusCode >= 500) {
          const request = requests[index]!;
          failures.push(
            `${route.method} ${String(request.url).slice(0, 120)} ${String(request.payload ?? '').slice(0, 60)} → ${response.statusCode}`,
          );
        }
      });
    }
    return failures;
  }

  const assertLogsHoldNoStatement = () => {
    const text = t.logs.text();
    assert.doesNotMatch(text, /Failed query|"params":|"query":/);
    assert.deepEqual(
      t.logs.lines.filter((line) => line.level === 'error').map((line) => line.msg),
      [],
    );
  };

  test('every text field of every route refuses NUL, other control characters and lone surrogates', () => {
    const accepting: string[] = [];
    let checked = 0;
    for (const route of t.app.routeInventory) {
      for (const part of ['params', 'querystring', 'body'] as const) {
        const schema = route.schema?.[part] as ZodLike | undefined;
        if (!schema?._zod) continue;
        for (const [field, text] of textFields(schema, `${route.url} ${part}`)) {
          checked++;
          for (const hostile of ['a\u0000b', 'a\u001bb', '\ud800']) {
            if (text.safeParse(hostile).success)
              accepting.push(`${field} accepts ${JSON.stringify(hostile)}`);
          }
        }
      }
    }
    assert.ok(checked >= 10, `only ${checked} text fields found`);
    assert.deepEqual([...new Set(accepting)], []);
  });

  test('an admin of the account never gets a 5xx, and no log line carries SQL or its parameters', async () => {
    const failures = await fuzz(async () => {
      const admin = await createUser(t.app, { accountId: tenant.accountId, role: 'admin' });
      return admin.headers;
    });
    assert.deepEqual(failures, []);
    assertLogsHoldNoStatement();
  });

  test('an anonymous caller never gets a 5xx, and no log line carries SQL or its parameters', async () => {
    const failures = await fuzz(async () => ({}));
    assert.deepEqual(failures, []);
    assertLogsHoldNoStatement();
  });
});

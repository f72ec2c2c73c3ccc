// Helpers for the sandbox's own tests (and for any test that wants a webhook receiver).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, type SandboxOptions, startSandbox } from './server.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** Raw body exactly as received. */
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Status codes to answer with, one per request in order; 200 once they run out. */
  respondWith(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 that records every request it gets. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (...codes) => {
      statuses = codes;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ApiCall {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ApiResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** Call the sandbox over real HTTP. */
export async function call<T = unknown>(
  sandbox: Sandbox,
  path: string,
  options: ApiCall = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.api_access_token = options.token;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/** Start a sandbox for one test file with fast retry settings. */
export function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ retryBaseDelayMs: 10, webhookTimeoutMs: 1000, ...options });
}

/** Demo tokens by short name, for readable tests. */
export const TOKENS = {
  sofia: 'sandbox-token-sofia-super',
  ana: 'sandbox-token-ana-admin',
  bruno: 'sandbox-token-bruno-agent',
  carla: 'sandbox-token-carla-dual',
  eva: 'sandbox-token-eva-agent',
  diego: 'sandbox-token-diego-agent',
  gabi: 'sandbox-token-gabi-suspended',
  bot: 'sandbox-token-bot-triagem',
  platform: 'sandbox-token-platform-hub',
  otherPlatform: 'sandbox-token-platform-other',
} as const;

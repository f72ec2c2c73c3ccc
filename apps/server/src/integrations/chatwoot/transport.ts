// The client's default HTTP transport: node:http/https behind a fetch-shaped function. Global fetch
// cannot be given a DNS lookup hook without undici's Agent, and the lookup hook is where the SSRF
// guard pins the checked address to the dialled one. Like `redirect: 'manual'`, node:http never
// follows redirects.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createSocketLookup, type Resolver } from './ssrf';

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
}

/** What the client needs from `fetch`; global `fetch` satisfies it. */
export type Transport = (url: string, init: TransportInit) => Promise<Response>;

export interface NodeTransport {
  transport: Transport;
  /** Drop pooled keep-alive sockets. */
  close(): void;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createNodeTransport(options: {
  allowPrivateNetwork: boolean;
  lookup?: Resolver;
}): NodeTransport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  const lookup = createSocketLookup({
    allowPrivateNetwork: options.allowPrivateNetwork,
    resolve: options.lookup,
  });

  const transport: Transport = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(
        target,
        {
          method: init.method,
          headers: init.headers,
          agent: secure ? agents['https:'] : agents['http:'],
          lookup,
          signal: init.signal,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          try {
            const headers = new Headers();
            for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
              headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
            }
            const nullBody = NULL_BODY_STATUSES.has(status) || init.method === 'HEAD';
            if (nullBody) response.resume();
            const body = nullBody
              ? null
              : (Readable.toWeb(response) as NodeReadableStream<Uint8Array> as unknown as ReadableStream);
            resolve(new Response(body, { status, statusText: response.statusMessage ?? '', headers }));
          } catch (error) {
            response.destroy();
            reject(error);
          }
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });

  return {
    transport,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

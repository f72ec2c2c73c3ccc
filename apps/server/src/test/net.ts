import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port nothing listens on: bound once, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until the probe returns a value; bounded, so a regression fails instead of hanging. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakeHttpServer {
  url: string;
  /** Request paths in arrival order since the last `handle`. */
  hits: string[];
  /** Answers from now on with `handler`, and forgets earlier hits. */
  handle(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A stand-in for an outside HTTP server (a misbehaving Chatwoot, say) whose answers the test sets. */
export async function startFakeHttpServer(
  handler: FakeHandler = (_req, res) => res.end(),
): Promise<FakeHttpServer> {
  const hits: string[] = [];
  let current = handler;
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    current(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    handle(next) {
      current = next;
      hits.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

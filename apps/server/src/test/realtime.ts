import WebSocket from 'ws';

/** A single-use realtime ticket for the user in the account, asked of a listening Hub. */
export async function realtimeTicket(
  baseUrl: string,
  user: { headers: { authorization: string } },
  accountId: number,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/realtime/tickets`, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ account_id: accountId }),
  });
  if (response.status !== 201) throw new Error(`ticket: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { ticket: string }).ticket;
}

export type Frame = { type: string } & Record<string, unknown>;

/** An open socket and every frame it received, to wait on in order of arrival. */
export interface TestSocket {
  socket: WebSocket;
  frames: Frame[];
  /** The first frame (already received or still to come) that matches, or a rejection after `timeoutMs`. */
  next(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  closed: Promise<number>;
}

export function openSocket(
  baseUrl: string,
  ticket: string | undefined,
  headers: Record<string, string> = {},
): Promise<TestSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws${ticket === undefined ? '' : `?ticket=${ticket}`}`;
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const next = (match: (frame: Frame) => boolean, timeoutMs = 5_000) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        const found = frames.find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, next, closed }));
    socket.once('unexpected-response', (request, response) => {
      // With this listener attached, ws leaves the refused HTTP exchange open for us to end.
      request.destroy();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    socket.once('error', reject);
  });
}

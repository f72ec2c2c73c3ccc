import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { onExit } from './cleanup';

export interface ServerProcess {
  /** Base URL on the loopback address, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The server's process id (its memory is read from /proc). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** TypeScript or JavaScript entry file, run as `node --import tsx <entry>`. */
  entry: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

const READY_LINE = /running at (https?:\/\/\S+)/;
const TAIL_CHARS = 4_000;

/**
 * Starts a server in its own process (so it never shares an event loop with the load generator)
 * and resolves once it prints `… running at <url>`. The process is killed on any exit of the bench.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = onExit(() => child.kill('SIGKILL'));
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-TAIL_CHARS);
  };
  // Both pipes are drained for the child's whole life: a full pipe would block its writes.
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const exited = once(child, 'exit');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    forget();
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not start within ${timeoutMs} ms`)), timeoutMs);
      const onData = () => {
        const match = READY_LINE.exec(output);
        if (!match?.[1]) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        // Loopback only, and IPv4: `localhost` may resolve to ::1 where the server is not listening.
        resolve(match[1].replace('//localhost', '//127.0.0.1').replace(/\/$/, ''));
      };
      child.stdout.on('data', onData);
      exited.then(([code, signal]) => {
        clearTimeout(timer);
        reject(new Error(`exited before listening (code ${code}, signal ${signal})`));
      });
    });
    return { url, pid: child.pid as number, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${output.trim()}`);
  }
}

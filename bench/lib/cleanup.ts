/**
 * Cleanup that runs however the benchmark ends: normal finish, an error, or Ctrl+C / SIGTERM.
 * Tasks run last-registered first (stop servers before dropping the database they use).
 */
type Task = () => Promise<void> | void;

const tasks: Task[] = [];
/** Last resort on a hard exit: kill children synchronously. */
const lastResort = new Set<() => void>();

export function onCleanup(task: Task): void {
  tasks.push(task);
}

export function onExit(kill: () => void): () => void {
  lastResort.add(kill);
  return () => lastResort.delete(kill);
}

export async function runCleanup(): Promise<void> {
  for (let task = tasks.pop(); task; task = tasks.pop()) {
    try {
      await task();
    } catch (error) {
      console.error(`cleanup: ${(error as Error).message}`);
    }
  }
}

process.on('exit', () => {
  for (const kill of lastResort) kill();
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers and cleaning up…`);
    const force = setTimeout(() => process.exit(130), 10_000);
    force.unref();
    runCleanup().finally(() => process.exit(130));
  });
}

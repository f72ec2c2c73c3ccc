/**
 * Tasks given the same key run one after another, in the order they were given, each after the one before
 * it has settled (succeeded or failed); tasks of different keys never wait for each other. A key is
 * forgotten once its last task has settled, so idle keys cost nothing.
 */
export class OneAtATime {
  readonly #latest = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const current = (this.#latest.get(key) ?? Promise.resolve()).then(task, task);
    this.#latest.set(key, current);
    const forget = () => {
      if (this.#latest.get(key) === current) this.#latest.delete(key);
    };
    current.then(forget, forget);
    return current;
  }

  /** Settles once every task given so far has settled. */
  async idle(): Promise<void> {
    await Promise.allSettled(this.#latest.values());
  }
}

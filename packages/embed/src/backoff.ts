export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0 ≤ random() < 1; spreads retries so every open Chatwoot tab does not hit a recovering Hub at once. */
  random: () => number;
}

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, with half of it jittered. */
export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

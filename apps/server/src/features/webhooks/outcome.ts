/**
 * What a webhook handler may report besides success. Kept apart from service.ts so handlers of other
 * features can use it without importing the service that registers them.
 */

/** Handled, with nothing to change: shown on the stored event as `ignored` with this reason. */
export interface IgnoredEvent {
  ignored: string;
}

/**
 * The event must never be applied (it names another account's inbox, or is not what its name says):
 * dead-lettered at once with this message, since retrying cannot change the answer.
 */
export class RefusedEvent extends Error {}

/** One event of a batch that failed on its own (a refusal, or an error to retry), the others unaffected. */
export interface FailedEvent {
  failed: unknown;
}

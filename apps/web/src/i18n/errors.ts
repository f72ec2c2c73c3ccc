import { ApiError, type ApiErrorCode } from '../api/client';
import type { PlainMessageKey, Translate } from './i18n';

/** Every code the server or the client can report has a message; a code without one fails to compile. */
export function errorMessageKey(code: ApiErrorCode): PlainMessageKey {
  return `error.${code}`;
}

/** The server's message is English and technical; people see the text for its code, in their language. */
export function describeError(t: Translate, error: unknown): string {
  return t(errorMessageKey(error instanceof ApiError ? error.code : 'unexpected_response'));
}

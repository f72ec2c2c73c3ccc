import { z } from 'zod';

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DELETE = 0x7f;

/**
 * Whether `value` holds a C0 control character or DEL. They reach logs, CSV exports and PostgreSQL, which
 * refuses NUL in text outright; multi-line text keeps tab, LF and CR.
 */
function hasControlCharacter(value: string, multiline: boolean): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0x20 && code !== DELETE) continue;
    if (multiline && (code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN)) continue;
    return true;
  }
  return false;
}

/** A surrogate code unit outside a valid pair is not Unicode text and has no UTF-8 encoding. */
const loneSurrogate = /[\ud800-\udfff]/u;

export interface SafeTextOptions {
  /** Allow tab, LF and CR (message bodies, descriptions); one-line fields refuse them. */
  multiline?: boolean;
}

/**
 * A string every request field should be: well-formed Unicode without control characters. Build every
 * text input of a body, query or path from it (`safeText().min(1).max(100)`).
 */
export function safeText(options: SafeTextOptions = {}) {
  const multiline = options.multiline ?? false;
  return z
    .string()
    .refine((value) => !hasControlCharacter(value, multiline), {
      message: multiline
        ? 'must not contain control characters'
        : 'must be one line without control characters',
    })
    .refine((value) => !loneSurrogate.test(value), { message: 'must be well-formed Unicode' });
}

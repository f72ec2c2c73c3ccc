/**
 * localStorage holds UI preferences only (theme, language) — never tokens.
 * Inside a third-party iframe (Chatwoot Dashboard App) storage can be blocked and
 * access then throws, so a failure means "no saved preference" instead of a crash.
 */
export function readPreference(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Blocked storage only costs persistence; the choice still applies to this page.
  }
}

export function removePreference(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Same as above: nothing to undo when storage is unavailable.
  }
}

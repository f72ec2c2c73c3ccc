import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Each test starts from a fresh page: no saved preferences, no theme class, at `/`.
// Files that opt into the node environment have no page to reset.
afterEach(() => {
  if (typeof window === 'undefined') return;
  cleanup();
  window.localStorage.clear();
  document.documentElement.className = '';
  document.documentElement.lang = '';
  window.history.replaceState(null, '', '/');
});

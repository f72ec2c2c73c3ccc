import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Each test starts from a fresh page: no saved preferences, no theme class, at `/`.
afterEach(() => {
  cleanup();
  window.localStorage.clear();
  document.documentElement.className = '';
  document.documentElement.lang = '';
  window.history.replaceState(null, '', '/');
});

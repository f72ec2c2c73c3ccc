import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { THEME_STORAGE_KEY, ThemeProvider, useTheme } from './theme';

/** A controllable prefers-color-scheme, since the test DOM has no real OS setting. */
function fakeSystemScheme(initiallyDark: boolean) {
  let matches = initiallyDark;
  const listeners = new Set<() => void>();
  vi.stubGlobal('matchMedia', (query: string) => ({
    media: query,
    get matches() {
      return matches;
    },
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  }));
  return {
    set(dark: boolean) {
      matches = dark;
      for (const listener of listeners) listener();
    },
  };
}

function ThemeButtons() {
  const { preference, resolved, setPreference } = useTheme();
  return (
    <div>
      <p>{`${preference}/${resolved}`}</p>
      <button type="button" onClick={() => setPreference('dark')}>
        dark
      </button>
      <button type="button" onClick={() => setPreference('light')}>
        light
      </button>
      <button type="button" onClick={() => setPreference('system')}>
        system
      </button>
    </div>
  );
}

function renderTheme() {
  return render(
    <ThemeProvider>
      <ThemeButtons />
    </ThemeProvider>,
  );
}

const html = () => document.documentElement;

describe('ThemeProvider', () => {
  let system: ReturnType<typeof fakeSystemScheme>;
  beforeEach(() => {
    system = fakeSystemScheme(false);
  });

  it('adds and removes the dark class on <html> and persists the choice', () => {
    renderTheme();
    expect(html().classList.contains('dark')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'dark' }));
    expect(html().classList.contains('dark')).toBe(true);
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    fireEvent.click(screen.getByRole('button', { name: 'light' }));
    expect(html().classList.contains('dark')).toBe(false);
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('starts from the saved preference', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    renderTheme();
    expect(screen.getByText('dark/dark')).toBeTruthy();
    expect(html().classList.contains('dark')).toBe(true);
  });

  it('follows prefers-color-scheme by default, live', () => {
    system.set(true);
    renderTheme();
    expect(screen.getByText('system/dark')).toBeTruthy();
    expect(html().classList.contains('dark')).toBe(true);

    act(() => system.set(false));
    expect(html().classList.contains('dark')).toBe(false);
  });

  it('going back to "system" forgets the saved choice', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    renderTheme();
    fireEvent.click(screen.getByRole('button', { name: 'system' }));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(screen.getByText('system/light')).toBeTruthy();
  });

  it('keeps working when storage is blocked, as in some third-party iframes', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    renderTheme();
    fireEvent.click(screen.getByRole('button', { name: 'dark' }));
    expect(html().classList.contains('dark')).toBe(true);
  });
});

import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { readPreference, removePreference, writePreference } from '../lib/storage';

export const themePreferences = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof themePreferences)[number];
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'whatpro.theme';
const darkSchemeQuery = '(prefers-color-scheme: dark)';

export function readThemePreference(): ThemePreference {
  const stored = readPreference(THEME_STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function prefersDark(): boolean {
  return window.matchMedia?.(darkSchemeQuery).matches ?? false;
}

function subscribeToSystemScheme(onChange: () => void): () => void {
  const query = window.matchMedia?.(darkSchemeQuery);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

export function resolveTheme(preference: ThemePreference, systemIsDark = prefersDark()): ResolvedTheme {
  if (preference !== 'system') return preference;
  return systemIsDark ? 'dark' : 'light';
}

/** Tailwind's `dark:` variant and the colour tokens both key off this class on <html>. */
export function applyTheme(theme: ResolvedTheme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

interface ThemeContextValue {
  preference: ThemePreference;
  resolved: ResolvedTheme;
  setPreference: (preference: ThemePreference) => void;
}

const ThemeContext = createContext<ThemeContextValue | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreferenceState] = useState(readThemePreference);
  const systemIsDark = useSyncExternalStore(subscribeToSystemScheme, prefersDark);
  const resolved = resolveTheme(preference, systemIsDark);

  useLayoutEffect(() => applyTheme(resolved), [resolved]);

  const setPreference = useCallback((next: ThemePreference) => {
    setPreferenceState(next);
    // "system" is the absence of a choice, so later OS changes keep being followed.
    if (next === 'system') removePreference(THEME_STORAGE_KEY);
    else writePreference(THEME_STORAGE_KEY, next);
  }, []);

  const value = useMemo(
    () => ({ preference, resolved, setPreference }),
    [preference, resolved, setPreference],
  );
  return <ThemeContext value={value}>{children}</ThemeContext>;
}

export function useTheme(): ThemeContextValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme must be used inside <ThemeProvider>');
  return value;
}

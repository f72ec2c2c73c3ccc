import { type Locale, locales } from '@whatpro/contracts';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useState,
} from 'react';
import { readPreference, writePreference } from '../lib/storage';
import { en } from './en';
import { type Dictionary, type MessageKey, ptBR } from './pt-BR';

export const LOCALE_STORAGE_KEY = 'whatpro.locale';
const defaultLocale: Locale = 'pt-BR';
const dictionaries: Record<Locale, Dictionary> = { 'pt-BR': ptBR, en };

type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
type ParamsFor<Key extends MessageKey> = Placeholders<(typeof ptBR)[Key]>;

/** Keys usable without params; a variable typed with it can be passed straight to `t()`. */
export type PlainMessageKey = {
  [Key in MessageKey]: [ParamsFor<Key>] extends [never] ? Key : never;
}[MessageKey];

/** Keys with `{placeholders}` demand a matching params object; keys without take none. */
export type Translate = <Key extends MessageKey>(
  key: Key,
  ...params: [ParamsFor<Key>] extends [never] ? [] : [Record<ParamsFor<Key>, string | number>]
) => string;

/** A counted message: the base of keys `<base>.one`, `<base>.other`, …; every one has `.other`. */
export type PluralKey = {
  [Key in MessageKey]: Key extends `${infer Base}.other` ? Base : never;
}[MessageKey];
type PluralParamsFor<Key extends PluralKey> = Exclude<ParamsFor<`${Key}.other`>, 'count'>;

/** `{count}` is filled with the count formatted for the locale; other placeholders come in params. */
export type TranslatePlural = <Key extends PluralKey>(
  key: Key,
  count: number,
  ...params: [PluralParamsFor<Key>] extends [never] ? [] : [Record<PluralParamsFor<Key>, string | number>]
) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function fill(text: string, params?: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    params && name in params ? String(params[name]) : placeholder,
  );
}

export function createTranslator(dictionary: Dictionary): Translate {
  return ((key: MessageKey, params?: Record<string, string | number>) =>
    fill(dictionary[key], params)) as Translate;
}

/**
 * Picks the form Intl.PluralRules names for the count in this locale, falling back to `.other`. A
 * `.zero` form, when a message has one, is the text for exactly 0 (ICU's `=0`): pt-BR's rules put 0
 * with 1, so without it "0 cartão" would be shown.
 */
export function createPluralTranslator(locale: Locale, dictionary: Dictionary): TranslatePlural {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const forms = dictionary as Readonly<Record<string, string>>;
  return ((key: PluralKey, count: number, params?: Record<string, string | number>) => {
    const category = count === 0 && forms[`${key}.zero`] !== undefined ? 'zero' : rules.select(count);
    const text = forms[`${key}.${category}`] ?? dictionary[`${key}.other`];
    return fill(text, { ...params, count: numbers.format(count) });
  }) as TranslatePlural;
}

interface LocaleState {
  locale: Locale;
  /** True once the user picked a language here; a deployment default must not override it. */
  chosen: boolean;
}

function initialLocaleState(): LocaleState {
  const stored = readPreference(LOCALE_STORAGE_KEY);
  return isLocale(stored) ? { locale: stored, chosen: true } : { locale: defaultLocale, chosen: false };
}

interface I18nContextValue {
  locale: Locale;
  t: Translate;
  plural: TranslatePlural;
  setLocale: (locale: Locale) => void;
  applyDeploymentDefault: (locale: Locale) => void;
  /** Inside Chatwoot the language is Chatwoot's: followed, not saved as the person's own choice. */
  followLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(initialLocaleState);
  const { locale } = state;

  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setState({ locale: next, chosen: true });
    writePreference(LOCALE_STORAGE_KEY, next);
  }, []);

  const applyDeploymentDefault = useCallback((next: Locale) => {
    setState((current) => (current.chosen ? current : { locale: next, chosen: false }));
  }, []);

  const followLocale = useCallback((next: Locale) => {
    setState((current) => (current.locale === next ? current : { locale: next, chosen: false }));
  }, []);

  const value = useMemo(
    () => ({
      locale,
      t: createTranslator(dictionaries[locale]),
      plural: createPluralTranslator(locale, dictionaries[locale]),
      setLocale,
      applyDeploymentDefault,
      followLocale,
    }),
    [locale, setLocale, applyDeploymentDefault, followLocale],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

function useI18nContext(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('i18n hooks must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18nContext().t;
}

export function usePlural(): TranslatePlural {
  return useI18nContext().plural;
}

export function useLocale(): Omit<I18nContextValue, 't' | 'plural'> {
  const { locale, setLocale, applyDeploymentDefault, followLocale } = useI18nContext();
  return { locale, setLocale, applyDeploymentDefault, followLocale };
}

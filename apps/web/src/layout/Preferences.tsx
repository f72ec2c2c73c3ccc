import { locales } from '@whatpro/contracts';
import { useId } from 'react';
import { isLocale, useLocale, useT } from '../i18n/i18n';
import { themePreferences, useTheme } from '../theme/theme';

const selectClass =
  'h-8 w-full rounded-lg border border-n-strong bg-n-solid-2 px-2 text-n-slate-12 text-sm hover:border-n-slate-11';

function isThemePreference(value: string): value is (typeof themePreferences)[number] {
  return (themePreferences as readonly string[]).includes(value);
}

export function Preferences() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { preference, setPreference } = useTheme();
  const languageId = useId();
  const themeId = useId();

  return (
    <fieldset className="flex min-w-0 flex-1 flex-wrap gap-2 sm:flex-col">
      <legend className="sr-only">{t('prefs.label')}</legend>
      <div className="flex min-w-32 flex-1 flex-col gap-1">
        <label htmlFor={languageId} className="text-n-slate-11 text-xs">
          {t('prefs.language')}
        </label>
        <select
          id={languageId}
          className={selectClass}
          value={locale}
          onChange={(event) => {
            if (isLocale(event.target.value)) setLocale(event.target.value);
          }}
        >
          {locales.map((option) => (
            <option key={option} value={option} lang={option}>
              {t(`locale.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex min-w-32 flex-1 flex-col gap-1">
        <label htmlFor={themeId} className="text-n-slate-11 text-xs">
          {t('prefs.theme')}
        </label>
        <select
          id={themeId}
          className={selectClass}
          value={preference}
          onChange={(event) => {
            if (isThemePreference(event.target.value)) setPreference(event.target.value);
          }}
        >
          {themePreferences.map((option) => (
            <option key={option} value={option}>
              {t(`theme.${option}`)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

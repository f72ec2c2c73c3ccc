import { act, fireEvent, render, screen } from '@testing-library/react';
import { errorCodes } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorCode } from '../api/client';
import { en } from './en';
import { describeError, errorMessageKey } from './errors';
import {
  createPluralTranslator,
  createTranslator,
  I18nProvider,
  LOCALE_STORAGE_KEY,
  useLocale,
  usePlural,
  useT,
} from './i18n';
import { ptBR } from './pt-BR';

const PLURAL_FORM = /^(.+)\.(zero|one|two|few|many|other)$/;

/** Counted messages (keys `<base>.<plural category>`) and the forms each has. */
function countedMessages(dictionary: Record<string, string>): Map<string, string[]> {
  const forms = new Map<string, string[]>();
  for (const key of Object.keys(dictionary)) {
    const [, base, category] = PLURAL_FORM.exec(key) ?? [];
    if (base && category) forms.set(base, [...(forms.get(base) ?? []), category]);
  }
  return forms;
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

function Probe() {
  const t = useT();
  const { locale, setLocale, applyDeploymentDefault } = useLocale();
  return (
    <div>
      <p>{t('nav.chat')}</p>
      <p>{t('about.version', { version: '1.2.3' })}</p>
      <button type="button" onClick={() => setLocale(locale === 'en' ? 'pt-BR' : 'en')}>
        switch
      </button>
      <button type="button" onClick={() => applyDeploymentDefault('en')}>
        deployment-en
      </button>
    </div>
  );
}

describe('dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
  });

  it('use the same placeholders for every key', () => {
    for (const key of Object.keys(ptBR) as (keyof typeof ptBR)[]) {
      expect(placeholdersOf(en[key]), key).toEqual(placeholdersOf(ptBR[key]));
    }
  });

  it('have no empty messages', () => {
    for (const dictionary of [ptBR, en]) {
      for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('');
    }
  });
});

describe('translator', () => {
  it('fills placeholders', () => {
    expect(createTranslator(en)('about.errorDetail', { code: 'not_found', requestId: 'r-1' })).toBe(
      'Code not_found · request r-1',
    );
  });
});

function FailingChecks() {
  const plural = usePlural();
  return <p>{plural('health.unavailableChecks', 2, { checks: 'redis, database' })}</p>;
}

describe('plurals', () => {
  it('every counted message has at least the "one" and "other" forms, in both languages', () => {
    const counted = countedMessages(ptBR);
    expect(counted.size).toBeGreaterThan(0);
    for (const dictionary of [ptBR, en]) {
      for (const [base, forms] of countedMessages(dictionary)) {
        expect(forms, base).toEqual(expect.arrayContaining(['one', 'other']));
      }
    }
  });

  it('picks the form Intl.PluralRules names for the count, with the count formatted for the language', () => {
    const pt = createPluralTranslator('pt-BR', ptBR);
    const english = createPluralTranslator('en', en);
    const checks = { checks: 'database' };

    expect(pt('health.unavailableChecks', 1, checks)).toBe(
      'Servidor indisponível: 1 verificação falhou (database)',
    );
    expect(pt('health.unavailableChecks', 2, checks)).toBe(
      'Servidor indisponível: 2 verificações falharam (database)',
    );
    expect(pt('health.unavailableChecks', 1500, checks)).toBe(
      'Servidor indisponível: 1.500 verificações falharam (database)',
    );
    expect(english('health.unavailableChecks', 1, checks)).toBe(
      'Server unavailable: 1 check failed (database)',
    );
    expect(english('health.unavailableChecks', 0, checks)).toBe(
      'Server unavailable: 0 checks failed (database)',
    );
    expect(english('health.unavailableChecks', 1500, checks)).toBe(
      'Server unavailable: 1,500 checks failed (database)',
    );
  });

  it('falls back to "other" for a category the dictionary has no form for (pt-BR "many")', () => {
    expect(new Intl.PluralRules('pt-BR').select(1_000_000)).toBe('many');
    expect(
      createPluralTranslator('pt-BR', ptBR)('health.unavailableChecks', 1_000_000, { checks: 'x' }),
    ).toBe('Servidor indisponível: 1.000.000 verificações falharam (x)');
  });

  it('uses a ".zero" form for exactly 0, where pt-BR\'s rules would say "0 cartão"', () => {
    expect(new Intl.PluralRules('pt-BR').select(0)).toBe('one');
    const pt = createPluralTranslator('pt-BR', ptBR);
    expect(pt('kanban.column.cards', 0)).toBe('0 cartões');
    expect(pt('kanban.column.cards', 1)).toBe('1 cartão');
    expect(pt('kanban.column.cards', 2)).toBe('2 cartões');
    expect(createPluralTranslator('en', en)('kanban.column.cards', 0)).toBe('0 cards');
  });

  it('follows the chosen language inside the provider', () => {
    render(
      <I18nProvider>
        <FailingChecks />
      </I18nProvider>,
    );
    expect(screen.getByText('Servidor indisponível: 2 verificações falharam (redis, database)')).toBeTruthy();
  });
});

describe('error messages', () => {
  const clientCodes: ApiErrorCode[] = ['network_error', 'unexpected_response'];

  it('every error code the server or the client reports has a message in both languages', () => {
    for (const code of [...errorCodes, ...clientCodes]) {
      for (const [name, dictionary] of [
        ['pt-BR', ptBR],
        ['en', en],
      ] as const) {
        const text = (dictionary as Record<string, string>)[errorMessageKey(code)];
        expect(text?.trim(), `${name}: ${code}`).toBeTruthy();
      }
    }
  });

  it('shows the text for the code in the chosen language, never the server’s English message', () => {
    const error = new ApiError({
      status: 429,
      code: 'rate_limited',
      message: 'Too many requests; retry in 9 s',
    });
    expect(describeError(createTranslator(ptBR), error)).toBe(
      'Muitas tentativas em pouco tempo. Aguarde um pouco e tente de novo.',
    );
    expect(describeError(createTranslator(en), error)).toBe(
      'Too many attempts in a short time. Wait a moment and try again.',
    );
  });

  it('reads anything that is not an API error as an unexpected answer', () => {
    expect(describeError(createTranslator(en), new TypeError('x is undefined'))).toBe(
      'The server sent an unexpected answer.',
    );
  });
});

describe('I18nProvider', () => {
  it('starts in pt-BR and sets <html lang>', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('Chat interno')).toBeTruthy();
    expect(screen.getByText('Versão 1.2.3')).toBeTruthy();
    expect(document.documentElement.lang).toBe('pt-BR');
  });

  it('switches language, updates <html lang> and remembers the choice', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'switch' }));

    expect(screen.getByText('Internal chat')).toBeTruthy();
    expect(screen.getByText('Version 1.2.3')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it('starts in the saved language', () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('Internal chat')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });

  it('ignores an unknown saved language', () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('Chat interno')).toBeTruthy();
  });

  it('adopts the deployment default only while the user has not chosen', () => {
    const { unmount } = render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    act(() => fireEvent.click(screen.getByRole('button', { name: 'deployment-en' })));
    expect(screen.getByText('Internal chat')).toBeTruthy();
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBeNull();
    unmount();

    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'pt-BR');
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'deployment-en' }));
    expect(screen.getByText('Chat interno')).toBeTruthy();
  });
});

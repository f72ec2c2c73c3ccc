import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { createTranslator, I18nProvider, LOCALE_STORAGE_KEY, useLocale, useT } from './i18n';
import { ptBR } from './pt-BR';

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

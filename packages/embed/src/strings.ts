const ptBR = {
  open: 'Abrir o WhatPro Hub (chat interno)',
  close: 'Recolher o WhatPro Hub',
  popOut: 'Abrir o WhatPro Hub em uma nova aba',
  resize: 'Largura do painel do WhatPro Hub',
  title: 'WhatPro Hub',
  subtitle: 'Chat interno · Kanban',
  connecting: 'Conectando ao WhatPro Hub…',
  retrying: 'O WhatPro Hub não respondeu. Tentando de novo a cada poucos segundos…',
  retryNow: 'Tentar agora',
  blocked:
    'O WhatPro Hub não aceita ser aberto nesta página ({origin}). Configure CHATWOOT_URL={origin} no Hub.',
  unread: '{count} não lidas',
  stagePicker: 'Etapa do Kanban desta conversa (WhatPro Hub)',
};

export type Strings = typeof ptBR;

const en: Strings = {
  open: 'Open WhatPro Hub (internal chat)',
  close: 'Collapse WhatPro Hub',
  popOut: 'Open WhatPro Hub in a new tab',
  resize: 'WhatPro Hub panel width',
  title: 'WhatPro Hub',
  subtitle: 'Internal chat · Kanban',
  connecting: 'Connecting to WhatPro Hub…',
  retrying: 'WhatPro Hub did not answer. Retrying every few seconds…',
  retryNow: 'Try now',
  blocked: 'WhatPro Hub refuses to be shown on this page ({origin}). Set CHATWOOT_URL={origin} on the Hub.',
  unread: '{count} unread',
  stagePicker: "This conversation's Kanban stage (WhatPro Hub)",
};

export type HubLocale = 'pt-BR' | 'en';

/**
 * Chatwoot's language as its page states it: `<html lang>` where set, else the locale Chatwoot rendered
 * the page in (`window.chatwootConfig.selectedLocale`, app/views/layouts/vueapp.html.erb). Never the
 * browser's: the header and the Hub's frame must speak the one language Chatwoot does.
 */
export function chatwootLanguage(win: Window): string {
  const config = (win as Window & { chatwootConfig?: { selectedLocale?: unknown } }).chatwootConfig;
  const selected = typeof config?.selectedLocale === 'string' ? config.selectedLocale : '';
  return win.document.documentElement.lang || selected;
}

/** English when Chatwoot speaks English; Portuguese otherwise, the Hub's default. */
export function hubLocale(language: string): HubLocale {
  return language.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

export function stringsFor(locale: HubLocale): Strings {
  return locale === 'en' ? en : ptBR;
}

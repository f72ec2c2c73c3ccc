const ptBR = {
  open: 'Abrir o WhatPro Hub (chat interno)',
  close: 'Recolher o WhatPro Hub',
  popOut: 'Abrir o WhatPro Hub em uma nova aba',
  resize: 'Largura do painel do WhatPro Hub',
  title: 'WhatPro Hub',
  subtitle: 'Chat interno · Kanban',
  connecting: 'Conectando ao WhatPro Hub…',
  retrying: 'O WhatPro Hub não respondeu. Tentando de novo…',
  blocked:
    'O WhatPro Hub não aceita ser aberto nesta página ({origin}). Configure CHATWOOT_URL={origin} no Hub.',
  unread: '{count} não lidas',
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
  retrying: 'WhatPro Hub did not answer. Retrying…',
  blocked: 'WhatPro Hub refuses to be shown on this page ({origin}). Set CHATWOOT_URL={origin} on the Hub.',
  unread: '{count} unread',
};

/** Portuguese unless the page or the browser says English, like the Hub itself. */
export function stringsFor(language: string): Strings {
  return language.toLowerCase().startsWith('en') ? en : ptBR;
}

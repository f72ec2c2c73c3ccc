const ptBR = {
  open: 'Abrir o WhatPro Hub (chat interno)',
  close: 'Fechar o WhatPro Hub',
  title: 'WhatPro Hub',
  subtitle: 'Chat interno · Kanban',
  connecting: 'Conectando ao WhatPro Hub…',
  retrying: 'O WhatPro Hub não respondeu. Tentando de novo…',
  unread: '{count} não lidas',
};

export type Strings = typeof ptBR;

const en: Strings = {
  open: 'Open WhatPro Hub (internal chat)',
  close: 'Close WhatPro Hub',
  title: 'WhatPro Hub',
  subtitle: 'Internal chat · Kanban',
  connecting: 'Connecting to WhatPro Hub…',
  retrying: 'WhatPro Hub did not answer. Retrying…',
  unread: '{count} unread',
};

/** Portuguese unless the page or the browser says English, like the Hub itself. */
export function stringsFor(language: string): Strings {
  return language.toLowerCase().startsWith('en') ? en : ptBR;
}

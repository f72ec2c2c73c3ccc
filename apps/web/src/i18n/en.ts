import type { Dictionary } from './pt-BR';

export const en: Dictionary = {
  'app.name': 'WhatPro Hub',
  'app.documentTitle': '{section} · WhatPro Hub',
  'app.skipToContent': 'Skip to content',

  'sidebar.label': 'Sidebar',
  'nav.label': 'Sections',
  'nav.chat': 'Internal chat',
  'nav.kanban': 'Kanban',
  'nav.admin': 'Administration',

  'page.comingSoon': 'Coming soon',
  'page.plannedHeading': 'What is on the way',

  'chat.title': 'Internal chat',
  'chat.summary':
    'Internal chat between agents, without leaving Chatwoot — coming soon: team rooms, direct messages and unread notifications.',
  'chat.planned.rooms': 'Direct messages between two agents and named team rooms',
  'chat.planned.realtime': 'Realtime messages with typing indicators and presence',
  'chat.planned.unread': 'Unread counters per room and in the Chatwoot menu',
  'chat.planned.messages': 'Editing, deleting, mentions and attachments',

  'kanban.title': 'Kanban',
  'kanban.summary':
    'A pipeline of Chatwoot conversations — coming soon: boards with stages, cards updated by webhooks and flow metrics.',
  'kanban.planned.boards': 'Boards and stages with drag and drop and WIP limits',
  'kanban.planned.webhooks': 'Cards created and moved automatically when a conversation changes status',
  'kanban.planned.cards': 'Card details: assignee, labels, due date, priority and checklist',
  'kanban.planned.metrics': 'Lead time, cycle time, throughput and a cumulative flow diagram',

  'admin.title': 'Administration',
  'admin.summary':
    'Account settings — coming soon: the Chatwoot connection, members and roles, WhatsApp providers and billing.',
  'admin.planned.chatwoot': 'Chatwoot connection, webhook status and the dead-letter list',
  'admin.planned.members': 'Members, roles, sessions and API keys',
  'admin.planned.providers': 'WhatsApp providers (Evolution API) with health checks',
  'admin.planned.billing': 'Plan, usage and billing',
  'admin.planned.audit': 'Audit log, retention and message purge',

  'notFound.title': 'Page not found',
  'notFound.summary': 'The address {path} does not match any WhatPro Hub section.',
  'notFound.back': 'Go to internal chat',

  'prefs.label': 'Preferences',
  'prefs.language': 'Language',
  'prefs.theme': 'Theme',
  'theme.system': 'Automatic',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'locale.pt-BR': 'Português (Brasil)',
  'locale.en': 'English',

  'health.checking': 'Checking the server…',
  'health.ready': 'Server ready',
  'health.unavailable': 'Server unavailable',
  'health.unavailableChecks': 'Server unavailable: {checks}',
  'health.unreachable': 'No response from the server',

  'about.label': 'About',
  'about.loading': 'Loading server information…',
  'about.version': 'Version {version}',
  'about.environment': 'Environment: {environment}',
  'about.chatwoot': 'Chatwoot: {url}',
  'about.chatwootMissing': 'Chatwoot: not configured',
  'about.error': 'Could not load the server information.',
  'about.errorDetail': 'Code {code} · request {requestId}',
  'about.errorCode': 'Code {code}',
  'about.retry': 'Try again',

  'environment.development': 'development',
  'environment.test': 'test',
  'environment.production': 'production',
};

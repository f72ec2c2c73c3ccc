/**
 * Source of truth for message keys. Other dictionaries are typed against this one, so a
 * missing or extra key there is a compile error. `{name}` marks a placeholder that `t()`
 * requires as a parameter. Keys ending in a plural category (`.one`, `.other`, …) are the forms of one
 * counted message, chosen with Intl.PluralRules; `.other` is required, `{count}` is the formatted count.
 */
export const ptBR = {
  'app.name': 'WhatPro Hub',
  'app.documentTitle': '{section} · WhatPro Hub',
  'app.skipToContent': 'Pular para o conteúdo',

  'sidebar.label': 'Barra lateral',
  'nav.label': 'Seções',
  'nav.chat': 'Chat interno',
  'nav.kanban': 'Kanban',
  'nav.admin': 'Administração',

  'page.comingSoon': 'Em breve',
  'page.plannedHeading': 'O que está a caminho',

  'chat.title': 'Chat interno',
  'chat.summary':
    'Chat interno entre agentes, sem sair do Chatwoot — em breve: salas de equipe, mensagens diretas e notificações de não lidas.',
  'chat.planned.rooms': 'Mensagens diretas entre dois agentes e salas de equipe com nome',
  'chat.planned.realtime': 'Mensagens em tempo real, com indicador de digitação e presença',
  'chat.planned.unread': 'Contadores de não lidas por sala e no menu do Chatwoot',
  'chat.planned.messages': 'Edição, exclusão, menções e anexos',

  'kanban.title': 'Kanban',
  'kanban.summary':
    'Pipeline das conversas do Chatwoot — em breve: quadros com etapas, cartões atualizados pelos webhooks e métricas de fluxo.',
  'kanban.planned.boards': 'Quadros e etapas com arrastar e soltar e limites de WIP',
  'kanban.planned.webhooks': 'Cartões criados e movidos automaticamente quando a conversa muda de status',
  'kanban.planned.cards': 'Detalhes do cartão: responsável, etiquetas, prazo, prioridade e checklist',
  'kanban.planned.metrics': 'Lead time, cycle time, throughput e diagrama de fluxo cumulativo',

  'admin.title': 'Administração',
  'admin.summary':
    'Configuração da conta — em breve: conexão com o Chatwoot, membros e papéis, provedores de WhatsApp e cobrança.',
  'admin.planned.chatwoot': 'Conexão com o Chatwoot, status dos webhooks e fila de falhas',
  'admin.planned.members': 'Membros, papéis, sessões e chaves de API',
  'admin.planned.providers': 'Provedores de WhatsApp (Evolution API) com verificação de saúde',
  'admin.planned.billing': 'Plano, uso e cobrança',
  'admin.planned.audit': 'Log de auditoria, retenção e expurgo de mensagens',

  'notFound.title': 'Página não encontrada',
  'notFound.summary': 'O endereço {path} não corresponde a nenhuma seção do WhatPro Hub.',
  'notFound.back': 'Ir para o chat interno',

  'prefs.label': 'Preferências',
  'prefs.language': 'Idioma',
  'prefs.theme': 'Tema',
  'theme.system': 'Automático',
  'theme.light': 'Claro',
  'theme.dark': 'Escuro',
  'locale.pt-BR': 'Português (Brasil)',
  'locale.en': 'English',

  'health.checking': 'Verificando o servidor…',
  'health.ready': 'Servidor pronto',
  'health.unavailable': 'Servidor indisponível',
  'health.unavailableChecks.one': 'Servidor indisponível: {count} verificação falhou ({checks})',
  'health.unavailableChecks.other': 'Servidor indisponível: {count} verificações falharam ({checks})',
  'health.unreachable': 'Sem resposta do servidor',

  'about.label': 'Sobre',
  'about.loading': 'Carregando informações do servidor…',
  'about.version': 'Versão {version}',
  'about.environment': 'Ambiente: {environment}',
  'about.chatwoot': 'Chatwoot: {url}',
  'about.chatwootMissing': 'Chatwoot: não configurado',
  'about.error': 'Não foi possível carregar as informações do servidor.',
  'about.errorDetail': 'Código {code} · requisição {requestId}',
  'about.errorCode': 'Código {code}',
  'about.retry': 'Tentar novamente',

  'home.session.heading': 'Sua sessão',
  'home.session.checking': 'Verificando sua sessão…',
  'home.session.signedInAs': 'Conectado como {name}',
  'home.session.accounts': 'Suas contas',
  'home.chatwoot.heading': 'Chatwoot',
  'home.chatwoot.explain':
    'O WhatPro Hub funciona dentro do Chatwoot: no Chatwoot, abra o Hub pelo botão ao lado da barra lateral ou pela aba do Dashboard App na conversa.',
  'home.chatwoot.back': 'Voltar ao Chatwoot',
  'embed.label': 'WhatPro Hub no Chatwoot',
  'embed.connecting': 'Conectando ao Chatwoot…',
  'embed.signingIn': 'Entrando…',
  'embed.signedInAs': 'Conectado como',
  'embed.account': '{account} (conta #{id})',
  'embed.accountPending': 'Conta ainda não informada pelo Chatwoot',
  'embed.notMember': 'Você não tem acesso à conta #{id} no Hub.',
  'embed.context.heading': 'Aberto no Chatwoot',
  'embed.context.conversation': 'Conversa #{id}',
  'embed.context.noConversation': 'Nenhuma conversa aberta',
  'embed.context.waiting': 'Aguardando o Chatwoot informar a tela aberta…',
  'embed.context.contact': 'Contato: {name}',
  'embed.context.status': 'Status: {status}',
  'embed.context.statusOpen': 'Aberta',
  'embed.context.statusResolved': 'Resolvida',
  'embed.context.statusPending': 'Pendente',
  'embed.context.statusSnoozed': 'Adiada',
  'embed.context.refresh': 'Atualizar contexto',
  'embed.kanban.heading': 'Cartão do Kanban',
  'embed.kanban.soon': 'Kanban em breve: o cartão desta conversa aparecerá aqui.',
  'embed.kanban.openConversation': 'Abra uma conversa no Chatwoot para ver o cartão dela.',
  'embed.error.hubUnreachable':
    'O WhatPro Hub não está respondendo. Ele tenta de novo sozinho a cada poucos segundos.',
  'embed.error.chatwootUnavailable':
    'O WhatPro Hub não conseguiu falar com o Chatwoot agora. Ele tenta de novo sozinho; se continuar, avise o administrador do Hub.',
  'embed.error.accountSuspended':
    'Esta conta está suspensa, por isso o Hub não abre aqui. Fale com o administrador da sua conta.',
  'embed.retryNow': 'Tentar agora',
  'embed.error.notConfigured': 'Este WhatPro Hub ainda não está ligado a um Chatwoot.',
  'embed.signIn.heading': 'Entrar com o Chatwoot',
  'embed.signIn.noSession':
    'O WhatPro Hub entra com a sua sessão do Chatwoot, mas não recebeu nenhuma. Entre no Chatwoot e abra o Hub por lá.',
  'embed.signIn.sessionRefused':
    'O Chatwoot não confirmou a sua sessão (ela pode ter expirado ou sido encerrada). Entre de novo no Chatwoot.',
  'embed.signIn.openChatwoot': 'Entrar no Chatwoot',
  'embed.signIn.lastResort': 'Último recurso: entrar com um token de acesso',
  'embed.signIn.help':
    'Só se o Hub não entrar sozinho pelo Chatwoot: cole o seu token de acesso do Chatwoot (no Chatwoot: Configurações do perfil → Token de acesso). O Hub o usa para confirmar quem você é.',
  'embed.signIn.label': 'Token de acesso do Chatwoot',
  'embed.signIn.submit': 'Entrar com o Chatwoot',
  'embed.signIn.pending': 'Entrando…',
  'embed.signIn.refused': 'O Chatwoot não aceitou este token.',
  'embed.signIn.failed': 'Não foi possível entrar agora. Tente novamente.',
  'embed.admin.heading': 'Administração',
  'embed.admin.subheading': 'Instalação no Chatwoot',
  'embed.admin.explain':
    'O super admin da instalação cola este trecho em DASHBOARD_SCRIPTS, no Super Admin do Chatwoot, para o Hub aparecer em todas as contas.',
  'embed.admin.loading': 'Carregando o trecho de instalação…',
  'embed.admin.loadFailed': 'Não foi possível carregar o trecho de instalação.',
  'embed.admin.copy': 'Copiar',
  'embed.admin.copied': 'Copiado para a área de transferência.',
  'embed.admin.selected': 'Texto selecionado: copie com Ctrl+C (⌘C no Mac).',
  'embed.admin.install.button': 'Instalar como Dashboard App',
  'embed.admin.install.pending': 'Instalando…',
  'embed.admin.install.created': 'Dashboard App criado (#{id}).',
  'embed.admin.install.updated': 'Dashboard App atualizado (#{id}).',
  'embed.admin.install.notConnected': 'Conecte esta conta ao Chatwoot primeiro.',
  'embed.admin.install.failed': 'Não foi possível instalar o Dashboard App.',

  'error.bad_request': 'O servidor recusou a requisição.',
  'error.validation_failed': 'Alguns dados não são válidos. Revise e tente de novo.',
  'error.unauthorized': 'Sua sessão expirou. Entre novamente.',
  'error.forbidden': 'Você não tem permissão para fazer isso.',
  'error.payment_required': 'Esta ação exige um plano ativo.',
  'error.not_found': 'Não encontrado.',
  'error.conflict': 'Isso conflita com o estado atual. Atualize e tente de novo.',
  'error.payload_too_large': 'O conteúdo enviado é grande demais.',
  'error.unsupported_media_type': 'Este formato de conteúdo não é aceito.',
  'error.unprocessable_entity': 'Não foi possível processar estes dados.',
  'error.rate_limited': 'Muitas tentativas em pouco tempo. Aguarde um pouco e tente de novo.',
  'error.internal_error': 'Erro interno do servidor. Tente novamente.',
  'error.service_unavailable': 'Serviço indisponível no momento. Tente novamente em instantes.',
  'error.account_suspended': 'Esta conta está suspensa: só é possível consultar.',
  'error.chatwoot_unavailable':
    'O Chatwoot não respondeu ao WhatPro Hub. Tente de novo em instantes; se continuar, avise o administrador do Hub.',
  'error.chatwoot_bad_response':
    'O endereço do Chatwoot configurado no WhatPro Hub (CHATWOOT_URL) não responde como um Chatwoot. Peça ao administrador do Hub para conferir esse endereço.',
  'error.network_error': 'Sem conexão com o servidor.',
  'error.unexpected_response': 'O servidor respondeu de forma inesperada.',

  'environment.development': 'desenvolvimento',
  'environment.test': 'teste',
  'environment.production': 'produção',
} as const;

export type MessageKey = keyof typeof ptBR;
export type Dictionary = { readonly [Key in MessageKey]: string };

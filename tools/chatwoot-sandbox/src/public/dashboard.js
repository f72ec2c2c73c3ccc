// The sandbox's stand-in for Chatwoot's dashboard (a Vue SPA): reads the `cw_d_session_info` cookie,
// calls the API with the devise headers, navigates with history.pushState, toggles `dark` on <body>,
// and hosts Dashboard App iframes with the postMessage contract of Chatwoot's Frame.vue.
(() => {
  const config = JSON.parse(document.getElementById('sandbox-config').textContent);
  const FETCH_INFO_MESSAGE = 'chatwoot-dashboard-app:fetch-info';
  const DEVISE_KEYS = ['access-token', 'token-type', 'client', 'expiry', 'uid'];

  function readSession() {
    const entry = document.cookie.split('; ').find((c) => c.startsWith('cw_d_session_info='));
    if (!entry) return null;
    try {
      return JSON.parse(decodeURIComponent(entry.slice('cw_d_session_info='.length)));
    } catch {
      return null;
    }
  }

  const session = readSession();
  if (!session) {
    window.location.replace(`/app/login?redirect=${encodeURIComponent(window.location.pathname)}`);
    return;
  }
  const authHeaders = {};
  for (const key of DEVISE_KEYS) if (session[key] !== undefined) authHeaders[key] = String(session[key]);

  const ui = {
    accountSwitcher: document.getElementById('account-switcher'),
    statusFilter: document.getElementById('status-filter'),
    list: document.getElementById('conversation-list'),
    view: document.getElementById('conversation-view'),
    currentUser: document.getElementById('current-user'),
    navConversations: document.getElementById('nav-conversations'),
  };

  const state = {
    profile: null,
    accountId: null,
    displayId: null,
    status: 'open',
    assigneeType: 'all',
    conversations: [],
    dashboardApps: [],
    customAttributes: [],
    inboxes: [],
    current: null,
    messages: [],
    contact: undefined,
    activeTab: 0,
    frames: [],
  };

  class ApiError extends Error {
    constructor(status, body) {
      super(`HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, options = {}) {
    const headers = { ...authHeaders, Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  // ------------------------------------------------------------------------------------------------
  // Theme (themeHelper.js: `dark` class on <body>, color-scheme on <html>, localStorage color_scheme)

  function currentTheme() {
    return document.body.classList.contains('dark') ? 'dark' : 'light';
  }

  function applyTheme(theme) {
    document.body.classList.toggle('dark', theme === 'dark');
    document.documentElement.style.setProperty('color-scheme', theme);
  }

  function setTheme(theme) {
    window.localStorage.setItem('color_scheme', theme);
    applyTheme(theme);
  }

  const storedScheme = window.localStorage.getItem('color_scheme') || 'auto';
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  applyTheme(storedScheme === 'auto' ? (prefersDark ? 'dark' : 'light') : storedScheme);
  document.getElementById('theme-toggle').addEventListener('click', () => {
    setTheme(currentTheme() === 'dark' ? 'light' : 'dark');
  });

  // ------------------------------------------------------------------------------------------------
  // Dashboard App frames (Frame.vue)

  function appContext() {
    const { id, name, email } = state.profile;
    const data = {
      conversation: state.current ? { ...state.current, messages: state.messages } : null,
      contact: state.contact,
      currentAgent: { id, name, email },
    };
    if (config.appContextMode === 'latest') {
      data.customAttributes = state.customAttributes;
      data.theme = currentTheme();
    }
    return data;
  }

  class DashboardAppFrame {
    constructor(app, position) {
      this.app = app;
      this.position = position;
      this.visible = false;
      this.opened = false;
      this.pendingUpdate = false;
      this.el = document.createElement('div');
      this.el.className = 'dashboard-app';
      this.el.dataset.testid = `dashboard-app-${app.id}`;
      this.el.style.display = 'none';
      this.onMessage = this.onMessage.bind(this);
      window.addEventListener('message', this.onMessage);
      if (config.appContextMode === 'latest') {
        this.theme = currentTheme();
        this.observer = new MutationObserver(() => {
          const theme = currentTheme();
          if (theme === this.theme) return;
          this.theme = theme;
          this.contextChanged();
        });
        this.observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
      }
    }

    frameId(index) {
      return `dashboard-app--frame-${this.position}-${index}`;
    }

    // The iframe is only created the first time the tab is opened (`hasOpenedAtleastOnce`).
    setVisible(visible) {
      this.visible = visible;
      this.el.style.display = visible ? '' : 'none';
      if (visible && !this.opened) {
        this.opened = true;
        this.renderFrames();
      }
      if (visible && this.pendingUpdate) {
        this.pendingUpdate = false;
        this.sendAll();
      }
    }

    renderFrames() {
      this.app.content.forEach((item, index) => {
        if (item.type !== 'frame' || !item.url) return;
        const iframe = document.createElement('iframe');
        iframe.id = this.frameId(index);
        iframe.src = item.url;
        iframe.addEventListener('load', () => this.sendContext(index));
        this.el.appendChild(iframe);
      });
    }

    sendContext(index) {
      const frame = document.getElementById(this.frameId(index));
      if (!frame?.contentWindow) return;
      frame.contentWindow.postMessage(JSON.stringify({ event: 'appContext', data: appContext() }), '*');
    }

    sendAll() {
      this.app.content.forEach((_, index) => {
        this.sendContext(index);
      });
    }

    // Newest Chatwoot re-sends on theme change, and queues the update while the tab is hidden.
    contextChanged() {
      if (!this.opened) return;
      if (this.visible) this.sendAll();
      else this.pendingUpdate = true;
    }

    // No origin check in any Chatwoot version. Legacy answers frame 0 of the visible app; the newest
    // version answers the frame whose window sent the request.
    onMessage(event) {
      if (!this.visible || event.data !== FETCH_INFO_MESSAGE) return;
      if (config.appContextMode === 'legacy') {
        this.sendContext(0);
        return;
      }
      const index = this.app.content.findIndex((_, i) => {
        const frame = document.getElementById(this.frameId(i));
        return frame?.contentWindow === event.source;
      });
      if (index >= 0) this.sendContext(index);
    }

    destroy() {
      window.removeEventListener('message', this.onMessage);
      this.observer?.disconnect();
      this.el.remove();
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Rendering

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) node.appendChild(child);
    return node;
  }

  function conversationPath(displayId) {
    return `/app/accounts/${state.accountId}/conversations/${displayId}`;
  }

  function renderAccounts() {
    ui.accountSwitcher.replaceChildren(
      ...state.profile.accounts.map((account) =>
        el('option', { value: String(account.id), text: `${account.name} (${account.role})` }),
      ),
    );
    ui.accountSwitcher.value = String(state.accountId);
    ui.currentUser.textContent = `${state.profile.name} · ${state.profile.email}`;
    ui.navConversations.href = `/app/accounts/${state.accountId}/dashboard`;
  }

  function renderList(meta) {
    for (const counter of document.querySelectorAll('[data-count]')) {
      counter.textContent = meta ? String(meta[counter.dataset.count] ?? '') : '';
    }
    for (const tab of document.querySelectorAll('[data-assignee]')) {
      tab.classList.toggle('active', tab.dataset.assignee === state.assigneeType);
    }
    ui.list.replaceChildren(
      ...state.conversations.map((conversation) => {
        const last = conversation.messages[0];
        const link = el(
          'a',
          {
            class: `conversation-item${conversation.id === state.displayId ? ' active' : ''}`,
            href: conversationPath(conversation.id),
            'data-link': '',
            'data-display-id': String(conversation.id),
          },
          [
            el('div', { class: 'title' }, [
              el('span', { text: `#${conversation.id} ${conversation.meta.sender.name}` }),
              el('span', { class: `badge ${conversation.status}`, text: conversation.status }),
            ]),
            el('div', { class: 'preview', text: last ? last.content : '' }),
          ],
        );
        return el('li', {}, [link]);
      }),
    );
  }

  function renderMessages() {
    const container = document.getElementById('messages');
    if (!container) return;
    container.replaceChildren(
      ...state.messages.map((message) => {
        const kind =
          message.message_type === 2
            ? 'activity'
            : message.private
              ? 'private'
              : message.message_type === 0
                ? 'incoming'
                : 'outgoing';
        return el('div', {
          class: `message ${kind}`,
          'data-message-id': String(message.id),
          text: message.content,
        });
      }),
    );
    container.scrollTop = container.scrollHeight;
  }

  function renderHeader() {
    const header = document.getElementById('conversation-header');
    if (!header || !state.current) return;
    const conversation = state.current;
    const inbox = state.inboxes.find((i) => i.id === conversation.inbox_id);
    const inboxName = inbox ? inbox.name : conversation.meta.channel;
    const assignee = conversation.meta.assignee ? conversation.meta.assignee.name : 'Unassigned';
    const toggle = el('button', {
      class: 'btn btn-primary',
      type: 'button',
      'data-testid': 'toggle-status',
      text: conversation.status === 'open' ? 'Resolve' : 'Reopen',
    });
    toggle.addEventListener('click', () =>
      changeStatus(conversation.status === 'open' ? 'resolved' : 'open').catch(showError),
    );
    header.replaceChildren(
      el('div', {}, [
        el('h2', { text: conversation.meta.sender.name }),
        el('div', { class: 'sub', text: `${inboxName} · ${conversation.status} · ${assignee}` }),
      ]),
      toggle,
    );
  }

  function selectTab(index) {
    state.activeTab = index;
    for (const tab of document.querySelectorAll('[data-tab]')) {
      tab.classList.toggle('active', Number(tab.dataset.tab) === index);
    }
    const pane = document.getElementById('messages-pane');
    if (pane) pane.style.display = index === 0 ? '' : 'none';
    state.frames.forEach((frame, position) => {
      frame.setVisible(index - 1 === position);
    });
  }

  function destroyFrames() {
    for (const frame of state.frames) frame.destroy();
    state.frames = [];
  }

  function renderConversationView() {
    destroyFrames();
    if (!state.current) {
      ui.view.replaceChildren(
        el('div', { class: 'empty-state', id: 'empty-state', text: 'Select a conversation' }),
      );
      return;
    }
    const tabs = el('div', { class: 'view-tabs', role: 'tablist' }, [
      el('button', { class: 'tab active', type: 'button', 'data-tab': '0', text: 'Messages' }),
      ...state.dashboardApps.map((app, index) =>
        el('button', {
          class: 'tab',
          type: 'button',
          'data-tab': String(index + 1),
          'data-testid': `dashboard-app-tab-${app.id}`,
          text: app.title,
        }),
      ),
    ]);
    for (const tab of tabs.querySelectorAll('[data-tab]')) {
      tab.addEventListener('click', () => selectTab(Number(tab.dataset.tab)));
    }

    const textarea = el('textarea', {
      name: 'content',
      placeholder: 'Shift + enter for new line',
      required: true,
    });
    const privateToggle = el('input', { type: 'checkbox', name: 'private' });
    const form = el('form', { class: 'reply-box', 'data-testid': 'reply-box' }, [
      textarea,
      el('div', { class: 'reply-actions' }, [
        el('label', {}, [privateToggle, el('span', { text: ' Private note' })]),
        el('button', { class: 'btn btn-primary', type: 'submit', text: 'Send' }),
      ]),
    ]);
    privateToggle.addEventListener('change', () => form.classList.toggle('private', privateToggle.checked));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sendMessage(textarea.value, privateToggle.checked)
        .then(() => {
          textarea.value = '';
        })
        .catch(showError);
    });

    const framesContainer = el('div', { class: 'dashboard-app-frames', id: 'dashboard-app-frames' });
    state.frames = state.dashboardApps.map((app, position) => {
      const frame = new DashboardAppFrame(app, position);
      framesContainer.appendChild(frame.el);
      return frame;
    });

    ui.view.replaceChildren(
      el('header', { class: 'conversation-header', id: 'conversation-header' }),
      tabs,
      el('div', { class: 'messages-pane', id: 'messages-pane' }, [
        el('div', { class: 'messages', id: 'messages', 'data-testid': 'messages' }),
        form,
      ]),
      framesContainer,
    );
    renderHeader();
    renderMessages();
    // Switching conversations always goes back to the Messages tab (ConversationBox.vue watcher).
    selectTab(0);
  }

  function showError(error) {
    const message =
      error instanceof ApiError
        ? (error.body?.error ?? error.body?.errors?.[0] ?? error.message)
        : String(error);
    ui.view.replaceChildren(el('div', { class: 'empty-state', 'data-testid': 'error', text: message }));
  }

  // ------------------------------------------------------------------------------------------------
  // Data

  async function loadList() {
    const query = new URLSearchParams({ status: state.status, assignee_type: state.assigneeType });
    const result = await api(`/api/v1/accounts/${state.accountId}/conversations?${query}`);
    state.conversations = result.data.payload;
    renderList(result.data.meta);
  }

  async function loadConversation(displayId) {
    const base = `/api/v1/accounts/${state.accountId}/conversations/${displayId}`;
    const [conversation, messages] = await Promise.all([api(base), api(`${base}/messages`)]);
    state.current = conversation;
    state.messages = messages.payload;
    const contact = await api(`/api/v1/accounts/${state.accountId}/contacts/${conversation.meta.sender.id}`);
    state.contact = contact.payload;
  }

  async function refreshCurrent() {
    if (state.displayId === null) return;
    const base = `/api/v1/accounts/${state.accountId}/conversations/${state.displayId}`;
    const [conversation, messages] = await Promise.all([api(base), api(`${base}/messages`)]);
    state.current = conversation;
    state.messages = messages.payload;
    renderHeader();
    renderMessages();
  }

  async function changeStatus(status) {
    await api(`/api/v1/accounts/${state.accountId}/conversations/${state.displayId}/toggle_status`, {
      method: 'POST',
      body: { status },
    });
    await Promise.all([refreshCurrent(), loadList()]);
  }

  async function sendMessage(content, isPrivate) {
    if (!content.trim()) return;
    await api(`/api/v1/accounts/${state.accountId}/conversations/${state.displayId}/messages`, {
      method: 'POST',
      body: { content, private: isPrivate, message_type: 'outgoing' },
    });
    await Promise.all([refreshCurrent(), loadList()]);
  }

  async function switchAccount(accountId) {
    state.accountId = accountId;
    renderAccounts();
    const [apps, attributes, inboxes] = await Promise.all([
      api(`/api/v1/accounts/${accountId}/dashboard_apps`),
      api(`/api/v1/accounts/${accountId}/custom_attribute_definitions`),
      api(`/api/v1/accounts/${accountId}/inboxes`),
    ]);
    state.dashboardApps = apps;
    state.customAttributes = attributes;
    state.inboxes = inboxes.payload;
    await loadList();
  }

  // ------------------------------------------------------------------------------------------------
  // Routing (conversation.routes.js: /app/accounts/:accountId/…/conversations/:conversation_id)

  function parseRoute(pathname) {
    const conversation = pathname.match(
      /^\/app\/accounts\/(\d+)\/(?:(?:inbox|label|team|custom_view)\/[^/]+\/|mentions\/|unattended\/|participating\/)?conversations\/(\d+)/,
    );
    if (conversation) return { accountId: Number(conversation[1]), displayId: Number(conversation[2]) };
    const account = pathname.match(/^\/app\/accounts\/(\d+)/);
    return { accountId: account ? Number(account[1]) : null, displayId: null };
  }

  async function route() {
    const target = parseRoute(window.location.pathname);
    if (target.accountId === null) {
      window.history.replaceState({}, '', `/app/accounts/${state.profile.account_id}/dashboard`);
      return route();
    }
    if (target.accountId !== state.accountId) await switchAccount(target.accountId);
    if (target.displayId !== state.displayId) {
      state.displayId = target.displayId;
      state.current = null;
      state.messages = [];
      state.contact = undefined;
      if (target.displayId !== null) await loadConversation(target.displayId);
      renderConversationView();
      renderList(null);
      await loadList();
    }
  }

  function navigate(path) {
    if (path === window.location.pathname) return Promise.resolve();
    window.history.pushState({}, '', path);
    return route().catch(showError);
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-link]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(new URL(link.href).pathname);
  });
  window.addEventListener('popstate', () => {
    route().catch(showError);
  });
  ui.accountSwitcher.addEventListener('change', () =>
    navigate(`/app/accounts/${ui.accountSwitcher.value}/dashboard`),
  );
  ui.statusFilter.addEventListener('change', () => {
    state.status = ui.statusFilter.value;
    loadList().catch(showError);
  });
  for (const tab of document.querySelectorAll('[data-assignee]')) {
    tab.addEventListener('click', () => {
      state.assigneeType = tab.dataset.assignee;
      loadList().catch(showError);
    });
  }

  async function logout() {
    try {
      await api('/auth/sign_out', { method: 'DELETE' });
    } catch {
      // The session may already be gone; the cookie is cleared either way.
    }
    for (const name of ['cw_d_session_info', 'auth_data', 'user']) {
      // biome-ignore lint/suspicious/noDocumentCookie: mirrors Chatwoot's clearBrowserSessionCookies.
      document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    }
    window.location.assign('/app/login');
  }
  document.getElementById('logout').addEventListener('click', logout);

  window.__chatwootSandbox = {
    navigate,
    setTheme,
    refresh: () => Promise.all([loadList(), refreshCurrent()]),
  };

  api('/api/v1/profile')
    .then((profile) => {
      state.profile = profile;
      return route();
    })
    .then(() => {
      if (config.pollMs > 0) {
        setInterval(() => {
          Promise.all([loadList(), refreshCurrent()]).catch(() => undefined);
        }, config.pollMs);
      }
    })
    .catch((error) => {
      if (error instanceof ApiError && error.status === 401 && !state.profile) {
        window.location.replace('/app/login');
        return;
      }
      showError(error);
    });
})();

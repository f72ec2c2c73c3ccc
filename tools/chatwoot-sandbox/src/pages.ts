// HTML of the host pages. The dashboard is a small single-page app that talks to the sandbox's own
// API with the session cookie, as Chatwoot's Vue app does.
import type { InstallationConfig } from './config.js';
import { railsJson } from './rails-json.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** What `DASHBOARD_SCRIPTS` would inject: the configured URL as a script tag, then the raw HTML. */
export function dashboardScriptsHtml(config: InstallationConfig): string {
  const parts: string[] = [];
  if (config.dashboardScriptUrl)
    parts.push(`<script src="${escapeHtml(config.dashboardScriptUrl)}"></script>`);
  if (config.dashboardScripts) parts.push(config.dashboardScripts);
  return parts.join('\n');
}

/**
 * The locale Chatwoot renders a page in (`I18n.locale`): `?locale=` first, else DEFAULT_LOCALE, which is
 * pt_BR for this Brazilian demo installation (its accounts are pt_BR too).
 */
export const SANDBOX_DEFAULT_LOCALE = 'pt_BR';
const LOCALE_PARAM = /^[a-z]{2}(_[A-Z]{2})?$/;

export function pageLocale(requested: string | undefined): string {
  return requested && LOCALE_PARAM.test(requested) ? requested : SANDBOX_DEFAULT_LOCALE;
}

/**
 * Like vueapp.html.erb: `<html>` carries no `lang`; the page states its locale only in
 * `window.chatwootConfig.selectedLocale`.
 */
function layout(
  title: string,
  body: string,
  bodyClass = 'text-slate-600',
  locale = SANDBOX_DEFAULT_LOCALE,
): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script>window.chatwootConfig = ${railsJson({ selectedLocale: locale })};</script>
<link rel="stylesheet" href="/packs/sandbox/dashboard.css">
</head>
<body class="${bodyClass}">
${body}
</body>
</html>
`;
}

function configScript(value: unknown): string {
  return `<script type="application/json" id="sandbox-config">${railsJson(value)}</script>`;
}

export interface DemoUserHint {
  name: string;
  email: string;
  password: string;
}

export function loginPage(config: InstallationConfig, demoUsers: DemoUserHint[], locale?: string): string {
  const hints = demoUsers
    .map(
      (u) =>
        `<li><button type="button" data-email="${escapeHtml(u.email)}" data-password="${escapeHtml(u.password)}">${escapeHtml(u.name)}</button> ${escapeHtml(u.email)}</li>`,
    )
    .join('');
  const body = `<main class="login">
  <form class="login-card" id="login-form" data-testid="login-form">
    <h1>Login to Chatwoot</h1>
    <label>Email <input name="email" type="email" autocomplete="username" required data-testid="login-email"></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" data-testid="login-password"></label>
    <div class="login-error" id="login-error" role="alert"></div>
    <button class="btn btn-primary" type="submit" data-testid="login-submit">Login</button>
    <div class="demo-users">Chatwoot sandbox demo users (password ${escapeHtml(demoUsers[0]?.password ?? '')}):<ul>${hints}</ul></div>
  </form>
</main>
${configScript({ cookieEncoding: config.cookieEncoding })}
<script src="/packs/sandbox/login.js"></script>
${config.dashboardScriptOnLogin ? dashboardScriptsHtml(config) : ''}`;
  return layout('Chatwoot', body, undefined, pageLocale(locale));
}

export function dashboardPage(config: InstallationConfig, locale?: string): string {
  const body = `<div id="app" class="app">
  <aside class="sidebar" data-testid="sidebar">
    <div class="brand"><span class="brand-logo"></span><span>Chatwoot</span></div>
    <select id="account-switcher" aria-label="Switch account" data-testid="account-switcher"></select>
    <nav class="nav">
      <a id="nav-conversations" class="active" data-link href="#">Conversations</a>
      <a href="#" aria-disabled="true">Contacts</a>
      <a href="#" aria-disabled="true">Reports</a>
      <a href="#" aria-disabled="true">Settings</a>
    </nav>
    <div class="sidebar-footer">
      <button class="btn" id="theme-toggle" type="button" data-testid="theme-toggle">Toggle dark mode</button>
      <div class="current-user" id="current-user" data-testid="current-user"></div>
      <button class="btn" id="logout" type="button" data-testid="logout">Log out</button>
    </div>
  </aside>
  <section class="list-panel">
    <header class="list-header">
      <h1>Conversations</h1>
      <select id="status-filter" aria-label="Status" data-testid="status-filter">
        <option value="open">Open</option>
        <option value="pending">Pending</option>
        <option value="snoozed">Snoozed</option>
        <option value="resolved">Resolved</option>
        <option value="all">All</option>
      </select>
    </header>
    <div class="assignee-tabs" role="tablist">
      <button class="tab" type="button" data-assignee="me">Mine<span class="count" data-count="mine_count"></span></button>
      <button class="tab" type="button" data-assignee="unassigned">Unassigned<span class="count" data-count="unassigned_count"></span></button>
      <button class="tab active" type="button" data-assignee="all">All<span class="count" data-count="all_count"></span></button>
    </div>
    <ul class="conversation-list" id="conversation-list" data-testid="conversation-list"></ul>
  </section>
  <main class="conversation-view" id="conversation-view" data-testid="conversation-view">
    <div class="empty-state" id="empty-state">Select a conversation</div>
  </main>
</div>
${configScript({ appContextMode: config.appContextMode, pollMs: config.dashboardPollMs })}
<script src="/packs/sandbox/dashboard.js"></script>
${dashboardScriptsHtml(config)}`;
  return layout('Chatwoot', body, undefined, pageLocale(locale));
}

/** A built-in Dashboard App that shows what it receives; the default app of the seeded account. */
export function demoDashboardAppPage(): string {
  const body = `<main class="demo-app">
  <h1>Dashboard App (sandbox demo)</h1>
  <p>Received <span id="count" data-testid="context-count">0</span> appContext message(s).
  <button class="btn" id="fetch-info" type="button" data-testid="fetch-info">Ask for context</button></p>
  <pre id="context" data-testid="context">waiting for appContext…</pre>
</main>
<script src="/packs/sandbox/demo-app.js"></script>`;
  return layout('Sandbox Dashboard App', body, '');
}

export function notFoundPage(): string {
  return layout(
    'The page you were looking for doesn\u2019t exist (404)',
    '<main class="login"><h1>404</h1></main>',
  );
}

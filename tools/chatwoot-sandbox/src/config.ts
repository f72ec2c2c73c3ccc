import type { RetryMode, SigningMode } from './types.js';

/**
 * How the browser session cookie `cw_d_session_info` is written:
 * - `js-cookie`: Chatwoot's normal login (js-cookie v3 percent-encodes the JSON but keeps `{}:[]` readable),
 *   with every response header of `POST /auth/sign_in` in it;
 * - `uri`: Chatwoot's MFA login (`encodeURIComponent(JSON.stringify(...))` of the five devise headers only);
 * - `raw`: the five devise headers as JSON with no encoding at all, for readers that must cope with
 *   hand-set cookies.
 */
export type CookieEncoding = 'js-cookie' | 'uri' | 'raw';

/**
 * Which Dashboard App frame behaviour the conversation view reproduces:
 * - `legacy`: Chatwoot Oct 2024 → Sep 2026 (PR #10342), what most installs run;
 * - `latest`: PR #15660 (adds `theme` and `customAttributes`, checks `event.source`, re-sends on theme change).
 */
export type AppContextMode = 'legacy' | 'latest';

/** Installation-level behaviour. Every field can be passed to `startSandbox` and changed at runtime. */
export interface InstallationConfig {
  /** URL of the Dashboard Script; rendered as `<script src>` at the end of `<body>` (Chatwoot's DASHBOARD_SCRIPTS). */
  dashboardScriptUrl: string | null;
  /** Raw HTML injected verbatim at the end of `<body>`, exactly like the DASHBOARD_SCRIPTS value. */
  dashboardScripts: string | null;
  /**
   * Chatwoot injects DASHBOARD_SCRIPTS on the login page too (only the password-reset page is excluded),
   * so this is on by default; off leaves the login page without it.
   */
  dashboardScriptOnLogin: boolean;
  /** `signed` = Chatwoot ≥ 4.11.2 (X-Chatwoot-Delivery/Timestamp/Signature); `unsigned` = older Chatwoot. */
  webhookSigning: SigningMode;
  /** `none` = real account webhooks (one attempt); `retry` = bounded retries with exponential backoff. */
  webhookRetry: RetryMode;
  /** Total attempts per delivery in retry mode (the first try included). */
  retryAttempts: number;
  /** Delay before the second attempt; doubles for every further attempt. */
  retryBaseDelayMs: number;
  /** Chatwoot's WEBHOOK_TIMEOUT (5 s by default). */
  webhookTimeoutMs: number;
  appContextMode: AppContextMode;
  cookieEncoding: CookieEncoding;
  /** Add `account: {id, name}` to conversation events (an unmerged upstream proposal); off like upstream. */
  conversationEventAccount: boolean;
  /**
   * `changed_attributes` of `conversation_status_changed`: `null` (what upstream most likely sends) or the
   * `[{status: {previous_value, current_value}}]` array seen in third-party fixtures.
   */
  statusChangedAttributes: 'null' | 'array';
  /** How often the dashboard page re-fetches the conversation list (stands in for Chatwoot's websocket). */
  dashboardPollMs: number;
}

export const DEFAULT_CONFIG: InstallationConfig = {
  dashboardScriptUrl: null,
  dashboardScripts: null,
  dashboardScriptOnLogin: true,
  webhookSigning: 'signed',
  webhookRetry: 'none',
  retryAttempts: 4,
  retryBaseDelayMs: 200,
  webhookTimeoutMs: 5000,
  appContextMode: 'legacy',
  cookieEncoding: 'js-cookie',
  conversationEventAccount: false,
  statusChangedAttributes: 'null',
  dashboardPollMs: 4000,
};

// The Dashboard Script: Chatwoot's DASHBOARD_SCRIPTS loads it with <script src="https://hub…/embed.js">.
import { startEmbed } from './controller';

const STARTED = '__whatproHubEmbed';

(() => {
  try {
    const script = document.currentScript;
    const started = window as unknown as Record<string, unknown>;
    if (!(script instanceof HTMLScriptElement) || !script.src || started[STARTED]) return;
    started[STARTED] = true;
    startEmbed({
      window,
      hubOrigin: new URL(script.src).origin,
      fetch: window.fetch.bind(window),
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (id) => window.clearTimeout(id),
      random: Math.random,
    });
  } catch {
    // Never break Chatwoot's page.
  }
})();

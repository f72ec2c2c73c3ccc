// Chatwoot's look (the n-* tokens of _next-colors.scss, Inter, brand #2781F6), inside a shadow root so
// neither page's CSS leaks into the other. The launcher sits by the sidebar; the panel docks on the right,
// full height, where Chatwoot shows its own side panels, and the page gives up that width (ui.ts).
export const STYLES = `
:host {
  all: initial;
  --wh-brand: 39 129 246;
  --wh-card: 255 255 255;
  --wh-background: 247 247 247;
  --wh-text: 28 32 36;
  --wh-muted: 96 100 108;
  --wh-border: 226 227 231;
  /* Chatwoot's ruby-11 rather than ruby-9: the badge's white count needs 4.5:1 (5.4 here, 3.9 on ruby-9). */
  --wh-ruby: 202 36 77;
  --wh-shadow: 0 12px 32px rgb(0 0 0 / 0.12), 0 2px 6px rgb(0 0 0 / 0.06);
  font-family: "WhatPro Hub Inter", "Inter", -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Tahoma, Arial, sans-serif;
  -webkit-font-smoothing: antialiased;
  color: rgb(var(--wh-text));
}
:host(.dark) {
  --wh-card: 28 30 34;
  --wh-background: 28 29 32;
  --wh-text: 237 238 240;
  --wh-muted: 176 180 186;
  --wh-border: 46 45 50;
  --wh-shadow: 0 12px 32px rgb(0 0 0 / 0.5), 0 2px 6px rgb(0 0 0 / 0.3);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; color: inherit; cursor: pointer; }
.launcher {
  position: fixed; left: 12px; bottom: 16px; z-index: 2147483000;
  display: inline-flex; align-items: center; justify-content: center;
  width: 40px; height: 40px; padding: 0; border: 0; border-radius: 9999px;
  background: rgb(var(--wh-brand)); color: #fff; box-shadow: var(--wh-shadow);
}
.launcher:hover { filter: brightness(1.1); }
.launcher:focus-visible { outline: 3px solid rgb(var(--wh-text)); outline-offset: 2px; box-shadow: 0 0 0 2px rgb(var(--wh-card)), var(--wh-shadow); }
.action:focus-visible, .resizer:focus-visible { outline: 2px solid rgb(var(--wh-brand)); outline-offset: -2px; }
.launcher[aria-expanded="true"] { box-shadow: 0 0 0 3px rgb(var(--wh-brand) / 0.3), var(--wh-shadow); }
.launcher svg, .action svg { width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.badge {
  position: absolute; top: -4px; right: -6px; min-width: 18px; height: 18px; padding: 0 5px;
  border-radius: 9999px; border: 2px solid rgb(var(--wh-background));
  background: rgb(var(--wh-ruby)); color: #fff; font-size: 11px; font-weight: 600; line-height: 14px; text-align: center;
}
.panel {
  position: fixed; right: 0; top: 0; bottom: 0; z-index: 2147483000;
  display: flex; flex-direction: column; width: 400px; max-width: 100vw;
  background: rgb(var(--wh-card)); border-left: 1px solid rgb(var(--wh-border));
}
.resizer { position: absolute; left: -4px; top: 0; bottom: 0; width: 8px; z-index: 1; cursor: col-resize; touch-action: none; }
.resizer:hover { background: rgb(var(--wh-brand) / 0.3); }
.header { display: flex; align-items: center; gap: 8px; height: 48px; padding: 0 8px 0 16px; border-bottom: 1px solid rgb(var(--wh-border)); }
.titles { display: flex; flex-direction: column; flex: 1; min-width: 0; }
.title { font-size: 14px; font-weight: 600; line-height: 18px; }
.subtitle { font-size: 12px; line-height: 16px; color: rgb(var(--wh-muted)); }
.action { display: inline-flex; align-items: center; justify-content: center; width: 32px; height: 32px; padding: 0; border: 0; border-radius: 8px; background: transparent; color: rgb(var(--wh-muted)); }
.action:hover { background: rgb(var(--wh-text) / 0.06); }
.body { position: relative; flex: 1; background: rgb(var(--wh-background)); }
.status { position: absolute; inset: 0; display: flex; flex-direction: column; gap: 12px; align-items: center; justify-content: center; padding: 24px; text-align: center; font-size: 14px; color: rgb(var(--wh-muted)); }
.status-text { margin: 0; }
.retry { height: 32px; padding: 0 12px; border: 0; border-radius: 8px; background: transparent; outline: 1px solid rgb(var(--wh-border)); color: rgb(var(--wh-text)); font-size: 14px; }
.retry:hover { background: rgb(var(--wh-text) / 0.06); }
.retry:focus-visible { outline: 2px solid rgb(var(--wh-brand)); outline-offset: 2px; }
iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: transparent; }
`;

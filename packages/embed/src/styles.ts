// Chatwoot's look (the n-* tokens of _next-colors.scss, Inter, brand #2781F6), inside a shadow root so
// neither page's CSS leaks into the other. The launcher sits by the sidebar; the panel docks on the right,
// where Chatwoot shows its own side panels, so the conversation list stays usable while it is open.
export const STYLES = `
:host {
  all: initial;
  --wh-brand: 39 129 246;
  --wh-card: 255 255 255;
  --wh-background: 247 247 247;
  --wh-text: 28 32 36;
  --wh-muted: 96 100 108;
  --wh-border: 226 227 231;
  --wh-ruby: 229 70 102;
  --wh-shadow: 0 12px 32px rgb(0 0 0 / 0.12), 0 2px 6px rgb(0 0 0 / 0.06);
  font-family: "Inter", -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Tahoma, Arial, sans-serif;
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
.launcher:focus-visible, .close:focus-visible { outline: 2px solid rgb(var(--wh-brand)); outline-offset: 2px; }
.launcher[aria-expanded="true"] { box-shadow: 0 0 0 3px rgb(var(--wh-brand) / 0.3), var(--wh-shadow); }
.launcher svg, .close svg { width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.badge {
  position: absolute; top: -4px; right: -6px; min-width: 18px; height: 18px; padding: 0 5px;
  border-radius: 9999px; border: 2px solid rgb(var(--wh-background));
  background: rgb(var(--wh-ruby)); color: #fff; font-size: 11px; font-weight: 600; line-height: 14px; text-align: center;
}
.panel {
  position: fixed; right: 16px; top: 16px; bottom: 16px; z-index: 2147483000;
  display: flex; flex-direction: column; width: min(400px, calc(100vw - 32px));
  border-radius: 12px; overflow: hidden; background: rgb(var(--wh-card));
  outline: 1px solid rgb(var(--wh-border)); box-shadow: var(--wh-shadow);
}
.header { display: flex; align-items: center; gap: 8px; height: 48px; padding: 0 8px 0 16px; border-bottom: 1px solid rgb(var(--wh-border)); }
.titles { display: flex; flex-direction: column; flex: 1; min-width: 0; }
.title { font-size: 14px; font-weight: 600; line-height: 18px; }
.subtitle { font-size: 12px; line-height: 16px; color: rgb(var(--wh-muted)); }
.close { display: inline-flex; align-items: center; justify-content: center; width: 32px; height: 32px; padding: 0; border: 0; border-radius: 8px; background: transparent; color: rgb(var(--wh-muted)); }
.close:hover { background: rgb(var(--wh-text) / 0.06); }
.body { position: relative; flex: 1; background: rgb(var(--wh-background)); }
.status { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 24px; text-align: center; font-size: 14px; color: rgb(var(--wh-muted)); }
iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: transparent; }
`;

import type { Strings } from './strings';
import { STYLES } from './styles';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LAUNCHER_SIZE = 40;
const LAUNCHER_LEFT = 12;
const LAUNCHER_STEP = 8;
const INTERACTIVE =
  'a, button, input, select, textarea, label, summary, [role="button"], [role="link"], [tabindex]';
const CHAT_ICON = 'M7.9 20A9 9 0 1 0 4 16.1L2 22Z';
const CLOSE_ICON = 'M18 6 6 18M6 6l12 12';
const POP_OUT_ICON = 'M15 3h6v6M10 14 21 3M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6';
const HOST_ID = 'whatpro-hub-embed';
const DEFAULT_WIDTH = 400;
const MIN_WIDTH = 320;
const MAX_WIDTH = 800;
/** What Chatwoot keeps at least, beside the docked panel: the sidebar and a usable conversation. */
const MIN_PAGE_WIDTH = 480;
const RESIZE_STEP = 16;
/** Registered under its own name, so Chatwoot's own fonts are never replaced by ours. */
const FONT_FAMILY = 'WhatPro Hub Inter';

export type ConnectionStatus = 'connecting' | 'retrying' | 'connected' | 'blocked';

export interface EmbedUi {
  iframe: HTMLIFrameElement;
  show(): void;
  hide(): void;
  /** Collapses the panel to the launcher and gives the launcher focus. */
  close(): void;
  setTheme(theme: 'light' | 'dark'): void;
  setUnread(count: number): void;
  /** `blocked` names the page origin the Hub has to be configured with. */
  setStatus(status: ConnectionStatus, origin?: string): void;
  reloadFrame(): void;
  remove(): void;
}

function icon(doc: Document, path: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const shape = doc.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  svg.appendChild(shape);
  return svg;
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Record<string, string>,
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function hasOwnText(element: Element): boolean {
  return Array.from(element.childNodes).some(
    (node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== '',
  );
}

/** True when a control or text of Chatwoot's page lies under this point (our own host does not count). */
function occupiedAt(doc: Document, host: Element, x: number, y: number): boolean {
  const below = doc.elementsFromPoint(x, y).find((node) => node !== host);
  return below != null && (below.closest(INTERACTIVE) != null || hasOwnText(below));
}

/**
 * The lowest spot along the sidebar's left edge where the launcher hides none of Chatwoot's controls or
 * text (its profile menu and buttons live at the bottom of the sidebar), or the bottom when none is free.
 */
function freeLauncherBottom(doc: Document, host: Element): number {
  const height = doc.documentElement.clientHeight;
  if (typeof doc.elementsFromPoint !== 'function' || height === 0) return 16;
  const left = LAUNCHER_LEFT + 2;
  const right = LAUNCHER_LEFT + LAUNCHER_SIZE - 2;
  for (let bottom = 16; bottom <= height / 2; bottom += LAUNCHER_STEP) {
    const top = height - bottom - LAUNCHER_SIZE + 2;
    const low = height - bottom - 2;
    const covered = [
      [left, top],
      [right, top],
      [left, low],
      [right, low],
      [(left + right) / 2, (top + low) / 2],
    ].some(([x, y]) => occupiedAt(doc, host, x ?? 0, y ?? 0));
    if (!covered) return bottom;
  }
  return 16;
}

/** A short, stable key per Chatwoot user, so the stored panel width is theirs without writing their email. */
function userKey(uid: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < uid.length; index++) {
    hash = Math.imul(hash ^ uid.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

function readWidth(win: Window | null, key: string): number {
  try {
    const stored = Number(win?.localStorage.getItem(key));
    return Number.isFinite(stored) && stored > 0 ? stored : DEFAULT_WIDTH;
  } catch {
    return DEFAULT_WIDTH;
  }
}

function storeWidth(win: Window | null, key: string, width: number): void {
  try {
    win?.localStorage.setItem(key, String(width));
  } catch {
    // Storage may be disabled; the width then lasts for this page only.
  }
}

/** Inter for the shadow root: font faces declared inside a shadow root are ignored, the document's are not. */
function loadFont(doc: Document, hubOrigin: string): void {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win || typeof win.FontFace !== 'function' || !doc.fonts) return;
  for (const face of Array.from(doc.fonts as unknown as Iterable<FontFace>)) {
    if (face.family.replace(/["']/g, '') === FONT_FAMILY) return;
  }
  const face = new win.FontFace(FONT_FAMILY, `url("${hubOrigin}/embed/inter.woff2") format("woff2")`, {
    weight: '100 900',
    style: 'normal',
    display: 'swap',
  });
  doc.fonts.add(face);
  face.load().catch(() => undefined);
}

/**
 * The launcher (a round button beside Chatwoot's sidebar, with the unread badge) and the panel holding the
 * Hub iframe, in an open shadow root on one host element at the start of <body> (so the launcher comes
 * early in the tab order). The open panel docks on the right and Chatwoot's page gives up its width, so
 * nothing of Chatwoot (composer, header actions) lies under it; its width is per user and remembered.
 */
export function createUi(
  doc: Document,
  hubOrigin: string,
  strings: Strings,
  uid: string,
  onRetry: () => void = () => undefined,
): EmbedUi {
  const frameUrl = `${hubOrigin}/embed`;
  const win = doc.defaultView;
  const widthKey = `whatpro-hub:panel-width:${userKey(uid)}`;
  loadFont(doc, hubOrigin);
  const host = element(doc, 'div', { id: HOST_ID, 'data-whatpro-hub': '' });
  const root = host.attachShadow({ mode: 'open' });
  const style = element(doc, 'style', {}, [STYLES]);

  const badge = element(doc, 'span', { class: 'badge', 'data-testid': 'whatpro-hub-badge', hidden: '' });
  const launcher = element(
    doc,
    'button',
    {
      type: 'button',
      class: 'launcher',
      title: strings.open,
      'aria-label': strings.open,
      'aria-expanded': 'false',
      'aria-controls': 'whatpro-hub-panel',
      'data-testid': 'whatpro-hub-launcher',
    },
    [icon(doc, CHAT_ICON), badge],
  );

  const popOut = element(
    doc,
    'a',
    {
      class: 'action',
      href: `${hubOrigin}/`,
      target: '_blank',
      rel: 'noopener noreferrer',
      title: strings.popOut,
      'aria-label': strings.popOut,
      'data-testid': 'whatpro-hub-pop-out',
    },
    [icon(doc, POP_OUT_ICON)],
  );
  const close = element(
    doc,
    'button',
    {
      type: 'button',
      class: 'action',
      title: strings.close,
      'aria-label': strings.close,
      'data-testid': 'whatpro-hub-close',
    },
    [icon(doc, CLOSE_ICON)],
  );
  const resizer = element(doc, 'div', {
    class: 'resizer',
    role: 'separator',
    tabindex: '0',
    'aria-orientation': 'vertical',
    'aria-label': strings.resize,
    'aria-valuemin': String(MIN_WIDTH),
    'aria-valuemax': String(MAX_WIDTH),
    'data-testid': 'whatpro-hub-resizer',
  });
  const statusText = element(doc, 'p', { class: 'status-text' }, [strings.connecting]);
  const retry = element(
    doc,
    'button',
    { type: 'button', class: 'retry', 'data-testid': 'whatpro-hub-retry' },
    [strings.retryNow],
  );
  retry.hidden = true;
  retry.addEventListener('click', () => onRetry());
  const status = element(doc, 'div', { class: 'status', role: 'status' }, [statusText, retry]);
  const iframe = element(doc, 'iframe', {
    title: strings.title,
    src: frameUrl,
    referrerpolicy: 'strict-origin',
    // The Hub may not navigate or script Chatwoot's page; it keeps its own origin, scripts and forms.
    sandbox:
      'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads',
    allow: 'clipboard-write',
    'data-testid': 'whatpro-hub-frame',
  });
  const panel = element(
    doc,
    'section',
    {
      id: 'whatpro-hub-panel',
      class: 'panel',
      role: 'region',
      'aria-label': strings.title,
      'data-testid': 'whatpro-hub-panel',
      hidden: '',
    },
    [
      resizer,
      element(doc, 'header', { class: 'header', 'data-testid': 'whatpro-hub-header' }, [
        element(doc, 'div', { class: 'titles' }, [
          element(doc, 'span', { class: 'title' }, [strings.title]),
          element(doc, 'span', { class: 'subtitle' }, [strings.subtitle]),
        ]),
        popOut,
        close,
      ]),
      element(doc, 'div', { class: 'body' }, [status, iframe]),
    ],
  );
  root.append(style, launcher, panel);

  let width = readWidth(win, widthKey);
  const previousMargin = doc.body.style.marginRight;

  const widthLimit = () =>
    Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, (doc.documentElement.clientWidth || MAX_WIDTH) - MIN_PAGE_WIDTH));
  /** Chatwoot's page reflows into what the open panel leaves; closed, it gets its whole width back. */
  const dock = () => {
    const shown = Math.round(Math.min(Math.max(width, MIN_WIDTH), widthLimit()));
    panel.style.width = `${shown}px`;
    resizer.setAttribute('aria-valuenow', String(shown));
    doc.body.style.marginRight =
      panel.hidden || host.style.display === 'none' ? previousMargin : `${shown}px`;
  };

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    dock();
    if (open) iframe.focus();
  };
  const collapse = () => {
    setOpen(false);
    launcher.focus();
  };
  const resizeTo = (next: number) => {
    width = Math.min(Math.max(next, MIN_WIDTH), widthLimit());
    dock();
    storeWidth(win, widthKey, width);
  };

  launcher.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', collapse);
  popOut.addEventListener('click', () => setOpen(false));
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && !panel.hidden) collapse();
  });
  resizer.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== 'ArrowLeft' && key !== 'ArrowRight') return;
    event.preventDefault();
    resizeTo(width + (key === 'ArrowLeft' ? RESIZE_STEP : -RESIZE_STEP));
  });
  resizer.addEventListener('pointerdown', (event) => {
    const pointer = event as PointerEvent;
    pointer.preventDefault();
    resizer.setPointerCapture?.(pointer.pointerId);
    // The frame would swallow the pointer while the edge is dragged across it.
    iframe.style.pointerEvents = 'none';
    const move = (moved: Event) => {
      const viewport = doc.documentElement.clientWidth || 0;
      resizeTo(viewport - (moved as PointerEvent).clientX);
    };
    const end = () => {
      iframe.style.pointerEvents = '';
      resizer.removeEventListener('pointermove', move);
      resizer.removeEventListener('pointerup', end);
      resizer.removeEventListener('pointercancel', end);
    };
    resizer.addEventListener('pointermove', move);
    resizer.addEventListener('pointerup', end);
    resizer.addEventListener('pointercancel', end);
  });

  doc.body.prepend(host);
  const place = () => {
    launcher.style.bottom = `${freeLauncherBottom(doc, host)}px`;
  };
  const onResize = () => {
    place();
    dock();
  };
  dock();
  place();
  // Chatwoot's Vue app may still be drawing its sidebar: look again once the page has loaded.
  if (doc.readyState !== 'complete') win?.addEventListener('load', place, { once: true });
  win?.addEventListener('resize', onResize);

  return {
    iframe,
    show: () => {
      host.style.display = '';
      dock();
      place();
    },
    hide: () => {
      host.style.display = 'none';
      setOpen(false);
    },
    close: collapse,
    setTheme: (theme) => host.classList.toggle('dark', theme === 'dark'),
    setUnread: (count) => {
      badge.hidden = count === 0;
      badge.textContent = count > 99 ? '99+' : String(count);
      const label =
        count > 0 ? `${strings.open} · ${strings.unread.replace('{count}', String(count))}` : strings.open;
      launcher.setAttribute('aria-label', label);
    },
    setStatus: (next, origin) => {
      status.hidden = next === 'connected';
      retry.hidden = next !== 'retrying';
      statusText.textContent =
        next === 'blocked'
          ? strings.blocked.replace(/\{origin\}/g, origin ?? '')
          : next === 'retrying'
            ? strings.retrying
            : strings.connecting;
      iframe.style.visibility = next === 'connected' ? 'visible' : 'hidden';
      // A hidden frame cannot take focus: opened before the Hub answered, the focus follows it in now.
      if (next === 'connected' && !panel.hidden && root.activeElement === launcher) iframe.focus();
    },
    reloadFrame: () => {
      iframe.src = frameUrl;
    },
    remove: () => {
      win?.removeEventListener('resize', onResize);
      doc.body.style.marginRight = previousMargin;
      host.remove();
    },
  };
}

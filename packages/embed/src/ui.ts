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
const HOST_ID = 'whatpro-hub-embed';

export type ConnectionStatus = 'connecting' | 'retrying' | 'connected';

export interface EmbedUi {
  iframe: HTMLIFrameElement;
  show(): void;
  hide(): void;
  setTheme(theme: 'light' | 'dark'): void;
  setUnread(count: number): void;
  setStatus(status: ConnectionStatus): void;
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

/**
 * The launcher (a round button beside Chatwoot's sidebar, with the unread badge) and the panel holding the
 * Hub iframe. Everything lives in an open shadow root on one host element at the end of <body>.
 */
export function createUi(doc: Document, frameUrl: string, strings: Strings): EmbedUi {
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

  const close = element(
    doc,
    'button',
    { type: 'button', class: 'close', title: strings.close, 'aria-label': strings.close },
    [icon(doc, CLOSE_ICON)],
  );
  const status = element(doc, 'div', { class: 'status', role: 'status' }, [strings.connecting]);
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
      role: 'dialog',
      'aria-label': strings.title,
      'data-testid': 'whatpro-hub-panel',
      hidden: '',
    },
    [
      element(doc, 'header', { class: 'header' }, [
        element(doc, 'div', { class: 'titles' }, [
          element(doc, 'span', { class: 'title' }, [strings.title]),
          element(doc, 'span', { class: 'subtitle' }, [strings.subtitle]),
        ]),
        close,
      ]),
      element(doc, 'div', { class: 'body' }, [status, iframe]),
    ],
  );
  root.append(style, launcher, panel);

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) iframe.focus();
  };
  launcher.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => {
    setOpen(false);
    launcher.focus();
  });
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && !panel.hidden) {
      setOpen(false);
      launcher.focus();
    }
  });
  doc.body.appendChild(host);
  const place = () => {
    launcher.style.bottom = `${freeLauncherBottom(doc, host)}px`;
  };
  place();
  // Chatwoot's Vue app may still be drawing its sidebar: look again once the page has loaded.
  if (doc.readyState !== 'complete') doc.defaultView?.addEventListener('load', place, { once: true });
  doc.defaultView?.addEventListener('resize', place);

  return {
    iframe,
    show: () => {
      host.style.display = '';
      place();
    },
    hide: () => {
      host.style.display = 'none';
      setOpen(false);
    },
    setTheme: (theme) => host.classList.toggle('dark', theme === 'dark'),
    setUnread: (count) => {
      badge.hidden = count === 0;
      badge.textContent = count > 99 ? '99+' : String(count);
      const label =
        count > 0 ? `${strings.open} · ${strings.unread.replace('{count}', String(count))}` : strings.open;
      launcher.setAttribute('aria-label', label);
    },
    setStatus: (next) => {
      status.hidden = next === 'connected';
      status.textContent = next === 'retrying' ? strings.retrying : strings.connecting;
      iframe.style.visibility = next === 'connected' ? 'visible' : 'hidden';
    },
    reloadFrame: () => {
      iframe.src = frameUrl;
    },
    remove: () => {
      doc.defaultView?.removeEventListener('resize', place);
      host.remove();
    },
  };
}

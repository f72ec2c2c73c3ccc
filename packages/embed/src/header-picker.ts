/** Chatwoot's conversation header (ConversationHeader.vue); the sandbox serves the same markup. */
const HEADER_SELECTOR = '.conversation-header';
/** Below the launcher and the panel (styles.ts), above Chatwoot's own header. */
const FRAME_Z_INDEX = 2147482000;

export interface HeaderPicker {
  /** Shows the frame over the conversation header whenever there is one, or hides it. */
  setVisible(visible: boolean): void;
  /** A Hub frame said `ready`: if it is the picker's, the Hub page loaded and the frame may show. */
  announced(source: Window): void;
  /** Ends the frame and the Hub session it holds in memory (another Chatwoot user); the next one starts afresh. */
  reset(): void;
  stop(): void;
}

/**
 * The Hub's stage picker over Chatwoot's conversation header. Chatwoot redraws that header as it likes, and
 * a browser reloads an iframe that is taken out of the document or moved within it, so the frame never
 * lives in the header: it stays in `<body>` for the page's life, fixed over an empty slot that a DOM
 * observer puts back into the header after each redraw. A redraw therefore moves only the slot, and the
 * frame keeps its document and its session; a new conversation reaches it as a `context` message. Without
 * a header nothing is made and nothing fails. The frame is a Hub page of the Hub's origin and gets its
 * token by the same `ready` handshake as the panel: Chatwoot's page never holds one.
 */
export function createHeaderPicker(doc: Document, hubOrigin: string, title: string): HeaderPicker {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  let visible = false;
  let frame: HTMLIFrameElement | null = null;
  /** Until the Hub page in the frame says `ready`, the frame may hold a browser error page: it stays hidden. */
  let loaded = false;
  let observedHeader: Element | null = null;

  const slot = doc.createElement('span');
  slot.setAttribute('data-testid', 'whatpro-hub-stage-picker-slot');
  slot.setAttribute('aria-hidden', 'true');
  // A flex basis, not a width: a width would count in the header's minimum width and could push Chatwoot's
  // view wider than the room beside the docked panel; a basis only takes the room the header has to spare.
  slot.style.cssText = 'display:block;flex:0 1 320px;min-width:0;max-width:45%;height:40px;margin-left:auto';

  function makeFrame(): HTMLIFrameElement {
    const iframe = doc.createElement('iframe');
    iframe.src = `${hubOrigin}/embed/stage-picker`;
    iframe.title = title;
    iframe.setAttribute('referrerpolicy', 'strict-origin');
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
    iframe.setAttribute('data-testid', 'whatpro-hub-stage-picker');
    iframe.style.cssText = `position:fixed;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;z-index:${FRAME_Z_INDEX};visibility:hidden`;
    return iframe;
  }

  let placing = false;
  /**
   * Chatwoot's page changes its DOM many times a second; reading the slot's box at each change would force a
   * layout every time, so the frame is placed once per animation frame, just before the browser paints.
   */
  function schedulePlace(): void {
    if (placing) return;
    placing = true;
    const run = () => {
      placing = false;
      try {
        place();
      } catch {
        // Same as sync: never an error in Chatwoot's page.
      }
    };
    if (win?.requestAnimationFrame) win.requestAnimationFrame(run);
    else run();
  }

  /** Lays the frame over the slot, or hides it (hiding keeps its document; only removal would end it). */
  function place(): void {
    if (!frame) return;
    const box = loaded && visible && slot.isConnected ? slot.getBoundingClientRect() : null;
    if (!box || box.width === 0 || box.height === 0) {
      frame.style.visibility = 'hidden';
      return;
    }
    frame.style.left = `${box.left}px`;
    frame.style.top = `${box.top}px`;
    frame.style.width = `${box.width}px`;
    frame.style.height = `${box.height}px`;
    frame.style.visibility = 'visible';
  }

  const resizeObserver = win?.ResizeObserver ? new win.ResizeObserver(() => sync()) : null;

  function sync(): void {
    try {
      const header = visible ? doc.querySelector(HEADER_SELECTOR) : null;
      if (!header) slot.remove();
      else {
        if (slot.parentNode !== header) header.appendChild(slot);
        if (observedHeader !== header) {
          resizeObserver?.disconnect();
          resizeObserver?.observe(header);
          observedHeader = header;
        }
        // The frame is made once, when a header first shows; it is made again only if someone removed it.
        if (!frame?.isConnected) {
          frame = makeFrame();
          loaded = false;
          doc.body.appendChild(frame);
        }
      }
      schedulePlace();
    } catch {
      // Chatwoot's markup changed in a way we cannot follow: show nothing rather than break its page.
    }
  }

  const mutationObserver = win?.MutationObserver ? new win.MutationObserver(() => sync()) : null;
  mutationObserver?.observe(doc.body, { childList: true, subtree: true });
  win?.addEventListener('resize', sync);
  win?.addEventListener('scroll', sync, true);

  function removeFrame(): void {
    // A removed frame ends the Hub document in it, and with it the session it held.
    frame?.remove();
    frame = null;
    loaded = false;
  }

  return {
    setVisible(next) {
      visible = next;
      sync();
    },
    announced(source) {
      if (!frame || frame.contentWindow !== source) return;
      loaded = true;
      schedulePlace();
    },
    reset() {
      removeFrame();
      sync();
    },
    stop() {
      mutationObserver?.disconnect();
      resizeObserver?.disconnect();
      win?.removeEventListener('resize', sync);
      win?.removeEventListener('scroll', sync, true);
      visible = false;
      slot.remove();
      removeFrame();
    },
  };
}

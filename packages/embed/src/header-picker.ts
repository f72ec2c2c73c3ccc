/** Chatwoot's conversation header (ConversationHeader.vue); the sandbox serves the same markup. */
const HEADER_SELECTOR = '.conversation-header';

export interface HeaderPicker {
  /** Shows the frame in the conversation header whenever there is one, or takes it out. */
  setVisible(visible: boolean): void;
  stop(): void;
}

/**
 * The Hub's stage picker, a small frame in Chatwoot's conversation header. Chatwoot redraws that header
 * as it likes, so a DOM observer puts the frame back wherever it went missing; without a header nothing
 * is shown and nothing fails. The frame is a Hub page of the Hub's origin and gets its token by the
 * same `ready` handshake as the panel: Chatwoot's page never holds one.
 */
export function createHeaderPicker(doc: Document, hubOrigin: string, title: string): HeaderPicker {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  let visible = false;
  let frame: HTMLIFrameElement | null = null;

  function makeFrame(): HTMLIFrameElement {
    const iframe = doc.createElement('iframe');
    iframe.src = `${hubOrigin}/embed/stage-picker`;
    iframe.title = title;
    iframe.setAttribute('referrerpolicy', 'strict-origin');
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
    iframe.setAttribute('data-testid', 'whatpro-hub-stage-picker');
    iframe.style.cssText =
      'border:0;width:320px;max-width:45%;height:40px;margin-left:auto;background:transparent;color-scheme:normal';
    return iframe;
  }

  function attach(): void {
    try {
      if (!visible) return;
      const header = doc.querySelector(HEADER_SELECTOR);
      if (!header) return;
      if (frame && frame.parentNode === header) return;
      frame ??= makeFrame();
      header.appendChild(frame);
    } catch {
      // Chatwoot's markup changed in a way we cannot follow: show nothing rather than break its page.
    }
  }

  const observer = win?.MutationObserver ? new win.MutationObserver(attach) : null;
  observer?.observe(doc.body, { childList: true, subtree: true });

  return {
    setVisible(next) {
      visible = next;
      if (visible) attach();
      else {
        // A removed frame ends the Hub document in it, and with it the session it held.
        frame?.remove();
        frame = null;
      }
    },
    stop() {
      observer?.disconnect();
      visible = false;
      frame?.remove();
      frame = null;
    },
  };
}

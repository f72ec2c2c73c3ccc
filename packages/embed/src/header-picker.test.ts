import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Window } from 'happy-dom';
import { createHeaderPicker, type HeaderPicker } from './header-picker';

const HUB = 'https://hub.example.com';
const opened: { win: Window; picker: HeaderPicker }[] = [];

afterEach(async () => {
  for (const { win, picker } of opened.splice(0)) {
    picker.stop();
    await win.happyDOM.close();
  }
});

/** Lets the MutationObserver deliver its records and the next animation frame place the frame. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

function page(body: string) {
  const win = new Window({
    url: 'https://chat.example.com/app/accounts/1/conversations/2',
    settings: { navigation: { disableChildFrameNavigation: true } },
  });
  win.document.body.innerHTML = body;
  const doc = win.document as unknown as Document;
  const picker = createHeaderPicker(doc, HUB, 'Etapa do Kanban');
  opened.push({ win, picker });
  const frames = () => Array.from(doc.querySelectorAll('iframe'));
  const slot = () => doc.querySelector('[data-testid="whatpro-hub-stage-picker-slot"]');
  return { win, doc, picker, frames, slot };
}

const HEADER =
  '<main class="conversation-view"><header class="conversation-header" id="conversation-header"><div><h2>João</h2></div><button>Resolve</button></header></main>';

describe("the stage picker over Chatwoot's conversation header", () => {
  test("keeps one Hub frame in the page's body, laid over a slot in the header", () => {
    const { doc, picker, frames, slot } = page(HEADER);
    picker.setVisible(true);
    picker.setVisible(true);
    assert.equal(frames().length, 1);
    const frame = frames()[0];
    assert.equal(frame?.parentElement, doc.body);
    assert.equal(slot()?.parentElement, doc.querySelector('.conversation-header'));
    assert.equal(frame?.getAttribute('src'), `${HUB}/embed/stage-picker`);
    assert.equal(frame?.title, 'Etapa do Kanban');
    assert.equal(frame?.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-forms');
    assert.equal(frame?.style.position, 'fixed');
  });

  test('a redraw of the header or of the whole view moves only the slot: the frame is never remade or moved', async () => {
    const { doc, picker, frames, slot } = page(HEADER);
    picker.setVisible(true);
    const frame = frames()[0];
    const header = doc.querySelector('.conversation-header') as HTMLElement;
    header.replaceChildren(doc.createElement('div'));
    await settle();
    assert.equal(slot()?.parentElement, header);

    const view = doc.querySelector('.conversation-view') as HTMLElement;
    view.innerHTML = '<header class="conversation-header"><h2>Maria</h2></header>';
    await settle();
    assert.equal(slot()?.parentElement, doc.querySelector('.conversation-header'));
    assert.deepEqual(frames(), [frame]);
    assert.equal(frame?.parentElement, doc.body);
  });

  test('stays hidden until the Hub page in it says ready, then lies over the slot', async () => {
    const { doc, picker, frames, slot } = page(HEADER);
    picker.setVisible(true);
    const frame = frames()[0] as HTMLIFrameElement;
    const laidOut = slot() as HTMLElement;
    laidOut.getBoundingClientRect = () => ({ left: 700, top: 12, width: 320, height: 40 }) as DOMRect;
    assert.equal(frame.style.visibility, 'hidden');

    const stranger = doc.createElement('iframe');
    doc.body.appendChild(stranger);
    picker.announced(stranger.contentWindow as unknown as globalThis.Window);
    await settle();
    assert.equal(frame.style.visibility, 'hidden');

    picker.announced(frame.contentWindow as unknown as globalThis.Window);
    await settle();
    assert.equal(frame.style.visibility, 'visible');
    assert.deepEqual(
      [frame.style.left, frame.style.top, frame.style.width, frame.style.height],
      ['700px', '12px', '320px', '40px'],
    );
    laidOut.getBoundingClientRect = () => ({ left: 400, top: 12, width: 320, height: 40 }) as DOMRect;
    (doc.querySelector('.conversation-header') as HTMLElement).replaceChildren();
    await settle();
    assert.equal(frame.style.left, '400px');
  });

  test('without a header makes no frame and throws nothing, and shows one when a header appears', async () => {
    const { doc, picker, frames, slot } = page(
      '<main class="conversation-view"><div>no header here</div></main>',
    );
    assert.doesNotThrow(() => picker.setVisible(true));
    await settle();
    assert.equal(frames().length, 0);
    assert.equal(slot(), null);
    (doc.querySelector('.conversation-view') as HTMLElement).insertAdjacentHTML(
      'afterbegin',
      '<header class="conversation-header"></header>',
    );
    await settle();
    assert.equal(frames().length, 1);
  });

  test('when the header goes away the frame is hidden, kept, and shown again with the next header', async () => {
    const { doc, picker, frames, slot } = page(HEADER);
    picker.setVisible(true);
    const frame = frames()[0] as HTMLIFrameElement;
    const laidOut = slot() as HTMLElement;
    laidOut.getBoundingClientRect = () => ({ left: 700, top: 12, width: 320, height: 40 }) as DOMRect;
    picker.announced(frame.contentWindow as unknown as globalThis.Window);
    await settle();
    assert.equal(frame.style.visibility, 'visible');

    (doc.querySelector('.conversation-view') as HTMLElement).replaceChildren();
    await settle();
    assert.equal(frame.style.visibility, 'hidden');
    assert.equal(slot(), null);
    (doc.querySelector('.conversation-view') as HTMLElement).innerHTML = HEADER;
    await settle();
    assert.deepEqual(frames(), [frame]);
    assert.equal(slot(), laidOut);
    assert.equal(frame.style.visibility, 'visible');
  });

  test('outside a conversation the frame is hidden but kept; reset ends it, and once stopped it stays gone', async () => {
    const { doc, picker, frames, slot } = page(HEADER);
    picker.setVisible(true);
    const frame = frames()[0];
    picker.setVisible(false);
    assert.deepEqual(frames(), [frame]);
    assert.equal(frame?.style.visibility, 'hidden');
    assert.equal(slot(), null);

    picker.reset();
    assert.equal(frames().length, 0);
    picker.setVisible(true);
    assert.equal(frames().length, 1);
    assert.notEqual(frames()[0], frame);

    picker.stop();
    assert.equal(frames().length, 0);
    assert.equal(slot(), null);
    (doc.querySelector('.conversation-header') as HTMLElement).replaceChildren();
    await settle();
    assert.equal(frames().length, 0);
  });
});

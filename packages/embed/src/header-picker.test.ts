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

/** Lets the MutationObserver deliver its records. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

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
  return { win, doc, picker, frames };
}

const HEADER =
  '<main class="conversation-view"><header class="conversation-header" id="conversation-header"><div><h2>João</h2></div><button>Resolve</button></header></main>';

describe("the stage picker in Chatwoot's conversation header", () => {
  test('puts one Hub frame of the stage picker page into the header', () => {
    const { doc, picker, frames } = page(HEADER);
    picker.setVisible(true);
    picker.setVisible(true);
    assert.equal(frames().length, 1);
    const frame = frames()[0];
    assert.equal(frame?.parentElement, doc.querySelector('.conversation-header'));
    assert.equal(frame?.getAttribute('src'), `${HUB}/embed/stage-picker`);
    assert.equal(frame?.title, 'Etapa do Kanban');
    assert.equal(frame?.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-forms');
  });

  test('comes back, once, after Chatwoot redraws the header or the whole view', async () => {
    const { doc, picker, frames } = page(HEADER);
    picker.setVisible(true);
    const header = doc.querySelector('.conversation-header') as HTMLElement;
    header.replaceChildren(doc.createElement('div'));
    await settle();
    assert.equal(frames().length, 1);
    assert.equal(frames()[0]?.parentElement, header);

    const view = doc.querySelector('.conversation-view') as HTMLElement;
    view.innerHTML = '<header class="conversation-header"><h2>Maria</h2></header>';
    await settle();
    assert.equal(frames().length, 1);
    assert.equal(frames()[0]?.parentElement, doc.querySelector('.conversation-header'));
  });

  test('without a header shows nothing and throws nothing, and attaches when one appears', async () => {
    const { doc, picker, frames } = page('<main class="conversation-view"><div>no header here</div></main>');
    assert.doesNotThrow(() => picker.setVisible(true));
    await settle();
    assert.equal(frames().length, 0);
    (doc.querySelector('.conversation-view') as HTMLElement).insertAdjacentHTML(
      'afterbegin',
      '<header class="conversation-header"></header>',
    );
    await settle();
    assert.equal(frames().length, 1);
  });

  test('outside a conversation, and once stopped, the frame is gone and stays gone', async () => {
    const { doc, picker, frames } = page(HEADER);
    picker.setVisible(true);
    picker.setVisible(false);
    assert.equal(frames().length, 0);
    picker.setVisible(true);
    picker.stop();
    assert.equal(frames().length, 0);
    (doc.querySelector('.conversation-header') as HTMLElement).replaceChildren();
    await settle();
    assert.equal(frames().length, 0);
  });
});

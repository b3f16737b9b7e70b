// The moment the wasm takes over the form the loader put on the page: what the reader and
// the page did to the form before it (kept typing; a translator or an extension changed
// it) must survive it. The wasm is held back by the test so that the takeover happens
// while the reader types or after the page was changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerCaptcha, launch, send, servePages, startServer, watchErrors, widgetPage } from './harness.mjs';

const SENT = 'Terima kasih, komentar Anda telah terkirim.';

let browser;
let site;
let server;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
});

/** Opens `name` with the form only (the wasm held until `release()`). */
async function open(name) {
  pages[`/${name}.html`] = widgetPage({
    'data-endpoint': `${server.url}api/comments`, 'data-post-id': name, 'data-load': 'lazy',
  });
  const page = await browser.newPage();
  const errors = watchErrors(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('#commentform');
  assert.equal(await page.locator('[data-balasan-live]').count(), 0, 'the wasm has not taken over yet');
  return { page, errors, release };
}

const stored = (name) => server.list('all').filter((c) => c.post === name).map((c) => c.content);

test('keystrokes typed while the wasm takes over are all in the stored comment', async () => {
  const { page, errors, release } = await open('ketik');
  const text = 'Saya mengetik terus selama formulir dimuat, tanpa berhenti sedikit pun, huruf demi huruf.';
  await page.click('#comment'); // the first touch: the loader asks for the wasm
  let typed = 0;
  let liveAt = null;
  // Type one character at a time; the wasm arrives a third of the way in.
  for (const ch of text) {
    await page.keyboard.type(ch);
    typed += 1;
    if (typed === Math.floor(text.length / 3)) release();
    if (liveAt === null && await page.locator('[data-balasan-live]').count() > 0) liveAt = typed;
    await page.waitForTimeout(15);
  }
  assert.ok(liveAt !== null && liveAt < text.length, `the takeover happened while typing (after ${liveAt} characters)`);
  assert.equal(await page.inputValue('#comment'), text);
  await page.fill('#author', 'Sari Wulandari');
  await page.fill('#email', 'sari@contoh.id');
  await answerCaptcha(page);
  assert.deepEqual(await send(page), { status: SENT, alert: '' });
  assert.deepEqual(stored('ketik'), [text]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a form a translator and an extension changed before the takeover: it takes over, sends, stores once', async () => {
  const { page, errors, release } = await open('terjemah');
  await page.evaluate(() => {
    const respond = document.getElementById('respond');
    // Google Translate: every text node wrapped in two <font> elements.
    const walker = document.createTreeWalker(respond, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) texts.push(n);
    for (const t of texts) {
      const outer = document.createElement('font');
      outer.style.verticalAlign = 'inherit';
      const inner = outer.appendChild(document.createElement('font'));
      inner.style.verticalAlign = 'inherit';
      inner.textContent = `${t.textContent} `;
      t.replaceWith(outer);
    }
    // A grammar checker: its own element inside the form, attributes on the text box.
    const form = document.getElementById('commentform');
    form.insertBefore(document.createElement('grammarly-extension'), form.firstChild);
    document.querySelector('.comment-form-comment').appendChild(document.createElement('grammarly-extension'));
    const box = document.getElementById('comment');
    box.setAttribute('data-gramm', 'false');
    box.setAttribute('data-gramm_editor', 'false');
    // A password manager: an attribute and an icon element after the email field.
    document.getElementById('email').setAttribute('data-lpignore', 'true');
    document.getElementById('email').after(document.createElement('span'));
  });
  const fonts = await page.locator('#respond font').count();
  assert.ok(fonts > 10, `${fonts} <font> elements`);
  await page.fill('#comment', 'Dikirim dari halaman yang diterjemahkan.');
  release();
  await page.waitForSelector('[data-balasan-live] #commentform');
  await page.fill('#author', 'Sari Wulandari');
  await page.fill('#email', 'sari@contoh.id');
  await page.waitForFunction(() => /\d/.test(document.querySelector('.balasan-question').textContent));
  await answerCaptcha(page);
  assert.deepEqual(await send(page), { status: SENT, alert: '' });
  assert.deepEqual(stored('terjemah'), ['Dikirim dari halaman yang diterjemahkan.']);
  assert.equal(await page.inputValue('#comment'), '', 'the form is free for the next comment');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the takeover puts the reader back where they were: focus, selection, scroll, size and messages', async () => {
  const { page, errors, release } = await open('tempat');
  const lines = Array.from({ length: 40 }, (_, i) => `Baris ${i + 1} dari komentar yang panjang.`).join('\n');
  await page.fill('#comment', lines);
  await page.fill('#author', 'Sari Wulandari');
  await page.check('#wp-comment-cookies-consent');
  const before = await page.evaluate(() => {
    const box = document.getElementById('comment');
    // The reader dragged the text box taller, scrolled in it and selected a few words.
    box.style.height = '260px';
    box.scrollTop = 300;
    box.focus();
    box.setSelectionRange(120, 145, 'forward');
    // What the loader said before the wasm (a plain post came back stored, say).
    document.querySelector('#respond [role=status]').textContent = 'Terkirim tanpa skrip.';
    window.scrollTo(0, document.getElementById('respond').getBoundingClientRect().top + window.scrollY - 40);
    window.preRendered = box;
    const r = document.getElementById('respond').getBoundingClientRect();
    return { scrollTop: box.scrollTop, height: box.getBoundingClientRect().height, top: r.top, formHeight: r.height, pageY: window.scrollY };
  });
  assert.ok(before.scrollTop > 0, 'the text box scrolls');
  // The wasm was asked for by the first touch; it arrives now.
  release();
  await page.waitForSelector('[data-balasan-live] #commentform');
  const after = await page.evaluate(() => {
    const box = document.getElementById('comment');
    const r = document.getElementById('respond').getBoundingClientRect();
    return {
      fresh: box !== window.preRendered,
      focused: document.activeElement && document.activeElement.id,
      selection: [box.selectionStart, box.selectionEnd],
      scrollTop: box.scrollTop,
      height: box.getBoundingClientRect().height,
      top: r.top,
      formHeight: r.height,
      pageY: window.scrollY,
      value: box.value,
      author: document.getElementById('author').value,
      consent: document.getElementById('wp-comment-cookies-consent').checked,
      status: document.querySelector('#respond [role=status]').textContent,
    };
  });
  assert.ok(after.fresh, 'the components were mounted in the pre-rendered form\'s place');
  assert.equal(after.focused, 'comment');
  assert.deepEqual(after.selection, [120, 145]);
  assert.equal(after.scrollTop, before.scrollTop);
  assert.equal(after.height, before.height);
  assert.equal(after.top, before.top, 'the form did not move');
  assert.equal(after.formHeight, before.formHeight);
  assert.equal(after.pageY, before.pageY);
  assert.equal(after.value, lines);
  assert.equal(after.author, 'Sari Wulandari');
  assert.equal(after.consent, true);
  assert.equal(after.status, 'Terkirim tanpa skrip.');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a word being composed when the wasm arrives is not cut off: the takeover waits for its end', async () => {
  const { page, errors, release } = await open('susun');
  await page.click('#comment'); // the first touch: the loader asks for the wasm
  await page.keyboard.type('Saya ');
  // A phone keyboard composing a word (Gboard does for every word), through the browser's
  // input method interface.
  const ime = await page.context().newCDPSession(page);
  const compose = (text) => ime.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await compose('k');
  release();
  // The reader goes on composing for a second and a half; the wasm is there meanwhile.
  const word = 'komentarku';
  for (let i = 2; i <= word.length; i++) {
    await compose(word.slice(0, i));
    await page.waitForTimeout(150);
    assert.equal(await page.locator('[data-balasan-live]').count(), 0, `no takeover while "${word.slice(0, i)}" is composed`);
  }
  await ime.send('Input.insertText', { text: word }); // the word ends
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(await page.inputValue('#comment'), 'Saya komentarku');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'comment');
  await page.keyboard.type(' selesai.');
  assert.equal(await page.inputValue('#comment'), 'Saya komentarku selesai.');
  assert.deepEqual(errors, []);
  await page.close();
});

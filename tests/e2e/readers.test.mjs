// What a reader meets around a send and in the list, with the keyboard and at phone width:
// where the focus goes after each outcome, long names on a narrow screen; against the real
// reference server (behind the fault proxy where the network has to fail).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCaptcha, faultProxy, fillComment, launch, servePages, startServer, watchErrors, widgetPage,
} from './harness.mjs';

const SENT = 'Terima kasih, komentar Anda telah terkirim.';
const DUPLICATE = 'Komentar duplikat terdeteksi. Sepertinya Anda pernah mengatakan hal itu!';
const QUEUED_SERVER = /^Server komentar tidak dapat dihubungi\. Komentar Anda disimpan/;

let browser;
let site;
let server;
let proxy;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '1000']);
  proxy = await faultProxy(server.url);
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  await site?.close();
});

async function open(name, attrs = {}, { width = 1024, main = '', head = '' } = {}) {
  pages[`/${name}.html`] = widgetPage({
    'data-endpoint': `${proxy.url}api/comments`,
    'data-post-id': name,
    ...attrs,
  }).replace('<main>', `<main style="${main}">`).replace('</head>', `${head}</head>`);
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  return { page, errors };
}

/** The focused element as a reader's assistive technology names it: its id, or its role. */
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a === document.body ? 'body' : a.id || `[role=${a.getAttribute('role')}]`;
});

/** Sends by keyboard (Enter on the button) and waits until the form says how it went. */
async function sendByKeyboard(page) {
  await page.focus('#submit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const s = document.querySelector('#commentform [role=status]').textContent;
    return document.querySelector('#commentform [role=alert]').textContent || (s && !s.endsWith('…'));
  }, null, { timeout: 15_000 });
  return [await page.textContent('#commentform [role=alert]'), await page.textContent('#commentform [role=status]')];
}

test('keyboard focus after a send: on the message when the form is cleared, on the button when it stays', async () => {
  const { page, errors } = await open('fokus');
  proxy.mode = 'slow';
  proxy.delay = 600;
  await fillComment(page, 'Fokus tetap di tempatnya.');
  await answerCaptcha(page);
  await page.focus('#submit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent === 'Mengirim komentar…');
  assert.equal(await page.getAttribute('#submit', 'aria-disabled'), 'true', 'the button says it is busy…');
  assert.equal(await focused(page), 'submit', '…and keeps the focus while sending');
  await page.waitForFunction((sent) => document.querySelector('#commentform [role=status]').textContent === sent, SENT);
  proxy.mode = 'pass';
  await page.waitForFunction(() => document.activeElement.getAttribute('role') === 'status', null, { timeout: 5_000 })
    .catch(() => {});
  assert.equal(await focused(page), '[role=status]', 'sent: the focus is on the message that says so');
  assert.equal(await page.getAttribute('#submit', 'aria-disabled'), null, 'the button is free again');

  // The same words again: the server refuses them, the text stays, and so does the focus.
  await page.fill('#comment', 'Fokus tetap di tempatnya.');
  await answerCaptcha(page);
  assert.deepEqual(await sendByKeyboard(page), [DUPLICATE, '']);
  assert.equal(await focused(page), 'submit', 'refused: the focus stays on the button');
  assert.equal(await page.inputValue('#comment'), 'Fokus tetap di tempatnya.');

  // The comment server does not answer: the comment waits in the browser, the form is cleared.
  proxy.mode = 'down';
  await page.fill('#comment', 'Terkirim nanti saat koneksi pulih.');
  await answerCaptcha(page);
  const [alert, status] = await sendByKeyboard(page);
  assert.equal(alert, '');
  assert.match(status, QUEUED_SERVER);
  await page.waitForFunction(() => document.activeElement.getAttribute('role') === 'status', null, { timeout: 5_000 })
    .catch(() => {});
  assert.equal(await focused(page), '[role=status]', 'queued: the focus is on the message that says so');
  proxy.mode = 'pass';
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|no reply from the endpoint|ERR_/.test(e)), []);
  await page.close();
});

test('"Muat komentar lainnya" by keyboard: the last page hides it, the focus goes to the first comment it brought', async () => {
  await server.seed('lainnya', 'Komentar pertama.');
  await server.seed('lainnya', 'Komentar kedua.', { author: 'Budi' });
  const third = await server.seed('lainnya', 'Komentar ketiga.', { author: 'Ani' });
  const { page, errors } = await open('lainnya', { 'data-endpoint': `${server.url}api/comments`, 'data-per-page': '2' });
  await page.waitForSelector('ol.comment-list > li');
  await page.focus('.balasan-more');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 3);
  await page.waitForFunction(() => document.activeElement !== document.body, null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.isHidden('.balasan-more'), true, 'the last page: no button');
  assert.equal(await focused(page), `div-comment-${third}`, 'the focus is on the comment it brought');
  // Tab goes on from there, into that comment ("Balas"), not from the top of the page.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate((id) => document.activeElement.closest('li')?.id, third), `comment-${third}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a long name without spaces keeps a phone page its width; deep replies stay readable in a sidebar', async () => {
  // 58 letters, no space: a name as some readers write it.
  const name = 'SitiNurhalizaBintiAbdullahRahmanWijayakusumaPutriIndahSari';
  let parent = await server.seed('panjang', 'Nama saya panjang.', { author: name, url: `https://contoh.id/${'profil'.repeat(12)}` });
  const top = parent;
  for (const depth of [2, 3, 4, 5]) {
    parent = await server.seed('panjang', `Balasan tingkat ${depth}, cukup panjang untuk dibaca.`, { author: 'Budi', parent });
  }
  const deepest = parent;
  const list = { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'panjang' };

  const { page, errors } = await open('panjang-375', list, { width: 375 });
  await page.waitForSelector(`#comment-${deepest}`);
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await wide() <= 375, `the list at 375 px: the page is ${await wide()} px wide`);
  await page.click(`#comment-${top} > article .comment-reply-link`);
  await page.waitForFunction((n) => document.querySelector('#reply-title').textContent.includes(n), name);
  assert.ok(await wide() <= 375, `replying at 375 px: the page is ${await wide()} px wide`);
  assert.deepEqual(errors, []);
  await page.close();

  // A 250 px sidebar: the fifth level of replies keeps most of the width.
  const side = await open('panjang-250', list, { main: 'width: 250px' });
  await side.page.waitForSelector(`#comment-${deepest}`);
  const text = await side.page.$eval(`#div-comment-${deepest} .comment-content`, (e) => e.getBoundingClientRect().width);
  assert.ok(text >= 160, `the deepest reply's text is ${text} px wide in a 250 px sidebar`);
  assert.deepEqual(side.errors, []);
  await side.page.close();
});

test('the list heading names the article, not the site: data-title, og:title, the first h1, then the tab title', async () => {
  await server.seed('judul', 'Judulnya benar.');
  const list = { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'judul' };
  const heading = async (name, attrs, head, body) => {
    pages[`/${name}.html`] = widgetPage({ ...list, ...attrs }, 'Warga Bersihkan Sungai — Kabar Sukamaju')
      .replace('</head>', `${head}</head>`).replace('<main>', `<main>${body}`);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.origin}/${name}.html`);
    await page.waitForSelector('ol.comment-list > li');
    const text = await page.textContent('.comments-title');
    assert.deepEqual(errors, []);
    await page.close();
    return text;
  };
  const og = '<meta property="og:title" content="Warga Bersihkan Sungai">';
  const h1 = '<h1>\n  Sungai Kembali   Jernih\n</h1>';
  assert.equal(await heading('judul-og', {}, og, h1), 'Satu tanggapan untuk “Warga Bersihkan Sungai”');
  assert.equal(await heading('judul-h1', {}, '', h1), 'Satu tanggapan untuk “Sungai Kembali Jernih”');
  assert.equal(await heading('judul-data', { 'data-title': 'Judul dari situs' }, og, h1), 'Satu tanggapan untuk “Judul dari situs”');
  assert.equal(await heading('judul-tab', {}, '', ''), 'Satu tanggapan untuk “Warga Bersihkan Sungai — Kabar Sukamaju”');
});

test('a reply sent: the reader stays at it, and the focus is on it in the thread', async () => {
  const parent = await server.seed('balasan-tetap', 'Di mana posko pengungsian?');
  for (let i = 1; i <= 6; i++) await server.seed('balasan-tetap', `Komentar lain nomor ${i}, yang memanjangkan halaman.`, { author: 'Dedi' });
  const { page, errors } = await open('balasan-tetap', { 'data-endpoint': `${server.url}api/comments` }, { width: 375 });
  await page.waitForSelector(`#comment-${parent}`);
  await page.click(`#comment-${parent} > article .comment-reply-link`);
  await fillComment(page, 'Di balai desa, sejak pagi.');
  await answerCaptcha(page);
  const [alert, status] = await sendByKeyboard(page);
  assert.deepEqual([alert, status], ['', SENT]);
  await page.waitForFunction(() => document.activeElement.id.startsWith('div-comment-'), null, { timeout: 5_000 }).catch(() => {});
  const mine = await page.evaluate(() => {
    const a = document.activeElement;
    const box = a.getBoundingClientRect();
    return { text: a.querySelector('.comment-content')?.textContent.trim(), seen: box.top < innerHeight && box.bottom > 0,
      under: a.closest('li')?.parentElement.closest('li')?.id };
  });
  assert.deepEqual(mine, { text: 'Di balai desa, sejak pagi.', seen: true, under: `comment-${parent}` },
    'the focus is on the reply, on screen, under its parent');
  assert.deepEqual(errors, []);
  await page.close();
});

test('small things: the star by its question, a gap under "Muat komentar lainnya", no empty list', async () => {
  // A theme's divider above its comments area, as many themes draw one.
  const theme = '<style>.comments-area { margin-top: 2rem; padding-top: 1.5rem; border-top: 1px solid #ddd; }</style>';
  pages['/kecil.html'] = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'kecil' })
    .replace('</head>', `${theme}</head>`);
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const errors = watchErrors(page);
  // The list's first page, answered (empty): from then on the list has nothing to show.
  const listed = page.waitForResponse((r) => r.url().includes('/api/comments?') && r.request().method() === 'GET');
  await page.goto(`${site.origin}/kecil.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  const gap = await page.evaluate(() => {
    const label = document.querySelector('label[for=balasan-captcha]');
    const question = document.createRange();
    question.selectNodeContents(label.querySelector('.balasan-question'));
    return label.querySelector('.required').getBoundingClientRect().left - question.getBoundingClientRect().right;
  });
  assert.ok(gap < 12, `the math question's star is ${gap} px from it`);
  // An article without comments: the list takes no room (a theme's divider for
  // .comments-area would be drawn twice), until the reader's own comment is in it.
  await listed;
  await page.waitForTimeout(300);
  assert.equal(await page.isHidden('.balasan-comments'), true, 'no comment: no list');
  await fillComment(page, 'Komentar pertama di artikel ini.');
  await answerCaptcha(page);
  assert.deepEqual(await sendByKeyboard(page), ['', SENT]);
  await page.waitForSelector('.balasan-comments ol.comment-list > li');
  assert.equal(await page.isVisible('.balasan-comments'), true, 'the reader\'s comment shows');
  await page.close();

  for (let i = 1; i <= 2; i++) await server.seed('kecil-lagi', `Komentar ${i}.`);
  const more = await open('kecil-lagi', { 'data-endpoint': `${server.url}api/comments`, 'data-per-page': '1' }, { width: 375 });
  await more.page.waitForSelector('.balasan-more:not([hidden])');
  const apart = await more.page.evaluate(() => document.querySelector('#reply-title').getBoundingClientRect().top
    - document.querySelector('.balasan-more').getBoundingClientRect().bottom);
  assert.ok(apart >= 8, `"Muat komentar lainnya" is ${apart} px above the form's heading`);
  assert.deepEqual([...errors, ...more.errors], []);
  await more.page.close();
});

test('a reader who jumped to the form stays at it while the list arrives above it', async () => {
  for (let i = 1; i <= 56; i++) await server.seed('lompat', `Komentar nomor ${i}: air sungai sudah jernih kembali.`, { author: `Pembaca${i}` });
  const article = Array.from({ length: 30 }, (_, i) => `<p>Paragraf ${i + 1} artikel tentang sungai desa.</p>`).join('');
  const cls = '<script>window.__cls = 0; new PerformanceObserver((l) => { for (const e of l.getEntries()) '
    + 'if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: "layout-shift", buffered: true });</script>';
  // Chromium keeps what is on screen in place by itself (scroll anchoring); Safari does
  // not, which `overflow-anchor: none` stands in for.
  for (const [name, how, anchoring] of [
    ['lompat-tautan', '#respond', ''], ['lompat-end', 'End', ''],
    ['lompat-safari', '#respond', '<style>html, body { overflow-anchor: none; }</style>'],
  ]) {
    // The list comes a while after the form (a slow network), through the proxy.
    proxy.mode = 'slow';
    proxy.delay = 1500;
    pages[`/${name}.html`] = widgetPage({ 'data-endpoint': `${proxy.url}api/comments`, 'data-post-id': 'lompat', 'data-load': 'lazy' })
      .replace('<main>', `<main><h1>Sungai Desa</h1>${article}`)
      .replace('</head>', `${cls}${anchoring}</head>`);
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    const errors = watchErrors(page);
    if (how === 'End') {
      // The End key before the list is there: the reader is at the foot of the page.
      await page.goto(`${site.origin}/${name}.html`, { waitUntil: 'commit' });
      await page.waitForSelector('#respond');
      await page.keyboard.press('End');
      // Until its smooth scroll has come to rest.
      let y = -1;
      while (y !== (y = await page.evaluate(() => scrollY))) await page.waitForTimeout(150);
    } else {
      // A share link to the form: the browser scrolls to it as soon as it is on the page.
      await page.goto(`${site.origin}/${name}.html${how}`, { waitUntil: 'commit' });
      await page.waitForSelector('#respond');
    }
    await page.waitForFunction(() => document.querySelector('#respond').getBoundingClientRect().top < innerHeight);
    assert.equal(await page.locator('ol.comment-list > li').count(), 0, `${name}: the list is not there yet`);
    const before = await page.evaluate(() => document.querySelector('#respond').getBoundingClientRect().top);
    await page.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 50, null, { timeout: 15_000 });
    await page.waitForTimeout(300);
    const after = await page.evaluate(() => document.querySelector('#respond').getBoundingClientRect().top);
    assert.ok(Math.abs(after - before) < 2, `${name}: the form moved on screen from y=${before} to y=${after}`);
    const shift = await page.evaluate(() => window.__cls);
    assert.ok(shift < 0.01, `${name}: layout shift ${shift}`);
    proxy.mode = 'pass';
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('arriving with #comments or #comment-N loads the list at once and scrolls to it; so does a "Komentar" link', async () => {
  const ids = [];
  for (let i = 1; i <= 8; i++) ids.push(await server.seed('tautan', `Komentar ke-${i} tentang jembatan desa.`, { author: `Warga${i}` }));
  const article = Array.from({ length: 40 }, (_, i) => `<p>Paragraf ${i + 1} tentang jembatan desa yang baru.</p>`).join('');
  pages['/tautan.html'] = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'tautan', 'data-load': 'lazy' })
    .replace('<main>', `<main><h1>Jembatan Desa</h1><p><a id="ke-komentar" href="#comments">Komentar</a></p>${article}`);
  const inView = (page, selector) => page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return 'missing';
    const top = el.getBoundingClientRect().top;
    return top >= -1 && top < innerHeight / 2 ? 'in view' : `at y=${Math.round(top)}`;
  }, selector);
  for (const [hash, target] of [['#comments', '#comments'], [`#comment-${ids[5]}`, `#comment-${ids[5]}`]]) {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    const errors = watchErrors(page);
    await page.goto(`${site.origin}/tautan.html${hash}`);
    await page.waitForSelector(`${target}`, { timeout: 10_000 });
    await page.waitForTimeout(300);
    assert.equal(await inView(page, target), 'in view', `arriving with ${hash}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/tautan.html`);
  await page.waitForSelector('#respond');
  assert.equal(await page.locator('ol.comment-list > li').count(), 0, 'far from the form: no list yet');
  await page.click('#ke-komentar');
  await page.waitForSelector('ol.comment-list > li', { timeout: 10_000 });
  await page.waitForTimeout(300);
  assert.equal(await inView(page, '#comments'), 'in view', 'after the "Komentar" link');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the tag pasted twice, or two widgets for one article: one form and one list, the second named in the console', async () => {
  const id = 'dua-kali';
  await server.seed(id, 'Komentar pertama di sini.');
  // The same tag twice, as a site pastes it by mistake (a theme and a plugin, say).
  const tag = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': id })
    .match(/<script [^>]*><\/script>/)[0];
  pages[`/${id}.html`] = widgetPage({}).replace(/<script [^>]*><\/script>/, `${tag}<p>Di antara.</p>${tag}`);
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/${id}.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  await page.waitForSelector('.comment-list li');
  assert.equal(await page.locator('form').count(), 1, 'one form');
  assert.equal(await page.locator('.comment-list').count(), 1, 'one list');
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'every id once');
  assert.ok(errors.some((e) => e.startsWith('balasan: data-post-id dua-kali: ')), errors.join('\n'));
  assert.equal(errors.length, 1, errors.join('\n'));

  // Through the JS API: a second form for the article is refused until the first is gone.
  const api = await page.evaluate(async (endpoint) => {
    const first = document.querySelector('.balasan-host');
    const other = document.createElement('div');
    document.body.append(other);
    const refused = await window.Balasan.mount(other, { endpoint, postId: 'dua-kali' }).then(() => 'mounted', (e) => e.message);
    const empty = other.childElementCount;
    const another = document.createElement('div');
    document.body.append(another);
    await window.Balasan.mount(another, { endpoint, postId: 'lain' });
    const separate = another.querySelectorAll('form').length;
    window.Balasan.unmount(another);
    // A form taken off the page without unmount() (a framework that forgot to) frees its article.
    const stillThere = first.querySelectorAll('form').length;
    first.remove();
    await window.Balasan.mount(other, { endpoint, postId: 'dua-kali' });
    return { refused, empty, separate, stillThere, now: other.querySelectorAll('form').length };
  }, `${server.url}api/comments`);
  assert.match(api.refused, /^balasan: data-post-id dua-kali: the article has a form on this page already/);
  assert.equal(api.empty, 0, 'the refused one stays empty');
  assert.equal(api.separate, 1, 'another article gets its own form');
  assert.equal(api.stillThere, 1, 'the first form stayed until it was taken off the page');
  assert.equal(api.now, 1, 'once the first is gone, the article can have its form elsewhere');
  await page.close();
});

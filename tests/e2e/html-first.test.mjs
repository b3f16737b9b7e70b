// HTML first: the loader puts the form on the page at once, exactly as the components
// render it; the form works without the wasm (and without any script); the wasm takes it
// over without losing a keystroke.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  answerCaptcha, dist, fillComment, launch, root, servePages, startServer, trackNetwork, watchErrors, widgetPage,
} from './harness.mjs';

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
  await site?.close();
  await server?.stop();
});

/** Opens a page whose widget never gets its wasm (the request fails). */
async function withoutWasm(path, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled });
  // Every wasm (balasan_bg.wasm, balasan-<backend>[-nolist]_bg.wasm, balasan-nolist_bg.wasm).
  await context.route(/\/balasan(-[a-z]+)*_bg\.wasm$/, (route) => route.abort());
  const page = await context.newPage();
  const errors = watchErrors(page);
  const network = trackNetwork(page);
  await page.goto(site.origin + path);
  return { context, page, errors, network };
}

test('the loader puts on the page exactly the markup the components render, for every kind of setting', async () => {
  const variants = JSON.parse(await readFile(join(root, 'target/prerender/variants.json'), 'utf8'));
  assert.ok(variants.length >= 7);
  for (const [i, v] of variants.entries()) {
    pages[`/varian-${i}.html`] = widgetPage(v.attrs);
    const { context, page } = await withoutWasm(`/varian-${i}.html`);
    await page.waitForSelector('#' + v.prefix + 'commentform');
    const same = await page.evaluate((expected) => {
      const host = document.querySelector('[data-balasan-pre], .balasan-host > div');
      const shown = host.cloneNode(true);
      // What the loader adds for sending without the wasm, and the honeypot's CSSOM style.
      shown.querySelector('form').removeAttribute('action');
      shown.querySelector('.balasan-hp').removeAttribute('style');
      const want = document.createElement('div');
      want.innerHTML = expected;
      return { equal: shown.isEqualNode(want), shown: shown.innerHTML, want: want.innerHTML };
    }, v.html);
    assert.ok(same.equal, `${JSON.stringify(v.attrs)}:\n  loader:     ${same.shown}\n  components: ${same.want}`);
    await context.close();
  }
});

test('without the wasm the form still sends to a backend that takes form posts, and comes back told', async () => {
  pages['/tanpa-wasm.html'] = widgetPage({
    'data-endpoint': `${server.url}api/comments`,
    'data-post-id': 'tanpa-wasm',
    'data-lang': 'en',
  }, 'Tanpa wasm');
  const { context, page, errors } = await withoutWasm('/tanpa-wasm.html');
  await page.waitForSelector('#commentform');
  assert.equal(await page.textContent('.balasan-question'), 'Loading…', 'the row says the sum is coming');
  await fillComment(page, 'Sent as a plain form.');
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  const [stored, ...more] = server.list().filter((c) => c.content === 'Sent as a plain form.');
  assert.ok(stored, 'stored');
  assert.equal(more.length, 0, 'stored once');
  assert.equal(stored.post, 'tanpa-wasm');
  assert.equal(stored.page_title, 'Tanpa wasm');
  await page.waitForSelector('#commentform');
  assert.equal(await page.textContent('#commentform [role=status]'), 'Thank you, your comment has been posted.');
  assert.equal(new URL(page.url()).hash, '', 'the status is taken out of the address');
  assert.ok(errors.some((e) => e.startsWith('balasan: the widget could not be loaded')), errors.join('\n'));
  await context.close();
});

test('without the wasm a backend that takes only JSON gets no post: the reader is told, the text stays', async () => {
  let received = 0;
  pages['/json-saja'] = (req, res) => {
    received += 1;
    res.writeHead(500).end();
  };
  pages['/json-saja.html'] = widgetPage({ 'data-endpoint': '/json-saja', 'data-preset': 'isso', 'data-post-id': 'json' });
  const { context, page, network } = await withoutWasm('/json-saja.html');
  await page.waitForSelector('#commentform');
  await fillComment(page, 'Teks ini jangan hilang.');
  await network.idle();
  const before = site.requests.length;
  const posted = [];
  page.on('request', (r) => r.method() === 'POST' && posted.push(r.url()));
  await page.click('#submit');
  // Whatever the click could set off (a post, a navigation, the widget tried again) has
  // had its time: the page's network has been quiet for a second.
  await network.idle({ quiet: 1000 });
  assert.deepEqual(site.requests.slice(before), [], 'no request reached the site after the click');
  assert.deepEqual(posted, [], 'nor was any POST tried, anywhere');
  assert.equal(await page.textContent('#commentform [role=alert]'),
    'Komentar ini baru dapat dikirim setelah formulir selesai dimuat. Teks Anda tetap tersimpan; silakan kirim lagi sebentar lagi.');
  assert.equal(await page.inputValue('#comment'), 'Teks ini jangan hilang.');
  assert.equal(await page.evaluate(() => localStorage.getItem('balasan:draft::json')), 'Teks ini jangan hilang.');
  assert.equal(received, 0, 'nothing was posted');
  assert.equal(new URL(page.url()).pathname, '/json-saja.html', 'no navigation');
  await context.close();
});

test('with no script at all, the includable form posts to the reference server and gets a page back', async () => {
  const form = await readFile(join(dist, 'form', 'id.html'), 'utf8');
  // As a site includes it: its own action and the article's id.
  pages['/tanpa-skrip.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Tanpa skrip</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/balasan.css"></head><body><main><p>Artikel.</p>
${form.replace('<form id="commentform" method="post"', `<form id="commentform" method="post" action="${server.url}api/comments"`)
    .replace('</form>', '<input type="hidden" name="comment_post_ID" value="tanpa-skrip"></form>')}
</main></body></html>`;
  const { context, page } = await withoutWasm('/tanpa-skrip.html', { javaScriptEnabled: false });
  assert.equal(await page.locator('.balasan-question').count(), 0, 'no sum without the script');
  await fillComment(page, 'Tanpa JavaScript sama sekali.');
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  assert.match(await page.textContent('body'), /Terima kasih, komentar Anda telah terkirim\./);
  assert.equal(server.list().filter((c) => c.content === 'Tanpa JavaScript sama sekali.' && c.post === 'tanpa-skrip').length, 1,
    'stored once');
  await context.close();
});

test('typing on while the wasm takes over: every keystroke, the caret and the focus stay', async () => {
  // The wasm comes slowly, so the takeover happens in the middle of the typing.
  const wasm = await readFile(join(dist, 'balasan_bg.wasm'));
  pages['/lambat/balasan_bg.wasm'] = (req, res) => setTimeout(() => {
    res.writeHead(200, { 'Content-Type': 'application/wasm' });
    res.end(wasm);
  }, 1200);
  for (const f of ['embed.js', 'balasan.js']) {
    const body = await readFile(join(dist, f));
    pages[`/lambat/${f}`] = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(body);
    };
  }
  pages['/lambat/halaman.html'] = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'ketik', 'data-load': 'lazy' },
    'Ketik terus', '/lambat/');
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/lambat/halaman.html`);
  await page.waitForSelector('#commentform');
  const text = 'Saya mengetik terus selama formulir diambil alih, tanpa kehilangan satu huruf pun. ' +
    'Sungai kami bersih lagi berkat gotong royong warga setiap Minggu pagi.';
  await page.focus('#comment'); // the first touch: the wasm starts loading now
  const started = Date.now();
  await page.keyboard.type(text, { delay: 15 });
  const typed = Date.now();
  const liveAt = await page.evaluate(() => performance.getEntriesByName('balasan:ready')[0]?.startTime ?? null);
  assert.notEqual(liveAt, null, 'the wasm took over');
  const at = await page.evaluate(() => performance.timeOrigin);
  assert.ok(at + liveAt > started && at + liveAt < typed, 'the takeover happened while the reader typed');
  const state = await page.evaluate(() => {
    const t = document.querySelector('#comment');
    return { value: t.value, caret: t.selectionStart, focused: document.activeElement === t };
  });
  assert.equal(state.value, text, 'every keystroke is there');
  assert.equal(state.caret, text.length, 'the caret is where the reader left it');
  assert.ok(state.focused, 'the text box kept the focus');
  // And the widget has it now: a send goes through the wasm.
  await page.fill('#author', 'Sari');
  await page.fill('#email', 'sari@contoh.id');
  await answerCaptcha(page);
  await page.click('#submit');
  await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent === 'Terima kasih, komentar Anda telah terkirim.');
  assert.equal(server.list().filter((c) => c.content === text).length, 1, 'stored once');
  assert.deepEqual(errors, []);
  await page.close();
});

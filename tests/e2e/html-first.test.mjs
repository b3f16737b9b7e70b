// HTML first: the loader puts the form on the page at once, exactly as the components
// render it; the form works without the wasm (and without any script); the wasm takes it
// over without losing a keystroke.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  answerCaptcha, artifacts, dist, fillComment, launch, root, send, servePages, startServer, trackNetwork, watchErrors,
  widgetPage,
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

/**
 * Opens a page whose widget never gets its wasm: the request fails, or with `waiting` it
 * never ends (the form stays as the loader put it).
 */
async function withoutWasm(path, { javaScriptEnabled = true, waiting = false } = {}) {
  const context = await browser.newContext({ javaScriptEnabled });
  // Every wasm (balasan_bg.wasm, balasan-<backend>[-nolist]_bg.wasm, balasan-nolist_bg.wasm).
  await context.route(/\/balasan(-[a-z]+)*_bg\.wasm$/, (route) => waiting || route.abort());
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
    const { context, page } = await withoutWasm(`/varian-${i}.html`, { waiting: true });
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
  // The first touch asked for the wasm, which failed: the console names the file that
  // failed, and the question that cannot come leaves (the server does not check it).
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.comment-form-captcha')).display === 'none');
  const failed = errors.find((e) => e.startsWith('balasan: the widget could not be loaded'));
  assert.match(failed ?? '', /^balasan: the widget could not be loaded from http:\/\/\S+\/balasan_bg\.wasm \(/, errors.join('\n'));
  assert.equal(await page.textContent('#commentform [role=status]'), '', 'nothing to say: the form sends as it is');
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

test('without the wasm a backend that takes only JSON, or a question only the server asks, gets no post: the reader is told, the text stays', async () => {
  let received = 0;
  pages['/json-saja'] = (req, res) => {
    received += 1;
    res.writeHead(500).end();
  };
  const NEEDS_SCRIPT = 'Komentar ini baru dapat dikirim setelah formulir selesai dimuat. Teks Anda tetap tersimpan; silakan kirim lagi sebentar lagi.';
  for (const [post, attrs] of [['json', { 'data-preset': 'isso' }], ['soal-server', { 'data-captcha': 'server' }]]) {
    pages[`/${post}.html`] = widgetPage({ 'data-endpoint': '/json-saja', 'data-post-id': post, ...attrs });
    const { context, page, network } = await withoutWasm(`/${post}.html`);
    await page.waitForSelector('#commentform');
    await fillComment(page, 'Teks ini jangan hilang.');
    await network.idle();
    // The wasm failed on the first touch: the reader learns at once that this form needs it,
    // and the question that cannot come is gone.
    await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent !== '');
    assert.equal(await page.textContent('#commentform [role=status]'), NEEDS_SCRIPT, post);
    assert.equal(await page.isVisible('.comment-form-captcha'), false, `${post}: no question row waiting for ever`);
    if (post === 'json') {
      for (const width of [375, 1024]) {
        for (const theme of ['light', 'dark']) {
          await page.setViewportSize({ width, height: 900 });
          await page.evaluate((t) => {
            document.querySelector('#respond').dataset.theme = t;
            document.body.style.background = t === 'dark' ? '#101517' : ''; // as a dark site's page
          }, theme);
          await page.locator('#respond').screenshot({ path: join(artifacts, `no-wasm-${theme}-${width}.png`) });
        }
      }
      await page.evaluate(() => {
        document.querySelector('#respond').dataset.theme = 'light';
        document.body.style.background = '';
      });
    }
    const before = site.requests.length;
    const posted = [];
    page.on('request', (r) => r.method() === 'POST' && posted.push(r.url()));
    await page.click('#submit');
    // Whatever the click could set off (a post, a navigation, the widget tried again) has
    // had its time: the page's network has been quiet for a second.
    await network.idle({ quiet: 1000 });
    assert.deepEqual(site.requests.slice(before), [], `${post}: no request reached the site after the click`);
    assert.deepEqual(posted, [], `${post}: nor was any POST tried, anywhere`);
    assert.equal(await page.textContent('#commentform [role=alert]'), NEEDS_SCRIPT, post);
    assert.equal(await page.inputValue('#comment'), 'Teks ini jangan hilang.');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), `balasan:draft::${post}`), 'Teks ini jangan hilang.');
    assert.equal(received, 0, `${post}: nothing was posted`);
    assert.equal(new URL(page.url()).pathname, `/${post}.html`, `${post}: no navigation`);
    await context.close();
  }
});

/**
 * The README's recipe for the form in the page itself, as written there: its steps' code,
 * applied to dist/form/id.html, with the README's example server replaced by ours. Returns
 * the page for a script tag (the recipe's by default) and the recipe's tag.
 */
async function recipe(api = server) {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- recipe: no-script form.');
  assert.ok(at > 0, 'the README has the recipe');
  const steps = readme.slice(at).split('\n').slice(1, 4);
  const code = steps.map((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  assert.deepEqual(code.map((c) => c.length), [3, 2, 1], steps.join('\n'));
  const [[file, form1, action], [end, post], [tag]] = code;
  let form = await readFile(join(root, file), 'utf8');
  for (const [from, to] of [[form1, action], [end, post]]) {
    assert.equal(form.split(from).length, 2, `${file} has ${from} once`);
    form = form.replace(from, to);
  }
  const ours = (html) => html.replaceAll('https://komentar.contoh.id/', api.url);
  const page = (script = tag) => `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Resep</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="${api.url}balasan.css"></head><body><main><p>Artikel.</p>
${ours(form)}
${ours(script)}
</main></body></html>`;
  return { page, tag };
}

test('the README\'s recipe for readers without JavaScript, word for word: one form, with or without the script', async () => {
  const { page: recipePage, tag } = await recipe();
  pages['/resep.html'] = recipePage();
  // Also as it once went wrong: the included form named by data-target, the preset given.
  pages['/resep-target.html'] = recipePage(tag.replace('<script ', '<script data-target="#respond" data-preset="balasan" '));

  // No script at all: the included form posts to the reference server.
  {
    const { context, page } = await withoutWasm('/resep.html', { javaScriptEnabled: false });
    assert.equal(await page.locator('form').count(), 1);
    assert.equal(await page.locator('.balasan-question').count(), 0, 'no sum without the script');
    await fillComment(page, 'Tanpa JavaScript sama sekali.');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.textContent('body'), /Terima kasih, komentar Anda telah terkirim\./);
    assert.equal(server.list().filter((c) => c.content === 'Tanpa JavaScript sama sekali.' && c.post === 'artikel-42').length, 1,
      'stored once');
    await context.close();
  }
  // With the script: the tag replaces the included form, and the widget sends as JSON.
  for (const [path, text] of [['/resep.html', 'Dengan skrip, satu formulir.'], ['/resep-target.html', 'Dengan data-target.']]) {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const posted = [];
    page.on('request', (r) => r.method() === 'POST' && posted.push(r.postData()));
    await page.goto(site.origin + path);
    await page.waitForSelector('[data-balasan-live] #commentform');
    assert.equal(await page.locator('form').count(), 1, `${path}: one form`);
    assert.equal(await page.locator('#respond').count(), 1, `${path}: one #respond`);
    await fillComment(page, text);
    await answerCaptcha(page);
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent === 'Terima kasih, komentar Anda telah terkirim.');
    assert.equal(posted.length, 1, `${path}: one request`);
    const body = JSON.parse(posted[0]);
    assert.equal(body.post, 'artikel-42', `${path}: the article once, as the native contract has it`);
    assert.equal(server.list().filter((c) => c.content === text && c.post === 'artikel-42').length, 1, `${path}: stored once`);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

test('without JavaScript, a refused comment comes back on a page where the reader fixes it and sends it again (the shipped fill-time rule)', async () => {
  // The shipped --min-elapsed-ms: the page the server answers with vouches for the time.
  const shipped = await startServer(['--allow-origin', site.origin, '--moderation', 'approved'], { shipped: true });
  try {
    const { page: recipePage } = await recipe(shipped);
    pages['/resep-ulang.html'] = recipePage();
    const { context, page } = await withoutWasm('/resep-ulang.html', { javaScriptEnabled: false });
    const text = 'Tanpa skrip, email saya salah ketik.';
    await page.fill('#comment', text);
    await page.fill('#author', 'Sari Wulandari');
    await page.fill('#email', 'sari@contoh');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.textContent('body'), /Mohon masukkan alamat e-mail yang valid\./);
    assert.equal(await page.inputValue('#comment'), text, 'the text comes back');
    const names = await page.$$eval('input[type=hidden]', (inputs) => inputs.map((i) => i.name));
    assert.ok(names.includes('balasan_shown') && !names.includes('elapsed_ms'), names.join());
    await page.fill('#email', 'sari@contoh.id');
    await page.waitForTimeout(1600);
    await Promise.all([page.waitForNavigation(), page.click('input[type=submit]')]);
    assert.match(await page.textContent('body'), /Terima kasih, komentar Anda telah terkirim\./);
    assert.equal(shipped.list().filter((c) => c.content === text && c.email === 'sari@contoh.id').length, 1, 'stored once');
    await context.close();
  } finally {
    await shipped.stop();
  }
});

/** The address of the README's recipe for the included form, on the server `api`. */
async function includedFormAddress(api) {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- recipe: included form.');
  assert.ok(at > 0, 'the README has the recipe');
  const [address] = readme.slice(at).match(/`(https:\/\/komentar\.contoh\.id\/form\?[^`]+)`/).slice(1);
  const url = new URL(address.replace('https://komentar.contoh.id/', api.url));
  assert.equal(url.searchParams.get('post'), 'artikel-42');
  return url;
}

test('a page that includes the server\'s own form sends without any script, under the shipped fill-time rule', async () => {
  const shipped = await startServer(['--allow-origin', site.origin, '--moderation', 'approved'], { shipped: true });
  try {
    const address = await includedFormAddress(shipped);
    address.searchParams.set('page_url', `${site.origin}/termasuk.html`);
    // The site's own server includes the form in every page it serves (a server-side
    // include), and `after` it: nothing, or the script tag.
    const included = [];
    const article = (after = '') => async (req, res) => {
      const form = await (await fetch(address)).text();
      included.push(form);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html lang="id"><head>
<meta charset="utf-8"><title>Termasuk</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${shipped.url}balasan.css">
</head><body><main><p>Artikel.</p>${form}${after}</main></body></html>`);
    };
    pages['/termasuk.html'] = article();
    const { context, page } = await withoutWasm('/termasuk.html', { javaScriptEnabled: false });
    const shownAt = Date.now();
    assert.equal(await page.locator('form').count(), 1);
    assert.ok(await page.$eval('.balasan-hp', (p) => p.getBoundingClientRect().right <= 0), 'the honeypot stays out of sight');
    const text = 'Tanpa JavaScript, dari formulir yang disertakan.';
    await fillComment(page, text);
    // A reader takes a few seconds; the stamp says when the form was shown.
    await page.waitForTimeout(Math.max(0, 3000 - (Date.now() - shownAt)));
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.match(await page.textContent('body'), /Terima kasih, komentar Anda telah terkirim\./);
    assert.equal(await page.getAttribute('a[href]', 'href'), `${site.origin}/termasuk.html`, 'a way back to the article');
    assert.equal(shipped.list().filter((c) => c.content === text && c.post === 'artikel-42').length, 1, 'stored once');
    await context.close();
    assert.equal(included.length, 1, 'the page was served once');

    // With scripts, the script tag after the include replaces it with the widget: one form.
    pages['/termasuk-skrip.html'] = article(`<script src="${shipped.url}embed.js" data-post-id="artikel-42"></script>`);
    const scripted = await browser.newPage();
    const errors = watchErrors(scripted);
    await scripted.goto(site.origin + '/termasuk-skrip.html');
    await scripted.waitForSelector('[data-balasan-live] #commentform');
    assert.equal(await scripted.locator('form').count(), 1, 'one form');
    assert.equal(await scripted.locator('#respond').count(), 1, 'one #respond');
    // The widget sends where the included form said, for the article it named.
    const widgetText = 'Dengan skrip, dari formulir yang disertakan.';
    await fillComment(scripted, widgetText);
    await answerCaptcha(scripted);
    await scripted.waitForTimeout(1600); // the shipped fill-time rule, as the widget measures it
    assert.deepEqual(await send(scripted), { alert: '', status: 'Terima kasih, komentar Anda telah terkirim.' });
    assert.equal(shipped.list().filter((c) => c.content === widgetText && c.post === 'artikel-42').length, 1);
    assert.deepEqual(errors, []);
    await scripted.close();
  } finally {
    await shipped.stop();
  }
});

test('typing on while the wasm takes over: every keystroke, the caret and the focus stay', async () => {
  // The wasm comes slowly, so the takeover happens in the middle of the typing.
  const wasm = await readFile(join(dist, 'balasan_bg.wasm'));
  pages['/lambat/balasan_bg.wasm'] = (req, res) => setTimeout(() => {
    res.writeHead(200, { 'Content-Type': 'application/wasm' });
    res.end(wasm);
  }, 1200);
  for (const f of ['embed.js', 'balasan.js', 'balasan.list.wasm']) {
    const body = await readFile(join(dist, f));
    pages[`/lambat/${f}`] = (req, res) => {
      res.writeHead(200, { 'Content-Type': f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
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

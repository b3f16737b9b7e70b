// The example pages as a news site would serve them: pages from the site's origin, the
// built dist/ from another (the reference server, standing in for a CDN and the API).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  answerCaptcha, artifacts, dist, fillComment, launch, root, send, servePages, startServer, trackNetwork,
  watchErrors, widgetPage,
} from './harness.mjs';

let browser;
let site;
let cdn;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  cdn = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  await mkdir(artifacts, { recursive: true });
  // The examples, pointed at the CDN the way a site would write them.
  for (const name of ['artikel', 'csp', 'dua-widget', 'gelap', 'wordpress-tema', 'spa']) {
    let html = await readFile(join(dist, 'examples', `${name}.html`), 'utf8');
    html = html.replaceAll('src="../embed.js"', `src="${cdn.url}embed.js"`)
      .replaceAll('data-endpoint="/api/comments"', `data-endpoint="${cdn.url}api/comments"`)
      .replace(/(script-src|style-src|connect-src) 'self'/g, `$1 'self' ${cdn.origin}`);
    pages[`/examples/${name}.html`] = html;
  }
  const spa = await readFile(join(dist, 'examples', 'spa.js'), 'utf8');
  pages['/examples/spa.js'] = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(spa.replaceAll("'/api/comments'", `'${cdn.url}api/comments'`));
  };
});

after(async () => {
  await browser?.close();
  await site?.close();
  await cdn?.stop();
});

/**
 * Opens an example page (or the site's page at `path`), recording every request with the
 * bytes it brought; `network.idle()` waits until a late fetch would have been seen, and
 * every size is read.
 */
async function open(name, viewport = { width: 1024, height: 800 }, path = `/examples/${name}.html`) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const requests = [];
  const sizing = [];
  const tracked = trackNetwork(page);
  page.on('requestfinished', (r) => {
    sizing.push(r.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 })).then((sizes) => {
      requests.push({ url: r.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
    }));
  });
  const network = {
    async idle(options) {
      await tracked.idle(options);
      await Promise.all(sizing);
    },
  };
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${site.origin}${path}`);
  return { context, page, errors, requests, network };
}

const fromCdn = (requests, file) => requests.filter((r) => r.url === `${cdn.url}${file}`);
/** The widget's files a visit fetched from the CDN (not the API), each path as often as fetched. */
const widgetFiles = (requests) => requests.filter((r) => r.url.startsWith(cdn.url) && !r.url.startsWith(`${cdn.url}api/`))
  .map((r) => new URL(r.url).pathname.slice(1)).sort();

/** Checks that the form's box is on screen and nothing in it sticks out sideways. */
async function fits(page, root = '.balasan-host') {
  const r = await page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const scope = host.shadowRoot ?? host;
    const width = document.documentElement.clientWidth;
    const wide = [...scope.querySelectorAll('*')]
      .filter((el) => !el.closest('.balasan-hp'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .map((el) => el.id || el.className || el.tagName);
    const form = scope.querySelector('#commentform') ?? scope.querySelector('[id$=commentform]');
    const box = form.getBoundingClientRect();
    return { wide, scroll: document.documentElement.scrollWidth, width, formWidth: box.width, formHeight: box.height };
  }, root);
  assert.deepEqual(r.wide, [], 'nothing overflows');
  assert.ok(r.scroll <= r.width, `no sideways scrolling: ${JSON.stringify(r)}`);
  assert.ok(r.formWidth > 250 && r.formHeight > 400, `the form is there: ${JSON.stringify(r)}`);
}

test('artikel: the form is on the page with the loader alone; the wasm comes near the form', async () => {
  const { context, page, errors, requests, network } = await open('artikel', { width: 375, height: 700 });
  await page.waitForLoadState('networkidle');
  await network.idle();
  assert.equal(fromCdn(requests, 'embed.js').length, 1);
  for (const file of ['balasan.js', 'balasan_bg.wasm', 'balasan.css']) {
    assert.equal(fromCdn(requests, file).length, 0, `${file} is not fetched yet`);
  }
  // Already there, styled and typeable: the pre-rendered form.
  assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#submit')).backgroundColor),
    'rgb(19, 94, 150)', 'the default stylesheet applies before the wasm');
  assert.equal(await page.locator('[data-balasan-live]').count(), 0, 'no wasm yet');
  const before = requests.reduce((n, r) => n + r.bytes, 0);
  const loader = fromCdn(requests, 'embed.js')[0].bytes;

  const top = await page.evaluate(() => document.querySelector('footer').getBoundingClientRect().top + scrollY);
  await page.locator('.balasan-host').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-balasan-live] #commentform');
  for (const file of ['balasan.js', 'balasan_bg.wasm']) {
    assert.equal(fromCdn(requests, file).length, 1, `${file} comes from the CDN once`);
  }
  const shift = await page.evaluate((t) => document.querySelector('footer').getBoundingClientRect().top + scrollY - t, top);
  assert.equal(shift, 0, 'the page below the form does not move when the wasm takes over');
  await fits(page);
  await page.locator('#respond').screenshot({ path: join(artifacts, 'embed-light-375.png') });

  await fillComment(page, 'Semoga pasarnya ramai terus.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.ok(cdn.list().some((c) => c.content === 'Semoga pasarnya ramai terus.' && c.post === 'pasar-terapung'));
  assert.deepEqual(errors, []);
  // The size gate (scripts/size.mjs) measures exactly the files a reader downloads: a
  // new file fetched from the widget's origin at any point of a visit must be added there.
  await network.idle();
  const budget = JSON.parse(await readFile(join(root, 'size-budget.json'), 'utf8'));
  assert.deepEqual(widgetFiles(requests), [...budget.files].sort(), 'the files the size gate measures, each once');
  console.log(`# bytes before the form is on screen and typeable: ${before} (embed.js response: ${loader})`);
  await context.close();
});

test('a form in English and a WordPress form fetch exactly the files the size gate measures for them', async () => {
  const budget = JSON.parse(await readFile(join(root, 'size-budget.json'), 'utf8'));
  // WordPress's REST list, empty (the files are the point here, not the backend).
  pages['/wp-json/wp/v2/comments'] = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-WP-Total': '0', 'X-WP-TotalPages': '0' }).end('[]');
  };
  // What scripts/size.mjs measures for each: total_brotli's files and the language's texts
  // (lang_brotli); backends_brotli's balasan-wordpress (embed.js, its glue, its wasm).
  assert.equal(typeof budget.backends_brotli['balasan-wordpress'], 'number', 'the gate holds the WordPress form');
  const forms = [
    [{ 'data-lang': 'en', 'data-endpoint': `${cdn.url}api/comments` }, [...budget.files, 'lang/en.json']],
    [{ 'data-preset': 'wordpress-rest', 'data-endpoint': `${site.origin}/wp-json/wp/v2/comments` },
      ['embed.js', 'balasan-wordpress.js', 'balasan-wordpress_bg.wasm', 'balasan-wordpress.list.wasm']],
  ];
  for (const [i, [attrs, files]] of forms.entries()) {
    pages[`/bentuk-${i}.html`] = widgetPage({ 'data-post-id': `bentuk-${i}`, ...attrs }, 'Bentuk', cdn.url);
    const { context, page, errors, requests, network } = await open(null, undefined, `/bentuk-${i}.html`);
    await page.waitForSelector('[data-balasan-live] #commentform');
    await page.waitForSelector('.balasan-comments', { state: 'attached' }); // empty: no height
    await network.idle({ quiet: 1000 });
    assert.deepEqual(widgetFiles(requests), [...files].sort(), `${JSON.stringify(attrs)}: each file once, no other`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('two widgets on one page keep their own ids and state', async () => {
  const { context, page, errors } = await open('dua-widget');
  await page.waitForSelector('[data-balasan-live] #commentform');
  await page.waitForSelector('[data-balasan-live] #balasan2-commentform');
  assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan');
  assert.equal(await page.innerText('#balasan2-reply-title'), 'Leave a Reply');
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'every id is unique');
  await page.fill('#comment', 'Untuk berita jembatan');
  await page.fill('#balasan2-comment', 'For the kite story');
  await page.click('#submit');
  assert.equal(await page.getAttribute('#author', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#balasan2-author', 'aria-invalid'), null, 'the other form is untouched');
  await page.reload();
  await page.waitForSelector('[data-balasan-live] #balasan2-commentform');
  assert.equal(await page.inputValue('#comment'), 'Untuk berita jembatan');
  assert.equal(await page.inputValue('#balasan2-comment'), 'For the kite story');
  assert.deepEqual(errors, []);
  await context.close();
});

test('csp: works under a strict policy with no violations', async () => {
  const { context, page, errors } = await open('csp');
  await page.locator('.balasan-host').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-balasan-live] #commentform');
  await fillComment(page, 'Formulir ini patuh CSP.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors.filter((e) => /Content.Security.Policy|Refused/i.test(e)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('gelap: shadow root, dark theme, custom properties and ::part()', async () => {
  for (const width of [1024, 375]) {
    const { context, page, errors } = await open('gelap', { width, height: 800 });
    await page.waitForFunction(() => document.querySelector('.balasan-host')?.shadowRoot?.querySelector('[data-balasan-live] #commentform'));
    assert.equal(await page.evaluate(() => document.querySelector('#commentform')), null, 'isolated from the page');
    const style = await page.evaluate(() => {
      const root = document.querySelector('.balasan-host').shadowRoot;
      const css = (sel) => getComputedStyle(root.querySelector(sel));
      return {
        theme: root.querySelector('.balasan').dataset.theme,
        submitBg: css('#submit').backgroundColor,
        submitBorder: css('#submit').borderTopColor,
        titleCase: css('#reply-title').textTransform,
        fieldBg: css('#comment').backgroundColor,
        text: css('.balasan').color,
        radius: css('#comment').borderTopLeftRadius,
        font: css('.balasan').fontFamily,
      };
    });
    assert.equal(style.theme, 'dark');
    assert.equal(style.submitBg, 'rgb(245, 158, 11)', '--balasan-accent reaches into the shadow root');
    assert.equal(style.fieldBg, 'rgb(15, 17, 21)', '--balasan-field-bg');
    assert.equal(style.radius, '0px', '--balasan-radius');
    assert.match(style.font, /Trebuchet MS/, '--balasan-font');
    assert.equal(style.titleCase, 'uppercase', '::part(title)');
    assert.equal(style.submitBorder, 'rgb(251, 191, 36)', '::part(submit)');
    assert.equal(style.text, 'rgb(230, 230, 230)', 'dark theme text');
    await fits(page);
    await page.locator('.balasan-host').screenshot({ path: join(artifacts, `embed-dark-${width}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('wordpress-tema: theme CSS for #respond styles the form in the page DOM', async () => {
  const { context, page, errors, requests } = await open('wordpress-tema');
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(fromCdn(requests, 'balasan.css').length, 0, 'data-stylesheet="none" loads no stylesheet');
  const style = await page.evaluate(() => ({
    submitBg: getComputedStyle(document.querySelector('#submit')).backgroundColor,
    title: getComputedStyle(document.querySelector('.comment-reply-title')).fontSize,
    border: getComputedStyle(document.querySelector('#comment')).borderTopWidth,
  }));
  assert.deepEqual(style, { submitBg: 'rgb(40, 48, 61)', title: '32px', border: '3px' });
  await fits(page);
  await page.locator('#respond').screenshot({ path: join(artifacts, 'embed-wordpress-theme-1024.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('spa: mount, remount and unmount through window.Balasan', async () => {
  const { context, page, errors } = await open('spa');
  await page.waitForSelector('[data-balasan-live] #commentform');
  await page.fill('#comment', 'Draf untuk sekolah alam');
  await page.click('#ke-dua');
  await page.waitForFunction(() => document.querySelector('#comment')?.value === '');
  assert.equal(await page.locator('#commentform').count(), 1, 'one form after switching');
  await page.click('#ke-satu');
  await page.waitForFunction(() => document.querySelector('#comment')?.value === 'Draf untuk sekolah alam');
  await page.click('#tutup');
  assert.equal(await page.locator('#commentform').count(), 0, 'unmounted');
  assert.equal(await page.textContent('#komentar'), '');
  // Called twice at once: the latest call wins and there is exactly one form.
  await page.evaluate(async () => {
    const slot = document.getElementById('komentar');
    const endpoint = document.querySelector('script[src$="embed.js"]').src.replace('embed.js', 'api/comments');
    await Promise.all([
      window.Balasan.mount(slot, { endpoint, postId: 'a', lang: 'en' }),
      window.Balasan.mount(slot, { endpoint, postId: 'b', texts: { 'reply-title': 'Beri Tanggapan' } }),
    ]);
  });
  assert.equal(await page.locator('#commentform').count(), 1);
  assert.equal(await page.innerText('#reply-title'), 'Beri Tanggapan');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a widget whose wasm cannot be loaded keeps the form, which still sends, and the page keeps working', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  try {
    const files = (name) => (req, res) => readFile(join(dist, name)).then((b) => res.end(b));
    pages['/rusak/embed.js'] = (req, res) => readFile(join(dist, 'embed.js'), 'utf8')
      .then((js) => { res.writeHead(200, { 'Content-Type': 'text/javascript' }); res.end(js); });
    pages['/rusak/balasan.js'] = (req, res) => { res.writeHead(200, { 'Content-Type': 'text/javascript' }); files('balasan.js')(req, res); };
    pages['/rusak/balasan_bg.wasm'] = (req, res) => res.writeHead(404).end('not found');
    pages['/rusak/halaman.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Rusak</title>
<link rel="icon" href="data:,"></head><body><main><p id="isi">Isi artikel</p>
<script src="/rusak/embed.js" data-endpoint="${server.url}api/comments" data-post-id="rusak" data-load="eager"></script>
</main></body></html>`;
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.origin}/rusak/halaman.html`);
    await page.waitForFunction(() => performance.getEntriesByName('balasan:start').length > 0);
    await page.waitForTimeout(500);
    assert.ok(errors.some((e) => e.startsWith('balasan: the widget could not be loaded')), errors.join('\n'));
    assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), [], 'nothing escapes into the page');
    assert.equal(await page.textContent('#isi'), 'Isi artikel');
    // The form is still there and sends as a plain form post; the server sends the reader
    // back to the article, where the loader says it was received.
    await fillComment(page, 'Terkirim tanpa wasm.');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    assert.ok(server.list().some((c) => c.content === 'Terkirim tanpa wasm.' && c.post === 'rusak'));
    await page.waitForSelector('#commentform');
    assert.equal(await page.textContent('#commentform [role=status]'), 'Terima kasih, komentar Anda telah terkirim.');
    assert.equal(await page.inputValue('#comment'), '', 'the draft is gone once stored');
    await page.close();
  } finally {
    await server.stop();
  }
});

test('a form in English brings its texts (lang/en.json) once; a file that is not the one built is refused, and the form stays', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  // What the files are served as, per visit: the built ones, or one byte changed.
  let tampered = null;
  const serve = (name, type) => (req, res) => readFile(join(dist, name)).then((b) => {
    if (tampered === name) b[b.length - 6] ^= 1; // a letter of the last text; a byte of the data section
    res.writeHead(200, { 'Content-Type': type });
    res.end(b);
  });
  pages['/bahasa/embed.js'] = serve('embed.js', 'text/javascript');
  pages['/bahasa/balasan.js'] = serve('balasan.js', 'text/javascript');
  // Served as bytes of no particular type first (some servers do): compiled from the bytes.
  let wasmType = 'application/octet-stream';
  pages['/bahasa/balasan_bg.wasm'] = (req, res) => serve('balasan_bg.wasm', wasmType)(req, res);
  pages['/bahasa/lang/en.json'] = serve('lang/en.json', 'application/json');
  pages['/bahasa/balasan.list.wasm'] = serve('balasan.list.wasm', 'application/wasm');
  pages['/bahasa/halaman.html'] = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Two languages</title>
<link rel="icon" href="data:,"></head><body><main>
<div id="en"></div><div id="id"></div>
<script src="/bahasa/embed.js" data-endpoint="${server.url}api/comments" data-post-id="bahasa" data-lang="en-GB"
  data-target="#en" data-load="eager"></script>
<script src="/bahasa/embed.js" data-endpoint="${server.url}api/comments" data-post-id="bahasa-id"
  data-target="#id" data-id-prefix="kedua-" data-load="eager"></script>
</main></body></html>`;
  const visit = async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${site.origin}/bahasa/halaman.html`);
    await page.waitForFunction(() => performance.getEntriesByName('balasan:start').length > 0);
    return { page, errors, fetched };
  };
  try {
    // The built files: both forms are the widget's, each in its language; only the English
    // one needed a file, fetched once. (The wasm's type is not application/wasm here.)
    {
      const { page, errors, fetched } = await visit();
      await page.waitForSelector('#en [data-balasan-live]');
      await page.waitForSelector('#id [data-balasan-live]');
      await page.click('#submit');
      await page.waitForFunction(() => document.querySelector('#commentform [role=alert]').textContent);
      assert.equal(await page.textContent('#comment-error'), 'Please type your comment text.');
      await page.click('#kedua-submit');
      await page.waitForFunction(() => document.querySelector('#kedua-commentform [role=alert]').textContent);
      assert.equal(await page.textContent('#kedua-comment-error'), 'Silakan ketik teks komentar Anda.');
      assert.deepEqual(fetched.filter((p) => p.startsWith('/bahasa/lang/')), ['/bahasa/lang/en.json']);
      assert.deepEqual(errors, []);
      await page.close();
    }
    // A changed texts file: the English form stays the pre-rendered one and keeps what the
    // reader typed; the console names the file; the Indonesian one is taken over.
    tampered = 'lang/en.json';
    {
      const { page, errors } = await visit();
      await page.fill('#comment', 'Still here.');
      await page.waitForSelector('#id [data-balasan-live]');
      const named = (e) => e.startsWith('balasan: the texts could not be loaded from') && e.includes('/bahasa/lang/en.json');
      for (let waited = 0; !errors.some(named) && waited < 10000; waited += 50) await page.waitForTimeout(50);
      assert.ok(errors.some(named), errors.join('\n'));
      assert.equal(await page.locator('#en [data-balasan-live]').count(), 0, 'no takeover with texts that are not the built ones');
      assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), [], 'nothing escapes into the page');
      assert.equal(await page.inputValue('#comment'), 'Still here.');
      await page.close();
    }
    // A changed wasm (the glue pins it): no takeover at all, the forms stay.
    tampered = 'balasan_bg.wasm';
    wasmType = 'application/wasm';
    {
      const { page, errors } = await visit();
      await page.waitForFunction(() => performance.getEntriesByName('balasan:start').length >= 2);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('[data-balasan-live]').count(), 0);
      assert.ok(errors.some((e) => e.startsWith('balasan: the widget could not be loaded')), errors.join('\n'));
      assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), [], 'nothing escapes into the page');
      assert.equal(await page.locator('#commentform').count(), 1);
      await page.close();
    }
  } finally {
    await server.stop();
  }
});

test('forms for two backends on one page: each loads its backend\'s wasm once (without the list where none shows), and each sends', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  // Every widget file, served from the site's /dua/ and counted.
  const type = { js: 'text/javascript', wasm: 'application/wasm', css: 'text/css', json: 'application/json' };
  for (const name of ['embed.js', 'balasan.css', ...['', '-wordpress', '-isso', '-forms']
    .flatMap((b) => [`balasan${b}`, `balasan${b}-nolist`]).flatMap((n) => [`${n}.js`, `${n}_bg.wasm`]),
  ...['', '-wordpress', '-isso', '-forms'].map((b) => `balasan${b}.list.wasm`)]) {
    pages[`/dua/${name}`] = (req, res) => readFile(join(dist, name)).then((b) => {
      res.writeHead(200, { 'Content-Type': type[name.split('.').pop()] });
      res.end(b);
    });
  }
  // Formspree as its documentation shows it (no Formspree server runs here).
  const posted = [];
  pages['/f/xdua'] = (req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      posted.push(JSON.parse(body));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  };
  pages['/dua/halaman.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dua backend</title>
<link rel="icon" href="data:,"></head><body><main>
<div id="asli"></div><div id="surat"></div>
<script src="/dua/embed.js" data-endpoint="${server.url}api/comments" data-post-id="dua-backend"
  data-target="#asli" data-load="eager"></script>
<script src="/dua/embed.js" data-endpoint="${site.origin}/f/xdua" data-preset="formspree"
  data-target="#surat" data-id-prefix="kedua-" data-load="eager"></script>
</main></body></html>`;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  const network = trackNetwork(page);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  try {
    await page.goto(`${site.origin}/dua/halaman.html`);
    await page.waitForSelector('#asli [data-balasan-live]');
    await page.waitForSelector('#surat [data-balasan-live]');
    await network.idle();
    const widget = fetched.filter((p) => /^\/dua\/balasan.*\.(js|wasm)$/.test(p)).sort();
    // Formspree cannot list: its form's wasm comes without the list.
    assert.deepEqual(widget, ['/dua/balasan-forms-nolist.js', '/dua/balasan-forms-nolist_bg.wasm', '/dua/balasan.js',
      '/dua/balasan.list.wasm', '/dua/balasan_bg.wasm'],
      'each form\'s own glue and wasm, once, and the list\'s wasm where a list shows; no other');
    assert.equal(await page.locator('#asli .balasan-comments').count(), 1, 'the native contract\'s form has its list');

    await fillComment(page, 'Lewat kontrak asli.');
    await answerCaptcha(page);
    assert.equal((await send(page)).status, 'Terima kasih, komentar Anda telah terkirim.');
    assert.ok(server.list().some((c) => c.content === 'Lewat kontrak asli.' && c.post === 'dua-backend'));

    await fillComment(page, 'Lewat Formspree.', 'kedua-');
    await answerCaptcha(page, 'kedua-');
    const told = await send(page, 'kedua-');
    assert.equal(told.alert, '');
    assert.ok(told.status, 'the reader is told');
    assert.deepEqual(posted.map((p) => p.message), ['Lewat Formspree.']);
    assert.deepEqual(errors, []);

    // The native contract's wasm, given a preset it does not carry (only a page that loads
    // the glue by hand can): the setting is named, nothing is sent.
    const refused = await page.evaluate(async () => {
      const m = await import('/dua/balasan.js');
      const host = document.createElement('div');
      document.body.append(host);
      try {
        m.mount(host, [['data-endpoint', '/api/x'], ['data-preset', 'isso']]);
      } catch (e) {
        return String(e);
      }
      return host.textContent;
    });
    const named = errors.find((e) => e.includes('data-preset') && e.includes('is not in this wasm'));
    assert.ok(named, `${refused}\n${errors.join('\n')}`);
    // A wasm without the list, for a form whose list would show: said, not left out quietly.
    await page.evaluate(async () => {
      const m = await import('/dua/balasan-nolist.js');
      await m.start();
      const host = document.createElement('div');
      document.body.append(host);
      m.mount(host, [['data-endpoint', '/api/x']]);
    });
    assert.ok(errors.some((e) => e.includes('data-list') && e.includes('this wasm has no list')), errors.join('\n'));
  } finally {
    await page.close();
    await server.stop();
  }
});

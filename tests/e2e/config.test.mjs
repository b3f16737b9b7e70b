// Bad configuration: every attribute with a wrong value names itself in the console and
// shows on the page (a notice instead of the form when sending is impossible, an editors'
// note above a working form otherwise), and the host page goes on working.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, servePages } from './harness.mjs';

const FATAL = 'Formulir komentar belum dapat digunakan karena kesalahan pengaturan situs.';
const NOTE = 'Catatan untuk pengelola situs: sebagian pengaturan formulir ini tidak valid (lihat konsol peramban).';

// [attribute, bad value, fatal?]; every widget also gets a good endpoint unless the case is
// about the endpoint.
const cases = [
  ['data-endpoint', '', true],
  ['data-endpoint', 'javascript:alert(1)', true],
  ['data-endpoint', 'https:/tanpa-host', true],
  ['data-preset', 'disqus', true],
  ['data-fields', 'isi', true, { 'data-preset': 'custom' }],
  ['data-encoding', 'xml', true, { 'data-preset': 'custom' }],
  ['data-captcha-url', 'ftp://soal', true, { 'data-captcha': 'server' }],
  ['data-lang', 'fr', false],
  ['data-required', 'telepon', false],
  ['data-captcha', 'mungkin', false],
  ['data-captcha-ops', '/', false],
  ['data-captcha-max', '1000', false],
  ['data-captcha-blank', 'kiri', false],
  ['data-id-prefix', '9 nyawa', false],
  ['data-credentials', 'semua', false],
  ['data-timeout', '0', false],
  ['data-idempotency', 'ya', false],
  ['data-theme', 'neon', false],
  ['data-load', 'nanti', false],
  ['data-isolation', 'iframe', false],
  ['data-reserve', 'tinggi', false],
  ['data-stylesheet', 'javascript:x', false],
  ['data-encoding', 'form', false],
];

let browser;
let site;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  // The host page's own behaviour, from an external script (as a strict site would).
  pages['/halaman.js'] = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(`document.getElementById('tambah').addEventListener('click', () => {
      const n = document.getElementById('hitung'); n.textContent = String(Number(n.textContent) + 1); });`);
  };
  const esc = (v) => String(v).replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const tags = cases.map(([attr, value, , extra = {}], i) => {
    const attrs = { 'data-endpoint': '/api/comments', 'data-post-id': `kasus-${i}`, 'data-load': 'eager', ...extra };
    attrs[attr] = value;
    const list = Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
    return `<section id="kasus-${i}"><script src="/embed.js" ${list}></script></section>`;
  });
  tags.push('<section id="tanpa-endpoint"><script src="/embed.js" data-load="eager" data-post-id="x"></script></section>');
  tags.push('<section id="salah-sasaran"><script src="/embed.js" data-endpoint="/api" data-load="eager" data-target="#tidak-ada" data-post-id="y"></script></section>');
  tags.push('<section id="salah-tulis"><script src="/embed.js" data-endpoint="/api" data-load="eager" data-endpiont="/api" data-text-judul="x" data-post-id="z"></script></section>');
  pages['/salah.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Pengaturan salah</title>
<link rel="icon" href="data:,"></head><body><main>
<p>Artikel tetap terbaca. <button id="tambah" type="button">Tambah</button> <span id="hitung">0</span></p>
${tags.join('\n')}
<script src="/halaman.js"></script></main></body></html>`;
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test('every bad attribute names itself, shows on the page, and the page keeps working', async () => {
  const page = await browser.newPage();
  const logged = [];
  const uncaught = [];
  page.on('console', (m) => logged.push(m.text()));
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto(`${site.origin}/salah.html`);
  // (data-load="nanti" falls back to lazy: bring every section near the screen once.)
  for (const id of await page.evaluate(() => [...document.querySelectorAll('section')].map((s) => s.id))) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  }
  // Every widget has been taken over by the wasm (a form, or the notice in its place).
  await page.waitForFunction((n) => document.querySelectorAll('[data-balasan-live]').length === n, cases.length + 3);

  for (const [i, [attr, value, fatal]] of cases.entries()) {
    const what = `${attr}="${value}"`;
    assert.ok(logged.some((l) => l.startsWith(`balasan: ${attr}: `)), `${what} is named in the console`);
    const shown = await page.evaluate((id) => {
      const s = document.getElementById(id);
      return {
        form: s.querySelector('form') !== null,
        alert: s.querySelector('.balasan-config-error')?.textContent ?? null,
        note: s.querySelector('.balasan-config-note')?.textContent ?? null,
      };
    }, `kasus-${i}`);
    if (fatal) {
      assert.deepEqual(shown, { form: false, alert: FATAL, note: null }, `${what}: a notice instead of the form`);
    } else {
      assert.deepEqual(shown, { form: true, alert: null, note: NOTE }, `${what}: the form, with the editors' note`);
    }
  }
  assert.ok(logged.some((l) => l.startsWith('balasan: data-endpoint: is missing')));
  assert.equal(await page.textContent('#tanpa-endpoint .balasan-config-error'), FATAL);
  assert.ok(logged.some((l) => l.startsWith('balasan: data-target: nothing matches #tidak-ada')));
  assert.equal(await page.locator('#salah-sasaran form').count(), 1, 'the form goes next to its tag instead');
  // Typos are warned about; the form works without a note.
  assert.ok(logged.some((l) => l.startsWith('balasan: data-endpiont: unknown setting')));
  assert.ok(logged.some((l) => l.startsWith('balasan: data-text-judul: no such text')));
  assert.equal(await page.locator('#salah-tulis .balasan-config-note').count(), 0);

  // The host page is untouched: its own script runs, nothing escaped.
  await page.click('#tambah');
  await page.click('#tambah');
  assert.equal(await page.textContent('#hitung'), '2');
  assert.deepEqual(uncaught, []);
  await page.close();
});

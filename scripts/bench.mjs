#!/usr/bin/env node
// Start-up benchmark of the built widget in headless Chromium on a throttled phone profile:
// CPU slowed 4x and a slow mobile network (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, as
// Lighthouse's mobile profile), dist/ served precompressed like a CDN. It measures, as
// medians over several runs, and prints:
//
// - a long article with the form below and 50 comments: from the loader running to the
//   form on screen (it puts the pre-rendered form there at once), the bytes fetched until
//   the form is visible and typeable, the time from the reader's first touch of the form to
//   the wasm having taken it over, the bytes that takes, layout shift (CLS) over the whole
//   visit (the list of 50 arriving above the form the reader is at included), and the JS
//   heap;
// - against the floor: the same article with a plain static HTML form with the same fields
//   and stylesheet, both with the form on screen at load: navigation start to the form
//   painted (the first frame after #submit exists, measured the same way on both pages),
//   and our time as a ratio to the static form's; and our time to fully enhanced.
//
// This is a measurement, not a test: it never fails on a time.
//   node scripts/bench.mjs [--runs N]      (after scripts/build.sh)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dist, launch, servePages } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

const article = Array.from({ length: 40 }, (_, i) =>
  `<p>Paragraf ${i + 1}. Warga desa bergotong royong memperbaiki saluran irigasi sebelum musim
  tanam. Air kini mengalir ke sawah di hilir, dan petani berharap panen tahun ini lebih baik.</p>`).join('\n');

const page = (title, body, head = '') => `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="icon" href="data:,">${head}</head><body><main><h1>${title}</h1>${body}</main></body></html>`;

// The same form as static HTML: WordPress markup, the same stylesheet, nothing to run.
const staticForm = `<div id="respond" class="comment-respond balasan" data-theme="light">
<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3>
<form id="commentform" class="comment-form" method="post" action="/api/comments">
<p class="comment-notes"><span id="email-notes">Alamat email Anda tidak akan dipublikasikan.</span>
<span class="required-field-message">Ruas yang wajib ditandai <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">Komentar <span class="required">*</span></label>
<textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>
<p class="comment-form-author"><label for="author">Nama <span class="required">*</span></label>
<input id="author" name="author" type="text" size="30" autocomplete="name" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label>
<input id="email" name="email" type="email" size="30" autocomplete="email" required aria-describedby="email-notes"></p>
<p class="comment-form-url"><label for="url">Situs Web</label>
<input id="url" name="url" type="url" size="30" autocomplete="url"></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes">
<label for="wp-comment-cookies-consent">Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya berikutnya.</label></p>
<p class="comment-form-captcha"><label for="balasan-captcha">2 + 6 = <span class="required">*</span></label>
<input id="balasan-captcha" name="balasan-captcha" type="text" inputmode="numeric" size="4" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar"></p>
</form></div>`;

const widget = (load) => `<script src="/embed.js" data-endpoint="/api/comments" data-post-id="bench" data-load="${load}"></script>`;

// The article's conversation: 50 approved comments in the native list's shape, which the
// list puts above the form once the wasm is there (the layout shift counts it).
const conversation = JSON.stringify({
  comments: Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    parent: null,
    author: `Pembaca ${i + 1}`,
    url: '',
    content: `Komentar ke-${i + 1}: saluran irigasi di desa kami juga perlu diperbaiki sebelum musim tanam.`,
    created_at: 1795000000 + i * 60,
  })),
  total: 50,
  next: null,
});

const pages = {
  '/api/comments': (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(conversation),
  '/bench/lazy.html': page('Artikel panjang', article + widget('lazy')),
  '/bench/onscreen.html': page('Formulir di layar', widget('lazy')),
  '/bench/static.html': page('Formulir di layar', staticForm, '<link rel="stylesheet" href="/balasan.css">'),
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Opens `path` fresh (no cache) on the throttled profile; `act` runs on the page. */
async function visit(browser, site, path, act) {
  const context = await browser.newContext({ viewport: { width: 375, height: 700 } });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const fetched = [];
  cdp.on('Network.loadingFinished', (e) => fetched.push({ at: e.timestamp, bytes: e.encodedDataLength }));
  await tab.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    // The form is painted in the first frame after its button exists, whoever put it there.
    new MutationObserver((_, observer) => {
      if (!document.querySelector('#submit')) return;
      observer.disconnect();
      requestAnimationFrame(() => performance.mark('form-painted'));
    }).observe(document, { childList: true, subtree: true });
  });
  await tab.goto(site.origin + path, { waitUntil: 'load' });
  const result = await act(tab, cdp, fetched);
  await context.close();
  return result;
}

const monotonicNow = (tab) => tab.evaluate(() => performance.timeOrigin + performance.now());

async function main() {
  const site = await servePages(pages);
  const browser = await launch();
  const lazy = [];
  const onScreen = { balasan: [], static: [] };
  try {
    for (let i = 0; i < runs; i++) {
      lazy.push(await visit(browser, site, '/bench/lazy.html', async (tab, cdp, fetched) => {
        await tab.waitForFunction(() => performance.getEntriesByName('form-painted').length > 0, null, { timeout: 60_000 });
        await tab.waitForLoadState('networkidle');
        // Bytes so far: the page and the loader (with the form and its stylesheet).
        const before = fetched.reduce((n, f) => n + f.bytes, 0);
        const count = fetched.length;
        await tab.evaluate(() => document.querySelector('.balasan-host').scrollIntoView());
        const touched = await tab.evaluate(() => performance.now());
        await tab.click('#comment');
        await tab.waitForFunction(() => performance.getEntriesByName('balasan:ready').length > 0, null, { timeout: 60_000 });
        // What the takeover fetched; then the conversation arrives above the form.
        const fetchedAfter = fetched.slice(count).reduce((n, f) => n + f.bytes, 0);
        await tab.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 50, null, { timeout: 60_000 });
        await tab.waitForTimeout(300);
        const m = await tab.evaluate((t) => {
          const at = (name) => performance.getEntriesByName(name)[0].startTime;
          const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('_bg.wasm'));
          return {
            shown: at('form-painted') - at('balasan:loader'),
            enhanced: at('balasan:ready') - t,
            // Where the time goes: until the wasm is asked for, its download, and after it.
            asked: wasm.startTime - t,
            download: wasm.responseEnd - wasm.startTime,
            after: at('balasan:ready') - wasm.responseEnd,
            cls: window.__cls,
          };
        }, touched);
        const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        return { ...m, before, fetchedAfter, heap };
      }));
      for (const [kind, path] of [['balasan', '/bench/onscreen.html'], ['static', '/bench/static.html']]) {
        onScreen[kind].push(await visit(browser, site, path, async (tab) => {
          await tab.waitForFunction(() => performance.getEntriesByName('form-painted').length > 0, null, { timeout: 60_000 });
          const painted = await tab.evaluate(() => performance.getEntriesByName('form-painted')[0].startTime);
          if (kind === 'static') return { painted };
          await tab.waitForFunction(() => performance.getEntriesByName('balasan:ready').length > 0, null, { timeout: 60_000 });
          return { painted, ready: await tab.evaluate(() => performance.getEntriesByName('balasan:ready')[0].startTime) };
        }));
      }
      process.stderr.write(`run ${i + 1}/${runs} done\n`);
    }
  } finally {
    await browser.close();
    await site.close();
  }
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const ours = median(onScreen.balasan.map((r) => r.painted));
  const floor = median(onScreen.static.map((r) => r.painted));
  console.log(`Balasan start-up, median of ${runs} runs, 375 px, CPU 4x slower, 150 ms RTT, 1.6/0.75 Mbit/s`);
  console.log('Long article, form below:');
  console.log(`  loader running → form painted   ${median(lazy.map((r) => r.shown)).toFixed(0)} ms`);
  console.log(`  fetched until then              ${kb(median(lazy.map((r) => r.before)))} (page + loader with form and stylesheet, on the wire)`);
  console.log(`  first touch → wasm took over    ${median(lazy.map((r) => r.enhanced)).toFixed(0)} ms`);
  console.log(`    until the wasm is asked for    ${median(lazy.map((r) => r.asked)).toFixed(0)} ms`);
  console.log(`    its download                   ${median(lazy.map((r) => r.download)).toFixed(0)} ms`);
  console.log(`    from downloaded to took over   ${median(lazy.map((r) => r.after)).toFixed(0)} ms`);
  console.log(`  fetched for that                ${kb(median(lazy.map((r) => r.fetchedAfter)))}`);
  console.log(`  layout shift (CLS, 50 comments) ${median(lazy.map((r) => r.cls)).toFixed(4)}`);
  console.log(`  JS heap in use                  ${kb(median(lazy.map((r) => r.heap)))}`);
  console.log('Form on screen at load: navigation start → form painted');
  console.log(`  Balasan                         ${ours.toFixed(0)} ms`);
  console.log(`  static HTML form (floor)        ${floor.toFixed(0)} ms`);
  console.log(`  ratio                           ${(ours / floor).toFixed(2)}×`);
  console.log(`  Balasan fully enhanced          ${median(onScreen.balasan.map((r) => r.ready)).toFixed(0)} ms`);
}

await readFile(join(dist, 'embed.js')).catch(() => {
  console.error('bench: dist/ is not built; run scripts/build.sh first');
  process.exit(1);
});
await main();

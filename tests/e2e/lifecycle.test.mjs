// A single-page app mounts a form for each article it shows and unmounts it when the reader
// moves on, on one page, for as long as the reader stays: whatever a form held (its state,
// its listeners, its list's requests) must go with it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, faultProxy, launch, servePages, startServer, watchErrors } from './harness.mjs';

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
  for (const [author, content] of [['Sari', 'Komentar pertama.'], ['Budi', 'Komentar kedua.'], ['Wulan', 'Komentar ketiga.']]) {
    const r = await fetch(`${server.url}api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ post: 'siklus', author, email: `${author.toLowerCase()}@contoh.id`, content, hp: '' }),
    });
    assert.equal(r.status, 201, await r.text());
  }
  pages['/siklus.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Siklus</title>
<link rel="icon" href="data:,"><script src="/embed.js"></script></head>
<body><main><div id="komentar"></div></main></body></html>`;
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  await site?.close();
});

/** Keeps each wasm instance's memory where the test can read its size. */
function keepMemories() {
  window.__memories = [];
  const keep = (result) => {
    const instance = result.instance ?? result;
    for (const e of Object.values(instance.exports)) if (e instanceof WebAssembly.Memory) window.__memories.push(e);
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...a) => streaming.apply(WebAssembly, a).then(keep);
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => instantiate.apply(WebAssembly, a).then(keep);
}

/** `n` times: mount the form, wait for its list, type a draft, unmount. */
async function cycles(page, n, endpoint) {
  await page.evaluate(async ([n, endpoint]) => {
    const slot = document.getElementById('komentar');
    for (let i = 0; i < n; i++) {
      await window.Balasan.mount(slot, { endpoint, postId: 'siklus' });
      for (let t = 0; !(document.querySelectorAll('.comment-list .comment').length >= 3); t++) {
        if (t > 200) throw new Error(`cycle ${i}: the list never showed`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const comment = document.getElementById('comment');
      comment.value = `Draf ke-${i}`;
      comment.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      window.Balasan.unmount(slot);
    }
  }, [n, endpoint]);
}

/** The wasm's memory in bytes, and the live listeners on the window and in the document. */
async function measure(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const wasm = await page.evaluate(() => window.__memories.reduce((sum, m) => sum + m.buffer.byteLength, 0));
  let listeners = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const found = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce: true });
    listeners += found.listeners.length;
  }
  return { wasm, listeners };
}

test('200 mount/unmount cycles: the wasm memory and the live listeners stay flat', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(keepMemories);
  await page.goto(`${site.origin}/siklus.html`);
  const cdp = await page.context().newCDPSession(page);
  const endpoint = `${server.url}api/comments`;
  // Warm up: the wasm is fetched and started, its allocator has taken what one form needs.
  await cycles(page, 20, endpoint);
  const warm = await measure(page, cdp);
  assert.ok(warm.wasm > 0, 'the wasm memory is seen');
  await cycles(page, 200, endpoint);
  const later = await measure(page, cdp);
  console.log(`wasm memory ${warm.wasm} -> ${later.wasm} B; listeners ${warm.listeners} -> ${later.listeners}`);
  // Bound: one 64 KiB page of wasm memory for 200 forms (a form left behind would hold
  // its texts, signals, list and draft, several KB each).
  assert.ok(later.wasm - warm.wasm <= 65536, `the wasm memory grew by ${later.wasm - warm.wasm} B`);
  assert.equal(later.listeners, warm.listeners, 'no listener is left behind');
  assert.equal(await page.locator('#commentform').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('unmounting a form while its list loads aborts the request, and nothing of it runs later', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/siklus.html`);
  proxy.mode = 'slow';
  proxy.delay = 3000;
  try {
    const failed = [];
    page.on('requestfailed', (r) => failed.push([r.url(), r.failure()?.errorText]));
    const listed = page.waitForRequest((r) => r.method() === 'GET' && r.url().startsWith(`${proxy.url}api/comments?`));
    await page.evaluate((endpoint) => window.Balasan.mount(document.getElementById('komentar'), { endpoint, postId: 'siklus' }),
      `${proxy.url}api/comments`);
    const request = await listed;
    await page.evaluate(() => window.Balasan.unmount(document.getElementById('komentar')));
    await eventually(() => failed.some(([url]) => url === request.url()), 'the list request to fail', 2000);
    assert.deepEqual(failed.find(([url]) => url === request.url()), [request.url(), 'net::ERR_ABORTED']);
    // Past the slow answer: nothing of the unmounted form shows up or fails.
    await page.waitForTimeout(3500);
    assert.equal(await page.locator('.comment-list, #commentform').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    proxy.mode = 'pass';
    await page.close();
  }
});

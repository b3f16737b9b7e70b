// Faults between the widget and a real reference server, injected by a proxy: every case
// must tell the reader what happened in Indonesian, keep the text (on screen and in the
// stored draft, or, when nothing answered at all, in the browser's queue), send exactly one
// request, let at most one comment reach the database, and send fine once the fault clears
// (a queued comment by itself).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCaptcha, faultProxy, fillComment, launch, servePages, startServer, watchErrors, widgetPage,
} from './harness.mjs';

const SAVE_FAILED = 'Komentar tak dapat disimpan. Silakan coba lagi nanti.';
const UNREACHABLE = 'Server komentar tidak dapat dihubungi. Teks Anda tetap tersimpan; silakan coba lagi nanti.';
const TIMEOUT = 'Server terlalu lama menjawab. Teks Anda tetap tersimpan; silakan kirim lagi.';
const SENT = 'Terima kasih, komentar Anda telah terkirim.';
const QUEUED = 'Koneksi terputus. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu koneksi pulih; Anda boleh lanjut membaca atau menutup halaman.';
const QUEUED_SERVER = 'Server komentar tidak dapat dihubungi. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu server itu menjawab lagi; Anda boleh lanjut membaca atau menutup halaman.';

let browser;
let site;
let server;
let proxy;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  // Every test posts from 127.0.0.1: the per-IP limit is tested on its own below.
  server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '1000']);
  proxy = await faultProxy(server.url);
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  await site?.close();
});

const stored = (text) => server.list('all').filter((c) => c.content === text).length;

async function open(name, attrs = {}, init) {
  pages[`/${name}.html`] = widgetPage({
    'data-endpoint': `${proxy.url}api/comments`,
    'data-post-id': name,
    'data-timeout': '2',
    ...attrs,
  });
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Every POST the page itself makes (the browser's own network-level retries are not
  // the widget's and do not show here).
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.headers()['idempotency-key']));
  // The list's first page, asked for once the list's own wasm has come: the faults below
  // are the send's, so they start after it (or after 5 s, where no list is asked for).
  const listed = page.waitForResponse((r) => r.url().includes('api/comments?post='), { timeout: 5_000 }).catch(() => null);
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  await listed;
  return { context, page, errors, posts };
}

/** Clicks send and waits for the answer; returns [alert, status]. */
async function sendNow(page) {
  await page.click('#submit');
  await page.waitForFunction(() => {
    const s = document.querySelector('#commentform [role=status]').textContent;
    return document.querySelector('#commentform [role=alert]').textContent || (s && !s.endsWith('…'));
  }, null, { timeout: 15_000 });
  return [await page.textContent('#commentform [role=alert]'), await page.textContent('#commentform [role=status]')];
}

async function draftOf(page, post) {
  return page.evaluate((key) => localStorage.getItem(key), `balasan:draft::${post}`);
}

/** The comments waiting in the page's queue, as stored. */
async function queueOf(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('balasan:queue:')));
}

/** Opens a page, breaks the backend (`mode`), writes a comment and sends it. */
async function sendInto(name, { mode, delay = 0, during }) {
  const opened = await open(name);
  const text = `Komentar saat gangguan ${name} ✓`;
  proxy.mode = mode;
  proxy.delay = delay;
  const arrivedBefore = proxy.arrived.length;
  await fillComment(opened.page, text);
  await answerCaptcha(opened.page);
  if (during) await during(opened.page, opened.context);
  const [alert, status] = await sendNow(opened.page);
  return { ...opened, text, arrivedBefore, alert, status };
}

/**
 * When no answer comes at all (no connection, server gone, CORS refusal), the comment is
 * queued: the form is cleared and says so, and it is sent by itself once the fault clears,
 * with the same key, stored once.
 */
async function queued(name, { mode, delay, during, heal, reached, told = QUEUED }) {
  const { context, page, posts, errors, text, arrivedBefore, alert, status } =
    await sendInto(name, { mode, delay, during });
  assert.equal(alert, '', `${name}: no error`);
  assert.equal(status, told, `${name}: the reader is told it waits, and for what`);
  if (told === QUEUED_SERVER) {
    // The page's own server answers, the comment server does not: the site's developer
    // is told which address did not answer.
    assert.ok(errors.some((e) => e.startsWith('balasan: ') && e.includes(`${proxy.url}api/comments`)),
      `${name}: the console names the endpoint: ${JSON.stringify(errors)}`);
  }
  assert.equal(await page.inputValue('#comment'), '', `${name}: the form is free`);
  assert.equal(await draftOf(page, name), null, `${name}: the text moved from the draft…`);
  assert.equal((await queueOf(page)).length, 1, `${name}: …to the queue`);
  assert.equal(posts.length, 1, `${name}: the widget sent one request`);
  const posted = proxy.arrived.slice(arrivedBefore).filter((a) => a.method === 'POST');
  assert.ok(posted.length >= reached[0] && posted.length <= reached[1],
    `${name}: ${posted.length} POSTs reached the backend`);

  proxy.mode = 'pass';
  if (heal) await heal(page, context);
  // No click: the queue sends it (at once on "online", else after its first wait, 5 s).
  await page.waitForFunction((sent) => document.querySelector('#commentform [role=status]').textContent === sent,
    SENT, { timeout: 20_000 });
  assert.equal(stored(text), 1, `${name}: exactly one comment in the end`);
  assert.ok(posts.length >= 2 && posts.every((k) => k === posts[0]), `${name}: every send with the comment's key`);
  assert.deepEqual(await queueOf(page), [], `${name}: the queue is empty`);
  assert.equal(await page.textContent('#commentform [role=alert]'), '');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|CORS|no reply from the endpoint|ERR_/.test(e)), []);
  await context.close();
}

/**
 * The common shape: break, send, check, heal, send again, check. `reached`: how many
 * POSTs reach the backend, [fewest, most]; once, unless the fault drops the connection
 * before any answer (Chrome may then send the same request once more by itself, same body
 * and key) or drops the CORS preflight (then the POST never leaves the browser).
 */
async function fault(name, { mode, delay, expect, during, heal, reached = [1, 1] }) {
  const { context, page, posts, text, arrivedBefore, alert, status } =
    await sendInto(name, { mode, delay, during });
  assert.equal(alert, expect, `${name}: the reader is told`);
  assert.equal(status, '', `${name}: no success message`);
  assert.equal(await page.inputValue('#comment'), text, `${name}: the text stays on screen`);
  assert.equal(await draftOf(page, name), text, `${name}: the draft stays stored`);
  assert.ok(stored(text) <= 1, `${name}: at most one comment reached the database`);
  assert.equal(posts.length, 1, `${name}: the widget sent one request`);
  const arrived = proxy.arrived.slice(arrivedBefore);
  const posted = arrived.filter((a) => a.method === 'POST');
  assert.ok(arrived.length >= 1, `${name}: the send left the browser`);
  assert.ok(posted.length >= reached[0] && posted.length <= reached[1],
    `${name}: ${posted.length} POSTs reached the backend`);
  assert.ok(posted.every((a) => a.key && a.key === posts[0]), `${name}: all with the comment's key`);

  proxy.mode = 'pass';
  if (heal) await heal(page, context);
  await answerCaptcha(page);
  const [alert2, status2] = await sendNow(page);
  assert.equal(alert2, '', `${name}: the retry is not refused`);
  assert.equal(status2, SENT, `${name}: the retry is stored`);
  assert.equal(posts.length, 2, `${name}: one more request for the retry`);
  assert.equal(posts[1], posts[0], `${name}: the retry carries the same key`);
  assert.equal(stored(text), 1, `${name}: exactly one comment in the end`);
  assert.equal(await draftOf(page, name), null, `${name}: the draft is cleared once accepted`);
  await context.close();
}

test('backend down while the reader is online: queued, told the comment server cannot be reached, sent once it is back', () =>
  queued('down', { mode: 'down', reached: [0, 0], told: QUEUED_SERVER }));

test('backend down with the queue turned off (data-queue-days="0"): told, text kept', async () => {
  const { context, page, posts } = await open('noqueue', { 'data-queue-days': '0' });
  proxy.mode = 'down';
  await fillComment(page, 'Tanpa antrean.');
  await answerCaptcha(page);
  assert.deepEqual(await sendNow(page), [UNREACHABLE, '']);
  assert.equal(await page.inputValue('#comment'), 'Tanpa antrean.');
  assert.deepEqual(await queueOf(page), []);
  proxy.mode = 'pass';
  await page.waitForTimeout(6000);
  assert.equal(posts.length, 1, 'nothing is sent by itself');
  await context.close();
});

test('backend answers 500', () => fault('e500', { mode: '500', expect: SAVE_FAILED }));

test('gateway answers 502 with an HTML page', () => fault('e502', { mode: '502', expect: SAVE_FAILED }));

test('CORS refusal after the comment was stored: told (not queued: something answered), and the retry is not a second comment', () =>
  fault('cors', { mode: 'no-cors', expect: UNREACHABLE }));

test('timeout after the comment was stored: the retry is not a second comment', () =>
  fault('timeout', { mode: 'slow', delay: 4000, expect: TIMEOUT }));

test('timeout after the comment was stored, then the reader changes the text: the changed comment is stored too, under a new key', async () => {
  const { context, page, posts, text, alert } = await sendInto('changed', { mode: 'slow', delay: 4000 });
  assert.equal(alert, TIMEOUT);
  proxy.mode = 'pass';
  // The first text reached the server while the reader was told it took too long.
  await page.waitForTimeout(2500);
  assert.equal(stored(text), 1);
  const changed = `${text} (diperbaiki)`;
  await fillComment(page, changed);
  await answerCaptcha(page);
  // The server binds a key to its comment: the old key with new text would be refused.
  assert.deepEqual(await sendNow(page), ['', SENT]);
  assert.equal(posts.length, 2);
  assert.notEqual(posts[1], posts[0], 'a changed comment is sent with a new key');
  assert.equal(stored(changed), 1, 'the changed comment is stored');
  await context.close();
});

test('going offline mid-send: queued, sent when back online', () => queued('offline', {
  mode: 'slow',
  delay: 1500,
  reached: [1, 2],
  during: async (page, context) => {
    // Once the request is on its way, the phone loses its signal: the browser goes
    // offline and the open connection drops.
    // (Chrome retries a POST whose connection drops before any answer, so the way back
    // is closed too: that retry carries the same idempotency key either way.)
    page.once('request', () => {
      setTimeout(async () => {
        await context.setOffline(true);
        proxy.mode = 'down';
        proxy.cut();
      }, 300);
    });
  },
  heal: (page, context) => context.setOffline(false),
}));

test("a page's own fetch wrapper rejects the send with a string, not an Error: told, text kept, the form goes on working", async () => {
  // Sites and extensions wrap window.fetch (analytics, blockers); such a wrapper may reject
  // with any value. One send is refused that way, before it reaches the network.
  const { context, page, errors, posts } = await open('nonerror', {}, () => {
    const fetch = window.fetch;
    let refuse = 1;
    window.fetch = function (input, init) {
      const method = (init?.method ?? input?.method ?? 'GET').toUpperCase();
      if (method === 'POST' && refuse > 0) {
        refuse -= 1;
        return Promise.reject('diblokir');
      }
      return fetch.apply(this, arguments);
    };
  });
  const text = 'Dikirim lewat pembungkus fetch milik situs.';
  await fillComment(page, text);
  await answerCaptcha(page);
  assert.deepEqual(await sendNow(page), [UNREACHABLE, ''], 'told, as when nothing answered');
  assert.equal(await page.inputValue('#comment'), text, 'the text stays on screen');
  assert.equal(await draftOf(page, 'nonerror'), text, 'and stored');
  assert.equal(posts.length, 0, 'nothing reached the network');
  await answerCaptcha(page);
  assert.deepEqual(await sendNow(page), ['', SENT], 'the next send works');
  assert.equal(stored(text), 1);
  // The console names the failed send (and the probe that found the server answering);
  // nothing else, and no page error.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|no reply from the endpoint/.test(e)), []);
  await context.close();
});

test('a slow answer while the reader taps send again: one comment', async () => {
  const { context, page, errors, posts } = await open('double');
  const text = 'Ketuk dua kali, tersimpan sekali.';
  proxy.mode = 'slow';
  proxy.delay = 1500;
  const arrivedBefore = proxy.arrived.length;
  await fillComment(page, text);
  await answerCaptcha(page);
  await page.click('#submit');
  await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent === 'Mengirim komentar…');
  assert.equal(await page.getAttribute('#submit', 'aria-disabled'), 'true', 'the button says it is busy while sending');
  // Three more tries while the first is on its way: a tap on the (busy) button where
  // it is on screen, Enter in a field, and a script submitting the form.
  const box = await page.locator('#submit').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.press('#author', 'Enter');
  await page.evaluate(() => document.querySelector('#commentform').requestSubmit());
  await page.waitForFunction((sent) => document.querySelector('#commentform [role=status]').textContent === sent, SENT);
  proxy.mode = 'pass';
  assert.equal(posts.length, 1, 'the widget sent one request');
  const posted = proxy.arrived.slice(arrivedBefore).filter((a) => a.method === 'POST');
  assert.equal(posted.length, 1, 'one request reached the backend');
  assert.equal(stored(text), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('429 with Retry-After: told when to retry, no send before, retry works after', async () => {
  const limited = await startServer(['--allow-origin', site.origin, '--moderation', 'approved',
    '--rate-burst', '1', '--rate-window', '3']);
  try {
    pages['/ratelimit.html'] = widgetPage({ 'data-endpoint': `${limited.url}api/comments`, 'data-post-id': 'ratelimit' });
    const page = await browser.newPage();
    const posts = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.goto(`${site.origin}/ratelimit.html`);
    await page.waitForSelector('[data-balasan-live] #commentform');
    await fillComment(page, 'Komentar pertama.');
    await answerCaptcha(page);
    assert.deepEqual(await sendNow(page), ['', SENT]);

    await page.fill('#comment', 'Komentar kedua, terlalu cepat.');
    await answerCaptcha(page);
    const [alert] = await sendNow(page);
    assert.match(alert, /^Anda memposting komentar terlalu cepat\. Silakan kirim lagi dalam [1-3] detik\.$/);
    assert.equal(await page.inputValue('#comment'), 'Komentar kedua, terlalu cepat.');
    assert.equal(posts.length, 2, 'the refused comment was sent once');

    // Sending again at once is held back in the browser: no request, never "sending", and
    // the reader still sees how long to wait.
    await page.evaluate(() => {
      window.__shown = [];
      const status = document.querySelector('#commentform [role=status]');
      const alert = document.querySelector('#commentform [role=alert]');
      new MutationObserver(() => window.__shown.push(status.textContent, alert.textContent))
        .observe(status.parentNode, { subtree: true, childList: true, characterData: true });
    });
    await answerCaptcha(page);
    await page.click('#submit');
    await page.waitForTimeout(500);
    assert.equal(posts.length, 2, 'nothing was sent during the wait');
    const shown = await page.evaluate(() => window.__shown);
    assert.ok(!shown.includes('Mengirim komentar…'), `never "sending": ${JSON.stringify(shown)}`);
    assert.match(await page.textContent('#commentform [role=alert]'), /Silakan kirim lagi dalam [1-3] detik/);
    assert.equal(limited.list('all').length, 1);

    await page.waitForTimeout(3200);
    await answerCaptcha(page);
    assert.deepEqual(await sendNow(page), ['', SENT]);
    assert.equal(posts.length, 3);
    assert.equal(limited.list('all').length, 2);
    await page.close();
  } finally {
    await limited.stop();
  }
});

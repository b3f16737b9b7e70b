// Faults between the widget and a real reference server, injected by a proxy: every case
// must tell the reader what happened in Indonesian, keep the text (on screen and in the
// stored draft), let at most one comment reach the database, and send fine once the fault
// clears.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCaptcha, faultProxy, fillComment, launch, servePages, startServer, watchErrors, widgetPage,
} from './harness.mjs';

const SAVE_FAILED = 'Komentar tak dapat disimpan. Silakan coba lagi nanti.';
const UNREACHABLE = 'Server komentar tidak dapat dihubungi. Teks Anda tetap tersimpan; silakan coba lagi nanti.';
const TIMEOUT = 'Server terlalu lama menjawab. Teks Anda tetap tersimpan; silakan kirim lagi.';
const OFFLINE = 'Perangkat Anda sedang tidak terhubung ke internet. Teks Anda tetap tersimpan; kirim lagi setelah koneksi pulih.';
const SENT = 'Terima kasih, komentar Anda telah terkirim.';

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

async function open(name, attrs = {}) {
  pages[`/${name}.html`] = widgetPage({
    'data-endpoint': `${proxy.url}api/comments`,
    'data-post-id': name,
    'data-timeout': '2',
    ...attrs,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('#commentform');
  return { context, page, errors };
}

/** Clicks send and waits for the answer; returns [alert, status]. */
async function sendNow(page) {
  await page.click('#submit');
  await page.waitForFunction(() => {
    const s = document.querySelector('[role=status]').textContent;
    return document.querySelector('[role=alert]').textContent || (s && !s.endsWith('…'));
  }, null, { timeout: 15_000 });
  return [await page.textContent('[role=alert]'), await page.textContent('[role=status]')];
}

async function draftOf(page, post) {
  return page.evaluate((key) => localStorage.getItem(key), `balasan:draft::${post}`);
}

/** The common shape: break, send, check, heal, send again, check. */
async function fault(name, { mode, delay = 0, expect, during, heal }) {
  const { context, page } = await open(name);
  const text = `Komentar saat gangguan ${name} ✓`;
  proxy.mode = mode;
  proxy.delay = delay;
  const postsBefore = proxy.posts;
  await fillComment(page, text);
  await answerCaptcha(page);
  if (during) await during(page, context);
  const [alert, status] = await sendNow(page);
  assert.equal(alert, expect, `${name}: the reader is told`);
  assert.equal(status, '', `${name}: no success message`);
  assert.equal(await page.inputValue('#comment'), text, `${name}: the text stays on screen`);
  assert.equal(await draftOf(page, name), text, `${name}: the draft stays stored`);
  assert.ok(stored(text) <= 1, `${name}: at most one comment reached the database`);
  assert.ok(proxy.posts - postsBefore <= 1, `${name}: at most one request reached the backend`);

  proxy.mode = 'pass';
  if (heal) await heal(page, context);
  await answerCaptcha(page);
  const [alert2, status2] = await sendNow(page);
  assert.equal(alert2, '', `${name}: the retry is not refused`);
  assert.equal(status2, SENT, `${name}: the retry is stored`);
  assert.equal(stored(text), 1, `${name}: exactly one comment in the end`);
  assert.equal(await draftOf(page, name), null, `${name}: the draft is cleared once accepted`);
  await context.close();
}

test('backend down', () => fault('down', { mode: 'down', expect: UNREACHABLE }));

test('backend answers 500', () => fault('e500', { mode: '500', expect: SAVE_FAILED }));

test('gateway answers 502 with an HTML page', () => fault('e502', { mode: '502', expect: SAVE_FAILED }));

test('CORS refusal after the comment was stored: the retry is not a second comment', () =>
  fault('cors', { mode: 'no-cors', expect: UNREACHABLE }));

test('timeout after the comment was stored: the retry is not a second comment', () =>
  fault('timeout', { mode: 'slow', delay: 4000, expect: TIMEOUT }));

test('going offline mid-send', () => fault('offline', {
  mode: 'slow',
  delay: 1500,
  expect: OFFLINE,
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

test('a slow answer while the reader taps send again: one comment', async () => {
  const { context, page, errors } = await open('double');
  const text = 'Ketuk dua kali, tersimpan sekali.';
  proxy.mode = 'slow';
  proxy.delay = 1500;
  const postsBefore = proxy.posts;
  await fillComment(page, text);
  await answerCaptcha(page);
  await page.click('#submit');
  await page.waitForFunction(() => document.querySelector('[role=status]').textContent === 'Mengirim komentar…');
  await page.click('#submit', { force: true, noWaitAfter: true }).catch(() => {});
  await page.press('#author', 'Enter').catch(() => {});
  await page.evaluate(() => document.querySelector('#commentform').requestSubmit?.());
  await page.waitForFunction((sent) => document.querySelector('[role=status]').textContent === sent, SENT);
  proxy.mode = 'pass';
  assert.equal(proxy.posts - postsBefore, 1, 'one request reached the backend');
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
    await page.goto(`${site.origin}/ratelimit.html`);
    await page.waitForSelector('#commentform');
    await fillComment(page, 'Komentar pertama.');
    await answerCaptcha(page);
    assert.deepEqual(await sendNow(page), ['', SENT]);

    await page.fill('#comment', 'Komentar kedua, terlalu cepat.');
    await answerCaptcha(page);
    const [alert] = await sendNow(page);
    assert.match(alert, /^Anda memposting komentar terlalu cepat\. Silakan kirim lagi dalam [1-3] detik\.$/);
    assert.equal(await page.inputValue('#comment'), 'Komentar kedua, terlalu cepat.');
    // Sending again at once is held back in the browser: nothing reaches the server.
    await answerCaptcha(page);
    await page.click('#submit');
    assert.match(await page.textContent('[role=alert]'), /Silakan kirim lagi dalam [1-3] detik/);
    assert.equal(limited.list('all').length, 1);

    await page.waitForTimeout(3200);
    await answerCaptcha(page);
    assert.deepEqual(await sendNow(page), ['', SENT]);
    assert.equal(limited.list('all').length, 2);
    await page.close();
  } finally {
    await limited.stop();
  }
});

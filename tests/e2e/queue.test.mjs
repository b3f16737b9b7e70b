// Comments written while the connection is gone: queued in the browser, sent by themselves
// when it returns (on the page, in another tab, or on the reader's next visit), stored
// exactly once, and never lost when the backend refuses them. Real Chromium, the real
// reference server (its SQLite file counts the rows).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  answerCaptcha, eventually, faultProxy, fillComment, launch, servePages, startIsso, startServer,
  trackNetwork, watchErrors, widgetPage,
} from './harness.mjs';

const QUEUED = 'Koneksi terputus. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu koneksi pulih; Anda boleh lanjut membaca atau menutup halaman.';
const QUEUED_HERE = 'Koneksi terputus. Komentar Anda akan terkirim otomatis begitu koneksi pulih, selama halaman ini tetap terbuka.';
// Online, the page's own server answering, the comment server not.
const QUEUED_SERVER = 'Server komentar tidak dapat dihubungi. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu server itu menjawab lagi; Anda boleh lanjut membaca atau menutup halaman.';
const SENT = 'Terima kasih, komentar Anda telah terkirim.';
const EXPIRED = 'Soal hitungan kedaluwarsa selama Anda offline. Jawab soal yang baru, lalu kirim komentar Anda lagi.';
const returned = (title) => `Komentar Anda di “${title}” belum terkirim. Teksnya kembali ke formulir artikel itu.`;
const delivered = (title) => `Komentar Anda di “${title}” telah terkirim.`;

let browser;
let site;
let server;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '1000']);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
});

const rows = (srv, text) => srv.list('all').filter((c) => c.content === text);

/** A page of the site with the widget for article `post`, titled `title`. */
function article(post, { endpoint = `${server.url}api/comments`, title = `Artikel ${post}`, ...attrs } = {}) {
  const path = `/${post}.html`;
  pages[path] = widgetPage({ 'data-endpoint': endpoint, 'data-post-id': post, ...attrs }, title);
  return site.origin + path;
}

/**
 * Opens `url` in `context`; records the comment POSTs the page tried (`tried`, answered or
 * not) and those that got an answer (`answered`), each with its Idempotency-Key.
 */
async function open(context, url) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const network = trackNetwork(page);
  const tried = [];
  const answered = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') tried.push({ key: r.headers()['idempotency-key'] });
  });
  page.on('response', (r) => {
    if (r.request().method() === 'POST') {
      answered.push({ status: r.status(), key: r.request().headers()['idempotency-key'], at: Date.now() });
    }
  });
  await page.goto(url);
  await page.waitForSelector('[data-balasan-live] #commentform');
  return { page, errors, network, tried, answered };
}

const status = (page) => page.textContent('#commentform [role=status]');
const alert = (page) => page.textContent('#commentform [role=alert]');
const PREFIX = 'balasan:queue:';
const queue = (page) => page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), PREFIX);
/** The Idempotency-Key of the one comment waiting in storage. */
async function queuedKey(page) {
  const waiting = await queue(page);
  assert.equal(waiting.length, 1, `one comment waits: ${waiting}`);
  return waiting[0].slice(PREFIX.length);
}

async function until(page, what, text, timeout = 20_000) {
  await page.waitForFunction(([sel, text]) => document.querySelector(sel).textContent === text,
    [`#commentform [role=${what}]`, text], { timeout });
}

/** Writes a comment, loses the connection, sends: the form says it is queued. */
async function writeOffline(context, page, text) {
  await fillComment(page, text);
  await answerCaptcha(page);
  await context.setOffline(true);
  await page.click('#submit');
  await until(page, 'status', QUEUED);
  assert.equal(await page.inputValue('#comment'), '', 'the form is free for the next comment');
  assert.equal((await queue(page)).length, 1, 'one comment waits in storage');
}

/** How many outbox rounds have ended on `page` (the widget marks each end). */
const rounds = (page) => page.evaluate(() => performance.getEntriesByName('balasan:round').length);

/**
 * Waits until no tab of the site runs an outbox round (the queue's Web Lock is free, as
 * `page` sees it) and the `opened` pages' networks are quiet: only then are the counts at
 * the wire final. A round holds the lock from reading the queue until it has written what
 * came of its send, and 250 ms more.
 */
async function settled(...opened) {
  await eventually(() => opened[0].page.evaluate(async () => {
    const { held, pending } = await navigator.locks.query();
    return ![...held, ...pending].some((l) => l.name === 'balasan-queue');
  }), 'no outbox round under way');
  await Promise.all(opened.map((o) => o.network.idle({ quiet: 1000 })));
}

const harmless = (errors) => errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|no challenge from/.test(e));

test('written offline: queued, sent when the connection returns, one row, shown as sent', async () => {
  const context = await browser.newContext();
  const opened = await open(context, article('kereta'));
  const { page, errors, answered } = opened;
  const text = 'Ditulis di kereta, terkirim di stasiun.';
  await writeOffline(context, page, text);
  const key = await queuedKey(page);
  await page.waitForTimeout(500);
  assert.equal(rows(server, text).length, 0, 'nothing stored while offline');
  await context.setOffline(false);
  // At once on "online", not after the 5 s the queue waits between attempts otherwise.
  await until(page, 'status', SENT, 4000);
  await settled(opened);
  // Counted at the wire: the server folds a repeated key into one row by itself.
  assert.deepEqual(answered.map((a) => [a.status, a.key]), [[201, key]], 'one POST reached the server');
  assert.equal(rows(server, text).length, 1, 'stored once');
  assert.deepEqual(await queue(page), [], 'the queue is empty');
  assert.match(await page.textContent('.comment-list'), /Ditulis di kereta/, 'the list shows it in place');
  assert.deepEqual(harmless(errors), []);
  await context.close();
});

test('two tabs come back online together: both say it waits, one sender, one row, both say sent', async () => {
  const context = await browser.newContext();
  const url = article('dua-tab');
  const a = await open(context, url);
  const b = await open(context, url);
  const text = 'Dua tab terbuka, satu komentar.';
  await writeOffline(context, a.page, text);
  await until(b.page, 'status', QUEUED); // the other tab of the article knows it waits
  const offline = [a.tried.length, b.tried.length]; // the reader's send, which found no connection
  await context.setOffline(false);
  await until(a.page, 'status', SENT);
  await until(b.page, 'status', SENT);
  await settled(a, b);
  const posts = [...a.tried.slice(offline[0]), ...b.tried.slice(offline[1])];
  assert.equal(posts.length, 1, `one request left the tabs once online: ${JSON.stringify(posts)}`);
  assert.equal([...a.answered, ...b.answered].length, 1, 'one reached the server');
  assert.equal(rows(server, text).length, 1);
  await context.close();
});

test('reload while queued: sent by the next load of the page, with the same key', async () => {
  const proxy = await faultProxy(server.url);
  try {
    const context = await browser.newContext();
    const url = article('muat-ulang', { endpoint: `${proxy.url}api/comments` });
    const opened = await open(context, url);
    const { page, tried } = opened;
    const text = 'Terkirim setelah halaman dimuat ulang.';
    await fillComment(page, text);
    await answerCaptcha(page);
    proxy.mode = 'down'; // online, but the comment server does not answer
    await page.click('#submit');
    await until(page, 'status', QUEUED_SERVER);
    const key = await queuedKey(page);
    assert.equal(tried[0]?.key, key, 'the failed first attempt went with the key it is queued under');
    assert.deepEqual(proxy.forwarded, [], 'nothing reached the backend while it was down');
    proxy.mode = 'pass';
    await page.reload();
    await page.waitForSelector('[data-balasan-live] #commentform');
    await until(page, 'status', SENT);
    await settled(opened);
    // Counted at the wire: the server folds a repeated key into one row by itself.
    assert.deepEqual(proxy.forwarded, [{ key }], 'the backend got it once, under the first attempt\'s key');
    assert.deepEqual(tried.filter((t) => t.key !== key), [], 'every attempt carried that key');
    assert.equal(rows(server, text).length, 1);
    assert.deepEqual(await queue(page), []);
    await context.close();
  } finally {
    await proxy.close();
  }
});

test('back online into a 429: waits for Retry-After, then one row', async () => {
  const limited = await startServer(['--allow-origin', site.origin, '--moderation', 'approved',
    '--rate-burst', '1', '--rate-window', '8']);
  try {
    const context = await browser.newContext();
    const { page, answered } = await open(context, article('terlalu-cepat', { endpoint: `${limited.url}api/comments` }));
    await fillComment(page, 'Yang pertama, terkirim biasa.');
    await answerCaptcha(page);
    await page.click('#submit');
    await until(page, 'status', SENT);
    const text = 'Yang kedua, ditulis offline.';
    await writeOffline(context, page, text);
    await context.setOffline(false);
    await until(page, 'status', SENT, 30_000);
    const [, limitedAt, storedAt] = answered;
    assert.deepEqual(answered.map((a) => a.status), [201, 429, 201]);
    assert.ok(storedAt.at - limitedAt.at >= 1000, `waited ${storedAt.at - limitedAt.at} ms after the 429`);
    assert.equal(limitedAt.key, storedAt.key, 'the same comment, the same key');
    assert.equal(rows(limited, text).length, 1);
    await context.close();
  } finally {
    await limited.stop();
  }
});

test('refused on a later visit: a notice on the page where it was sent, the text back in its article', async () => {
  const captcha = await startServer(['--allow-origin', site.origin, '--moderation', 'approved',
    '--rate-burst', '1000', '--captcha', 'server']);
  const proxy = await faultProxy(captcha.url);
  try {
    const endpoint = `${proxy.url}api/comments`;
    const context = await browser.newContext();
    const first = article('ditolak', { endpoint, 'data-captcha': 'server', title: 'Jembatan Baru Dibuka' });
    const { page } = await open(context, first);
    const text = 'Jawaban soal saya keliru.';
    await fillComment(page, text);
    await page.waitForSelector('#commentform .balasan-question:not(:empty)');
    await page.fill('#balasan-captcha', '999'); // the server will say it is wrong
    proxy.mode = 'down';
    await page.click('#submit');
    await until(page, 'status', QUEUED_SERVER);
    const key = await queuedKey(page);
    await page.close();

    proxy.mode = 'pass';
    const other = await open(context, article('lain', { endpoint, 'data-captcha': 'server' }));
    await until(other.page, 'alert', returned('Jembatan Baru Dibuka'));
    await settled(other);
    // Sent and refused by the server, not given back untried.
    assert.deepEqual(proxy.forwarded, [{ key }], 'the later visit sent it once');
    assert.equal(rows(captcha, text).length, 0, 'refused, not stored');
    assert.deepEqual(await queue(other.page), []);
    const back = await open(context, first);
    assert.equal(await back.page.inputValue('#comment'), text, 'the text is back in its article\'s form');
    await context.close();
  } finally {
    await proxy.close();
    await captcha.stop();
  }
});

test('a server question that expired while offline: a new question first, then the reader sends', async () => {
  const captcha = await startServer(['--allow-origin', site.origin, '--moderation', 'approved',
    '--rate-burst', '1000', '--captcha', 'server', '--challenge-ttl', '12']);
  try {
    const context = await browser.newContext();
    const { page, tried } = await open(context, article('kedaluwarsa', {
      endpoint: `${captcha.url}api/comments`, 'data-captcha': 'server',
    }));
    const text = 'Soalnya kedaluwarsa saat saya offline.';
    await page.waitForSelector('#commentform .balasan-question:not(:empty)');
    await writeOffline(context, page, text);
    await page.waitForTimeout(2500); // the question is now within 10 s of its end
    await page.fill('#author', '');
    await page.fill('#email', '');
    const triedOffline = tried.length;
    await context.setOffline(false);
    await until(page, 'alert', EXPIRED);
    assert.equal(tried.length, triedOffline, 'no POST between going online and the notice');
    assert.equal(await page.inputValue('#comment'), text, 'the text is back in the form');
    assert.equal(await page.inputValue('#author'), 'Sari Wulandari', 'and the name it went with');
    assert.equal(await page.inputValue('#email'), 'sari@contoh.id');
    assert.equal(rows(captcha, text).length, 0, 'not sent with a dead question');
    await page.waitForSelector('#commentform .balasan-question:not(:empty)');
    await answerCaptcha(page);
    await page.click('#submit');
    await until(page, 'status', SENT);
    assert.equal(tried.length, triedOffline + 1, 'the reader\'s send, once');
    assert.equal(rows(captcha, text).length, 1);
    await context.close();
  } finally {
    await captcha.stop();
  }
});

test('the queue survives closing the browser: sent when it opens again (same profile)', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'balasan-profile-'));
  const launchProfile = () => chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  // The backend behind a proxy that counts what reaches it.
  const proxy = await faultProxy(server.url);
  let context;
  try {
    const endpoint = `${proxy.url}api/comments`;
    const url = article('tutup-buka', { title: 'Pasar Terapung', endpoint });
    const text = 'Ditulis sebelum peramban ditutup.';
    context = await launchProfile();
    const { page } = await open(context, url);
    await writeOffline(context, page, text);
    const key = await queuedKey(page);
    await context.close();
    assert.equal(rows(server, text).length, 0);

    context = await launchProfile();
    // A later visit to another page of the site sends it and says so.
    const other = await open(context, article('berita-lain', { endpoint }));
    await until(other.page, 'status', delivered('Pasar Terapung'));
    await settled(other);
    assert.deepEqual(proxy.forwarded, [{ key }], 'the backend got it once, under its key');
    assert.equal(rows(server, text).length, 1);
    assert.deepEqual(await queue(other.page), []);
  } finally {
    await context?.close();
    await proxy.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a comment queued by an earlier version of the widget, in its stored format, is delivered by this one', async () => {
  const proxy = await faultProxy(server.url);
  try {
    const context = await browser.newContext();
    const endpoint = `${proxy.url}api/comments`;
    const text = 'Antre sejak versi lama widget.';
    const key = '0123456789abcdef0123456789abcdef';
    // An entry exactly as src/queue.rs wrote it up to this test's commit (Entry::to_json):
    // these members, in this order, numbers for flags. Readers' browsers hold such
    // entries for up to data-queue-days after an upgrade.
    const entry = {
      key, made: Date.now() - 60_000, thread: 'versi-lama', scope: '', title: 'Jembatan Lama', preset: 'balasan',
      endpoint, anywhere: 1, page: 'a-page-long-gone', expires: 0, content: text, author: 'Sari Wulandari',
      email: 'sari@contoh.id', url: '', reply: '', to: endpoint, type: 'application/json',
      body: JSON.stringify({
        post: 'versi-lama', page_url: `${site.origin}/versi-lama.html`, page_title: 'Jembatan Lama', parent: null,
        author: 'Sari Wulandari', email: 'sari@contoh.id', url: '', content: text, hp: '', elapsed_ms: 5000,
      }),
      headers: { 'Idempotency-Key': key }, credentials: 'omit', manual: 0, timeout: 15000, attempts: 1,
      not_before: 0, limited: 0, done: '', done_at: 0,
    };
    await context.addInitScript(([name, value]) => {
      if (!sessionStorage.getItem('planted')) {
        localStorage.setItem(name, value);
        sessionStorage.setItem('planted', '1');
      }
    }, [PREFIX + key, JSON.stringify(entry)]);
    const other = await open(context, article('berita-baru', { endpoint }));
    await until(other.page, 'status', delivered('Jembatan Lama'));
    await settled(other);
    assert.deepEqual(proxy.forwarded, [{ key }], 'sent once, under its key');
    const [stored, ...more] = rows(server, text);
    assert.equal(more.length, 0, 'stored once');
    assert.equal(stored.post, 'versi-lama');
    assert.deepEqual(await queue(other.page), []);
    await context.close();
  } finally {
    await proxy.close();
  }
});

test('Isso (no idempotency, no duplicate check): sent only while the page that queued it is open', async () => {
  const isso = await startIsso(site.origin);
  try {
    const context = await browser.newContext();
    const attrs = { endpoint: isso.url, 'data-preset': 'isso', 'data-captcha': 'off' };
    const { page } = await open(context, article('isso-antre', attrs));
    const other = await open(context, article('isso-lain', attrs));
    const text = 'Isso hanya dari halaman yang terbuka.';
    await fillComment(page, text);
    await context.setOffline(true);
    await page.click('#submit');
    await until(page, 'status', QUEUED_HERE);
    // Another tab of the site does not send it…
    await context.setOffline(false);
    // …the page that queued it does.
    await until(page, 'status', SENT);
    const comments = await (await fetch(`${isso.url}/?uri=${encodeURIComponent('isso-antre')}`)).json();
    assert.equal(comments.replies.filter((c) => c.text.includes('Isso hanya')).length, 1);
    assert.equal(other.answered.length, 0, 'the other tab sent nothing');

    // Queued again, then the page is closed: the text comes back as a draft, not sent.
    const second = 'Ditutup sebelum terkirim.';
    await page.fill('#comment', second);
    await context.setOffline(true);
    await page.click('#submit');
    await until(page, 'status', QUEUED_HERE);
    await page.close();
    // Still offline: the other tab learns it from storage alone, and says so once the
    // article's own form has had its chance.
    await until(other.page, 'alert', returned('Artikel isso-antre'));
    const otherRounds = await rounds(other.page);
    await context.setOffline(false);
    const back = await open(context, article('isso-antre', attrs));
    assert.equal(await back.page.inputValue('#comment'), second);
    // The other tab's round on going online and the article's new page's first round have
    // ended, nothing waits in the queue, and no round runs: only then is "nothing sent" a
    // fact.
    await eventually(async () => (await rounds(other.page)) > otherRounds && (await rounds(back.page)) > 0,
      'a round on each page');
    await eventually(async () => (await queue(back.page)).length === 0, 'an empty queue');
    await settled(other, back);
    assert.equal(other.tried.length + back.tried.length, 0, 'never sent from another page');
    const stored = await (await fetch(`${isso.url}/?uri=${encodeURIComponent('isso-antre')}`)).json();
    assert.deepEqual(stored.replies.filter((c) => c.text.includes('Ditutup sebelum')), [], 'Isso never got it');
    await context.close();
  } finally {
    await isso.stop();
  }
});

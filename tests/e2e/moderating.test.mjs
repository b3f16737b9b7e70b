// The moderation app's daily work, as moderators do it: the search and the article filter,
// page after page, bulk actions on fifty, WordPress's keyboard shortcuts with undo, editing
// with the trail, deleting forever after a confirmation, another tab's login, the three
// languages, axe on every screen (light and dark, phone and desktop). Headless Chromium
// against the reference server on a real SQLite file; the main flows again on PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, root, startServer, watchErrors } from './harness.mjs';

const serverBin = join(root, 'target/debug/balasan-server');
const PASSWORD = 'kopi-tubruk-pagi';

let server;
let browser;

/** Adds moderator sari to `srv`'s store, as a newsroom does on the server's shell. */
function addModerator(srv) {
  const added = spawnSync(serverBin, [...srv.store, 'moderator', 'add', 'sari'],
    { input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(added.status, 0, added.stderr);
}

before(async () => {
  server = await startServer(['--rate-burst', '1000']);
  addModerator(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A comment reader Dewi sent to `srv`, held for moderation; its id. */
const held = (srv, post, content, extra = {}) => srv.seed(post, content, { author: 'Dewi', status: 202, ...extra });

/** `count` held comments on article `post`, oldest first; their ids. */
async function manyHeld(srv, post, count) {
  const ids = [];
  for (let i = 1; i <= count; i += 1) ids.push(await held(srv, post, `Komentar nomor ${i} tentang ${post}.`));
  return ids;
}

/** Each comment of article `post` in `srv`'s store: id → status. */
function statuses(srv, post) {
  return Object.fromEntries(srv.list('all').filter((c) => c.post === post).map((c) => [c.id, c.status]));
}

/** The moderation app in a fresh browser profile, logged in as sari. */
async function loggedIn(srv, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${srv.url}admin/`);
  await page.getByLabel('Nama').fill('sari');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByText('Masuk sebagai').waitFor();
  return { context, page, errors };
}

/** Shows only article `post`'s comments, and waits for its list. */
async function onlyArticle(page, post) {
  await page.getByLabel('ID artikel').fill(post);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.getByText(`Menampilkan komentar artikel ${post}.`).waitFor();
  await page.locator('li.comment').first().waitFor();
}

const said = (page, text) => page.locator('#said').filter({ hasText: text }).waitFor();
const tab = (page, name) => page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${name}`) });
const focused = (page) => page.evaluate(() => ({
  tag: document.activeElement.tagName,
  text: document.activeElement.textContent,
  comment: document.activeElement.closest('li.comment')?.dataset.id,
}));
/** Nothing failed in the page but the first question whether there is a session (401). */
const clean = (errors) => assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);

/** Approves fifty at once, checks the store and the counts, and undoes it. */
async function bulkOfFifty(srv, post) {
  const ids = await manyHeld(srv, post, 50);
  const { context, page, errors } = await loggedIn(srv);
  await onlyArticle(page, post);
  assert.equal(await page.locator('li.comment').count(), 50);
  const bulk = page.getByRole('group', { name: 'Tindakan massal' });
  assert.ok(await bulk.getByRole('button', { name: 'Setujui' }).isDisabled(), 'nothing selected yet');
  await page.getByLabel('Pilih semua').check();
  await page.getByText('50 dipilih').waitFor();
  await bulk.getByRole('button', { name: 'Setujui' }).click();
  await said(page, '50 komentar disetujui.');
  await page.getByText('Tidak ada komentar yang cocok.').waitFor();
  assert.deepEqual(new Set(Object.values(statuses(srv, post))), new Set(['approved']));
  const published = await (await fetch(`${srv.url}api/comments?post=${post}&limit=100`)).json();
  assert.equal(published.total ?? published.comments.length, 50, 'the article shows all fifty');
  assert.match(await tab(page, 'Menunggu').innerText(), /\(0\)/);
  assert.match(await tab(page, 'Disetujui').innerText(), /\(50\)/);

  // Undone at once: all fifty held again, back in the list.
  await page.getByRole('button', { name: 'Urungkan' }).click();
  await said(page, 'Tindakan terakhir diurungkan.');
  await page.locator('li.comment').nth(49).waitFor();
  assert.deepEqual(new Set(Object.values(statuses(srv, post))), new Set(['pending']));
  assert.equal(Object.keys(statuses(srv, post)).length, ids.length);
  clean(errors);
  await context.close();
}

/** j/k/a/s/d/x/u on three comments; the store says what each key did. */
async function keyboardFlow(srv, post) {
  const [first, second, third] = await manyHeld(srv, post, 3);
  const { context, page, errors } = await loggedIn(srv);
  await onlyArticle(page, post);
  // Keys typed into a field are text, and outside the list they are nothing (WCAG 2.1.4).
  await page.getByLabel('Cari di nama').press('a');
  assert.equal(await page.getByLabel('Cari di nama').inputValue(), 'a');
  await page.getByLabel('Cari di nama').fill('');
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('j');
  assert.equal((await focused(page)).comment, undefined, 'no shortcut outside the list');
  assert.equal(statuses(srv, post)[third], 'pending');

  // Into the list with Tab (the first comment's checkbox), then the keys.
  await page.locator('li.comment .pick').first().focus();
  await page.keyboard.press('k');
  assert.deepEqual(await focused(page), { tag: 'H2', text: 'Dewi', comment: String(third) }, 'newest first');
  await page.keyboard.press('j');
  assert.equal((await focused(page)).comment, String(second));
  await page.keyboard.press('k');
  assert.equal((await focused(page)).comment, String(third));
  await page.keyboard.press('a');
  await said(page, 'Komentar disetujui.');
  assert.equal((await focused(page)).comment, String(second), 'the focus moves on');
  await page.keyboard.press('s');
  await said(page, 'ditandai sebagai spam');
  assert.equal((await focused(page)).comment, String(first));
  assert.deepEqual(statuses(srv, post), { [first]: 'pending', [second]: 'spam', [third]: 'approved' });

  await page.keyboard.press('u');
  await said(page, 'Tindakan terakhir diurungkan.');
  await page.locator(`li.comment[data-id="${second}"]`).waitFor();
  assert.equal(statuses(srv, post)[second], 'pending', 'spam undone');
  assert.equal((await focused(page)).comment, String(second), 'the focus on what came back');

  await page.keyboard.press('x');
  assert.ok(await page.getByLabel('Pilih komentar dari Dewi').first().isChecked(), 'x selects');
  await page.getByText('1 dipilih').waitFor();
  await page.keyboard.press('d');
  await said(page, 'Tempat Sampah');
  assert.deepEqual(statuses(srv, post), { [first]: 'pending', [second]: 'trash', [third]: 'approved' });
  // In the trash, no key deletes forever.
  await tab(page, 'Tempat Sampah').click();
  await page.locator(`li.comment[data-id="${second}"] .pick`).focus();
  await page.keyboard.press('d');
  await page.keyboard.press('z');
  await said(page, 'Komentar dipulihkan.');
  assert.equal(statuses(srv, post)[second], 'pending', 'restored to where it was');
  clean(errors);
  await context.close();
}

/** An edit refused, then saved; the trail shows what it was. */
async function editWithTrail(srv, post) {
  const id = await held(srv, post, 'Jalan di depan pasar rusak parah sejak bulan lalu, hubungi 0812-1111.');
  const { context, page, errors } = await loggedIn(srv);
  await onlyArticle(page, post);
  const item = page.locator(`li.comment[data-id="${id}"]`);
  await item.getByRole('button', { name: 'Sunting' }).click();
  const text = item.getByLabel('Komentar', { exact: true });
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  await text.fill('Jalan di depan pasar rusak parah sejak bulan lalu.');
  await item.getByLabel('Situs web').fill('javascript:alert(1)');
  await item.getByRole('button', { name: 'Simpan' }).click();
  await item.locator('[aria-invalid="true"]').waitFor();
  assert.equal(await item.getByLabel('Situs web').getAttribute('aria-invalid'), 'true');
  assert.match(await item.locator('.edit').innerText(), /situs web/i, 'said in Indonesian, at the field');
  assert.equal(await text.inputValue(), 'Jalan di depan pasar rusak parah sejak bulan lalu.', 'nothing lost');
  assert.match(srv.list('all').find((c) => c.id === id).content, /0812/, 'nothing saved');

  await item.getByLabel('Situs web').fill('dewi.contoh.id');
  await item.getByRole('button', { name: 'Simpan' }).click();
  await said(page, 'Perubahan disimpan.');
  await item.locator('.edit').waitFor({ state: 'detached' });
  assert.equal(await item.locator('.text').innerText(), 'Jalan di depan pasar rusak parah sejak bulan lalu.');
  assert.match(await item.locator('.meta').first().innerText(), /disunting/);
  assert.equal(await item.getByRole('link', { name: 'http://dewi.contoh.id' }).getAttribute('href'), 'http://dewi.contoh.id');
  const stored = srv.list('all').find((c) => c.id === id);
  assert.equal(stored.content, 'Jalan di depan pasar rusak parah sejak bulan lalu.');

  await item.getByRole('button', { name: 'Riwayat' }).click();
  const trail = item.getByRole('region', { name: 'Riwayat komentar' });
  await trail.getByText('menyunting; sebelumnya:').waitFor();
  assert.match(await trail.innerText(), /sari \(127\.0\.0\.1\)/);
  assert.match(await trail.innerText(), /hubungi 0812-1111/, 'the original kept');
  // The refused save is the server's 422, named in the console.
  assert.deepEqual(errors.filter((e) => !/status of (401|422)/.test(e)), []);
  await context.close();
}

test('search finds text as typed, the article filter narrows, and "Muat lagi" brings the next page', async () => {
  await manyHeld(server, 'halaman', 60);
  await held(server, 'cabai', 'Harga cabai naik 100% minggu ini.', { author: 'Budi', email: 'budi@contoh.id' });
  await held(server, 'cabai', 'Harga cabai naik 1000 rupiah.');
  await held(server, 'bawang', 'Bawang juga naik, bukan cabai saja.');
  const { context, page, errors } = await loggedIn(server);
  const shown = () => page.locator('li.comment .text').allInnerTexts();

  await page.getByLabel('Cari di nama').fill('100%');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.locator('li.comment').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('li.comment').length === 1);
  assert.deepEqual(await shown(), ['Harga cabai naik 100% minggu ini.'], '% is itself, not a wildcard');
  await page.getByLabel('Cari di nama').fill('budi@');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('li.comment .who')?.textContent === 'Budi');
  assert.equal(await page.locator('li.comment').count(), 1, 'found by email');
  await page.getByLabel('Cari di nama').fill("' OR 1=1 --");
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.getByText('Tidak ada komentar yang cocok.').waitFor();

  await page.getByLabel('Cari di nama').fill('CABAI');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('li.comment').length === 3);
  // A comment's own button: only its article.
  await page.locator('li.comment').filter({ hasText: 'Bawang' }).getByRole('button', { name: 'Hanya artikel ini' }).click();
  await page.getByText('Menampilkan komentar artikel bawang.').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('li.comment').length === 1);
  assert.equal(await page.getByLabel('ID artikel').inputValue(), 'bawang');
  assert.match(await tab(page, 'Menunggu').innerText(), /\(1\)/, 'counts of the article');

  await page.getByRole('button', { name: 'Tampilkan semua' }).click();
  await onlyArticle(page, 'halaman');
  assert.equal(await page.locator('li.comment').count(), 50, 'the first page');
  await page.getByRole('button', { name: 'Muat lagi' }).click();
  await page.waitForFunction(() => document.querySelectorAll('li.comment').length === 60);
  assert.equal(await page.getByRole('button', { name: 'Muat lagi' }).count(), 0, 'the last page');
  const texts = await shown();
  assert.equal(new Set(texts).size, 60, 'no comment twice');
  assert.equal(texts[0], 'Komentar nomor 60 tentang halaman.', 'newest first');
  assert.equal(texts[59], 'Komentar nomor 1 tentang halaman.');
  assert.equal((await focused(page)).tag, 'H2', 'the focus on the first comment of the new page');
  assert.match((await focused(page)).comment, /^\d+$/);
  clean(errors);
  await context.close();
});

test('fifty held comments approved with one click, and undone with one', async () => {
  await bulkOfFifty(server, 'massal');
});

test('WordPress\'s keys: j and k move, a approves, s marks spam, u undoes, x selects, d trashes, z restores', async () => {
  await keyboardFlow(server, 'papan');
});

test('an edit is checked as a new comment, loses nothing when refused, and its original stays in the trail', async () => {
  await editWithTrail(server, 'sunting');
});

test('deleting forever asks first, starting on "Batal", and cannot be undone', async () => {
  const id = await held(server, 'hapus', 'Iklan obat kuat, hubungi kami.');
  const { context, page, errors } = await loggedIn(server);
  await onlyArticle(page, 'hapus');
  await page.locator(`li.comment[data-id="${id}"]`).getByRole('button', { name: 'Spam' }).click();
  await said(page, 'ditandai sebagai spam');
  await tab(page, 'Spam').click();
  const item = page.locator(`li.comment[data-id="${id}"]`);
  await item.getByRole('button', { name: 'Hapus Permanen' }).click();
  const ask = item.getByRole('alertdialog');
  await ask.getByText('Hapus 1 komentar secara permanen? Ini tidak dapat diurungkan.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Batal');
  await page.keyboard.press('Enter');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), `delete-${id}`, 'the focus back where it was');
  await page.keyboard.press('Enter');
  await ask.waitFor();
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal(statuses(server, 'hapus')[id], 'spam', 'nothing deleted');

  await item.getByRole('button', { name: 'Hapus Permanen' }).click();
  await item.getByRole('alertdialog').getByRole('button', { name: 'Hapus Permanen' }).click();
  await said(page, 'Komentar dihapus permanen.');
  assert.deepEqual(statuses(server, 'hapus'), {}, 'gone from the store');
  assert.equal(await page.getByRole('button', { name: 'Urungkan' }).count(), 0, 'no undo offered');
  clean(errors);
  await context.close();
});

test('a login in another tab does not stop this one: the app takes the new session\'s token', async () => {
  const id = await held(server, 'tab', 'Dua tab terbuka.');
  const { context, page, errors } = await loggedIn(server);
  await onlyArticle(page, 'tab');
  const other = await context.newPage();
  await other.goto(`${server.url}admin/`);
  const status = await other.evaluate(async (password) => (await fetch('/admin/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'sari', password }),
  })).status, PASSWORD);
  assert.equal(status, 200);
  await page.locator(`li.comment[data-id="${id}"]`).getByRole('button', { name: 'Setujui' }).click();
  await said(page, 'Komentar disetujui.');
  assert.equal(statuses(server, 'tab')[id], 'approved');

  // Another moderator logs in in this browser: nothing is done in their name unasked.
  const later = await held(server, 'tab', 'Tab ketiga.');
  await page.getByRole('button', { name: 'Tampilkan semua' }).click();
  await onlyArticle(page, 'tab');
  const added = spawnSync(serverBin, [...server.store, 'moderator', 'add', 'budi'],
    { input: 'teh-manis-sore-hari\n', encoding: 'utf8' });
  assert.equal(added.status, 0, added.stderr);
  assert.equal(await other.evaluate(async () => (await fetch('/admin/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'budi', password: 'teh-manis-sore-hari' }),
  })).status), 200);
  await page.locator(`li.comment[data-id="${later}"]`).getByRole('button', { name: 'Spam' }).click();
  await said(page, 'Browser ini kini masuk sebagai budi (di tab lain). Tindakan tidak dilakukan');
  assert.equal(statuses(server, 'tab')[later], 'pending', 'not marked as spam by budi');
  await page.getByText(/Masuk sebagai\s+budi/).waitFor();
  // The first try was refused (403, a stale token), the second went through.
  assert.deepEqual(errors.filter((e) => !/status of (401|403)/.test(e)), []);
  await context.close();
});

test('English and Malay from the same tables; the choice is kept in this browser', async () => {
  await held(server, 'bahasa', 'Komentar untuk diuji dalam tiga bahasa.');
  const { context, page, errors } = await loggedIn(server);
  await onlyArticle(page, 'bahasa');
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await page.getByRole('heading', { name: 'Comment moderation' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'language', 'the focus stays on the picker');
  await tab(page, 'Pending').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Comment moderation' }).waitFor();
  await page.getByRole('button', { name: 'Approve' }).first().waitFor();
  await page.getByLabel('Language').selectOption('ms');
  await page.getByRole('heading', { name: 'Penyederhanaan komen' }).waitFor();
  await page.getByRole('button', { name: 'Luluskan' }).first().waitFor();
  await page.getByLabel('Bahasa', { exact: true }).selectOption('id');
  await page.getByRole('heading', { name: 'Moderasi komentar' }).waitFor();
  clean(errors);
  await context.close();
});

test('every payload of the public corpus, stored in every field a reader fills, is text in the app: nothing runs, no element, no script link', async () => {
  const payloads = readFileSync(new URL('xss-payloads.txt', import.meta.url), 'utf8').split('\n').filter((l) => l.trim());
  const post = (p, author) => fetch(`${server.url}api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ post: 'xss', author, email: 'penyerang@contoh.id', url: '', content: p, parent: null, hp: '', page_url: p, page_title: p }),
  });
  // The texts as stored (the server takes control and bidi-override characters out).
  const stored = [];
  for (const p of payloads) {
    let r = await post(p, p);
    // A name the server refuses (a character no name may hold): the text alone.
    if (r.status === 422) r = await post(p, 'Penyerang');
    // The same text twice (the corpus has some twice once spaces are trimmed): once.
    if (r.status === 409) continue;
    const body = await r.text();
    assert.equal(r.status, 202, body);
    stored.push(JSON.parse(body).content);
  }
  // The page's policy would stop a script anyway; without it, the rendering alone must.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const ran = [];
  await page.exposeFunction('__pwn', (what) => ran.push(what));
  await page.addInitScript(() => { window.alert = (x) => window.__pwn(`alert ${x}`); });
  page.on('dialog', (d) => { ran.push(`dialog ${d.message()}`); d.dismiss(); });
  await page.goto(`${server.url}admin/`);
  await page.getByLabel('Nama').fill('sari');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await onlyArticle(page, 'xss');
  while (await page.getByRole('button', { name: 'Muat lagi' }).count()) {
    const shown = await page.locator('li.comment').count();
    await page.getByRole('button', { name: 'Muat lagi' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('li.comment').length > n, shown);
  }
  assert.equal(await page.locator('li.comment').count(), stored.length);
  // Each comment's editor and trail open too: their fields and lines hold the same text.
  for (const item of (await page.locator('li.comment').all()).slice(0, 5)) {
    await item.getByRole('button', { name: 'Sunting' }).click();
    await item.getByRole('button', { name: 'Riwayat' }).click();
  }
  await page.waitForTimeout(500);
  const texts = await page.locator('li.comment .text').allInnerTexts();
  assert.deepEqual([...texts].sort(), [...stored].sort(), 'each text as stored');
  const found = await page.evaluate(() => ({
    elements: document.querySelectorAll('ol.comments :is(img, image, svg, math, iframe, object, embed, script, style, link, meta, form:not(.edit), video, audio, body, marquee, details:not(.shortcuts), base, frame, frameset, template, table, picture, source, input:not(.pick):not([id^="edit-"]))').length,
    handlers: [...document.querySelectorAll('ol.comments *')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    links: [...document.querySelectorAll('ol.comments a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^https?:\/\//i.test(h)),
  }));
  assert.deepEqual(found, { elements: 0, handlers: 0, links: [] });
  assert.deepEqual(ran, [], 'nothing ran');
  await context.close();
});

test('axe finds nothing on any screen, light and dark, on a 360 px phone and a desktop; nothing scrolls sideways', async () => {
  const parent = await held(server, 'axe', 'Komentar pertama yang dibalas.');
  server.approve(parent);
  const id = await held(server, 'axe', 'Balasan panjang: '.concat('katakatapanjangtanpaspasi'.repeat(8)),
    { parent, url: 'https://situs-dewi.contoh.id/tentang-saya', page_url: 'https://kabar.contoh.id/2026/12/berita-panjang', page_title: 'Berita' });
  const axe = async (page, what) => {
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    const found = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(found, [], `${what}: axe violations`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${what}: ${wide} px wider than the screen`);
  };
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
      const what = `${colorScheme} ${viewport.width} px`;
      // axe is injected as an inline script, which the app's policy refuses.
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}admin/`);
      await page.getByLabel('Nama').waitFor();
      await axe(page, `${what}, login`);
      await page.getByLabel('Nama').fill('sari');
      await page.getByLabel('Kata sandi').fill('salah');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByText('Nama atau kata sandi salah.').waitFor();
      await axe(page, `${what}, login refused`);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await onlyArticle(page, 'axe');
      await page.getByLabel('Pilih semua').check();
      await axe(page, `${what}, queue`);
      const item = page.locator(`li.comment[data-id="${id}"]`);
      await item.getByRole('button', { name: 'Sunting' }).click();
      await item.getByRole('button', { name: 'Riwayat' }).click();
      await item.getByText('Belum ada tindakan pada komentar ini.').waitFor();
      await page.getByText('Pintasan papan ketik').click();
      await axe(page, `${what}, editor, trail, shortcuts`);
      await tab(page, 'Disetujui').click();
      await page.locator(`li.comment[data-id="${parent}"]`).getByRole('button', { name: 'Buang' }).click();
      await said(page, 'Tempat Sampah');
      await axe(page, `${what}, after an action (undo offered)`);
      await tab(page, 'Tempat Sampah').click();
      await page.locator(`li.comment[data-id="${parent}"]`).getByRole('button', { name: 'Hapus Permanen' }).click();
      await page.getByRole('alertdialog').waitFor();
      await axe(page, `${what}, deleting forever asked`);
      await page.getByRole('button', { name: 'Batal' }).click();
      await page.locator(`li.comment[data-id="${parent}"]`).getByRole('button', { name: 'Pulihkan' }).click();
      await said(page, 'Komentar dipulihkan.');
      await context.close();
    }
  }
});

test('on PostgreSQL: fifty approved at once, the keyboard flow, an edit with its trail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balasan-pg-'));
  const cluster = join(root, 'scripts/pg-cluster.sh');
  const started = spawnSync(cluster, ['start', dir], { encoding: 'utf8' });
  assert.equal(started.status, 0, started.stderr);
  let pg;
  try {
    pg = await startServer(['--rate-burst', '1000'], { postgres: started.stdout.trim() });
    addModerator(pg);
    await bulkOfFifty(pg, 'massal');
    await keyboardFlow(pg, 'papan');
    await editWithTrail(pg, 'sunting');
  } finally {
    await pg?.stop();
    spawnSync(cluster, ['stop', dir]);
  }
});

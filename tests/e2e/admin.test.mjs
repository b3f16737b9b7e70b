// The moderation app (admin/, built into dist/admin/) as a moderator meets it: served by the
// reference server at /admin/, in headless Chromium, against a real SQLite file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launch, root, servePages, startServer, watchErrors, widgetPage } from './harness.mjs';

const serverBin = join(root, 'target/debug/balasan-server');
const PASSWORD = 'kopi-tubruk-pagi';
// A reader's text that is markup, and a page address that is script: shown as text, never
// run, never a link.
const HOSTILE = '<img src=x onerror="window.pwned=1">Banjir <b>lagi</b>';

const pages = {};
let site;
let server;
let browser;

before(async () => {
  site = await servePages(pages);
  // No --static: the server carries the moderation app itself.
  server = await startServer(['--allow-origin', site.origin, '--rate-burst', '100'], { files: false });
  const added = spawnSync(serverBin, ['--db', server.db, 'moderator', 'add', 'sari'],
    { input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(added.status, 0, added.stderr);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
});

/** A comment reader Dewi sent, held for moderation; its id. */
const held = (post, content, extra = {}) => server.seed(post, content, { author: 'Dewi', status: 202, ...extra });

/** The tab of a status (its name, then its count). */
const tab = (page, status) => page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${status}`) });

/** The moderation app in a fresh browser profile, logged in as sari. */
async function loggedIn() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}admin/`);
  await page.getByLabel('Nama').fill('sari');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('heading', { name: 'Moderasi komentar' }).waitFor();
  await page.getByText('Masuk sebagai').waitFor();
  return { context, page, errors };
}

test('a wrong password is said at the form; the pages may not be framed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const answer = await page.goto(`${server.url}admin/`);
  assert.equal(answer.headers()['x-frame-options'], 'DENY');
  // The page runs its own inline loader (by its hash) and its own files, nothing else.
  const policy = answer.headers()['content-security-policy'];
  assert.match(policy, /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'; /, policy);
  assert.match(policy, /connect-src 'self'; .*frame-ancestors 'none'$/, policy);
  assert.doesNotMatch(policy, /unsafe-inline/);
  // Its files from the binary: the page asked for again each time, the rest (named by
  // their hash) kept, compressed when the browser takes it; /admin goes to /admin/.
  assert.equal(answer.headers()['cache-control'], 'no-cache');
  const script = await page.evaluate(() => [...document.querySelectorAll('link[rel=modulepreload]')].map((l) => l.href)[0]);
  const js = await fetch(script, { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript');
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(js.headers.get('access-control-allow-origin'), null, 'not for other pages');
  const bare = await fetch(`${server.url}admin`, { redirect: 'manual' });
  assert.equal(bare.status, 308);
  assert.equal(bare.headers.get('location'), '/admin/');
  assert.equal((await fetch(`${server.url}admin/../index.html`)).status, 404);
  const api = await fetch(`${server.url}admin/api/session`);
  assert.equal(api.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  await page.getByLabel('Nama').fill('sari');
  await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('alert').filter({ hasText: 'Nama atau kata sandi salah.' }).waitFor();
  assert.equal(await page.getByLabel('Kata sandi').inputValue(), '', 'the password is cleared');
  assert.equal(await page.getByLabel('Nama').inputValue(), 'sari', 'the name stays');
  const cookies = await context.cookies();
  assert.deepEqual(cookies, [], 'no session');
  // The browser console names the refused login (401), and nothing else.
  assert.ok(errors.every((e) => /401/.test(e)), errors.join('\n'));
  await context.close();
});

test('a moderator logs in, approves a held comment, and the article\'s widget shows it; its markup stays text', async () => {
  const id = await held('banjir', HOSTILE, { page_url: 'javascript:window.pwned=2', page_title: 'Banjir Kampung Melayu' });
  const other = await held('banjir', 'Semoga cepat surut.', { page_url: 'https://kabar.contoh.id/banjir', page_title: 'Banjir' });
  const { context, page, errors } = await loggedIn();
  // Newest first; approving it moves the focus to the comment that takes its place.
  const top = page.getByRole('listitem').filter({ hasText: 'Semoga cepat surut.' });
  assert.match(await top.getByRole('link').innerText(), /^Banjir$/);
  assert.match(await top.innerText(), /\(kabar\.contoh\.id\)/, 'where the page link goes');
  await top.getByRole('button', { name: 'Setujui' }).click();
  await page.getByRole('status').filter({ hasText: 'Komentar disetujui.' }).waitFor();
  await top.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Dewi');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2');

  const cookie = (await context.cookies()).find((c) => c.name === 'balasan_session');
  assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));

  const item = page.getByRole('listitem').filter({ hasText: 'Banjir' });
  await item.waitFor();
  assert.equal(await item.locator('.text').innerText(), HOSTILE, 'the text as typed');
  assert.equal(await item.locator('img, b').count(), 0, 'no markup from the comment');
  assert.equal(await item.getByRole('link', { name: 'Banjir Kampung Melayu' }).count(), 0,
    'a javascript: page address is no link');
  assert.match(await item.innerText(), /dewi@contoh\.id/);
  assert.match(await item.innerText(), /127\.0\.0\.1/);
  assert.match(await tab(page, 'Menunggu').innerText(), /\(1\)/);

  await item.getByRole('button', { name: 'Setujui' }).click();
  await page.getByText('Tidak ada komentar di sini.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'title', 'the last one gone: the title');
  assert.match(await tab(page, 'Disetujui').innerText(), /\(2\)/);
  assert.deepEqual(server.list('approved').map((c) => c.id).sort(), [id, other].sort());
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // The app's first question, whether this browser has a session, is answered 401 before
  // the login; nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);

  // The reader's article: the widget's list shows the approved comment, as text.
  pages['/banjir.html'] = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'banjir' });
  const reader = await browser.newPage();
  await reader.goto(`${site.origin}/banjir.html`);
  await reader.waitForSelector('ol.comment-list > li');
  const shown = await reader.$$eval('ol.comment-list .comment-content', (cs) => cs.map((c) => c.textContent.trim()));
  assert.deepEqual(shown, [HOSTILE.trim(), 'Semoga cepat surut.']);
  await reader.close();
  await context.close();
});

test('spam and trash take a comment off the article, restore brings it back; logging out ends the session', async () => {
  const id = await held('pemilu', 'Pemilu kali ini lebih tertib.');
  const { context, page, errors } = await loggedIn();
  const item = () => page.getByRole('listitem').filter({ hasText: 'Pemilu kali ini' });
  const publicIds = async () =>
    (await (await fetch(`${server.url}api/comments?post=pemilu`)).json()).comments.map((c) => c.id);

  await item().getByRole('button', { name: 'Setujui' }).click();
  await page.getByRole('status').filter({ hasText: 'Komentar disetujui.' }).waitFor();
  assert.deepEqual(await publicIds(), [id]);

  await tab(page, 'Disetujui').click();
  await item().getByRole('button', { name: 'Spam' }).click();
  await page.getByRole('status').filter({ hasText: 'ditandai sebagai spam' }).waitFor();
  assert.deepEqual(await publicIds(), []);

  await tab(page, 'Spam').click();
  await item().getByRole('button', { name: 'Pulihkan' }).click();
  await page.getByRole('status').filter({ hasText: 'Komentar dipulihkan.' }).waitFor();
  assert.deepEqual(await publicIds(), [id], 'back where it was: published');

  await tab(page, 'Disetujui').click();
  await item().getByRole('button', { name: 'Buang' }).click();
  await page.getByRole('status').filter({ hasText: 'Tempat Sampah' }).waitFor();
  assert.deepEqual(await publicIds(), []);

  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('button', { name: 'Masuk' }).waitFor();
  const asked = await page.evaluate(async () => (await fetch('/admin/api/comments')).status);
  assert.equal(asked, 401, 'the session ended on the server');
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), []);
  await context.close();
});

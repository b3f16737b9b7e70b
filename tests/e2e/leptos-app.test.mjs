// A Leptos app that uses the widget as a component (examples/leptos-app: `balasan::Comments`
// under each article of a single-page app), built with Trunk and run in the browser against
// the reference server: the section mounts with no loader and no pre-rendered form, sends and
// shows the comment, and switching articles unmounts one section and mounts the next.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { answerCaptcha, fillComment, launch, root, send, serveDir, startServer, watchErrors } from './harness.mjs';

const SENT = 'Terima kasih, komentar Anda telah terkirim.';
const app = join(root, 'target/leptos-app');

let browser;
let site;
let server;

before(async () => {
  // The example's debug build (the release flags are the widget's concern, not this test's).
  const built = spawnSync('trunk', ['build'], { cwd: join(root, 'examples/leptos-app'), encoding: 'utf8' });
  assert.equal(built.status, 0, `trunk build failed:\n${built.stdout}\n${built.stderr}`);
  browser = await launch();
  site = await serveDir(app);
  server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
});

const stored = () => server.list('all').map((c) => [c.post, c.content]);

test('a Leptos app shows the comment section as a component, sends from it, and swaps it per article', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/index.html?endpoint=${encodeURIComponent(`${server.url}api/comments`)}`);
  await page.waitForSelector('.balasan-host #respond #commentform');
  assert.equal((await page.innerText('#reply-title')).trim(), 'Tinggalkan Balasan');
  await page.waitForFunction(() => /\d/.test(document.querySelector('.balasan-question').textContent));
  await fillComment(page, 'Jalan yang mulus membuat pasar hidup lagi.');
  await answerCaptcha(page);
  assert.deepEqual(await send(page), { status: SENT, alert: '' });
  await page.waitForSelector('#comments .comment-content >> text=Jalan yang mulus membuat pasar hidup lagi.');

  // The next article: the first section goes with its article, the next one comes.
  await page.click('nav button >> nth=1');
  await page.waitForFunction(() => document.querySelector('h1').textContent.startsWith('Perpustakaan'));
  await page.waitForSelector('.balasan-host #respond #commentform');
  await page.waitForFunction(() => /\d/.test(document.querySelector('.balasan-question').textContent));
  assert.equal(await page.locator('#respond').count(), 1, 'one form on the page');
  assert.equal(await page.locator('#comments').count(), 1, 'one list on the page');
  assert.equal(await page.locator('#comments .comment').count(), 0, 'the list of the other article');
  await fillComment(page, 'Anak-anak di desa kami menunggu setiap Sabtu.');
  await answerCaptcha(page);
  assert.deepEqual(await send(page), { status: SENT, alert: '' });
  assert.deepEqual(stored().sort(), [
    ['pasar-pagi', 'Jalan yang mulus membuat pasar hidup lagi.'],
    ['perpustakaan-keliling', 'Anak-anak di desa kami menunggu setiap Sabtu.'],
  ]);

  // Back and forth: each switch leaves one section, and an article's draft waits for it.
  await page.fill('#comment', 'Draf untuk perpustakaan.');
  for (let i = 0; i < 10; i++) await page.click(`nav button >> nth=${i % 2}`);
  await page.waitForSelector('.balasan-host #respond #commentform');
  await page.waitForFunction(() => document.getElementById('comment').value === 'Draf untuk perpustakaan.');
  assert.equal(await page.locator('#respond').count(), 1);
  assert.equal(await page.locator('.balasan-host').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

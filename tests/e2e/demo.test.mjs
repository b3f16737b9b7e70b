// The demo as a reader meets it: the built dist/ served by the reference server (what
// scripts/demo.sh runs), in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { answerCaptcha, artifacts, fillComment, launch, send, startServer, watchErrors } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--moderation', 'approved']);
  browser = await launch();
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the demo article shows the form under it, without errors', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan');
  const below = await page.evaluate(() =>
    Boolean(document.querySelector('article').compareDocumentPosition(
      document.querySelector('#respond')) & Node.DOCUMENT_POSITION_FOLLOWING));
  assert.ok(below, 'the form is under the article');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a comment goes all the way into the database', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-balasan-live] #commentform');
  await fillComment(page, 'Salut untuk warga Sukamaju! 👏');
  await page.fill('#url', 'contoh.id');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.equal(told.alert, '');
  const rows = server.list('approved');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].content, 'Salut untuk warga Sukamaju! 👏');
  assert.equal(rows[0].author, 'Sari Wulandari');
  assert.equal(rows[0].url, 'http://contoh.id');
  assert.equal(rows[0].post, 'warga-sukamaju-bersihkan-sungai');
  // The article's title (its h1), not the tab's, which ends with the site's name.
  assert.equal(rows[0].page_title, (await page.textContent('h1.post-title')).trim());
  assert.notEqual(rows[0].page_title, await page.title());
  // Accepted: the box is empty, the draft is gone, a new question is shown.
  assert.equal(await page.inputValue('#comment'), '');
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('balasan:draft')));
  assert.deepEqual(drafts, []);
  assert.equal(await page.inputValue('#balasan-captcha'), '');
  // The public list shows it, without the email.
  const listed = await page.evaluate(async () =>
    (await fetch('/api/comments?post=warga-sukamaju-bersihkan-sungai')).json());
  assert.equal(listed.comments[0].content, 'Salut untuk warga Sukamaju! 👏');
  assert.equal(listed.comments[0].email, undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with the server\'s own defaults, a reader taking human time is stored and an instant send is not', async () => {
  // The server as shipped refuses comments sent sooner than 1.5 s after the form appeared
  // (the widget reports the time as elapsed_ms). Every other test turns that check off.
  const shipped = await startServer(['--moderation', 'approved'], { shipped: true });
  const context = await browser.newContext();
  try {
    const SAVE_FAILED = 'Komentar tak dapat disimpan. Silakan coba lagi nanti.';
    const SENT = 'Terima kasih, komentar Anda telah terkirim.';
    const sentBodies = (page) => {
      const bodies = [];
      page.on('request', (r) => r.method() === 'POST' && bodies.push(JSON.parse(r.postData())));
      return bodies;
    };

    // A bot's pace: everything filled and sent within moments of the form appearing.
    const bot = await context.newPage();
    const botBodies = sentBodies(bot);
    await bot.goto(shipped.url);
    await bot.waitForSelector('[data-balasan-live] #commentform');
    const botShown = Date.now();
    await fillComment(bot, 'Komentar kilat dari mesin.');
    await answerCaptcha(bot);
    const botTold = await send(bot);
    assert.ok(Date.now() - botShown < 1500, 'the bot was fast enough to be caught');
    assert.equal(botTold.alert, SAVE_FAILED, 'refused, in the reader\'s language');
    assert.ok(botBodies[0].elapsed_ms < 1500, `elapsed_ms ${botBodies[0].elapsed_ms}`);
    assert.equal(shipped.list('all').length, 0, 'nothing stored');

    // A reader's pace: types the comment key by key, then sends.
    const reader = await context.newPage();
    const readerBodies = sentBodies(reader);
    const opened = Date.now();
    await reader.goto(shipped.url);
    await reader.waitForSelector('[data-balasan-live] #commentform');
    const shown = Date.now();
    await reader.type('#comment', 'Semoga sungainya tetap bersih sampai musim hujan.', { delay: 35 });
    await reader.fill('#author', 'Sari Wulandari');
    await reader.fill('#email', 'sari@contoh.id');
    await answerCaptcha(reader);
    const clicked = Date.now();
    assert.ok(clicked - shown >= 1500, 'the reader took human time');
    const told = await send(reader);
    assert.equal(told.alert, '');
    assert.equal(told.status, SENT);
    const elapsed = readerBodies[0].elapsed_ms;
    assert.ok(elapsed >= clicked - shown - 100 && elapsed <= Date.now() - opened + 100,
      `elapsed_ms ${elapsed} is the time since the form appeared (${clicked - shown} ms here)`);
    assert.equal(shipped.list('all').length, 1);

    // The reader caught as a bot sends again a moment later and gets through.
    await bot.waitForTimeout(Math.max(0, 1600 - (Date.now() - botShown)));
    await answerCaptcha(bot);
    assert.equal((await send(bot)).status, SENT);
    assert.equal(shipped.list('all').length, 2);
  } finally {
    await context.close();
    await shipped.stop();
  }
});

test('a draft survives a real page reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#comment');
  await page.fill('#comment', 'Saya ikut gotong royong minggu depan.\nSiapa lagi?');
  await page.reload();
  await page.waitForSelector('#comment');
  assert.equal(await page.inputValue('#comment'), 'Saya ikut gotong royong minggu depan.\nSiapa lagi?');
  await context.close();
});

for (const width of [375, 1024]) {
  test(`at ${width} px the form fits and is visible`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('[data-balasan-live] #commentform');
    await page.locator('#respond').scrollIntoViewIfNeeded();
    const box = await page.locator('#respond').boundingBox();
    assert.ok(box.width > 0.6 * Math.min(width, 672), `form too narrow: ${box.width}`);
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('#respond *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter((el) => !el.closest('.balasan-hp'))
        .map((el) => el.id || el.className || el.tagName);
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide };
    });
    assert.ok(overflow.scroll <= overflow.client, `page scrolls sideways: ${JSON.stringify(overflow)}`);
    assert.deepEqual(overflow.wide, []);
    for (const id of ['#comment', '#author', '#email', '#url', '#balasan-captcha', '#submit']) {
      assert.ok(await page.isVisible(id), `${id} is visible`);
    }
    const hp = await page.locator('#balasan-hp').boundingBox();
    assert.ok(hp.x + hp.width <= 0, `the honeypot is off-screen: ${JSON.stringify(hp)}`);
    await page.locator('#respond').screenshot({ path: join(artifacts, `form-${width}.png`) });
    await page.screenshot({ path: join(artifacts, `page-${width}.png`), fullPage: true });
    await page.click('#submit');
    await page.waitForSelector('#comment-error');
    await page.locator('#respond').screenshot({ path: join(artifacts, `form-${width}-errors.png`) });
    await page.close();
  });
}

// The demo page as a reader meets it: the built dist/ over HTTP in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, launch, serveDist, watchErrors } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the demo article shows the form under it, without errors', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#commentform');
  assert.equal(await page.textContent('#reply-title'), 'Tinggalkan Balasan');
  // The form comes after the article in the document.
  const after = await page.evaluate(() =>
    Boolean(document.querySelector('article').compareDocumentPosition(
      document.querySelector('#respond')) & Node.DOCUMENT_POSITION_FOLLOWING));
  assert.ok(after, 'the form is under the article');
  assert.deepEqual(errors, []);
  await page.close();
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
    await page.waitForSelector('#commentform');
    await page.locator('#respond').scrollIntoViewIfNeeded();
    const box = await page.locator('#respond').boundingBox();
    assert.ok(box.width > 0.6 * Math.min(width, 672), `form too narrow: ${box.width}`);
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('#respond *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((el) => el.id || el.className || el.tagName);
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide };
    });
    assert.ok(overflow.scroll <= overflow.client, `page scrolls sideways: ${JSON.stringify(overflow)}`);
    assert.deepEqual(overflow.wide, []);
    for (const id of ['#comment', '#author', '#email', '#url', '#balasan-captcha', '#submit']) {
      assert.ok(await page.isVisible(id), `${id} is visible`);
    }
    await page.locator('#respond').screenshot({ path: join(artifacts, `form-${width}.png`) });
    await page.click('#submit');
    await page.waitForSelector('#comment-error');
    await page.locator('#respond').screenshot({ path: join(artifacts, `form-${width}-errors.png`) });
    await page.close();
  });
}

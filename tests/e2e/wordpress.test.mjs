// The WordPress presets against a real WordPress 6.1 (Debian's package, MariaDB, php -S),
// with the widget on a page of another origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCaptcha, fillComment, launch, send, servePages, startServer, watchErrors, widgetPage,
} from './harness.mjs';
import { startWordPress } from './wordpress.mjs';

let browser;
let site;
let cdn;
let wp;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  // The widget's files from another origin, as from a CDN (with CORS for the wasm).
  cdn = await startServer();
  wp = await startWordPress({ embed: `${cdn.url}embed.js` });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await cdn?.stop();
  await wp?.stop();
});

async function open(path, attrs) {
  pages[path] = widgetPage({ 'data-post-id': String(wp.postId), ...attrs });
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(site.origin + path);
  await page.waitForSelector('[data-balasan-live] #commentform');
  return { page, errors };
}

async function post(page, text) {
  await fillComment(page, text);
  await answerCaptcha(page);
  return send(page);
}

const texts = async () => (await wp.comments()).map((c) => c.content.rendered.trim());

test('wordpress-form: stored on the redirect, duplicates refused', async () => {
  const { page, errors } = await open('/wp-form.html', {
    'data-endpoint': `${wp.url}/wp-comments-post.php`,
    'data-preset': 'wordpress-form',
  });
  let told = await post(page, 'Lewat formulir WordPress.');
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.ok((await texts()).includes('<p>Lewat formulir WordPress.</p>'), 'WordPress has the comment');
  assert.equal(await page.inputValue('#comment'), '');

  told = await post(page, 'Lewat formulir WordPress.');
  assert.equal(told.alert, 'Komentar duplikat terdeteksi. Sepertinya Anda pernah mengatakan hal itu!');
  assert.equal(await page.inputValue('#comment'), 'Lewat formulir WordPress.', 'the text is kept');
  assert.deepEqual(errors.filter((e) => !e.includes('409')), []);
  await page.close();
});

test('wordpress-form: an error page sent with status 200 is an error, not a success', async () => {
  // The widget lets the name be empty; this WordPress requires it and dies with a 200 page.
  const { page } = await open('/wp-form-nama.html', {
    'data-endpoint': `${wp.url}/wp-comments-post.php`,
    'data-preset': 'wordpress-form',
    'data-required': 'none',
  });
  await page.fill('#comment', 'Tanpa nama dan email.');
  await answerCaptcha(page);
  const before = (await texts()).length;
  const told = await send(page);
  assert.equal(told.status, '', 'no success message');
  assert.match(told.alert, /^Komentar belum terkirim\. Mohon periksa ruas yang ditandai \(\d\)\.$/);
  assert.equal(await page.textContent('#author-error'), 'Mohon isi ruas yang diwajibkan.');
  assert.equal(await page.inputValue('#comment'), 'Tanpa nama dan email.');
  assert.equal((await texts()).length, before, 'nothing stored');
  await page.close();
});

test('wordpress-rest: stored with 201, duplicates refused', async () => {
  const { page, errors } = await open('/wp-rest.html', {
    'data-endpoint': `${wp.url}/?rest_route=/wp/v2/comments`,
    'data-preset': 'wordpress-rest',
  });
  let told = await post(page, 'Lewat REST API WordPress.');
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.ok((await texts()).includes('<p>Lewat REST API WordPress.</p>'));

  told = await post(page, 'Lewat REST API WordPress.');
  assert.equal(told.alert, 'Komentar duplikat terdeteksi. Sepertinya Anda pernah mengatakan hal itu!');
  assert.deepEqual(errors.filter((e) => !e.includes('409')), []);
  await page.close();
});

test('a WordPress theme\'s own comment form is taken over: its address and fields kept, the sum added', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  const theirs = await (await fetch(`${wp.url}/?p=${wp.postId}`)).text();
  assert.match(theirs, /<form action="[^"]*wp-comments-post\.php"[^>]*id="commentform"/, 'the theme prints comment_form()');
  await page.goto(`${wp.url}/?p=${wp.postId}&balasan=1`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(await page.locator('#commentform').count(), 1, 'one form, not two');
  assert.equal(await page.locator('#respond').count(), 1);
  assert.equal(await page.getAttribute('#commentform', 'action'), `${wp.url}/wp-comments-post.php`);
  const hidden = await page.evaluate(() => [...document.querySelector('#commentform').elements]
    .filter((e) => e.type === 'hidden').map((e) => [e.name, e.value]));
  assert.deepEqual(hidden.find(([n]) => n === 'comment_post_ID'), ['comment_post_ID', String(wp.postId)]);
  assert.ok(await page.isVisible('.balasan-question'), 'the sum is added');
  assert.match(await page.getAttribute('#respond', 'class'), /comment-respond/);

  await fillComment(page, 'Lewat formulir tema yang diambil alih.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.ok((await texts()).includes('<p>Lewat formulir tema yang diambil alih.</p>'), 'WordPress has the comment');
  assert.equal(new URL(page.url()).searchParams.get('p'), String(wp.postId), 'sent without leaving the page');
  // (The theme also asks for avatars on the internet, which this network does not reach.)
  assert.deepEqual(errors.filter((e) => !e.includes('ERR_NAME_NOT_RESOLVED')), []);
  await page.close();
});

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

test('wordpress-rest: WordPress\'s comments listed and threaded; "Balas" sends the reply with its parent', async () => {
  const thread = wp.threadId;
  const first = await wp.comment(thread, 'Jembatannya <em>kokoh</em> sekali.<script>alert(1)</script>');
  await wp.comment(thread, 'Setuju, saya sudah lewat.', { author: 'Budi', parent: first });
  pages['/wp-utas.html'] = widgetPage({
    'data-endpoint': `${wp.url}/?rest_route=/wp/v2/comments`,
    'data-preset': 'wordpress-rest',
    'data-post-id': String(thread),
  }, 'Jembatan Gantung');
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/wp-utas.html`);
  await page.waitForSelector(`#comment-${first} > ol.children > li`);
  assert.equal(await page.textContent('.comments-title'), '2 tanggapan untuk “Jembatan Gantung”');
  assert.equal((await page.textContent(`#comment-${first} > article .comment-content`)).trim(), 'Jembatannya kokoh sekali.alert(1)');
  assert.equal(await page.textContent(`#comment-${first} > article .comment-content em`), 'kokoh', 'markup kept through the allow-list');
  assert.equal(await page.locator('.comment-list script').count(), 0);

  await page.focus(`#comment-${first} > article .comment-reply-link`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`).nextElementSibling?.id === 'respond', first);
  assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan ke Sari Batalkan balasan');
  const told = await post(page, 'Kapan diresmikan?');
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  const reply = (await wp.comments(thread)).find((c) => c.content.rendered.includes('Kapan diresmikan?'));
  assert.equal(reply.parent, first, 'WordPress has it under its parent');
  await page.waitForFunction((id) => document.querySelector(`#comment-${id} > ol.children`).textContent.includes('Kapan diresmikan?'), first);
  assert.equal(await page.locator('.comment-list li').count(), 3, 'shown once, in its place');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a WordPress theme\'s own comment list: its "Reply" links move the Balasan form, and the reply keeps its parent', async () => {
  const thread = wp.threadId;
  const theirs = await wp.comment(thread, 'Komentar yang dicetak tema.', { author: 'Dedi' });
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${wp.url}/?p=${thread}&balasan=1`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(await page.locator('.balasan-comments').count(), 0, 'the theme\'s list is kept, no second list');
  const link = page.locator(`#comment-${theirs} .comment-reply-link`).first();
  const replyTo = await link.getAttribute('data-replyto');
  assert.ok(replyTo, 'the theme prints WordPress\'s reply link');
  await link.click();
  await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`).nextElementSibling?.id === 'respond', theirs);
  assert.equal((await page.innerText('#reply-title')).split('\n')[0].trim().startsWith(replyTo), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'comment');
  await fillComment(page, 'Balasan lewat daftar tema.');
  await answerCaptcha(page);
  assert.equal((await send(page)).status, 'Terima kasih, komentar Anda telah terkirim.');
  const reply = (await wp.comments(thread)).find((c) => c.content.rendered.includes('Balasan lewat daftar tema.'));
  assert.equal(reply.parent, theirs, 'WordPress has it under the comment the reader chose');
  assert.deepEqual(errors.filter((e) => !e.includes('ERR_NAME_NOT_RESOLVED')), []);
  await page.close();
});

test('wordpress-form written offline (no idempotency key): two tabs come back online, WordPress gets it once', async () => {
  const context = await browser.newContext();
  const path = '/wp-offline.html';
  pages[path] = widgetPage({
    'data-post-id': String(wp.postId),
    'data-endpoint': `${wp.url}/wp-comments-post.php`,
    'data-preset': 'wordpress-form',
  });
  const tab = async () => {
    const page = await context.newPage();
    const posts = [];
    page.on('response', (r) => r.request().method() === 'POST' && posts.push(r.status()));
    await page.goto(site.origin + path);
    await page.waitForSelector('[data-balasan-live] #commentform');
    return { page, posts };
  };
  const a = await tab();
  const b = await tab();
  const text = 'Ditulis offline untuk WordPress.';
  await fillComment(a.page, text);
  await answerCaptcha(a.page);
  await context.setOffline(true);
  await a.page.click('#submit');
  await a.page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent.startsWith('Koneksi terputus.'));
  await context.setOffline(false);
  for (const { page } of [a, b]) {
    await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent
      === 'Terima kasih, komentar Anda telah terkirim.', null, { timeout: 20_000 });
  }
  assert.equal(a.posts.length + b.posts.length, 1, 'one tab sent it, once');
  assert.equal((await texts()).filter((t) => t === `<p>${text}</p>`).length, 1, 'WordPress has it once');
  await context.close();
});

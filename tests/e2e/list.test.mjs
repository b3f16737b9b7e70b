// The conversation above the form: approved comments threaded, paged, replies with "Balas",
// the reader's own comment in its place, a list that fails without harming the form; against
// the real reference server and the real Isso (WordPress: wordpress.test.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  answerCaptcha, artifacts, fillComment, launch, root, send, servePages, startIsso, startServer, watchErrors, widgetPage,
} from './harness.mjs';

let browser;
let site;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
  await mkdir(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path, attrs, title = 'Sungai Bersih') {
  pages[path] = widgetPage(attrs, title);
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(site.origin + path);
  await page.waitForSelector('[data-balasan-live] #commentform');
  return { page, errors };
}

/** The list as a reader sees it: each comment's text with its replies, nested. */
const tree = (page) => page.evaluate(() => {
  const walk = (ol) => [...ol.children].map((li) => {
    const text = li.querySelector(':scope > article .comment-content').textContent.trim();
    const kids = li.querySelector(':scope > ol.children');
    return kids ? [text, walk(kids)] : text;
  });
  return walk(document.querySelector('ol.comment-list'));
});

test('approved comments above the form, threaded, paged, with links made safe', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  try {
    const a = await server.seed('utas', 'Sungainya bersih sekali.\nFoto: https://contoh.id/foto.jpg');
    const b = await server.seed('utas', 'Setuju!', { parent: a, author: 'Budi' });
    await server.seed('utas', 'Kapan lagi?', { parent: b, author: 'Ani' });
    await server.seed('utas', 'Terima kasih relawan.', { author: 'Dedi' });
    await server.seed('utas', 'Yang ketiga.', { author: 'Eka' });
    const { page, errors } = await open('/utas.html', {
      'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'utas', 'data-per-page': '2',
    });
    await page.waitForSelector('ol.comment-list > li');
    assert.equal(await page.textContent('.comments-title'), '5 tanggapan untuk “Sungai Bersih”');
    assert.deepEqual(await tree(page), [
      ['Sungainya bersih sekali.Foto: https://contoh.id/foto.jpg', [['Setuju!', ['Kapan lagi?']]]],
      'Terima kasih relawan.',
    ]);
    const link = await page.$eval(`#comment-${a} .comment-content a`, (l) => [l.href, l.rel]);
    assert.deepEqual(link, ['https://contoh.id/foto.jpg', 'nofollow ugc noopener']);
    assert.equal(await page.textContent(`#comment-${b} .fn`), 'Budi');
    assert.match(await page.getAttribute(`#comment-${b} time`, 'datetime'), /^\d{4}-\d\d-\d\dT/);
    assert.equal(await page.textContent(`#comment-${b} time`), 'baru saja');
    // The list comes before the form.
    assert.ok(await page.evaluate(() => Boolean(document.querySelector('.comment-list')
      .compareDocumentPosition(document.querySelector('#respond')) & Node.DOCUMENT_POSITION_FOLLOWING)));
    await page.click('.balasan-more');
    await page.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 3);
    assert.deepEqual(await tree(page), [
      ['Sungainya bersih sekali.Foto: https://contoh.id/foto.jpg', [['Setuju!', ['Kapan lagi?']]]],
      'Terima kasih relawan.',
      'Yang ketiga.',
    ], 'the next page below the first, each comment once');
    assert.equal(await page.isHidden('.balasan-more'), true, 'no more pages');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('"Balas" by keyboard: the form goes under the comment, the reply lands there with its parent', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  try {
    const a = await server.seed('balas', 'Jembatan sudah diperbaiki?');
    const { page, errors } = await open('/balas.html', { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'balas' });
    await page.waitForSelector(`#comment-${a} .comment-reply-link`);
    await page.focus(`#comment-${a} .comment-reply-link`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`).nextElementSibling?.id === 'respond', a);
    assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan ke Sari Batalkan balasan');
    assert.equal(await page.isVisible('#cancel-comment-reply-link'), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'comment', 'focus in the comment box');
    assert.equal(await page.textContent('#respond [aria-live=polite]'), 'Tinggalkan Balasan ke Sari', 'the move is announced');
    // Cancel puts it back, and focus on the "Balas" the reader came from.
    await page.focus('#cancel-comment-reply-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#respond').closest('.comment-list') === null);
    assert.equal(await page.isVisible('#cancel-comment-reply-link'), false);
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.id), `comment-${a}`);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'comment-reply-link');
    assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan');
    // Answer again; the draft remembers which comment it answers, across a reload.
    await page.click(`#comment-${a} .comment-reply-link`);
    await fillComment(page, 'Sudah, sejak Senin.');
    await page.reload();
    // Taken over (the form itself may already be in the list, outside the loader's box).
    await page.waitForSelector('[data-balasan-live]', { state: 'attached' });
    await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`)?.nextElementSibling?.id === 'respond', a);
    assert.equal(await page.inputValue('#comment'), 'Sudah, sejak Senin.');
    assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan ke Sari Batalkan balasan');
    await fillComment(page, 'Sudah, sejak Senin.'); // name and email: not remembered without consent
    await answerCaptcha(page);
    assert.deepEqual(await send(page), { status: 'Terima kasih, komentar Anda telah terkirim.', alert: '' });
    const stored = server.list().find((c) => c.content === 'Sudah, sejak Senin.');
    assert.equal(stored.parent, a, 'sent with its parent');
    await page.waitForFunction((id) => document.querySelector(`#comment-${id} > ol.children`)?.textContent.includes('Sudah, sejak Senin.'), a);
    await page.waitForFunction(() => document.querySelector('#respond').closest('.comment-list') === null);
    assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan');
    assert.equal(await page.textContent('.comments-title'), '2 tanggapan untuk “Sungai Bersih”');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('the form moved while the reader types keeps the focus and the caret, in a field and in the text box', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  try {
    const a = await server.seed('kursor', 'Kapan air surut?');
    const { page, errors } = await open('/kursor.html', { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'kursor' });
    await page.click(`#comment-${a} .comment-reply-link`);
    await page.fill('#comment', 'Sudah surut sejak pagi.'); // the draft remembers the reply
    // On the next visit the form starts at home; the list (held back here) arrives while the
    // reader types, and then the form goes under the comment it answers.
    const listRequest = (url) => url.pathname.endsWith('/api/comments') && url.search !== '';
    for (const [field, text, range] of [['author', 'Sari Dewi', [1, 4]], ['comment', null, [6, 11]]]) {
      let asked;
      const requested = new Promise((ok) => { asked = ok; });
      let release;
      const held = new Promise((ok) => { release = ok; });
      await page.route(listRequest, async (route) => {
        asked();
        await held;
        await route.continue();
      });
      await page.reload();
      await requested;
      await page.click(`#${field}`);
      if (text) await page.keyboard.type(text);
      await page.evaluate(([id, [start, end]]) => document.getElementById(id).setSelectionRange(start, end), [field, range]);
      release();
      await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`)?.nextElementSibling?.id === 'respond', a);
      const now = await page.evaluate(() => {
        const el = document.activeElement;
        return { id: el.id, range: [el.selectionStart, el.selectionEnd] };
      });
      assert.deepEqual(now, { id: field, range }, `focus and selection in #${field} after the move`);
      await page.unroute(listRequest);
    }
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('a theme script that stops clicks on reply links at the document still lets them move the form', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  try {
    const a = await server.seed('tema-skrip', 'Apakah jembatan sudah dibuka?');
    const { page, errors } = await open('/tema-skrip.html', { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'tema-skrip' });
    // As a theme's jQuery handler delegated to the document that returns false.
    await page.evaluate(() => document.addEventListener('click', (e) => {
      if (e.target.closest('.comment-reply-link')) {
        e.preventDefault();
        e.stopPropagation();
      }
    }));
    await page.click(`#comment-${a} .comment-reply-link`);
    await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`)?.nextElementSibling?.id === 'respond', a);
    assert.equal(await page.innerText('#reply-title'), 'Tinggalkan Balasan ke Sari Batalkan balasan');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'comment');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('a comment held for moderation is shown to its author only, with the note', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'pending']);
  try {
    // An approved comment from before: when it is on the page, the list has loaded.
    const earlier = await server.seed('tahan', 'Sudah disetujui.', { status: 202 });
    server.approve(earlier);
    const { page } = await open('/tahan.html', { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'tahan' });
    await page.waitForSelector(`#comment-${earlier}`);
    await fillComment(page, 'Menunggu moderator.');
    await answerCaptcha(page);
    assert.equal((await send(page)).status, 'Komentar Anda sedang menunggu moderasi.');
    await page.waitForSelector('.comment-awaiting-moderation');
    assert.deepEqual(await tree(page), ['Sudah disetujui.', 'Menunggu moderator.']);
    assert.equal(await page.textContent('.comment-awaiting-moderation'), 'Komentar Anda sedang menunggu moderasi.');
    assert.equal(server.list('pending').filter((c) => c.content === 'Menunggu moderator.').length, 1, 'held, once');
    // After a reload, and for another reader: the list as the server gives it, without it.
    const other = await browser.newContext();
    for (const reader of [page, await other.newPage()]) {
      if (reader === page) await page.reload();
      else await reader.goto(`${site.origin}/tahan.html`);
      await reader.waitForSelector('[data-balasan-live] #commentform');
      await reader.waitForSelector(`#comment-${earlier}`);
      assert.deepEqual(await tree(reader), ['Sudah disetujui.'], reader === page ? 'not after a reload' : 'not for another reader');
    }
    await other.close();
    await page.close();
  } finally {
    await server.stop();
  }
});

test('a reader who publishes and reloads at once sees their comment, though browsers may keep the list a minute', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved',
    '--list-max-age', '60', '--list-s-maxage', '60']);
  try {
    const earlier = await server.seed('muat-ulang', 'Sudah ada sebelumnya.');
    const attrs = { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'muat-ulang' };
    const { page, errors } = await open('/muat-ulang.html', attrs);
    const lists = [];
    page.on('request', (r) => r.url().includes('/api/comments?') && lists.push(r.url()));
    await page.waitForSelector(`#comment-${earlier}`);
    await fillComment(page, 'Baru saja terbit.');
    await answerCaptcha(page);
    assert.equal((await send(page)).status, 'Terima kasih, komentar Anda telah terkirim.');
    // At once, with the list from before in the browser's cache for another minute.
    await page.reload();
    await page.waitForSelector(`#comment-${earlier}`);
    assert.deepEqual(await tree(page), ['Sudah ada sebelumnya.', 'Baru saja terbit.'], 'the reload shows it');
    assert.equal(lists.length, 1, lists.join('\n'));
    assert.match(lists[0], /&fresh=\d+$/, 'asked past the caches');
    assert.deepEqual(errors, []);
    await page.close();

    // Another reader's list is the one every reader shares.
    const other = await open('/muat-ulang.html', attrs);
    const theirs = [];
    other.page.on('request', (r) => r.url().includes('/api/comments?') && theirs.push(r.url()));
    await other.page.reload();
    await other.page.waitForSelector(`#comment-${earlier}`);
    assert.deepEqual(await tree(other.page), ['Sudah ada sebelumnya.', 'Baru saja terbit.']);
    assert.ok(theirs.length === 1 && !theirs[0].includes('fresh'), theirs.join('\n'));
    await other.page.close();
  } finally {
    await server.stop();
  }
});

test('a list that cannot be loaded leaves the form working, says so, and loads on retry', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  try {
    await server.seed('gagal', 'Sudah ada satu.');
    let broken = true;
    pages['/daftar-rusak'] = (req, res) => {
      if (broken) return res.writeHead(500, { 'Access-Control-Allow-Origin': '*' }).end();
      fetch(`${server.url}api/comments${req.url.slice(req.url.indexOf('?'))}`).then(async (r) => {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(await r.text());
      });
    };
    const { page } = await open('/gagal.html', {
      'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'gagal', 'data-list-url': '/daftar-rusak',
    });
    await page.waitForSelector('.balasan-comments .balasan-alert:not([hidden])');
    assert.match(await page.textContent('.balasan-comments .balasan-alert'), /^Komentar belum dapat dimuat\. Coba lagi$/);
    await fillComment(page, 'Formulir tetap jalan.');
    await answerCaptcha(page);
    assert.deepEqual(await send(page), { status: 'Terima kasih, komentar Anda telah terkirim.', alert: '' });
    broken = false;
    await page.click('.balasan-comments .balasan-alert button');
    await page.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 2);
    assert.equal(await page.isHidden('.balasan-comments .balasan-alert'), true);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('a list page that times out is told, and the retry loads it (a timeout ends that request alone)', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved']);
  try {
    await server.seed('lambat', 'Sudah ada satu.');
    let asked = 0;
    pages['/daftar-lambat'] = (req, res) => {
      asked += 1;
      const answer = () => fetch(`${server.url}api/comments${req.url.slice(req.url.indexOf('?'))}`).then(async (r) => {
        if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json' }).end(await r.text());
      }).catch(() => res.destroy()); // the server may be gone when the late answer is due
      // The first answer comes after the widget's 1 s timeout; the retry's at once.
      if (asked === 1) setTimeout(answer, 2500);
      else answer();
    };
    const { page, errors } = await open('/lambat.html', {
      'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'lambat', 'data-list-url': '/daftar-lambat',
      'data-timeout': '1',
    });
    await page.waitForSelector('.balasan-comments .balasan-alert:not([hidden])');
    assert.match(await page.textContent('.balasan-comments .balasan-alert'), /^Komentar belum dapat dimuat\. Coba lagi$/);
    await page.click('.balasan-comments .balasan-alert button');
    await page.waitForFunction(() => document.querySelectorAll('ol.comment-list > li').length === 1, null, { timeout: 5000 });
    assert.equal(asked, 2);
    assert.equal(await page.isHidden('.balasan-comments .balasan-alert'), true);
    assert.deepEqual(errors.filter((e) => !/could not be read from/.test(e)), []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('the list\'s own wasm: asked for once the form is the widget\'s; blocked or changed, the form goes on, the list\'s notice stands in its place and its button brings the list once the file comes, and the console says why; unmounted first, nothing comes, not even the notice of a retry on its way', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  const chunk = await readFile(join(root, 'dist/balasan.list.wasm'));
  try {
    await server.seed('pecah', 'Komentar yang sudah ada.');
    const attrs = { 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'pecah' };
    pages['/pecah.html'] = widgetPage(attrs, 'Pecah');
    // As shipped: the form's wasm first, then the list's, then the list.
    {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      const asked = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await page.goto(`${site.origin}/pecah.html`);
      await page.waitForSelector('ol.comment-list > li');
      const at = (f) => asked.indexOf(f);
      assert.ok(at('/balasan_bg.wasm') >= 0 && at('/balasan_bg.wasm') < at('/balasan.list.wasm'), asked.join(' '));
      assert.equal(asked.filter((p) => p === '/balasan.list.wasm').length, 1, 'asked for once');
      assert.deepEqual(errors, []);
      await page.close();
    }
    // Blocked, or not the bytes that were built: the form is the widget's and sends; no list
    // shows; the console names the file.
    for (const [how, answer] of [
      ['blocked', (route) => route.abort()],
      ['changed', (route) => {
        const changed = Buffer.from(chunk);
        changed[changed.length - 3] ^= 1;
        return route.fulfill({ status: 200, contentType: 'application/wasm', body: changed });
      }],
    ]) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      let asks = 0;
      page.on('request', (r) => r.url().endsWith('/balasan.list.wasm') && (asks += 1));
      await page.route('**/balasan.list.wasm', answer);
      await page.goto(`${site.origin}/pecah.html`);
      await page.waitForSelector('[data-balasan-live] #commentform');
      const said = await new Promise((ok) => {
        const look = () => {
          const line = errors.find((e) => e.startsWith('balasan: the comment list could not be loaded'));
          if (line) ok(line);
          else setTimeout(look, 50);
        };
        look();
      });
      assert.match(said, /balasan\.list\.wasm/, `${how}: ${said}`);
      // Where the list would be, its notice in the reader's language, and no list.
      const notice = page.locator('.balasan-comments [role=alert]');
      await notice.waitFor();
      assert.equal(await notice.textContent(), 'Komentar belum dapat dimuat. Coba lagi', how);
      assert.equal(await page.locator('.comment-list').count(), 0, `${how}: no list`);
      await fillComment(page, `Tanpa daftar (${how}).`);
      await answerCaptcha(page);
      const told = await send(page);
      assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.', how);
      assert.equal(server.list().filter((c) => c.content === `Tanpa daftar (${how}).`).length, 1, `${how}: stored once`);
      // Its button tries again (from the keyboard): still failing, the notice and the
      // focus stay; once the file comes, the list takes the notice's place and the focus.
      const failures = () => errors.filter((e) => e.startsWith('balasan: the comment list could not be loaded')).length;
      await page.focus('.balasan-comments [role=alert] button');
      const [asked, failed] = [asks, failures()];
      await page.keyboard.press('Enter');
      for (const end = Date.now() + 15_000; asks === asked || failures() === failed;) {
        assert.ok(Date.now() < end, `${how}: the button fetched again and it failed`);
        await page.waitForTimeout(50);
      }
      assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('.balasan-comments [role=alert] button')),
        `${how}: the focus stays on the button`);
      await page.unroute('**/balasan.list.wasm');
      await page.keyboard.press('Enter');
      // (The comment sent meanwhile shows at once; the first page comes after.)
      await page.locator('ol.comment-list > li', { hasText: 'Komentar yang sudah ada.' }).waitFor();
      assert.equal(await page.locator('.balasan-comments').count(), 1, `${how}: the list, and no notice`);
      assert.equal(await page.locator('.balasan-comments [role=alert]:not([hidden])').count(), 0, how);
      await page.waitForFunction(() => document.activeElement.closest('ol.comment-list > li'));
      assert.match(await page.evaluate(() => document.activeElement.textContent), /Komentar yang sudah ada\./,
        `${how}: the focus went to the list's first comment`);
      await page.close();
    }
    // Unmounted while the list's wasm is on its way: it comes, and nothing of the list shows.
    {
      pages['/pecah-spa.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>SPA</title>
<link rel="icon" href="data:,"></head><body><main><div id="slot"></div><script src="/embed.js"></script></main></body></html>`;
      const page = await browser.newPage();
      const errors = watchErrors(page);
      let arrived;
      const came = new Promise((ok) => { arrived = ok; });
      await page.route('**/balasan.list.wasm', async (route) => {
        await new Promise((ok) => setTimeout(ok, 1000));
        await route.continue();
        arrived();
      });
      await page.goto(`${site.origin}/pecah-spa.html`);
      await page.evaluate(async (endpoint) => {
        const slot = document.querySelector('#slot');
        await window.Balasan.mount(slot, { endpoint, postId: 'pecah', load: 'eager' });
        window.Balasan.unmount(slot);
      }, `${server.url}api/comments`);
      await came;
      await page.waitForTimeout(500);
      assert.equal(await page.locator('.balasan-comments, #commentform').count(), 0, 'nothing of the form or its list');
      assert.deepEqual(errors, []);
      await page.close();
    }
    // Unmounted while the notice's button fetches again: the notice goes with the form at
    // once, and nothing comes back when the fetch ends.
    {
      const page = await browser.newPage();
      let slow = false;
      await page.route('**/balasan.list.wasm', async (route) => {
        if (slow) await new Promise((ok) => setTimeout(ok, 3000));
        await route.abort();
      });
      await page.goto(`${site.origin}/pecah-spa.html`);
      await page.evaluate(async (endpoint) => {
        await window.Balasan.mount(document.querySelector('#slot'), { endpoint, postId: 'pecah', load: 'eager' });
      }, `${server.url}api/comments`);
      await page.locator('.balasan-comments [role=alert] button').waitFor();
      slow = true;
      await page.click('.balasan-comments [role=alert] button');
      await page.evaluate(() => window.Balasan.unmount(document.querySelector('#slot')));
      assert.equal(await page.locator('.balasan-comments, #commentform').count(), 0, 'the notice went with the form');
      await page.waitForTimeout(3500);
      assert.equal(await page.locator('.balasan-comments, #commentform').count(), 0, 'and nothing came back');
      await page.close();
    }
  } finally {
    await server.stop();
  }
});

test('isso: its nested thread is shown, and a reply goes to its parent', async () => {
  const isso = await startIsso(site.origin);
  try {
    const path = '/daerah/isso-utas.html';
    const first = await (await fetch(`${isso.url}/new?uri=${encodeURIComponent(path)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: site.origin },
      body: JSON.stringify({ text: 'Komentar **pertama** di Isso.', author: 'Sari', title: 'Uji Isso' }),
    })).json();
    const { page, errors } = await open(path, { 'data-endpoint': isso.url, 'data-preset': 'isso' }, 'Uji Isso');
    await page.waitForSelector(`#comment-${first.id}`);
    assert.equal(await page.textContent(`#comment-${first.id} .comment-content`), 'Komentar pertama di Isso.');
    assert.equal(await page.textContent(`#comment-${first.id} .comment-content strong`), 'pertama', 'markup kept through the allow-list');
    await page.click(`#comment-${first.id} .comment-reply-link`);
    await fillComment(page, 'Balasan lewat Isso.');
    await answerCaptcha(page);
    assert.deepEqual(await send(page), { status: 'Terima kasih, komentar Anda telah terkirim.', alert: '' });
    const thread = await (await fetch(`${isso.url}/?uri=${encodeURIComponent(path)}`)).json();
    assert.equal(thread.replies[0].replies[0].parent, first.id);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await isso.stop();
  }
});

test('axe finds nothing in the conversation and the form, light and dark, while replying', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  try {
    const a = await server.seed('axe', 'Terima kasih atas liputannya. https://contoh.id/sumber');
    await server.seed('axe', 'Sama-sama.', { parent: a, author: 'Budi' });
    for (const theme of ['light', 'dark']) {
      const { page } = await open(`/axe-${theme}.html`, {
        'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'axe', 'data-theme': theme,
      });
      // The dark theme is for a dark page (as examples/gelap.html).
      if (theme === 'dark') await page.addStyleTag({ content: 'body { background: #101418; color: #e6e6e6 }' });
      await page.waitForSelector('ol.comment-list > li');
      await page.click(`#comment-${a} .comment-reply-link`);
      await page.waitForFunction((id) => document.querySelector(`#div-comment-${id}`).nextElementSibling?.id === 'respond', a);
      await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
      const found = await page.evaluate(async () => {
        const r = await window.axe.run(document.querySelector('.balasan-host').parentElement, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
          // The test page is a bare page, not a site: its own landmarks are not ours to judge.
          rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } },
        });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`).join(', ')}`);
      });
      assert.deepEqual(found, [], `${theme}: axe violations`);
      await page.close();
    }
  } finally {
    await server.stop();
  }
});

test('screenshots of the conversation at 375 and 1024 px, light and dark', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--moderation', 'approved', '--rate-burst', '100']);
  try {
    const a = await server.seed('foto', 'Airnya sudah jernih lagi, ikan mulai kembali.');
    await server.seed('foto', 'Semoga tidak ada yang buang sampah lagi.', { parent: a, author: 'Budi' });
    const d = await server.seed('foto', 'Minggu depan saya ikut.', { author: 'Dedi' });
    // A name with no space in it, five levels of replies, and a further page.
    let parent = await server.seed('foto', 'Saya juga ikut, bawa karung.', { parent: d, author: 'SitiNurhalizaBintiAbdullahRahmanWijayakusumaPutriIndahSari' });
    const longName = parent;
    for (const level of [3, 4, 5]) {
      parent = await server.seed('foto', `Balasan tingkat ${level}.`, { parent, author: 'Eka' });
    }
    await server.seed('foto', 'Komentar di halaman berikutnya.', { author: 'Fajar' });
    for (const theme of ['light', 'dark']) {
      for (const width of [375, 1024]) {
        pages[`/foto-${theme}.html`] = widgetPage({ 'data-endpoint': `${server.url}api/comments`, 'data-post-id': 'foto', 'data-theme': theme, 'data-per-page': '2' }, 'Sungai Bersih');
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        if (theme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
        await page.goto(`${site.origin}/foto-${theme}.html`);
        await page.waitForSelector('ol.comment-list > li');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        assert.equal(overflow, false, `no sideways scrolling at ${width}px`);
        await page.locator('.balasan-host').screenshot({ path: join(artifacts, `list-${theme}-${width}.png`) });
        // Answering the long name: its heading wraps, the page keeps its width.
        await page.click(`#comment-${longName} > article .comment-reply-link`);
        await page.waitForFunction(() => document.querySelector('#reply-title').textContent.includes('SitiNurhaliza'));
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth),
          false, `no sideways scrolling while replying at ${width}px`);
        await page.locator('.balasan-host').screenshot({ path: join(artifacts, `list-${theme}-${width}-reply.png`) });
        await page.close();
      }
    }
  } finally {
    await server.stop();
  }
});

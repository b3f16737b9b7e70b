// The widget on a news page (one origin) posting to real backends on other origins: the
// reference server in its modes, and a real Isso server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerCaptcha, fillComment, launch, send, servePages, startIsso, startServer, watchErrors, widgetPage,
} from './harness.mjs';

let browser;
let site;
const pages = {};

before(async () => {
  browser = await launch();
  site = await servePages(pages);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path, attrs, title) {
  pages[path] = widgetPage(attrs, title);
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(site.origin + path);
  await page.waitForSelector('[data-balasan-live] #commentform');
  return { page, errors };
}

test('a field error from the server lands on its field', async () => {
  // The site's widget does not require a name, but its server does.
  const server = await startServer(['--allow-origin', site.origin, '--require', 'name,email', '--moderation', 'approved']);
  try {
    const { page } = await open('/berita-1.html', {
      'data-endpoint': `${server.url}api/comments`,
      'data-required': 'none',
      'data-post-id': 'berita-1',
    });
    await page.fill('#comment', 'Tanpa nama, boleh?');
    await page.fill('#email', 'anonim@contoh.id');
    await answerCaptcha(page);
    const told = await send(page);
    assert.equal(told.alert, 'Komentar belum terkirim. Mohon periksa ruas yang ditandai (1).');
    assert.equal(await page.getAttribute('#author', 'aria-invalid'), 'true');
    assert.equal(await page.textContent('#author-error'), 'Mohon isi ruas yang diwajibkan.');
    assert.match(await page.getAttribute('#author', 'aria-describedby'), /author-error/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'author');
    assert.equal(await page.inputValue('#comment'), 'Tanpa nama, boleh?', 'the text is kept');
    assert.equal(server.list().length, 0);

    await page.fill('#author', 'Budi');
    await answerCaptcha(page);
    const second = await send(page);
    assert.equal(second.status, 'Terima kasih, komentar Anda telah terkirim.');
    assert.equal(server.list().length, 1);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('server captcha: a right answer is accepted, a replayed one refused', async () => {
  const server = await startServer(['--allow-origin', site.origin, '--captcha', 'server', '--moderation', 'pending']);
  try {
    const endpoint = `${server.url}api/comments`;
    const { page, errors } = await open('/berita-2.html', {
      'data-endpoint': endpoint,
      'data-captcha': 'server',
      'data-post-id': 'berita-2',
    });
    await page.waitForFunction(() => /\d/.test(document.querySelector('.balasan-question').textContent));

    // A wrong answer: refused by the server, marked on the field, and a new challenge is
    // fetched and shown (its question may read the same by chance; its token is new).
    await fillComment(page, 'Jawaban saya keliru dulu.');
    await page.fill('#balasan-captcha', String(1000 + (await answerCaptcha(page))));
    const renewed = page.waitForResponse((r) => r.url() === `${endpoint}/challenge`);
    let told = await send(page);
    assert.equal(await page.textContent('#balasan-captcha-error'), 'Jawaban kurang tepat. Silakan jawab soal yang baru ini.');
    assert.equal(await page.inputValue('#comment'), 'Jawaban saya keliru dulu.');
    assert.equal(server.list().length, 0);
    const next = await (await renewed).json();
    await page.waitForFunction((q) => document.querySelector('.balasan-question').textContent === q, next.question);

    // The right answer to the new question.
    let posted;
    page.on('request', (r) => {
      if (r.method() === 'POST') posted = JSON.parse(r.postData());
    });
    await answerCaptcha(page);
    told = await send(page);
    assert.equal(posted.captcha.token, next.token, 'the answer went with the new challenge');
    assert.equal(told.status, 'Komentar Anda sedang menunggu moderasi.');
    assert.equal(told.alert, '');
    const rows = server.list('pending');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].content, 'Jawaban saya keliru dulu.');

    // Replaying the accepted answer's token with another comment is refused.
    const replay = await page.evaluate(async ({ endpoint, body }) => {
      const r = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'replay-1' },
        body: JSON.stringify({ ...body, content: 'Komentar kedua dengan token lama' }),
      });
      return { status: r.status, body: await r.json() };
    }, { endpoint, body: posted });
    assert.equal(replay.status, 422);
    assert.equal(replay.body.error.code, 'captcha');
    assert.equal(server.list('all').length, 1);
    assert.deepEqual(errors.filter((e) => !e.includes('422')), []);
    await page.close();
  } finally {
    await server.stop();
  }
});

test('an origin the server does not allow gets a readable refusal, and the text stays', async () => {
  const server = await startServer(['--allow-origin', 'https://lain.contoh.id']);
  try {
    const { page, errors } = await open('/berita-3.html', {
      'data-endpoint': `${server.url}api/comments`,
      'data-post-id': 'berita-3',
    });
    await fillComment(page, 'Apakah ini terkirim?');
    await answerCaptcha(page);
    const told = await send(page);
    assert.equal(told.alert, 'Server komentar tidak dapat dihubungi. Teks Anda tetap tersimpan; silakan coba lagi nanti.');
    assert.equal(told.status, '');
    assert.equal(await page.inputValue('#comment'), 'Apakah ini terkirim?');
    assert.equal(server.list('all').length, 0);
    assert.ok(errors.some((e) => e.includes('balasan: no reply from the endpoint')), errors.join('\n'));
    await page.close();
  } finally {
    await server.stop();
  }
});

test('isso preset: a comment sent by the widget is returned by Isso\'s own API', async () => {
  const isso = await startIsso(site.origin);
  try {
    const path = '/daerah/uji-isso.html';
    const { page, errors } = await open(path, {
      'data-endpoint': isso.url,
      'data-preset': 'isso',
    }, 'Uji Isso');
    await fillComment(page, 'Komentar lewat Isso: sungai bersih, warga senang.');
    await page.fill('#url', 'contoh.id');
    await answerCaptcha(page);
    const told = await send(page);
    assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
    assert.equal(told.alert, '');
    const thread = await (await fetch(`${isso.url}/?uri=${encodeURIComponent(path)}`)).json();
    assert.equal(thread.total_replies, 1);
    const [reply] = thread.replies;
    assert.equal(reply.author, 'Sari Wulandari');
    assert.equal(reply.website, 'http://contoh.id');
    assert.match(reply.text, /Komentar lewat Isso: sungai bersih, warga senang\./);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await isso.stop();
  }
});

test('a backend that never answers: the button waits, then the send times out and the text stays', async () => {
  let received = 0;
  pages['/lambat'] = (req) => {
    if (req.method !== 'POST') return; // the comment list's request: never answered either
    received += 1;
    req.resume(); // read the body, never answer
  };
  const { page, errors } = await open('/berita-4.html', {
    'data-endpoint': '/lambat',
    'data-timeout': '2',
    'data-post-id': 'berita-4',
  });
  await fillComment(page, 'Menunggu server yang lambat.');
  await answerCaptcha(page);
  await page.click('#submit');
  await page.waitForFunction(() => document.querySelector('#commentform [role=status]').textContent === 'Mengirim komentar…');
  assert.equal(await page.isDisabled('#submit'), true, 'no second send while one is under way');
  await page.waitForFunction(() => document.querySelector('#commentform [role=alert]').textContent !== '');
  assert.equal(await page.textContent('#commentform [role=alert]'), 'Server terlalu lama menjawab. Teks Anda tetap tersimpan; silakan kirim lagi.');
  assert.equal(await page.isDisabled('#submit'), false);
  assert.equal(await page.inputValue('#comment'), 'Menunggu server yang lambat.');
  assert.equal(received, 1, 'one request reached the backend');
  assert.ok(errors.some((e) => e.includes('data-timeout')), errors.join('\n'));
  await page.close();
});

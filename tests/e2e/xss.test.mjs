// A corpus of injection payloads (xss-payloads.txt, plus very long and NUL-bearing ones)
// typed into every field, and returned by a hostile backend in success bodies, error
// messages, field errors, HTML error pages, headers, redirects and captcha challenges.
// Then every payload stored as a comment, in every field of each backend's list (the
// reference server's text, WordPress's and Isso's HTML). Nothing may run and nothing may
// be inserted as HTML beyond the allow-list. The hostile backend is a stand-in on purpose:
// no real backend sends these. Control and bidi-override characters (core's `controls`)
// leave a comment's text and make a name invalid, before anything is sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { answerCaptcha, eventually, launch, servePages, trackNetwork, widgetPage } from './harness.mjs';

const payloads = readFileSync(new URL('xss-payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
payloads.push('<script>alert(1)</script>'.repeat(4000)); // 100 KB
payloads.push('a\u0000<img src=x onerror=alert(1)>\u0000b');
payloads.push('\u0000'.repeat(10));

let browser;
let site;
const pages = {};

/** The ways the hostile backend answers a comment, each echoing the payload `p`. */
const shapes = [
  (p, { json }) => json(201, { id: 1, status: 'approved', content: p, author: p, url: p }),
  (p, { json }) => json(202, { id: 2, status: p, content: p }),
  (p, { json }) => json(422, { error: { code: p, message: p, fields: { author: p, [p]: 'invalid', email: p } } }),
  (p, { json }) => json(400, { error: { code: 'captcha', message: p } }),
  (p, { json }) => json(409, { error: { code: 'duplicate', message: p } }),
  (p, { html }) => html(500),
  (p, { html }) => html(200),
  (p, { html }) => html(502),
  // A Retry-After that is not a number of seconds: told "too fast", and no hold-back, so
  // the next payload is really sent.
  (p, { json }) => json(429, { error: { message: p } }, {
    'Retry-After': '1; <script>alert(1)</script>',
    'Access-Control-Expose-Headers': 'Retry-After',
  }),
  (p, { json }) => json(200, { code: 'wp_die', message: `<p><strong>Error:</strong> ${p}</p>`, data: { status: 200 } }),
  // A redirect to a script URL: followed by fetch (and refused), or opaque when not.
  (p, { res, cors }) => res.writeHead(302, { ...cors, Location: 'javascript:alert(1)' }).end(),
];

/**
 * A hostile backend at its own path: answers in the shape the test picks (`shape`, an
 * index into `shapes`), and records the comment text of every POST that reaches it
 * (`content`, Isso's `text`, or WordPress's form field `comment`, whichever the preset
 * sent).
 */
function hostileBackend() {
  const backend = { shape: 0, posts: [] };
  backend.answer = (req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': '*' };
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
      // The comment list's request (the list tests below have their own backends).
      if (req.method === 'GET') return res.writeHead(404, cors).end();
      let sent;
      try {
        const body = JSON.parse(raw);
        sent = body.content ?? body.text;
      } catch {
        sent = new URLSearchParams(raw).get('comment');
      }
      backend.posts.push(sent);
      const p = sent ?? '<script>alert(1)</script>';
      const json = (status, body, extra = {}) => {
        res.writeHead(status, { ...cors, ...extra, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const html = (status) => {
        res.writeHead(status, { ...cors, 'Content-Type': 'text/html' });
        res.end(`<!DOCTYPE html><html><head><title>${p}</title></head><body><p><strong>Error:</strong> ${p}</p></body></html>`);
      };
      shapes[backend.shape](p, { json, html, res, cors });
    });
  };
  return backend;
}

const presets = ['balasan', 'wordpress-form', 'isso'];
const backends = Object.fromEntries(presets.map((p) => [p, hostileBackend()]));
const typed = hostileBackend();
/** Where payloads typed into the fields go when the form lets them through. */
const fielded = hostileBackend();

/** A challenge endpoint that sends payloads instead of a question. */
const challenges = { fetched: 0 };
function hostileChallenge(req, res) {
  const p = payloads[challenges.fetched++ % payloads.length];
  res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ token: p, question: p }));
}

before(async () => {
  browser = await launch();
  for (const [preset, backend] of Object.entries(backends)) {
    pages[`/hostile-${preset}`] = backend.answer;
    pages[`/hostile-${preset}/new`] = backend.answer; // the isso preset posts to <endpoint>/new?uri=…
  }
  pages['/hostile-typed'] = typed.answer;
  pages['/hostile-fields'] = fielded.answer;
  pages['/hostile-typed/challenge'] = hostileChallenge;
  site = await servePages(pages);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Installed in each page before the widget: traps for anything a payload could run, a
 * record of the widget's requests, and two helpers the tests call through
 * `page.evaluate`: `__snapshot()` (what the widget holds and shows) and `__send(text)`
 * (a reader's send, in one round trip: type the text, answer the sum, press the button,
 * wait until the reader is told how it ended).
 */
function instrument() {
  window.__ran = [];
  window.__pwn = (x) => window.__ran.push(`__pwn(${x})`);
  for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    window[f] = (x) => window.__ran.push(`${f}(${x})`);
  }
  const fetch = window.fetch;
  window.__requests = [];
  window.fetch = function (...args) {
    const reply = fetch.apply(this, args);
    window.__requests.push(reply.catch(() => {}));
    return reply;
  };
  const $ = (s) => document.querySelector(s);
  const pause = () => new Promise((r) => setTimeout(r, 2));
  window.__snapshot = () => {
    const allowed = new Set(['DIV', 'H3', 'SMALL', 'FORM', 'P', 'SPAN', 'LABEL', 'TEXTAREA', 'INPUT']);
    const bad = [];
    const endpoint = document.querySelector('script[src$="embed.js"]').dataset.endpoint;
    for (const el of $('#respond').querySelectorAll('*')) {
      if (!allowed.has(el.tagName) && el.id != 'cancel-comment-reply-link') bad.push(el.tagName);
      for (const a of el.attributes) {
        // The form's action is the site's own endpoint, where it posts without the wasm.
        if (el.tagName == 'FORM' && a.name == 'action' && a.value == endpoint) continue;
        // "Batalkan balasan" points at the form itself.
        if (el.id == 'cancel-comment-reply-link' && a.name == 'href' && a.value == '#respond') continue;
        if (/^on/i.test(a.name) || /^(src|href|srcdoc|formaction|action|xlink:href|background)$/i.test(a.name)) {
          bad.push(`${el.tagName}[${a.name}]`);
        }
      }
    }
    return {
      bad,
      ran: window.__ran,
      risky: document.querySelectorAll('script,iframe,img,svg,object,embed,video,audio,style,link,meta,base').length,
      alert: $('#commentform [role=alert]').textContent,
      status: $('#commentform [role=status]').textContent,
      // What each field's error says (the widget's sentences, whatever the backend wrote).
      fields: Object.fromEntries([...$('#respond').querySelectorAll('.balasan-error')]
        .filter((e) => e.textContent !== '').map((e) => [e.id, e.textContent])),
    };
  };
  // The comment list: only the list's own elements and the allow-list, only its own
  // attributes, links only to web and mail addresses (or within the page).
  window.__listSnapshot = () => {
    const allowed = new Set(['DIV', 'H2', 'OL', 'LI', 'ARTICLE', 'FOOTER', 'B', 'SPAN', 'A', 'TIME', 'EM',
      'P', 'BR', 'STRONG', 'I', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'BUTTON']);
    const names = new Set(['id', 'class', 'part', 'datetime', 'rel', 'href', 'data-commentid', 'data-respondelement',
      'data-replyto', 'data-belowelement', 'aria-label', 'hidden', 'role', 'type', 'lang', 'data-theme']);
    const bad = [];
    const list = $('.balasan-comments');
    for (const el of list.querySelectorAll('*')) {
      if (!allowed.has(el.tagName)) bad.push(el.tagName);
      for (const a of el.attributes) {
        if (!names.has(a.name)) bad.push(`${el.tagName}[${a.name}]`);
        if (a.name == 'href' && !/^(https?:|mailto:|#)/i.test(a.value)) bad.push(`${el.tagName}[href=${a.value.slice(0, 40)}]`);
      }
    }
    return {
      bad,
      ran: window.__ran,
      risky: document.querySelectorAll('script,iframe,img,svg,object,embed,video,audio,style,link,meta,base').length,
      comments: list.querySelectorAll('li.comment').length,
      text: [...list.querySelectorAll('.comment-content')].map((c) => c.textContent),
    };
  };
  const type = (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const solve = (q) => {
    const [a, op, b, , c] = q.trim().split(/\s+/).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
    if (b === '?') return { '+': c - a, '−': a - c, '×': c / a }[op];
    return { '+': a + b, '−': a - b, '×': a * b }[op];
  };
  window.__send = async (text) => {
    type($('#comment'), text);
    type($('#balasan-captcha'), String(solve($('.balasan-question').textContent)));
    const started = window.__requests.length;
    $('#submit').click();
    for (let i = 0; window.__requests.length === started; i++) {
      if (i > 2500) throw new Error('the send made no request');
      await pause();
    }
    // The form shows "sending" from the click until the reply is read: once the request
    // has settled, the next state it shows is this send's verdict.
    await window.__requests[started];
    for (let i = 0; ; i++) {
      const s = $('#commentform [role=status]').textContent;
      if (!s.endsWith('…') && (s || $('#commentform [role=alert]').textContent)) break;
      if (i > 5000) throw new Error('no verdict');
      await pause();
    }
    return window.__snapshot();
  };
}

async function open(name, attrs) {
  pages[`/${name}.html`] = widgetPage({ 'data-post-id': name, 'data-timeout': '5', ...attrs });
  const page = await browser.newPage();
  // What the hostile backends answer to a GET (the list, a challenge) waits until the
  // baseline below is taken: what a list brings must be measured, never counted in.
  const held = [];
  let holding = true;
  await page.route((url) => url.pathname.startsWith('/hostile-'), (route) => {
    if (holding && route.request().method() === 'GET') held.push(route);
    else route.continue();
  });
  const ran = [];
  page.on('dialog', (d) => {
    ran.push(`dialog ${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('framenavigated', (f) => {
    if (f !== page.mainFrame() || !f.url().endsWith(`/${name}.html`)) ran.push(`navigated to ${f.url()}`);
  });
  page.on('pageerror', (e) => ran.push(`uncaught ${e.message}`));
  await page.addInitScript(instrument);
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  const baseline = await page.evaluate(() => window.__snapshot().risky);
  holding = false;
  await Promise.all(held.map((route) => route.continue()));
  return { page, ran, baseline };
}

/** Nothing ran, the widget holds only its own elements, nothing new in the page. */
function assertSafe(snapshot, ran, baseline, payload) {
  const what = JSON.stringify(payload.slice(0, 60));
  assert.deepEqual([...ran, ...snapshot.ran], [], `${what} ran`);
  assert.deepEqual(snapshot.bad, [], `${what} put markup into the widget`);
  assert.equal(snapshot.risky, baseline, `${what} added elements to the page`);
  // Whatever a backend wrote is never shown: the reader reads the widget's own sentences.
  const told = [snapshot.alert, snapshot.status, ...Object.values(snapshot.fields)];
  if (payload.trim() !== '') {
    assert.deepEqual(told.filter((t) => t.includes(payload.trim())), [], `${what} was shown`);
  }
}

/** Characters no field carries (core/src/controls.rs): controls but tab, LF, CR; bidi overrides. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** A payload as the form sends it as a comment: without those characters, trimmed. */
const asText = (p) => p.replace(new RegExp(INVISIBLE.source, 'g'), '').trim();

/** The form's sentences that the typed test expects (the Indonesian table, core/src/i18n/id.rs). */
const SAYS = {
  nameInvalid: 'Nama ini tidak dapat digunakan. Mohon periksa kembali.',
  commentMissing: 'Silakan ketik teks komentar Anda.',
  sent: 'Terima kasih, komentar Anda telah terkirim.',
  summary: /^Komentar belum terkirim\. Mohon periksa ruas yang ditandai \(\d\)\.$/,
  emailInvalid: 'Mohon masukkan alamat e-mail yang valid.',
  emailTooLong: 'Alamat email Anda terlalu panjang.',
  nameTooLong: 'Nama Anda terlalu panjang.',
  commentTooLong: 'Komentar Anda terlalu panjang.',
};

test(`${payloads.length} payloads typed into every field, the sum answered: the form's rules and the backend meet them`, async () => {
  assert.ok(payloads.length >= 100);
  const { page, ran, baseline } = await open('ketik', { 'data-endpoint': '/hostile-fields', 'data-required': 'name,email' });
  const network = trackNetwork(page);
  const verdict = async () => {
    await page.waitForFunction(() => {
      const status = document.querySelector('#commentform [role=status]').textContent;
      return !status.endsWith('…') && (document.querySelector('#commentform [role=alert]').textContent || status);
    });
    return page.evaluate(() => window.__snapshot());
  };
  const sent = [];
  for (const p of payloads) {
    const what = JSON.stringify(p.slice(0, 60));
    // Every field the payload: the address is never one, so the form refuses it itself.
    for (const id of ['#comment', '#author', '#email', '#url']) await page.fill(id, p);
    await answerCaptcha(page);
    const posts = fielded.posts.length;
    await page.click('#submit');
    let shot = await verdict();
    assertSafe(shot, ran, baseline, p);
    assert.match(shot.alert, SAYS.summary, `${what}: refused by the form`);
    assert.ok([SAYS.emailInvalid, SAYS.emailTooLong].includes(shot.fields['email-error']), `${what}: ${JSON.stringify(shot.fields)}`);
    assert.equal(fielded.posts.length, posts, `${what}: nothing sent`);
    assert.equal(await page.inputValue('#comment'), p, 'the text is kept as typed');

    // A real address and no website: the payload, as the text and the name, goes as far
    // as the rules let it (a name is at most 245 bytes) and the backend answers.
    await page.fill('#email', 'sari@contoh.id');
    await page.fill('#url', '');
    await answerCaptcha(page);
    await page.click('#submit');
    shot = await verdict();
    assertSafe(shot, ran, baseline, p);
    const text = asText(p);
    if (INVISIBLE.test(p.trim())) {
      // A name with an invisible character is not what it shows: refused by name; the text
      // goes without them (or is missing when that was all of it).
      const fields = { 'author-error': SAYS.nameInvalid };
      if (text === '') fields['comment-error'] = SAYS.commentMissing;
      else if (Buffer.byteLength(text) > 65525) fields['comment-error'] = SAYS.commentTooLong;
      assert.deepEqual(shot.fields, fields, `${what}: refused by name`);
      assert.equal(fielded.posts.length, posts, `${what}: nothing sent`);
      if (fields['comment-error']) continue;
      await page.fill('#author', 'Sari');
      await answerCaptcha(page);
      await page.click('#submit');
      shot = await verdict();
      assertSafe(shot, ran, baseline, p);
      assert.equal(shot.status, SAYS.sent, `${what}: with a plain name, sent`);
      assert.deepEqual(fielded.posts.slice(posts), [text], `${what}: the backend got the text without them, once`);
      sent.push(text);
    } else if (Buffer.byteLength(p.trim()) <= 245) {
      assert.equal(shot.status, SAYS.sent, `${what}: sent, and stored by the backend`);
      assert.deepEqual(fielded.posts.slice(posts), [p.trim()], `${what}: the backend got it, once`);
      sent.push(p.trim());
    } else {
      // Refused again, now for its length alone (the address is fixed): a name is at most
      // 245 bytes, a comment 65525.
      const fields = { 'author-error': SAYS.nameTooLong };
      if (Buffer.byteLength(p.trim()) > 65525) fields['comment-error'] = SAYS.commentTooLong;
      assert.deepEqual(shot.fields, fields, `${what}: refused for its length`);
      assert.equal(shot.alert, `Komentar belum terkirim. Mohon periksa ruas yang ditandai (${Object.keys(fields).length}).`);
      assert.equal(fielded.posts.length, posts, `${what}: nothing sent`);
      assert.equal(await page.inputValue('#comment'), p, 'the text is kept as typed');
    }
  }
  // A send the form set off late would arrive now.
  await network.idle({ quiet: 1000 });
  assert.ok(sent.length >= 100, `${sent.length} payloads reached the backend`);
  assert.deepEqual(fielded.posts, sent, 'what reached the backend: each payload the form let through, once, in order');
  await page.close();
});

test('every payload sent through each preset, and returned by a hostile backend in every shape',
  { concurrency: presets.length }, async (t) => {
    await Promise.all(presets.map((preset) =>
      t.test(preset, async () => {
        const backend = backends[preset];
        const { page, ran, baseline } = await open(`kembali-${preset}`, {
          'data-endpoint': `/hostile-${preset}`,
          'data-preset': preset,
          'data-required': 'none',
        });
        let sends = 0;
        for (const p of payloads) {
          const text = asText(p);
          if (text === '' || Buffer.byteLength(text) > 65525) continue;
          for (let shape = 0; shape < shapes.length; shape++) {
            backend.shape = shape;
            const before = backend.posts.length;
            const snapshot = await page.evaluate((text) => window.__send(text), p);
            const what = `${JSON.stringify(p.slice(0, 60))} in shape ${shape}`;
            assert.equal(backend.posts.length, before + 1, `${what}: one request reached the backend`);
            assert.equal(backend.posts.at(-1), text, `${what}: the backend got the payload (without invisible characters)`);
            assertSafe(snapshot, ran, baseline, p);
            sends += 1;
          }
        }
        assert.ok(sends >= 100 * shapes.length, `${sends} sends`);
        await page.close();
      })));
  });

test('server captcha: challenges that are payloads are never shown', async () => {
  const fetched = challenges.fetched;
  const { page, ran, baseline } = await open('soal', {
    'data-endpoint': '/hostile-typed',
    'data-captcha': 'server',
    'data-captcha-url': '/hostile-typed/challenge',
  });
  for (let i = 1; i <= 20; i++) {
    // Each payload challenge is refused as it arrives; the send asks for another one.
    await eventually(() => challenges.fetched - fetched === i, `challenge ${i} fetched`);
    await page.fill('#comment', 'Halo');
    await page.fill('#author', 'Sari');
    await page.fill('#email', 'sari@contoh.id');
    await page.fill('#balasan-captcha', '8');
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('#commentform [role=alert]').textContent !== '');
    assert.equal(await page.textContent('#commentform [role=alert]'),
      'Soal hitungan belum dapat dimuat. Periksa koneksi Anda, lalu kirim lagi.');
    assert.equal(await page.textContent('.balasan-question'), 'Memuat soal…');
    assertSafe(await page.evaluate(() => window.__snapshot()), ran, baseline, payloads[i - 1]);
  }
  await eventually(() => challenges.fetched - fetched === 21, 'the last challenge fetched');
  assert.deepEqual(typed.posts, [], 'no comment was sent without a question');
  await page.close();
});

/**
 * Every payload as a stored comment, in each backend's list shape: in the author's name,
 * website, text, date and (where the shape takes text ids) id; a third of them as replies.
 */
const lists = {
  balasan: {
    path: '/hostile-list-balasan',
    body: (ps) => ({
      comments: ps.map((p, i) => ({
        id: `${i}:${p}`, parent: i % 3 == 2 ? `${i - 1}:${ps[i - 1]}` : null, post: p, author: p, url: p, content: p,
        status: 'approved', created_at: p,
      })),
      total: ps.length,
      next: null,
    }),
    shown: (ps) => ps.length,
  },
  'wordpress-rest': {
    path: '/hostile-list-wordpress-rest',
    body: (ps) => ps.map((p, i) => ({
      id: i + 1, post: 1, parent: i % 3 == 2 ? i : 0, author_name: p, author_url: p, date_gmt: p,
      content: { rendered: p }, status: 'approved', type: 'comment',
    })),
    shown: (ps) => ps.length,
  },
  isso: {
    path: '/hostile-list-isso/',
    body: (ps) => ({
      id: null,
      total_replies: ps.length,
      replies: ps.map((p, i) => ({
        id: i + 1, parent: null, created: p, mode: 1, text: p, author: p, website: p,
        replies: [{ id: 100000 + i, parent: i + 1, created: 1795000000.5, mode: 1, text: p, author: p, website: p }],
      })),
    }),
    shown: (ps) => 2 * ps.length,
  },
};

test('every payload stored as a comment, in every field of each backend\'s list', async () => {
  for (const [preset, list] of Object.entries(lists)) {
    let asked = 0;
    pages[list.path] = (req, res) => {
      asked += 1;
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
      res.end(JSON.stringify(list.body(payloads)));
    };
    const { page, ran, baseline } = await open(`daftar-${preset}`, {
      'data-endpoint': list.path.replace(/\/$/, ''),
      'data-preset': preset,
      'data-per-page': '200',
    });
    await page.waitForSelector('ol.comment-list > li');
    // Time for anything a payload could set off (an image's onerror, a timer) to happen.
    await page.waitForTimeout(300);
    const shot = await page.evaluate(() => window.__listSnapshot());
    assert.equal(asked, 1, `${preset}: the list was asked for once`);
    assert.equal(shot.comments, list.shown(payloads), `${preset}: every stored comment is shown`);
    assert.deepEqual([...ran, ...shot.ran], [], `${preset}: a payload ran`);
    assert.deepEqual([...new Set(shot.bad)], [], `${preset}: markup beyond the allow-list`);
    assert.equal(shot.risky, baseline, `${preset}: elements added to the page`);
    if (preset == 'balasan') {
      // Text comments are shown as text: every payload's characters are on the page.
      for (const [i, p] of payloads.entries()) {
        if (p.length > 1000 || p.includes('\u0000')) continue;
        const visible = p.trim().replace(/\s+/g, '');
        assert.ok(shot.text.some((t) => t.replace(/\s+/g, '') == visible), `payload ${i} shown as text`);
      }
    }
    await page.close();
  }
});


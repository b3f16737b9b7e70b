// A corpus of injection payloads (xss-payloads.txt, plus very long and NUL-bearing ones)
// typed into every field, and returned by a hostile backend in success bodies, error
// messages, field errors, HTML error pages, headers and captcha challenges. Nothing may run
// and nothing may be inserted as HTML. The hostile backend is a stand-in on purpose: no real
// backend sends these.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { answerCaptcha, launch, servePages, widgetPage } from './harness.mjs';

const payloads = readFileSync(new URL('xss-payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
payloads.push('<script>alert(1)</script>'.repeat(4000)); // 100 KB
payloads.push('a\u0000<img src=x onerror=alert(1)>\u0000b');
payloads.push('\u0000'.repeat(10));

let browser;
let site;
const pages = {};
let replies = 0;

/** Answers with the payload it was sent, in one of many shapes, in turn. */
function hostile(req, res) {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    let p = '<script>alert(1)</script>';
    try {
      p = JSON.parse(raw).content ?? p;
    } catch {
      p = new URLSearchParams(raw).get('comment') ?? p;
    }
    const json = (status, body, extra = {}) => {
      res.writeHead(status, { ...cors, ...extra, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const html = (status) => {
      res.writeHead(status, { ...cors, 'Content-Type': 'text/html' });
      res.end(`<!DOCTYPE html><html><head><title>${p}</title></head><body><p><strong>Error:</strong> ${p}</p></body></html>`);
    };
    const shapes = [
      () => json(201, { id: 1, status: 'approved', content: p, author: p, url: p }),
      () => json(202, { id: 2, status: p, content: p }),
      () => json(422, { error: { code: p, message: p, fields: { author: p, [p]: 'invalid', email: p } } }),
      () => json(400, { error: { code: 'captcha', message: p } }),
      () => json(409, { error: { code: 'duplicate', message: p } }),
      () => html(500),
      () => html(200),
      () => html(502),
      () => json(429, { error: { message: p } }, { 'Retry-After': '1', 'Access-Control-Expose-Headers': 'Retry-After' }),
      () => json(200, { code: 'wp_die', message: `<p><strong>Error:</strong> ${p}</p>`, data: { status: 200 } }),
    ];
    shapes[replies++ % shapes.length]();
  });
}

/** A challenge endpoint that sends payloads instead of a question. */
function hostileChallenge(req, res) {
  const p = payloads[replies++ % payloads.length];
  res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ token: p, question: p }));
}

before(async () => {
  browser = await launch();
  pages['/hostile'] = hostile;
  pages['/hostile/challenge'] = hostileChallenge;
  site = await servePages(pages);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(name, attrs) {
  pages[`/${name}.html`] = widgetPage({ 'data-post-id': name, 'data-timeout': '5', ...attrs });
  const page = await browser.newPage();
  const ran = [];
  page.on('dialog', (d) => {
    ran.push(`dialog ${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('framenavigated', (f) => {
    if (f !== page.mainFrame() || !f.url().endsWith(`/${name}.html`)) ran.push(`navigated to ${f.url()}`);
  });
  page.on('pageerror', (e) => ran.push(`uncaught ${e.message}`));
  await page.addInitScript(() => {
    window.__ran = [];
    window.__pwn = (x) => window.__ran.push(`__pwn(${x})`);
    for (const f of ['alert', 'confirm', 'prompt', 'print']) {
      window[f] = (x) => window.__ran.push(`${f}(${x})`);
    }
  });
  await page.goto(`${site.origin}/${name}.html`);
  await page.waitForSelector('#commentform');
  const baseline = await page.evaluate(() => document.querySelectorAll('script,iframe,img,svg,object,embed,video,audio,style,link,meta,base').length);
  return { page, ran, baseline };
}

/** Nothing ran, the widget holds only its own elements, nothing new in the page. */
async function assertSafe(page, ran, baseline, payload) {
  const r = await page.evaluate(() => {
    const allowed = new Set(['DIV', 'H3', 'FORM', 'P', 'SPAN', 'LABEL', 'TEXTAREA', 'INPUT']);
    const bad = [];
    for (const el of document.querySelector('#respond').querySelectorAll('*')) {
      if (!allowed.has(el.tagName)) bad.push(el.tagName);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || /^(src|href|srcdoc|formaction|action|xlink:href|background)$/i.test(a.name)) {
          bad.push(`${el.tagName}[${a.name}]`);
        }
      }
    }
    return {
      bad,
      ran: window.__ran,
      risky: document.querySelectorAll('script,iframe,img,svg,object,embed,video,audio,style,link,meta,base').length,
      alert: document.querySelector('[role=alert]').textContent,
      status: document.querySelector('[role=status]').textContent,
    };
  });
  const what = JSON.stringify(payload.slice(0, 60));
  assert.deepEqual([...ran, ...r.ran], [], `${what} ran`);
  assert.deepEqual(r.bad, [], `${what} put markup into the widget`);
  assert.equal(r.risky, baseline, `${what} added elements to the page`);
  if (payload.trim().length > 6) {
    assert.ok(!r.alert.includes(payload.trim()) && !r.status.includes(payload.trim()), `${what} was shown`);
  }
}

test(`${payloads.length} payloads typed into every field`, async () => {
  assert.ok(payloads.length >= 100);
  const { page, ran, baseline } = await open('ketik', { 'data-endpoint': '/hostile' });
  for (const p of payloads) {
    for (const id of ['#comment', '#author', '#email', '#url', '#balasan-captcha']) {
      await page.fill(id, p);
    }
    await page.click('#submit');
    await assertSafe(page, ran, baseline, p);
    assert.equal(await page.inputValue('#comment'), p, 'the text is kept as typed');
  }
  await page.close();
});

for (const preset of ['balasan', 'wordpress-form', 'isso']) {
  test(`${preset}: payloads sent and returned by a hostile backend in every shape`, async () => {
    const { page, ran, baseline } = await open(`kembali-${preset}`, {
      'data-endpoint': '/hostile',
      'data-preset': preset,
      'data-required': 'none',
    });
    for (const p of payloads) {
      if (p.trim() === '' || Buffer.byteLength(p.trim()) > 65525) continue;
      await page.fill('#comment', p);
      await answerCaptcha(page);
      await page.click('#submit');
      await page.waitForFunction(() => {
        const s = document.querySelector('[role=status]').textContent;
        return document.querySelector('[role=alert]').textContent || (s && !s.endsWith('…'));
      });
      await assertSafe(page, ran, baseline, p);
      // A refused send keeps the text; an accepted one clears it. Put it back either way.
    }
    await page.close();
  });
}

test('server captcha: challenges that are payloads are never shown', async () => {
  const { page, ran, baseline } = await open('soal', {
    'data-endpoint': '/hostile',
    'data-captcha': 'server',
    'data-captcha-url': '/hostile/challenge',
  });
  for (let i = 0; i < 20; i++) {
    await page.fill('#comment', 'Halo');
    await page.fill('#author', 'Sari');
    await page.fill('#email', 'sari@contoh.id');
    await page.fill('#balasan-captcha', '8');
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('[role=alert]').textContent !== '');
    assert.equal(await page.textContent('[role=alert]'),
      'Soal hitungan belum dapat dimuat. Periksa koneksi Anda, lalu kirim lagi.');
    assert.equal(await page.textContent('.balasan-question'), 'Memuat soal…');
    await assertSafe(page, ran, baseline, payloads[i]);
  }
  await page.close();
});

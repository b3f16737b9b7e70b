// Shared pieces of the end-to-end tests: real servers on loopback (the reference server,
// Isso, a static server for pages on another origin) and Debian's Chromium driven by
// playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import http, { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests/e2e/artifacts');
const serverBin = join(root, 'target/debug/balasan-server');
const issoBin = join(root, '.tools/isso/bin/isso');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Serves dist/ plus extra pages ({'/path.html': html}) on 127.0.0.1 at a free port, the way
 * a news site and a CDN would: a different origin from the comment backend. A page may also
 * be a function (req, res) that answers by itself.
 */
export async function servePages(pages = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push({ method: req.method, path });
    if (typeof pages[path] === 'function') {
      pages[path](req, res);
      return;
    }
    if (pages[path]) {
      res.writeHead(200, { 'Content-Type': types['.html'] }).end(pages[path]);
      return;
    }
    const file = normalize(join(dist, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const headers = { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' };
      // Like a CDN: the precompressed copy when the browser takes brotli.
      let body;
      if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = await readFile(`${file}.br`).catch(() => null);
        if (body) headers['Content-Encoding'] = 'br';
      }
      body ??= await readFile(file);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return listening(server, '/', requests);
}

/** Starts `server` on a free loopback port: its URL (with `path`), origin, requests, close. */
async function listening(server, path, requests) {
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${path}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * A page with one widget, added the way a site adds it: the loader's script tag with
 * `attrs` (started at once unless `attrs` says otherwise). `cdn` is where dist/ is served.
 */
export function widgetPage(attrs, title = 'Halaman uji', cdn = '/') {
  const attributes = Object.entries({ 'data-load': 'eager', ...attrs })
    .map(([k, v]) => ` ${k}="${String(v).replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`)
    .join('');
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"></head>
<body><main><script src="${cdn}embed.js"${attributes}></script></main></body></html>`;
}

/** Waits for a child process to print a line matching `pattern`; resolves to the match. */
function waitForLine(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${seen}`)), 30_000);
    const look = (chunk) => {
      seen += chunk;
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${seen}`)));
  });
}

/**
 * The reference server on a free port with a fresh SQLite file; `args` add flags. A test
 * fills a form faster than any reader, so the "sent too fast to be human" check is off,
 * unless `shipped` is set: then the server runs with its own defaults (1.5 s), as
 * `scripts/demo.sh` and real sites run it.
 */
export async function startServer(args = [], { shipped = false, postgres = null, bin = serverBin, files = true } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'balasan-e2e-'));
  const db = join(dir, 'komentar.sqlite');
  // The store, as every command of the server names it: a SQLite file of its own, or the
  // PostgreSQL database given.
  const store = postgres ? ['--database-url', postgres] : ['--db', db];
  const child = spawn(bin, [
    ...store, 'serve', '--listen', '127.0.0.1:0', ...(files ? ['--static', dist] : []),
    ...(shipped ? [] : ['--min-elapsed-ms', '0']), ...args,
  ]);
  const [, url] = await waitForLine(child, /listening on (http:\/\/\S+)/, 'balasan-server');
  return {
    url,
    origin: url.replace(/\/$/, ''),
    db,
    store,
    /** Comments in the database, read by the server's own moderation command. */
    list(status = 'all') {
      const out = spawnSync(serverBin, [...store, 'list', '--status', status], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      return out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    /**
     * Posts a comment straight to the server's API, as another reader did before; its id.
     * Fails unless the server answers `status`. Other members (`page_url`, `page_title`,
     * `email`) go into the body as they are.
     */
    async seed(post, content, { parent = null, author = 'Sari', url: site = '', status = 201, ...rest } = {}) {
      const r = await fetch(`${url}api/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ post, author, email: `${author.toLowerCase()}@contoh.id`, url: site, content, parent, hp: '', ...rest }),
      });
      if (r.status !== status) throw new Error(`seeding ${post}: ${r.status} ${await r.text()}`);
      return (await r.json()).id;
    },
    /** Publishes held comments, as a moderator does with the server's own command. */
    approve(...ids) {
      const out = spawnSync(serverBin, [...store, 'approve', ...ids.map(String)], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
    },
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ends `child` and waits until it has exited. */
export function stopChild(child) {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.on('exit', ok);
    child.kill();
  });
}

/** A real Isso server on a free port, accepting comments from `pageOrigin`. */
export async function startIsso(pageOrigin) {
  const dir = await mkdtemp(join(tmpdir(), 'balasan-isso-'));
  const port = await freePort();
  const conf = join(dir, 'isso.cfg');
  await writeFile(conf, [
    '[general]',
    `dbpath = ${join(dir, 'comments.db')}`,
    `host = ${pageOrigin}`,
    '[server]',
    `listen = http://127.0.0.1:${port}/`,
    '[moderation]',
    'enabled = false',
    '[guard]',
    'enabled = true',
    'ratelimit = 100',
    'direct-reply = 100',
    // Every reader of a test comes from 127.0.0.1: without this, Isso refuses a reply to a
    // comment from the same address while its edit window is open (403).
    'reply-to-self = true',
    'require-author = false',
    'require-email = false',
    '',
  ].join('\n'));
  const child = spawn(issoBin, ['-c', conf, 'run']);
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  const url = `http://127.0.0.1:${port}`;
  // Up when its /info answers 200; a crash or 30 s without an answer fails the test.
  for (const deadline = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`isso exited with ${child.exitCode}:\n${log}`);
    }
    const info = await fetch(`${url}/info`).catch(() => null);
    if (info?.ok) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
      throw new Error(`isso did not answer on ${url}/info within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/**
 * Follows a page's requests from now on. `idle()` resolves once no request has been in
 * flight for `quiet` ms, so a fetch that starts late is seen; it fails after `timeout` ms.
 */
export function trackNetwork(page) {
  let inFlight = 0;
  let last = Date.now();
  const moved = (by) => () => {
    inFlight += by;
    last = Date.now();
  };
  page.on('request', moved(1));
  page.on('requestfinished', moved(-1));
  page.on('requestfailed', moved(-1));
  return {
    async idle({ quiet = 500, timeout = 15_000 } = {}) {
      for (const deadline = Date.now() + timeout; inFlight > 0 || Date.now() - last < quiet;) {
        if (Date.now() > deadline) {
          throw new Error(`the page's network was not quiet for ${quiet} ms within ${timeout} ms (${inFlight} in flight)`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Waits until `check()` (sync or async) holds, polling; fails naming `what` after `timeout` ms. */
export async function eventually(check, what, timeout = 10_000) {
  for (const deadline = Date.now() + timeout; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Answers the math question shown in the form, as a reader would. */
export async function answerCaptcha(page, prefix = '') {
  const q = (await page.textContent(`label[for=${prefix}balasan-captcha] .balasan-question`)).trim();
  const p = q.split(/\s+/);
  const n = (s) => Number.parseInt(s, 10);
  const op = { '+': (a, b) => a + b, '−': (a, b) => a - b, '×': (a, b) => a * b }[p[1]];
  // "a op b =" or "a op ? = c"
  const answer = p[2] === '?'
    ? { '+': n(p[4]) - n(p[0]), '−': n(p[0]) - n(p[4]), '×': n(p[4]) / n(p[0]) }[p[1]]
    : op(n(p[0]), n(p[2]));
  await page.fill(`#${prefix}balasan-captcha`, String(answer));
  return answer;
}

/** Fills the form with a valid comment. */
export async function fillComment(page, text, prefix = '') {
  await page.fill(`#${prefix}comment`, text);
  await page.fill(`#${prefix}author`, 'Sari Wulandari');
  await page.fill(`#${prefix}email`, 'sari@contoh.id');
}

/** Clicks send, waits until the widget has an answer, and returns what the reader is told. */
export async function send(page, prefix = '') {
  await page.click(`#${prefix}submit`);
  // The form's own messages (the comment list above it has a notice of its own).
  const form = `#${prefix}commentform`;
  await page.waitForFunction((form) => {
    const status = document.querySelector(`${form} [role=status]`).textContent;
    return document.querySelector(`${form} [role=alert]`).textContent || (status && !status.endsWith('…'));
  }, form);
  return {
    status: await page.textContent(`${form} [role=status]`),
    alert: await page.textContent(`${form} [role=alert]`),
  };
}

/**
 * A proxy in front of a real backend that can break on demand, for the fault tests. Set
 * `proxy.mode` to one of:
 * - 'pass': forward as is;
 * - 'down': drop every connection (as a server that is not there);
 * - '500' / '502': answer that status itself (502 with a gateway's HTML page), CORS intact;
 * - 'slow': forward, and hold the answer `proxy.delay` ms;
 * - 'no-cors': forward, and drop the CORS header from the answer (the browser refuses it).
 * `proxy.arrived` lists every request that reached the proxy, whatever the mode, as
 * `{method, key, path, at, tag}` (its `Idempotency-Key`, when it came, its
 * `If-None-Match`); `proxy.forwarded` lists the POSTs passed on to the backend, as
 * `{key}`: what the backend really received. `proxy.cut()` drops the
 * connections of answers being held (a phone losing its signal).
 */
export async function faultProxy(target) {
  const backend = new URL(target);
  const held = new Set();
  const proxy = { mode: 'pass', delay: 0, arrived: [], forwarded: [] };
  proxy.cut = () => {
    for (const res of held) res.destroy();
    held.clear();
  };
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', Vary: 'Origin' };
    const mode = proxy.mode;
    proxy.arrived.push({
      method: req.method, key: req.headers['idempotency-key'] ?? '', path: req.url, at: Date.now(),
      tag: req.headers['if-none-match'] ?? '',
    });
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (req.method !== 'OPTIONS' && mode === '500') {
      res.writeHead(500, { ...cors, 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"server","message":"database is locked"}}');
      return;
    }
    if (req.method !== 'OPTIONS' && mode === '502') {
      res.writeHead(502, { ...cors, 'Content-Type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (req.method === 'POST') proxy.forwarded.push({ key: req.headers['idempotency-key'] ?? '' });
    const upstream = http.request({
      host: backend.hostname, port: backend.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: backend.host },
    }, (answer) => {
      const headers = { ...answer.headers };
      if (mode === 'no-cors' && req.method !== 'OPTIONS') delete headers['access-control-allow-origin'];
      const send = () => {
        if (!held.delete(res) && mode === 'slow' && req.method !== 'OPTIONS') return; // cut
        res.writeHead(answer.statusCode, headers);
        answer.pipe(res);
      };
      if (mode === 'slow' && req.method !== 'OPTIONS') {
        held.add(res);
        setTimeout(send, proxy.delay);
      } else send();
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  proxy.url = `http://127.0.0.1:${server.address().port}/`;
  proxy.close = () => new Promise((ok) => {
    server.closeAllConnections?.();
    server.close(ok);
  });
  return proxy;
}

/**
 * Serves the files of `dir` under `prefix` (e.g. '/npm/balasan@0.1.0/') on a free port, with
 * `Access-Control-Allow-Origin: *` as a CDN sends it; `pages` ({'/path.html': html}) beside.
 * Records each request's path.
 */
export async function serveDir(dir, prefix = '/', pages = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (pages[path]) {
      res.writeHead(200, { 'Content-Type': types['.html'] }).end(pages[path]);
      return;
    }
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!path.startsWith(prefix) || !file.startsWith(dir)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': types[extname(file)] ?? 'application/octet-stream',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return listening(server, prefix, requests);
}

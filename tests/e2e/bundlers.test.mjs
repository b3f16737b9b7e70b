// The npm package in the apps site developers build: for each bundler a fresh project
// (target/bundlers/<name>/) that `npm install`s the packed tarball (scripts/package.mjs),
// `import`s it and runs the bundler's own production build with its defaults (Rollup and
// esbuild with the one asset plugin the README names, as neither follows
// `new URL(…, import.meta.url)` alone). The built app is served from its own folder on
// another origin than the reference server: the form shows, the wasm takes it over, the
// comment is stored exactly once, and no request fails. Then <balasan-form> in a React and
// a Vue app (Vite): it goes with the view that holds it and comes back as one form.
//
// The bundlers are the root package.json's devDependencies (pinned by package-lock.json).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  answerCaptcha, eventually, fillComment, freePort, launch, root, send, serveDir, startServer, stopChild,
  watchErrors,
} from './harness.mjs';

const out = join(root, 'target/package');
const version = JSON.parse(readFileSync(join(out, 'npm/package.json'), 'utf8')).version;
const tarball = join(out, `balasan-${version}.tgz`);
const work = join(root, 'target/bundlers');
const bin = (name) => join(root, 'node_modules/.bin', name);

const APPS = ['vite', 'webpack', 'rollup', 'esbuild', 'react', 'vue', 'komponen'];
let browser;
let server;
/** The port of Vite's dev server (its origin may post). */
let devPort;
/** Each app's built folder, served on its own origin, and pages served in place of files. */
const served = {};
const overrides = {};

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} (node scripts/package.mjs makes it)`);
  rmSync(work, { recursive: true, force: true });
  for (const name of APPS) {
    mkdirSync(join(work, name, 'public'), { recursive: true });
    overrides[name] = {};
    served[name] = await serveDir(join(work, name, 'public'), '/', overrides[name]);
  }
  browser = await launch();
  devPort = await freePort();
  server = await startServer(['--moderation', 'approved', '--rate-burst', '100',
    ...APPS.flatMap((name) => ['--allow-origin', served[name].origin]), '--allow-origin', `http://127.0.0.1:${devPort}`]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of Object.values(served)) await s.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * A fresh project for `name` with the package installed from its tarball and `files`
 * ({path: text}) written; returns its folder. The bundler's output goes to public/.
 */
function project(name, files) {
  const dir = join(work, name);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `situs-${name}`, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs a bundler in `dir`, its output on failure. */
function build(dir, command, args) {
  try {
    execFileSync(command, args, { cwd: dir, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  } catch (e) {
    assert.fail(`${command} ${args.join(' ')} failed:\n${e.stdout}\n${e.stderr}`);
  }
}

/** The app's page, loading `script` (its bundle) the way the bundler's output is loaded. */
const page = (script, module = true) => `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Berita</title><link rel="icon" href="data:,"></head><body><main><h1>Jembatan baru di Kapuas</h1>
<div id="komentar" data-endpoint="${server.url}api/comments"></div>
<script ${module ? 'type="module" ' : ''}src="${script}"></script></main></body></html>`;

/** The app: mount() into #komentar, its outcome in window.mounted. */
const APP = (post) => `import { mount } from 'balasan';
const el = document.getElementById('komentar');
window.mounted = mount(el, { endpoint: el.dataset.endpoint, postId: ${JSON.stringify(post)}, load: 'eager' })
  .then(() => 'live', (e) => 'failed: ' + e.message);
`;

/** A new tab, its console errors and the requests that failed or were answered 400 and up. */
async function watchedTab() {
  const tab = await browser.newPage();
  const errors = watchErrors(tab);
  const failed = [];
  tab.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  tab.on('response', (r) => r.status() >= 400 && failed.push(`${r.url()} ${r.status()}`));
  return { tab, errors, failed };
}

/**
 * Opens the built app at `path` on its origin: the form shows, mount() resolves, a
 * comment is stored once, and every request the page made succeeded.
 */
async function sendsFrom(name, path, post, { ready = () => window.mounted } = {}) {
  const app = served[name];
  const { tab, errors, failed } = await watchedTab();
  await tab.goto(app.origin + path);
  assert.equal(await tab.evaluate(ready), 'live', 'mount() resolved');
  await tab.waitForSelector('[data-balasan-live] #commentform');
  const text = `Dibangun dengan ${name}.`;
  await fillComment(tab, text);
  await answerCaptcha(tab);
  const told = await send(tab);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.equal(server.list().filter((c) => c.content === text && c.post === post).length, 1, 'stored once');
  // The widget's files came from the app's own folder, as the bundler emitted them: the
  // form's wasm, and the list's once the list showed.
  await tab.waitForSelector('#comments');
  const wasm = app.requests.filter((p) => /\.wasm(\?|$)/.test(p))
    .map((p) => readFileSync(join(work, name, 'public', p.split('?')[0])));
  const published = (file) => readFileSync(join(work, name, 'node_modules/balasan', file));
  assert.equal(wasm.length, 2, `the form's and the list's wasm came from the app's origin: ${app.requests}`);
  assert.ok(wasm[0].equals(published('balasan_bg.wasm')), 'the form\'s wasm, as published');
  assert.ok(wasm[1].equals(published('balasan.list.wasm')), 'the list\'s wasm, as published');
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await tab.close();
  return app.requests;
}

/** The files a build emitted, by name (hashed names kept). */
const emitted = (dir) => readdirSync(dir, { recursive: true }).map(String);

test('Vite: its default build emits the widget\'s files and the app sends', async () => {
  const dir = project('vite', {
    'index.html': page('/src/main.js').replace('<div id="komentar"', '<div id="awal"></div><div id="komentar"'),
    // And a form unmounted before the loader came: it does not mount when the loader comes.
    'src/main.js': `${APP('vite-1')}
import { unmount } from 'balasan';
const early = document.getElementById('awal');
const late = mount(early, { endpoint: el.dataset.endpoint, postId: 'vite-awal' });
unmount(early);
window.early = late.then(() => [early.childElementCount, Object.keys(window.Balasan.articles).length]);
`,
  });
  build(dir, bin('vite'), ['build', '--outDir', 'public', '--emptyOutDir']);
  const files = emitted(join(dir, 'public'));
  assert.ok(files.some((f) => /balasan_bg-[\w-]+\.wasm$/.test(f)), `the wasm is emitted: ${files}`);
  const requests = await sendsFrom('vite', '/index.html', 'vite-1', {
    ready: () => window.early.then(([children, articles]) => (children === 0 && articles === 1 ? window.mounted : 'the early one mounted')),
  });
  assert.ok(!requests.some((p) => /nolist|wordpress|isso|forms/.test(p)), `only this form's files: ${requests}`);
});

test('Vite\'s dev server (`vite`): the same app, served as Vite serves it while a developer works, sends', async () => {
  // The project of the test above; Vite rewrites the modules it serves (a script it takes
  // for a module gets imports of its own): the loader must come through as it is.
  const dir = join(work, 'vite');
  const dev = spawn(bin('vite'), ['--host', '127.0.0.1', '--port', String(devPort), '--strictPort'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  dev.stdout.on('data', (d) => { said += d; });
  dev.stderr.on('data', (d) => { said += d; });
  try {
    // Ready when it answers: what it prints is no sign (under CI=true Vite colours the
    // port's digits apart from the colon).
    const answers = () => fetch(`http://127.0.0.1:${devPort}/index.html`).then((r) => r.ok, () => false);
    await eventually(async () => dev.exitCode !== null || await answers(), `vite dev on ${devPort}`, 60_000)
      .catch((e) => { throw new Error(`${e.message}; it said: ${said}`); });
    assert.equal(dev.exitCode, null, `vite dev ended: ${said}`);
    const { tab, errors, failed } = await watchedTab();
    await tab.goto(`http://127.0.0.1:${devPort}/index.html`);
    assert.equal(await tab.evaluate(() => window.mounted), 'live', errors.join('\n'));
    await tab.waitForSelector('#komentar [data-balasan-live] #commentform');
    await fillComment(tab, 'Selagi dikembangkan.');
    await answerCaptcha(tab);
    assert.equal((await send(tab)).status, 'Terima kasih, komentar Anda telah terkirim.');
    assert.equal(server.list().filter((c) => c.content === 'Selagi dikembangkan.').length, 1, 'stored once');
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    await tab.close();
  } finally {
    await stopChild(dev);
  }
});

test('a file the bundled app cannot get: mount() rejects with an Error naming it and why, the form stays', async () => {
  // The Vite app built above, its files broken one at a time as a misconfigured server would.
  const dir = join(work, 'vite');
  const assets = join(dir, 'public/assets');
  const published = (file) => readFileSync(join(dir, 'node_modules/balasan', file));
  const emittedAs = (file) => readdirSync(assets).find((f) => readFileSync(join(assets, f)).equals(published(file)));
  const glue = emittedAs('balasan.js');
  const loader = emittedAs('embed.js');
  assert.ok(glue && loader, 'the glue and the loader are emitted as published');
  const outcome = async () => {
    const tab = await browser.newPage();
    const errors = watchErrors(tab);
    await tab.goto(`${served.vite.origin}/index.html`);
    const told = await tab.evaluate(() => window.mounted);
    const forms = await tab.locator('#commentform').count();
    await tab.close();
    return { told, errors, forms };
  };
  // Each file, not there (404), then an HTML page in its place (a server's fallback for
  // unknown paths): the glue after the form is on the page, the loader before.
  const broken = {
    missing: (file) => {
      renameSync(join(assets, file), join(assets, `${file}.away`));
      return () => renameSync(join(assets, `${file}.away`), join(assets, file));
    },
    html: (file) => {
      overrides.vite[`/assets/${file}`] = '<!DOCTYPE html><title>Tidak ada</title>';
      return () => delete overrides.vite[`/assets/${file}`];
    },
  };
  const html = 'it is not served as JavaScript (Content-Type: text/html; charset=utf-8)';
  for (const [file, how, why, forms] of [
    [glue, 'missing', 'HTTP 404 Not Found', 1], [glue, 'html', html, 1],
    [loader, 'missing', 'HTTP 404 Not Found', 0], [loader, 'html', html, 0],
  ]) {
    const repair = broken[how](file);
    try {
      const seen = await outcome();
      const message = `balasan: ${served.vite.origin}/assets/${file} could not be loaded: ${why}`;
      assert.equal(seen.told, `failed: ${message}`);
      assert.ok(seen.errors.includes(message), `in the console too: ${seen.errors}`);
      assert.equal(seen.forms, forms, forms ? 'the pre-rendered form stays' : 'no loader, no form');
    } finally {
      repair();
    }
  }
});

test('webpack 5: its default build (minifying .js assets) still works, unpinned', async () => {
  const dir = project('webpack', { 'src/index.js': APP('webpack-1') });
  // webpack's defaults: ./src/index.js → dist/main.js; only the folder is the test's.
  build(dir, bin('webpack'), ['--mode', 'production', '--output-path', 'public']);
  // webpack minified the loader it emitted: the published file's hash would not match it.
  const published = readFileSync(join(dir, 'node_modules/balasan/embed.js'), 'utf8');
  const loader = emitted(join(dir, 'public')).map((f) => readFileSync(join(dir, 'public', f), 'utf8'))
    .find((text) => text.includes('balasanFiles') && text.includes('currentScript'));
  assert.ok(loader, 'the loader is emitted');
  assert.notEqual(loader, published, 'webpack rewrote the loader');
  writeFileSync(join(dir, 'public/index.html'), page('/main.js', false));
  await sendsFrom('webpack', '/index.html', 'webpack-1');
});

test('Rollup with @web/rollup-plugin-import-meta-assets: the app sends', async () => {
  const dir = project('rollup', {
    'src/main.js': APP('rollup-1'),
    'rollup.config.js': `import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';
export default {
  input: 'src/main.js',
  output: { dir: 'public', format: 'es' },
  plugins: [nodeResolve(), importMetaAssets()],
};
`,
  });
  build(dir, bin('rollup'), ['-c']);
  writeFileSync(join(dir, 'public/index.html'), page('/main.js'));
  await sendsFrom('rollup', '/index.html', 'rollup-1');
});

test('esbuild with @chialab/esbuild-plugin-meta-url: the app sends', async () => {
  const dir = project('esbuild', {
    'src/main.js': APP('esbuild-1'),
    'build.js': `import { build } from 'esbuild';
import metaUrl from '@chialab/esbuild-plugin-meta-url';
await build({
  entryPoints: ['src/main.js'], bundle: true, format: 'esm', minify: true, outdir: 'public',
  plugins: [metaUrl()],
});
`,
  });
  build(dir, process.execPath, ['build.js']);
  writeFileSync(join(dir, 'public/index.html'), page('/main.js'));
  await sendsFrom('esbuild', '/index.html', 'esbuild-1');
});

/**
 * A Vite app of two views, an article with <balasan-form> and a front page: the reader goes
 * to the front page and back `times` times, to another article in the same view and back,
 * then sends. Each time the form goes with its view (nothing of it stays on the page) and
 * comes back as one form that the widget takes over.
 */
async function comesBack(name, post, times = 4) {
  const app = served[name];
  const { tab, errors, failed } = await watchedTab();
  await tab.goto(`${app.origin}/index.html`);
  const live = () => tab.waitForFunction(() => document.querySelector('balasan-form')?.mounted)
    .then(() => tab.evaluate(() => document.querySelector('balasan-form').mounted.then(() => 'live', (e) => e.message)));
  const forms = () => tab.evaluate(() => ({
    forms: document.querySelectorAll('form.comment-form').length,
    keys: document.querySelectorAll('input[name=idempotency_key]').length,
    articles: Object.keys(window.Balasan.articles).length,
  }));
  const article = () => tab.evaluate(() => Object.keys(window.Balasan.articles).map((k) => k.split(' ')[1]).join());
  assert.equal(await live(), 'live');
  for (let i = 0; i < times; i++) {
    await tab.click('#ke-beranda');
    await tab.waitForSelector('#beranda');
    await eventually(async () => (await forms()).articles === 0, 'the form left with its view');
    assert.deepEqual(await forms(), { forms: 0, keys: 0, articles: 0 }, 'nothing of the form stays');
    await tab.click('#ke-artikel');
    assert.equal(await live(), 'live', `back the ${i + 1}. time`);
    assert.deepEqual(await forms(), { forms: 1, keys: 1, articles: 1 }, 'one form');
  }
  // Views that overlap a moment (a transition): a second element for the article while the
  // first is still there is refused, and gets the form once the first leaves.
  const second = await tab.evaluateHandle(() => {
    const first = document.querySelector('balasan-form');
    const el = document.createElement('balasan-form');
    for (const a of ['endpoint', 'post-id', 'load']) el.setAttribute(a, first.getAttribute(a));
    document.body.append(el);
    return el;
  });
  assert.match(await second.evaluate((el) => new Promise((ok) => queueMicrotask(ok)).then(() => el.mounted)
    .then(() => 'live', (e) => e.message)), /the article has a form on this page already/);
  await tab.click('#ke-beranda');
  assert.equal(await second.evaluate((el) => el.mounted.then(() => 'live', (e) => e.message)), 'live',
    'the waiting element took the article over');
  assert.deepEqual(await forms(), { forms: 1, keys: 1, articles: 1 });
  await second.evaluate((el) => el.remove());
  await eventually(async () => (await forms()).articles === 0, 'the second form left with its element');
  await tab.click('#ke-artikel');
  assert.equal(await live(), 'live');
  // Another article in the same element (the app changes post-id): the form is mounted
  // again for it, and back.
  assert.equal(await article(), `${name}-1`);
  for (const n of [2, 1]) {
    await tab.click(`#artikel-${n}`);
    await eventually(async () => (await article()) === `${name}-${n}`, `the form is article ${n}'s`);
    assert.equal(await live(), 'live');
    assert.deepEqual(await forms(), { forms: 1, keys: 1, articles: 1 }, 'one form');
  }
  await tab.waitForSelector('[data-balasan-live] #commentform');
  const text = `Lewat elemen di ${name}.`;
  await fillComment(tab, text);
  await answerCaptcha(tab);
  const told = await send(tab);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.', told.alert);
  assert.equal(server.list().filter((c) => c.content === text && c.post === post).length, 1, 'stored once');
  // The wasm came once, however often the form came back.
  assert.equal(app.requests.filter((p) => /_bg-[\w-]+\.wasm/.test(p)).length, 1, String(app.requests));
  // A form that leaves while its list is on its way aborts that request (as it should):
  // nothing else may fail.
  assert.deepEqual(failed.filter((f) => !/\/api\/comments\?post=.* net::ERR_ABORTED$/.test(f)), []);
  // The one line: the second element, refused while the first was there.
  assert.deepEqual(errors, [`balasan: data-post-id ${post}: the article has a form on this page already`]);
  await tab.close();
}

const FRAMEWORK_PAGE = () => `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Berita</title><link rel="icon" href="data:,"></head><body>
<div id="app" data-endpoint="${server.url}api/comments"></div>
<script type="module" src="/src/main.js"></script></body></html>`;

test('<balasan-form> in a React app (Vite): it leaves with its view and comes back as one form', async () => {
  const dir = project('react', {
    'index.html': FRAMEWORK_PAGE(),
    'vite.config.js': `import react from '@vitejs/plugin-react';
export default { plugins: [react()] };
`,
    'src/main.js': `import { createRoot } from 'react-dom/client';
import { createElement } from 'react';
import { App } from './App.jsx';
const el = document.getElementById('app');
createRoot(el).render(createElement(App, { endpoint: el.dataset.endpoint }));
`,
    'src/App.jsx': `import { useState } from 'react';
import 'balasan';

export function App({ endpoint }) {
  const [page, setPage] = useState('artikel');
  const [article, setArticle] = useState(1);
  return (
    <>
      <nav>
        <button id="ke-beranda" onClick={() => setPage('beranda')}>Beranda</button>
        <button id="ke-artikel" onClick={() => setPage('artikel')}>Artikel</button>
        <button id="artikel-1" onClick={() => setArticle(1)}>Artikel 1</button>
        <button id="artikel-2" onClick={() => setArticle(2)}>Artikel 2</button>
      </nav>
      {page === 'artikel' ? (
        <article>
          <h1>Jembatan baru di Kapuas</h1>
          <balasan-form endpoint={endpoint} post-id={'react-' + article} load="eager"></balasan-form>
        </article>
      ) : <p id="beranda">Berita hari ini</p>}
    </>
  );
}
`,
  });
  build(dir, bin('vite'), ['build', '--outDir', 'public', '--emptyOutDir']);
  await comesBack('react', 'react-1');
});

test('<balasan-form> in a Vue app (Vite): it leaves with its view and comes back as one form', async () => {
  const dir = project('vue', {
    'index.html': FRAMEWORK_PAGE(),
    // Vue is told the element is not one of its components (README).
    'vite.config.js': `import vue from '@vitejs/plugin-vue';
export default {
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'balasan-form' } } })],
};
`,
    'src/main.js': `import { createApp } from 'vue';
import App from './App.vue';
createApp(App, { endpoint: document.getElementById('app').dataset.endpoint }).mount('#app');
`,
    'src/App.vue': `<script setup>
import { ref } from 'vue';
import 'balasan';
defineProps({ endpoint: String });
const page = ref('artikel');
const article = ref(1);
</script>

<template>
  <nav>
    <button id="ke-beranda" @click="page = 'beranda'">Beranda</button>
    <button id="ke-artikel" @click="page = 'artikel'">Artikel</button>
    <button id="artikel-1" @click="article = 1">Artikel 1</button>
    <button id="artikel-2" @click="article = 2">Artikel 2</button>
  </nav>
  <article v-if="page === 'artikel'">
    <h1>Jembatan baru di Kapuas</h1>
    <balasan-form :endpoint="endpoint" :post-id="'vue-' + article" load="eager"></balasan-form>
  </article>
  <p v-else id="beranda">Berita hari ini</p>
</template>
`,
  });
  build(dir, bin('vite'), ['build', '--outDir', 'public', '--emptyOutDir']);
  await comesBack('vue', 'vue-1');
});

test('<balasan-form> inside a component\'s shadow root: styled there, taken over, sends; a misspelt setting is named', async () => {
  const dir = project('komponen', {
    'index.html': FRAMEWORK_PAGE().replace('<div id="app"', '<kotak-komentar id="app"').replace('></div>', '></kotak-komentar>'),
    // A component of the site's own (as Lit or Stencil make them) that holds the form.
    'src/main.js': `import 'balasan';
customElements.define('kotak-komentar', class extends HTMLElement {
  connectedCallback() {
    const form = document.createElement('balasan-form');
    form.setAttribute('endpoint', this.dataset.endpoint);
    form.setAttribute('post-id', 'komponen-1');
    form.setAttribute('load', 'eager');
    form.setAttribute('captchaops', '+'); // misspelt: named in the console
    this.attachShadow({ mode: 'open' }).append(form);
  }
});
`,
  });
  build(dir, bin('vite'), ['build', '--outDir', 'public', '--emptyOutDir']);
  const tab = await browser.newPage();
  const errors = watchErrors(tab);
  await tab.goto(`${served.komponen.origin}/index.html`);
  const inside = (f) => tab.evaluate(f);
  assert.equal(await inside(() => document.querySelector('kotak-komentar').shadowRoot.querySelector('balasan-form').mounted
    .then(() => 'live', (e) => e.message)), 'live');
  assert.equal(await inside(() => getComputedStyle(document.querySelector('kotak-komentar').shadowRoot
    .querySelector('.comment-respond')).getPropertyValue('--_accent').trim()), '#135e96', 'the stylesheet applies in the shadow root');
  assert.equal(await inside(() => document.adoptedStyleSheets.length), 0, 'nothing added to the page\'s own styles');
  const text = 'Dari dalam sebuah komponen.';
  await fillComment(tab, text); // (Playwright's selectors reach into open shadow roots)
  await answerCaptcha(tab);
  await tab.click('#submit');
  await eventually(() => server.list().some((c) => c.content === text && c.post === 'komponen-1'), 'the comment is stored');
  assert.deepEqual(errors, ['balasan: <balasan-form captchaops>: not a setting; captcha-ops?']);
  await tab.close();
});

// The npm package as site developers get it: `npm pack`'s tarball (scripts/package.mjs),
// used exactly as a user would, two ways:
// 1. the script tag from a CDN that serves npm packages by version (the tarball's files
//    under /npm/balasan@<version>/, on another origin, pinned with the published hash);
// 2. `npm install` of the tarball into a fresh project, `import { mount } from 'balasan'`,
//    bundled by a real bundler (esbuild), the package's files copied next to the bundle as
//    its README says, run in Chromium.
// Each posts a comment that the real reference server stores.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answerCaptcha, fillComment, launch, root, send, serveDir, startServer, watchErrors,
} from './harness.mjs';

const out = join(root, 'target/package');
const version = JSON.parse(readFileSync(join(out, 'npm/package.json'), 'utf8')).version;
const tarball = join(out, `balasan-${version}.tgz`);

let browser;
let server;
// The CDN test: the package's files at a versioned path, and a news page on another origin.
let pkg;
let cdn;
let site;
const sitePages = {};
// The bundler test: a fresh project whose public/ a web server serves.
let project;
let app;
const appPages = {};

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} (node scripts/package.mjs makes it)`);
  browser = await launch();
  pkg = unpack();
  cdn = await serveDir(pkg, `/npm/balasan@${version}/`);
  site = await serveDir(pkg, '/nothing/', sitePages);
  project = mkdtempSync(join(tmpdir(), 'balasan-app-'));
  mkdirSync(join(project, 'public'));
  app = await serveDir(join(project, 'public'), '/', appPages);
  server = await startServer([
    '--moderation', 'approved', '--allow-origin', site.origin, '--allow-origin', app.origin,
  ]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of [cdn, site, app]) await s?.close();
  for (const dir of [project, pkg && join(pkg, '..')]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The tarball's files, unpacked as a CDN or node_modules holds them. */
function unpack() {
  const dir = mkdtempSync(join(tmpdir(), 'balasan-npm-'));
  execFileSync('tar', ['xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

test('the package: what it holds, and its declared entry points exist', () => {
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'balasan');
  assert.equal(manifest.license, 'MIT');
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  assert.ok(cargo.includes(`\nversion = "${manifest.version}"`), 'the version is the crate\'s');
  for (const file of ['index.js', 'index.d.ts', 'embed.js', 'balasan.js', 'balasan_bg.wasm', 'balasan.list.wasm', 'balasan.css',
    ...['', '-wordpress', '-isso', '-forms'].flatMap((b) => [`balasan${b}`, `balasan${b}-nolist`])
      .flatMap((name) => [`${name}.js`, `${name}_bg.wasm`]),
    ...['', '-wordpress', '-isso', '-forms'].map((b) => `balasan${b}.list.wasm`),
    'lang/en.json', 'lang/ms.json', 'integrity.json', 'form/id.html', 'README.md', 'LICENSE']) {
    assert.ok(existsSync(join(pkg, file)), `${file} is in the package`);
  }
  assert.ok(!existsSync(join(pkg, 'lang/en.json.br')), 'the reference server\'s precompressed copies stay out');
  assert.equal(manifest.exports['.'].types, './index.d.ts');
  assert.ok(existsSync(join(pkg, manifest.exports['.'].default)));
  const integrity = JSON.parse(readFileSync(join(pkg, 'integrity.json'), 'utf8'));
  assert.match(integrity['embed.js'], /^sha384-/);
  assert.ok(readFileSync(join(pkg, 'README.md'), 'utf8').includes(integrity['embed.js']),
    'the README gives the hash to pin');
  assert.ok(readFileSync(join(pkg, 'index.js'), 'utf8').includes(integrity['embed.js']),
    'the module entry pins the loader');
  const types = readFileSync(join(pkg, 'index.d.ts'), 'utf8');
  assert.match(types, /export function mount\(element: Element, options: Options\): Promise<void>;/);
});

test('from a CDN: the versioned script tag, pinned, finds its files beside itself and sends', async () => {
  const path = `/npm/balasan@${version}/`;
  const integrity = JSON.parse(readFileSync(join(pkg, 'integrity.json'), 'utf8'));
  sitePages['/berita.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita</title>
<link rel="icon" href="data:,"></head><body><main><h1>Pasar terapung dibuka lagi</h1>
<script src="${cdn.url}embed.js" integrity="${integrity['embed.js']}" crossorigin="anonymous"
  data-endpoint="${server.url}api/comments" data-post-id="cdn-1" data-load="eager"></script></main></body></html>`;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/berita.html`);
  await page.waitForSelector('[data-balasan-live] #commentform');
  await fillComment(page, 'Dari CDN, dengan versi di alamatnya.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.equal(server.list().filter((c) => c.content === 'Dari CDN, dengan versi di alamatnya.' && c.post === 'cdn-1').length, 1,
    'stored once');
  // Every widget file came from the package's versioned folder.
  for (const file of ['embed.js', 'balasan.js', 'balasan_bg.wasm']) {
    assert.ok(cdn.requests.includes(path + file), `${file} from ${path}: ${cdn.requests}`);
  }
  assert.ok(cdn.requests.every((p) => p.startsWith(path)), String(cdn.requests));
  assert.deepEqual(errors, []);
  await page.close();
});

test('from npm with a bundler: import { mount } from "balasan", bundled by esbuild, sends', async () => {
  // A fresh project, as a site developer would have it.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'situs-berita', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: project });
  writeFileSync(join(project, 'app.js'), `import { mount, unmount } from 'balasan';
const el = document.getElementById('komentar');
window.mounted = mount(el, { endpoint: ${JSON.stringify(server.url + 'api/comments')}, postId: 'npm-1', load: 'eager' })
  .then(() => 'live');
window.unmountIt = () => unmount(el);
`);
  // The types, checked by TypeScript as a consumer's code: right use compiles, wrong does not.
  const tsc = (file) => spawnSync(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', file], { cwd: project, encoding: 'utf8' });
  writeFileSync(join(project, 'typed.ts'), `import { mount, unmount, type Options } from 'balasan';
const options: Options = { endpoint: '/api/comments', postId: 42, lang: 'id', captcha: 'server', texts: { 'reply-title': 'Tanggapi' } };
const el: Element = document.body;
const done: Promise<void> = mount(el, options);
unmount(el);
window.Balasan?.unmount(el);
export { done };
`);
  const typed = tsc('typed.ts');
  assert.equal(typed.status, 0, typed.stdout + typed.stderr);
  writeFileSync(join(project, 'mistyped.ts'), `import { mount } from 'balasan';
mount(document.body, { endpoint: 1, captcha: 'maybe' });
`);
  const mistyped = tsc('mistyped.ts');
  assert.notEqual(mistyped.status, 0, 'a wrong option type is caught');
  assert.match(mistyped.stdout, /Type 'number' is not assignable to type 'string'/, 'endpoint is a string');
  assert.match(mistyped.stdout, /Type '"maybe"' is not assignable/, 'captcha is one of its choices');

  const public_ = join(project, 'public');
  const esbuild = join(root, 'node_modules/.bin/esbuild');
  execFileSync(esbuild, ['app.js', '--bundle', '--format=esm', '--minify', `--outfile=${join(public_, 'app.js')}`],
    { cwd: project, stdio: 'pipe' });
  // What the package's README says for bundlers: its files next to the bundle.
  const installed = join(project, 'node_modules/balasan');
  for (const f of readdirSync(installed)) {
    if (/\.(js|wasm|css|json)$/.test(f) && !['index.js', 'package.json'].includes(f)) {
      copyFileSync(join(installed, f), join(public_, f));
    }
  }
  const bundle = readFileSync(join(public_, 'app.js'), 'utf8');
  assert.ok(bundle.includes('import.meta.url'), 'the bundle finds the files relative to itself');
  appPages['/artikel.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Artikel</title>
<link rel="icon" href="data:,"></head><body><main><h1>Kereta baru ke Bogor</h1><div id="komentar"></div>
<script type="module" src="/app.js"></script></main></body></html>`;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.origin}/artikel.html`);
  assert.equal(await page.evaluate(() => window.mounted), 'live');
  await page.waitForSelector('#komentar [data-balasan-live] #commentform');
  await fillComment(page, 'Lewat npm dan esbuild.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Terima kasih, komentar Anda telah terkirim.');
  assert.equal(server.list().filter((c) => c.content === 'Lewat npm dan esbuild.' && c.post === 'npm-1').length, 1,
    'stored once');
  assert.ok(app.requests.includes('/balasan_bg.wasm'), 'the wasm came from beside the bundle');
  await page.evaluate(() => window.unmountIt());
  assert.equal(await page.locator('#commentform').count(), 0, 'unmount removes the form');
  assert.deepEqual(errors, []);
  await page.close();
});

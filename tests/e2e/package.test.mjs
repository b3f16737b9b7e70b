// The npm package as site developers get it: `npm pack`'s tarball (scripts/package.mjs):
// what it holds, its types as a TypeScript consumer meets them, and the script tag from a
// CDN that serves npm packages by version (the tarball's files under /npm/balasan@<version>/,
// on another origin, pinned with the published hash), which posts a comment that the real
// reference server stores and refuses a file that is not the published one. The package in
// bundlers: bundlers.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
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
// The package's files at a versioned path on a CDN, a copy with one file changed on
// another, and a news page on a third origin.
let pkg;
let cdn;
let changed;
let changedCdn;
let site;
const sitePages = {};
// A TypeScript consumer's project (inside the repository, so that it finds @types/react).
const consumer = join(root, 'target/npm-consumer');

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} (node scripts/package.mjs makes it)`);
  browser = await launch();
  pkg = unpack();
  cdn = await serveDir(pkg, `/npm/balasan@${version}/`);
  changed = join(pkg, '..', 'changed');
  cpSync(pkg, changed, { recursive: true });
  const glue = readFileSync(join(changed, 'balasan.js'), 'utf8');
  writeFileSync(join(changed, 'balasan.js'), glue.replace('could not', 'could  not'));
  changedCdn = await serveDir(changed, `/npm/balasan@${version}/`);
  site = await serveDir(pkg, '/nothing/', sitePages);
  server = await startServer(['--moderation', 'approved', '--allow-origin', site.origin]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of [cdn, changedCdn, site]) await s?.close();
  for (const dir of [consumer, pkg && join(pkg, '..')]) if (dir) rmSync(dir, { recursive: true, force: true });
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
  // The module entry names every file a form may fetch the way bundlers follow, and pins
  // none of them (a bundler's output is the site's own).
  const entry = readFileSync(join(pkg, 'index.js'), 'utf8');
  const named = [...entry.matchAll(/new URL\("\.\/([^"]+)", import\.meta\.url\)/g)].map((m) => m[1]);
  assert.deepEqual(named.toSorted(), Object.keys(integrity).toSorted(), 'every file integrity.json lists, once');
  assert.deepEqual([...entry.matchAll(/sha(256|384)-[\w+/=]+/g)].map((m) => m[0]), [integrity['embed.js']],
    'the module entry pins the loader only, for when it is served from a CDN itself');
  // Vite inlines files under 4 KB as data: URLs, which a page's `connect-src` may refuse.
  for (const file of named) {
    assert.ok(readFileSync(join(pkg, file)).length >= 4096, `${file} is 4 KB or more, so that Vite emits it as a file`);
  }
  assert.deepEqual(manifest.sideEffects, ['./index.js', './react.js'], 'importing it defines <balasan-form>');
  // <balasan-form> takes every setting the README's tables list (but the script tag's own).
  const settings = JSON.parse(/const SETTINGS = new Set\((\[[^\]]+\])\)/.exec(entry)[1].replaceAll("'", '"'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/^\| `data-([a-z-]+)` \|/gm)].map((m) => m[1])
    .filter((name) => !['target', 'reserve'].includes(name));
  assert.deepEqual(settings.toSorted(), [...new Set(listed)].toSorted(), 'the element\'s settings are the README\'s');
});

test('the types, as a TypeScript consumer meets them: right use compiles, wrong use does not', () => {
  rmSync(consumer, { recursive: true, force: true });
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'situs-berita', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: consumer });
  const tsc = (file, ...extra) => spawnSync(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false', ...extra, file],
  { cwd: consumer, encoding: 'utf8' });
  writeFileSync(join(consumer, 'typed.ts'), `import { mount, unmount, type Options } from 'balasan';
const options: Options = { endpoint: '/api/comments', postId: 42, lang: 'id', captcha: 'server', texts: { 'reply-title': 'Tanggapi' } };
const el: Element = document.body;
const done: Promise<void> = mount(el, options);
unmount(el);
window.Balasan?.unmount(el);
const form = document.createElement('balasan-form');
form.setAttribute('post-id', '42');
const mounted: Promise<void> | undefined = document.querySelector('balasan-form')?.mounted;
export { done, mounted };
`);
  const typed = tsc('typed.ts');
  assert.equal(typed.status, 0, typed.stdout + typed.stderr);
  writeFileSync(join(consumer, 'mistyped.ts'), `import { mount } from 'balasan';
mount(document.body, { endpoint: 1, captcha: 'maybe' });
const pending: Promise<string> | undefined = document.createElement('balasan-form').mounted;
`);
  const mistyped = tsc('mistyped.ts');
  assert.notEqual(mistyped.status, 0, 'a wrong option type is caught');
  assert.match(mistyped.stdout, /Type 'number' is not assignable to type 'string'/, 'endpoint is a string');
  assert.match(mistyped.stdout, /Type '"maybe"' is not assignable/, 'captcha is one of its choices');
  assert.match(mistyped.stdout, /mistyped\.ts\(3,/, 'the element\'s `mounted` is a Promise<void>');
  // React's JSX knows the element once balasan/react is imported; its attributes are typed.
  writeFileSync(join(consumer, 'artikel.tsx'), `import 'balasan/react';
export const Artikel = () => <balasan-form endpoint="/api/comments" post-id="42" captcha="server" className="komentar" />;
`);
  const jsx = tsc('artikel.tsx', '--jsx', 'react-jsx');
  assert.equal(jsx.status, 0, jsx.stdout + jsx.stderr);
  writeFileSync(join(consumer, 'salah.tsx'), `import 'balasan/react';
export const Salah = () => <balasan-form post-id="42" />;
export const Keliru = () => <balasan-form endpoint="/api/comments" captcha="maybe" />;
`);
  const wrongJsx = tsc('salah.tsx', '--jsx', 'react-jsx');
  assert.match(wrongJsx.stdout, /salah\.tsx\(2,[^\n]*\n[^\n]*Property 'endpoint' is missing/, 'endpoint is required');
  assert.match(wrongJsx.stdout, /salah\.tsx\(3,.*Type '"maybe"' is not assignable/, 'captcha is one of its choices');
  // Without balasan/react, a React consumer's JSX does not know the element: the opt-in is what types it.
  writeFileSync(join(consumer, 'tanpa.tsx'), `import 'balasan';
export const Tanpa = () => <balasan-form endpoint="/api/comments" />;
`);
  const without = tsc('tanpa.tsx', '--jsx', 'react-jsx');
  assert.match(without.stdout, /tanpa\.tsx\(2,.*TS2339: Property 'balasan-form' does not exist on type 'JSX\.IntrinsicElements'/,
    'the React typing is opt-in');
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


test('from a CDN: a glue that is not the published one is refused by its pin, mount() names it, the form stays', async () => {
  const integrity = JSON.parse(readFileSync(join(pkg, 'integrity.json'), 'utf8'));
  sitePages['/ubah.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita</title>
<link rel="icon" href="data:,"></head><body><main><h1>Pasar terapung dibuka lagi</h1>
<script src="${changedCdn.url}embed.js" integrity="${integrity['embed.js']}" crossorigin="anonymous"></script>
<div id="komentar"></div></main></body></html>`;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/ubah.html`);
  const told = await page.evaluate((endpoint) => window.Balasan.mount(document.getElementById('komentar'),
    { endpoint, postId: 'cdn-2' }).then(() => 'live', (e) => e.message), `${server.url}api/comments`);
  const glue = `${changedCdn.url}balasan.js`;
  assert.equal(told, `balasan: the widget could not be loaded from ${glue} (refused)`);
  assert.ok(errors.some((e) => e.includes(glue) && /integrity/i.test(e)), `the browser says why: ${errors.join('\n')}`);
  assert.ok(changedCdn.requests.includes(`/npm/balasan@${version}/balasan.js`));
  assert.equal(await page.locator('[data-balasan-live]').count(), 0, 'no takeover');
  assert.equal(await page.locator('#commentform').count(), 1, 'the pre-rendered form stays');
  await page.close();
});

test('from a CDN, the module entry itself (type="module"): pinned as the script tag; a changed glue is refused', async () => {
  const page = async (cdnServer) => {
    sitePages['/modul.html'] = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita</title>
<link rel="icon" href="data:,"></head><body><main><h1>Pasar terapung dibuka lagi</h1><div id="komentar"></div>
<script type="module">
import { mount } from '${cdnServer.url}index.js';
window.mounted = mount(document.getElementById('komentar'), { endpoint: '${server.url}api/comments', postId: 'cdn-3' })
  .then(() => 'live', (e) => e.message);
</script></main></body></html>`;
    const tab = await browser.newPage();
    const errors = watchErrors(tab);
    await tab.goto(`${site.origin}/modul.html`);
    const told = await tab.evaluate(() => window.mounted);
    const pinned = await tab.evaluate(() => [...document.scripts].find((s) => s.src.endsWith('/embed.js'))?.integrity);
    await tab.close();
    return { told, errors, pinned };
  };
  const integrity = JSON.parse(readFileSync(join(pkg, 'integrity.json'), 'utf8'));
  const published = await page(cdn);
  assert.equal(published.told, 'live');
  assert.equal(published.pinned, integrity['embed.js'], 'the loader is pinned');
  assert.deepEqual(published.errors, []);
  const changedOne = await page(changedCdn);
  const glue = `${changedCdn.url}balasan.js`;
  assert.equal(changedOne.told, `balasan: ${glue} could not be loaded: `
    + 'it came but was refused: not the published file (its integrity pin), or it did not run (see the lines above)');
  assert.ok(changedOne.errors.some((e) => e.includes(glue) && /integrity/i.test(e)), changedOne.errors.join('\n'));
});

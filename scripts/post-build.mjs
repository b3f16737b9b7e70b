// Trunk post-build hook (see Trunk.toml), run in Trunk's staging directory after the wasm,
// its glue and the stylesheet are there:
//
// - balasan.js (wasm-bindgen's glue), and each other glue with its wasm (built by
//   scripts/backends.mjs, copied in here), gets loader/glue.js: `start()`, which fetches
//   its own wasm pinned by its hash; `enhancedCss`, the minified style/enhanced.css (what
//   only the wasm shows: field errors, the comment list), which the loader adopts with the wasm (and
//   balasan.css, the file for browsers without constructed stylesheets, gets it too); and
//   `texts(lang)`, which fetches lang/<tag>.json (the texts of the languages the wasm does
//   not carry), pinned too. The glue and balasan.css are minified, and the names the wasm
//   imports from the glue shortened on both sides (scripts/imports.mjs);
// - embed.js: loader/embed.js, minified, with written in: the SRI hashes of the files it
//   loads, the glues and the stylesheet (a page that pins embed.js with SRI pins
//   everything else too: the glue pins the rest), which presets load which glue and which
//   may list (target/prerender/presets.json), the form's
//   template and texts (target/prerender/form.json, from `balasan-prerender`, which
//   scripts/build.sh runs first), and the minified stylesheet;
// - form/<lang>.html: the form with default settings, for sites to include (from
//   target/prerender);
// - integrity.json: { file: "sha384-…" } for every file a reader downloads.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { BACKENDS, GLUES, OUT, filesOf } from './backends.mjs';
import { compress } from './compress.mjs';
import { shortenImports } from './imports.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const sri = (bytes, algorithm = 'sha384') => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
const read = (file) => readFileSync(join(staging, file));

// Property names stay as they are: the wasm imports its glue functions by name.
const minified = (source, loader) => transformSync(source, {
  loader,
  minify: true,
  target: loader === 'css' ? 'chrome100' : 'es2020',
  legalComments: 'none',
}).code;
const minify = (file, loader) => writeFileSync(join(staging, file), minified(read(file).toString(), loader));
const enhancedCss = minified(readFileSync('style/enhanced.css', 'utf8'), 'css').trim();
// The texts of the languages the wasm does not carry (target/prerender/lang-<tag>.json,
// from `balasan-prerender`): lang/<tag>.json, pinned by the glue (which the loader pins).
const prerendered = 'target/prerender';
mkdirSync(join(staging, 'lang'), { recursive: true });
const langs = {};
for (const file of readdirSync(prerendered).filter((f) => /^lang-[a-z]+\.json$/.test(f))) {
  const bytes = readFileSync(join(prerendered, file));
  const tag = file.slice(5, -5);
  writeFileSync(join(staging, 'lang', `${tag}.json`), bytes);
  langs[tag] = sri(bytes);
}
// What the loader takes from the glue besides the wasm (loader/glue.js).
let extra = readFileSync('loader/glue.js', 'utf8');
for (const [marker, value] of [
  ["/*ENHANCED_CSS*/ ''", JSON.stringify(enhancedCss)],
  ['/*LANGS*/ {}', JSON.stringify(langs)],
]) {
  if (!extra.includes(marker)) {
    console.error(`post-build: loader/glue.js lost its ${marker} marker`);
    process.exit(1);
  }
  extra = extra.replace(marker, () => value);
}
// The markers each glue fills with its own wasm's name and its own.
const wasmFile = "/*WASM_FILE*/ 'balasan_bg.wasm'";
const glueName = "/*GLUE_NAME*/ 'balasan'";
for (const marker of [wasmFile, glueName]) {
  if (!extra.includes(marker)) {
    console.error(`post-build: loader/glue.js lost its ${marker} marker`);
    process.exit(1);
  }
}
// Each wasm with its glue (scripts/backends.mjs built them into target/backends/).
for (const name of GLUES) {
  for (const file of filesOf(name)) writeFileSync(join(staging, file), readFileSync(join(OUT, file)));
}
GLUES.forEach(finish);
minify('balasan.css', 'css');

// One module, minified together (their names cannot clash); the loader starts the wasm
// through `start`, so wasm-bindgen's own ways in (`__wbg_init`, `initSync`) go, and
// tree-shaking takes their code.
function finish(name) {
  let glue = read(`${name}.js`).toString();
  const exports = 'export { initSync, __wbg_init as default };';
  if (!glue.includes(exports) || !/function __wbg_get_imports\(\)/.test(glue)
    || !/function __wbg_finalize_init\(instance, module\)/.test(glue)) {
    console.error(`post-build: wasm-bindgen's glue (${name}.js) does not end as loader/glue.js expects`);
    process.exit(1);
  }
  if (filesOf(name).includes(`${name}.list.wasm`)) glue = linked(name, glue);
  const own = extra.replace(wasmFile, () => JSON.stringify(`${name}_bg.wasm`))
    .replace(glueName, () => JSON.stringify(name));
  writeFileSync(join(staging, `${name}.js`), transformSync(`${glue.replace(exports, '')}\n${own}`, {
    loader: 'js',
    format: 'esm',
    minify: true,
    treeShaking: true,
    target: 'es2020',
    legalComments: 'none',
  }).code);
  // Short names for what the wasm imports from its glue, on both sides (scripts/imports.mjs).
  const short = shortenImports(read(`${name}_bg.wasm`), read(`${name}.js`).toString(), name);
  writeFileSync(join(staging, `${name}_bg.wasm`), short.wasm);
  if (short.glue.split('@WASM_SRI@').length !== 2) {
    console.error(`post-build: ${name}.js lost its @WASM_SRI@ mark`);
    process.exit(1);
  }
  writeFileSync(join(staging, `${name}.js`), short.glue.replace('@WASM_SRI@', () => sri(short.wasm)));
}
/**
 * The glue with the list's loader in it (`<name>.split.js` from wasm-split-cli, which the
 * wasm imports as "./__wasm_split.js"): one file, pinned by the loader as before, rather
 * than a second module fetched after the glue. The list's wasm is fetched pinned by its
 * hash, and compiled from its bytes whatever type the server gives it.
 */
function linked(name, glue) {
  const importLine = 'import * as import1 from "./__wasm_split.js"';
  let link = readFileSync(join(OUT, `${name}.split.js`), 'utf8');
  const fetchLine = 'const src = fetch(new URL("./split_list.wasm", import.meta.url));';
  const instantiate = 'return async (imports) => (WebAssembly.instantiateStreaming(src, imports));';
  const mainImport = `import { initSync } from "./${name}.js";`;
  const loaderExport = 'export const __wasm_split_load_list =';
  const logged = 'console.error(e);';
  for (const [what, text] of [['glue', importLine], ['link', fetchLine], ['link', instantiate], ['link', mainImport],
    ['link', loaderExport], ['link', logged]]) {
    if ((what === 'glue' ? glue : link).split(text).length !== 2) {
      console.error(`post-build: ${what === 'glue' ? `${name}.js` : `${name}.split.js`} does not hold ${text} once`);
      process.exit(1);
    }
  }
  // What the list's wasm links to must still be exported by the form's wasm, as named.
  const shared = /const \{ ([\w, ]+) \} = initSync\(undefined, undefined\);/.exec(link);
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(read(`${name}_bg.wasm`))).map((e) => e.name);
  const missing = shared ? shared[1].split(',').map((n) => n.trim()).filter((n) => n && !exported.includes(n)) : ['(none found)'];
  if (missing.length) {
    console.error(`post-build: ${name}_bg.wasm does not export what its list's wasm links to: ${missing.join(', ')}`);
    process.exit(1);
  }
  const pin = sri(read(`${name}.list.wasm`));
  const url = `at(${JSON.stringify(`${name}.list.wasm`)})`;
  link = link.replace(mainImport, '')
    .replace(loaderExport, 'const __wasm_split_load_list =')
    .replace(fetchLine, () => `const url = ${url};
    // A fetch that never ends would hold every list of the page: 30 s at most.
    const signal = AbortSignal.timeout ? AbortSignal.timeout(30000) : undefined;
    const src = fetch(url, { integrity: FILES ? '' : ${JSON.stringify(pin)}, signal }).then((r) => {
      if (!r.ok) throw new Error(r.status + ' fetching ' + url);
      return r.arrayBuffer();
    }, (e) => {
      throw new Error(e + ' fetching ' + url);
    });`)
    .replace(instantiate, 'return (imports) => src.then((b) => WebAssembly.instantiate(b, imports));')
    // The one console line when the list's wasm cannot be had (the form goes on without it).
    .replace(logged, () => "console.error('balasan: the comment list could not be loaded (' + e + ')');");
  return glue.replace(importLine, `${link}\nconst import1 = { __wasm_split_load_list };`);
}

const formCss = read('balasan.css').toString().trim();
writeFileSync(join(staging, 'balasan.css'), formCss + enhancedCss);

const loaded = [...GLUES.flatMap(filesOf), 'balasan.css'];
const hashes = Object.fromEntries(loaded.map((f) => [f, sri(read(f))]));

const form = readFileSync(join(prerendered, 'form.json'), 'utf8').trim();
let source = readFileSync('loader/embed.js', 'utf8');
// The loader pins what it loads itself; the glue pins the wasm and the texts.
// SHA-256 there: nine pins on every page's first download, each 20 characters shorter
// than SHA-384's (integrity.json, for sites, keeps SHA-384). A glue's pin goes by its
// name (`balasan-isso`), as the loader names glues; the stylesheet's by its file.
const pinned = Object.fromEntries([
  ...GLUES.map((name) => [name, sri(read(`${name}.js`), 'sha256')]),
  ['balasan.css', sri(read('balasan.css'), 'sha256')],
]);
// Which glue a preset's form loads (the rest load balasan.js), and which presets may list
// (target/prerender/presets.json, from `balasan-prerender`): a form whose list cannot show
// loads the `-nolist` one.
const byPreset = Object.fromEntries(Object.entries(BACKENDS).flatMap(([b, presets]) => presets.map((p) => [p, b])));
const listing = JSON.parse(readFileSync(join(prerendered, 'presets.json'), 'utf8')).lists;
for (const [marker, value] of [
  ['/*INTEGRITY*/ {}', JSON.stringify(pinned)],
  ['/*BACKENDS*/ {}', JSON.stringify(byPreset)],
  ['/*LISTING*/ []', JSON.stringify(listing)],
  ['/*FORM*/ {}', form],
  ["/*CSS*/ ''", JSON.stringify(formCss)],
]) {
  if (!source.includes(marker)) {
    console.error(`post-build: loader/embed.js lost its ${marker} marker`);
    process.exit(1);
  }
  source = source.replace(marker, () => value);
}
const { code } = transformSync(source, {
  minify: true,
  target: 'es2020',
  legalComments: 'none',
});
writeFileSync(join(staging, 'embed.js'), code);

mkdirSync(join(staging, 'form'), { recursive: true });
for (const file of readdirSync(prerendered).filter((f) => /^form-[a-z]+\.html$/.test(f))) {
  writeFileSync(join(staging, 'form', file.replace('form-', '')), readFileSync(join(prerendered, file)));
}

const manifest = {
  'embed.js': sri(Buffer.from(code)),
  ...hashes,
  ...Object.fromEntries(Object.entries(langs).map(([tag, hash]) => [`lang/${tag}.json`, hash])),
};
writeFileSync(join(staging, 'integrity.json'), JSON.stringify(manifest, null, 2) + '\n');

// Precompressed copies, for servers that send them as they are (the reference server does).
for (const file of ['embed.js', ...loaded, ...Object.keys(langs).map((tag) => `lang/${tag}.json`), 'index.html']) {
  compress(join(staging, file));
}
console.log(`post-build: embed.js ${code.length} bytes; integrity.json written`);

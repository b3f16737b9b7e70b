// Trunk post-build hook (see Trunk.toml), run in Trunk's staging directory after the wasm,
// its glue and the stylesheet are there:
//
// - balasan.js (wasm-bindgen's glue) and balasan.css are minified in place;
// - embed.js: loader/embed.js, minified, with the SRI hashes of the files it loads written
//   in, so a page that pins embed.js with SRI pins everything else too;
// - integrity.json: { file: "sha384-…" } for every file a reader downloads.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const read = (file) => readFileSync(join(staging, file));

// Property names stay as they are: the wasm imports its glue functions by name.
const minify = (file, loader) => {
  const { code } = transformSync(read(file).toString(), {
    loader,
    minify: true,
    target: loader === 'css' ? 'chrome100' : 'es2020',
    legalComments: 'none',
  });
  writeFileSync(join(staging, file), code);
};
minify('balasan.js', 'js');
minify('balasan.css', 'css');

const loaded = ['balasan.js', 'balasan_bg.wasm', 'balasan.css'];
const hashes = Object.fromEntries(loaded.map((f) => [f, sri(read(f))]));

const source = readFileSync('loader/embed.js', 'utf8');
if (!source.includes('/*INTEGRITY*/ {}')) {
  console.error('post-build: loader/embed.js lost its /*INTEGRITY*/ {} marker');
  process.exit(1);
}
const { code } = transformSync(source.replace('/*INTEGRITY*/ {}', JSON.stringify(hashes)), {
  minify: true,
  target: 'es2020',
  legalComments: 'none',
});
writeFileSync(join(staging, 'embed.js'), code);

const manifest = { 'embed.js': sri(Buffer.from(code)), ...hashes };
writeFileSync(join(staging, 'integrity.json'), JSON.stringify(manifest, null, 2) + '\n');

// Precompressed copies, for servers that send them as they are (the reference server does).
for (const file of ['embed.js', ...loaded, 'index.html']) {
  const bytes = read(file);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(join(staging, `${file}.br`), br);
  writeFileSync(join(staging, `${file}.gz`), gzipSync(bytes, { level: 9 }));
}
console.log(`post-build: embed.js ${code.length} bytes; integrity.json written`);

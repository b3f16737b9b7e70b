#!/usr/bin/env node
// Precompressed copies (.br at quality 11, .gz at level 9), for servers that send them as
// they are (the reference server does, by the browser's Accept-Encoding). As a command: the
// scripts, wasm and stylesheets of a folder; pages are left alone (the reference server
// reads the moderation app's page to put its script's hash in the page's policy).
//   node scripts/compress.mjs dist/admin
// post-build.mjs compresses the widget's files with `compress` below.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Writes `path.br` and `path.gz` beside the file at `path`. */
export function compress(path) {
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/compress.mjs DIR');
    process.exit(2);
  }
  const files = readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f));
  for (const file of files) compress(join(dir, file));
  console.log(`compress: ${files.length} files in ${dir}`);
}

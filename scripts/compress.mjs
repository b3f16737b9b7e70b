#!/usr/bin/env node
// Precompressed copies (.br at quality 11, .gz at level 9) of the scripts, wasm and
// stylesheets in a folder, for servers that send them as they are (the reference server
// does, by the browser's Accept-Encoding). Pages are left alone: the reference server reads
// the moderation app's page to put its script's hash in the page's security policy.
//   node scripts/compress.mjs dist/admin
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/compress.mjs DIR');
  process.exit(2);
}
let files = 0;
for (const file of readdirSync(dir)) {
  if (!/\.(js|wasm|css)$/.test(file)) continue;
  const bytes = readFileSync(join(dir, file));
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(join(dir, `${file}.br`), br);
  writeFileSync(join(dir, `${file}.gz`), gzipSync(bytes, { level: 9 }));
  files += 1;
}
console.log(`compress: ${files} files in ${dir}`);

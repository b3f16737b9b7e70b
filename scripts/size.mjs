#!/usr/bin/env node
// Size report: every file a reader downloads for the widget, raw / gzip / brotli, against
// the budget in size-budget.json. Exits non-zero when a file or the total is over its
// limit, so CI can gate on it (bytes are deterministic). Run after `trunk build --release`.
//
//   node scripts/size.mjs [--json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'));
// The files a reader downloads for one form; tests/e2e/embed.test.mjs checks that a visit
// fetches exactly these from the widget's origin.
const files = budget.files;

const rows = files.map((name) => {
  const bytes = readFileSync(join(root, 'dist', name));
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
});
const total = rows.reduce(
  (t, r) => ({ name: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify([...rows, total], null, 2));
} else {
  const pad = (s, n) => String(s).padStart(n);
  console.log(`${'file'.padEnd(18)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
  for (const r of [...rows, total]) {
    console.log(`${r.name.padEnd(18)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}`);
  }
}

// Limits are brotli bytes: what a reader's phone downloads from a CDN that compresses.
const over = [];
const check = (what, bytes, limit) => {
  if (limit !== undefined && bytes > limit) over.push(`${what}: ${bytes} B brotli, limit ${limit} B`);
};
check('embed.js', rows.find((r) => r.name === 'embed.js').brotli, budget.loader_brotli);
check('total', total.brotli, budget.total_brotli);
const goal = budget.goal_total_brotli;
console.log(`\nbudget: loader ≤ ${budget.loader_brotli} B, total ≤ ${budget.total_brotli} B brotli` +
  ` (goal ${goal} B: ${total.brotli <= goal ? 'met' : `${total.brotli - goal} B to go`})`);
if (over.length) {
  console.error(`over budget:\n  ${over.join('\n  ')}`);
  process.exit(1);
}

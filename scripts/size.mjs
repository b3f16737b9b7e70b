#!/usr/bin/env node
// Size report: every file a reader downloads for the widget, raw / gzip / brotli, against
// the budget in size-budget.json. Exits non-zero when a file or the total is over its
// limit, so CI can gate on it (bytes are deterministic). Run after `scripts/build.sh`.
//
//   node scripts/size.mjs [--json] [--budget FILE]
//   node scripts/size.mjs --attribute [N]
//
// A limit missing from the budget, or a budgeted file that was not built, fails the gate
// too: a gate must not be switched off by a renamed key or a build that left a file out.
// --budget reads another budget file (tests/e2e/size-gate.test.mjs checks the gate so).
//
// --attribute builds balasan_bg.wasm again with names kept (same flags and features,
// target/attribute/) and
// prints where its bytes go: by crate, and the N (default 20) largest functions and data
// segments, each with its share. It needs twiggy (`cargo install twiggy --locked`).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PASSES, filesOf } from './backends.mjs';

const root = new URL('..', import.meta.url).pathname;

if (process.argv.includes('--attribute')) {
  attribute(Number(process.argv[process.argv.indexOf('--attribute') + 1]) || 20);
  process.exit(0);
}

/** Where the wasm's bytes go, from a build with names kept. */
function attribute(top) {
  const twiggy = spawnSync('twiggy', ['--version']);
  if (twiggy.status !== 0) {
    console.error('size: --attribute needs twiggy: cargo install twiggy --locked');
    process.exit(1);
  }
  const env = {
    ...process.env,
    CARGO_TARGET_DIR: join(root, 'target/attribute'),
    RUSTUP_TOOLCHAIN: 'nightly',
    CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort',
    CARGO_UNSTABLE_BUILD_STD_FEATURES: 'optimize_for_size',
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:
      '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none',
  };
  const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30, ...options });
  // balasan_bg.wasm's features, its list's code not split off (the split's two parts are
  // measured as files by the report itself).
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'balasan', '--quiet',
    '--no-default-features', '--features', 'browser,list'], { env });
  const out = join(root, 'target/attribute/named');
  run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', out,
    join(root, 'target/attribute/wasm32-unknown-unknown/release/balasan.wasm')]);
  const named = join(out, 'opt.wasm');
  // wasm-opt inlines everything mounting calls once (config parsing, the form's state, the
  // binders) into one `mount externref shim` of ~21 KB; kept out of line here, they are
  // named. That costs a little (the total below is ~1% above the shipped layout).
  const apart = ['*::bind*', '*::mount::*', '*FormState>::*', '*::list::*', '*::config::*', '*Owner>::with*']
    .map((p) => `--no-inline=${p}`);
  run('wasm-opt', [...apart, '-Oz', ...PASSES, '-g', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', join(out, 'balasan_bg.wasm'), '-o', named]);
  const items = JSON.parse(run('twiggy', ['top', '-n', '1000000', '-f', 'json', named]).toString())
    .filter((i) => !/names" subsection|^"/.test(i.name));
  const total = items.reduce((n, i) => n + i.shallow_size, 0);
  // `crate[hash]::path<generics>` → the path with one level of generics: `<Self>::method`
  // keeps its Self type (`<balasan::request::Backend>::interpret`), `drop_glue::<T>` its T.
  const plain = (name) => {
    let out = '';
    let depth = 0;
    for (const c of name.replace(/\[[0-9a-f]+\]/g, '')) {
      if (c === '<') depth += 1;
      if (depth <= 1) out += c;
      if (c === '>') depth -= 1;
    }
    return out;
  };
  // The crate whose code it is: a std generic instantiated for the widget's own types
  // (`Option<&str>::and_then::<balasan::queue::Entry, …>`) is the widget's code, inlined.
  const crate = (name) => {
    if (name.startsWith('data segment')) return '(data)';
    const clean = name.replace(/\[[0-9a-f]+\]/g, '');
    const first = clean.replace(/^<+/, '').split(/::|<| /)[0];
    const own = /\bbalasan(_core)?::/.exec(clean);
    if (['core', 'alloc', 'std'].includes(first) && own) return `${own[0].slice(0, -2)} (in ${first} generics)`;
    return first;
  };
  const byCrate = new Map();
  for (const i of items) byCrate.set(crate(i.name), (byCrate.get(crate(i.name)) ?? 0) + i.shallow_size);
  const pct = (n) => `${(100 * n / total).toFixed(1).padStart(5)}%`;
  console.log(`wasm code and data with names kept, after wasm-opt: ${total} B (the shipped file is brotli-compressed; shares hold)`);
  console.log('\nby crate:');
  for (const [k, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${String(n).padStart(8)} ${pct(n)}  ${k}`);
  }
  console.log(`\nlargest ${top}:`);
  for (const i of [...items].sort((a, b) => b.shallow_size - a.shallow_size).slice(0, top)) {
    console.log(`${String(i.shallow_size).padStart(8)} ${pct(i.shallow_size)}  ${plain(i.name).slice(0, 110)}`);
  }
}
const budgetFile = process.argv.includes('--budget')
  ? process.argv[process.argv.indexOf('--budget') + 1]
  : join(root, 'size-budget.json');
if (!budgetFile) {
  console.error('size: --budget needs a file');
  process.exit(2);
}
const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
const budgetName = basename(budgetFile);
// What fails the gate: a file or total over its limit, a limit that is missing, a file
// the budget names that the build did not make.
const over = [];
// The files a reader downloads for one form; tests/e2e/embed.test.mjs checks that a visit
// fetches exactly these from the widget's origin.
const files = Array.isArray(budget.files) ? budget.files : [];
if (!files.includes('embed.js')) over.push(`${budgetName}: "files" must list the files of a form, embed.js among them`);

const empty = { raw: 0, gzip: 0, brotli: 0 };
const measure = (name) => {
  let bytes;
  try {
    bytes = readFileSync(join(root, 'dist', name));
  } catch {
    over.push(`${name}: in the budget, but the build did not make dist/${name}`);
    return { name, ...empty };
  }
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
};
const rows = files.map(measure);
// A form for another backend, or whose list does not show, downloads another glue and wasm
// (scripts/backends.mjs), and its list's wasm where it has one, instead of balasan.js,
// balasan_bg.wasm and balasan.list.wasm.
const loader = rows.find((r) => r.name === 'embed.js') ?? { name: 'embed.js', ...empty };
const backends = readdirSync(join(root, 'dist')).filter((f) => /^balasan-[a-z-]+\.js$/.test(f)).sort()
  .map((glue) => {
    const parts = [loader, ...filesOf(glue.slice(0, -3)).map(measure)];
    const sum = (k) => parts.reduce((n, r) => n + r[k], 0);
    return { name: glue.slice(0, -3), raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
  });
// A form in another language than the wasm carries (Indonesian) also fetches its texts.
let langFiles = [];
try {
  langFiles = readdirSync(join(root, 'dist/lang')).filter((f) => f.endsWith('.json')).sort();
} catch {
  // said below
}
const langs = langFiles.map((f) => measure(`lang/${f}`));
if (langs.length === 0) over.push('dist/lang/: no language file was built (lang_brotli has nothing to hold)');
const total = rows.reduce(
  (t, r) => ({ name: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify([...rows, total, ...backends, ...langs], null, 2));
} else {
  const pad = (s, n) => String(s).padStart(n);
  const line = (r) => console.log(`${r.name.padEnd(25)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}`);
  console.log(`${'file'.padEnd(25)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
  [...rows, total].forEach(line);
  console.log('a form for another backend, or without the list, downloads embed.js, its glue and its wasm (total):');
  backends.forEach(line);
  console.log('a form in another language also fetches:');
  langs.forEach(line);
}

// Limits are brotli bytes: what a reader's phone downloads from a CDN that compresses.
const check = (what, bytes, limit, key) => {
  if (typeof limit !== 'number') over.push(`${what}: no limit (${budgetName}'s ${key} is missing or not a number)`);
  else if (bytes > limit) over.push(`${what}: ${bytes} B brotli, limit ${limit} B`);
};
check('embed.js', loader.brotli, budget.loader_brotli, 'loader_brotli');
check('total', total.brotli, budget.total_brotli, 'total_brotli');
// What stands between the reader's first touch and the widget taking the form over: the
// form's files without its list's wasm, which comes after.
const takeover = rows.filter((r) => !r.name.endsWith('.list.wasm')).reduce((n, r) => n + r.brotli, 0);
check('until the takeover', takeover, budget.takeover_brotli, 'takeover_brotli');
const perBackend = budget.backends_brotli ?? {};
for (const r of backends) check(`${r.name} (total)`, r.brotli, perBackend[r.name], `backends_brotli["${r.name}"]`);
for (const name of Object.keys(perBackend)) {
  if (!backends.some((r) => r.name === name)) over.push(`${name}: in backends_brotli, but the build did not make dist/${name}.js`);
}
for (const r of langs) check(r.name, r.brotli, budget.lang_brotli, 'lang_brotli');
const goal = budget.goal_total_brotli;
console.log(`\nuntil the takeover (the form's files without its list's wasm): ${takeover} B brotli`);
console.log(`budget: loader ≤ ${budget.loader_brotli} B, until the takeover ≤ ${budget.takeover_brotli} B, total ≤ ${budget.total_brotli} B, each other wasm's total as backends_brotli says,` +
  ` each language's texts ≤ ${budget.lang_brotli} B brotli (goal ${goal} B: ${total.brotli <= goal ? 'met' : `${total.brotli - goal} B to go`})`);
if (over.length) {
  console.error(`over budget:\n  ${over.join('\n  ')}`);
  process.exit(1);
}

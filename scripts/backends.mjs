#!/usr/bin/env node
// The wasm by backend: a reader downloads the presets' code of its page's backend only, and
// the comment list's only where it shows. Trunk builds balasan_bg.wasm (the native
// contract: presets `balasan` and `custom`, and any preset's `data-list-url` list, with the
// list); this script builds the others, each with the native contract plus its backend's
// presets (Cargo.toml's `backend-*` features), with the list and without, through the same
// wasm-bindgen and wasm-opt steps as Trunk, into target/backends/. scripts/post-build.mjs
// then finishes them like Trunk's own (glue, short imports, hashes) and embed.js loads the
// one a form's preset needs.
//
//   node scripts/backends.mjs      (scripts/build.sh runs it, with the size build's env)
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Backend → the presets its wasm adds to the native contract (Cargo.toml agrees). */
export const BACKENDS = {
  wordpress: ['wordpress-rest', 'wordpress-form'],
  isso: ['isso'],
  forms: ['staticman', 'formspree'],
};

/**
 * Every wasm this script builds, by its glue's name, with its Cargo features: each backend
 * with and without the comment list (`-nolist`, for a form whose list does not show), the
 * native contract without it (Trunk builds it with the list: balasan.js).
 */
export const VARIANTS = [['', 'browser'], ...Object.keys(BACKENDS).map((b) => [`-${b}`, `browser,backend-${b}`])]
  .flatMap(([suffix, features]) => [
    { name: `balasan${suffix}`, features: `${features},list` },
    { name: `balasan${suffix}-nolist`, features },
  ])
  .filter((v) => v.name !== 'balasan');

/** Every glue's name, `<name>.js` beside `<name>_bg.wasm`: Trunk's balasan.js first, then these. */
export const GLUES = ['balasan', ...VARIANTS.map((v) => v.name)];

/** Where the built, optimized, not yet finished files are: `balasan-<backend>.js` and `_bg.wasm`. */
export const OUT = 'target/backends';

async function build() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // The shipped build's passes, as index.html gives them to Trunk.
  const passes = /data-wasm-opt-params="([^"]*)"/.exec(readFileSync(join(root, 'index.html'), 'utf8'));
  if (!passes) throw new Error('backends: index.html has no data-wasm-opt-params');
  const args = passes[1].split(/\s+/).filter(Boolean);
  mkdirSync(join(root, OUT), { recursive: true });
  const tools = ['wasm-bindgen', 'wasm-opt'].map((t) => execFileSync(t, ['--version']).toString().trim()).join(' ');
  // Cargo one after another (one target directory); wasm-opt, most of the time, on every core.
  const optimize = [];
  for (const { name, features } of VARIANTS) {
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'balasan', '--quiet',
      '--no-default-features', '--features', features]);
    const wasm = readFileSync(join(root, 'target/wasm32-unknown-unknown/release/balasan.wasm'));
    // The same wasm, tools and passes as last time: its files are still right.
    const key = createHash('sha256').update(wasm).update(tools).update(args.join(' ')).digest('hex');
    const keyFile = join(root, OUT, `${name}.key`);
    const bg = join(root, OUT, `${name}_bg.wasm`);
    if (existsSync(keyFile) && existsSync(bg) && readFileSync(keyFile, 'utf8') === key) continue;
    rmSync(keyFile, { force: true });
    const built = join(root, OUT, `${name}.wasm`);
    writeFileSync(built, wasm);
    // As Trunk calls them (trunk 0.22.1, src/pipelines/rust/mod.rs).
    run('wasm-bindgen', ['--target=web', `--out-dir=${join(root, OUT)}`, `--out-name=${name}`, '--no-typescript', built]);
    optimize.push(() => new Promise((ok, fail) => {
      execFile('wasm-opt', [`--output=${bg}`, '-Oz', bg, ...args], { cwd: root }, (e, out, err) => {
        if (e) return fail(new Error(`backends: wasm-opt on ${name}: ${err || e.message}`));
        writeFileSync(keyFile, key);
        ok();
      });
    }));
  }
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
    while (optimize.length) await optimize.shift()();
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}

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
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

/** Where the built, optimized, not yet finished files are: `balasan-<backend>.js` and `_bg.wasm`. */
export const OUT = 'target/backends';

function build() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // The shipped build's passes, as index.html gives them to Trunk.
  const passes = /data-wasm-opt-params="([^"]*)"/.exec(readFileSync(join(root, 'index.html'), 'utf8'));
  if (!passes) throw new Error('backends: index.html has no data-wasm-opt-params');
  mkdirSync(join(root, OUT), { recursive: true });
  for (const { name, features } of VARIANTS) {
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'balasan', '--quiet',
      '--no-default-features', '--features', features]);
    const built = join(root, OUT, `${name}.wasm`);
    copyFileSync(join(root, 'target/wasm32-unknown-unknown/release/balasan.wasm'), built);
    // As Trunk calls them (trunk 0.22.1, src/pipelines/rust/mod.rs).
    run('wasm-bindgen', ['--target=web', `--out-dir=${join(root, OUT)}`, `--out-name=${name}`, '--no-typescript', built]);
    const bg = join(root, OUT, `${name}_bg.wasm`);
    run('wasm-opt', [`--output=${bg}`, '-Oz', bg, ...passes[1].split(/\s+/).filter(Boolean)]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();

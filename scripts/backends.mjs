#!/usr/bin/env node
// The widget's wasm, by backend and list: a reader downloads the presets' code of its page's
// backend only, and the comment list's only where it shows. balasan_bg.wasm carries the
// native contract (presets `balasan` and `custom`, and any preset's `data-list-url` list);
// each other carries the native contract plus its backend's presets (Cargo.toml's
// `backend-*` features); each comes with the list and without (`-nolist`, for a form whose
// list does not show). This script builds them all into target/backends/: cargo, then
// wasm-bindgen and wasm-opt with the shipped passes. scripts/post-build.mjs (Trunk's hook)
// then finishes them (glue, short imports, hashes) and embed.js loads the one a form needs.
//
// The list's code is a wasm of its own (Cargo feature `split`: Leptos's lazy loading,
// src/view/list/load.rs), fetched when a form's list mounts, so that the form's wasm, which
// stands between the reader's first touch and the widget taking the form over, is smaller.
// As cargo-leptos does for Leptos apps: the linker keeps its relocations
// (`-Clink-arg=--emit-relocs`, scripts/build.sh), `wasm-split-cli` (wasm_split_cli_support,
// installed by scripts/setup.sh) cuts the linked wasm into the form's part and the list's
// (`<name>.list.wasm`, with `<name>.split.js`, the few lines that fetch and link it), and
// wasm-bindgen runs on the form's part keeping the exports the list's part links to
// (`--keep-lld-exports`). Trunk's own Rust pipeline has no step between cargo and
// wasm-bindgen, hence this script.
//
//   node scripts/backends.mjs      (scripts/build.sh runs it, with the size build's env)
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uleb } from './imports.mjs';

/** Backend → the presets its wasm adds to the native contract (Cargo.toml agrees). */
export const BACKENDS = {
  wordpress: ['wordpress-rest', 'wordpress-form'],
  isso: ['isso'],
  forms: ['staticman', 'formspree'],
};

/**
 * Every wasm, by its glue's name, with its Cargo features: the native contract and each
 * backend, with the list (its code split off) and without (`-nolist`).
 */
export const VARIANTS = [['', 'browser'], ...Object.keys(BACKENDS).map((b) => [`-${b}`, `browser,backend-${b}`])]
  .flatMap(([suffix, features]) => [
    { name: `balasan${suffix}`, features: `${features},list,split`, split: true },
    { name: `balasan${suffix}-nolist`, features, split: false },
  ]);

/** Every glue's name, `<name>.js` beside `<name>_bg.wasm`: balasan.js first. */
export const GLUES = VARIANTS.map((v) => v.name);

/** The files of one glue's form: the glue, its wasm, and its list's wasm where it has one. */
export function filesOf(name) {
  const split = VARIANTS.find((v) => v.name === name)?.split;
  return [`${name}.js`, `${name}_bg.wasm`, ...(split ? [`${name}.list.wasm`] : [])];
}

/** Where the built, optimized, not yet finished files are (with `<name>.split.js`). */
export const OUT = 'target/backends';

/** The splitter scripts/setup.sh installs (`cargo install wasm_split_cli_support@…`). */
export const SPLIT_TOOL = 'wasm_split_cli_support v0.2.4';

/** The shipped wasm-opt passes (after `-Oz`). */
export const PASSES = ['--converge', '--flatten', '--rereloop', '-Oz', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz',
  '--gufa', '-Oz', '--strip-producers', '--strip-target-features'];

async function build() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  mkdirSync(join(root, OUT), { recursive: true });
  const tools = ['wasm-bindgen', 'wasm-opt'].map((t) => {
    try {
      return execFileSync(t, ['--version']).toString().trim();
    } catch (e) {
      throw new Error(`backends: ${t} is missing (scripts/setup.sh installs it): ${e.message}`);
    }
  });
  // wasm-split-cli has no --version: cargo's record of what it installed says.
  const installed = execFileSync('cargo', ['install', '--list']).toString();
  if (!installed.includes(`${SPLIT_TOOL}:`)) {
    throw new Error(`backends: ${SPLIT_TOOL.replace(' ', ' v')} is not installed (scripts/setup.sh installs it)`);
  }
  tools.push(SPLIT_TOOL);
  // Cargo one after another (one target directory); wasm-opt, most of the time, on every core.
  const optimize = [];
  const keys = [];
  for (const { name, features, split } of VARIANTS) {
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'balasan', '--quiet',
      '--no-default-features', '--features', features]);
    const wasm = readFileSync(join(root, 'target/wasm32-unknown-unknown/release/balasan.wasm'));
    // The same wasm, tools, passes and script as last time: its files are still right.
    const key = createHash('sha256').update(wasm).update(tools.join(' ')).update(PASSES.join(' '))
      .update(readFileSync(fileURLToPath(import.meta.url))).digest('hex');
    const keyFile = join(root, OUT, `${name}.key`);
    const outputs = filesOf(name).slice(1).map((f) => join(root, OUT, f));
    const all = [...outputs, join(root, OUT, `${name}.js`), ...(split ? [join(root, OUT, `${name}.split.js`)] : [])];
    if (existsSync(keyFile) && all.every(existsSync) && readFileSync(keyFile, 'utf8') === key) continue;
    rmSync(keyFile, { force: true });
    const built = join(root, OUT, `${name}.wasm`);
    writeFileSync(built, wasm);
    let main = built;
    if (!split) writeFileSync(built, withoutRelocations(wasm));
    if (split) {
      if (withoutRelocations(wasm).length === wasm.length) {
        throw new Error('backends: the wasm has no relocations to split it by: build it with '
          + 'CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-arg=--emit-relocs" (scripts/build.sh does)');
      }
      const parts = join(root, OUT, `${name}.parts`);
      rmSync(parts, { recursive: true, force: true });
      run('wasm-split-cli', [built, parts, '--out-name', name]);
      main = join(parts, `${name}.wasm`);
      const chunks = ['split_list.wasm', '__wasm_split.js'].map((f) => join(parts, f));
      if (!chunks.every(existsSync)) throw new Error(`backends: wasm-split-cli made no list part for ${name}`);
      writeFileSync(join(root, OUT, `${name}.list.wasm`), readFileSync(chunks[0]));
      writeFileSync(join(root, OUT, `${name}.split.js`), readFileSync(chunks[1]));
    }
    // As Trunk calls it (trunk 0.22.1, src/pipelines/rust/mod.rs), keeping what the list's
    // part links to.
    run('wasm-bindgen', ['--target=web', `--out-dir=${join(root, OUT)}`, `--out-name=${name}`, '--no-typescript',
      ...(split ? ['--keep-lld-exports'] : []), main]);
    for (const file of outputs) {
      optimize.push(() => new Promise((ok, fail) => {
        execFile('wasm-opt', [`--output=${file}`, '-Oz', file, ...PASSES], { cwd: root }, (e, out, err) => {
          if (e) return fail(new Error(`backends: wasm-opt on ${file}: ${err || e.message}`));
          ok();
        });
      }));
    }
    keys.push([keyFile, key]);
  }
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
    while (optimize.length) await optimize.shift()();
  }));
  // The keys last: each says its files are right, once every pass has finished.
  for (const [file, key] of keys) writeFileSync(file, key);
}

/**
 * `wasm` without the linker's relocations and linking data (custom sections `linking` and
 * `reloc.*`, kept by `--emit-relocs` for the split): a wasm that is not split needs none of
 * it, and neither wasm-bindgen nor wasm-opt drops it. A section is its id byte, its size
 * (LEB128) and its bytes; a custom section's (id 0) begin with its name.
 */
export function withoutRelocations(wasm) {
  const kept = [wasm.subarray(0, 8)];
  for (let at = 8; at < wasm.length;) {
    const [size, start] = uleb(wasm, at + 1);
    const end = start + size;
    if (end > wasm.length) throw new Error('backends: a wasm section runs past the end of the file');
    let drop = false;
    if (wasm[at] === 0) {
      const [length, from] = uleb(wasm, start);
      const name = new TextDecoder().decode(wasm.subarray(from, from + length));
      drop = name === 'linking' || name.startsWith('reloc.');
    }
    if (!drop) kept.push(wasm.subarray(at, end));
    at = end;
  }
  return Buffer.concat(kept);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}

#!/usr/bin/env bash
# Installs what building Balasan and running the demo need, skipping what is already there:
# the wasm target, wasm-bindgen-cli, Trunk, wasm-split-cli, nightly's rust-src (for the
# size build), and the node build tools. scripts/setup-tests.sh adds what the tests need.
# Safe to run again and again; the first run on a bare machine takes about 20 minutes
# (Trunk and wasm-bindgen-cli compile from source).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli, at exactly the version Cargo.toml pins (Trunk refuses any other).
if ! wasm-bindgen --version 2>/dev/null | grep -q '^wasm-bindgen 0\.2\.130$'; then
  say "installing wasm-bindgen-cli 0.2.130 (about 5 minutes)"
  # Not --locked: its lock file pins a webpki-roots that no longer builds.
  cargo install wasm-bindgen-cli --version 0.2.130
fi

# The release build (scripts/build.sh) rebuilds std with the nightly toolchain: it needs
# nightly's rust-src.
if cargo +nightly --version >/dev/null 2>&1 \
  && ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
  say "adding rust-src to the nightly toolchain"
  rustup component add rust-src --toolchain nightly
fi

# Trunk 0.22.1 needs a newer rustc than stable 1.95 here; the machine's nightly has it.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.22\.1$'; then
  if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "setup: Trunk 0.22.1 needs rustc >= 1.96.1 and no nightly toolchain is installed" >&2
    exit 1
  fi
  say "installing trunk 0.22.1 (about 15 minutes)"
  cargo +nightly install trunk --version 0.22.1 --locked
fi

# The splitter that puts the comment list's code in a wasm of its own (scripts/backends.mjs),
# at the version backends.mjs names (SPLIT_TOOL) and checks in cargo's list.
if ! cargo install --list | grep -q '^wasm_split_cli_support v0\.2\.4:'; then
  say "installing wasm-split-cli 0.2.4 (about 3 minutes)"
  cargo install wasm_split_cli_support --version 0.2.4 --features build-binary --locked
fi

# Node tools: binaryen's wasm-opt 132 (Debian's 108 breaks the wasm), esbuild, and for the
# tests playwright-core, typescript, and the bundlers and frameworks the npm package is
# built with (Vite, webpack, Rollup, React, Vue: tests/e2e/bundlers.test.mjs). A stamp of
# the lock file says whether node_modules matches it.
stamp=node_modules/.balasan-lock.sha256
if ! sha256sum --check --status "$stamp" 2>/dev/null; then
  say "installing node tools (npm ci)"
  npm ci --no-audit --no-fund
  sha256sum package-lock.json >"$stamp"
fi

# Trunk builds offline; fetch the crates once here.
cargo fetch --quiet
say "ready to build"

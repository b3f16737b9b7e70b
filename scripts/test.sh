#!/usr/bin/env bash
# Runs every test of Balasan: lints, native unit tests, browser tests, end-to-end tests.
# Installs missing tools first (scripts/setup.sh, scripts/setup-tests.sh). Builds the
# release widget once into dist/, which the end-to-end tests share.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/setup-tests.sh
. scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "pre-render the form's markup (balasan-prerender; the browser tests read it)"
cargo run --quiet -p balasan-prerender -- target/prerender

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native unit tests and doc examples"
cargo test --workspace --quiet

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "release build of the widget (scripts/build.sh), debug build of the reference server"
scripts/build.sh
cargo build -p balasan-server --quiet

step "size budget (scripts/size.mjs)"
node scripts/size.mjs

step "end-to-end tests (built dist/ in headless Chromium, real servers on loopback)"
node --test tests/e2e/*.test.mjs

step "all tests passed"

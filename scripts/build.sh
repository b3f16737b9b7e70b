#!/usr/bin/env bash
# Release build of the widget, demo page and examples into dist/. The demo, the tests and
# the size report all use this one build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# The form's markup, rendered natively from the same components (and checked against
# them); Trunk's post-build hook writes it into embed.js.
cargo run --quiet -p balasan-prerender -- target/prerender

# The size profile: the machine's nightly rebuilds std for wasm without panic messages,
# source locations or Debug formatting (about 14 KB brotli less than stable), with std's
# own smaller implementations where it has them (optimize_for_size: 0.8 KB brotli less).
# Without a nightly the build still works, larger (and the size gate will say so).
if cargo +nightly --version >/dev/null 2>&1; then
  export RUSTUP_TOOLCHAIN=nightly
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=--emit-relocs"
else
  echo "build: no nightly toolchain; building with stable (a larger wasm)" >&2
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-arg=--emit-relocs"
fi
# (--emit-relocs: the linker keeps the relocations wasm-split-cli needs to cut the list's
# code off; every wasm gets the same flags, so that cargo rebuilds nothing between them.)

# Every wasm of the widget (target/backends/; the post-build hook finishes them).
node scripts/backends.mjs

# Trunk builds the demo page and the examples and runs the post-build hook.
trunk build --release

# The moderation app, into dist/admin/ (after the widget's build, which replaces dist/
# whole); `balasan-server serve --static dist` serves it at /admin/. Without the
# relocations kept for the widget's split: with them wasm-opt cannot shrink the wasm.
(
  cd admin
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS% -Clink-arg=--emit-relocs}"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS#-Clink-arg=--emit-relocs}"
  trunk build --release
)
rm -f dist/admin/.trunk-lock
node scripts/compress.mjs dist/admin

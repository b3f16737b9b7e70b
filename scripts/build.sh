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
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
else
  echo "build: no nightly toolchain; building with stable (a larger wasm)" >&2
fi

# The wasm of each other backend (target/backends/; the post-build hook finishes them).
node scripts/backends.mjs

# Trunk builds offline. This build fetches what build-std needs (once) and leaves the
# artifacts Trunk then reuses: the native contract's wasm, with index.html's features.
features=$(sed -n 's/.*data-cargo-features="\([^"]*\)".*/\1/p' index.html)
cargo build --release --target wasm32-unknown-unknown -p balasan --quiet \
  --no-default-features --features "${features:?index.html has no data-cargo-features}"
trunk build --release

#!/usr/bin/env bash
# Runs every test of Balasan: lints, native unit tests, browser tests, end-to-end tests.
# Installs missing tools first (scripts/setup.sh, scripts/setup-tests.sh). Builds the
# release widget once into dist/, which the end-to-end tests share.
set -euo pipefail
cd "$(dirname "$0")/.."
# A clean run needs ~8 GB (target/ ~7 GB, the tests' servers in $TMPDIR); say so up front
# rather than as a compiler's "No space left on device" halfway.
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "${free_kb:-0}" -lt $((8 * 1024 * 1024)) ]; then
  echo "test.sh: only $((free_kb / 1024)) MB free on this disk; a clean run needs ~8 GB" >&2
fi
scripts/setup.sh
scripts/setup-tests.sh
. scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "pre-render the form's markup (balasan-prerender; the browser tests read it)"
cargo run --quiet -p balasan-prerender -- target/prerender

step "release build of the widget and the moderation app (scripts/build.sh)"
# First: the reference server carries the moderation app (dist/admin/), and builds again
# whenever that folder changes or is missing, so everything after builds it once.
scripts/build.sh

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The widget as the pre-renderer builds it (no `browser` feature): in a workspace run the
# features unify, so that build is linted on its own.
cargo clippy -p balasan-prerender --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
# The moderation app (a binary of its own, in the browser).
cargo clippy --target wasm32-unknown-unknown -p balasan-admin --all-targets --quiet -- -D warnings
# The native contract's wasm as shipped (no other backend's presets: scripts/backends.mjs).
cargo clippy --target wasm32-unknown-unknown -p balasan --no-default-features --features browser --quiet -- -D warnings
# The list's code split off, as every wasm with the list is built.
cargo clippy --target wasm32-unknown-unknown -p balasan --no-default-features --features browser,split --quiet -- -D warnings

step "native unit tests and doc examples (the reference server on SQLite; tests/instances and tests/throughput on PostgreSQL clusters of their own)"
cargo test --workspace --quiet

step "the reference server on PostgreSQL: API, abuse, property, load, hostile-client, moderator tests again (scripts/pg-cluster.sh)"
pg_dir=$(mktemp -d /tmp/balasan-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pg_dir"' EXIT
# The property tests' logic does not depend on the store: fewer cases here, each on a
# fresh database.
pg_url=$(scripts/pg-cluster.sh start "$pg_dir")
BALASAN_TEST_POSTGRES=$pg_url PROPTEST_CASES=64 \
  cargo test -p balasan-server --quiet --test api --test forgery --test abuse --test fuzz --test load --test hostile --test cli --test admin --test moderation --test caching --test included
scripts/pg-cluster.sh stop "$pg_dir"
trap - EXIT

step "browser tests (wasm-bindgen-test in headless Chromium)"
# The Chromium that chromedriver starts does not always remove its profile from /tmp when
# the runner ends it: what this step leaves there goes (listed before, compared after).
chromium_dirs() { find /tmp -maxdepth 1 -name 'org.chromium.Chromium.*' | sort; }
chromium_before=$(chromium_dirs)
browser_status=0
cargo test --target wasm32-unknown-unknown --test web || browser_status=$?
sleep 1 # the last Chromium finishes exiting
comm -13 <(echo "$chromium_before") <(chromium_dirs) | xargs -r rm -rf
[ "$browser_status" -eq 0 ] || exit "$browser_status"

step "debug build of the reference server"
cargo build -p balasan-server --quiet

step "the npm package and the WordPress plugin (scripts/package.mjs; the end-to-end tests install them)"
node scripts/package.mjs

step "size budget (scripts/size.mjs)"
node scripts/size.mjs

step "end-to-end tests (built dist/ in headless Chromium, real servers on loopback)"
node --test tests/e2e/*.test.mjs

step "all tests passed"

#!/usr/bin/env bash
# Installs everything building and testing Balasan needs, skipping what is already there.
# Safe to run again and again; the first run on a bare machine takes 20-30 minutes
# (Trunk and wasm-bindgen-cli compile from source).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: the browser and its driver for the tests, brotli for the size figures,
# python3-venv for Isso, and WordPress with MariaDB and PHP for the WordPress presets' tests
# (nothing is started here: the tests run their own instances on loopback).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
[ -f /usr/share/wordpress/wp-comments-post.php ] || missing+=(wordpress)
command -v mariadbd >/dev/null || missing+=(mariadb-server)
command -v php >/dev/null || missing+=(php-cli)
php -m 2>/dev/null | grep -qx mysqli || missing+=(php-mysql)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian's wp-config.php reads /etc/wordpress/config-<name>.php; the tests' instances name
# theirs through this one file.
wp_config=/etc/wordpress/config-balasan-e2e.php
wp_line="<?php require getenv('BALASAN_WP_CONFIG');"
if [ "$(cat "$wp_config" 2>/dev/null)" != "$wp_line" ]; then
  echo "$wp_line" | as_root tee "$wp_config" >/dev/null
fi

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

# Node tools: binaryen's wasm-opt 132 (Debian's 108 breaks the wasm) and playwright-core.
# A stamp of the lock file says whether node_modules matches it.
stamp=node_modules/.balasan-lock.sha256
if ! sha256sum --check --status "$stamp" 2>/dev/null; then
  say "installing node tools (npm ci)"
  npm ci --no-audit --no-fund
  sha256sum package-lock.json >"$stamp"
fi

# A real Isso server for the isso preset's end-to-end test, in a project-local venv.
if ! .tools/isso/bin/isso --version 2>/dev/null | grep -q '^isso 0\.14\.0$'; then
  say "installing isso 0.14.0 (python venv in .tools/isso)"
  rm -rf .tools/isso
  python3 -m venv .tools/isso
  .tools/isso/bin/pip install --quiet isso==0.14.0
fi

# Trunk builds offline; fetch the crates once here.
cargo fetch --quiet
say "ready"

#!/usr/bin/env bash
# Installs what the tests add to scripts/setup.sh, skipping what is already there: Debian's
# Chromium and its driver (browser and end-to-end tests), python3-venv and Isso 0.14.0
# (the isso preset's real server), and WordPress with its Twenty Twenty-One theme, MariaDB
# and PHP (the WordPress presets' real server), PostgreSQL (the reference server's second
# store), nginx (a real cache in front of the server) and wrk (the read benchmark). The
# tests start their own instances on loopback and leave nothing running. Safe to run again
# and again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup-tests:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
[ -f /usr/share/wordpress/wp-comments-post.php ] || missing+=(wordpress)
# A classic theme that prints comment_form() under its posts (the adopt test takes it over).
[ -d /usr/share/wordpress/wp-content/themes/twentytwentyone ] || missing+=(wordpress-theme-twentytwentyone)
command -v mariadbd >/dev/null || missing+=(mariadb-server)
command -v php >/dev/null || missing+=(php-cli)
php -m 2>/dev/null | grep -qx mysqli || missing+=(php-mysql)
# The reference server's PostgreSQL store: the tests start their own cluster (initdb, pg_ctl).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# A real HTTP cache in front of the server (the CDN test), and the read benchmark's load
# generator (scripts/bench-reads.mjs).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Debian starts the services it installs where it can; the tests start their own, so
  # the ones this run installed are stopped (a service that was there before is left).
  for package in "${missing[@]}"; do
    case $package in
      nginx) service=nginx ;;
      postgresql) service=postgresql ;;
      mariadb-server) service=mariadb ;;
      *) continue ;;
    esac
    as_root service "$service" stop >/dev/null 2>&1 || true
  done
fi
# Debian's wp-config.php reads /etc/wordpress/config-<name>.php; the tests' instances name
# theirs through this one file.
wp_config=/etc/wordpress/config-balasan-e2e.php
wp_line="<?php require getenv('BALASAN_WP_CONFIG');"
if [ "$(cat "$wp_config" 2>/dev/null)" != "$wp_line" ]; then
  echo "$wp_line" | as_root tee "$wp_config" >/dev/null
fi

# A real Isso server for the isso preset's end-to-end test, in a project-local venv.
if ! .tools/isso/bin/isso --version 2>/dev/null | grep -q '^isso 0\.14\.0$'; then
  say "installing isso 0.14.0 (python venv in .tools/isso)"
  rm -rf .tools/isso
  python3 -m venv .tools/isso
  .tools/isso/bin/pip install --quiet isso==0.14.0
fi
say "ready to test"

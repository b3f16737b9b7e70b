#!/usr/bin/env bash
# Builds the widget and the reference server, then serves the demo article with the form on
# loopback. Comments go into target/demo.sqlite; list or approve them with
#   target/debug/balasan-server --db target/demo.sqlite list --status all
# Usage: scripts/demo.sh [port]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
port="${1:-8080}"
scripts/build.sh
cargo build -p balasan-server
echo
echo "Moderation: http://127.0.0.1:${port}/admin/ (first add a moderator:"
echo "  target/debug/balasan-server --db target/demo.sqlite moderator add NAME)"
echo "Balasan demo (Ctrl+C stops it):"
exec target/debug/balasan-server --db target/demo.sqlite serve \
  --listen "127.0.0.1:${port}" --static dist --moderation approved

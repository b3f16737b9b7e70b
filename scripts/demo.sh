#!/usr/bin/env bash
# Builds the widget and serves the demo article with the form on loopback.
# Usage: scripts/demo.sh [port]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
port="${1:-8080}"
trunk build --release
echo
echo "Balasan demo: http://127.0.0.1:${port}/  (Ctrl+C stops it)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist

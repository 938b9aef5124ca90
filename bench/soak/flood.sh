#!/usr/bin/env bash
# Runs bench/soak/flood.mjs with the open-file limit raised to the hard limit (10,000 idle
# connections need as many descriptors on the client side as on the server's).
# Usage: bench/soak/flood.sh [--tiny] [--duration S] [--idle N] [--flood-connections C]
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec node bench/soak/flood.mjs "$@"

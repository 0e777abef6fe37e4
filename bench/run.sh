#!/usr/bin/env bash
# make bench: install Lighthouse from bench/package-lock.json when missing, then run every benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/browser-deps.sh
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
    npm ci --prefix bench --no-audit --no-fund
fi
cd bench
exec python run_all.py "$@"

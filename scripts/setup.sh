#!/usr/bin/env bash
# Install whatever is missing: the virtual environment, pinned Python packages, bun and the
# frontend packages. Safe to run repeatedly; a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    .venv/bin/pip install -q --upgrade "pip==25.3"
    .venv/bin/pip install -q -r requirements.lock
    .venv/bin/pip install -q --no-deps -e .
    rm -f .venv/.installed-*
    touch "$stamp"
fi
if [ ! -x .tools/node_modules/.bin/bun ]; then
    npm install --prefix .tools --no-audit --no-fund --no-save bun@1.4.4
fi

source scripts/env.sh
# Creates .web/ on a fresh clone and installs the frontend packages frozen from reflex.lock/.
reflex compile > /dev/null

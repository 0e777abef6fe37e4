#!/usr/bin/env bash
# Install Debian's Chromium and the CJK fonts for the browser tests when they are missing.
# Playwright drives /usr/bin/chromium; it never downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk > /dev/null \
        || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk > /dev/null; }
else
    echo "chromium or fonts-noto-cjk missing and apt-get unavailable: browser tests will skip" >&2
fi

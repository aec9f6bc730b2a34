#!/usr/bin/env bash
# Headless Chromium for the report test (tests/test_cartography_report.py): Debian's `chromium` package.
# Idempotent: installs the package only when /usr/bin/chromium is missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "Chromium déjà installé : $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")."
    exit 0
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

export DEBIAN_FRONTEND=noninteractive
if ! as_root apt-get install -y -q chromium >/dev/null; then
    as_root apt-get update -q >/dev/null
    as_root apt-get install -y -q chromium >/dev/null
fi
echo "Chromium installé : $("$CHROMIUM" --version 2>/dev/null)."

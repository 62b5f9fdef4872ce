#!/usr/bin/env bash
# Chromium for the workshop page's browser tests (cmd/opsim, chromedp) and
# the README's screenshots: Debian's chromium, installed with apt when it is
# missing, so that make test passes on a fresh machine with only Go and
# root. Prints nothing when Chromium is there.
set -euo pipefail
command -v chromium >/dev/null && exit 0
echo "chromium: installing Debian's chromium with apt (the workshop page's browser tests need it)"
"$(dirname "$0")/apt-install.sh" chromium chromium
command -v chromium >/dev/null || { echo "chromium: installed, but not on PATH" >&2; exit 1; }

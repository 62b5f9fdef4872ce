#!/usr/bin/env bash
# Chromium for the workshop page's browser tests (cmd/opsim, chromedp) and
# the README's screenshots: Debian's chromium, installed with apt when it is
# missing, so that make test passes on a fresh machine with only Go and
# root. Prints nothing when Chromium is there.
set -euo pipefail
command -v chromium >/dev/null && exit 0
echo "chromium: installing Debian's chromium with apt (the workshop page's browser tests need it)"
sudo=()
if ((EUID != 0)); then
	command -v sudo >/dev/null || { echo "chromium: need root or sudo to install chromium with apt" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" timeout 900 apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
	{ "${sudo[@]}" timeout 600 apt-get update >/dev/null &&
		"${sudo[@]}" timeout 900 apt-get install -y --no-install-recommends chromium >/dev/null; } ||
	{ echo "chromium: apt-get install chromium failed" >&2; exit 1; }
command -v chromium >/dev/null || { echo "chromium: installed, but not on PATH" >&2; exit 1; }

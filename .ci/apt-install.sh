#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: installs Debian packages a test or tool
# needs (chromium.sh, slurm-test.sh, instrcmp.sh), with sudo when not root,
# retrying after apt-get update when the package lists are stale. Failures
# are reported as WHO's.
set -euo pipefail
(($# >= 2)) || { echo "usage: $0 WHO PACKAGE..." >&2; exit 2; }
who=$1
shift
sudo=()
if ((EUID != 0)); then
	command -v sudo >/dev/null || { echo "$who: need root or sudo to install $* with apt" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" timeout 900 apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 ||
	{ "${sudo[@]}" timeout 600 apt-get update >/dev/null &&
		"${sudo[@]}" timeout 900 apt-get install -y --no-install-recommends "$@" >/dev/null; } ||
	{ echo "$who: apt-get install $* failed" >&2; exit 1; }

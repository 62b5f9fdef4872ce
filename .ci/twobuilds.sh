# twobuilds.sh, sourced by benchcmp.sh and instrcmp.sh from the
# repository's root: a benchmark package's test binary built at a commit
# and in the working tree, for comparisons stated against a commit.

# base_commit WHO BASE prints BASE's commit, or refuses it as WHO's error
# (exit 2) before anything is built.
base_commit() {
	git rev-parse --verify --quiet "$2^{commit}" ||
		{ echo "$1: BASE '$2' is not a commit of this repository" >&2; exit 2; }
}

# two_builds REV BASE PKG builds PKG's test binary at commit REV (named BASE
# in the message) as $tmp/base.test and in the working tree as
# $tmp/tree.test; $tmp, and the worktree the base is built in, are removed
# when the script exits. With CMPPGO=1 in the environment each side is
# built with its own cmd/opsim/default.pgo, as its make bench built it (a
# commit from before the profile existed gets none); otherwise neither is.
two_builds() {
	tmp=$(mktemp -d)
	trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
	git worktree add --detach "$tmp/base" "$1" >/dev/null 2>&1
	echo "building $3 at $2 (${1:0:12}) and in the working tree$([ "${CMPPGO:-}" = 1 ] && echo ", each with its own PGO profile") ..."
	(cd "$tmp/base" && go test -c -pgo="$(pgo_of .)" -o "$tmp/base.test" "$3")
	go test -c -pgo="$(pgo_of .)" -o "$tmp/tree.test" "$3"
}

# pgo_of DIR is the -pgo value for the checkout at DIR: its profile's path
# when CMPPGO=1 and it has one, else off.
pgo_of() {
	if [ "${CMPPGO:-}" = 1 ] && [ -f "$1/cmd/opsim/default.pgo" ]; then
		echo "$(cd "$1" && pwd)/cmd/opsim/default.pgo"
	else
		echo off
	fi
}

#!/usr/bin/env bash
# instrcmp.sh BASE PKG BENCH N: the instructions one iteration of a benchmark
# executes, in the working tree and at commit BASE, counted by valgrind's
# cachegrind. Unlike time, an instruction count does not drift with the
# machine's load: two counts of the same build agree to within about 0.5%
# (the Go runtime's own threads), where timings on a shared VM differ by
# 20-50%, so a change of a few percent shows in one run. It is not time:
# cache misses, which grow with the organisation's size, cost time and no
# instructions; judge those with benchcmp.sh.
#
# Each build runs BENCH with -benchtime 1x and (N+1)x under cachegrind, with
# the collector off (GOGC=off: its work depends on timing) on one thread
# (GOMAXPROCS=1); the difference over N is one iteration's count, setup
# excluded. If BENCH matches several benchmarks, the count is their sum.
set -euo pipefail
usage="usage: $0 BASE PKG BENCH N (make instrcmp BASE=commit)"
base=${1:?$usage} pkg=${2:?$usage} bench=${3:?$usage} n=${4:?$usage}
case $n in '' | *[!0-9]* | 0) echo "instrcmp: N must be a whole number of iterations, got '$n'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
. .ci/twobuilds.sh
rev=$(base_commit instrcmp "$base")
if ! command -v valgrind >/dev/null; then
	echo "instrcmp: installing Debian's valgrind with apt ..." >&2
	./.ci/apt-install.sh instrcmp valgrind
fi

two_builds "$rev" "$base" "$pkg"

# count BUILD ITERATIONS prints the instructions of the whole process.
count() {
	GOGC=off GOMAXPROCS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$tmp/$1.test" -test.run '^$' -test.bench "$bench" -test.benchtime "$2x" >"$tmp/out" 2>&1 ||
		{ echo "instrcmp: the $1 build failed:" >&2; cat "$tmp/out" >&2; exit 1; }
	grep -q '^Benchmark' "$tmp/out" ||
		{ echo "instrcmp: the $1 build of $pkg has no benchmark matching '$bench'" >&2; exit 1; }
	awk '/I +refs:/ { gsub(",", "", $4); print $4 }' "$tmp/out"
}
declare -A per
for b in base tree; do
	one=$(count $b 1)
	more=$(count $b $((n + 1)))
	per[$b]=$(((more - one) / n))
done
echo "$bench in $pkg, instructions per iteration (cachegrind, GOGC=off, GOMAXPROCS=1, $n iterations):"
printf '%-12s %16s\n' base "${per[base]}" tree "${per[tree]}"
awk -v b="${per[base]}" -v t="${per[tree]}" 'BEGIN { printf "tree/base    %16.3f\n", t / b }'

#!/usr/bin/env bash
# instrcmp.sh BASE PKG BENCH N [L2]: the instructions one iteration of a
# benchmark executes, in the working tree and at commit BASE, counted by
# valgrind's cachegrind; with L2 (bytes, a power of two) also the misses of
# a simulated last-level cache of that size (8-way, 64-byte lines). Unlike time, an instruction count does not drift with the
# machine's load: two counts of the same build agree to within about 0.5%
# (the Go runtime's own threads), where timings on a shared VM differ by
# 20-50%, so a change of a few percent shows in one run. It is not time:
# cache misses, which grow with the organisation's size, cost time and no
# instructions; judge those with benchcmp.sh, or count them with L2: a
# 1,000-team organisation's working set is megabytes, so a machine's L2 of
# 1 MB (L2=1048576) misses at most events, and those misses, deterministic
# too under the simulation, are where its time goes. The simulated cache
# has no prefetcher, so a count of misses, like one of instructions, says
# which way a change goes more surely than how far.
#
# Each build runs BENCH with -benchtime 1x and (N+1)x under cachegrind, with
# the collector off (GOGC=off: its work depends on timing) on one thread
# (GOMAXPROCS=1); the difference over N is one iteration's count, setup
# excluded. If BENCH matches several benchmarks, the count is their sum.
set -euo pipefail
usage="usage: $0 BASE PKG BENCH N [L2] (make instrcmp BASE=commit)"
base=${1:?$usage} pkg=${2:?$usage} bench=${3:?$usage} n=${4:?$usage} l2=${5:-}
case $n in '' | *[!0-9]* | 0) echo "instrcmp: N must be a whole number of iterations, got '$n'" >&2; exit 2 ;; esac
case $l2 in
'' | 0) l2= ;;
*[!0-9]*) echo "instrcmp: L2 must be a cache size in bytes, a power of two, got '$l2'" >&2; exit 2 ;;
*) if ((l2 < 65536 || (l2 & (l2 - 1)) != 0)); then
	echo "instrcmp: L2 must be a cache size in bytes, a power of two of 65536 or more, got '$l2'" >&2
	exit 2
fi ;;
esac
cd "$(dirname "$0")/.."
. .ci/twobuilds.sh
rev=$(base_commit instrcmp "$base")
if ! command -v valgrind >/dev/null; then
	echo "instrcmp: installing Debian's valgrind with apt ..." >&2
	./.ci/apt-install.sh instrcmp valgrind
fi

two_builds "$rev" "$base" "$pkg"

sim=(--cache-sim=no)
if [[ -n $l2 ]]; then
	sim=(--cache-sim=yes "--LL=$l2,8,64")
fi

# count BUILD ITERATIONS prints the instructions of the whole process and,
# with L2, its last-level misses (else 0).
count() {
	GOGC=off GOMAXPROCS=1 valgrind --tool=cachegrind "${sim[@]}" --cachegrind-out-file=/dev/null \
		"$tmp/$1.test" -test.run '^$' -test.bench "$bench" -test.benchtime "$2x" >"$tmp/out" 2>&1 ||
		{ echo "instrcmp: the $1 build failed:" >&2; cat "$tmp/out" >&2; exit 1; }
	grep -q '^Benchmark' "$tmp/out" ||
		{ echo "instrcmp: the $1 build of $pkg has no benchmark matching '$bench'" >&2; exit 1; }
	awk '/I +refs:/ { gsub(",", "", $4); i = $4 } /LL misses:/ { gsub(",", "", $4); m = $4 }
		END { print i, m + 0 }' "$tmp/out"
}
declare -A per miss
for b in base tree; do
	read -r one mone < <(count $b 1)
	read -r more mmore < <(count $b $((n + 1)))
	per[$b]=$(((more - one) / n))
	miss[$b]=$(((mmore - mone) / n))
done
# rows NAME: base, tree and their ratio for one count.
rows() {
	local -n of=$1
	printf '%-12s %16s\n' base "${of[base]}" tree "${of[tree]}"
	awk -v b="${of[base]}" -v t="${of[tree]}" 'BEGIN { printf "tree/base    %16.3f\n", t / b }'
}
echo "$bench in $pkg, instructions per iteration (cachegrind, GOGC=off, GOMAXPROCS=1, $n iterations):"
rows per
if [[ -n $l2 ]]; then
	echo "misses per iteration of a $l2-byte last-level cache (8-way, 64-byte lines):"
	rows miss
fi

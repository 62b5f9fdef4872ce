#!/usr/bin/env bash
# benchcmp.sh BASE PKG BENCH BENCHTIME N: one benchmark of the working tree
# side by side with the same benchmark at commit BASE, for targets stated as
# ratios ("1.5x the events/s of b187092"). Both test binaries are built
# without a PGO profile (a package's test binary gets none), or each with
# its own when CMPPGO=1 (as make bench builds them; see twobuilds.sh), and run
# alternately N times, because a shared machine's speed drifts 10-20% within
# minutes and one timing of each would mislead. It prints the user CPU of
# each run and every metric the benchmark reports (the best of the N runs,
# the least time or the highest rate, and the median), and the working
# tree's over BASE's.
set -euo pipefail
usage="usage: $0 BASE PKG BENCH BENCHTIME N (make benchcmp BASE=commit)"
base=${1:?$usage} pkg=${2:?$usage} bench=${3:?$usage} benchtime=${4:?$usage} n=${5:?$usage}
case $n in '' | *[!0-9]* | 0) echo "benchcmp: N must be a whole number of runs, got '$n'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
. .ci/twobuilds.sh
rev=$(base_commit benchcmp "$base")
two_builds "$rev" "$base" "$pkg"

TIMEFORMAT=%U
for i in $(seq "$n"); do
	for b in base tree; do
		# bash's time keyword reports the binary's user CPU on stderr.
		{ time "$tmp/$b.test" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime" >"$tmp/out" 2>&1; } 2>"$tmp/cpu" ||
			{ echo "benchcmp: the $b build failed:" >&2; cat "$tmp/out" >&2; exit 1; }
		grep -q '^Benchmark' "$tmp/out" ||
			{ echo "benchcmp: the $b build of $pkg has no benchmark matching '$bench'" >&2; exit 1; }
		echo "$b cpu s $(cat "$tmp/cpu")" >>"$tmp/results"
		# Benchmark lines: name, iterations, then value-unit pairs.
		awk -v b="$b" '/^Benchmark/ { for (i = 3; i + 1 <= NF; i += 2) print b, $1, $(i+1), $i }' "$tmp/out" >>"$tmp/results"
	done
	printf '\rrun %d of %d' "$i" "$n" >&2
done
echo >&2

echo "$bench in $pkg, -benchtime $benchtime, $n alternating runs of each build; best and median:"
awk '
{ key = $2 " " $3; v[$1, key, ++c[$1, key]] = $4; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
function stat(b, key, which, rate,    m, i, j, t, a) {
	m = c[b, key]
	for (i = 1; i <= m; i++) a[i] = v[b, key, i]
	for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
	return which == "best" ? (rate ? a[m] : a[1]) : a[int((m + 1) / 2)]
}
END {
	printf "%-44s %-16s %12s %12s %12s %12s %8s %8s\n", "", "unit", "base best", "base median", "tree best", "tree median", "best", "median"
	for (i = 1; i <= k; i++) {
		key = order[i]; split(key, p, " ")
		if (!c["base", key] || !c["tree", key]) continue
		rate = p[2] ~ /\/s$/ # events/s: the best run is the fastest
		bm = stat("base", key, "best", rate); bd = stat("base", key, "median", rate)
		tm = stat("tree", key, "best", rate); td = stat("tree", key, "median", rate)
		printf "%-44s %-16s %12.4g %12.4g %12.4g %12.4g %8s %8s\n", p[1], p[2], bm, bd, tm, td, \
			(bm ? sprintf("%.3f", tm / bm) : "-"), (bd ? sprintf("%.3f", td / bd) : "-")
	}
	print "(the last two columns are the working tree over base: below 1 is less CPU or time, above 1 more of a rate such as events/s)"
}' "$tmp/results"

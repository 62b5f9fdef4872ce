package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/opsim/opsim/results"
)

// A warm-up too short leaves the start of the horizon in a transient (a
// backlog still filling) that biases every mean. MSER-5 (White 1997;
// White, Cobb and Spratt 2000) finds where a series settles: it batches
// the series in fives and picks the truncation point that minimises the
// standard error of the mean of what is left. A truncation point deep into
// the horizon says the chosen warm-up was too short.

// mserBatch is MSER-5's batch size.
const mserBatch = 5

// MSER5 returns the number of leading observations of xs to discard, by
// MSER-5, and whether the series settled at all: when the best truncation
// point is in the second half of the series the series is still moving at
// the end and no warm-up within this horizon is enough (settled is false).
// Series shorter than two batches return 0, true.
func MSER5(xs []float64) (truncate int, settled bool) {
	b := len(xs) / mserBatch
	if b < 2 {
		return 0, true
	}
	z := make([]float64, b)
	for j := range z {
		var s float64
		for _, x := range xs[j*mserBatch : (j+1)*mserBatch] {
			s += x
		}
		z[j] = s / mserBatch
	}
	best, bestD := math.Inf(1), 0
	// Suffix sums give every truncation's mean and spread in one pass.
	var s, ss float64
	stat := make([]float64, b)
	for d := b - 1; d >= 0; d-- {
		s += z[d]
		ss += z[d] * z[d]
		n := float64(b - d)
		mean := s / n
		stat[d] = math.Max(0, ss/n-mean*mean) / n // (1/n²) Σ (z − mean)²
	}
	for d := 0; d <= b/2; d++ {
		if stat[d] < best*(1-1e-12) {
			best, bestD = stat[d], d
		}
	}
	return bestD * mserBatch, bestD < b/2
}

// warmupSeries are the daily series whose transient biases the metrics
// most: the work waiting (feature backlog, queued tasks). Open incidents
// are left out: learning from postmortems lowers incident rates through a
// run by design, a trend no warm-up should remove.
var warmupSeries = []string{"backlog", "queued_work", "ops_queue"}

// WarmupIssue is a series that had not settled when the horizon began.
type WarmupIssue struct {
	Point   int
	Design  string
	Series  string
	Days    int  // days of the horizon MSER-5 would discard
	Settled bool // false: still moving at the end of the horizon
	Length  int  // days in the series
}

// String says what is wrong and what to do.
func (w WarmupIssue) String() string {
	label := Describe(w.Series).Label
	if !w.Settled {
		return fmt.Sprintf("%s: not settled by the end of the %d-day horizon (MSER-5, median over replications); lengthen warmup and horizon, or the means describe a transient", label, w.Length)
	}
	return fmt.Sprintf("%s: still settling for the first %d of %d days after the warm-up (MSER-5, median over replications); lengthen warmup by at least %d days", label, w.Days, w.Length, w.Days)
}

// WarmupIssues runs MSER-5 on each replication's daily series that
// matter, per sweep point and design, and returns those whose median
// truncation point is more than a tenth of the horizon and a week, or
// that did not settle in most replications: the warm-up left them in a
// transient. The median over replications is what makes it robust: a
// queue's daily samples are spiky, and one early spike can pull a single
// series' truncation point far into the horizon, while a real transient
// shows in every replication.
func WarmupIssues(set *results.Set) []WarmupIssue {
	type key struct {
		point  int
		design string
		series string
	}
	runs := map[string]results.Run{}
	for _, r := range set.Records {
		runs[r.ID] = r.Run
	}
	cuts := map[key][]int{}
	shifts := map[key][]float64{}
	unsettled := map[key]int{}
	length := map[key]int{}
	for _, s := range set.Series {
		r, ok := runs[s.RunID]
		if !ok || !slices.Contains(warmupSeries, s.Name) {
			continue
		}
		k := key{r.Point, r.Design, s.Name}
		d, settled := MSER5(s.Values)
		cuts[k] = append(cuts[k], d)
		shifts[k] = append(shifts[k], levelShift(s.Values, d))
		if !settled {
			unsettled[k]++
		}
		length[k] = max(length[k], len(s.Values))
	}
	var keys []key
	for k := range cuts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.point != b.point {
			return a.point < b.point
		}
		if a.design != b.design {
			return a.design < b.design
		}
		return a.series < b.series
	})
	var out []WarmupIssue
	for _, k := range keys {
		ds, sh := cuts[k], shifts[k]
		sort.Ints(ds)
		sort.Float64s(sh)
		d := ds[len(ds)/2]
		settled := 2*unsettled[k] <= len(ds)
		if !settled || (d >= 7 && float64(d) > 0.1*float64(length[k]) && oneWay(sh)) {
			out = append(out, WarmupIssue{Point: k.point, Design: k.design, Series: k.series, Days: d, Settled: settled, Length: length[k]})
		}
	}
	return out
}

// minLevelShift is how far, relative to the settled level, the part
// MSER-5 cuts must lie from the rest to count as a start-up transient. A
// backlog filling from empty starts far below its level; learning from
// postmortems moves queues by a few percent over a run, which MSER-5 also
// cuts, but which is the model's point, not a warm-up left too short.
const minLevelShift = 0.2

// levelShift is mean(xs[:d]) − mean(xs[d:]) relative to the latter (at
// least 1, so that queues of a task or two do not read as large shifts).
func levelShift(xs []float64, d int) float64 {
	if d == 0 || d >= len(xs) {
		return 0
	}
	rest := meanOf(xs[d:])
	return (meanOf(xs[:d]) - rest) / math.Max(1, math.Abs(rest))
}

// oneWay reports whether the replications' level shifts (sorted) are a
// start-up transient: the median shift is large, and four in five
// replications shift the same way. A queue filling from empty starts low
// in every replication; a slow-mixing queue's early excursions go up in
// some and down in others.
func oneWay(sh []float64) bool {
	med := sh[len(sh)/2]
	if math.Abs(med) < minLevelShift {
		return false
	}
	same := 0
	for _, x := range sh {
		if (x > 0) == (med > 0) && x != 0 {
			same++
		}
	}
	return 5*same >= 4*len(sh)
}

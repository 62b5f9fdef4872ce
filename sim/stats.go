package sim

import (
	"math"
	"sort"
)

// Collector is a statistic that can forget what it saw, so that a model
// can discard its warm-up period in one call.
type Collector interface {
	Reset(now float64)
}

// Tally accumulates observations one at a time (waiting times, restore
// times) with Welford's update, which stays accurate over millions of
// observations where a naive sum of squares loses precision.
type Tally struct {
	n        int
	mean, m2 float64
	min, max float64
}

// Add records one observation.
func (t *Tally) Add(x float64) {
	t.n++
	if t.n == 1 {
		t.mean, t.m2, t.min, t.max = x, 0, x, x
		return
	}
	d := x - t.mean
	t.mean += d / float64(t.n)
	t.m2 += d * (x - t.mean)
	if x < t.min {
		t.min = x
	}
	if x > t.max {
		t.max = x
	}
}

// Count is the number of observations.
func (t *Tally) Count() int { return t.n }

// Mean is the sample mean, NaN with no observations.
func (t *Tally) Mean() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.mean
}

// Variance is the unbiased sample variance, NaN below two observations.
func (t *Tally) Variance() float64 {
	if t.n < 2 {
		return math.NaN()
	}
	return t.m2 / float64(t.n-1)
}

// StdDev is the sample standard deviation.
func (t *Tally) StdDev() float64 { return math.Sqrt(t.Variance()) }

// Min is the smallest observation, NaN with none.
func (t *Tally) Min() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.min
}

// Max is the largest observation, NaN with none.
func (t *Tally) Max() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.max
}

// Reset forgets every observation.
func (t *Tally) Reset(float64) { *t = Tally{} }

// TimeWeighted is the time average of a piecewise-constant quantity, such
// as a queue length or the number of busy servers.
type TimeWeighted struct {
	start, last float64
	value       float64
	area        float64
	max         float64
}

// NewTimeWeighted starts tracking a quantity with the given value at now.
func NewTimeWeighted(now, value float64) TimeWeighted {
	return TimeWeighted{start: now, last: now, value: value, max: value}
}

// Set records that the quantity changed to v at time now.
func (w *TimeWeighted) Set(now, v float64) {
	w.area += w.value * (now - w.last)
	w.last = now
	w.value = v
	if v > w.max {
		w.max = v
	}
}

// Add changes the quantity by d at time now.
func (w *TimeWeighted) Add(now, d float64) { w.Set(now, w.value+d) }

// Value is the current value.
func (w *TimeWeighted) Value() float64 { return w.value }

// Max is the largest value seen since the last reset.
func (w *TimeWeighted) Max() float64 { return w.max }

// Mean is the time average over [last reset, now].
func (w *TimeWeighted) Mean(now float64) float64 {
	span := now - w.start
	if span <= 0 {
		return w.value
	}
	return (w.area + w.value*(now-w.last)) / span
}

// Integral is the area under the quantity over [last reset, now], e.g.
// busy engineer-hours when the quantity is the number of busy engineers.
func (w *TimeWeighted) Integral(now float64) float64 {
	return w.area + w.value*(now-w.last)
}

// Reset forgets the history but keeps the current value.
func (w *TimeWeighted) Reset(now float64) {
	*w = TimeWeighted{start: now, last: now, value: w.value, max: w.value}
}

// Samples keeps every observation, for quantiles (p90 time to restore)
// that a running summary cannot give.
type Samples struct {
	Tally
	xs     []float64
	sorted bool
}

// Add records one observation.
func (s *Samples) Add(x float64) {
	s.Tally.Add(x)
	s.xs = append(s.xs, x)
	s.sorted = false
}

// Values returns the observations, sorted ascending. The slice is the
// collector's own; do not modify it.
func (s *Samples) Values() []float64 {
	if !s.sorted {
		sortRuns(s.xs)
		s.sorted = true
	}
	return s.xs
}

// sortRuns sorts xs ascending. A sample pooled from samples already
// sorted (every team's cycle times, one team after another) is a few
// ascending runs, and merging them takes O(n log runs) where sorting takes
// O(n log n); a pool of many runs, or a very large sample, is radix
// sorted; anything else, or a NaN, goes to sort.Float64s. All give the
// same slice: equal floats are the same bits (but for -0 and +0, which
// sort.Float64s leaves in any order, and which therefore never reach the
// radix sort).
func sortRuns(xs []float64) {
	if len(xs) < 2 {
		return
	}
	bounds := []int{0} // where runs start, kept for the first maxMergeRuns
	runs := 1
	radix := true // no -0 seen
	for i, x := range xs {
		if x != x {
			sort.Float64s(xs)
			return
		}
		if x == 0 && math.Signbit(x) {
			radix = false
		}
		if i > 0 && x < xs[i-1] {
			runs++
			if runs > len(xs)/32 && len(xs) < minRadix {
				sort.Float64s(xs) // short runs: not a pool of sorted samples
				return
			}
			if runs <= maxMergeRuns {
				bounds = append(bounds, i)
			}
		}
	}
	switch {
	case runs == 1:
		return
	case runs > maxMergeRuns && radix:
		radixSort(xs)
		return
	case runs > maxMergeRuns:
		sort.Float64s(xs)
		return
	}
	bounds = append(bounds, len(xs))
	src, dst := xs, make([]float64, len(xs))
	for len(bounds) > 2 { // merge runs pairwise until one is left
		merged := bounds[:1]
		for i := 0; i+1 < len(bounds); i += 2 {
			lo, mid := bounds[i], bounds[i+1]
			hi := mid
			if i+2 < len(bounds) {
				hi = bounds[i+2]
			}
			mergeInto(dst[lo:hi], src[lo:mid], src[mid:hi])
			merged = append(merged, hi)
		}
		bounds = merged
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
}

// Sorting thresholds, from BenchmarkSortRuns. Merging k runs takes
// log2(k) passes over the sample and a radix sort at most eight, each
// cheaper than a merge pass (no comparison to mispredict), so a pool of
// more than 16 sorted samples is radix sorted: a 1,000-team
// organisation's cycle times, a run per team, sort 3.5 times faster. A
// sample in no order is radix sorted only from minRadix values: below
// that the radix sort's eight passes and 2,048 counters cost more than
// sort.Float64s (twice as much at 500).
const (
	maxMergeRuns = 16
	minRadix     = 8192
)

// radixSort sorts xs, which holds no NaN and no -0, ascending: a
// least-significant-byte-first radix sort of the floats' bits turned into
// unsigned integers that order as the floats do (a positive float's bits
// with the sign bit set, a negative float's bits inverted). Values are
// keys and keys are distinct for distinct floats, so the result is the
// one sorted order, bit for bit what sort.Float64s gives (which orders
// -0 and +0 arbitrarily, hence the exclusion). Passes whose byte is the
// same in every key are skipped.
func radixSort(xs []float64) {
	n := len(xs)
	if n < 2 {
		return
	}
	buf := make([]uint64, 2*n)
	src, dst := buf[:n], buf[n:]
	var counts [8][256]int
	for i, x := range xs {
		k := math.Float64bits(x)
		if k>>63 == 0 {
			k |= 1 << 63
		} else {
			k = ^k
		}
		src[i] = k
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	for b := range 8 {
		c := &counts[b]
		if c[byte(src[0]>>(8*b))] == n {
			continue // every key has this byte: the pass would move nothing
		}
		sum := 0
		for d := range c {
			c[d], sum = sum, sum+c[d]
		}
		for _, k := range src {
			d := byte(k >> (8 * b))
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	for i, k := range src {
		if k>>63 == 1 {
			k &^= 1 << 63
		} else {
			k = ^k
		}
		xs[i] = math.Float64frombits(k)
	}
}

// mergeInto merges the ascending a and b into out, len(a)+len(b) long.
func mergeInto(out, a, b []float64) {
	i, j := 0, 0
	for k := range out {
		if j >= len(b) || (i < len(a) && a[i] <= b[j]) {
			out[k] = a[i]
			i++
		} else {
			out[k] = b[j]
			j++
		}
	}
}

// Quantile is the p-quantile with linear interpolation between order
// statistics (Hyndman and Fan type 7), NaN with no observations.
func (s *Samples) Quantile(p float64) float64 {
	return QuantileSorted(s.Values(), p)
}

// Reset forgets every observation.
func (s *Samples) Reset(now float64) {
	s.Tally.Reset(now)
	s.xs = s.xs[:0]
	s.sorted = true
}

// QuantileSorted is the type-7 quantile of an ascending slice.
func QuantileSorted(xs []float64, p float64) float64 {
	n := len(xs)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	if p <= 0 {
		return xs[0]
	}
	if p >= 1 {
		return xs[n-1]
	}
	h := p * float64(n-1)
	i := int(h)
	if i+1 >= n {
		return xs[n-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

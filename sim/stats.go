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
	// Quantile's selections since the last Add: cut is 1 + the index the
	// last one put in place (0: none), odd whether xs was found to hold
	// a NaN or a -0 (checked: whether that was looked for).
	cut          int
	checked, odd bool
}

// Add records one observation.
func (s *Samples) Add(x float64) {
	s.Tally.Add(x)
	s.xs = append(s.xs, x)
	s.sorted = false
	s.cut, s.checked = 0, false
}

// Values returns the observations, sorted ascending. The slice is the
// collector's own; do not modify it.
func (s *Samples) Values() []float64 {
	if !s.sorted {
		sortSample(s.xs)
		s.sorted = true
	}
	return s.xs
}

// sortSample sorts xs ascending: nothing to do for a sample taken in
// order, a radix sort for a large one (minRadix values or more, such as a
// 1,000-team organisation's 200,000 restore times), sort.Float64s for the
// rest or for one that holds a NaN. Both give the same slice: equal floats
// are the same bits, but for -0 and +0, which sort.Float64s leaves in any
// order and which therefore never reach the radix sort.
func sortSample(xs []float64) {
	nan, negZero, sorted := false, false, true
	for i, x := range xs {
		switch {
		case x != x:
			nan = true
		case x == 0 && math.Signbit(x):
			negZero = true
		}
		if i > 0 && x < xs[i-1] {
			sorted = false
			if len(xs) < minRadix {
				break // sort.Float64s, whatever the rest holds
			}
		}
	}
	switch {
	case sorted && !nan:
	case len(xs) >= minRadix && !nan && !negZero:
		radixSort(xs)
	default:
		sort.Float64s(xs)
	}
}

// minRadix is the size from which a sample is radix sorted
// (BenchmarkSortSample): below it the radix sort's eight passes and 2,048
// counters cost more than sort.Float64s (twice as much at 500 values,
// about as much at 5,000).
const minRadix = 8192

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

// Quantile is the p-quantile with linear interpolation between order
// statistics (Hyndman and Fan type 7), NaN with no observations. An
// unsorted sample is not sorted for it: the quantile is found by
// selection, in time linear in the sample's size, which a few quantiles
// of a large sample repay; for many quantiles of one sample, sort it once
// with Values and use QuantileSorted.
func (s *Samples) Quantile(p float64) float64 {
	if s.sorted || len(s.xs) == 0 || math.IsNaN(p) {
		return QuantileSorted(s.xs, p)
	}
	if !s.checked {
		s.odd, s.checked = oddValues(s.xs), true
	}
	if s.odd {
		return QuantileSorted(s.Values(), p)
	}
	q, cut := selectQuantile(s.xs, p, s.cut-1)
	s.cut = cut + 1
	return q
}

// Reset forgets every observation.
func (s *Samples) Reset(now float64) {
	s.Tally.Reset(now)
	s.xs = s.xs[:0]
	s.sorted = true
	s.cut, s.checked = 0, false
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

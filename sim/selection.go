package sim

import (
	"math"
	"math/bits"
	"sort"
)

// quantileSelect is QuantileSorted(sorted xs, p), bit for bit, found by
// selection instead of a sort: O(n) rather than O(n log n), for samples
// that are asked for a quantile or three and never read in order (the
// times to detect, acknowledge and restore). It reorders xs. The type-7
// quantile needs the order statistics i and i+1 of h = p(n-1): a select
// puts the i-th in place with everything after it no smaller, and the
// (i+1)-th is then the least of those. Equal floats are the same bits, so
// which of several equal values lands where cannot change the answer,
// except for -0 and +0 (equal, but different bits) and NaN (unordered):
// a sample holding either is sorted as before.
func quantileSelect(xs []float64, p float64) float64 {
	n := len(xs)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	for _, x := range xs {
		if x != x || (x == 0 && math.Signbit(x)) {
			sortSample(xs)
			return QuantileSorted(xs, p)
		}
	}
	i := n - 1 // p >= 1, and p*(n-1) rounding to n-1
	if p <= 0 {
		i = 0
	} else if p < 1 {
		i = min(int(p*float64(n-1)), n-1)
	}
	selectKth(xs, i)
	if p <= 0 || p >= 1 || i+1 >= n {
		return xs[i]
	}
	h := p * float64(n-1)
	next := xs[i+1]
	for _, x := range xs[i+2:] {
		if x < next {
			next = x
		}
	}
	return xs[i] + (h-float64(i))*(next-xs[i])
}

// selectKth reorders xs (no NaN) so that xs[k] is the value a sort would
// put there, nothing before it larger and nothing after it smaller:
// quickselect with a median-of-three pivot and Hoare's partition, which
// keeps runs of equal values balanced. Should the partitions keep coming
// out lopsided (an adversarial order; a sample of durations never is), it
// sorts what is left instead, so the worst case is O(n log n).
func selectKth(xs []float64, k int) {
	selectKthWithin(xs, k, 2*(bits.Len(uint(len(xs)))+1))
}

// selectKthWithin is selectKth with at most budget partitions before it
// sorts what is left.
func selectKthWithin(xs []float64, k, budget int) {
	lo, hi := 0, len(xs)-1
	for hi-lo > 16 {
		if budget == 0 {
			sort.Float64s(xs[lo : hi+1])
			return
		}
		budget--
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for pivot < xs[j] {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// Now xs[lo..j] <= pivot <= xs[i..hi], and anything between
		// equals the pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
	// A short range: insertion sort.
	for a := lo + 1; a <= hi; a++ {
		for b := a; b > lo && xs[b] < xs[b-1]; b-- {
			xs[b], xs[b-1] = xs[b-1], xs[b]
		}
	}
}

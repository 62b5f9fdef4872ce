package sim

import (
	"math"
	"math/bits"
	"sort"
)

// oddValues reports whether xs holds a NaN or a -0, which selection
// leaves to a sort. Otherwise a quantile found by selection is the sorted
// sample's to the bit: equal floats are the same bits, so which of several
// equal values lands where cannot change it; -0 and +0 are equal but
// different bits, and NaN has no place in an order.
func oddValues(xs []float64) bool {
	for _, x := range xs {
		if x != x || (x == 0 && math.Signbit(x)) {
			return true
		}
	}
	return false
}

// selectQuantile is the type-7 p-quantile of xs (not empty, no odd
// values, p not NaN) by selection. The quantile needs the order
// statistics i and i+1 of h = p(n-1): a select puts the i-th in place
// with nothing after it smaller, and the (i+1)-th is then the least of
// those. cut, when not -1, is an index a previous call put in place in
// the same way (nothing before it larger, nothing after it smaller), so
// that this select need only cover one side of it: three quantiles asked
// in ascending order cost about one and a half selections, not three. It
// returns the quantile and i, the cut the next call may pass.
func selectQuantile(xs []float64, p float64, cut int) (float64, int) {
	n := len(xs)
	i := n - 1 // p >= 1, and p*(n-1) rounding to n-1
	if p <= 0 {
		i = 0
	} else if p < 1 {
		i = min(int(p*float64(n-1)), n-1)
	}
	lo, hi := 0, n // the range i is selected in; a cut bounds it
	switch {
	case cut < 0:
	case i < cut:
		hi = cut
	case i > cut:
		lo = cut + 1
	}
	if i != cut {
		SelectKth(xs[lo:hi], i-lo)
	}
	if p <= 0 || p >= 1 || i+1 >= n {
		return xs[i], i
	}
	// The (i+1)-th is the least of what follows i within the range, and
	// of the cut after it, which bounds the rest.
	end := hi
	if hi < n {
		end = hi + 1
	}
	next := xs[i+1]
	for _, x := range xs[i+2 : end] {
		if x < next {
			next = x
		}
	}
	h := p * float64(n-1)
	return xs[i] + (h-float64(i))*(next-xs[i]), i
}

// SelectKth reorders xs, which must hold no NaN, so that xs[k] is the
// value a sort would put there, with nothing before it larger and nothing
// after it smaller: the k-th order statistic in time linear in len(xs) on
// average, for a quantile or two of data that need not be read in order.
// It is quickselect with a median-of-three pivot and Hoare's partition,
// which keeps runs of equal values balanced; should the partitions keep
// coming out lopsided (an adversarial order; a sample of durations never
// is), it sorts what is left instead, so the worst case is O(n log n).
func SelectKth(xs []float64, k int) {
	selectKthWithin(xs, k, 2*(bits.Len(uint(len(xs)))+1))
}

// selectKthWithin is SelectKth with at most budget partitions before it
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

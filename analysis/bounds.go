package analysis

import (
	"iter"
	"math"
)

// valueRange is the range a measure's true mean can lie in. A Student-t
// interval knows nothing of it: the mean of a few small waiting times with
// one long one gets an interval reaching below zero, which a report would
// show as "-0.07 tasks waiting". Clipping an interval to the range the
// mean must lie in keeps its coverage (the cut-off part held no possible
// value) and stops it showing the impossible.
type valueRange struct{ lo, hi float64 }

var unbounded = valueRange{math.Inf(-1), math.Inf(1)}

// clip narrows [lo, hi] to the range; NaN bounds stay NaN.
func (r valueRange) clip(lo, hi float64) (float64, float64) {
	if lo < r.lo {
		lo = r.lo
	}
	if hi > r.hi {
		hi = r.hi
	}
	return lo, hi
}

// rangeOf is the range of measure name given all its recorded values (NaN
// ones skipped): [0, ∞) when none is negative, narrowed to [0, 1] for a
// share (a measure Describe shows in percent) when none exceeds 1, and
// unbounded otherwise. Every measure the model reports is a time, a count,
// a rate, a share or a mean of those, so each is non-negative by
// definition; reading the bound from the values as well means a measure
// added later that can be negative (a net change) is never clipped.
func rangeOf(name string, values iter.Seq[float64]) valueRange {
	r := valueRange{0, math.Inf(1)}
	share := Describe(name).Scale == 100
	if share {
		r.hi = 1
	}
	for x := range values {
		if x < 0 {
			return unbounded
		}
		if x > 1 {
			r.hi = math.Inf(1)
		}
	}
	if !share {
		r.hi = math.Inf(1)
	}
	return r
}

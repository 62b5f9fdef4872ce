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
	var b boundsFold
	for x := range values {
		b.add(x)
	}
	return b.rangeOf(name)
}

// boundsFold is what rangeOf reads of a measure's values, gathered a
// value at a time, so that a summary made a sweep point at a time clips
// as one made of every run at once.
type boundsFold struct{ negative, aboveOne bool }

func (b *boundsFold) add(x float64) {
	b.negative = b.negative || x < 0
	b.aboveOne = b.aboveOne || x > 1
}

// foldBounds adds a run's values, one per metric, to the metrics' folds.
func foldBounds(bs []boundsFold, values []float64) {
	for i, x := range values {
		bs[i].add(x)
	}
}

// rangeOf is the range of measure name given the values folded.
func (b boundsFold) rangeOf(name string) valueRange {
	if b.negative {
		return unbounded
	}
	if Describe(name).Scale == 100 && !b.aboveOne {
		return valueRange{0, 1}
	}
	return valueRange{0, math.Inf(1)}
}

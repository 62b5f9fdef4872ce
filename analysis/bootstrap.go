package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
)

// BootstrapCI returns a percentile bootstrap interval for stat(xs). It is
// meant for statistics with no usable closed-form interval, above all tail
// quantiles of per-replication metrics (p90 time to restore), where the
// sampling distribution is skewed and a t interval would be misleading.
//
// The returned Estimate has Mean = stat(xs) on the original sample, StdDev
// = the standard deviation of the bootstrap replicates (the bootstrap
// standard error), and Lo, Hi = the (1−level)/2 and (1+level)/2 type-7
// quantiles of the replicates.
//
// rng is passed in rather than taken from a global so that analyses are
// reproducible and independent of the simulation's own streams; it must
// not be nil. One scratch slice is reused for every resample, so stat may
// reorder its argument but must not keep it. With len(xs) < 2, resamples < 1
// or level outside (0, 1) the interval fields are NaN. If any replicate is
// NaN the bounds are NaN, since dropping failed replicates would bias them.
func BootstrapCI(xs []float64, stat func([]float64) float64, level float64, resamples int, rng *rand.Rand) Estimate {
	if rng == nil {
		panic("analysis: BootstrapCI needs a non-nil *rand.Rand")
	}
	n := len(xs)
	nan := math.NaN()
	e := Estimate{N: n, Mean: nan, StdDev: nan, Lo: nan, Hi: nan, HalfWidth: nan, Level: level}
	if n > 0 {
		e.Mean = stat(xs)
	}
	if n < 2 || resamples < 1 || !(level > 0 && level < 1) {
		return e
	}
	scratch := make([]float64, n)
	reps := make([]float64, resamples)
	for r := range reps {
		for j := range scratch {
			scratch[j] = xs[rng.IntN(n)]
		}
		reps[r] = stat(scratch)
	}
	_, e.StdDev = meanSD(reps)
	e.Lo, e.Hi = percentileBounds(reps, level)
	e.HalfWidth = (e.Hi - e.Lo) / 2
	return e
}

// percentileBounds sorts reps in place (the caller owns them) and returns
// the equal-tailed percentile interval at level, or NaNs if a replicate is
// NaN.
func percentileBounds(reps []float64, level float64) (lo, hi float64) {
	if slices.ContainsFunc(reps, math.IsNaN) {
		return math.NaN(), math.NaN()
	}
	slices.Sort(reps)
	alpha := 1 - level
	return quantileSorted(reps, alpha/2), quantileSorted(reps, 1-alpha/2)
}

// PairedBootstrapDiff is the bootstrap counterpart of PairedDiff for any
// statistic, e.g. the change in p90 time to restore between two designs.
// Replication indices are resampled jointly, so each resample keeps the
// pairs intact and the common-random-numbers correlation between base and
// alt narrows the interval just as it does for PairedDiff.
//
// Mean = stat(alt) − stat(base) with Lo, Hi the percentile bounds of the
// resampled differences; Rel = stat(alt)/stat(base) − 1 with RelLo, RelHi
// the percentile bounds of the resampled ratio minus one (Rel fields are
// NaN when stat(base) = 0). Distinguishable means [Lo, Hi] excludes 0.
// It returns an error when the lengths differ or there are fewer than two
// pairs. The rng and scratch-reuse contracts are those of BootstrapCI.
func PairedBootstrapDiff(base, alt []float64, stat func([]float64) float64, level float64, resamples int, rng *rand.Rand) (Diff, error) {
	if rng == nil {
		panic("analysis: PairedBootstrapDiff needs a non-nil *rand.Rand")
	}
	if err := checkPairs(base, alt); err != nil {
		return Diff{}, err
	}
	n := len(base)
	nan := math.NaN()
	sb, sa := stat(base), stat(alt)
	out := Diff{N: n, Mean: sa - sb, Lo: nan, Hi: nan, Rel: nan, RelLo: nan, RelHi: nan, Level: level}
	relOK := sb != 0 && !math.IsNaN(sb)
	if relOK {
		out.Rel = sa/sb - 1
	}
	if resamples < 1 || !(level > 0 && level < 1) {
		return out, nil
	}
	bs := make([]float64, n)
	as := make([]float64, n)
	diffs := make([]float64, resamples)
	ratios := make([]float64, resamples)
	for r := range diffs {
		for j := range bs {
			i := rng.IntN(n)
			bs[j], as[j] = base[i], alt[i]
		}
		rb, ra := stat(bs), stat(as)
		diffs[r] = ra - rb
		ratios[r] = ra/rb - 1
	}
	out.Lo, out.Hi = percentileBounds(diffs, level)
	out.Distinguishable = out.Lo > 0 || out.Hi < 0
	if relOK {
		out.RelLo, out.RelHi = percentileBounds(ratios, level)
	}
	return out, nil
}

package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a point estimate with a two-sided confidence interval.
//
// A single type serves both Student-t and bootstrap intervals so that
// reports and stopping rules can treat them alike.
type Estimate struct {
	N         int
	Mean      float64 // the point estimate (mean, or the statistic for bootstrap)
	StdDev    float64 // sample standard deviation (NaN when N < 2); for bootstrap: SD of the bootstrap replicates
	Lo, Hi    float64 // CI bounds (NaN when N < 2)
	HalfWidth float64 // (Hi-Lo)/2
	Level     float64 // e.g. 0.95
}

// RelHalfWidth is the precision measure sequential stopping rules use
// ("run until the half-width is within 5% of the mean"), because it is
// comparable across metrics with different units.
//
// It is +Inf when Mean is 0 but the interval is not, so that such an
// estimate never looks precise enough, and 0 when both are 0 (a metric
// that is identically zero is known exactly).
func (e Estimate) RelHalfWidth() float64 {
	if e.Mean == 0 {
		switch {
		case e.HalfWidth == 0:
			return 0
		case e.HalfWidth > 0:
			return math.Inf(1)
		}
	}
	return e.HalfWidth / math.Abs(e.Mean)
}

// TQuantile returns the p-quantile of Student's t distribution with df
// degrees of freedom. df = +Inf gives the standard normal quantile, the
// limit gonum's incomplete-beta route cannot evaluate. It returns NaN
// instead of panicking for p outside [0, 1] or df not positive, so that
// degenerate inputs surface as NaN intervals rather than crashes.
func TQuantile(p, df float64) float64 {
	if math.IsNaN(p) || p < 0 || p > 1 || math.IsNaN(df) || df <= 0 {
		return math.NaN()
	}
	if math.IsInf(df, 1) {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// meanSD returns the mean and the sample (n−1) standard deviation using two
// passes, which avoids the cancellation of the one-pass sum-of-squares
// formula when the mean is large relative to the spread (e.g. timestamps).
func meanSD(xs []float64) (mean, sd float64) {
	n := len(xs)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean = sum / float64(n)
	if n < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(n-1))
}

// tMultiplier is the two-sided critical value for a level-confidence
// interval; NaN for a level outside (0, 1) so the interval reads as unknown.
func tMultiplier(level float64, n int) float64 {
	if !(level > 0 && level < 1) || n < 2 {
		return math.NaN()
	}
	return TQuantile((1+level)/2, float64(n-1))
}

// MeanCI returns the mean of xs with a Student-t confidence interval at the
// given level (e.g. 0.95). Replications are independent and their means are
// close to normal for the sample sizes used, which is what justifies t.
//
// N counts every value, including NaN ones, and a single NaN makes Mean,
// StdDev and the bounds NaN: a failed replication must not silently
// shrink the sample and flatter the result. With N < 2 there is no
// spread to estimate, so StdDev, Lo, Hi and HalfWidth are NaN (Mean is
// still the single value, or NaN for an empty slice). A level outside
// (0, 1) likewise gives NaN bounds.
func MeanCI(xs []float64, level float64) Estimate {
	mean, sd := meanSD(xs)
	e := Estimate{N: len(xs), Mean: mean, StdDev: sd, Level: level}
	hw := tMultiplier(level, len(xs)) * sd / math.Sqrt(float64(len(xs)))
	e.HalfWidth = hw
	e.Lo = mean - hw
	e.Hi = mean + hw
	return e
}

// Diff is a paired comparison alt − base over replications that share random numbers.
//
// Pairing by replication is what makes common random numbers pay off: the
// variance of alt_i − base_i is much smaller than that of either arm when
// both see the same arrivals and failures.
type Diff struct {
	N                 int
	Mean, Lo, Hi      float64 // mean of alt_i − base_i with its Student-t CI
	Rel, RelLo, RelHi float64 // relative change mean(alt)/mean(base) − 1 with a delta-method CI for the ratio of means on paired data (linearise d_i = alt_i − R·base_i, se(R) = sd(d)/(sqrt(n)·|mean(base)|)); NaN when mean(base)==0
	Level             float64
	Distinguishable   bool // the CI of Mean excludes 0
}

// ErrLengthMismatch is returned when base and alt do not pair up one to
// one; pairing replications of different runs would be meaningless.
var ErrLengthMismatch = errors.New("analysis: base and alt have different lengths")

// ErrTooFewPairs is returned when fewer than two pairs are given, since no
// interval can be formed without an estimate of the spread.
var ErrTooFewPairs = errors.New("analysis: need at least two paired replications")

func checkPairs(base, alt []float64) error {
	if len(base) != len(alt) {
		return fmt.Errorf("%w (%d vs %d)", ErrLengthMismatch, len(base), len(alt))
	}
	if len(base) < 2 {
		return fmt.Errorf("%w (got %d)", ErrTooFewPairs, len(base))
	}
	return nil
}

// PairedDiff compares alt against base replication by replication: base[i]
// and alt[i] must come from runs that used the same random-number streams.
// It reports the mean difference with a Student-t interval and the
// relative change of the means with a delta-method interval, because
// readers think in percentages while the test of "is there a difference"
// is cleanest on the absolute scale.
//
// NaN values propagate into the result as in MeanCI.
func PairedDiff(base, alt []float64, level float64) (Diff, error) {
	if err := checkPairs(base, alt); err != nil {
		return Diff{}, err
	}
	n := len(base)
	d := make([]float64, n)
	for i := range base {
		d[i] = alt[i] - base[i]
	}
	est := MeanCI(d, level)
	out := Diff{
		N:     n,
		Mean:  est.Mean,
		Lo:    est.Lo,
		Hi:    est.Hi,
		Level: level,
	}
	out.Distinguishable = est.Lo > 0 || est.Hi < 0

	mb, _ := meanSD(base)
	ma, _ := meanSD(alt)
	if mb == 0 || math.IsNaN(mb) || math.IsNaN(ma) {
		out.Rel, out.RelLo, out.RelHi = math.NaN(), math.NaN(), math.NaN()
		return out, nil
	}
	r := ma / mb
	// Reuse d for the linearised residuals alt_i − R·base_i, whose mean is
	// zero by construction and whose spread drives the ratio's error.
	for i := range base {
		d[i] = alt[i] - r*base[i]
	}
	_, sdLin := meanSD(d)
	se := sdLin / (math.Sqrt(float64(n)) * math.Abs(mb))
	hw := tMultiplier(level, n) * se
	out.Rel = r - 1
	out.RelLo = out.Rel - hw
	out.RelHi = out.Rel + hw
	// The symmetric delta-method interval can reach below −100% when the
	// ratio is near zero; for metrics that cannot be negative (times,
	// counts, rates) no ratio of means is below zero, so clip there rather
	// than print "cuts by 114%".
	if out.RelLo < -1 && nonNegative(base) && nonNegative(alt) {
		out.RelLo = -1
	}
	return out, nil
}

func nonNegative(xs []float64) bool {
	for _, x := range xs {
		if x < 0 {
			return false
		}
	}
	return true
}

// Quantile returns the empirical p-quantile of xs with linear interpolation
// between order statistics (Hyndman–Fan type 7, R's and NumPy's default),
// so numbers match what analysts get when they check results in R.
//
// xs is not modified. It returns NaN for an empty slice, for p outside
// [0, 1], and when xs contains a NaN (a NaN has no place in an ordering).
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	for _, x := range xs {
		if math.IsNaN(x) {
			return math.NaN()
		}
	}
	s := slices.Clone(xs)
	n := len(s)
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return slices.Max(s)
	}
	// Only the order statistics lo and lo+1 are needed, so a selection
	// (linear on average) replaces a full sort; bootstrap loops call this
	// hundreds of thousands of times.
	sim.SelectKth(s, lo)
	frac := h - float64(lo)
	if frac == 0 {
		return s[lo]
	}
	next := slices.Min(s[lo+1:])
	return s[lo] + frac*(next-s[lo])
}

// quantileSorted is the type-7 rule on already sorted, NaN-free data; it
// lets bootstrap code sort its replicates once and read several quantiles.
func quantileSorted(s []float64, p float64) float64 {
	n := len(s)
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return s[n-1]
	}
	frac := h - float64(lo)
	if frac == 0 {
		return s[lo]
	}
	return s[lo] + frac*(s[lo+1]-s[lo])
}

// QuantileStat adapts Quantile to the statistic signature the bootstrap
// functions take, so "p90 of time to restore" is a one-liner.
func QuantileStat(p float64) func([]float64) float64 {
	return func(xs []float64) float64 { return Quantile(xs, p) }
}

// Describe renders a Diff as words for reports, e.g. "cuts p90 time to
// restore by 41% [35%, 47%]", "raises backlog by 6% [4%, 8%]", or
// "no distinguishable change in backlog (−2% [−5%, +1%])" when the
// interval of the difference contains zero. Readers should never see a
// verb ("cuts", "raises") that the data do not support.
//
// The relative change is used when it is available and points the same way
// as the absolute difference; otherwise (mean(base) = 0, or a negative
// baseline flipping the sign) the absolute difference is shown instead.
// Decimals are chosen from the interval width so the bounds stay
// distinguishable in print.
func (d Diff) Describe(metric string) string {
	useRel := !math.IsNaN(d.Rel) && (d.Mean == 0 || d.Rel == 0 || (d.Mean > 0) == (d.Rel > 0))
	v, lo, hi, unit := d.Mean, d.Lo, d.Hi, ""
	if useRel {
		v, lo, hi, unit = 100*d.Rel, 100*d.RelLo, 100*d.RelHi, "%"
	}
	if !d.Distinguishable {
		dec := decimals(v, lo, hi, useRel)
		return fmt.Sprintf("no distinguishable change in %s (%s [%s, %s])", metric,
			fmtNum(v, dec, unit, true), fmtNum(lo, dec, unit, true), fmtNum(hi, dec, unit, true))
	}
	verb := "raises"
	if d.Mean < 0 {
		// Report a cut as a positive magnitude, so the bounds swap.
		verb = "cuts"
		v, lo, hi = -v, -hi, -lo
	}
	dec := decimals(v, lo, hi, useRel)
	return fmt.Sprintf("%s %s by %s [%s, %s]", verb, metric,
		fmtNum(v, dec, unit, false), fmtNum(lo, dec, unit, false), fmtNum(hi, dec, unit, false))
}

// decimals picks how many decimals to print from the interval width, so
// the bounds stay distinguishable in print without false precision:
// 41% [35%, 47%] needs none, 0.4% [0.2%, 0.6%] needs one. Absolute values
// get one more digit because their unit may be coarse (hours, tickets).
// A zero-width interval (constant differences) is scaled by its value.
func decimals(v, lo, hi float64, pct bool) int {
	scale := hi - lo
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 2 * math.Max(math.Abs(v), math.Max(math.Abs(lo), math.Abs(hi)))
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return 0
	}
	dec := int(math.Ceil(-math.Log10(scale / 2)))
	if !pct {
		dec++
	}
	return max(0, min(dec, 6))
}

// fmtNum formats one number with a true minus sign (U+2212) for typeset
// reports, an optional explicit plus, and never "−0".
func fmtNum(x float64, dec int, unit string, plus bool) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	if strings.Trim(s, "0.") == "" { // rounds to zero: no sign
		return s + unit
	}
	switch {
	case x < 0:
		s = "−" + s
	case plus:
		s = "+" + s
	}
	return s + unit
}

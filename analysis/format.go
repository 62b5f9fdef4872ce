package analysis

import (
	"math"

	"github.com/opsim/opsim/results"
)

// fmtMean writes a mean with its interval, e.g. "6.6 [5.6, 7.7]", with
// decimals chosen from the interval's half-width (two significant digits of
// it) so the numbers carry the precision the data support and no more.
func fmtMean(m, lo, hi float64) string { return joinParts(fmtMeanParts(m, lo, hi)) }

// fmtMeanParts is fmtMean as the mean and the bracketed interval ("" when
// unknown), for layouts that set them apart.
func fmtMeanParts(m, lo, hi float64) (mean, interval string) {
	if math.IsNaN(m) {
		return "–", ""
	}
	dec := meanDecimals(m, lo, hi)
	mean = fmtNum(m, dec, "", false)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return mean, ""
	}
	return mean, "[" + fmtNum(lo, dec, "", false) + ", " + fmtNum(hi, dec, "", false) + "]"
}

func joinParts(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

func meanDecimals(m, lo, hi float64) int {
	hw := (hi - lo) / 2
	var dec int
	switch {
	case hw > 0 && !math.IsInf(hw, 0):
		dec = 1 - int(math.Floor(math.Log10(hw)))
	case m != 0 && !math.IsInf(m, 0):
		dec = 2 - int(math.Floor(math.Log10(math.Abs(m))))
	}
	return max(0, min(dec, 6))
}

// fmtDiff writes a row's change against the baseline, relative when the
// relative change is defined and points the same way (as Describe does).
func fmtDiff(r results.SummaryRow, scale float64) string { return joinParts(fmtDiffParts(r, scale)) }

// fmtDiffParts is fmtDiff as the change and its bracketed interval.
func fmtDiffParts(r results.SummaryRow, scale float64) (change, interval string) {
	if math.IsNaN(r.Diff) {
		return "–", ""
	}
	r = snapRow(r)
	useRel := !math.IsNaN(r.Rel) && (r.Diff == 0 || r.Rel == 0 || (r.Diff > 0) == (r.Rel > 0))
	v, lo, hi, unit := r.Diff*scale, r.DiffLo*scale, r.DiffHi*scale, ""
	if useRel {
		v, lo, hi, unit = 100*r.Rel, 100*r.RelLo, 100*r.RelHi, "%"
	}
	dec := decimals(v, lo, hi, useRel)
	change = fmtNum(v, dec, unit, true)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return change, ""
	}
	return change, "[" + fmtNum(lo, dec, unit, true) + ", " + fmtNum(hi, dec, unit, true) + "]"
}

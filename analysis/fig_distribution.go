package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
)

// restoreSample is the sample the model records for every incident: its
// time to restore, in hours.
const restoreSample = "restore_h"

func (v *view) runsAt(point int) map[string]string {
	runs := make(map[string]string)
	for _, r := range v.set.Records {
		if r.Point == point {
			runs[r.ID] = r.Design
		}
	}
	return runs
}

func (v *view) distributions() []NamedFigure {
	runs := v.runsAt(v.focus.Index)
	var names []string
	pooled := make(map[string]map[string][]float64) // sample name → design → values
	for _, sm := range v.set.Samples {
		d, ok := runs[sm.RunID]
		if !ok {
			continue
		}
		if pooled[sm.Name] == nil {
			pooled[sm.Name] = make(map[string][]float64)
			names = append(names, sm.Name)
		}
		pooled[sm.Name][d] = append(pooled[sm.Name][d], sm.Values...)
	}
	var out []NamedFigure
	for _, n := range names {
		info := Describe(n)
		samples := make([][]float64, len(v.designs))
		for i, d := range v.designs {
			samples[i] = pooled[n][d]
		}
		samples, tail := capTail(samples)
		stem := fileStem(n) + "-distribution"
		what := info.Label
		if n == restoreSample {
			stem = "restore-distribution"
			what = "time to restore of every incident"
		}
		title := "Distribution of " + what + v.at(v.focus)
		short := info.Title() + ", every " + unitOf(n) + v.at(v.focus)
		out = append(out, NamedFigure{
			Name:  stem,
			Title: title,
			Caption: fmt.Sprintf("Empirical cumulative distribution, all %s pooled per design (n in the legend is the number of values). "+
				"A curve's height at x is the share of values at or below x: the curve further left and higher is faster, "+
				"and the right-hand end shows the long tail that the mean hides. Read the median where a curve crosses 0.5 and the p90 where it crosses 0.9.",
				pooledWhat(n, v.replications())) + tail.note(info),
			Figure: charts.ECDF(short, info.AxisLabel(), v.designs, samples),
		})
	}
	return out
}

// tailCap says where capTail cut the x axis and how many values lay past it.
type tailCap struct {
	at          float64
	beyond, all int
}

func (c tailCap) note(info MetricInfo) string {
	if c.beyond == 0 {
		return ""
	}
	return fmt.Sprintf(" The x axis ends at %s %s, the 99th percentile of the design with the longest tail; the %d values beyond it (%.1f%%) are drawn at that edge, so each curve's height is exact up to there.",
		fmtSig(c.at*info.Scale, 3), info.Unit, c.beyond, 100*float64(c.beyond)/float64(c.all))
}

// capTail clips very long tails at the largest per-design 99th percentile.
// Restore times are heavy-tailed: a handful of day-long incidents would
// otherwise stretch the axis until the body of every curve is a vertical
// line at the left. Values beyond the cap are moved onto it rather than
// dropped, which keeps n and every height left of the cap exact. Tails
// shorter than 1.5 times the cap are left alone.
func capTail(samples [][]float64) ([][]float64, tailCap) {
	var c tailCap
	top := math.Inf(-1)
	for _, xs := range samples {
		clean := finiteOnly(xs)
		if len(clean) == 0 {
			continue
		}
		c.at = math.Max(c.at, Quantile(clean, 0.99))
		top = math.Max(top, slices.Max(clean))
		c.all += len(clean)
	}
	if !(c.at > 0) || !(top > 1.5*c.at) {
		return samples, tailCap{}
	}
	out := make([][]float64, len(samples))
	for i, xs := range samples {
		out[i] = make([]float64, len(xs))
		for j, x := range xs {
			if x > c.at {
				x = c.at
				c.beyond++
			}
			out[i][j] = x
		}
	}
	return out, c
}

func finiteOnly(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			out = append(out, x)
		}
	}
	return out
}

// fmtSig writes x with sig significant digits, for numbers in captions.
func fmtSig(x float64, sig int) string { return strconv.FormatFloat(x, 'g', sig, 64) }

// unitOf names what one value of a sample is, for short chart titles.
func unitOf(name string) string {
	if name == restoreSample {
		return "incident"
	}
	return "value"
}

func pooledWhat(name, reps string) string {
	if name == restoreSample {
		return "incidents of all " + reps
	}
	return "values of all " + reps
}

// fileStem makes a name safe as a file name on every system.
func fileStem(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

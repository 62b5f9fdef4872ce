package analysis

import (
	"fmt"
	"math"
	"strconv"

	"github.com/opsim/opsim/results"
)

// headline is the report's answer in a few sentences of marked text (see
// strong): along a one-parameter sweep, where each design breaks; then,
// per design other than the baseline, how it differs at the focus point on
// what an org design trades (restore time, feature throughput, on-call
// load) and in headcount. A change is given as a percentage when it is
// distinguishable and at least 1%; otherwise the sentence says how close
// the designs are ("feature throughput is within 0.2%"), which is what the
// interval supports.
func headline(v *view) []string {
	var out []string
	if s := breakHeadline(v); s != "" {
		out = append(out, s)
	}
	prefix := ""
	if len(v.varying) > 0 {
		prefix = "At " + v.pointLabel(v.focus) + ", "
	}
	for _, d := range v.designs {
		if d == v.baseline {
			continue
		}
		if s := designHeadline(v, v.focus, d); s != "" {
			out = append(out, prefix+s)
		}
	}
	return out
}

// designHeadline is the sentence for design d at point p; "" when no
// trade-off measure can be compared.
func designHeadline(v *view, p results.Point, d string) string {
	if v.notCompared(p.Index, d) {
		return fmt.Sprintf("%s is not compared with %s: one of them has no steady state or its replications split into regimes (see the warnings).", strong(d), strong(v.baseline))
	}
	var changes, within []string
	for _, dim := range tradeoffDims {
		for _, m := range dim.metricsToCheck {
			r, ok := v.row(p.Index, d, m)
			if !ok || math.IsNaN(r.Rel) || math.IsNaN(r.RelLo) || math.IsNaN(r.RelHi) {
				continue
			}
			if r.Distinguishable && math.Abs(r.Rel) >= slightRel {
				amount := pctMagnitude(r.Rel) + " "
				if (r.Diff > 0) == Describe(m).HigherIsBetter {
					changes = append(changes, fmt.Sprintf(dim.better, amount))
				} else {
					changes = append(changes, fmt.Sprintf(dim.worse, amount))
				}
			} else {
				if bound := math.Max(math.Abs(r.RelLo), math.Abs(r.RelHi)); bound > 0 {
					within = append(within, dim.name+" is within "+ceilPct(bound))
				} else {
					within = append(within, dim.name+" is the same")
				}
			}
			break
		}
	}
	if len(changes)+len(within) == 0 {
		return ""
	}
	s := ""
	if len(changes) > 0 {
		s = fmt.Sprintf("%s %s than %s%s", strong(d), joinAnd(changes), strong(v.baseline), v.headcountClause(p, d))
		if len(within) > 0 {
			s += "; " + joinAnd(within)
		}
	} else {
		s = fmt.Sprintf("%s and %s cannot be told apart%s: %s", strong(d), strong(v.baseline), v.headcountClause(p, d), joinAnd(within))
	}
	return s + "."
}

// headcountClause says how many more or fewer engineers d employs than
// the baseline at p; "" when the same or unknown.
func (v *view) headcountClause(p results.Point, d string) string {
	hc := v.headcounts()
	a, b := hc[rowKey{point: p.Index, design: d}], hc[rowKey{point: p.Index, design: v.baseline}]
	if a == nil || b == nil {
		return ""
	}
	diff := a.total() - b.total()
	switch {
	case diff > 0:
		return ", with " + fmtCount(diff) + " more engineers"
	case diff < 0:
		return ", with " + fmtCount(-diff) + " fewer engineers"
	}
	return ""
}

// breakHeadline says where each design breaks along a one-parameter
// sweep, at its first break; "" when the rule does not apply.
func breakHeadline(v *view) string {
	measures, _ := v.breakMeasures()
	if !v.breakable() || len(measures) == 0 {
		return ""
	}
	firsts := v.firstBreaks()
	pts := v.sweepOrder()
	sp := v.varying[0]
	var parts []string
	for _, d := range v.designs {
		b, ok := firsts[d]
		if !ok {
			parts = append(parts, strong(d)+" holds up")
			continue
		}
		if b.regime != nil {
			parts = append(parts, fmt.Sprintf("%s breaks at %s (%s)", strong(d), sp.Text[b.at.Index], b.regime.Short()))
			continue
		}
		info := Describe(b.metric)
		val, _ := fmtMeanParts(b.val.Mean*info.Scale, b.val.Lo*info.Scale, b.val.Hi*info.Scale)
		ref, _ := fmtMeanParts(b.ref.Mean*info.Scale, b.ref.Lo*info.Scale, b.ref.Hi*info.Scale)
		parts = append(parts, fmt.Sprintf("%s breaks at %s (%s %s %s, up from %s %s)", strong(d), sp.Text[b.at.Index],
			info.Label, val, info.Unit, ref, info.Unit))
	}
	return fmt.Sprintf("Along %s from %s to %s, %s.", sp.Label, sp.Text[pts[0].Index], sp.Text[pts[len(pts)-1].Index], joinAnd(parts))
}

// pctMagnitude writes |rel| as a percentage with two significant digits
// (34%, 4.6%, 0.13%) and whole percent from 100% up.
func pctMagnitude(rel float64) string {
	pct := math.Abs(100 * rel)
	if pct >= 100 {
		return strconv.FormatFloat(pct, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(pct, 'g', 2, 64) + "%"
}

// ceilPct writes a bound on a relative change, rounded up to one
// significant digit below 10% (0.18% is "within 0.2%") and to whole
// percent above, so that "within" is never an understatement.
func ceilPct(frac float64) string {
	pct := 100 * frac
	switch {
	case !(pct > 0):
		return "0%"
	case pct >= 10:
		return strconv.FormatFloat(math.Ceil(pct), 'f', 0, 64) + "%"
	}
	step := math.Pow(10, math.Floor(math.Log10(pct)))
	dec := max(0, -int(math.Round(math.Log10(step))))
	// The small tolerance keeps 0.3 from rounding up to 0.4 through float
	// error in pct/step.
	return strconv.FormatFloat(math.Ceil(pct/step-1e-9)*step, 'f', dec, 64) + "%"
}

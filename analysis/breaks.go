package analysis

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opsim/opsim/results"
)

// breakPoint is where a design breaks along a sweep on one measure: the
// first point where the measure is worse than the break factor times its
// value at the first point, by more than the measure's floor, with the two
// intervals apart.
type breakPoint struct {
	design, metric string
	at             results.Point
	ref, val       results.SummaryRow // at the first point, and at the break
	// regime, when set, says the design has no steady state at the point
	// (metric is then ""): the first and plainest break of all.
	regime *Regime
}

// breakable reports whether the break rule applies: a one-parameter sweep
// of two points or more, whose values order the points.
func (v *view) breakable() bool { return len(v.varying) == 1 && len(v.points) >= 2 }

// breakMeasures are the measures the break rule watches that the summary
// has, in name order, with their floors.
func (v *view) breakMeasures() ([]string, map[string]float64) {
	floors := v.opt.breakFloor()
	return v.present(slices.Sorted(maps.Keys(floors))), floors
}

// findBreaks applies the break rule per design and measure. held lists,
// per design, the watched measures on which it does not break.
func (v *view) findBreaks() (found []breakPoint, held map[string][]string) {
	held = make(map[string][]string)
	if !v.breakable() {
		return nil, held
	}
	pts := v.sweepOrder()
	first := pts[0]
	factor := v.opt.breakFactor()
	measures, floors := v.breakMeasures()
	for _, d := range v.designs {
		// Where a design loses its steady state it has broken, whatever
		// its means say: they describe no steady state from there on.
		lost := -1
		for i, p := range pts {
			if g := RegimeOf(v.regimes, p.Index, d); g.Hides() {
				found = append(found, breakPoint{design: d, at: p, regime: &g})
				lost = i
				break
			}
		}
		for _, m := range measures {
			ref, ok := v.row(first.Index, d, m)
			if !ok || !(ref.Mean >= 0) || math.IsInf(ref.Mean, 0) {
				continue
			}
			higher := Describe(m).HigherIsBetter
			broke := lost >= 0
			for i, p := range pts[1:] {
				if lost >= 0 && i+1 >= lost {
					break // no steady state from here: the regime break says it
				}
				r, ok := v.row(p.Index, d, m)
				if !ok || !worseBy(ref, r, higher, factor, floors[m]) {
					continue
				}
				found = append(found, breakPoint{design: d, metric: m, at: p, ref: ref, val: r})
				broke = true
				break
			}
			if !broke {
				held[d] = append(held[d], m)
			}
		}
	}
	return found, held
}

// worseBy is the break rule for one point: r is worse than ref by more
// than factor times and by more than floor, and the intervals are apart.
// Each part guards against a different false alarm: a doubling of tiny,
// noisy waits (the intervals), a doubling nobody would act on (the floor),
// and a distinguishable drift too small to call a breakdown (the factor).
func worseBy(ref, r results.SummaryRow, higherIsBetter bool, factor, floor float64) bool {
	if higherIsBetter {
		return r.Mean < ref.Mean/factor && ref.Mean-r.Mean >= floor && r.Hi < ref.Lo
	}
	return r.Mean > factor*ref.Mean && r.Mean-ref.Mean >= floor && r.Lo > ref.Hi
}

// breaks says, per design, where it breaks along a one-parameter sweep or
// that it holds up, as marked text (see strong).
func breaks(v *view) []string {
	found, held := v.findBreaks()
	if !v.breakable() {
		return nil
	}
	first := v.sweepOrder()[0]
	var out []string
	for _, d := range v.designs {
		var clauses []string
		for _, b := range found {
			if b.design != d {
				continue
			}
			clauses = append(clauses, v.breakClause(b, first))
		}
		labels := labelsOf(held[d])
		switch {
		case len(clauses) > 0:
			out = append(out, fmt.Sprintf("%s breaks down along the sweep: %s.", strong(d), strings.Join(clauses, "; and ")))
		case len(labels) == 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never breaks by the rule below.", strong(d), labels[0]))
		case len(labels) > 1:
			out = append(out, fmt.Sprintf("%s holds up across the sweep: its %s never break by the rule below.", strong(d), joinList(labels, "and")))
		}
	}
	return out
}

// breakClause says where and why a design breaks, as a clause: "at 20
// product teams it has no steady state (ops's queue grows ...)", or "at
// 20 product teams its first-response wait is ..., 3.1 times the ... at 5
// product teams".
func (v *view) breakClause(b breakPoint, first results.Point) string {
	if b.regime != nil {
		what := "it has no steady state"
		if !b.regime.Unstable() {
			what = "its replications split"
		}
		return fmt.Sprintf("at %s %s (%s)", v.pointLabel(b.at), what, b.regime.Short())
	}
	info := Describe(b.metric)
	than := "up from"
	if b.ref.Mean > 0 {
		than = fmtRatio(b.val.Mean/b.ref.Mean) + " times the"
	}
	return fmt.Sprintf("at %s its %s is %s %s, %s %s %s at %s",
		v.pointLabel(b.at), info.Label, fmtRow(b.val, info), info.Unit,
		than, fmtRow(b.ref, info), info.Unit, v.pointLabel(first))
}

// firstBreaks are, per design that breaks, its break at the smallest
// sweep value (the first found there when several measures break at once).
func (v *view) firstBreaks() map[string]breakPoint {
	found, _ := v.findBreaks()
	out := map[string]breakPoint{}
	for _, b := range found {
		if cur, ok := out[b.design]; !ok || v.sweepPos(b.at) < v.sweepPos(cur.at) {
			out[b.design] = b
		}
	}
	return out
}

// breakRule states the rule in words, with the floors, for the note under
// the breaks.
func (v *view) breakRule() string {
	measures, floors := v.breakMeasures()
	var parts []string
	for _, m := range measures {
		info := Describe(m)
		parts = append(parts, fmt.Sprintf("%s (by at least %s %s)", info.Label, fmtFloor(floors[m]*info.Scale), info.Unit))
	}
	return fmt.Sprintf("A design is said to break at the first sweep value where its %s is worse than %s its value at the smallest point, "+
		"and its 95%% interval there lies wholly beyond the one at the smallest point. A scenario sets the measures, floors and factor in its [report] table.",
		joinList(parts, "or"), timesWord(v.opt.breakFactor()))
}

func labelsOf(metrics []string) []string {
	var out []string
	for _, m := range metrics {
		out = append(out, Describe(m).Label)
	}
	return out
}

// fmtRow writes a row's mean and interval in display units.
func fmtRow(r results.SummaryRow, info MetricInfo) string {
	return fmtMean(r.Mean*info.Scale, r.Lo*info.Scale, r.Hi*info.Scale)
}

func fmtFloor(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }

func timesWord(k float64) string {
	if k == 2 {
		return "twice"
	}
	return strconv.FormatFloat(k, 'g', 3, 64) + " times"
}

func fmtRatio(x float64) string {
	if x >= 10 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

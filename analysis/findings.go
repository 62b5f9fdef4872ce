package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/opsim/opsim/results"
)

// maxFindingPoints is how many sweep points get their own findings; longer
// sweeps get the smallest, middle and largest point, since a page of
// near-identical paragraphs hides the pattern the sweep was run to show.
const maxFindingPoints = 5

// diffOf turns a summary row's comparison back into a Diff for Describe.
func diffOf(r results.SummaryRow) Diff {
	r = snapRow(r)
	return Diff{N: r.N, Mean: r.Diff, Lo: r.DiffLo, Hi: r.DiffHi, Rel: r.Rel, RelLo: r.RelLo, RelHi: r.RelHi,
		Level: ciLevel, Distinguishable: r.Distinguishable}
}

// snapRow collapses intervals whose width is only rounding noise (a
// constant paired difference, resampled, gives bounds a few ulps apart).
// Decimals are chosen from the interval width, and a width of 1e-16 would
// otherwise print "41.000000%" where "41%" is meant.
func snapRow(r results.SummaryRow) results.SummaryRow {
	snap := func(v, lo, hi *float64) {
		if math.Abs(*hi-*lo) <= 1e-9*math.Max(math.Abs(*v), 1e-300) {
			*lo, *hi = *v, *v
		}
	}
	snap(&r.Diff, &r.DiffLo, &r.DiffHi)
	snap(&r.Rel, &r.RelLo, &r.RelHi)
	return r
}

const noChange = "no distinguishable change in "

// findingPoints picks the points that get findings, in sweep order.
func (v *view) findingPoints() []results.Point {
	pts := v.sweepOrder()
	if len(pts) <= maxFindingPoints {
		return pts
	}
	return []results.Point{pts[0], pts[len(pts)/2], pts[len(pts)-1]}
}

// sweepOrder lists the points by the value of a single numeric swept
// parameter, otherwise by index.
func (v *view) sweepOrder() []results.Point {
	pts := slices.Clone(v.points)
	if len(v.varying) == 1 && v.varying[0].Value != nil {
		val := v.varying[0].Value
		slices.SortStableFunc(pts, func(a, b results.Point) int {
			switch {
			case val[a.Index] < val[b.Index]:
				return -1
			case val[a.Index] > val[b.Index]:
				return 1
			}
			return 0
		})
	}
	return pts
}

// notCompared reports whether design d cannot be compared with the
// baseline at point: either has no steady state or splits into regimes,
// so a mean and its difference would describe no organisation.
func (v *view) notCompared(point int, d string) bool {
	return RegimeOf(v.regimes, point, d).Hides() || RegimeOf(v.regimes, point, v.baseline).Hides()
}

// sweepPos is p's position in sweepOrder.
func (v *view) sweepPos(p results.Point) int {
	return slices.IndexFunc(v.sweepOrder(), func(q results.Point) bool { return q.Index == p.Index })
}

func findings(v *view) []pointFindings {
	metrics := v.present(KeyMetrics)
	var out []pointFindings
	for _, p := range v.findingPoints() {
		pf := pointFindings{}
		if len(v.varying) > 0 {
			pf.Heading = "At " + v.pointLabel(p)
		}
		for _, d := range v.designs {
			if d == v.baseline {
				continue
			}
			if v.notCompared(p.Index, d) {
				pf.Items = append(pf.Items, []string{capitalize(d) + " is not compared with " + v.baseline +
					" here: one of them has no steady state or its replications split into regimes (see the warning above)."})
				continue
			}
			if s := designFinding(v, p, d, metrics); s != nil {
				pf.Items = append(pf.Items, s)
			}
		}
		if len(pf.Items) > 0 {
			out = append(out, pf)
		}
	}
	return out
}

// designFinding states in words how design d differs from the baseline at
// point p on the key metrics, grouping changes by verb ("cuts a by x and b
// by y") and listing what cannot be told apart, then the trade-off in a
// paragraph of its own.
func designFinding(v *view, p results.Point, d string, metrics []string) []string {
	var cuts, raises, same, missing []string
	for _, m := range metrics {
		r, ok := v.row(p.Index, d, m)
		if !ok {
			continue
		}
		label := Describe(m).Label
		if r.Mean == 0 && r.Diff == 0 && r.DiffLo == 0 && r.DiffHi == 0 {
			continue // zero in both designs (no handoffs without a handoff): nothing to say
		}
		if math.IsNaN(r.Diff) || math.IsNaN(r.DiffLo) {
			missing = append(missing, label)
			continue
		}
		s := diffOf(r).Describe(label)
		switch {
		case strings.HasPrefix(s, "cuts "):
			cuts = append(cuts, strings.TrimPrefix(s, "cuts "))
		case strings.HasPrefix(s, "raises "):
			raises = append(raises, strings.TrimPrefix(s, "raises "))
		default:
			same = append(same, strings.TrimPrefix(s, noChange))
		}
	}
	if len(cuts)+len(raises)+len(same)+len(missing) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Compared with %s, %s ", strong(v.baseline), strong(d))
	switch {
	case len(cuts) > 0 && len(raises) > 0:
		fmt.Fprintf(&b, "cuts %s. It raises %s.", joinAnd(cuts), joinAnd(raises))
	case len(cuts) > 0:
		fmt.Fprintf(&b, "cuts %s.", joinAnd(cuts))
	case len(raises) > 0:
		fmt.Fprintf(&b, "raises %s.", joinAnd(raises))
	case len(same) > 0:
		fmt.Fprintf(&b, "shows no distinguishable difference on any key metric: %s.", joinList(same, "and"))
		same = nil
	default:
		b.WriteString("cannot be compared:")
	}
	if len(same) > 0 {
		fmt.Fprintf(&b, " No distinguishable difference in %s.", joinList(same, "or"))
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, " Too few paired replications with a value to compare %s.", joinList(missing, "or"))
	}
	out := []string{b.String()}
	if t := tradeoffSentence(v, p, d); t != "" {
		out = append(out, t)
	}
	return out
}

// tradeoffDims are the three things an organisation design trades against
// each other: how fast incidents are restored, what gets delivered, and
// the load on the people on call. Each has the phrases for "better" and
// "worse" and the metrics that measure it, in order of preference.
var tradeoffDims = []struct {
	name           string
	better, worse  string
	metricsToCheck []string
}{
	{"restore time", "restores incidents %ssooner", "restores incidents %smore slowly", []string{"ttr_mean_h", "ttr_p90_h"}},
	{"feature throughput", "delivers %smore features", "delivers %sfewer features", []string{"features_per_week"}},
	{"on-call load", "pages engineers out of hours %sless", "pages engineers out of hours %smore", []string{"after_hours_pages_per_eng_week", "pages_per_shift"}},
}

// slightRel is the relative change below which the trade-off calls a
// distinguishable change "slight": with many replications a 0.1% change
// can be real, and "delivers fewer features" alone would overstate it.
const slightRel = 0.01

// tradeoffSentence states where d gains and where it pays against the
// baseline on restore time, feature throughput and on-call load.
func tradeoffSentence(v *view, p results.Point, d string) string {
	var better, worse, dims []string
	for _, dim := range tradeoffDims {
		for _, m := range dim.metricsToCheck {
			r, ok := v.row(p.Index, d, m)
			if !ok || math.IsNaN(r.Diff) || math.IsNaN(r.DiffLo) {
				continue
			}
			info := Describe(m)
			dims = append(dims, dim.name)
			amount := info.Label + " " + fmtDiff(r, info.Scale)
			// What is not distinguishable was said in the finding just
			// before; the trade-off names only what is gained and paid.
			switch {
			case !r.Distinguishable:
			case (r.Diff > 0) == info.HigherIsBetter:
				better = append(better, fmt.Sprintf(dim.better, slightly(r))+" ("+amount+")")
			default:
				worse = append(worse, fmt.Sprintf(dim.worse, slightly(r))+" ("+amount+")")
			}
			break
		}
	}
	if len(dims) == 0 {
		return ""
	}
	var s string
	on := "On " + joinList(dims, "and") + ", "
	switch {
	case len(better) > 0 && len(worse) > 0:
		s = fmt.Sprintf("The trade-off: %s %s, but %s.", strong(d), joinAnd(better), joinAnd(worse))
	case len(better) > 0:
		s = fmt.Sprintf("%s%s is better or not distinguishable: it %s.", on, strong(d), joinAnd(better))
	case len(worse) > 0:
		s = fmt.Sprintf("%s%s does no better than %s: it %s.", on, strong(d), strong(v.baseline), joinAnd(worse))
	default:
		return on + "the two designs are not distinguishable."
	}
	return s
}

func slightly(r results.SummaryRow) string {
	if math.Abs(r.Rel) < slightRel {
		return "slightly "
	}
	return ""
}

func joinAnd(items []string) string { return joinList(items, "and") }

// joinList joins with commas and a final conjunction, the way the
// sentences are spoken.
func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " " + conj + " " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

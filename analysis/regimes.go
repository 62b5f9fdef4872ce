package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/opsim/opsim/results"
)

// A design with no steady state, or whose replications split into
// regimes, must be said plainly: a mean and an interval over replications
// that describe different systems describe none of them.

// collapseFactor: a replication whose mean time to restore exceeds this
// many times the median of its design's replications is in another regime.
const collapseFactor = 5

// tipMeaning says what the model's "tipped" measure means.
const tipMeaning = "problems left open raise their incident rate more than 1.5-fold over the last quarter of the horizon"

// Regime is what the replications of one design at one sweep point say
// about its steady state.
type Regime struct {
	Point  int
	Design string
	Runs   int
	// Growing counts the replications in which some team's unfinished work
	// kept growing through the horizon (the model's "unstable" flag); Team
	// is the team flagged most often, Teams how many teams were flagged at
	// all, and Growth the median growth, in tasks a week, of a flagged team
	// in a replication that flagged it.
	Growing int
	Team    string
	Teams   int
	Growth  float64
	// Load is the median offered load of the flagged teams (work offered
	// over what they could do): at 1 or more the queue grows without
	// bound; below, it had not settled within the horizon.
	Load float64
	// Collapsed counts the replications whose mean time to restore is
	// above five times the median of the design's replications; MedianTTR
	// is that median, in hours.
	Collapsed int
	MedianTTR float64
	// Tipped counts the replications that tipped into firefighting: open
	// problems raised their incident rate by more than half (the model's
	// "tipped" measure; none when the scenario does not model problems).
	Tipped int
}

// Unstable reports that most replications have a queue growing without
// bound: the design has no steady state, and its means describe nothing.
func (r Regime) Unstable() bool { return 2*r.Growing > r.Runs }

// Split reports that some replications collapse, or tip into
// firefighting, while the rest do not.
func (r Regime) Split() bool { return !r.Unstable() && (r.Collapsed > 0 || r.tipSplit()) }

// tipSplit reports that some replications tip and some do not.
func (r Regime) tipSplit() bool { return r.Tipped > 0 && r.Tipped < r.Runs }

// Hides reports that the design's means must not be printed as if they
// described it: it is unstable, or its replications split into regimes.
func (r Regime) Hides() bool { return r.Unstable() || r.Split() }

// Cell is the short text a table shows instead of a mean and interval,
// "" when the means stand.
func (r Regime) Cell() string {
	switch {
	case r.Unstable() && !(r.Load < 1):
		return "unstable"
	case r.Unstable():
		return "not settled"
	case r.Split() && r.Collapsed == 0:
		return fmt.Sprintf("%d of %d tip", r.Tipped, r.Runs)
	case r.Split():
		return fmt.Sprintf("%d of %d collapse", r.Collapsed, r.Runs)
	}
	return ""
}

// Short says what is wrong in a clause: "ops's queue grows 81 tasks a week
// at a load of 1.20", or "3 of 10 replications collapse".
func (r Regime) Short() string {
	switch {
	case r.Unstable() && r.Teams > 1:
		return fmt.Sprintf("the queues of %s and %d other teams grow, at a load of %.2f", r.Team, r.Teams-1, r.Load)
	case r.Unstable():
		return fmt.Sprintf("%s's queue grows %s tasks a week at a load of %.2f", r.Team, fmtGrowth(r.Growth), r.Load)
	case r.Split() && r.Collapsed == 0:
		return fmt.Sprintf("%d of %d replications tip into firefighting", r.Tipped, r.Runs)
	case r.Split():
		return fmt.Sprintf("%d of %d replications collapse", r.Collapsed, r.Runs)
	}
	return ""
}

// Verdict says in words what is wrong, "" when nothing is.
func (r Regime) Verdict() string {
	grow := func() string {
		if r.Teams > 1 {
			return fmt.Sprintf("the queues of %s and %d other teams grow (median %s tasks a week each)", r.Team, r.Teams-1, fmtGrowth(r.Growth))
		}
		return fmt.Sprintf("%s's queue grows %s tasks a week", r.Team, fmtGrowth(r.Growth))
	}
	switch {
	case r.Unstable() && !(r.Load < 1):
		return fmt.Sprintf("unstable in %d of %d replications: %s at a load of %.2f; the design has no steady state, so its means and intervals are not shown",
			r.Growing, r.Runs, grow(), r.Load)
	case r.Unstable():
		return fmt.Sprintf("not settled in %d of %d replications: %s at a load of %.2f, and did not settle within the horizon; its means and intervals are not shown (a longer warm-up and horizon would tell)",
			r.Growing, r.Runs, grow(), r.Load)
	case r.Split() && r.Collapsed == 0:
		return fmt.Sprintf("%d of %d replications tip into firefighting (%s) and the rest do not; the replications describe different regimes, so their means and intervals are not shown",
			r.Tipped, r.Runs, tipMeaning)
	case r.Split():
		return fmt.Sprintf("%d of %d replications collapse (mean time to restore above %d× the median of %.1f h); the replications describe different regimes, so their means and intervals are not shown",
			r.Collapsed, r.Runs, collapseFactor, r.MedianTTR)
	case r.Tipped > 0:
		return fmt.Sprintf("all %d replications tip into firefighting (%s)", r.Runs, tipMeaning)
	case r.Growing > 0:
		return fmt.Sprintf("in %d of %d replications %s through the horizon, at a load of %.2f; a longer horizon or more replications will tell whether it settles",
			r.Growing, r.Runs, grow(), r.Load)
	}
	return ""
}

func fmtGrowth(x float64) string {
	if math.Abs(x) >= 10 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// RegimeMetrics are the metrics Regimes reads of each run (mean time to
// restore, the tipped flag): a Set holding only these of its records'
// values, with the teams table's rows, gives the same regimes.
var RegimeMetrics = []string{"ttr_mean_h", "tipped"}

// Regimes reads, for every sweep point and design of a results Set, its
// replications' stability: the model's per-team "unstable" flags (the
// teams table's unstable and pending_growth_per_week columns) and the
// spread of their mean times to restore. Points and designs come in
// manifest order.
func Regimes(set *results.Set) []Regime {
	ttr := slices.Index(set.Metrics, RegimeMetrics[0])
	tip := slices.Index(set.Metrics, RegimeMetrics[1])
	type key struct {
		point  int
		design string
	}
	byRun := map[string]key{}
	ttrs := map[key][]float64{}
	tipped := map[key]int{}
	for _, rec := range set.Records {
		k := key{rec.Point, rec.Design}
		byRun[rec.ID] = k
		if tip >= 0 && rec.Values[tip] == 1 {
			tipped[k]++
		}
		if ttr >= 0 {
			ttrs[k] = append(ttrs[k], rec.Values[ttr])
		} else {
			ttrs[k] = append(ttrs[k], math.NaN())
		}
	}
	// Growing teams, per run.
	growth := map[key]map[string][]float64{} // team -> growth in each flagging run
	loads := map[key][]float64{}
	growingRuns := map[key]map[string]bool{}
	for _, tb := range set.Tables {
		ui, gi := slices.Index(tb.Columns, "unstable"), slices.Index(tb.Columns, "pending_growth_per_week")
		li := slices.Index(tb.Columns, "load")
		if tb.Name != teamsTable || ui < 0 || gi < 0 {
			continue
		}
		for _, row := range tb.Rows {
			if row.Values[ui] != 1 {
				continue
			}
			k, ok := byRun[row.RunID]
			if !ok {
				continue
			}
			if growth[k] == nil {
				growth[k], growingRuns[k] = map[string][]float64{}, map[string]bool{}
			}
			growth[k][row.Key] = append(growth[k][row.Key], row.Values[gi])
			if li >= 0 {
				loads[k] = append(loads[k], row.Values[li])
			}
			growingRuns[k][row.RunID] = true
		}
	}
	points := set.Manifest.Points
	if len(points) == 0 {
		points = []results.Point{{Index: 0}}
	}
	var out []Regime
	for _, p := range points {
		for _, d := range set.Manifest.Designs {
			k := key{p.Index, d}
			xs := ttrs[k]
			if len(xs) == 0 {
				continue
			}
			r := Regime{Point: p.Index, Design: d, Runs: len(xs), Growing: len(growingRuns[k]), Tipped: tipped[k]}
			r.MedianTTR, r.Collapsed = collapses(xs)
			var teams []string
			for team := range growth[k] {
				teams = append(teams, team)
			}
			sort.Slice(teams, func(i, j int) bool {
				a, b := len(growth[k][teams[i]]), len(growth[k][teams[j]])
				return a > b || a == b && teams[i] < teams[j]
			})
			if len(teams) > 0 {
				r.Team, r.Teams = teams[0], len(teams)
				var g []float64
				for _, team := range teams {
					g = append(g, growth[k][team]...)
				}
				sort.Float64s(g)
				r.Growth = g[len(g)/2]
				r.Load = math.NaN()
				if l := loads[k]; len(l) > 0 {
					sort.Float64s(l)
					r.Load = l[len(l)/2]
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// collapses is the median of xs and how many exceed collapseFactor times
// it (NaNs are left out).
func collapses(xs []float64) (median float64, n int) {
	var ok []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ok = append(ok, x)
		}
	}
	if len(ok) == 0 {
		return math.NaN(), 0
	}
	sort.Float64s(ok)
	median = ok[len(ok)/2]
	if len(ok)%2 == 0 {
		median = (ok[len(ok)/2-1] + ok[len(ok)/2]) / 2
	}
	for _, x := range ok {
		if x > collapseFactor*median {
			n++
		}
	}
	return median, n
}

// RegimeOf finds the regime of a design at a point (the zero Regime, which
// hides nothing, when absent).
func RegimeOf(rs []Regime, point int, design string) Regime {
	for _, r := range rs {
		if r.Point == point && r.Design == design {
			return r
		}
	}
	return Regime{}
}

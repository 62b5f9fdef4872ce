package scenarios

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/models"
	"github.com/opsim/opsim/results"
)

// runBundled runs reps replications of every design at the given sweep
// points of a bundled scenario with overrides, on the scenario's common
// random numbers: out[point][design][rep].
func runBundled(t *testing.T, name string, sets []string, points []int, reps int) [][][]*models.Result {
	t.Helper()
	src, err := Bundled(name)
	if err != nil {
		t.Fatal(err)
	}
	if src, err = Override(name, src, sets); err != nil {
		t.Fatal(err)
	}
	sc, err := Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return runScenario(t, sc, points, reps, 0)
}

func values(rs []*models.Result, metric string) []float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = r.Value(metric)
	}
	return xs
}

// TestWeinbergDoesNotInventCollapses: four times the default incident
// rate under Weinberg's table left 14 of 40 centralized replications with
// a mean time to restore of days (one first response waited 72 days),
// while a fixed refocus time gave 4.8 h and none. Juggling now applies to
// the tasks a person started and holds, so no replication may stray above
// five times the median.
func TestWeinbergDoesNotInventCollapses(t *testing.T) {
	res := runBundled(t, "default.toml", []string{"services.incident_rate=4/week", "work.context_switch=weinberg"}, []int{0}, 40)
	for d, rs := range res[0] {
		xs := values(rs, "ttr_mean_h")
		sort.Float64s(xs)
		med := xs[len(xs)/2]
		if xs[len(xs)-1] > 5*med {
			t.Errorf("design %d: a replication's mean time to restore is %.1f h, the median %.1f h", d, xs[len(xs)-1], med)
		}
	}
}

// TestCouplingDoesNotShortenRestores: tighter coupling used to cut mean
// time to restore in half, because symptoms were "restored" while their
// cause was still broken. In the bundled coupling sweep, time to restore
// must not fall from the loosest to the tightest coupling, for either
// design (paired on common random numbers).
func TestCouplingDoesNotShortenRestores(t *testing.T) {
	res := runBundled(t, "coupling.toml", nil, []int{0, 3}, 12)
	for d := range res[0] {
		loose, tight := values(res[0][d], "ttr_mean_h"), values(res[1][d], "ttr_mean_h")
		mean, se := paired(res[0][d], res[1][d], "ttr_mean_h")
		t.Logf("design %d: time to restore %.3f -> %.3f h (paired change %+.3f ± %.3f se)", d, avg(loose), avg(tight), mean, se)
		if mean < -2*se {
			t.Errorf("design %d: time to restore falls by %.3f h (se %.3f) as coupling tightens", d, -mean, se)
		}
	}
}

func avg(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TestLoadWarnings: validate warns, naming the team and its load, when a
// typo makes a rate impossible or a shared team is outgrown (the central
// ops team at 20 and 40 teams of the growth sweep, the platform team that
// serves every team's requests at 40), and stays quiet on the bundled
// organisations within their means.
func TestLoadWarnings(t *testing.T) {
	for _, name := range []string{"default.toml", "coupling.toml", "interrupts.toml"} {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if w := sc.LoadWarnings(); len(w) > 0 {
			t.Errorf("%s: unexpected warnings %q", name, w)
		}
	}
	growth, err := Load("growth.toml")
	if err != nil {
		t.Fatal(err)
	}
	if w := growth.LoadWarnings(); len(w) != 3 || !strings.Contains(w[0], "design centralized at sweep point 2 (org.product_teams=20): team ops is offered") ||
		!strings.Contains(w[1], "design centralized at sweep point 3 (org.product_teams=40): team ops is offered") ||
		!strings.Contains(w[2], "design collective at sweep point 3 (org.product_teams=40): team platform is offered") {
		t.Errorf("growth.toml: want three warnings, for ops at 20 and 40 teams and the platform at 40: %q", w)
	}
	src, _ := Bundled("default.toml")
	src, err = Override("default.toml", src, []string{"services.incident_rate=5/h"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse("default.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	w := sc.LoadWarnings()
	joined := strings.Join(w, "\n")
	if len(w) != 3 || !strings.Contains(joined, "design centralized: team ops is offered") || !strings.Contains(joined, "grow without bound") ||
		!strings.Contains(joined, "(also team-") {
		t.Errorf("warnings:\n%s", joined)
	}
}

// TestBundledScenariosStartInSteadyState: in every bundled scenario that
// builds features, the warm-up leaves no transient (MSER-5 on the daily
// queues finds no start-up transient to cut), and features in progress
// are throughput times cycle time. The default's 4-week warm-up once left its backlog
// filling for five months (Little's law 1.012, CI excluding 1); its
// product teams now have saturated demand, as real ones do.
//
// Little's law is checked on a 4-year horizon, because its usual estimate
// (cycle times of the features finished in the window) has an edge bias of
// order E[W²]/(2 E[W] T): the features still in progress at the end are the
// long ones. At 4 years that is 0.1-0.2% here, against 95% intervals of
// ±0.03-0.1%, so the test allows half a percent; a transient like the old
// one shows as 1% and more. The exact sample-path identity is checked in
// the models package (TestLittlesLawSamplePath).
func TestBundledScenariosStartInSteadyState(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points []int
	}{{"default.toml", []int{0}}, {"growth.toml", []int{2, 3, 1}}, {"coupling.toml", []int{0, 3}}, {"interrupts.toml", []int{0, 2}}} {
		for pi, byDesign := range runBundled(t, tc.name, nil, tc.points, 12) {
			for d, rs := range byDesign {
				if tc.name == "growth.toml" && (tc.points[pi] >= 2 && d == 0 || tc.points[pi] == 3) {
					continue // central ops outgrown at 20 and 40 teams, the platform at 40: no steady state to reach (TestLoadWarnings)
				}
				for _, is := range analysis.WarmupIssues(setOf(rs)) {
					t.Errorf("%s point %d design %d: %s", tc.name, tc.points[pi], d, is)
				}
			}
		}
		long := runBundled(t, tc.name, []string{"horizon=208w"}, tc.points[len(tc.points)-1:], 12)
		for pi, byDesign := range long {
			for d, rs := range byDesign {
				ratios := make([]float64, len(rs))
				for i, r := range rs {
					perDay := r.Value("features_per_week") / 7
					ratios[i] = r.Value("wip_mean") / (perDay * r.Value("cycle_time_mean_d"))
				}
				m, s := avg(ratios), 0.0
				for _, x := range ratios {
					s += (x - m) * (x - m)
				}
				hw := 2.2 * math.Sqrt(s/float64(len(ratios)-1)/float64(len(ratios))) // t(0.975, 11) = 2.20
				p := tc.points[len(tc.points)-1+pi]
				t.Logf("%s point %d design %d: L/(λW) = %.4f ± %.4f", tc.name, p, d, m, hw)
				if math.Abs(m-1) > hw+0.005 {
					t.Errorf("%s point %d design %d: Little's law ratio %.4f ± %.4f", tc.name, p, d, m, hw)
				}
			}
		}
	}
}

// setOf turns one design's replications into a results Set with their
// daily series, for the analysis functions.
func setOf(rs []*models.Result) *results.Set {
	s := &results.Set{Metrics: []string{"x"}}
	s.Manifest.Designs = []string{"d"}
	for i, r := range rs {
		id := fmt.Sprintf("r%d", i)
		s.Records = append(s.Records, results.Record{Run: results.Run{ID: id, Design: "d", Rep: i}, Values: []float64{0}})
		for _, sr := range r.Series {
			s.Series = append(s.Series, results.Series{RunID: id, Name: sr.Name, Step: 1, Values: sr.Values})
		}
	}
	return s
}

// TestBundledSharesInRange: every share, utilisation and availability of
// every bundled scenario, at every sweep point and in every design, lies
// within [0, 1] in every replication (mmc.toml printed -1006% before
// availability counted each impaired minute once).
func TestBundledSharesInRange(t *testing.T) {
	for _, name := range BundledNames() {
		sc := mustBundled(t, name)
		var points []int
		for _, p := range sc.Points() {
			points = append(points, p.Index)
		}
		sets := []string{"replications=3"}
		if name == "mmc.toml" {
			sets = append(sets, "horizon=2000h") // its 20,000-hour horizon is for the Erlang C check
		}
		for pi, byDesign := range runBundled(t, name, sets, points, 3) {
			for d, rs := range byDesign {
				for i, r := range rs {
					for _, mt := range r.Metrics {
						if isShare(mt.Name) && (mt.Value < 0 || mt.Value > 1) {
							t.Errorf("%s point %d design %d rep %d: %s = %v", name, points[pi], d, i, mt.Name, mt.Value)
						}
					}
				}
			}
		}
	}
}

func isShare(name string) bool {
	for _, suffix := range []string{"_frac", "availability", "availability_min", "slo_attainment", "_utilisation", "_pwait", "incident_share_top"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

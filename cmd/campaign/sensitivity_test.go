package campaign

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// flipScenario is an organisation whose restore-time verdict is known to
// depend on how much longer the ops team takes on services it does not
// own: with runbooks for everything, an ops team as fast as the owners
// (ops_familiarity 1) restores sooner than the owning teams, and one
// twice as slow does not (issue 8: with ops_runbooks = 1 and
// ops_familiarity = 1 centralized restored faster). Coupling does nothing
// to either design's restore time here, beyond noise.
const flipScenario = `name = "flip"
horizon = "26w"
warmup = "2w"
replications = 6
seed = 42
baseline = "centralized"

[org]
product_teams = 4
engineers_per_team = 6
platform_team = 3

[design.centralized]
preset = "centralized"
ops_team_size = 8
ops_runbooks = 1.0
ops_familiarity = 1.5

[design.collective]
preset = "collective"

[sensitivity]
only = true
[sensitivity.params]
"design.centralized.ops_familiarity" = [1.0, 2.25]
"services.cascade_delay" = ["5m", "15m"]
`

func parseText(t testing.TB, name, text string, sets ...string) *scenarios.Scenario {
	t.Helper()
	src, err := scenarios.Override(name, []byte(text), sets)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// pairedTTR runs the two designs of sc as a campaign would (its own plan,
// every run) and returns the paired difference in mean time to restore.
func pairedTTR(t *testing.T, sc *scenarios.Scenario, reps int) analysis.SensitivityDiff {
	t.Helper()
	plan, err := NewPlan(sc, reps, sc.Seed)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(plan.Schema.Metrics, "ttr_mean_h")
	vals := [2][]float64{make([]float64, reps), make([]float64, reps)}
	err = plan.Execute(context.Background(), plan.Runs(), Options{Workers: 2}, func(o Outcome) error {
		if o.Err != nil {
			return o.Err
		}
		vals[o.Run.Design][o.Run.Rep] = o.Data.Record.Values[col]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return analysis.PairedAt(vals[0], vals[1])
}

// TestSensitivityFindsTheFlip: the analysis finds that ops_familiarity
// flips the restore-time verdict, between its low end and the scenario's
// value, the right way round; its one-at-a-time settings are exactly the
// runs a campaign of the scenario with that value gives (the same random
// numbers); and a value that changes nothing is said to move nothing.
func TestSensitivityFindsTheFlip(t *testing.T) {
	sc := parseText(t, "flip.toml", flipScenario)
	s := NewSensitivity(sc)
	res, err := s.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Baseline != "centralized" || res.Design != "collective" || !slices.Equal(res.Metrics, []string{"ttr_mean_h", "features_per_week"}) {
		t.Fatalf("compared %s with %s on %v", res.Design, res.Baseline, res.Metrics)
	}
	// In the reference's order: [services] before the designs.
	if len(res.Params) != 2 || res.Params[0].Path != "services.cascade_delay" || res.Params[1].Path != "design.centralized.ops_familiarity" {
		t.Fatalf("params %+v", res.Params)
	}
	delay, fam := res.Params[0], res.Params[1]
	ttr := fam.Effects[0]
	// The premise, from campaigns of the scenario at each end.
	low := pairedTTR(t, parseText(t, "flip.toml", flipScenario, "design.centralized.ops_familiarity=1"), s.Reps)
	high := pairedTTR(t, parseText(t, "flip.toml", flipScenario, "design.centralized.ops_familiarity=2.25"), s.Reps)
	if !(low.Distinguishable && low.Mean > 0 && high.Distinguishable && high.Mean < 0) {
		t.Fatalf("premise: collective − centralized restore time %v at 1 and %v at 2.25; want centralized faster at 1, collective at 2.25", low, high)
	}
	if *ttr.AtLow != low || *ttr.AtHigh != high {
		t.Errorf("the analysis's ends %v and %v differ from campaigns of the same settings %v and %v: not the same random numbers", *ttr.AtLow, *ttr.AtHigh, low, high)
	}
	if len(ttr.Flips) != 1 {
		t.Fatalf("flips %+v, want one", ttr.Flips)
	}
	f := ttr.Flips[0]
	at, err := parseFloat(f.At)
	if err != nil || !(at > 1 && at <= 1.5) || f.Below != "centralized" || f.Above != "collective" || f.From != "1" || f.To != "1.5" {
		t.Errorf("flip %+v: want centralized better below a value between 1 and 1.5, collective above", f)
	}
	// Bisection narrowed it to a 64th of the stretch it was found in.
	if res.Settings < 5+4 {
		t.Errorf("%d settings: bisection did not narrow the flip down", res.Settings)
	}
	sentences := strings.Join(res.FlipSentences(), "\n")
	if !strings.Contains(sentences, "depends on design.centralized.ops_familiarity") || !strings.Contains(sentences, "and above, collective restores faster; below, centralized does") {
		t.Errorf("in words: %s", sentences)
	}
	for mi, e := range delay.Effects {
		if e.Moves || len(e.Flips) > 0 || float64(e.Swing) > 0.1*math.Abs(float64(res.At[mi].Mean)) {
			t.Errorf("%s moves %s: %+v", delay.Path, res.Metrics[mi], e)
		}
	}
	if !ttr.Moves || len(fam.Effects[1].Flips) > 0 {
		t.Errorf("ops_familiarity: restore time moved %v, throughput flips %v", ttr.Moves, fam.Effects[1].Flips)
	}
}

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// TestSensitivityDeterministic: the same analysis gives the same files
// whatever the number of workers, one at a time and with Morris.
func TestSensitivityDeterministic(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "tiny.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{scenarios.MethodOAT, scenarios.MethodMorris} {
		text := string(base) + "\n[sensitivity]\nreplications = 2\nmethod = \"" + method + "\"\ntrajectories = 3\n"
		if method == scenarios.MethodMorris {
			text += "only = true\n[sensitivity.params]\n\"design.centralized.ops_runbooks\" = [0.25, 1.0]\n\"services.coupling\" = [0.05, 0.3]\n\"org.engineers_per_team\" = [3, 6]\n"
		}
		var first map[string]string
		for _, workers := range []int{1, 3} {
			s := NewSensitivity(parseText(t, "tiny.toml", text))
			s.Workers = workers
			res, err := s.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := WriteSensitivity(dir, res); err != nil {
				t.Fatal(err)
			}
			got := files(t, dir)
			if first == nil {
				first = got
				if len(res.Params) < 3 || res.Runs == 0 {
					t.Fatalf("%s: %d values varied in %d runs", method, len(res.Params), res.Runs)
				}
				continue
			}
			for name, b := range got {
				if b != first[name] {
					t.Errorf("%s: %s differs with %d workers", method, name, workers)
				}
			}
		}
	}
}

// TestSensitivityCandidates: what does not vary, and why.
func TestSensitivityCandidates(t *testing.T) {
	text := strings.Replace(flipScenario, "[sensitivity]\nonly = true\n", "[sensitivity]\nexclude = [\"org.product_teams\"]\n", 1) +
		"[design.sre]\npreset = \"sre\"\n\n[[incidents.severity]]\nshare = 0.5\neffort = \"1h\"\n\n[[incidents.severity]]\nshare = 0.5\neffort = \"2h\"\n"
	s := NewSensitivity(parseText(t, "c.toml", text))
	if err := s.resolveDesigns(); err != nil {
		t.Fatal(err)
	}
	cands, skipped := s.candidates()
	why := map[string]string{}
	for _, sk := range skipped {
		why[sk.Path] = sk.Why
	}
	for path, want := range map[string]string{
		"org.product_teams":                   "excluded",
		"services.failover":                   "it is 0 and the reference documents no range",
		"design.sre.sre_team_size":            "it changes neither centralized nor collective",
		"incidents.severity.0.share":          "its range gives no valid scenario",
		"services.slo":                        "it sets how a result is measured",
		"incidents.severity.1.escalate_after": "it sets how a result is measured",
	} {
		if !strings.Contains(why[path], want) {
			t.Errorf("%s: skipped for %q, want %q", path, why[path], want)
		}
	}
	var paths []string
	for _, c := range cands {
		paths = append(paths, c.p.Path)
	}
	for _, want := range []string{"design.centralized.ops_familiarity", "services.cascade_delay", "response.handoff", "incidents.severity.0.effort"} {
		if !slices.Contains(paths, want) {
			t.Errorf("%s does not vary (varied: %v)", want, paths)
		}
	}
}

func TestSensitivityRefusals(t *testing.T) {
	s := NewSensitivity(tinyPlan(t, 2).Scenario) // tiny with a sweep
	if _, err := s.Run(context.Background()); !errors.Is(err, ErrSensitivityInput) || !strings.Contains(err.Error(), "[sweep]") {
		t.Errorf("a scenario with a sweep: %v", err)
	}
	s = NewSensitivity(parseText(t, "flip.toml", flipScenario))
	s.Design = "sre"
	if _, err := s.Run(context.Background()); !errors.Is(err, ErrSensitivityInput) {
		t.Errorf("an unknown design: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, results.ManifestFile), []byte("{}"), 0o644)
	if err := WriteSensitivity(dir, &analysis.Sensitivity{}); !errors.Is(err, ErrRefused) {
		t.Errorf("writing into a results folder: %v", err)
	}
}

// TestReportFindsItsSensitivity: a report says which assumptions decide
// its result only from a sensitivity analysis of the same scenario text,
// in the folder's sensitivity/ or one the campaign names.
func TestReportFindsItsSensitivity(t *testing.T) {
	sc := parseText(t, "flip.toml", flipScenario)
	plan, err := NewPlan(sc, 2, sc.Seed)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c := &Campaign{Plan: plan, Command: "compare", Dir: dir, Report: true, Workers: 2}
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	report := func() string {
		t.Helper()
		if _, err := Redraw(context.Background(), dir, ""); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, analysis.ReportMarkdown))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const section = "## Assumptions that decide this result"
	md := report()
	if strings.Contains(md, section) || !strings.Contains(md, "## Where the values come from") {
		t.Fatalf("without an analysis: assumptions %v, sources %v", strings.Contains(md, section), strings.Contains(md, "## Where the values"))
	}
	sens := &analysis.Sensitivity{ScenarioHash: results.HashScenario(sc.Text), ScenarioFile: "flip.toml", Name: "flip", Method: "oat",
		Baseline: "centralized", Design: "collective", Metrics: []string{"ttr_mean_h"},
		At: []analysis.SensitivityDiff{{Mean: -1, Lo: -1.2, Hi: -0.8, Distinguishable: true}}, Verdicts: make([]analysis.SensitivityCount, 1)}
	other := *sens
	other.ScenarioHash = results.HashScenario(sc.Text + "\n# edited\n")
	for _, tc := range []struct {
		name string
		s    *analysis.Sensitivity
		in   string
		want bool
	}{
		{"another scenario text", &other, filepath.Join(dir, SensitivityDir), false},
		{"the same text", sens, filepath.Join(dir, SensitivityDir), true},
	} {
		if err := WriteSensitivity(tc.in, tc.s); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(report(), section); got != tc.want {
			t.Errorf("%s: section %v, want %v", tc.name, got, tc.want)
		}
	}
	// A campaign whose folder is elsewhere finds the analysis where opsim
	// sensitivity writes it by default, and names it in a note.
	elsewhere := t.TempDir()
	c = &Campaign{Plan: plan, Command: "compare", Dir: elsewhere, Report: true, Workers: 2, SensitivityDirs: []string{filepath.Join(dir, SensitivityDir)}}
	res, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(elsewhere, analysis.ReportMarkdown))
	if !strings.Contains(string(b), section) || !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "sensitivity analysis in") }) {
		t.Errorf("a campaign elsewhere: section %v, notes %q", strings.Contains(string(b), section), res.Notes)
	}
}

// TestSourcesOfASweep: a swept value is listed with the values it ran at,
// not the file's own.
func TestSourcesOfASweep(t *testing.T) {
	for _, s := range sourcesOf(tinyPlan(t, 2).Scenario) {
		if s.Path == "services.coupling" {
			if s.Value != "swept: 0.1, 0.3, 0.5" {
				t.Errorf("services.coupling listed as %q", s.Value)
			}
			return
		}
	}
	t.Error("services.coupling is not listed")
}

// TestSensitivityRangeBesideTheValue: a range of [sensitivity.params]
// that leaves out the scenario's value still finds the flip, between the
// settings in order of value.
func TestSensitivityRangeBesideTheValue(t *testing.T) {
	text := strings.Replace(flipScenario, `"design.centralized.ops_familiarity" = [1.0, 2.25]`, `"design.centralized.ops_familiarity" = [1.0, 1.25]`, 1)
	res, err := NewSensitivity(parseText(t, "flip.toml", text)).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Params {
		if p.Path != "design.centralized.ops_familiarity" {
			continue
		}
		if fl := p.Effects[0].Flips; len(fl) != 1 || fl[0].Below != "centralized" || fl[0].From == "" {
			t.Errorf("flips %+v, want one from centralized to collective", fl)
		} else if at, err := parseFloat(fl[0].At); err != nil || !(at > 1 && at <= 1.5) {
			t.Errorf("flip at %s, want between 1 and 1.5", fl[0].At)
		}
		return
	}
	t.Fatal("ops_familiarity did not vary")
}

package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMorrisDesign(t *testing.T) {
	const k, r, levels = 5, 7, 4
	traj := MorrisDesign(k, r, levels, 42)
	if len(traj) != r {
		t.Fatalf("%d trajectories, want %d", len(traj), r)
	}
	step := 2.0 / 3
	for ti, tr := range traj {
		if len(tr.Points) != k+1 || len(tr.Factor) != k {
			t.Fatalf("trajectory %d: %d points, %d steps", ti, len(tr.Points), len(tr.Factor))
		}
		if got := slices.Sorted(slices.Values(tr.Factor)); !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
			t.Errorf("trajectory %d moves %v, want every parameter once", ti, tr.Factor)
		}
		for j, f := range tr.Factor {
			for i := range k {
				d := tr.Points[j+1][i] - tr.Points[j][i]
				switch {
				case i == f && math.Abs(math.Abs(d)-step) > 1e-12:
					t.Errorf("trajectory %d step %d moves parameter %d by %v, want ±%v", ti, j, i, d, step)
				case i != f && d != 0:
					t.Errorf("trajectory %d step %d moves parameter %d too", ti, j, i)
				}
			}
		}
		for _, pt := range tr.Points {
			for _, x := range pt {
				// On the grid 0, 1/3, 2/3, 1.
				if x < 0 || x > 1 || math.Abs(x*3-math.Round(x*3)) > 1e-9 {
					t.Errorf("trajectory %d leaves the grid: %v", ti, pt)
				}
			}
		}
	}
	again := MorrisDesign(k, r, levels, 42)
	for i := range traj {
		if !slices.Equal(traj[i].Factor, again[i].Factor) || !slices.Equal(traj[i].Points[0], again[i].Points[0]) {
			t.Fatal("the design is not a function of its seed")
		}
	}
}

// TestMorrisEffects: a linear output has constant elementary effects, its
// coefficients (σ = 0, a value with no effect μ* = 0); a product of two
// values has effects that depend on where the other is (σ > 0).
func TestMorrisEffects(t *testing.T) {
	traj := MorrisDesign(3, 10, 4, 7)
	eval := func(f func(x []float64) float64) [][]float64 {
		y := make([][]float64, len(traj))
		for t, tr := range traj {
			for _, p := range tr.Points {
				y[t] = append(y[t], f(p))
			}
		}
		return y
	}
	mu, muStar, sigma := MorrisEffects(traj, eval(func(x []float64) float64 { return 3*x[0] - 2*x[1] }))
	for i, want := range []float64{3, -2, 0} {
		if math.Abs(mu[i]-want) > 1e-9 || math.Abs(muStar[i]-math.Abs(want)) > 1e-9 || sigma[i] > 1e-9 {
			t.Errorf("linear, parameter %d: μ %v, μ* %v, σ %v, want %v, %v, 0", i, mu[i], muStar[i], sigma[i], want, math.Abs(want))
		}
	}
	_, muStar, sigma = MorrisEffects(traj, eval(func(x []float64) float64 { return x[0] * x[1] }))
	if !(sigma[0] > 0.1 && sigma[1] > 0.1) || muStar[2] != 0 || sigma[2] != 0 {
		t.Errorf("product: μ* %v, σ %v; want σ > 0 for the interacting pair, nothing for the third", muStar, sigma)
	}
	// A NaN output drops the steps into and out of it.
	y := eval(func(x []float64) float64 { return x[0] })
	y[0][1] = math.NaN()
	if mu, _, _ := MorrisEffects(traj, y); math.Abs(mu[0]-1) > 1e-9 {
		t.Errorf("with a NaN output, μ of the linear value %v, want 1", mu[0])
	}
}

func TestRoundWithin(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		whole  bool
		want   float64
	}{
		{1.125, 1.1875, false, 1.16}, // nearest the middle, 1.15625
		{1.171875, 1.1796875, false, 1.176},
		{0.7, 0.8, false, 0.8}, // above lo: 0.7 itself is on the lower side
		{0.71, 0.79, false, 0.75},
		{9.5, 12, false, 10},
		{6, 7, true, 7},
		{-0.3, -0.1, false, -0.2},
	} {
		if got := RoundWithin(tc.lo, tc.hi, tc.whole); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("RoundWithin(%v, %v, %v) = %v, want %v", tc.lo, tc.hi, tc.whole, got, tc.want)
		}
	}
}

// flipped is a hand-made analysis: ops_runbooks flips the restore-time
// verdict, handoff moves it without flipping, and nothing moves
// throughput.
func flipped() *Sensitivity {
	d := func(m, lo, hi float64) SensitivityDiff {
		return SensitivityDiff{Mean: Num(m), Lo: Num(lo), Hi: Num(hi), Distinguishable: lo > 0 || hi < 0}
	}
	pd := func(x SensitivityDiff) *SensitivityDiff { return &x }
	nan := Num(math.NaN())
	return &Sensitivity{
		ScenarioHash: "abc", ScenarioFile: "s.toml", Name: "s", Seed: 1, Replications: 10, Method: "oat",
		Baseline: "centralized", Design: "collective", Metrics: []string{"ttr_mean_h", "features_per_week"},
		At:       []SensitivityDiff{d(-1, -1.2, -0.8), d(-4, -4.5, -3.5)},
		Verdicts: []SensitivityCount{{Baseline: 1, Design: 4}, {Baseline: 5}}, Settings: 5, Runs: 100,
		Params: []SensitivityParam{
			{Path: "design.centralized.ops_runbooks", Value: "0.5", Source: "the preset's choice (assumption, not calibrated)", Low: "0.25", High: "1", Range: "the reference's plausible range",
				Effects: []SensitivityEffect{
					{Metric: "ttr_mean_h", AtLow: pd(d(-1.5, -1.7, -1.3)), AtHigh: pd(d(0.4, 0.2, 0.6)), Swing: 1.9, Moves: true,
						Flips: []SensitivityFlip{{At: "0.75", Below: "collective", Above: "centralized", From: "0.5", To: "1", FromDiff: d(-1, -1.2, -0.8), ToDiff: d(0.4, 0.2, 0.6)}}},
					{Metric: "features_per_week", AtLow: pd(d(-4, -4.5, -3.5)), AtHigh: pd(d(-4, -4.5, -3.5)), Swing: 0, Mu: nan},
				}},
			{Path: "response.handoff", Value: "15m", Source: "assumption", Low: "7.5m", High: "22.5m", Range: "±50%",
				Effects: []SensitivityEffect{
					{Metric: "ttr_mean_h", AtLow: pd(d(-0.9, -1.1, -0.7)), AtHigh: pd(d(-1.2, -1.4, -1)), Swing: 0.3, Moves: true},
					{Metric: "features_per_week", AtLow: pd(d(-4, -4.5, -3.5)), AtHigh: pd(d(-4, -4.5, -3.5)), Swing: 0.01},
				}},
		},
		Skipped: []SensitivitySkip{{Path: "services.failover", Value: "0", Why: "it is 0 and the reference documents no range for it"}},
	}
}

func TestSensitivityWords(t *testing.T) {
	s := flipped()
	// Restore time: lower is better, so a negative difference favours
	// the design; throughput: higher is better.
	for _, tc := range []struct {
		metric string
		d      float64
		want   string
	}{{"ttr_mean_h", -1, "collective"}, {"ttr_mean_h", 1, "centralized"}, {"features_per_week", -1, "centralized"}, {"features_per_week", 1, "collective"}, {"ttr_mean_h", 0, ""}} {
		if got := s.Verdict(tc.metric, tc.d); got != tc.want {
			t.Errorf("Verdict(%s, %v) = %q, want %q", tc.metric, tc.d, got, tc.want)
		}
	}
	flips := s.FlipSentences()
	want := "The verdict on mean time to restore depends on design.centralized.ops_runbooks (the preset's choice; 0.5 here): at 0.75 and above, centralized restores faster; below, collective does (−1.0 h [−1.2, −0.8] at 0.5, +0.4 h [+0.2, +0.6] at 1)."
	if len(flips) != 1 || flips[0] != want {
		t.Errorf("flips %q,\nwant %q", flips, want)
	}
	sum := strings.Join(s.Summary(), "\n")
	if !strings.Contains(sum, "No single value's range flips the verdict on feature throughput: collective delivers more features in 0 of the 5 settings run, centralized in 5") {
		t.Errorf("summary:\n%s", sum)
	}
	if got := s.Decisive(); !slices.Equal(got, []string{"design.centralized.ops_runbooks", "response.handoff"}) {
		t.Errorf("decisive %v", got)
	}
	if got := s.Ranked(1); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("ranked by throughput %v, want handoff's 0.01 above 0", got)
	}
	if got := s.Movers(1); len(got) != 0 {
		t.Errorf("movers of throughput %v, want none", got)
	}
}

func TestSensitivityJSONRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := flipped()
	if err := WriteSensitivityJSON(dir, s); err != nil {
		t.Fatal(err) // NaN must not stop it
	}
	back, err := ReadSensitivity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(back.Params[0].Effects[1].Mu)) || back.Params[0].Effects[0].Flips[0].At != "0.75" || back.At[0].Mean != -1 {
		t.Errorf("read back %+v", back.Params[0])
	}
	// A file that does not hang together is an error naming it.
	b, _ := json.Marshal(map[string]any{"metrics": []string{"ttr_mean_h"}})
	os.WriteFile(filepath.Join(dir, SensitivityJSON), b, 0o644)
	if _, err := ReadSensitivity(dir); err == nil || !strings.Contains(err.Error(), SensitivityJSON) {
		t.Errorf("inconsistent file: %v", err)
	}
}

func TestSensitivityFiles(t *testing.T) {
	s := flipped()
	var first map[string][]byte
	for range 2 {
		dir := t.TempDir()
		figs, err := WriteSensitivityFiles(dir, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(figs) != 4 { // a tornado per metric, PNG and SVG
			t.Errorf("figures %v", figs)
		}
		got := map[string][]byte{}
		for _, name := range []string{SensitivityJSON, SensitivityCSV, SensitivityMarkdown, SensitivityHTML, "figures/tornado-ttr_mean_h.svg"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			got[name] = b
		}
		if first == nil {
			first = got
			continue
		}
		for name, b := range got {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between two writes of the same analysis", name)
			}
		}
	}
	html := string(first[SensitivityHTML])
	for _, want := range []string{"<h2 id=\"verdict\">What decides the verdict</h2>", "at 0.75 and above, centralized restores faster",
		`<img src="data:image/png;base64,`, "services.failover = 0: it is 0 and the reference documents no range for it"} {
		if !strings.Contains(html, want) {
			t.Errorf("sensitivity.html lacks %q", want)
		}
	}
	csv := strings.Split(string(first[SensitivityCSV]), "\n")
	if !strings.HasPrefix(csv[1], "ttr_mean_h,centralized,collective,1,design.centralized.ops_runbooks,0.5,") || !strings.HasSuffix(csv[1], ",0.75,collective,centralized") {
		t.Errorf("first row %q", csv[1])
	}
}

// TestReportAssumptions: a report states where its values come from, and
// says which assumptions decide its result only with a sensitivity
// analysis, listing the decisive values first.
func TestReportAssumptions(t *testing.T) {
	srcs := []Source{
		{Path: "org.product_teams", Value: "8", Source: "convention: no generated teams", Explicit: true},
		{Path: "response.handoff", Value: "15m", Source: "assumption"},
		{Path: "design.centralized.ops_runbooks", Value: "0.5", Source: "the preset's choice (assumption, not calibrated)"},
	}
	_, html, md := writeReportOpt(t, knownSet(), false, ReportOptions{Sources: srcs})
	if strings.Contains(md, "Assumptions that decide") || strings.Contains(html, `id="assumptions"`) {
		t.Error("a report without a sensitivity analysis says which assumptions decide it")
	}
	for _, want := range []string{"## Where the values come from", "uses 3 values (1 written in it, the rest by default); 2 of them are assumptions", "Run opsim sensitivity"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if !strings.Contains(html, `<details><summary>All 3 values and their sources</summary>`) {
		t.Error("report.html does not collapse the full list")
	}
	_, html, md = writeReportOpt(t, knownSet(), false, ReportOptions{Sources: srcs, Sensitivity: flipped(), SensitivityLink: "sensitivity/sensitivity.html"})
	for _, want := range []string{"## Assumptions that decide this result", "at 0.75 and above, centralized restores faster",
		"[sensitivity/sensitivity.html](sensitivity/sensitivity.html)"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	// The decisive value first, with what it decides.
	i, j := strings.Index(md, "| design.centralized.ops\\_runbooks = 0.5 |"), strings.Index(md, "| org.product\\_teams = 8 |")
	if i < 0 || j < 0 || i > j || !strings.Contains(md[i:], "flips the verdict on mean time to restore |") {
		t.Errorf("sources not most decisive first:\n%s", md[strings.Index(md, "## Where"):])
	}
	if !strings.Contains(html, `<h2 id="assumptions">`) || !strings.Contains(html, `<a href="sensitivity/sensitivity.html">`) {
		t.Error("report.html lacks the assumptions section or its link")
	}
	// The first screen says the verdict depends on an assumption.
	head := md[:strings.Index(md, "## The designs side by side")]
	if !strings.Contains(head, "depends on design.centralized.ops\\_runbooks") {
		t.Errorf("first screen:\n%s", head)
	}
}

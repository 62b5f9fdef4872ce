package analysis_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// build makes a Set with the given designs, sweep points (nil: no sweep)
// and replications, and the metric values value(point, design, rep).
func build(designs []string, points []results.Point, reps int, metrics []string,
	value func(point int, design string, rep int) []float64) *results.Set {
	s := &results.Set{Metrics: metrics}
	s.Manifest.Designs = designs
	s.Manifest.Baseline = designs[0]
	s.Manifest.Points = points
	if len(points) == 0 {
		points = []results.Point{{Index: 0}}
	}
	for _, p := range points {
		for _, d := range designs {
			for r := range reps {
				id := fmt.Sprintf("p%03d-%s-r%04d", p.Index, d, r)
				s.Manifest.Runs = append(s.Manifest.Runs, id)
				s.Records = append(s.Records, results.Record{
					Run:    results.Run{ID: id, Point: p.Index, Params: slices.Clone(p.Params), Design: d, Rep: r, Seed: uint64(r)},
					Values: value(p.Index, d, r),
				})
			}
		}
	}
	return s
}

func find(t *testing.T, rows []results.SummaryRow, point int, design, metric string) results.SummaryRow {
	t.Helper()
	for _, r := range rows {
		if r.Point == point && r.Design == design && r.Metric == metric {
			return r
		}
	}
	t.Fatalf("no row for point %d, design %q, metric %q", point, design, metric)
	return results.SummaryRow{}
}

// near compares with a tolerance relative to the larger magnitude, and
// treats two NaNs as equal.
func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestSummarizeKnownAnswers(t *testing.T) {
	base := []float64{10, 14, 9, 20, 12, 31} // large spread between replications
	noise := []float64{2, -3, 1, -1, 1, 0}   // mean 0
	shift := []float64{1.9, 2.1, 2.0, 1.95, 2.05, 2.0}
	metrics := []string{"ttr_mean_h", "ttr_p90_h", "features_per_week"}
	set := build([]string{"central", "shifted", "noisy", "small"}, nil, len(base), metrics,
		func(_ int, d string, r int) []float64 {
			b := base[r]
			switch d {
			case "shifted": // every replication exactly 3 lower
				return []float64{b - 3, b - 3, b - 3}
			case "noisy":
				return []float64{b + noise[r], b + noise[r], b + noise[r]}
			case "small": // a small shift, far inside the between-replication spread
				return []float64{b + shift[r], b + shift[r], b + shift[r]}
			}
			return []float64{b, b, b}
		})
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4*len(metrics) {
		t.Fatalf("%d rows, want %d", len(rows), 4*len(metrics))
	}
	meanBase := 16.0
	tests := []struct {
		design, metric      string
		diff, lo, hi, rel   float64
		distinguishable     bool
		tol                 float64
		meanWant, meanTolHi float64
	}{
		// A constant paired shift is known exactly: the interval collapses.
		{"shifted", "ttr_mean_h", -3, -3, -3, -3 / meanBase, true, 1e-12, 13, 0},
		{"shifted", "ttr_p90_h", -3, -3, -3, -3 / meanBase, true, 1e-12, 13, 0},
		{"shifted", "features_per_week", -3, -3, -3, -3 / meanBase, true, 1e-12, 13, 0},
		// Zero-mean noise: the interval straddles zero.
		{"noisy", "ttr_mean_h", 0, math.NaN(), math.NaN(), 0, false, 1e-12, 16, 0},
		{"noisy", "ttr_p90_h", 0, math.NaN(), math.NaN(), 0, false, 1e-12, 16, 0},
		// +2 on every replication is obvious once paired, although the
		// two designs' own intervals overlap almost entirely.
		{"small", "ttr_mean_h", 2, math.NaN(), math.NaN(), 2 / meanBase, true, 1e-12, 18, 0},
		{"small", "ttr_p90_h", 2, math.NaN(), math.NaN(), 2 / meanBase, true, 1e-12, 18, 0},
	}
	for _, tt := range tests {
		t.Run(tt.design+"/"+tt.metric, func(t *testing.T) {
			r := find(t, rows, 0, tt.design, tt.metric)
			if r.Baseline != "central" {
				t.Errorf("Baseline %q, want central", r.Baseline)
			}
			if r.N != len(base) {
				t.Errorf("N %d, want %d", r.N, len(base))
			}
			if !near(r.Mean, tt.meanWant, 1e-12) {
				t.Errorf("Mean %v, want %v", r.Mean, tt.meanWant)
			}
			if !near(r.Diff, tt.diff, tt.tol) || !near(r.Rel, tt.rel, 1e-12) {
				t.Errorf("Diff %v Rel %v, want %v and %v", r.Diff, r.Rel, tt.diff, tt.rel)
			}
			if !math.IsNaN(tt.lo) && (!near(r.DiffLo, tt.lo, tt.tol) || !near(r.DiffHi, tt.hi, tt.tol)) {
				t.Errorf("diff CI [%v, %v], want [%v, %v]", r.DiffLo, r.DiffHi, tt.lo, tt.hi)
			}
			if !(r.DiffLo <= r.Diff && r.Diff <= r.DiffHi) {
				t.Errorf("Diff %v outside its CI [%v, %v]", r.Diff, r.DiffLo, r.DiffHi)
			}
			if r.Distinguishable != tt.distinguishable {
				t.Errorf("Distinguishable %v, want %v (CI [%v, %v])", r.Distinguishable, tt.distinguishable, r.DiffLo, r.DiffHi)
			}
		})
	}

	// The "small" design's own interval overlaps the baseline's: only
	// pairing can see the difference, which is what the test above shows.
	b, s := find(t, rows, 0, "central", "ttr_mean_h"), find(t, rows, 0, "small", "ttr_mean_h")
	if !(s.Lo < b.Hi) {
		t.Errorf("fixture too easy: intervals [%v, %v] and [%v, %v] do not overlap", b.Lo, b.Hi, s.Lo, s.Hi)
	}
	// The baseline's own rows carry no comparison.
	for _, m := range metrics {
		r := find(t, rows, 0, "central", m)
		if r.Baseline != "" || !math.IsNaN(r.Diff) || !math.IsNaN(r.RelLo) || r.Distinguishable {
			t.Errorf("baseline row %s: Baseline %q Diff %v RelLo %v Distinguishable %v, want \"\", NaN, NaN, false",
				m, r.Baseline, r.Diff, r.RelLo, r.Distinguishable)
		}
	}
	// The Student-t interval of the mean is the textbook one.
	want := analysis.MeanCI(base, 0.95)
	if r := find(t, rows, 0, "central", "ttr_mean_h"); !near(r.Lo, want.Lo, 1e-12) || !near(r.Hi, want.Hi, 1e-12) || !near(r.StdDev, want.StdDev, 1e-12) {
		t.Errorf("central mean CI [%v, %v] sd %v, want [%v, %v] sd %v", r.Lo, r.Hi, r.StdDev, want.Lo, want.Hi, want.StdDev)
	}
	// A quantile metric's own interval is a bootstrap one: narrower than
	// the t interval on six values, and inside the data's range.
	if r := find(t, rows, 0, "central", "ttr_p90_h"); !(r.Lo > want.Lo && r.Hi < want.Hi && r.Lo >= 9 && r.Hi <= 31) {
		t.Errorf("central p90 bootstrap CI [%v, %v], want inside t CI [%v, %v] and the data range", r.Lo, r.Hi, want.Lo, want.Hi)
	}
}

// TestSummarizePairsByReplication shuffles the records: a comparison that
// paired by position instead of by replication number would come out
// noisy and not distinguishable.
func TestSummarizePairsByReplication(t *testing.T) {
	base := []float64{10, 50, 20, 80, 35}
	set := build([]string{"a", "b"}, nil, len(base), []string{"ttr_mean_h", "ttr_p90_h"},
		func(_ int, d string, r int) []float64 {
			if d == "b" {
				return []float64{base[r] + 1, base[r] + 1}
			}
			return []float64{base[r], base[r]}
		})
	ordered, err := analysis.Summarize(set, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(set.Records), func(i, j int) { set.Records[i], set.Records[j] = set.Records[j], set.Records[i] })
	shuffled, err := analysis.Summarize(set, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][]results.SummaryRow{ordered, shuffled} {
		for _, m := range []string{"ttr_mean_h", "ttr_p90_h"} {
			r := find(t, rows, 0, "b", m)
			if r.Diff != 1 || r.DiffLo != 1 || r.DiffHi != 1 || !r.Distinguishable {
				t.Errorf("%s: diff %v [%v, %v], want exactly 1", m, r.Diff, r.DiffLo, r.DiffHi)
			}
		}
	}
	if !sameRows(ordered, shuffled) {
		t.Error("record order changed the summary")
	}
}

// sameRows compares rows exactly, NaN equal to NaN.
func sameRows(a, b []results.SummaryRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		fx := []float64{x.Mean, x.StdDev, x.Lo, x.Hi, x.Diff, x.DiffLo, x.DiffHi, x.Rel, x.RelLo, x.RelHi}
		fy := []float64{y.Mean, y.StdDev, y.Lo, y.Hi, y.Diff, y.DiffLo, y.DiffHi, y.Rel, y.RelLo, y.RelHi}
		for j := range fx {
			if math.Float64bits(fx[j]) != math.Float64bits(fy[j]) && !(math.IsNaN(fx[j]) && math.IsNaN(fy[j])) {
				return false
			}
		}
		x.Mean, x.StdDev, x.Lo, x.Hi, x.Diff, x.DiffLo, x.DiffHi, x.Rel, x.RelLo, x.RelHi = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		y.Mean, y.StdDev, y.Lo, y.Hi, y.Diff, y.DiffLo, y.DiffHi, y.Rel, y.RelLo, y.RelHi = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func noisySweep() *results.Set {
	pts := []results.Point{
		{Index: 0, Params: []results.Param{{Name: "org.product_teams", Value: "5"}}},
		{Index: 1, Params: []results.Param{{Name: "org.product_teams", Value: "10"}}},
		{Index: 2, Params: []results.Param{{Name: "org.product_teams", Value: "20"}}},
	}
	rng := rand.New(rand.NewPCG(11, 12))
	return build([]string{"central", "collective", "hybrid"}, pts, 8,
		[]string{"ttr_mean_h", "ttr_p90_h", "lead_time_p85_d", "features_per_week"},
		func(p int, d string, r int) []float64 {
			v := make([]float64, 4)
			for i := range v {
				v[i] = 10 + float64(p) + rng.ExpFloat64()
			}
			return v
		})
}

func TestSummarizeDeterministic(t *testing.T) {
	a, err := analysis.Summarize(noisySweep(), analysis.SummaryOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := analysis.Summarize(noisySweep(), analysis.SummaryOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !sameRows(a, b) {
		t.Error("two summaries of the same set differ")
	}
	// A row must not depend on which other rows exist: summarising one
	// point alone gives the same rows for it.
	one := noisySweep()
	one.Records = slices.DeleteFunc(one.Records, func(r results.Record) bool { return r.Point != 1 })
	c, err := analysis.Summarize(one, analysis.SummaryOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var fromAll []results.SummaryRow
	for _, r := range a {
		if r.Point == 1 {
			fromAll = append(fromAll, r)
		}
	}
	if !sameRows(fromAll, c) {
		t.Error("a point's rows change when other points are left out")
	}
	// The seed does reach the bootstrap: another seed moves its bounds.
	d, err := analysis.Summarize(noisySweep(), analysis.SummaryOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sameRows(a, d) {
		t.Error("changing the seed changed nothing; is the bootstrap seeded from it?")
	}
}

func TestSummarizeOrder(t *testing.T) {
	set := noisySweep()
	// Records and manifest in scrambled order must not change the output
	// order: points ascending, designs as the manifest lists them.
	slices.Reverse(set.Records)
	slices.Reverse(set.Manifest.Points)
	set.Manifest.Designs = []string{"hybrid", "central", "collective"}
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		if r.Metric == "ttr_mean_h" {
			got = append(got, fmt.Sprintf("%d/%s/%s", r.Point, r.Params[0].Value, r.Design))
		}
	}
	want := []string{"0/5/hybrid", "0/5/central", "0/5/collective", "1/10/hybrid", "1/10/central", "1/10/collective",
		"2/20/hybrid", "2/20/central", "2/20/collective"}
	if !slices.Equal(got, want) {
		t.Errorf("row order %v, want %v", got, want)
	}
	if rows[0].Metric != "ttr_mean_h" || rows[3].Metric != "features_per_week" {
		t.Errorf("metrics not in set order: %s ... %s", rows[0].Metric, rows[3].Metric)
	}
	// The manifest's baseline is "central", wherever it is listed.
	if r := find(t, rows, 0, "hybrid", "ttr_mean_h"); r.Baseline != "central" {
		t.Errorf("hybrid compared against %q, want central", r.Baseline)
	}
}

func TestSummarizeNaN(t *testing.T) {
	nan := math.NaN()
	// Metric 0: replication 2 of "b" has no incidents. Metric 1: undefined
	// everywhere. Metric 2: defined in one replication of each design only.
	vals := map[string][][]float64{
		"a": {{1, nan, 5}, {2, nan, nan}, {3, nan, nan}, {4, nan, nan}},
		"b": {{2, nan, 7}, {3, nan, nan}, {nan, nan, nan}, {5, nan, nan}},
	}
	set := build([]string{"a", "b"}, nil, 4, []string{"ttr_mean_h", "ttr_p90_h", "ttd_mean_h"},
		func(_ int, d string, r int) []float64 { return vals[d][r] })
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := find(t, rows, 0, "b", "ttr_mean_h")
	if r.N != 3 || r.Mean != 10.0/3 {
		t.Errorf("b: N %d Mean %v, want 3 and 10/3 (NaN replication skipped)", r.N, r.Mean)
	}
	// Pairs: (1,2), (2,3), (4,5): every difference is 1.
	if r.Diff != 1 || r.DiffLo != 1 || r.DiffHi != 1 || !r.Distinguishable {
		t.Errorf("b vs a: %v [%v, %v], want 1 from the three complete pairs", r.Diff, r.DiffLo, r.DiffHi)
	}
	for _, d := range []string{"a", "b"} {
		r := find(t, rows, 0, d, "ttr_p90_h")
		if r.N != 0 || !math.IsNaN(r.Mean) || !math.IsNaN(r.Lo) || !math.IsNaN(r.Diff) || r.Distinguishable {
			t.Errorf("%s all-NaN metric: N %d Mean %v Lo %v Diff %v, want 0 and NaNs", d, r.N, r.Mean, r.Lo, r.Diff)
		}
	}
	r = find(t, rows, 0, "b", "ttd_mean_h")
	if r.N != 1 || r.Mean != 7 || !math.IsNaN(r.Lo) || !math.IsNaN(r.Diff) || r.Distinguishable {
		t.Errorf("one value: N %d Mean %v Lo %v Diff %v, want 1, 7, NaN, NaN", r.N, r.Mean, r.Lo, r.Diff)
	}
}

func TestSummarizeBaselineOption(t *testing.T) {
	set := noisySweep()
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{Baseline: "hybrid"})
	if err != nil {
		t.Fatal(err)
	}
	if r := find(t, rows, 2, "central", "ttr_mean_h"); r.Baseline != "hybrid" {
		t.Errorf("Baseline %q, want the explicit hybrid", r.Baseline)
	}
	if r := find(t, rows, 2, "hybrid", "ttr_mean_h"); r.Baseline != "" || !math.IsNaN(r.Diff) {
		t.Errorf("hybrid is the baseline, but its row says Baseline %q Diff %v", r.Baseline, r.Diff)
	}
	set.Manifest.Baseline = ""
	rows, err = analysis.Summarize(set, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := find(t, rows, 0, "collective", "ttr_mean_h"); r.Baseline != "central" {
		t.Errorf("without a manifest baseline, compared against %q, want the first design", r.Baseline)
	}
}

func TestSummarizeErrors(t *testing.T) {
	tests := []struct {
		name string
		set  func() *results.Set
		opt  analysis.SummaryOptions
		want string
	}{
		{"nil set", func() *results.Set { return nil }, analysis.SummaryOptions{}, "nil set"},
		{"level above one", noisySweep, analysis.SummaryOptions{Level: 95}, "level 95"},
		{"negative resamples", noisySweep, analysis.SummaryOptions{Resamples: -1}, "resamples"},
		{"unknown baseline", noisySweep, analysis.SummaryOptions{Baseline: "nope"}, `baseline "nope" is not among the designs`},
		{"duplicate replication", func() *results.Set {
			s := noisySweep()
			s.Records[1].Rep = 0
			return s
		}, analysis.SummaryOptions{}, "are both replication 0"},
		{"short values", func() *results.Set {
			s := noisySweep()
			s.Records[4].Values = s.Records[4].Values[:1]
			return s
		}, analysis.SummaryOptions{}, "has 1 values for 4 metrics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := analysis.Summarize(tt.set(), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestPrecision(t *testing.T) {
	nan := math.NaN()
	row := func(metric string, n int, mean, lo, hi float64) results.SummaryRow {
		return results.SummaryRow{Metric: metric, N: n, Mean: mean, Lo: lo, Hi: hi}
	}
	rows := []results.SummaryRow{
		row("ttr_mean_h", 10, 10, 9.6, 10.4),                   // ±4%: precise
		row("ttr_p90_h", 10, 20, 18, 22),                       // ±10%: not
		row("features_per_week", 1, 3, nan, nan),               // no interval yet: not
		row("availability", 0, nan, nan, nan),                  // never defined: left out
		row("incidents_cascade_per_week", 10, 0, 0, 0),         // exactly zero: precise
		row("customer_escalations_per_week", 10, 0, -0.1, 0.1), // zero mean, some spread: not
		row("backlog_mean", 10, -50, -52, -48),                 // ±4% of |mean|: precise
	}
	tests := []struct {
		metrics []string
		target  float64
		want    []string
	}{
		{nil, 0.05, []string{"ttr_p90_h", "features_per_week", "customer_escalations_per_week"}},
		{nil, 0.10, []string{"features_per_week", "customer_escalations_per_week"}},
		{nil, 0.03, []string{"ttr_mean_h", "ttr_p90_h", "features_per_week", "customer_escalations_per_week", "backlog_mean"}},
		{[]string{"ttr_mean_h", "ttr_p90_h", "availability"}, 0.05, []string{"ttr_p90_h"}},
		{[]string{"ttr_mean_h"}, 0.05, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.metrics, tt.target), func(t *testing.T) {
			var got []string
			for _, r := range analysis.Precision(rows, tt.metrics, tt.target) {
				got = append(got, r.Metric)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Precision = %v, want %v", got, tt.want)
			}
		})
	}
}

// Two designs, three replications each, sharing random numbers: the
// summary pairs replication i of "collective" with replication i of the
// baseline "central".
func ExampleSummarize() {
	set := &results.Set{
		Manifest: results.Manifest{Designs: []string{"central", "collective"}, Baseline: "central"},
		Metrics:  []string{"ttr_mean_h", "features_per_week"},
	}
	values := map[string][][]float64{
		"central":    {{4.0, 10.2}, {6.5, 9.8}, {5.1, 10.0}},
		"collective": {{2.9, 9.6}, {4.6, 9.3}, {3.8, 9.5}},
	}
	for _, d := range set.Manifest.Designs {
		for rep, v := range values[d] {
			id := fmt.Sprintf("%s-r%d", d, rep)
			set.Records = append(set.Records, results.Record{Run: results.Run{ID: id, Design: d, Rep: rep}, Values: v})
		}
	}
	rows, err := analysis.Summarize(set, analysis.SummaryOptions{Seed: 1})
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		fmt.Printf("%-10s %-17s mean %5.2f [%5.2f, %5.2f]", r.Design, r.Metric, r.Mean, r.Lo, r.Hi)
		if r.Baseline != "" {
			fmt.Printf("  vs %s: %+.2f [%+.2f, %+.2f] distinguishable=%v", r.Baseline, r.Diff, r.DiffLo, r.DiffHi, r.Distinguishable)
		}
		fmt.Println()
	}
	// Output:
	// central    ttr_mean_h        mean  5.20 [ 2.09,  8.31]
	// central    features_per_week mean 10.00 [ 9.50, 10.50]
	// collective ttr_mean_h        mean  3.77 [ 1.65,  5.88]  vs central: -1.43 [-2.47, -0.40] distinguishable=true
	// collective features_per_week mean  9.47 [ 9.09,  9.85]  vs central: -0.53 [-0.68, -0.39] distinguishable=true
}

// TestIntervalsStayInRange: the t interval of mostly-zero waits reaches
// below zero, and that of shares near 1 above 1; Summarize clips both to
// what a mean of such values can be, and leaves a measure that takes
// negative values alone.
func TestIntervalsStayInRange(t *testing.T) {
	waits := []float64{0, 0, 0, 0, 0.4}
	shares := []float64{1, 1, 1, 1, 0.9}
	signed := []float64{0, 0, 0, 0, 0.4}
	s := build([]string{"a"}, nil, 5, []string{"first_response_wait_h", "availability", "net_change"},
		func(_ int, _ string, rep int) []float64 {
			if rep == 0 {
				return []float64{waits[rep], shares[rep], -0.01}
			}
			return []float64{waits[rep], shares[rep], signed[rep]}
		})
	rows, err := analysis.Summarize(s, analysis.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw := analysis.MeanCI(waits, 0.95)
	if !(raw.Lo < 0) {
		t.Fatalf("test data too tame: raw lower bound %v", raw.Lo)
	}
	if r := find(t, rows, 0, "a", "first_response_wait_h"); r.Lo != 0 || r.Hi != raw.Hi || r.Mean != raw.Mean {
		t.Errorf("waits: [%v, %v] mean %v, want [0, %v] mean %v", r.Lo, r.Hi, r.Mean, raw.Hi, raw.Mean)
	}
	rawShare := analysis.MeanCI(shares, 0.95)
	if r := find(t, rows, 0, "a", "availability"); r.Hi != 1 || r.Lo != rawShare.Lo || !(rawShare.Hi > 1) {
		t.Errorf("share: [%v, %v], want [%v, 1] (raw upper %v)", r.Lo, r.Hi, rawShare.Lo, rawShare.Hi)
	}
	if r := find(t, rows, 0, "a", "net_change"); !(r.Lo < 0) {
		t.Errorf("a measure with a negative value was clipped: lower bound %v", r.Lo)
	}
}

package analysis

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opsim/opsim/results"
)

// synthMetrics is the model's metric list with one severity.
var synthMetrics = []string{
	"incidents_per_week", "incidents_base_per_week", "incidents_change_per_week", "incidents_cascade_per_week",
	"incidents_SEV1_per_week",
	"ttd_mean_h", "tta_mean_h", "tta_p90_h",
	"ttr_mean_h", "ttr_p50_h", "ttr_p90_h", "ttr_p99_h",
	"handoffs_per_incident", "misroutes_per_incident", "incident_share_top",
	"availability", "availability_min", "slo_attainment",
	"customer_escalations_per_week", "pm_hours_per_week", "postmortems_per_week",
	"features_per_week", "lead_time_mean_d", "lead_time_p85_d", "wip_mean", "backlog_mean",
	"planned_frac", "interrupt_frac", "toil_frac", "learning_frac", "switch_frac", "idle_frac",
	"interruptions_per_week", "pages_per_shift", "after_hours_pages_per_eng_week", "after_hours_pages_max_eng_week",
	"first_response_wait_h", "queue_mean",
	"product_planned_frac", "product_interrupt_frac", "product_toil_frac", "product_switch_frac", "product_idle_frac",
}

// synthSplit is each synthetic design's split of product teams' time,
// before noise: the centralized design keeps tickets away from product
// teams; the collective one moves incidents and tickets onto them. Each
// leaves about 1% for postmortems.
var synthSplit = map[string]map[string]float64{
	"centralized": {"product_planned_frac": 0.75, "product_interrupt_frac": 0.01, "product_toil_frac": 0,
		"product_switch_frac": 0.005, "product_idle_frac": 0.225},
	"collective": {"product_planned_frac": 0.70, "product_interrupt_frac": 0.08, "product_toil_frac": 0.06,
		"product_switch_frac": 0.03, "product_idle_frac": 0.12},
}

// synthSet imitates an experiment: a centralized design whose ops queue
// breaks as the organisation grows, and a collective one that scales but
// delivers a little less. Replication r of both designs shares a load
// factor, as common random numbers would. sweep maps parameter names to
// their values (nil: no sweep); points are the grid in row-major order.
func synthSet(sweep []results.Param, values [][]string, reps int) *results.Set {
	designs := []string{"centralized", "collective"}
	var points []results.Point
	if len(sweep) > 0 {
		var rec func(j int, cur []results.Param)
		rec = func(j int, cur []results.Param) {
			if j == len(sweep) {
				points = append(points, results.Point{Index: len(points), Params: slices.Clone(cur)})
				return
			}
			for _, val := range values[j] {
				rec(j+1, append(cur, results.Param{Name: sweep[j].Name, Value: val}))
			}
		}
		rec(0, nil)
	}
	scenario := "# synthetic <test> & co\nname = \"growth <synthetic>\"\nhorizon = \"26w\"\nwarmup = \"4w\"\n\n[org]\nproduct_teams = 8\n"
	s := &results.Set{Metrics: synthMetrics}
	m := &s.Manifest
	m.Scenario, m.ScenarioFile, m.ScenarioHash = scenario, "scenarios/growth.toml", results.HashScenario(scenario)
	m.Seed, m.Command, m.Designs, m.Baseline, m.Points = 42, "sweep", designs, "centralized", points
	m.Build = results.BuildInfo{OpsimVersion: "v0.3.0", VCSRevision: "0123456789abcdef", GoVersion: "go1.26.8", GonumVersion: "v0.17.0", PlotVersion: "v0.17.0"}
	if len(points) == 0 {
		m.Command = "compare"
		points = []results.Point{{Index: 0}}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	teams := results.Table{Name: "teams", Key: "team", Labels: []string{"kind"}, Columns: []string{"engineers", "utilisation"}}
	for _, p := range points {
		size, second := 10.0, 1.0
		if len(p.Params) > 0 {
			size, _ = strconv.ParseFloat(p.Params[0].Value, 64)
		}
		if len(p.Params) > 1 {
			second, _ = strconv.ParseFloat(strings.TrimSuffix(p.Params[1].Value, "/week"), 64)
		}
		load := make([]float64, reps)
		for r := range load {
			load[r] = 1 + 0.15*rng.NormFloat64()
		}
		for _, d := range designs {
			for r := range reps {
				id := fmt.Sprintf("p%03d-%s-r%04d", p.Index, d, r)
				m.Runs = append(m.Runs, id)
				jit := func(x float64) float64 { return x * load[r] * (1 + 0.03*rng.NormFloat64()) }
				vals := make(map[string]float64)
				for i, name := range synthMetrics {
					vals[name] = jit(1 + float64(i%5))
				}
				if d == "centralized" {
					wait := 0.15 * math.Exp(size/12) * second
					vals["first_response_wait_h"] = jit(wait)
					vals["ttr_mean_h"] = jit(2 + wait)
					vals["ttr_p90_h"] = jit(2.5 * (2 + wait))
					vals["features_per_week"] = jit(1.5 * size)
					vals["interrupt_frac"] = jit(0.10)
					vals["after_hours_pages_per_eng_week"] = jit(0.4)
					vals["handoffs_per_incident"] = jit(1.8)
					vals["customer_escalations_per_week"] = jit(0.05 * size)
					vals["availability"] = 1 - jit(0.0004*(1+wait))
				} else {
					vals["first_response_wait_h"] = jit(0.3 * second)
					vals["ttr_mean_h"] = jit(2.3)
					vals["ttr_p90_h"] = jit(2.5 * 2.3)
					vals["features_per_week"] = jit(1.5 * size * 0.93)
					vals["interrupt_frac"] = jit(0.16)
					vals["after_hours_pages_per_eng_week"] = jit(1.1)
					vals["handoffs_per_incident"] = jit(0.6)
					vals["customer_escalations_per_week"] = jit(0.05 * size)
					vals["availability"] = 1 - jit(0.0005)
				}
				vals["incidents_cascade_per_week"] = math.NaN() // never defined
				// In metric order: the rng draws must not follow map order.
				for _, name := range synthMetrics {
					if x, ok := synthSplit[d][name]; ok {
						vals[name] = x * (1 + 0.005*rng.NormFloat64())
					}
				}
				rec := results.Record{Run: results.Run{ID: id, Point: p.Index, Params: slices.Clone(p.Params), Design: d, Rep: r, Seed: uint64(1000 + r)}}
				for _, name := range synthMetrics {
					rec.Values = append(rec.Values, vals[name])
				}
				s.Records = append(s.Records, rec)

				var queued, backlog, ops []float64
				q := 0.0
				for day := range 150 {
					growth := 0.0
					if d == "centralized" {
						growth = 0.002 * size * size / 10
						ops = append(ops, math.Max(0, 3+growth*float64(day)+rng.NormFloat64()))
					}
					q = math.Max(0, 0.8*q+0.2*(5+growth*float64(day))*load[r]+rng.NormFloat64())
					queued = append(queued, q)
					backlog = append(backlog, 40+5*math.Sin(float64(day)/7)+3*rng.NormFloat64())
				}
				s.Series = append(s.Series,
					results.Series{RunID: id, Name: "queued_work", Step: 1, Values: queued},
					results.Series{RunID: id, Name: "backlog", Step: 1, Values: backlog})
				if ops != nil {
					s.Series = append(s.Series, results.Series{RunID: id, Name: "ops_queue", Step: 1, Values: ops})
				}
				teams.Rows = append(teams.Rows, synthTeams(id, d, int(size))...)
				median := 2.0
				if d == "centralized" {
					median = 1.2 + 0.3*math.Exp(size/12)
				}
				var restore []float64
				for range 40 {
					restore = append(restore, median*math.Exp(0.7*rng.NormFloat64()))
				}
				s.Samples = append(s.Samples, results.Sample{RunID: id, Name: "restore_h", Values: restore})
			}
		}
	}
	s.Tables, m.Tables = []results.Table{teams}, []string{teams.Name}
	return s
}

// synthTeams are the teams of one synthetic run: size product teams of 6
// engineers, a platform team of 4 and, in the centralized design, an ops
// team of 8.
func synthTeams(run, design string, size int) []results.TableRow {
	var rows []results.TableRow
	for i := range size {
		rows = append(rows, results.TableRow{RunID: run, Key: fmt.Sprintf("team-%02d", i+1), Labels: []string{"product"}, Values: []float64{6, 0.7}})
	}
	rows = append(rows, results.TableRow{RunID: run, Key: "platform", Labels: []string{"platform"}, Values: []float64{4, 0.5}})
	if design == "centralized" {
		rows = append(rows, results.TableRow{RunID: run, Key: "ops", Labels: []string{"ops"}, Values: []float64{8, 0.6}})
	}
	return rows
}

func teamsSweep(values ...string) *results.Set {
	return synthSet([]results.Param{{Name: "org.product_teams"}}, [][]string{values}, 5)
}

func summarize(t testing.TB, s *results.Set) []results.SummaryRow {
	t.Helper()
	rows, err := Summarize(s, SummaryOptions{Seed: 1, Resamples: 400})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func figureNames(figs []NamedFigure) []string {
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	return names
}

func TestFiguresChooseKinds(t *testing.T) {
	tests := []struct {
		name    string
		set     *results.Set
		want    []string
		absent  []string
		focusIn string // the single comparison's title must mention this
	}{
		{"one-parameter sweep of three points", teamsSweep("5", "10", "20"),
			[]string{"comparison-p0", "comparison-p1", "comparison-p2", "restore-distribution",
				"timeseries-queued-work", "timeseries-backlog", "timeseries-ops-queue", "scaling", "tradeoff", "time-split"},
			[]string{"comparison", "heatmap-centralized"}, ""},
		{"one-parameter sweep of four points, unsorted", teamsSweep("20", "40", "5", "10"),
			[]string{"comparison", "restore-distribution", "scaling", "tradeoff", "time-split"},
			[]string{"comparison-p0", "heatmap-centralized"}, "product teams = 40"},
		{"two-parameter sweep", synthSet([]results.Param{{Name: "org.product_teams"}, {Name: "services.incident_rate"}},
			[][]string{{"5", "10", "20", "40"}, {"0.2/week", "0.4/week", "0.8/week"}}, 3),
			[]string{"comparison", "heatmap-centralized", "heatmap-collective", "tradeoff", "restore-distribution", "time-split"},
			[]string{"scaling"}, "product teams = 40, incident rate = 0.8/week"},
		{"no sweep", synthSet(nil, nil, 4),
			[]string{"comparison", "restore-distribution", "timeseries-queued-work", "tradeoff", "time-split"},
			[]string{"scaling", "heatmap-centralized", "comparison-p0"}, ""},
		{"no split of product teams' time", withoutMetrics(synthSet(nil, nil, 3), "product_toil_frac"),
			[]string{"comparison", "tradeoff"},
			[]string{"time-split"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figs := Figures(tt.set, summarize(t, tt.set), ReportOptions{})
			names := figureNames(figs)
			for _, w := range tt.want {
				if !slices.Contains(names, w) {
					t.Errorf("no %q figure among %v", w, names)
				}
			}
			for _, a := range tt.absent {
				if slices.Contains(names, a) {
					t.Errorf("unexpected %q figure among %v", a, names)
				}
			}
			seen := map[string]bool{}
			for _, f := range figs {
				if seen[f.Name] {
					t.Errorf("figure name %q repeats", f.Name)
				}
				seen[f.Name] = true
				if f.Figure == nil || f.Title == "" || f.Caption == "" {
					t.Errorf("figure %q lacks a figure, title or caption", f.Name)
				}
				if fileStem(f.Name) != f.Name {
					t.Errorf("figure name %q is not a safe file stem", f.Name)
				}
			}
			if tt.focusIn != "" {
				i := slices.Index(names, "comparison")
				if i < 0 || !strings.Contains(figs[i].Title, tt.focusIn) {
					t.Errorf("comparison is not at the focus point %q", tt.focusIn)
				}
			}
		})
	}
}

// withoutMetrics drops the named metrics from s, as a model that does not
// report them would.
func withoutMetrics(s *results.Set, names ...string) *results.Set {
	var keep []int
	var metrics []string
	for i, m := range s.Metrics {
		if !slices.Contains(names, m) {
			keep = append(keep, i)
			metrics = append(metrics, m)
		}
	}
	s.Metrics = metrics
	for r := range s.Records {
		vals := make([]float64, 0, len(keep))
		for _, i := range keep {
			vals = append(vals, s.Records[r].Values[i])
		}
		s.Records[r].Values = vals
	}
	return s
}

// setMetric overwrites one metric of one design in every record.
func setMetric(s *results.Set, design, metric string, x float64) *results.Set {
	i := slices.Index(s.Metrics, metric)
	for r := range s.Records {
		if s.Records[r].Design == design {
			s.Records[r].Values[i] = x
		}
	}
	return s
}

// TestTimeSplit checks the bars of the "where the time goes" figure: which
// points and designs get one, that each is the summary means in percent
// in the stacking order, and that postmortems is the remainder making the
// bar add up to 100%, or unknown when a share is.
func TestTimeSplit(t *testing.T) {
	tests := []struct {
		name       string
		set        *results.Set
		wantLabels []string
		titleEnd   string // what the title ends with
		nanRest    string // design whose postmortem share must be unknown
	}{
		{"no sweep", synthSet(nil, nil, 4),
			[]string{"centralized", "collective"}, "time goes", ""},
		{"three points: all of them, grouped by point", teamsSweep("5", "10", "20"),
			[]string{"centralized\nproduct teams = 5", "collective\nproduct teams = 5", "centralized\nproduct teams = 10",
				"collective\nproduct teams = 10", "centralized\nproduct teams = 20", "collective\nproduct teams = 20"}, "time goes", ""},
		{"four points: the focus point", teamsSweep("20", "40", "5", "10"),
			[]string{"centralized", "collective"}, "time goes at product teams = 40", ""},
		{"an unknown share", setMetric(synthSet(nil, nil, 3), "collective", "product_switch_frac", math.NaN()),
			[]string{"centralized", "collective"}, "time goes", "collective"},
	}
	wantParts := []string{"planned work", "interrupts (incident work)", "tickets (toil)", "context switching", "postmortems", "idle"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := summarize(t, tt.set)
			v := newView(tt.set, rows, ReportOptions{})
			points := v.comparedPoints()
			parts, stacks, ok := v.timeSplitStacks(points)
			if !ok || !slices.Equal(parts, wantParts) {
				t.Fatalf("parts %q (ok %v), want %q", parts, ok, wantParts)
			}
			var labels []string
			for _, st := range stacks {
				labels = append(labels, st.Label)
			}
			if !slices.Equal(labels, tt.wantLabels) {
				t.Fatalf("bars %q, want %q", labels, tt.wantLabels)
			}
			k := 0
			for _, p := range points {
				for _, d := range v.designs {
					st := stacks[k]
					k++
					sum := 0.0
					for j, part := range v.timeSplitShown(points) {
						tp := timeSplitParts[part]
						if tp.metric == "" {
							continue
						}
						r, _ := v.row(p.Index, d, tp.metric)
						if got, want := st.Parts[j], 100*r.Mean; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
							t.Errorf("%s: %s = %v, want 100 × mean = %v", st.Label, tp.part, got, want)
						}
						sum += st.Parts[j]
					}
					rest := st.Parts[slices.Index(parts, "postmortems")]
					if d == tt.nanRest {
						if !math.IsNaN(rest) {
							t.Errorf("%s: postmortems %v with a share unknown, want NaN", st.Label, rest)
						}
						continue
					}
					if math.Abs(sum+rest-100) > 1e-9 || rest < 0.5 || rest > 1.5 {
						t.Errorf("%s: postmortems %v, shares add to %v; want about 1%% and a total of 100%%", st.Label, rest, sum+rest)
					}
				}
			}
			if d := v.designs[0]; d == "centralized" && stacks[0].Parts[2] != 0 {
				t.Errorf("centralized product teams' tickets %v%%, want 0", stacks[0].Parts[2])
			}
			var split *NamedFigure
			figs := Figures(tt.set, rows, ReportOptions{})
			for i := range figs {
				if figs[i].Name == "time-split" {
					split = &figs[i]
				}
			}
			if split == nil {
				t.Fatalf("no time-split figure among %v", figureNames(figs))
			}
			if !strings.HasPrefix(split.Title, "Where product teams' time goes") || !strings.HasSuffix(split.Title, tt.titleEnd) {
				t.Errorf("title %q, want it to end %q", split.Title, tt.titleEnd)
			}
			for _, w := range []string{"you build it, you run it", "postmortems", "listed under the bar", v.replications()} {
				if !strings.Contains(split.Caption, w) {
					t.Errorf("caption lacks %q: %s", w, split.Caption)
				}
			}
			var b bytes.Buffer
			if err := split.Figure.Encode(&b, "svg"); err != nil {
				t.Fatal(err)
			}
			for _, w := range append([]string{"Where product teams", "postmortems", "planned work"}, v.designs...) {
				if !bytes.Contains(b.Bytes(), []byte(w)) {
					t.Errorf("SVG lacks %q", w)
				}
			}
		})
	}
}

func TestFiguresWithoutSamplesOrSeries(t *testing.T) {
	s := teamsSweep("5", "10")
	s.Samples, s.Series = nil, nil
	names := figureNames(Figures(s, summarize(t, s), ReportOptions{}))
	for _, n := range names {
		if strings.HasPrefix(n, "timeseries") || strings.HasSuffix(n, "distribution") {
			t.Errorf("figure %q drawn without data", n)
		}
	}
	if !slices.Contains(names, "scaling") {
		t.Errorf("no scaling figure among %v", names)
	}
	if Figures(nil, nil, ReportOptions{}) != nil || Figures(&results.Set{}, nil, ReportOptions{}) != nil {
		t.Error("figures from an empty set")
	}
}

// TestFigureValues checks what goes into the charts: display scaling of
// fractions, the per-day band and the sweep's numeric reading.
func TestFigureValues(t *testing.T) {
	s := teamsSweep("5", "10", "20")
	rows := summarize(t, s)
	v := newView(s, rows, ReportOptions{})
	r, _ := v.row(1, "collective", "interrupt_frac")
	if iv := v.interval(1, "collective", "interrupt_frac"); iv.Mean != 100*r.Mean || iv.Hi != 100*r.Hi {
		t.Errorf("interrupt_frac shown as %v, want 100 × %v (percent of time)", iv, r.Mean)
	}
	if iv := v.interval(1, "nobody", "ttr_mean_h"); !math.IsNaN(iv.Mean) {
		t.Errorf("absent design shown as %v, want NaN", iv)
	}
	if v.focus.Index != 2 || len(v.varying) != 1 || v.varying[0].Value[2] != 20 {
		t.Errorf("focus %v varying %v, want point 2 and teams = 20", v.focus, v.varying)
	}
	b := seriesBand("x", [][]float64{{1, 2, math.NaN()}, {3, 4, 5}, {5}}, 0.5, unbounded)
	wantT, wantMean := []float64{0.5, 1, 1.5}, []float64{3, 3, 5}
	if !slices.Equal(b.T, wantT) || !slices.Equal(b.Mean, wantMean) {
		t.Errorf("band T %v mean %v, want %v and %v", b.T, b.Mean, wantT, wantMean)
	}
	if e := MeanCI([]float64{1, 3, 5}, 0.95); b.Lo[0] != e.Lo || !math.IsNaN(b.Lo[2]) {
		t.Errorf("band lo %v, want %v on day 1 and NaN where one replication has a value", b.Lo, e.Lo)
	}
	params := sweepParams([]results.Point{
		{Index: 0, Params: []results.Param{{Name: "org.feature_rate", Value: "1.5/week"}, {Name: "org.interrupts", Value: "spread"}}},
		{Index: 1, Params: []results.Param{{Name: "org.feature_rate", Value: "3/week"}, {Name: "org.interrupts", Value: "shield"}}},
	})
	if params[0].Value == nil || params[0].Value[1] != 3 || params[0].Label != "feature rate (/week)" || params[1].Value != nil {
		t.Errorf("sweep params read as %+v", params)
	}
}

func TestTrailingMeans(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		in     []float64
		window int
		want   []float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 3, []float64{1, 1.5, 2, 3, 4}},
		{[]float64{1, nan, 3, nan, nan, nan}, 2, []float64{1, 1, 3, 3, nan, nan}},
		{[]float64{2, 4}, 0, []float64{2, 4}},
	}
	for _, tt := range tests {
		got := trailingMeans([][]float64{tt.in}, tt.window)[0]
		if !slices.EqualFunc(got, tt.want, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Errorf("trailingMeans(%v, %d) = %v, want %v", tt.in, tt.window, got, tt.want)
		}
	}
	if longSeries([][]float64{make([]float64, 28)}, 1) || !longSeries([][]float64{make([]float64, 29)}, 1) {
		t.Error("longSeries threshold is not four weeks")
	}
}

func TestCapTail(t *testing.T) {
	body := make([]float64, 200)
	for i := range body {
		body[i] = float64(i%20) + 1 // 1..20
	}
	long := append(slices.Clone(body), 500, 900)
	tests := []struct {
		name       string
		in         [][]float64
		wantBeyond int
	}{
		{"short tails are left alone", [][]float64{body, body}, 0},
		{"a long tail is drawn at the edge", [][]float64{body, long}, 2},
		{"no data", [][]float64{nil, {math.NaN()}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, c := capTail(tt.in)
			if c.beyond != tt.wantBeyond {
				t.Fatalf("%d values beyond the cap, want %d", c.beyond, tt.wantBeyond)
			}
			for i := range tt.in {
				if len(out[i]) != len(tt.in[i]) {
					t.Errorf("design %d: %d values, want %d: capping must not drop any", i, len(out[i]), len(tt.in[i]))
				}
			}
			if tt.wantBeyond > 0 {
				if slices.Max(out[1]) != c.at || c.at < 20 || c.at >= 500 {
					t.Errorf("cap at %v, max after capping %v", c.at, slices.Max(out[1]))
				}
				if !strings.Contains(c.note(Describe("restore_h")), "the 2 values beyond it") {
					t.Errorf("caption note %q does not say how many values were moved", c.note(Describe("restore_h")))
				}
				if tt.in[1][len(tt.in[1])-1] != 900 {
					t.Error("capTail modified its input")
				}
			}
		})
	}
}

func TestWriteFigures(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		set  *results.Set
	}{
		{"sweep", teamsSweep("5", "10", "20")},
		{"grid", synthSet([]results.Param{{Name: "org.product_teams"}, {Name: "services.incident_rate"}},
			[][]string{{"5", "10"}, {"0.2/week", "0.4/week"}}, 3)},
	} {
		figs := Figures(tc.set, summarize(t, tc.set), ReportOptions{})
		out := filepath.Join(dir, tc.name)
		paths, err := WriteFigures(out, figs)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 2*len(figs) {
			t.Errorf("%s: %d files for %d figures, want a PNG and an SVG each", tc.name, len(paths), len(figs))
		}
		for _, p := range paths {
			if filepath.Dir(p) != filepath.Join(out, FiguresDir) {
				t.Errorf("%s written outside %s", p, FiguresDir)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			switch filepath.Ext(p) {
			case ".png":
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				if f := inkFraction(img); f < 0.01 {
					t.Errorf("%s is nearly blank: %.4f of pixels are not white", p, f)
				}
			case ".svg":
				if err := xml.Unmarshal(b, new(struct{ XMLName xml.Name })); err != nil || !bytes.Contains(b, []byte("<svg")) {
					t.Errorf("%s is not SVG: %v", p, err)
				}
			default:
				t.Errorf("unexpected file %s", p)
			}
		}
	}
	blocked := filepath.Join(dir, "blocked")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFigures(blocked, nil); err == nil {
		t.Error("WriteFigures into a path that is a file succeeded")
	}
}

// inkFraction is the share of pixels that are not (nearly) white.
func inkFraction(img image.Image) float64 {
	b := img.Bounds()
	ink, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				ink++
			}
			total++
		}
	}
	return float64(ink) / float64(total)
}

// TestSeriesBandsStayNonNegative: a queue that is empty on most days has a
// daily t interval reaching below zero; the band drawn stops at zero.
func TestSeriesBandsStayNonNegative(t *testing.T) {
	runs := [][]float64{{0, 1}, {0, 1}, {0, 1}, {0.6, 1}}
	s := &results.Set{}
	for i, r := range runs {
		s.Series = append(s.Series, results.Series{RunID: fmt.Sprint(i), Name: "ops_queue", Step: 1, Values: r})
	}
	v := &view{set: s}
	b := seriesBand("q", runs, 1, v.seriesRange("ops_queue"))
	if raw := MeanCI([]float64{0, 0, 0, 0.6}, 0.95); !(raw.Lo < 0) || b.Lo[0] != 0 || b.Hi[0] != raw.Hi {
		t.Errorf("band on day 1 [%v, %v], want [0, %v] (raw lower %v)", b.Lo[0], b.Hi[0], raw.Hi, raw.Lo)
	}
	s.Series[0].Values = []float64{-1, 1}
	if r := v.seriesRange("ops_queue"); r != unbounded {
		t.Errorf("a series with a negative value has range %v, want unbounded", r)
	}
}

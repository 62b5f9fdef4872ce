package results

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		set  func() *Set
	}{
		{"sweep with NaN, Inf, -0 and quoted text", sampleSet},
		{"empty set", func() *Set { return &Set{} }},
		{"no sweep, no metrics, no run list", func() *Set {
			return &Set{
				Manifest: Manifest{Command: "compare", Designs: []string{}, Overrides: []string{}},
				Records: []Record{
					{Run: Run{ID: "a", Design: "x"}},
					{Run: Run{ID: "b", Design: "y", Rep: 1, Seed: 7}},
				},
			}
		}},
		{"no sweep, one metric, one-sample series", func() *Set {
			return &Set{
				Manifest: Manifest{Points: []Point{{Index: 0}}, Runs: []string{"r0"}, Shard: "1/3"},
				Metrics:  []string{"param.fake"},
				Records:  []Record{{Run: Run{ID: "r0"}, Values: []float64{math.NaN()}}},
				Series:   []Series{{RunID: "r0", Name: "s", Step: 0.25, Values: []float64{-1}}},
				Summary:  []SummaryRow{{Design: "d", Metric: "param.fake", Diff: math.Inf(1)}},
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkRoundTrip(t, tt.set()) })
	}
}

// TestDiffSets guards the comparator the round-trip tests rely on: if it
// called everything equal, those tests could not fail.
func TestDiffSets(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Set)
	}{
		{"NaN vs number", func(s *Set) { s.Records[0].Values[1] = math.NaN() }},
		{"-0 vs 0", func(s *Set) { s.Summary[len(s.Summary)-1].RelHi = math.Copysign(0, -1) }},
		{"nil vs empty", func(s *Set) { s.Manifest.Points[0].Params = s.Manifest.Points[0].Params[:0] }},
		{"param value", func(s *Set) { s.Records[2].Params[1].Value = "other" }},
		{"series step", func(s *Set) { s.Series[5].Step = 2 }},
		{"bool", func(s *Set) { s.Summary[0].Distinguishable = true }},
		{"seed", func(s *Set) { s.Records[7].Seed++ }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDiffDetects(t, sampleSet, tt.change) })
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, b := writeSet(t, sampleSet()), writeSet(t, sampleSet())
	// Rewriting into the same folder must also give the same bytes.
	if err := Write(a, sampleSet()); err != nil {
		t.Fatal(err)
	}
	sa, sb := snapshot(t, a), snapshot(t, b)
	if len(sa) != 4 {
		t.Errorf("folder holds %d entries, want the 4 files: %v", len(sa), keys(sa))
	}
	checkSameFiles(t, sb, sa, "between two writes of the same set")
}

// TestFormat pins the exact bytes of the CSV files, since other tools
// (pandas, R, spreadsheets, other opsim packages) read them by column name.
func TestFormat(t *testing.T) {
	s := &Set{
		Manifest: Manifest{
			Designs: []string{"base", "new"}, Baseline: "base",
			Points: []Point{{Index: 3, Params: []Param{{"rate", "0.5"}}}},
			Runs:   []string{"p003-base-r0000", "p003-new-r0000"},
		},
		Metrics: []string{"cost", "late"},
		Records: []Record{
			{Run: Run{"p003-base-r0000", 3, []Param{{"rate", "0.5"}}, "base", 0, 42}, Values: []float64{1.5, math.NaN()}},
			{Run: Run{"p003-new-r0000", 3, []Param{{"rate", "0.5"}}, "new", 0, 43}, Values: []float64{math.Inf(1), math.Inf(-1)}},
		},
		Series: []Series{{RunID: "p003-new-r0000", Name: "wip, open", Step: 0.5, Values: []float64{2, 1e-7}}},
		Summary: []SummaryRow{{
			Point: 3, Params: []Param{{"rate", "0.5"}}, Design: "new", Metric: "cost", N: 1,
			Mean: 1, StdDev: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Baseline: "base",
			Diff: 0.5, DiffLo: 0.25, DiffHi: 0.75, Rel: 1.0 / 3, RelLo: 0.1, RelHi: 0.6, Distinguishable: true,
		}},
	}
	want := map[string]string{
		RunsFile: "run_id,point,param.rate,design,rep,seed,cost,late\n" +
			"p003-base-r0000,3,0.5,base,0,42,1.5,NaN\n" +
			"p003-new-r0000,3,0.5,new,0,43,+Inf,-Inf\n",
		SummaryFile: "point,param.rate,design,metric,n,mean,sd,ci_lo,ci_hi,baseline,diff,diff_lo,diff_hi,rel,rel_lo,rel_hi,distinguishable\n" +
			"3,0.5,new,cost,1,1,NaN,NaN,NaN,base,0.5,0.25,0.75,0.3333333333333333,0.1,0.6,true\n",
		TimeseriesFile: "run_id,series,day,value\n" +
			"p003-new-r0000,\"wip, open\",0.5,2\n" +
			"p003-new-r0000,\"wip, open\",1,1e-07\n",
	}
	m := checkFiles(t, s, want)[ManifestFile]
	for _, w := range []string{"{\n  \"format\": \"opsim-results/2\",\n", `"scenario_hash": ""`, `"shard": ""`, `"vcs_modified": false`} {
		if !strings.Contains(m, w) {
			t.Errorf("manifest.json lacks %q:\n%s", w, m)
		}
	}
}

func TestWriteRejectsInvalidSet(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Set)
		want   string
	}{
		{"values shorter than metrics", func(s *Set) { s.Records[3].Values = s.Records[3].Values[:2] }, "record 3: run \"p000-collective-r0001\" has 2 values for 3 metrics"},
		{"duplicate run id", func(s *Set) { s.Records[4].ID = s.Records[1].ID }, "record 4: run \"p000-baseline-r0001\" duplicates record 1"},
		{"run not in manifest", func(s *Set) { s.Records[2].ID = "stray" }, "not in the manifest's run list"},
		{"empty run id", func(s *Set) { s.Manifest.Runs = nil; s.Records[0].ID = "" }, "record 0: empty run id"},
		{"parameter names differ", func(s *Set) { s.Records[1].Params[0].Name = "rate" }, "record 1: run \"p000-baseline-r0001\": parameters"},
		{"parameter value differs from point", func(s *Set) { s.Records[5].Params[0].Value = "9" }, "differ from the manifest's point 1"},
		{"unknown point", func(s *Set) { s.Records[0].Point = 7 }, "point 7 is not in the manifest"},
		{"design not in manifest", func(s *Set) { s.Records[0].Design = "other" }, "design \"other\" is not in the manifest's designs"},
		{"duplicate metric", func(s *Set) { s.Metrics[2] = "cost" }, "column \"cost\" would appear twice"},
		{"metric named like a fixed column", func(s *Set) { s.Metrics[0] = "seed" }, "column \"seed\" would appear twice"},
		{"empty metric name", func(s *Set) { s.Metrics[1] = "" }, "metric 1 has an empty name"},
		{"series of unknown run", func(s *Set) { s.Series[3].RunID = "ghost" }, "series 3: run \"ghost\" has no record"},
		{"empty series", func(s *Set) { s.Series[2].Values = nil }, "has no values"},
		{"zero step", func(s *Set) { s.Series[0].Step = 0 }, "want a positive finite number of days"},
		{"NaN step", func(s *Set) { s.Series[0].Step = math.NaN() }, "want a positive finite number of days"},
		{"step overflowing the last day", func(s *Set) { s.Series[0].Step = math.MaxFloat64 }, "want a positive finite number of days"},
		{"duplicate series", func(s *Set) { s.Series[1].Name = "backlog" }, "duplicates series 0"},
		{"summary parameters differ", func(s *Set) { s.Summary[2].Params = nil }, "summary row 2: parameters"},
		{"negative n", func(s *Set) { s.Summary[0].N = -1 }, "negative n"},
		{"hash mismatch", func(s *Set) { s.Manifest.Scenario += " " }, "does not match the scenario text"},
		{"malformed shard", func(s *Set) { s.Manifest.Shard = "3" }, "shard \"3\""},
		{"shard index past count", func(s *Set) { s.Manifest.Shard = "5/4" }, "shard \"5/4\""},
		{"baseline not a design", func(s *Set) { s.Manifest.Baseline = "nope" }, "baseline \"nope\" is not among the designs"},
		{"duplicate point index", func(s *Set) { s.Manifest.Points[1].Index = 0 }, "point index 0 listed twice"},
		{"carriage return in a CSV field", func(s *Set) {
			for i := range s.Records {
				s.Records[i].Design = "a\r\nb"
			}
			s.Manifest.Designs = nil
		}, "carriage return"},
		{"invalid UTF-8 in the scenario", func(s *Set) {
			s.Manifest.Scenario = "\xff"
			s.Manifest.ScenarioHash = HashScenario("\xff")
		}, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkWriteRejects(t, sampleSet, tt.change, tt.want) })
	}
}

func TestWriteNilSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, nil); err == nil {
		t.Error("Write(nil) succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Write(nil) created the folder (stat: %v)", err)
	}
}

// TestWriteCreatesNestedFolder covers the usual layout out/<experiment>/shard-3.
func TestWriteCreatesNestedFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "exp", "shard-3")
	if err := Write(dir, sampleSet()); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(dir); err != nil {
		t.Fatal(err)
	}
}

// TestInterruptedWriteIsRefused simulates a Write that died after replacing
// runs.csv: the folder must not read as the old manifest with the new rows.
func TestReadBuildInfo(t *testing.T) {
	b := ReadBuildInfo()
	if b.GoVersion == "" || !strings.HasPrefix(b.GoVersion, "go") && !strings.HasPrefix(b.GoVersion, "devel") {
		t.Errorf("GoVersion %q", b.GoVersion)
	}
	for what, v := range map[string]string{"OpsimVersion": b.OpsimVersion, "VCSRevision": b.VCSRevision,
		"GonumVersion": b.GonumVersion, "PlotVersion": b.PlotVersion} {
		if v == "" {
			t.Errorf("%s is empty; absent information should read \"unknown\" or \"(devel)\"", what)
		}
	}
}

func TestHashScenario(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := HashScenario(tt.in); got != tt.want {
			t.Errorf("HashScenario(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestReadAcceptsSpreadsheetEdits: a file saved back by a spreadsheet gains a
// byte order mark and CRLF line endings and may shorten the day column.
// TestSpreadsheetEdits: a folder saved back by a spreadsheet (a byte order
// mark, CRLF line ends, rounded numbers) no longer matches its checksums
// and is refused; the parser behind them still reads such files.
func TestSpreadsheetEdits(t *testing.T) {
	want := sampleSet()
	dir := writeSet(t, want)
	for _, name := range []string{RunsFile, SummaryFile, TimeseriesFile} {
		path := filepath.Join(dir, name)
		c := strings.ReplaceAll(readFile(t, path), ",0.30000000000000004,", ",0.3,")
		writeFile(t, path, "\ufeff"+strings.ReplaceAll(c, "\n", "\r\n"))
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), RunsFile+": the file differs from what opsim wrote") {
		t.Fatalf("Read of a folder saved back by a spreadsheet: %v", err)
	}
	reseal(t, dir)
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The quoted newline inside a parameter value becomes "\r\n" too, which
	// the CSV reader turns back into "\n": the set is unchanged.
	if d := diffSets(want, got); d != "" {
		t.Errorf("read back a different set: %s", d)
	}
}

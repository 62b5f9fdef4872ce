package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tiny is a small, fast scenario: two designs, a short horizon; the
// campaign package's tests use it too.
var tiny = func() string {
	b, err := os.ReadFile(filepath.Join("..", "campaign", "testdata", "tiny.toml"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// opsim runs the CLI in-process and returns its exit code and output.
func opsim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunWritesResultsAndSummary(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errs := opsim(t, "run", s, "-o", dir, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"centralized", "collective", "time to restore", "±", "4 replications per design"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"manifest.json", "runs.csv", "summary.csv", "timeseries.csv.gz", "samples.csv.gz", "teams.csv", "services.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	// centralized has 3 product teams, a platform team and ops; collective
	// has no ops: (5 + 4) teams × 4 replications, plus the header.
	if n := bytes.Count(read(t, filepath.Join(dir, "teams.csv")), []byte("\n")); n != 37 {
		t.Errorf("teams.csv has %d lines, want 37", n)
	}
	// 3 teams × 2 app services + 2 infra = 8 services × 8 runs, plus the header.
	if n := bytes.Count(read(t, filepath.Join(dir, "services.csv")), []byte("\n")); n != 65 {
		t.Errorf("services.csv has %d lines, want 65", n)
	}
	// 2 designs × 4 replications, plus the header.
	if n := bytes.Count(read(t, filepath.Join(dir, "runs.csv")), []byte("\n")); n != 9 {
		t.Errorf("runs.csv has %d lines, want 9", n)
	}
}

func TestDeterministicAcrossWorkersAndShards(t *testing.T) {
	s := writeScenario(t, tiny)
	base := t.TempDir()
	one, two := filepath.Join(base, "w1"), filepath.Join(base, "w2")
	if code, _, e := opsim(t, "run", s, "-o", one, "--workers", "1", "-q"); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := opsim(t, "run", s, "-o", two, "--workers", "2", "-q"); code != 0 {
		t.Fatal(e)
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv.gz", "samples.csv.gz", "teams.csv", "services.csv"} {
		if !bytes.Equal(read(t, filepath.Join(one, f)), read(t, filepath.Join(two, f))) {
			t.Errorf("%s differs between 1 and 2 workers", f)
		}
	}
	// Three shards merged give the unsharded results, byte for byte.
	var shards []string
	for i := 0; i < 3; i++ {
		d := filepath.Join(base, "shard", string(rune('a'+i)))
		if code, _, e := opsim(t, "run", s, "-o", d, "--shard", string(rune('0'+i))+"/3", "-q"); code != 0 {
			t.Fatal(e)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(base, "merged")
	if code, _, e := opsim(t, append([]string{"merge", "-o", merged}, shards...)...); code != 0 {
		t.Fatal(e)
	}
	for _, f := range []string{"runs.csv", "summary.csv", "timeseries.csv.gz", "samples.csv.gz", "teams.csv", "services.csv"} {
		if !bytes.Equal(read(t, filepath.Join(one, f)), read(t, filepath.Join(merged, f))) {
			t.Errorf("%s of merged shards differs from the unsharded run", f)
		}
	}
}

func TestBadScenarioExitsTwoAndWritesNothing(t *testing.T) {
	bad := strings.Replace(tiny, "engineers_per_team = 4", "engineers_per_team = 4\nenginers = 3", 1)
	s := writeScenario(t, bad)
	dir := filepath.Join(t.TempDir(), "out")
	code, _, errs := opsim(t, "run", s, "-o", dir)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, s+":11:") || !strings.Contains(errs, "enginers") {
		t.Errorf("error does not name file, line and field:\n%s", errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("output folder was created for a bad scenario")
	}
	if code, _, _ := opsim(t, "validate", s); code != 2 {
		t.Errorf("validate: exit %d, want 2", code)
	}
	if code, out, _ := opsim(t, "validate", writeScenario(t, tiny)); code != 0 || !strings.Contains(out, "ok (2 designs, 1 sweep point, 8 runs)") {
		t.Errorf("validate of a good file: exit %d, %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	s := writeScenario(t, tiny)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"run"}, "exactly one scenario"},
		{[]string{"run", s, "--reps", "1"}, "at least 2"},
		{[]string{"run", s, "--shard", "3/3"}, "--shard"},
		{[]string{"run", s, "--baseline", "nope"}, "no such design"},
		{[]string{"run", s, "--set", "org.nonsense=1"}, "org.nonsense"},
		{[]string{"sweep", s}, "no [sweep]"},
		{[]string{"run", filepath.Join(t.TempDir(), "missing.toml")}, "no such file"},
		// A missing path is an error even when a bundled scenario has its
		// base name; bundled: names one explicitly.
		{[]string{"validate", filepath.Join(t.TempDir(), "default.toml")}, "no such file"},
		{[]string{"validate", "bundled:nope.toml"}, "no bundled scenario"},
	} {
		code, _, errs := opsim(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
	if code, out, _ := opsim(t, "validate", "bundled:default.toml"); code != 0 || !strings.Contains(out, "bundled:default.toml: ok") {
		t.Errorf("validate bundled:default.toml: %d %q", code, out)
	}
	if code, out, _ := opsim(t, "version"); code != 0 || !strings.Contains(out, "revision") || !strings.Contains(out, "gonum") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := opsim(t, "help"); code != 0 || !strings.Contains(out, "compare") {
		t.Errorf("help: %d %s", code, out)
	}
	for _, c := range commands() {
		code, out, _ := opsim(t, c.name, "-h")
		if code != 0 || !strings.Contains(out, "Usage: opsim "+c.name) || !strings.Contains(out, "xample") || strings.Contains(out, "help requested") {
			t.Errorf("%s -h: exit %d, %q", c.name, code, out)
		}
	}
}

func TestCompareWritesReportAndPlotRedraws(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errs := opsim(t, "compare", s, "-o", dir, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "report.html") {
		t.Errorf("compare does not say where the report is:\n%s", out)
	}
	html := read(t, filepath.Join(dir, "report.html"))
	if !bytes.Contains(html, []byte("data:image/png;base64,")) {
		t.Error("report.html does not embed its figures")
	}
	if err := os.Remove(filepath.Join(dir, "report.html")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := opsim(t, "plot", dir); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Error("plot did not redraw the report")
	}
}

func TestPrecisionAddsReplications(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := filepath.Join(t.TempDir(), "out")
	// A loose target is met at once: the scenario's 4 replications stay.
	code, out, errs := opsim(t, "run", s, "-o", dir, "-q", "--precision", "10")
	if code != 0 || !strings.Contains(out, "4 replications per design") {
		t.Fatalf("loose target: exit %d, %s %s", code, out, errs)
	}
	// A tight one doubles the replications until the cap, and says so.
	code, out, errs = opsim(t, "run", s, "-o", dir, "-q", "--precision", "0.0001", "--max-reps", "16")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "running 8") || !strings.Contains(errs, "running 16") || !strings.Contains(errs, "cap (16) was hit") {
		t.Errorf("no report of added replications or of the cap:\n%s", errs)
	}
	if !strings.Contains(out, "16 replications per design") {
		t.Errorf("final table not at 16 replications:\n%s", out)
	}
}

// Progress is a bar redrawn in place on a terminal, and elsewhere (batch
// logs) a plain line every plainEvery, none for a run shorter than that.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	if p := newProgress(&buf); p.terminal {
		t.Fatal("a buffer is not a terminal")
	}
	clock := time.Unix(0, 0)
	p := &progress{w: &buf, now: func() time.Time { return clock }}
	for i := 0; i <= 40; i++ {
		p.set(i, 40) // a run a second: a line every five
		clock = clock.Add(time.Second)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 8 || lines[0] != "progress: 5/40 runs (12%), 5s elapsed, about 35s left" || lines[7] != "progress: 40/40 runs (100%), 40s elapsed" {
		t.Fatalf("plain progress:\n%s", buf.String())
	}
	buf.Reset()
	p = &progress{w: &buf, now: func() time.Time { return clock }}
	p.set(3, 4)
	p.set(4, 4)
	if buf.Len() != 0 {
		t.Fatalf("a short run wrote progress to a log: %q", buf.String())
	}
	p = &progress{w: &buf, terminal: true, now: func() time.Time { return clock }}
	for i := 1; i <= 4; i++ {
		clock = clock.Add(time.Second)
		p.set(i, 4)
	}
	p.end()
	out := buf.String()
	if !strings.Contains(out, "4/4 runs") || !strings.Contains(out, "\x1b[K") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\r") < 2 {
		t.Fatalf("terminal progress %q", out)
	}
}

func TestSweepDrawsScalingCurvesAndHeatMaps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sweep string
		want  []string
	}{
		{"one parameter", "[sweep]\n\"org.product_teams\" = [2, 3, 4]\n", []string{"scaling.png", "scaling.svg"}},
		{"two parameters", "[sweep]\n\"org.product_teams\" = [2, 4]\n\"services.coupling\" = [0.05, 0.3]\n", []string{"heatmap-centralized.png", "heatmap-collective.png"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := writeScenario(t, strings.Replace(tiny, "replications = 4", "replications = 3", 1)+tc.sweep)
			dir := filepath.Join(t.TempDir(), "out")
			if code, _, errs := opsim(t, "sweep", s, "-o", dir, "-q"); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, f := range tc.want {
				if _, err := os.Stat(filepath.Join(dir, "figures", f)); err != nil {
					t.Errorf("missing figure %s", f)
				}
			}
			if !bytes.Contains(read(t, filepath.Join(dir, "report.md")), []byte("product teams")) {
				t.Error("the report does not name the swept parameter")
			}
		})
	}
}

// The bundled growth scenario, shortened: its sweep draws the scaling
// curves of both designs.
func TestGrowthScenarioDrawsScalingCurves(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "growth")
	code, _, errs := opsim(t, "sweep", filepath.Join("..", "..", "scenarios", "growth.toml"), "-o", dir, "-q", "--reps", "2", "--set", "horizon=4w", "--set", "warmup=1w")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	svg := read(t, filepath.Join(dir, "figures", "scaling.svg"))
	for _, want := range []string{"centralized", "collective", "Product teams"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("scaling figure lacks %q", want)
		}
	}
}

// Results of one experiment are never silently replaced by another's.
func TestOutputFoldersAreNotClobbered(t *testing.T) {
	s := writeScenario(t, tiny)
	t.Chdir(t.TempDir())
	run := func(args ...string) (int, string) {
		code, out, errs := opsim(t, append([]string{"run", s, "-q"}, args...)...)
		return code, out + errs
	}
	// The default folder is out/<name>; a different experiment moves on to
	// out/<name>-2, and the first experiment, rerun, goes back to its own.
	if code, out := run(); code != 0 || !strings.Contains(out, filepath.Join("out", "tiny")+"\n") {
		t.Fatalf("first run: %d %s", code, out)
	}
	first := read(t, filepath.Join("out", "tiny", "runs.csv"))
	if code, out := run("--set", "services.coupling=0.3"); code != 0 || !strings.Contains(out, filepath.Join("out", "tiny-2")) {
		t.Fatalf("second experiment: %d %s", code, out)
	}
	if !bytes.Equal(first, read(t, filepath.Join("out", "tiny", "runs.csv"))) {
		t.Fatal("the second experiment overwrote the first one's results")
	}
	// Replications are part of an experiment: fewer would replace results
	// with less, so they go elsewhere; more extend the first experiment,
	// reusing its runs.
	if code, out := run("--reps", "2"); code != 0 || !strings.Contains(out, filepath.Join("out", "tiny-3")+"\n") {
		t.Fatalf("rerun of the first experiment with fewer replications: %d %s", code, out)
	}
	if !bytes.Equal(first, read(t, filepath.Join("out", "tiny", "runs.csv"))) {
		t.Fatal("fewer replications replaced the first experiment's results")
	}
	if code, out := run("--reps", "6"); code != 0 || !strings.Contains(out, filepath.Join("out", "tiny")+"\n") ||
		!strings.Contains(out, "reusing 8 runs") || !strings.Contains(out, "runs: 4 done, 0 failed, 8 skipped") {
		t.Fatalf("rerun of the first experiment with more replications: %d %s", code, out)
	}

	// An explicit folder holding another experiment is refused, untouched,
	// unless --force; so is a folder with other files in it.
	other := filepath.Join("out", "tiny-2")
	before := read(t, filepath.Join(other, "runs.csv"))
	if code, out := run("-o", other); code != 2 || !strings.Contains(out, "another experiment") || !strings.Contains(out, "--force") {
		t.Fatalf("explicit folder of another experiment: %d %s", code, out)
	}
	if !bytes.Equal(before, read(t, filepath.Join(other, "runs.csv"))) {
		t.Fatal("a refused folder was changed")
	}
	if code, out := run("-o", other, "--force"); code != 0 {
		t.Fatalf("--force: %d %s", code, out)
	}
	if bytes.Equal(before, read(t, filepath.Join(other, "runs.csv"))) {
		t.Fatal("--force did not replace the results")
	}
	// A folder with somebody else's runs.csv is refused; other files and
	// sub-folders are no obstacle, since a write never touches them.
	if err := os.MkdirAll("notes", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("notes", "runs.csv"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := run("-o", "notes"); code != 2 || !strings.Contains(out, "runs.csv that opsim did not write") {
		t.Fatalf("folder with a foreign runs.csv: %d %s", code, out)
	}
	if string(read(t, filepath.Join("notes", "runs.csv"))) != "mine" {
		t.Fatal("a foreign runs.csv was overwritten")
	}
	if err := os.WriteFile(filepath.Join("notes", "plan.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join("notes", "runs.csv")); err != nil {
		t.Fatal(err)
	}
	if code, out := run("-o", "notes"); code != 0 || string(read(t, filepath.Join("notes", "plan.txt"))) != "mine" {
		t.Fatalf("folder with unrelated files: %d %s", code, out)
	}
}

// The README's cluster recipe: shard folders inside the folder the merge
// writes to.
func TestShardsInsideTheMergeFolder(t *testing.T) {
	s := writeScenario(t, tiny)
	t.Chdir(t.TempDir())
	var shards []string
	for i := 0; i < 2; i++ {
		d := filepath.Join("out", "exp", fmt.Sprintf("shard-%d", i))
		if code, _, errs := opsim(t, "run", s, "--shard", fmt.Sprintf("%d/2", i), "-o", d, "-q"); code != 0 {
			t.Fatal(errs)
		}
		shards = append(shards, d)
	}
	if code, _, errs := opsim(t, append([]string{"merge", "-o", filepath.Join("out", "exp")}, shards...)...); code != 0 {
		t.Fatalf("merge into the shards' parent: %s", errs)
	}
	if _, err := os.Stat(filepath.Join("out", "exp", "report.html")); err != nil {
		t.Fatal("no report after the merge")
	}
}

// TestUnstableDesignIsNotAveraged: an ops team offered more tickets than
// it can work has no steady state; the table says so instead of printing
// a mean and interval, names the team, and the stable design keeps its
// numbers, with no change against a baseline that has none.
func TestUnstableDesignIsNotAveraged(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := opsim(t, "run", writeScenario(t, tiny), "--set", "org.toil_rate=40/week", "--set", "horizon=16w", "-o", dir, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "warning:") || !strings.Contains(errs, "team ops is offered") {
		t.Errorf("no offered-load warning before the run:\n%s", errs)
	}
	var row string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "mean time to restore") {
			row = line
		}
	}
	f := strings.Fields(row)
	if len(f) < 7 || f[5] != "unstable" || f[6] == "unstable" || !strings.Contains(row, "±") || strings.Contains(row, "%") {
		t.Errorf("restore row %q: want centralized unstable and collective with a mean", row)
	}
	if !strings.Contains(out, "centralized: unstable in 4 of 4 replications: ops's queue grows") {
		t.Errorf("no verdict naming the team:\n%s", out)
	}
	// The report says the same, and compares nothing with the unstable design.
	rep := t.TempDir()
	if code, _, errs := opsim(t, "compare", writeScenario(t, tiny), "--set", "org.toil_rate=40/week", "--set", "horizon=16w", "-o", rep, "-q"); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	md := string(read(t, filepath.Join(rep, "report.md")))
	if !strings.Contains(md, "Centralized: unstable in 4 of 4 replications") || !strings.Contains(md, "Collective is not compared with centralized") ||
		!strings.Contains(md, "| unstable |") {
		t.Errorf("report.md does not say the design is unstable:\n%s", md[:min(len(md), 3000)])
	}
}

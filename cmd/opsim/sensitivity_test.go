package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
)

// tinySensitivity is tiny with three values to vary, over their ranges.
var tinySensitivity = tiny + `
[sensitivity]
replications = 3
only = true
[sensitivity.params]
"design.centralized.ops_runbooks" = [0.25, 1.0]
"services.coupling" = [0.05, 0.3]
"response.handoff" = ["5m", "30m"]
`

// TestSensitivityCommand: opsim sensitivity writes its folder where a
// later compare of the same scenario finds it, prints what decides the
// verdict, and --json prints the analysis; a compare of the scenario with
// another value does not use it.
func TestSensitivityCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("s.toml", []byte(tinySensitivity), 0o644)
	code, out, errs := opsim(t, "sensitivity", "s.toml", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir := filepath.Join("out", "tiny", "sensitivity")
	for _, want := range []string{"Mean time to restore, collective − centralized:", "3 values varied", "sensitivity: " + filepath.Join(dir, "sensitivity.html")} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"sensitivity.json", "sensitivity.csv", "sensitivity.md", "sensitivity.html", "figures/tornado-ttr_mean_h.png", "figures/tornado-features_per_week.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := opsim(t, "compare", "s.toml", "-q", "--reps", "2"); code != 0 || !strings.Contains(errs, "note: the report says which assumptions decide the result") {
		t.Fatalf("compare: exit %d, %s", code, errs)
	}
	if !strings.Contains(string(read(t, filepath.Join("out", "tiny", "report.md"))), "## Assumptions that decide this result") {
		t.Error("compare's report does not use the sensitivity analysis of its scenario")
	}
	if code, _, errs := opsim(t, "compare", "s.toml", "-q", "--reps", "2", "--set", "services.coupling=0.2", "-o", "other"); code != 0 {
		t.Fatalf("compare --set: %s", errs)
	}
	if strings.Contains(string(read(t, filepath.Join("other", "report.md"))), "## Assumptions that decide this result") {
		t.Error("a compare of another scenario text uses the analysis")
	}
	code, out, errs = opsim(t, "sensitivity", "s.toml", "-q", "--json", "-o", "j", "--designs", "collective,centralized", "--metric", "ttr_p90_h")
	if code != 0 {
		t.Fatalf("--json: exit %d, %s", code, errs)
	}
	var s analysis.Sensitivity
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stdout is not the analysis as JSON (%v):\n%s", err, out)
	}
	if s.Baseline != "collective" || s.Design != "centralized" || len(s.Metrics) != 1 || s.Metrics[0] != "ttr_p90_h" || len(s.Params) != 3 || s.Replications != 3 {
		t.Errorf("--designs and --metric: %+v", s)
	}
	for _, bad := range [][]string{
		{"--designs", "collective"}, {"--method", "sobol"}, {"--metric", "ttr_mean"}, {"--reps", "1"}, {"--designs", "collective,sre"},
	} {
		if code, _, errs := opsim(t, append([]string{"sensitivity", "s.toml", "-q", "-o", "bad"}, bad...)...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}
	sweep := writeScenario(t, tiny+"\n[sweep]\n\"services.coupling\" = [0.1, 0.3]\n")
	if code, _, errs := opsim(t, "sensitivity", sweep, "-q"); code != 2 || !strings.Contains(errs, "[sweep]") {
		t.Errorf("a sweep: exit %d, %q", code, errs)
	}
	// A results folder is not a place for it.
	if code, _, errs := opsim(t, "sensitivity", "s.toml", "-q", "-o", filepath.Join("out", "tiny")); code != 2 || !strings.Contains(errs, "folder of its own") {
		t.Errorf("into a results folder: exit %d, %q", code, errs)
	}
}

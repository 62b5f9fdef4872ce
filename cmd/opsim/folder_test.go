package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A report never disagrees with the data beside it: a run of the same
// experiment without a report removes the old report; a campaign of other
// replications goes elsewhere; plot refuses a folder edited since.
func TestReportNeverDisagrees(t *testing.T) {
	s := writeScenario(t, tiny)
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := opsim(t, "compare", s, "-o", dir, "-q"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := opsim(t, "run", s, "-o", dir, "-q"); code != 0 {
		t.Fatal(errs)
	}
	for _, f := range []string{"report.html", "report.md", "figures"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s of the earlier compare left beside results written without a report", f)
		}
	}
	// --reps 2 is not the experiment in dir (4 replications): refused,
	// naming what differs, and dir is left as it was.
	before := read(t, filepath.Join(dir, "runs.csv"))
	code, _, errs := opsim(t, "run", s, "-o", dir, "-q", "--reps", "2")
	if code != 2 || !strings.Contains(errs, "replications 4 there, 2 here") {
		t.Fatalf("fewer replications into the same folder: exit %d: %s", code, errs)
	}
	if string(read(t, filepath.Join(dir, "runs.csv"))) != string(before) {
		t.Fatal("a refused run changed the folder")
	}
	// An edit after the fact: plot names the file and draws nothing.
	path := filepath.Join(dir, "summary.csv")
	if err := os.WriteFile(path, append(read(t, path), "x\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = opsim(t, "plot", dir)
	if code == 0 || !strings.Contains(errs, path) {
		t.Fatalf("plot of an edited folder: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); !os.IsNotExist(err) {
		t.Error("plot drew a report from an edited folder")
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsim/opsim/results"
)

// --events writes one event log per run, byte-identical whatever the
// number of workers, and changes none of the other results.
func TestRunWritesEventLogs(t *testing.T) {
	s := writeScenario(t, tiny)
	base := t.TempDir()
	one, two, none := filepath.Join(base, "w1"), filepath.Join(base, "w2"), filepath.Join(base, "none")
	for _, tc := range []struct {
		dir  string
		args []string
	}{{one, []string{"--events", "--workers", "1"}}, {two, []string{"--events", "--workers", "2"}}, {none, nil}} {
		if code, _, errs := opsim(t, append([]string{"run", s, "-o", tc.dir, "-q", "--reps", "2"}, tc.args...)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(none, results.EventsDir)); !os.IsNotExist(err) {
		t.Error("event logs written without --events")
	}
	for _, f := range []string{"runs.csv", "summary.csv", "samples.csv.gz"} {
		if !bytes.Equal(read(t, filepath.Join(one, f)), read(t, filepath.Join(none, f))) {
			t.Errorf("%s differs with --events", f)
		}
	}
	header := strings.Join(results.EventColumns, ",") + "\n"
	for _, id := range []string{"p000-centralized-r0000", "p000-centralized-r0001", "p000-collective-r0000", "p000-collective-r0001"} {
		a := read(t, filepath.Join(one, results.EventsDir, id+".csv"))
		if !bytes.Equal(a, read(t, filepath.Join(two, results.EventsDir, id+".csv"))) {
			t.Errorf("%s: the event log differs between 1 and 2 workers", id)
		}
		if !bytes.HasPrefix(a, []byte(header)) || bytes.Count(a, []byte("\n")) < 10 {
			t.Errorf("%s: not an event log with rows:\n%.300s", id, a)
		}
	}
}

package models

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/measures.md from the registry")

// TestMeasuresDoc: docs/measures.md is the registry rendered; it fails when
// the page is stale (go test ./models -run TestMeasuresDoc -update).
func TestMeasuresDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "measures.md")
	want := MeasuresMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("docs/measures.md is stale (err %v): run go test ./models -run TestMeasuresDoc -update", err)
	}
}

// TestEveryMeasureIsDocumented: every metric a replication reports has a
// registry entry with a label, a unit or a plain count, and a definition,
// and every entry is a metric some replication reports.
func TestEveryMeasureIsDocumented(t *testing.T) {
	cfg, err := Expand(smallOrg(), collective)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, name := range MetricNames(&cfg) {
		ms, ok := LookupMeasure(name)
		if !ok || ms.Label == "" || ms.Definition == "" || ms.Scale == 0 {
			t.Errorf("metric %q: registry entry %+v, found %v", name, ms, ok)
			continue
		}
		for i, re := range patterns {
			if re.MatchString(name) {
				used[measures[i].Name] = true
				break
			}
		}
	}
	for _, ms := range Measures() {
		if !used[ms.Name] {
			t.Errorf("registry entry %q names no metric", ms.Name)
		}
	}
	if ms, _ := LookupMeasure("ttr_sev1_p90_h"); ms.Label != "p90 sev1 time to restore" {
		t.Errorf("severity not filled in: %q", ms.Label)
	}
	if ms, _ := LookupMeasure("ops_escalated_wait_h"); ms.Label != "ops teams' wait as escalation target" {
		t.Errorf("kind not filled in: %q", ms.Label)
	}
}

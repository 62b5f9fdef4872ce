package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// A distinguishable change too small for whole percent is printed with
// its digits, never as "(-0%)".
func TestSummaryTableSmallChanges(t *testing.T) {
	set := &results.Set{Metrics: []string{"features_per_week"}}
	set.Manifest.Designs = []string{"a", "b"}
	set.Records = []results.Record{{Run: results.Run{Design: "a"}}}
	rows := []results.SummaryRow{
		{Design: "a", Metric: "features_per_week", Mean: 40, Lo: 39.7, Hi: 40.3},
		{Design: "b", Metric: "features_per_week", Mean: 39.95, Lo: 39.6, Hi: 40.2, Baseline: "a",
			Rel: -0.0013, RelLo: -0.0018, RelHi: -0.0007, Distinguishable: true},
	}
	var b bytes.Buffer
	printSummary(&b, set, rows, analysis.Regimes(set))
	if out := b.String(); !strings.Contains(out, "(-0.13%)") || strings.Contains(out, "-0%") {
		t.Errorf("summary table:\n%s", out)
	}
}

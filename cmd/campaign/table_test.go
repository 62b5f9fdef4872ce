package campaign

import (
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

func TestChangeText(t *testing.T) {
	for _, tc := range []struct {
		rel  float64
		want string
	}{
		{-0.345, "-34%"},
		{0.74, "+74%"},
		{-1, "-100%"},
		{-0.0013, "-0.13%"},
		{0.00126, "+0.13%"},
		{0.0000123, "+0.0012%"},
		{0.00996, "+1%"},
		{0, "+0%"},
	} {
		if got := ChangeText(tc.rel); got != tc.want {
			t.Errorf("ChangeText(%v) = %q, want %q", tc.rel, got, tc.want)
		}
	}
}

// The key table's cells: mean ± half-width with the paired change, "-"
// for a design without the metric, the row each was made from.
func TestKeyTables(t *testing.T) {
	set := &results.Set{Metrics: []string{"features_per_week", "ttr_mean_h"}}
	set.Manifest.Designs = []string{"a", "b"}
	set.Records = []results.Record{{Run: results.Run{Design: "a"}, Values: []float64{40, 2}}}
	rows := []results.SummaryRow{
		{Design: "a", Metric: "features_per_week", Mean: 40, Lo: 39, Hi: 41},
		{Design: "b", Metric: "features_per_week", Mean: 30, Lo: 29, Hi: 31, Baseline: "a", Rel: -0.25, Distinguishable: true},
		{Design: "a", Metric: "ttr_mean_h", Mean: 2, Lo: 1.5, Hi: 2.5},
	}
	kts := KeyTables(set, rows, analysis.Regimes(set))
	if len(kts) != 1 || kts[0].Title != "" || len(kts[0].Rows) != 2 {
		t.Fatalf("tables %+v", kts)
	}
	var ttr, feat KeyRow
	for _, r := range kts[0].Rows {
		switch r.Metric {
		case "ttr_mean_h":
			ttr = r
		case "features_per_week":
			feat = r
		}
	}
	if c := feat.Cells[1]; c.Text != "30.0 ± 1.00 (-25%)" || c.Row == nil || c.Row.Mean != 30 {
		t.Errorf("cell %+v", c)
	}
	if c := ttr.Cells[1]; c.Text != "-" || c.Row != nil {
		t.Errorf("missing cell %+v", c)
	}
	if !strings.HasSuffix(ttr.Label, "(h)") {
		t.Errorf("label %q without its unit", ttr.Label)
	}
}

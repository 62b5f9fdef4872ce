package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/results"
)

// TestDORABand: each key's edges as DORA 2024 gives them, the shared
// "less than a day" of high and medium recovery, and the change failure
// rate's nearest cluster on a log scale (medium's 10% sits below high's
// 20% in 2024).
func TestDORABand(t *testing.T) {
	for _, tc := range []struct {
		metric string
		x      float64
		want   string
	}{
		{"deploys_per_team_week", 14, BandElite}, {"deploys_per_team_week", 7, BandElite}, {"deploys_per_team_week", 6.9, BandHigh},
		{"deploys_per_team_week", 1, BandHigh}, {"deploys_per_team_week", 0.5, BandMedium}, {"deploys_per_team_week", 0.2, BandLow},
		{"change_lead_time_p50_h", 2, BandElite}, {"change_lead_time_p50_h", 30, BandHigh}, {"change_lead_time_p50_h", 200, BandMedium},
		{"change_lead_time_p50_h", 1000, BandLow},
		{"change_failure_frac", 0.04, BandElite}, {"change_failure_frac", 0.09, BandMedium}, {"change_failure_frac", 0.2, BandHigh},
		{"change_failure_frac", 0.3, BandLow},
		{"change_recovery_p50_h", 0.5, BandElite}, {"change_recovery_p50_h", 3, BandHighMedium}, {"change_recovery_p50_h", 48, BandLow},
		{"change_recovery_p50_h", math.NaN(), ""}, {"ttr_mean_h", 1, ""},
	} {
		if got := DORABand(tc.metric, tc.x); got != tc.want {
			t.Errorf("%s = %v: band %q, want %q", tc.metric, tc.x, got, tc.want)
		}
	}
}

// deliverySet is two designs with prices and a pipeline-less delivery:
// lead time for changes is NaN, the other keys and the cost are numbers.
func deliverySet() *results.Set {
	metrics := []string{"ttr_mean_h", "features_per_week", "cost_per_year", "deploys_per_team_week", "change_lead_time_p50_h", "change_failure_frac", "change_recovery_p50_h"}
	s := &results.Set{Metrics: metrics}
	s.Manifest.Designs, s.Manifest.Baseline = []string{"central", "collective"}, "central"
	s.Manifest.Scenario, s.Manifest.ScenarioFile = "name = \"delivery\"\n", "delivery.toml"
	for _, d := range s.Manifest.Designs {
		for r := range 5 {
			noise := 0.01 * float64(r-2)
			v := []float64{3 + noise, 40 + noise, 5e6 + 1e4*noise, 2 + noise, math.NaN(), 0.12 + noise/10, 2 + noise}
			if d == "collective" {
				v = []float64{2 + noise, 38 + noise, 4.4e6 + 1e4*noise, 2 + noise, math.NaN(), 0.04 + noise/10, 0.5 + noise/10}
			}
			id := fmt.Sprintf("%s-r%d", d, r)
			s.Manifest.Runs = append(s.Manifest.Runs, id)
			s.Records = append(s.Records, results.Record{Run: results.Run{ID: id, Design: d, Rep: r}, Values: v})
		}
	}
	return s
}

// TestDecisionTableShowsCostAndDORA: the cost row follows the decision
// measures, then one row places each design in DORA's bands, a dash for a
// key no design measured (lead time without a pipeline).
func TestDecisionTableShowsCostAndDORA(t *testing.T) {
	s := deliverySet()
	dt := newView(s, summarize(t, s), ReportOptions{}).decision()
	var labels []string
	for _, r := range dt.Rows {
		labels = append(labels, r.Label)
	}
	want := []string{"Mean time to restore", "Feature throughput", "Cost", "DORA 2024 bands"}
	if !slices.Equal(labels, want) {
		t.Fatalf("rows %q, want %q", labels, want)
	}
	cell := func(label string, d int) decisionCell { return dt.Rows[slices.Index(labels, label)].Cells[d] }
	if c := cell("Cost", 1); c.Verdict != "better" {
		t.Errorf("collective's cost %+v, want cheaper, better", c)
	}
	for d, want := range []string{"high · – · medium · high/medium", "high · – · elite · elite"} {
		if c := cell("DORA 2024 bands", d); c.Value != want || c.Change != "" {
			t.Errorf("design %d's DORA bands %+v, want %q", d, c, want)
		}
	}
	if !strings.Contains(dt.Note, "DORA's 2024 performance clusters") {
		t.Errorf("note %q does not say what the bands are", dt.Note)
	}
	_, h, md := writeReport(t, s, false)
	for what, text := range map[string]string{"html": h, "markdown": md} {
		if !strings.Contains(text, "high · – · elite · elite") || !strings.Contains(text, "Cost") {
			t.Errorf("%s report lacks the cost row or DORA bands", what)
		}
	}
}

// TestTradeoffOfCost: a scenario can put cost against restore time on the
// trade-off figure, and its caption reads the directions of both.
func TestTradeoffOfCost(t *testing.T) {
	s := deliverySet()
	v := newView(s, summarize(t, s), ReportOptions{Tradeoff: []string{"cost_per_year", "ttr_mean_h"}})
	f, ok := v.tradeoff()
	if !ok || !strings.Contains(f.Title, "cost against mean time to restore") {
		t.Fatalf("trade-off %v %q", ok, f.Title)
	}
	if !strings.Contains(f.Caption, "down (shorter mean time to restore) and to the left (less cost)") {
		t.Errorf("caption %q", f.Caption)
	}
	// Without prices there is nothing to draw against.
	s.Metrics = s.Metrics[:2]
	for i := range s.Records {
		s.Records[i].Values = s.Records[i].Values[:2]
	}
	if _, ok := newView(s, summarize(t, s), ReportOptions{Tradeoff: []string{"cost_per_year", "ttr_mean_h"}}).tradeoff(); ok {
		t.Errorf("a trade-off figure of a cost the results lack")
	}
}

// TestTimeSplitShowsDeliveryAndCoordination: deploy work, rework and
// coordination get their own segments when some design spent time on
// them, so they are not counted as postmortems; otherwise the bars keep
// their old parts.
func TestTimeSplitShowsDeliveryAndCoordination(t *testing.T) {
	s := synthSet(nil, nil, 3)
	s.Metrics = append(s.Metrics, "product_coord_frac", "product_rework_frac")
	for i := range s.Records {
		s.Records[i].Values = append(s.Records[i].Values, 0, 0)
	}
	setMetric(s, "collective", "product_coord_frac", 0.004)
	v := newView(s, summarize(t, s), ReportOptions{})
	parts, stacks, ok := v.timeSplitStacks(v.comparedPoints())
	want := []string{"planned work", "interrupts (incident work)", "tickets (toil)", "coordination", "context switching", "postmortems", "idle"}
	if !ok || !slices.Equal(parts, want) {
		t.Fatalf("parts %q, want %q", parts, want)
	}
	if c := stacks[1].Parts[3]; math.Abs(c-0.4) > 1e-9 {
		t.Errorf("collective's coordination %v%%, want 0.4", c)
	}
}

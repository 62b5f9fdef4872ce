package analysis_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// A Summarizer fed a point at a time, in any order, gives Summarize's rows
// to the bit, including intervals clipped by values at other points: a
// negative value at the last point unclips every point's interval of that
// metric, and a share above 1 lifts every point's cap of 1.
func TestSummarizerPointAtATime(t *testing.T) {
	pts := []results.Point{{Index: 0}, {Index: 1}, {Index: 2}}
	rng := rand.New(rand.NewPCG(3, 4))
	set := build([]string{"central", "collective"}, pts, 5,
		[]string{"ttr_mean_h", "ttr_p90_h", "availability", "net_change"},
		func(p int, d string, r int) []float64 {
			share, change := 1.0, 0.0
			if r == 4 {
				share, change = 0.9, 0.4
			}
			if p == 2 && r == 0 {
				share, change = 1.2, -0.01
			}
			return []float64{5 + rng.ExpFloat64(), 9 + rng.ExpFloat64(), share, change}
		})
	want, err := analysis.Summarize(set, analysis.SummaryOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	s, err := analysis.NewSummarizer(&set.Manifest, set.Metrics, analysis.SummaryOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{1, 0, 2} {
		var recs []results.Record
		for _, r := range set.Records {
			if r.Point == p {
				recs = append(recs, r)
			}
		}
		if err := s.Add(recs); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Rows()
	if !sameRows(got, want) {
		t.Fatalf("a point at a time:\n%v\nall at once:\n%v", got, want)
	}
	if r := find(t, got, 0, "central", "net_change"); !(r.Lo < 0) {
		t.Errorf("point 0's net_change was clipped by its own values alone: lower bound %v", r.Lo)
	}
	if r := find(t, got, 0, "central", "availability"); !(r.Hi > 1) {
		t.Errorf("point 0's availability was capped at 1 by its own values alone: upper bound %v", r.Hi)
	}
	if err := s.Add(slices.Clone(set.Records[:1])); err == nil || !strings.Contains(err.Error(), "point 0 added twice") {
		t.Errorf("a point added again: %v, want an error", err)
	}
}

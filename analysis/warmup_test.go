package analysis_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// TestMSER5: a stationary series is kept whole, a transient is cut where
// it fades, and a trend never settles.
func TestMSER5(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	series := func(f func(i int) float64) []float64 {
		xs := make([]float64, 300)
		for i := range xs {
			xs[i] = f(i) + rng.NormFloat64()
		}
		return xs
	}
	for _, tc := range []struct {
		name     string
		xs       []float64
		lo, hi   int
		settled  bool
		rejected bool
	}{
		{"stationary", series(func(int) float64 { return 10 }), 0, 20, true, false},
		{"transient", series(func(i int) float64 { return 10 + 30*math.Exp(-float64(i)/20) }), 60, 130, true, true},
		{"trend", series(func(i int) float64 { return float64(i) / 3 }), 0, 300, false, true},
	} {
		d, settled := analysis.MSER5(tc.xs)
		if d < tc.lo || d > tc.hi || settled != tc.settled {
			t.Errorf("%s: truncate %d, settled %v; want %d..%d, %v", tc.name, d, settled, tc.lo, tc.hi, tc.settled)
		}
		s := &results.Set{Metrics: []string{"x"}}
		s.Manifest.Designs = []string{"a"}
		for rep := range 3 {
			id := "p000-a-r000" + string(rune('0'+rep))
			s.Records = append(s.Records, results.Record{Run: results.Run{ID: id, Design: "a", Rep: rep}, Values: []float64{1}})
			s.Series = append(s.Series, results.Series{RunID: id, Name: "backlog", Step: 1, Values: tc.xs})
		}
		issues := analysis.WarmupIssues(s)
		if (len(issues) > 0) != tc.rejected {
			t.Errorf("%s: issues %v", tc.name, issues)
		}
		for _, is := range issues {
			if !strings.Contains(is.String(), "feature backlog") || !strings.Contains(is.String(), "MSER-5") {
				t.Errorf("%s: %q", tc.name, is)
			}
		}
	}
}

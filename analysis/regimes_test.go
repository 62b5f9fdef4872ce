package analysis_test

import (
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// regimeSet is a two-design experiment of ten replications: design "b"
// has the given mean times to restore and teams-table flags.
func regimeSet(ttr func(rep int) float64, flagged func(rep int) bool) *results.Set {
	s := build([]string{"a", "b"}, nil, 10, []string{"ttr_mean_h"}, func(_ int, d string, rep int) []float64 {
		if d == "b" {
			return []float64{ttr(rep)}
		}
		return []float64{2}
	})
	tb := results.Table{Name: "teams", Key: "team", Labels: []string{"kind"}, Columns: []string{"pending_growth_per_week", "unstable", "load"}}
	for _, rec := range s.Records {
		for i, team := range []string{"ops", "team-01"} {
			row := results.TableRow{RunID: rec.ID, Key: team, Labels: []string{"x"}, Values: []float64{0.1, 0, 0.5}}
			if rec.Design == "b" && i == 0 && flagged(rec.Rep) {
				row.Values = []float64{30 + float64(rec.Rep), 1, 1.2}
			}
			tb.Rows = append(tb.Rows, row)
		}
	}
	s.Tables = []results.Table{tb}
	return s
}

func TestRegimes(t *testing.T) {
	steady := func(int) float64 { return 3 }
	for _, tc := range []struct {
		name            string
		ttr             func(int) float64
		flagged         func(int) bool
		hides           bool
		cell, verdict   string
		growing, collap int
	}{
		{"steady", steady, func(int) bool { return false }, false, "", "", 0, 0},
		{"unstable", steady, func(r int) bool { return r != 3 }, true, "unstable",
			"unstable in 9 of 10 replications: ops's queue grows 35 tasks a week at a load of 1.20", 9, 0},
		{"collapse", func(r int) float64 {
			if r < 3 {
				return 99
			}
			return 3
		}, func(int) bool { return false }, true, "3 of 10 collapse", "3 of 10 replications collapse (mean time to restore above 5× the median of 3.0 h)", 0, 3},
		{"a minority grows", steady, func(r int) bool { return r == 0 }, false, "",
			"in 1 of 10 replications ops's queue grows 30 tasks a week through the horizon", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := analysis.Regimes(regimeSet(tc.ttr, tc.flagged))
			if len(rs) != 2 || analysis.RegimeOf(rs, 0, "a").Hides() || analysis.RegimeOf(rs, 0, "a").Verdict() != "" {
				t.Fatalf("regimes %+v", rs)
			}
			b := analysis.RegimeOf(rs, 0, "b")
			if b.Hides() != tc.hides || b.Cell() != tc.cell || b.Growing != tc.growing || b.Collapsed != tc.collap {
				t.Errorf("b: %+v hides %v cell %q", b, b.Hides(), b.Cell())
			}
			if !strings.Contains(b.Verdict(), tc.verdict) || (tc.verdict == "") != (b.Verdict() == "") {
				t.Errorf("verdict %q, want it to contain %q", b.Verdict(), tc.verdict)
			}
		})
	}
}

// TestRegimesTip: replications that tip into firefighting (the model's
// "tipped" measure) while others do not split the design into regimes,
// said as "k of n tip" instead of a mean; when every replication tips the
// means describe that regime and stand, with the verdict saying so.
func TestRegimesTip(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tips    int
		hides   bool
		cell    string
		verdict string
	}{
		{"none", 0, false, "", ""},
		{"some", 4, true, "4 of 10 tip", "4 of 10 replications tip into firefighting"},
		{"all", 10, false, "", "all 10 replications tip into firefighting"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := build([]string{"a", "b"}, nil, 10, []string{"ttr_mean_h", "tipped"}, func(_ int, d string, rep int) []float64 {
				tipped := 0.0
				if d == "b" && rep < tc.tips {
					tipped = 1
				}
				return []float64{3, tipped}
			})
			b := analysis.RegimeOf(analysis.Regimes(s), 0, "b")
			if b.Tipped != tc.tips || b.Hides() != tc.hides || b.Cell() != tc.cell {
				t.Errorf("%+v: hides %v cell %q", b, b.Hides(), b.Cell())
			}
			if !strings.Contains(b.Verdict(), tc.verdict) || (tc.verdict == "") != (b.Verdict() == "") {
				t.Errorf("verdict %q, want it to contain %q", b.Verdict(), tc.verdict)
			}
		})
	}
}

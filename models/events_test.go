package models

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/opsim/opsim/sim"
)

func runLogged(t *testing.T, org Org, d Design, on bool) *Result {
	t.Helper()
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	cfg.EventLog = on
	r, err := Run(context.Background(), cfg, sim.NewStreams(5, "rep=0"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEventLogMatchesMetrics: the log has a record per incident the
// metrics count, its restore times are exactly the restore samples, its
// times come in order, and keeping it changes nothing else.
func TestEventLogMatchesMetrics(t *testing.T) {
	org := smallOrg()
	for _, d := range []Design{{Name: "centralized", Preset: PresetCentralized}, collective} {
		t.Run(d.Name, func(t *testing.T) {
			on, off := runLogged(t, org, d, true), runLogged(t, org, d, false)
			if off.EventLog != nil {
				t.Fatalf("log kept although not asked for: %d records", len(off.EventLog))
			}
			if !slices.EqualFunc(on.Metrics, off.Metrics, func(a, b Metric) bool {
				return a.Name == b.Name && (a.Value == b.Value || math.IsNaN(a.Value) && math.IsNaN(b.Value))
			}) {
				t.Fatal("keeping the event log changed the metrics")
			}
			var incidents, tickets, handoffs int
			var ttr []float64
			ids := map[[2]any]bool{}
			for _, r := range on.EventLog {
				key := [2]any{r.Kind, r.ID}
				if ids[key] {
					t.Fatalf("duplicate record %v", key)
				}
				ids[key] = true
				if r.Created < org.Warmup || r.Created > org.Warmup+org.Horizon {
					t.Errorf("%s %d created at %v, outside the observed window", r.Kind, r.ID, r.Created)
				}
				checkOrder(t, r)
				switch r.Kind {
				case RecordIncident:
					incidents++
					handoffs += r.Handoffs
					if !math.IsNaN(r.Resolved) {
						ttr = append(ttr, r.Resolved-r.Created)
					}
					if r.Service == "" || r.Team == "" || r.Severity == "" || r.Cause == "" {
						t.Errorf("incident %d lacks a service, team, severity or cause: %+v", r.ID, r)
					}
					if !math.IsNaN(r.Detected) && r.Detection != DetectedByMonitoring && r.Detection != DetectedByCustomer {
						t.Errorf("incident %d detected by %q", r.ID, r.Detection)
					}
					if d.Preset == PresetCollective && !math.IsNaN(r.Resolved) && r.Responder != "" && r.Responder != r.Team {
						t.Errorf("collective: incident %d on %s's service restored by %s", r.ID, r.Team, r.Responder)
					}
				case RecordTicket:
					tickets++
					// Centralized: ops works a ticket, or triages it and hands it to the owners.
					if d.Preset == PresetCentralized && !(r.Responder == "ops" && r.Handoffs == 0 || r.Responder == r.Team && r.Handoffs == 1) {
						t.Errorf("centralized: ticket %d of %s worked by %q after %d handoffs", r.ID, r.Team, r.Responder, r.Handoffs)
					}
				default:
					t.Fatalf("record kind %q", r.Kind)
				}
			}
			weeks := org.Horizon / week
			if got, want := float64(incidents), on.Value("incidents_per_week")*weeks; math.Abs(got-want) > 1e-6 {
				t.Errorf("%d incident records, metrics count %v", incidents, want)
			}
			if tickets == 0 {
				t.Error("no ticket records")
			}
			// The metric's restore samples are exactly the log's restore times.
			want := append([]float64(nil), on.Restore...)
			slices.Sort(want)
			slices.Sort(ttr)
			if !slices.Equal(ttr, want) {
				t.Errorf("restore times differ: %d in the log, %d samples", len(ttr), len(want))
			}
			if got := float64(handoffs) / float64(len(ttr)); d.Preset == PresetCentralized && got == 0 {
				t.Error("centralized design without handoffs in the log")
			}
		})
	}
}

// checkOrder: an incident is created, detected, acknowledged, worked on and
// restored in that order; a ticket created, started and closed.
func checkOrder(t *testing.T, r EventRecord) {
	t.Helper()
	last := r.Created
	for _, x := range []float64{r.Detected, r.Acknowledged, r.First, r.Resolved} {
		if math.IsNaN(x) {
			continue
		}
		if x < last {
			t.Errorf("%s %d: times out of order: %+v", r.Kind, r.ID, r)
			return
		}
		last = x
	}
}

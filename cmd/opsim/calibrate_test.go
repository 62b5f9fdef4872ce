package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/opsim/opsim/analysis/calibrate"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// roundTripScenario is a known organisation with every mechanism off that
// would blur the link between its parameters and its event log.
var roundTripScenario = filepath.Join("..", "..", "analysis", "calibrate", "testdata", "roundtrip.toml")

// calibrateLog simulates the round-trip scenario with --events and fits
// its first run's log at the given level.
func calibrateLog(t *testing.T, seed string, level float64) (*calibrate.Calibration, *scenarios.Scenario, string) {
	t.Helper()
	dir := t.TempDir()
	if code, _, errs := opsim(t, "run", roundTripScenario, "--events", "-o", dir, "-q", "--reps", "2", "--seed", seed); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	log := filepath.Join(dir, results.EventsDir, "p000-collective-r0000.csv")
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := calibrate.Fit(log, f, calibrate.Options{Level: level})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(roundTripScenario)
	if err != nil {
		t.Fatal(err)
	}
	return cal, sc, log
}

// TestCalibrateRoundTrip: simulate a known organisation, calibrate from
// its event log, and find every parameter inside its interval: each
// service's incident rate (those with enough incidents for a rate of their
// own), the severity mix, each severity's effort distribution, the
// acknowledgement times in and after business hours, detection, ticket
// rates and ticket sizes. There are 26 intervals, so each is at
// 1 - 0.05/26 (Bonferroni): a correct calibration fails one with
// probability under 5% on a fresh seed; the seed here is fixed.
func TestCalibrateRoundTrip(t *testing.T) {
	const checks = 26
	cal, sc, _ := calibrateLog(t, "14", 1-0.05/checks)
	org := sc.Org
	n := 0
	in := func(what string, truth float64, iv calibrate.Interval) {
		t.Helper()
		n++
		if !(iv.Lo <= truth && truth <= iv.Hi) {
			t.Errorf("%s: true %.4g outside the fitted %.4g [%.4g, %.4g] (n=%d)", what, truth, iv.Value, iv.Lo, iv.Hi, iv.N)
		}
	}
	rates := map[string]calibrate.ServiceRate{}
	for _, s := range cal.Services {
		rates[s.Name] = s
	}
	for _, s := range org.Services.List {
		r, ok := rates[s.Name]
		if !ok {
			t.Fatalf("service %s not in the calibration", s.Name)
		}
		if r.Team != s.Owner {
			t.Errorf("%s: owner %s, want %s", s.Name, r.Team, s.Owner)
		}
		if r.Shrunk {
			continue // too few incidents for a rate of its own
		}
		in("incident rate of "+s.Name, s.IncidentRate, r.Rate)
	}
	if len(cal.Severities) != len(org.Incident.Severities) {
		t.Fatalf("%d severities, want %d", len(cal.Severities), len(org.Incident.Severities))
	}
	const z90 = 1.2815515655446004
	for i, sv := range org.Incident.Severities {
		got := cal.Severities[i]
		if got.Key != sv.Name {
			t.Fatalf("severity %d is %s, want %s", i, got.Key, sv.Name)
		}
		in(sv.Name+" share", sv.Share, got.Share)
		w := got.Work.Fits[0] // the lognormal
		if w.Kind != calibrate.LogNormal {
			t.Fatalf("first fit is %s", w.Kind)
		}
		mu, sigma := math.Log(sv.Effort.Median), math.Log(sv.Effort.P90/sv.Effort.Median)/z90
		in(sv.Name+" effort mu", mu, calibrate.Interval{Value: w.Params[0].Value, Lo: w.Params[0].Lo, Hi: w.Params[0].Hi, N: got.Work.N})
		in(sv.Name+" effort sigma", sigma, calibrate.Interval{Value: w.Params[1].Value, Lo: w.Params[1].Lo, Hi: w.Params[1].Hi, N: got.Work.N})
	}
	in("ack in business hours", org.Response.AckBusiness, cal.AckBusiness.Mean)
	in("ack after hours", org.Response.AckAfterHours, cal.AckAfterHours.Mean)
	if !cal.AfterHours.Shown {
		t.Errorf("a 6x slower acknowledgement at night not shown: p = %v", cal.AfterHours.P)
	}
	in("monitoring share", org.Incident.Monitoring, cal.Monitoring)
	in("alert delay", org.Incident.AlertDelay, cal.AlertDelay.Mean)
	in("customer delay", org.Incident.CustomerDelay, cal.CustomerDelay.Mean)
	for _, tm := range org.Teams {
		found := false
		for _, ct := range cal.Teams {
			if ct.Name == tm.Name {
				found = true
				in("ticket rate of "+tm.Name, tm.ToilRate, ct.TicketRate)
			}
		}
		if !found {
			t.Errorf("team %s not in the calibration", tm.Name)
		}
	}
	in("ticket size", org.Work.ToilSize.Mean, cal.TicketWork.Mean)
	if n != checks {
		t.Errorf("%d intervals checked, the level assumes %d", n, checks)
	}
}

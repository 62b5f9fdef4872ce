package models

import (
	"context"
	"math"
	"testing"

	"github.com/opsim/opsim/sim"
)

// TestCalendarArithmetic: the week arithmetic of the calendar agrees with
// a walk over the days, hour by hour and at odd times, for two years.
func TestCalendarArithmetic(t *testing.T) {
	walkIn := func(x float64) bool {
		d := int(math.Floor(x/day)) % daysAWeek
		h := math.Mod(x, day)
		return d < workDays && h >= dayStart && h < dayEnd
	}
	walkNext := func(x float64) float64 {
		for y := math.Floor(x) + 1; ; y++ {
			if walkIn(y) != walkIn(y-1e-9) {
				return y
			}
		}
	}
	for x := 0.0; x < 2*52*week; x += 0.37 {
		for _, y := range []float64{x, math.Round(x)} {
			if inBusinessHours(y) != walkIn(y) {
				t.Fatalf("inBusinessHours(%v) = %v", y, inBusinessHours(y))
			}
			if got, want := nextBusinessChange(y), walkNext(y); got != want {
				t.Fatalf("nextBusinessChange(%v) = %v, want %v", y, got, want)
			}
		}
	}
}

// TestOfficeCalendar: under the shared office calendar every business-hours
// team is at work, all of it, exactly in business hours, and otherwise
// leaves only its on-call engineers answering pages, checked every half
// hour (on each change too) for three weeks, while the centralized
// design's 24×7 crews keep their own shifts; and the calendar costs one
// event per change, however many teams follow it.
func TestOfficeCalendar(t *testing.T) {
	org := smallOrg()
	org.Warmup, org.Horizon = 0, 3*week
	cfg, err := Expand(org, Design{Name: "centralized", Preset: PresetCentralized})
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(cfg, sim.NewStreams(5, "office"))
	if err != nil {
		t.Fatal(err)
	}
	var probes, biz, crews int
	for x := 0.0; x < org.Horizon; x += 0.5 {
		m.env.Schedule(x, sim.Normal, sim.Func(func() {
			probes++
			now := m.env.Now()
			for _, tm := range m.teams {
				if tm.cfg.Calendar == AllHours {
					crews++
					if tm.down || tm.res.PriorityLimit() != math.MaxInt {
						t.Errorf("t=%v: 24x7 team %s is off duty", now, tm.cfg.Name)
					}
					continue
				}
				biz++
				at := inBusinessHours(now)
				want, limit := tm.headcount(), math.MaxInt
				if !at {
					want, limit = 0, onCallLimit
					if tm.cfg.OnCall {
						want = min(1, tm.headcount())
						if tm.cfg.Secondary && tm.cfg.Engineers > 1 {
							want = min(2, tm.headcount())
						}
					}
				}
				if tm.down == at || tm.res.Cap() != want || tm.res.PriorityLimit() != limit {
					t.Fatalf("t=%v (business hours %v): team %s down=%v with %d engineers on duty at priority limit %d, want %d at %d",
						now, at, tm.cfg.Name, tm.down, tm.res.Cap(), tm.res.PriorityLimit(), want, limit)
				}
			}
		}))
	}
	if _, err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if probes != int(org.Horizon/0.5) || biz == 0 || crews == 0 {
		t.Fatalf("%d probes saw %d business-hours and %d 24x7 team states: the check did not run", probes, biz, crews)
	}

	// Without arrivals the only events are calendars: more teams add only
	// their own first change.
	fired := func(teams int) uint64 {
		o := smallOrg()
		o.Warmup, o.Horizon = 0, 2*week
		o.ProductTeams = teams
		o.ProductTeam.FeatureRate, o.ProductTeam.ToilRate, o.Incident.Rate = 0, 0, 0
		cfg, err := Expand(o, collective)
		if err != nil {
			t.Fatal(err)
		}
		m, err := newModel(cfg, sim.NewStreams(5, "office"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m.env.Fired()
	}
	if a, b := fired(2), fired(12); b-a != 10 {
		t.Errorf("2 teams fire %d events and 12 fire %d without any arrival: want 10 more (each team's first change), not an event per team per change", a, b)
	}
}

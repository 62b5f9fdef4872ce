package models

import (
	"math"
	"strings"
	"testing"
)

// pricedOrg is smallOrg with a price on everything.
func pricedOrg() Org {
	o := smallOrg()
	o.Costs = CostConfig{
		EngineerYear: map[string]float64{KindProduct: 150_000, KindOps: 100_000, KindSRE: 180_000, KindPlatform: 160_000, KindDesk: 70_000},
		OnCallHour:   5, AfterHoursPage: 50, OutageMinuteCritical: 1000, OutageMinute: 100, SLACredit: 2000, PMHour: 120,
	}
	return o
}

// TestCostsAddUp: every part of a design's cost is its rate times what the
// run measured, scaled to a year, and the total is their sum: headcount
// from the teams, standby from the hours outside the working week, outage
// from the services' availability, escalations from the PM hours.
func TestCostsAddUp(t *testing.T) {
	org := pricedOrg()
	perYear := year / org.Horizon
	for _, d := range []Design{collective, {Name: "centralized", Preset: PresetCentralized}} {
		cfg, err := Expand(org, d)
		if err != nil {
			t.Fatal(err)
		}
		var people, standby float64
		for _, tc := range cfg.Teams {
			people += float64(tc.Engineers) * org.Costs.EngineerYear[tc.Kind]
			if tc.OnCall && tc.Calendar != AllHours {
				standby += (week - 40) * org.Horizon / week // one engineer on call outside 40 working hours a week
			}
		}
		for i, r := range runReps(t, org, d, 3, 121) {
			check := func(name string, want float64) {
				t.Helper()
				if got := r.Value(name); math.Abs(got-want) > 1e-9*math.Max(1, want) {
					t.Errorf("%s rep %d: %s = %.6f, want %.6f", d.Name, i, name, got, want)
				}
			}
			var outage float64
			for _, s := range r.Services {
				rate := org.Costs.OutageMinute
				if s.Critical {
					rate = org.Costs.OutageMinuteCritical
				}
				outage += (1 - s.Availability) * org.Horizon * 60 * rate
			}
			var pages float64
			for _, tr := range r.Teams {
				if tr.Kind != KindOps {
					pages += tr.AfterHoursPagesPerEngWeek * float64(tr.Engineers) * org.Horizon / week
				}
			}
			check("cost_headcount_per_year", people)
			check("cost_on_call_per_year", (standby*org.Costs.OnCallHour+pages*org.Costs.AfterHoursPage)*perYear)
			if got := r.Value("cost_outage_per_year"); math.Abs(got-outage*perYear) > 1e-6*outage*perYear {
				t.Errorf("%s rep %d: outage cost %.2f, want %.2f", d.Name, i, got, outage*perYear)
			}
			check("cost_pm_per_year", r.Value("pm_hours_per_week")*year/week*org.Costs.PMHour)
			var sum float64
			for _, p := range []string{"cost_headcount_per_year", "cost_on_call_per_year", "cost_outage_per_year", "cost_sla_per_year", "cost_pm_per_year"} {
				sum += r.Value(p)
			}
			check("cost_per_year", sum)
		}
	}
}

// TestCostsMoveWithWhatTheyPrice: a stricter SLA pays more credits, better
// monitoring lowers outage cost, and a centralized ops team costs its
// headcount; without rates no cost is reported.
func TestCostsMoveWithWhatTheyPrice(t *testing.T) {
	loose, strict := pricedOrg(), pricedOrg()
	loose.Costs.SLA, strict.Costs.SLA = 0.99, 0.9995
	expect(t, runReps(t, loose, collective, mechReps, 122), runReps(t, strict, collective, mechReps, 122), "cost_sla_per_year", +1)

	blind, seeing := pricedOrg(), pricedOrg()
	blind.Incident.Monitoring, seeing.Incident.Monitoring = 0.2, 1
	expect(t, runReps(t, blind, collective, mechReps, 123), runReps(t, seeing, collective, mechReps, 123), "cost_outage_per_year", -1)

	col := runReps(t, pricedOrg(), collective, 2, 124)
	cen := runReps(t, pricedOrg(), Design{Name: "centralized", Preset: PresetCentralized}, 2, 124)
	for i := range col {
		if d := cen[i].Value("cost_headcount_per_year") - col[i].Value("cost_headcount_per_year"); d != 8*100_000 {
			t.Errorf("rep %d: the ops team of 8 adds %.0f a year, want 800000", i, d)
		}
		if d := cen[i].Value("headcount") - col[i].Value("headcount"); d != 8 {
			t.Errorf("rep %d: headcount differs by %v, want the 8 of ops", i, d)
		}
	}
	for _, r := range runReps(t, smallOrg(), collective, 1, 124) {
		if c := r.Value("cost_per_year"); !math.IsNaN(c) {
			t.Errorf("cost %v reported without a rate", c)
		}
	}
}

// TestCostValidation: a design with a team whose kind has no rate, and a
// rate for a kind that does not exist, are errors naming the key.
func TestCostValidation(t *testing.T) {
	org := pricedOrg()
	delete(org.Costs.EngineerYear, KindOps)
	if _, err := Expand(org, Design{Name: "centralized", Preset: PresetCentralized}); err == nil || !strings.Contains(err.Error(), `costs.engineer_year: has no rate for kind "ops"`) {
		t.Errorf("got %v", err)
	}
	org.Costs.EngineerYear["robots"] = 1
	if err := org.Validate(); err == nil || !strings.Contains(err.Error(), "costs.engineer_year.robots") {
		t.Errorf("got %v", err)
	}
}

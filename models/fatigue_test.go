package models

import (
	"math"
	"testing"
)

// paged is the small organisation paged often at night (product teams own
// their services' incidents, at six times the usual rate), with more to
// build than it can and changes that fail often enough to count.
func paged() Org {
	o := smallOrg()
	o.Incident.Rate *= 6
	o.ProductTeam.Saturated = true // capacity lost is features lost
	o.Work.ChangeFailure = 0.2
	o.Fatigue = FatigueConfig{Window: week, Threshold: 2, HiringDelay: 4 * week, Onboarding: 2 * week}
	return o
}

// TestFatigueSlowsTheTired: people paged at home more than twice a week
// acknowledge and mitigate more slowly and their teams' changes fail more;
// the hours they spend fatigued and the pages they answer fatigued are
// counted. Without a penalty nothing changes.
func TestFatigueSlowsTheTired(t *testing.T) {
	calm := paged()
	tired := paged()
	tired.Fatigue.Penalty = 0.3
	a, b := runReps(t, calm, collective, mechReps, 601), runReps(t, tired, collective, mechReps, 601)
	expect(t, a, b, "tta_mean_h", +1)
	expect(t, a, b, "ttr_mean_h", +1)
	expect(t, a, b, "incidents_change_per_week", +1)
	for i, r := range b {
		if h, f := r.Value("fatigue_h_per_eng_week"), r.Value("fatigued_pages_frac"); !(h > 0 && f > 0 && f < 1) {
			t.Errorf("rep %d: %v fatigued hours a week, %v of pages answered fatigued", i, h, f)
		}
		if !math.IsNaN(r.Value("departures_per_year")) {
			t.Errorf("rep %d: departures %v without attrition", i, r.Value("departures_per_year"))
		}
	}
	for i, r := range a {
		if !math.IsNaN(r.Value("fatigue_h_per_eng_week")) {
			t.Errorf("rep %d: fatigue hours %v with fatigue off", i, r.Value("fatigue_h_per_eng_week"))
		}
	}
}

// TestAttritionFollowsBurden: people leave at a rate that rises with the
// pages they take at home, their seats stay empty until replaced and
// onboarded, and the lost working time costs features; an organisation
// paged less loses fewer people.
func TestAttritionFollowsBurden(t *testing.T) {
	stay := paged()
	leave := paged()
	leave.Fatigue.Attrition = 2
	a, b := runReps(t, stay, collective, mechReps, 602), runReps(t, leave, collective, mechReps, 602)
	expect(t, a, b, "features_per_week", -1)
	if !(mean(b, "departures_per_year") > 0) || !(mean(b, "capacity_lost_frac") > 0) {
		t.Errorf("departures %v a year, capacity lost %v", mean(b, "departures_per_year"), mean(b, "capacity_lost_frac"))
	}
	quiet := leave
	quiet.Incident.Rate /= 6
	c := runReps(t, quiet, collective, mechReps, 602)
	t.Logf("departures a year: %.1f paged at six times the rate, %.1f at the usual", mean(b, "departures_per_year"), mean(c, "departures_per_year"))
	if !(mean(c, "departures_per_year") < mean(b, "departures_per_year")) {
		t.Errorf("departures a year: %v paged less, %v paged more", mean(c, "departures_per_year"), mean(b, "departures_per_year"))
	}
}

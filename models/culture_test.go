package models

import (
	"math"
	"testing"
)

// TestBlameHidesAndHesitates: in a blaming culture that hides half the
// incidents monitoring caught and hesitates an hour before each handoff,
// incidents are detected later, more of them reach customers first, and
// restores that need a handoff take longer; a blameless culture with the
// same keys set is unaffected by them.
func TestBlameHidesAndHesitates(t *testing.T) {
	quiet := smallOrg()
	quiet.Learning.Blameless = false
	fearful := quiet
	fearful.Learning.BlameHidden, fearful.Learning.BlameEscalation = 0.5, 1
	cen := Design{Name: "centralized", Preset: PresetCentralized}
	a, b := runReps(t, quiet, cen, mechReps, 501), runReps(t, fearful, cen, mechReps, 501)
	expect(t, a, b, "ttd_mean_h", +1)
	expect(t, a, b, "customer_escalations_per_week", +1)
	expect(t, a, b, "ttr_mean_h", +1)
	open := smallOrg()
	openKeys := open
	openKeys.Learning.BlameHidden, openKeys.Learning.BlameEscalation = 0.5, 1
	x, y := runReps(t, open, cen, 3, 502), runReps(t, openKeys, cen, 3, 502)
	for i := range x {
		if x[i].Value("ttr_mean_h") != y[i].Value("ttr_mean_h") || x[i].Value("ttd_mean_h") != y[i].Value("ttd_mean_h") {
			t.Errorf("rep %d: blame keys changed a blameless culture's restores", i)
		}
	}
}

// TestOwnershipTeaches: with ownership teaching, teams that restore their
// own incidents ship fewer failing changes; a team whose incidents the ops
// team restores first learns less than one that runs what it builds.
func TestOwnershipTeaches(t *testing.T) {
	org := smallOrg()
	org.Work.ChangeFailure = 0.2
	teach := org
	teach.Learning.Ownership, teach.Learning.OwnershipFloor = 0.02, 0.3
	a, b := runReps(t, org, collective, mechReps, 503), runReps(t, teach, collective, mechReps, 503)
	expect(t, a, b, "incidents_change_per_week", -1)
	if !math.IsNaN(a[0].Value("change_risk_frac")) {
		t.Errorf("change risk %v without ownership teaching, want NaN", a[0].Value("change_risk_frac"))
	}
	cen := runReps(t, teach, Design{Name: "centralized", Preset: PresetCentralized}, mechReps, 503)
	expect(t, b, cen, "change_risk_frac", +1)
	for i, r := range b {
		if x := r.Value("change_risk_frac"); !(x < 1 && x >= 0.3) {
			t.Errorf("rep %d: change risk %v, want below 1 and at least the floor", i, x)
		}
	}
}

package models

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/opsim/opsim/sim"
)

// preventing is the small organisation with postmortem action items and
// recurring problems, its product teams saturated (there is always a next
// feature), so that improvement work competes with features for real.
func preventing() Org {
	o := smallOrg()
	o.ProductTeam.Saturated = true
	o.Prevention = PreventionConfig{ActionItems: 2, ActionEffort: 8, ActionReduction: 0.05,
		Recurrence: 0.5, ProblemLife: 26 * week, Ceiling: 4, ToilFloor: 0.3, Reserve: 0.2}
	return o
}

// withFeedback switches on every feedback mechanism at once, at rates
// that make each busy within a short horizon, for the tests of invariants.
func withFeedback(o Org) Org {
	o.Prevention = PreventionConfig{ActionItems: 2, ActionEffort: 8, ActionReduction: 0.05, Recurrence: 0.5,
		ProblemLife: 8 * week, Ceiling: 4, AutomateEvery: 3, AutomationEffort: 8, AutomationReduction: 0.05, ToilFloor: 0.3, Reserve: 0.2}
	up, back := 3.0, 1.0
	o.Schedule = []ScheduleStep{{At: 2 * week, Ramp: 2 * week, IncidentRate: &up, ToilRate: &up}, {At: 5 * week, IncidentRate: &back, ToilRate: &back}}
	o.Incident.Severities = slices.Clone(o.Incident.Severities)
	o.Incident.Severities[0].Responders = 3
	o.Incident.Severities[1].Responders = 2
	o.Swarm.ChannelCost = 0.1
	o.Fatigue = FatigueConfig{Window: week, Threshold: 1, Penalty: 0.2, Attrition: 3, HiringDelay: week, Onboarding: 3 * day}
	o.Budget = BudgetConfig{Freeze: FreezeAll, ReliabilityEffort: 8, ReliabilityReduction: 0.02}
	o.Learning.Ownership, o.Learning.OwnershipFloor = 0.02, 0.5
	return o
}

// TestActionItemsLowerIncidents: action items, once done, lower their
// service's incident rate; they cost product teams working time.
func TestActionItemsLowerIncidents(t *testing.T) {
	with := preventing()
	with.Prevention.Recurrence = 0
	without := with
	without.Prevention.ActionItems = 0
	a, b := runReps(t, without, collective, mechReps, 201), runReps(t, with, collective, mechReps, 201)
	expect(t, a, b, "incidents_base_per_week", -1)
	expect(t, a, b, "product_improve_frac", +1)
	if !math.IsNaN(a[0].Value("action_items_per_week")) || !(mean(b, "action_items_per_week") > 0) {
		t.Errorf("action items a week: %v without, %v with", a[0].Value("action_items_per_week"), mean(b, "action_items_per_week"))
	}
}

// TestFeaturesFirstStarvesPrevention: with no capacity reserved for
// improvement work, a team with more features than it can build never
// starts an action item, and its open problems stay open until they go
// away by themselves; reserving a fifth of its slots gets them done.
func TestFeaturesFirstStarvesPrevention(t *testing.T) {
	first := preventing()
	first.Prevention.Reserve = 0
	reserved := preventing()
	a, b := runReps(t, first, collective, mechReps, 202), runReps(t, reserved, collective, mechReps, 202)
	for i, r := range a {
		if x := r.Value("product_improve_frac"); x != 0 {
			t.Errorf("rep %d: features first still gave improvement work %v of product teams' time", i, x)
		}
	}
	expect(t, a, b, "action_items_per_week", +1)
	expect(t, a, b, "open_problems_mean", -1)
	expect(t, a, b, "incidents_base_per_week", -1)
}

// TestRecurrenceRaisesIncidents: problems left open bring their incidents
// back, and the recurrence ratio says by how much.
func TestRecurrenceRaisesIncidents(t *testing.T) {
	off := preventing()
	off.Prevention.Recurrence = 0
	on := preventing()
	on.Prevention.Reserve = 0 // nothing gets fixed: problems only go away by themselves
	a, b := runReps(t, off, collective, mechReps, 203), runReps(t, on, collective, mechReps, 203)
	expect(t, a, b, "incidents_base_per_week", +1)
	for i, r := range b {
		if x := r.Value("recurrence_ratio"); !(x > 1) {
			t.Errorf("rep %d: recurrence ratio %v with problems left open", i, x)
		}
	}
}

// TestAutomationLowersToil: automating tickets lowers the ticket rate and
// the time product teams spend on tickets; under the centralized design
// the ops team, which takes the tickets, does the automating.
func TestAutomationLowersToil(t *testing.T) {
	org := smallOrg()
	org.ProductTeam.ToilRate = 10 / week
	auto := org
	auto.Prevention = PreventionConfig{AutomateEvery: 5, AutomationEffort: 16, AutomationReduction: 0.1, ToilFloor: 0.3, Reserve: 0.2}
	a, b := runReps(t, org, collective, mechReps, 204), runReps(t, auto, collective, mechReps, 204)
	expect(t, a, b, "product_toil_frac", -1)
	for i, r := range b {
		if x := r.Value("toil_remaining_frac"); !(x < 1 && x >= 0.3) {
			t.Errorf("rep %d: toil remaining %v, want below 1 and at least the floor", i, x)
		}
	}
	cen := Design{Name: "centralized", Preset: PresetCentralized}
	for i, r := range runReps(t, auto, cen, 3, 204) {
		var ops TeamResult
		for _, tr := range r.Teams {
			if tr.Kind == KindOps {
				ops = tr
			}
		}
		if !(ops.Improve > 0) || !(r.Value("automations_per_week") > 0) {
			t.Errorf("rep %d: ops improvement share %v, automations %v a week", i, ops.Improve, r.Value("automations_per_week"))
		}
	}
}

// TestScheduleScalesIncidentRates: a schedule that switches every
// incident rate between 1 and 5 times its value each week gives each week
// the incidents of its own rate, to within Poisson noise. The pending
// arrival is moved at each step: a gap drawn at the low rate (100 hours
// here) would otherwise eat most of each high week. One service, no
// learning.
func TestScheduleScalesIncidentRates(t *testing.T) {
	const lambda = 0.01 // an hour
	org, d := mmcOrg(4, lambda)
	org.Horizon, org.Warmup = 20*week, 0
	for k := range 20 {
		x := 1.0 + 4*float64(k%2)
		org.Schedule = append(org.Schedule, ScheduleStep{At: float64(k) * week, IncidentRate: &x})
	}
	cfg, err := Expand(org, d)
	if err != nil {
		t.Fatal(err)
	}
	cfg.EventLog = true
	var low, high float64
	const reps = 20
	for i := range reps {
		r, err := Run(context.Background(), cfg, sim.NewStreams(205, fmt.Sprintf("rep=%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.EventLog {
			if e.Kind != RecordIncident {
				continue
			}
			if int(e.Created/week)%2 == 0 {
				low++
			} else {
				high++
			}
		}
	}
	wantLow, wantHigh := reps*10*lambda*week, reps*10*5*lambda*week
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"low", low, wantLow}, {"high", high, wantHigh}} {
		t.Logf("incidents in %s weeks: %.0f, expected %.0f", c.name, c.got, c.want)
		if math.Abs(c.got-c.want) > 3*math.Sqrt(c.want) {
			t.Errorf("incidents in %s weeks: %.0f, expected %.0f ± %.0f", c.name, c.got, c.want, 3*math.Sqrt(c.want))
		}
	}
}

// TestTippingPointUnderSteadyLoad: with no schedule at all, the trap is a
// matter of load: at the small organisation's usual incident rate no
// replication tips, at four times it most do, and the open problems and
// the rate they add grow far faster than the load (nothing scripts it:
// improvement work falls behind the problems it must fix).
func TestTippingPointUnderSteadyLoad(t *testing.T) {
	calm := preventing()
	calm.Horizon = 39 * week
	hot := calm
	hot.Incident.Rate *= 4
	a, b := runReps(t, calm, collective, mechReps, 206), runReps(t, hot, collective, mechReps, 206)
	tipped := func(rs []*Result) (n int) {
		for _, r := range rs {
			if r.Value("tipped") == 1 {
				n++
			}
		}
		return n
	}
	t.Logf("tipped: %d of %d at the usual rate, %d of %d at four times; open problems %.1f -> %.1f",
		tipped(a), len(a), tipped(b), len(b), mean(a, "open_problems_mean"), mean(b, "open_problems_mean"))
	if tipped(a) != 0 || tipped(b) < len(b)/2 {
		t.Errorf("tipped: %d of %d at the usual rate, %d of %d at four times", tipped(a), len(a), tipped(b), len(b))
	}
	if mean(b, "open_problems_mean") < 8*mean(a, "open_problems_mean") {
		t.Errorf("open problems %.1f -> %.1f: not out of proportion to a fourfold load", mean(a, "open_problems_mean"), mean(b, "open_problems_mean"))
	}
}

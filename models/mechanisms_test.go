package models

import (
	"math"
	"testing"

	"github.com/opsim/opsim/sim"
)

// Each mechanism of the model must show its effect in the expected
// direction. Every comparison is paired: both arms run on the same random
// streams, so the difference is measured against its own noise, and the
// test asserts it exceeds 2.5 standard errors.

const mechReps = 8

// pairedChange returns the mean of b−a for a metric and its standard error.
func pairedChange(a, b []*Result, metric string) (diff, se float64) {
	n := float64(len(a))
	var s, ss float64
	for i := range a {
		d := b[i].Value(metric) - a[i].Value(metric)
		s += d
		ss += d * d
	}
	diff = s / n
	v := (ss - n*diff*diff) / (n - 1)
	return diff, math.Sqrt(math.Max(v, 0) / n)
}

// expect asserts that going from arm a to arm b moves metric in direction
// dir (+1 up, −1 down) by more than 2.5 standard errors.
func expect(t *testing.T, a, b []*Result, metric string, dir float64) {
	t.Helper()
	d, se := pairedChange(a, b, metric)
	t.Logf("%s: %.4f -> %.4f (change %+.4f, se %.4f)", metric, mean(a, metric), mean(b, metric), d, se)
	if math.IsNaN(d) || d*dir <= 2.5*se || d == 0 {
		t.Errorf("%s should go %s: change %+.4f with standard error %.4f", metric, map[bool]string{true: "up", false: "down"}[dir > 0], d, se)
	}
}

var collective = Design{Name: "collective", Preset: PresetCollective}

// busyOrg has more feature demand than the teams can build, so
// throughput measures capacity and anything that eats capacity shows.
func busyOrg() Org {
	o := smallOrg()
	o.ProductTeam.FeatureRate = 8.0 / week
	return o
}

func TestMechanismCalendarsAndOnCall(t *testing.T) {
	// Mechanism 1: after-hours acknowledgement is slower than in working
	// hours, and a 24×7 calendar avoids it.
	fast := smallOrg()
	fast.Response.AckAfterHours = fast.Response.AckBusiness
	slow := smallOrg()
	slow.Response.AckAfterHours = 1
	a, b := runReps(t, fast, collective, mechReps, 11), runReps(t, slow, collective, mechReps, 11)
	expect(t, a, b, "tta_mean_h", +1)
	expect(t, a, b, "ttr_mean_h", +1)

	allHours := slow
	allHours.ProductTeam.Calendar = AllHours
	allHours.ProductTeam.Crews = 1
	c := runReps(t, allHours, collective, mechReps, 11)
	expect(t, b, c, "tta_mean_h", -1)
	expect(t, b, c, "after_hours_pages_per_eng_week", -1)

	// A secondary on call shortens the wait when the primary is busy.
	noSec, sec := slow, slow
	sec.ProductTeam.Secondary = true
	sec.Incident.Rate *= 3
	noSec.Incident.Rate *= 3
	expect(t, runReps(t, noSec, collective, mechReps, 11), runReps(t, sec, collective, mechReps, 11), "first_response_wait_h", -1)
}

func TestMechanismPlannedWork(t *testing.T) {
	// Mechanism 2: a tighter WIP limit lowers work in progress; more
	// demand raises throughput while there is capacity.
	loose := smallOrg()
	tight := smallOrg()
	tight.ProductTeam.WIPLimit = 1
	a, b := runReps(t, loose, collective, mechReps, 12), runReps(t, tight, collective, mechReps, 12)
	expect(t, a, b, "wip_mean", -1)
	expect(t, a, b, "backlog_mean", +1)
	more := smallOrg()
	more.ProductTeam.FeatureRate *= 2
	expect(t, a, runReps(t, more, collective, mechReps, 12), "features_per_week", +1)
}

func TestMechanismInterrupts(t *testing.T) {
	// Mechanism 3: a higher context-switch cost lowers feature throughput;
	// a shielding interrupt handler cuts interruptions of planned work;
	// more toil leaves less time for features.
	cheap := busyOrg()
	cheap.Work.ContextSwitch = 0
	cheap.Incident.Rate *= 4
	costly := cheap
	costly.Work.ContextSwitch = 4
	a, b := runReps(t, cheap, collective, mechReps, 13), runReps(t, costly, collective, mechReps, 13)
	expect(t, a, b, "product_switch_frac", +1)
	expect(t, a, b, "features_per_week", -1)

	// Juggling under Weinberg's table slows the pages that interrupt
	// features; it shows when pages are frequent.
	paged := cheap
	paged.Incident.Rate *= 4
	weinberg := paged
	weinberg.Work.Weinberg = true
	expect(t, runReps(t, paged, collective, mechReps, 13), runReps(t, weinberg, collective, mechReps, 13), "features_per_week", -1)

	spread := busyOrg()
	spread.Incident.Rate *= 4
	shield := spread
	shield.ProductTeam.Interrupts = "shield"
	expect(t, runReps(t, spread, collective, mechReps, 13), runReps(t, shield, collective, mechReps, 13), "interruptions_per_week", -1)

	toil := busyOrg()
	toil.ProductTeam.ToilRate *= 10
	base := runReps(t, busyOrg(), collective, mechReps, 13)
	more := runReps(t, toil, collective, mechReps, 13)
	expect(t, base, more, "product_toil_frac", +1)
	expect(t, base, more, "features_per_week", -1)
}

func TestMechanismCoupling(t *testing.T) {
	// Mechanism 4: more coupling raises cascade incidents and misroutes
	// (the symptom shows away from the cause); a heavy-tailed spread of
	// rates concentrates incidents on one problematic component.
	loose := smallOrg()
	loose.Services.Coupling = 0.02
	tight := smallOrg()
	tight.Services.Coupling = 0.4
	// Ops with poor runbooks hands most incidents on, so misroutes can show.
	centralized := Design{Name: "centralized", Preset: PresetCentralized, OpsRunbooks: 0.2}
	a, b := runReps(t, loose, centralized, mechReps, 14), runReps(t, tight, centralized, mechReps, 14)
	expect(t, a, b, "incidents_cascade_per_week", +1)
	expect(t, a, b, "misroutes_per_incident", +1)

	even := smallOrg()
	skewed := smallOrg()
	skewed.Services.RateSpread = 1.5
	expect(t, runReps(t, even, collective, mechReps, 14), runReps(t, skewed, collective, mechReps, 14), "incident_share_top", +1)
}

func TestMechanismIncidents(t *testing.T) {
	// Mechanism 5: monitoring catches incidents before customers do.
	blind := smallOrg()
	blind.Incident.Monitoring = 0.2
	seeing := smallOrg()
	seeing.Incident.Monitoring = 1
	a, b := runReps(t, blind, collective, mechReps, 15), runReps(t, seeing, collective, mechReps, 15)
	expect(t, a, b, "ttd_mean_h", -1)
	expect(t, a, b, "ttr_mean_h", -1)
	expect(t, a, b, "availability", +1)

	// Generalists take longer than owners: the familiarity factor.
	ops := Design{Name: "centralized", Preset: PresetCentralized, OpsRunbooks: 1, OpsFamiliarity: 1}
	slowOps := ops
	slowOps.OpsFamiliarity = 3
	expect(t, runReps(t, smallOrg(), ops, mechReps, 15), runReps(t, smallOrg(), slowOps, mechReps, 15), "ttr_mean_h", +1)
}

func TestMechanismHandoffs(t *testing.T) {
	// Mechanism 6: handoffs cost time; misroutes add ping-pong; better
	// runbooks let the first responder mitigate alone.
	d := Design{Name: "centralized", Preset: PresetCentralized, OpsRunbooks: 0.2}
	clean := smallOrg()
	clean.Response.Misroute, clean.Response.MisrouteCascade = 0, 0
	messy := smallOrg()
	messy.Response.Misroute = 0.5
	a, b := runReps(t, clean, d, mechReps, 16), runReps(t, messy, d, mechReps, 16)
	expect(t, a, b, "misroutes_per_incident", +1)
	expect(t, a, b, "handoffs_per_incident", +1)
	expect(t, a, b, "ttr_mean_h", +1)

	good := d
	good.OpsRunbooks = 0.9
	expect(t, a, runReps(t, clean, good, mechReps, 16), "handoffs_per_incident", -1)
}

func TestMechanismCustomerEscalations(t *testing.T) {
	// Mechanism 7: incidents customers report, or that outlive their
	// threshold, cost product management hours.
	seeing := smallOrg()
	seeing.Incident.Monitoring = 1
	blind := smallOrg()
	blind.Incident.Monitoring = 0.3
	a, b := runReps(t, seeing, collective, mechReps, 17), runReps(t, blind, collective, mechReps, 17)
	expect(t, a, b, "customer_escalations_per_week", +1)
	expect(t, a, b, "pm_hours_per_week", +1)
	strict := smallOrg()
	for i := range strict.Incident.Severities {
		strict.Incident.Severities[i].EscalateAfter /= 4
	}
	strict.Incident.Monitoring = 1
	expect(t, a, runReps(t, strict, collective, mechReps, 17), "customer_escalations_per_week", +1)
}

func TestMechanismOrgDesigns(t *testing.T) {
	// Mechanism 8: centralized routes through ops, so it hands off more and
	// shields the product teams from pages; collective pages the owners.
	org := busyOrg() // busy product teams: a page has to interrupt someone
	cen := runReps(t, org, Design{Name: "centralized", Preset: PresetCentralized}, mechReps, 18)
	col := runReps(t, org, collective, mechReps, 18)
	expect(t, col, cen, "handoffs_per_incident", +1)
	expect(t, col, cen, "interruptions_per_week", -1)
	sre := runReps(t, org, Design{Name: "sre", Preset: PresetSRE}, mechReps, 18)
	expect(t, col, sre, "handoffs_per_incident", +1)
	lay := runReps(t, org, Design{Name: "layered", Preset: PresetLayered}, mechReps, 18)
	expect(t, lay, cen, "handoffs_per_incident", +1) // layered hands off only infrastructure incidents
}

func TestMechanismChangeRiskAndLearning(t *testing.T) {
	// Change risk and batch size: bigger batches break production more,
	// per unit of work, when risk grows faster than size (exponent > 1:
	// the parts of a change interact).
	small := smallOrg()
	small.Work.BatchExponent = 1.5
	small.Work.FeatureSize.Median, small.Work.FeatureSize.P90 = 8, 24
	big := small
	big.Work.FeatureSize.Median, big.Work.FeatureSize.P90 = 48, 150
	big.ProductTeam.FeatureRate = small.ProductTeam.FeatureRate / 6 // same effort per week in bigger batches
	expect(t, runReps(t, small, collective, mechReps, 19), runReps(t, big, collective, mechReps, 19), "incidents_change_per_week", +1)

	// Blameless postmortems: owners learn, incidents fall over time.
	blame := smallOrg()
	blame.Horizon = 52 * week
	blame.Learning.Blameless = false
	blameless := blame
	blameless.Learning.Blameless = true
	blameless.Learning.Reduction = 0.05
	a, b := runReps(t, blame, collective, mechReps, 19), runReps(t, blameless, collective, mechReps, 19)
	expect(t, a, b, "incidents_base_per_week", -1)
	expect(t, a, b, "product_learning_frac", +1)
}

// TestWeinbergPerEngineer pins the juggling rule: one engineer always in
// the middle of a feature, so every page interrupts it and is worked while
// holding 2 tasks, at 80% speed. Switching time is then exactly a quarter
// of the page work; resuming the feature (1 task again) costs nothing.
func TestWeinbergPerEngineer(t *testing.T) {
	org := Org{
		Name: "weinberg", Horizon: 20 * week, Warmup: week,
		Teams: []TeamConfig{{Name: "solo", Kind: KindProduct, Engineers: 1, Calendar: AllHours, Crews: 1, Interrupts: "spread",
			Familiarity: 1, Runbooks: 1, FeatureRate: 1}}, // far more features than one person builds
		Services: ServicesConfig{List: []ServiceConfig{{Name: "svc", Owner: "solo", IncidentRate: 0.05}}, Graph: "none", SLO: 0.5},
		Work:     WorkConfig{FeatureSize: sim.DistSpec{Kind: "deterministic", Mean: 8}, Weinberg: true},
		Incident: IncidentConfig{Rate: 0.05, Monitoring: 1, Severities: []Severity{{Name: "sev", Share: 1, Effort: sim.DistSpec{Kind: "exponential", Mean: 1}, Impact: 1}}},
	}
	rs := runReps(t, org, Design{Name: "solo", Routes: []Route{{Chain: []string{"solo"}}}}, 4, 21)
	for i, r := range rs {
		sw, in := r.Value("product_switch_frac"), r.Value("product_interrupt_frac")
		if in == 0 || math.Abs(sw/in-0.25) > 1e-9 {
			t.Errorf("rep %d: switching %.5f of time for %.5f of page work: ratio %.4f, want 0.25", i, sw, in, sw/in)
		}
		if r.Value("interruptions_per_week") == 0 {
			t.Errorf("rep %d: no feature was interrupted", i)
		}
	}
}

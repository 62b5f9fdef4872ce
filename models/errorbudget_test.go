package models

import (
	"math"
	"testing"

	"github.com/opsim/opsim/sim"
)

// TestBudgetBurn: an outage of 10 hours on day 10 of 60 at a 99% SLO
// (6.72 hours allowed in 28 days) burns 10/6.72 of the budget in the 28
// daily windows that contain it and nothing in the other 32, so the mean
// burn is 28·(10/6.72)/60. (Budgets are sampled with the daily series,
// after the warm-up, so their window is availability's.)
func TestBudgetBurn(t *testing.T) {
	env := sim.NewEnv()
	s := &service{layer: LayerApp, slo: 0.99}
	m := &model{env: env, services: []*service{s}, warm: true, cfg: &Config{Incident: IncidentConfig{Severities: []Severity{{Impact: 1}}}}}
	m.avail = newAvailability(m)
	for d := 1; d <= 60; d++ {
		if d == 10 {
			env.RunUntil(float64(d-1)*day + 5)
			m.avail.change(env.Now(), s, 0, +1)
			env.RunUntil(float64(d-1)*day + 15)
			m.avail.change(env.Now(), s, 0, -1)
		}
		env.RunUntil(float64(d) * day)
		m.closeDay(env.Now())
		if want := map[bool]float64{true: 10 / 6.72, false: 0}[d >= 10 && d <= 37]; math.Abs(s.burn()-want) > 1e-9 {
			t.Errorf("day %d: burn %v, want %v", d, s.burn(), want)
		}
	}
	vals := map[string]float64{}
	m.budgetValues(vals)
	if got, want := vals["budget_burn_mean"], 28*(10/6.72)/60; math.Abs(got-want) > 1e-12 {
		t.Errorf("mean burn %v, want %v", got, want)
	}
}

// TestErrorBudgetFreeze: under a freeze policy, teams whose services burn
// their budgets stop shipping features and work on reliability instead:
// fewer features, fewer change incidents, more improvement work, budgets
// burned less; the days frozen are counted.
func TestErrorBudgetFreeze(t *testing.T) {
	org := smallOrg()
	org.Incident.Rate *= 2
	org.Budget = BudgetConfig{ReliabilityEffort: 8, ReliabilityReduction: 0.02}
	frozen := org
	frozen.Budget.Freeze = FreezeAll
	a, b := runReps(t, org, collective, mechReps, 401), runReps(t, frozen, collective, mechReps, 401)
	expect(t, a, b, "features_per_week", -1)
	expect(t, a, b, "incidents_change_per_week", -1)
	expect(t, a, b, "product_improve_frac", +1)
	expect(t, a, b, "budget_burn_mean", -1)
	if !math.IsNaN(a[0].Value("freeze_days_per_year")) || !(mean(b, "freeze_days_per_year") > 0) {
		t.Errorf("freeze days a year: %v without a policy (want NaN), %v with", a[0].Value("freeze_days_per_year"), mean(b, "freeze_days_per_year"))
	}
}

// TestSREPresetFreezesCriticalServices: the sre preset applies the error
// budget policy to the services its SRE team runs, and a design can turn
// it off.
func TestSREPresetFreezesCriticalServices(t *testing.T) {
	sre := Design{Name: "sre", Preset: PresetSRE}
	cfg, err := Expand(smallOrg(), sre)
	if err != nil || cfg.Budget.Freeze != FreezeCritical {
		t.Fatalf("sre preset: freeze %q, err %v", cfg.Budget.Freeze, err)
	}
	sre.ErrorBudget = FreezeOff
	if cfg, _ := Expand(smallOrg(), sre); cfg.Budget.Freeze != FreezeOff {
		t.Errorf("error_budget = off: freeze %q", cfg.Budget.Freeze)
	}
	if cfg, _ := Expand(smallOrg(), collective); cfg.Budget.on() {
		t.Errorf("collective preset freezes: %q", cfg.Budget.Freeze)
	}
}

// TestErrorBudgetFreezeGatesThePipeline: with a delivery pipeline, the
// freeze is one of the gates a batch waits at before production: frozen
// teams' batches wait for the thaw, so changes take longer to reach users.
func TestErrorBudgetFreezeGatesThePipeline(t *testing.T) {
	org := smallOrg()
	org.Incident.Rate *= 2
	org.Pipeline = PipelineConfig{Batch: 2, Overhead: 1}
	org.Budget = BudgetConfig{ReliabilityEffort: 8, ReliabilityReduction: 0.02}
	frozen := org
	frozen.Budget.Freeze = FreezeAll
	a, b := runReps(t, org, collective, mechReps, 402), runReps(t, frozen, collective, mechReps, 402)
	expect(t, a, b, "change_lead_time_mean_h", +1)
	expect(t, a, b, "deploys_per_week", -1)
}

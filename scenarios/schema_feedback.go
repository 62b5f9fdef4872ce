package scenarios

import (
	"fmt"

	"github.com/opsim/opsim/models"
)

// The feedback mechanisms' tables: [prevention] and [[schedule]]. Every
// mechanism is off with the defaults set here, so that a scenario without
// these tables runs the model as it was.

// preventionTOML is the [prevention] table (models.PreventionConfig).
type preventionTOML struct {
	ActionItems         int      `toml:"action_items"`
	ActionEffort        Duration `toml:"action_effort"`
	ActionReduction     float64  `toml:"action_reduction"`
	Recurrence          float64  `toml:"recurrence"`
	ProblemLife         Duration `toml:"problem_life"`
	Ceiling             float64  `toml:"ceiling"`
	AutomateEvery       int      `toml:"automate_every"`
	AutomationEffort    Duration `toml:"automation_effort"`
	AutomationReduction float64  `toml:"automation_reduction"`
	ToilFloor           float64  `toml:"toil_floor"`
	Reserve             float64  `toml:"reserve"`
}

func (p *preventionTOML) setDefaults() {
	p.ActionEffort = hoursPerPersonDay
	p.ActionReduction = 0.05
	p.ProblemLife = 26 * hoursPerWeek
	p.Ceiling = 4
	p.AutomationEffort = 2 * hoursPerPersonDay
	p.AutomationReduction = 0.05
	p.ToilFloor = 0.3
	p.Reserve = 0.2 // Cagan's 20% of engineering capacity "off the top"
}

// budgetTOML is the [error_budget] table (models.BudgetConfig).
type budgetTOML struct {
	Freeze               string   `toml:"freeze"`
	ReliabilityEffort    Duration `toml:"reliability_effort"`
	ReliabilityReduction float64  `toml:"reliability_reduction"`
}

func (b *budgetTOML) setDefaults() {
	b.Freeze = models.FreezeOff
	b.ReliabilityEffort = hoursPerPersonDay
	b.ReliabilityReduction = 0.01
}

// fatigueTOML is the [fatigue] table (models.FatigueConfig).
type fatigueTOML struct {
	Window      Duration `toml:"window"`
	Threshold   int      `toml:"threshold"`
	Penalty     float64  `toml:"penalty"`
	Attrition   float64  `toml:"attrition"`
	HiringDelay Duration `toml:"hiring_delay"`
	Onboarding  Duration `toml:"onboarding"`
}

func (f *fatigueTOML) setDefaults() {
	f.Window = hoursPerWeek
	f.Threshold = 2
	f.HiringDelay = 8 * hoursPerWeek
	f.Onboarding = 4 * hoursPerWeek
}

// swarmTOML is the [swarm] table (models.SwarmConfig).
type swarmTOML struct {
	ChannelCost float64 `toml:"channel_cost"`
}

// The Incident Command System's optimal span of control, 5, is where
// time to restore bottoms out: √(2/0.08) = 5.
func (s *swarmTOML) setDefaults() { s.ChannelCost = 0.08 }

// scheduleTOML is one [[schedule]] step (models.ScheduleStep).
type scheduleTOML struct {
	At           *Duration `toml:"at"`
	Ramp         Duration  `toml:"ramp"`
	IncidentRate *float64  `toml:"incident_rate"`
	ToilRate     *float64  `toml:"toil_rate"`
}

// convertFeedback converts the feedback tables into the organisation.
func convertFeedback(c *checker, f *fileTOML, o *models.Org) {
	p := &f.Prevention
	o.Prevention = models.PreventionConfig{
		ActionItems: p.ActionItems, ActionEffort: p.ActionEffort.Hours(), ActionReduction: p.ActionReduction,
		Recurrence: p.Recurrence, ProblemLife: p.ProblemLife.Hours(), Ceiling: p.Ceiling,
		AutomateEvery: p.AutomateEvery, AutomationEffort: p.AutomationEffort.Hours(), AutomationReduction: p.AutomationReduction,
		ToilFloor: p.ToilFloor, Reserve: p.Reserve,
	}
	o.Swarm = models.SwarmConfig{ChannelCost: f.Swarm.ChannelCost}
	ft := &f.Fatigue
	o.Fatigue = models.FatigueConfig{Window: ft.Window.Hours(), Threshold: ft.Threshold, Penalty: ft.Penalty, Attrition: ft.Attrition,
		HiringDelay: ft.HiringDelay.Hours(), Onboarding: ft.Onboarding.Hours()}
	b := &f.Budget
	o.Budget = models.BudgetConfig{Freeze: b.Freeze, ReliabilityEffort: b.ReliabilityEffort.Hours(), ReliabilityReduction: b.ReliabilityReduction}
	if len(f.Schedule) > maxScheduleSteps {
		c.add("schedule", "at most %d steps, got %d", maxScheduleSteps, len(f.Schedule))
		return
	}
	for i, st := range f.Schedule {
		path := fmt.Sprintf("schedule.%d", i)
		step := models.ScheduleStep{Ramp: st.Ramp.Hours(), IncidentRate: st.IncidentRate, ToilRate: st.ToilRate}
		if st.At == nil {
			c.add(path+".at", `is required: when the change begins, after the warm-up, e.g. "13w"`)
		} else {
			step.At = st.At.Hours()
		}
		if st.IncidentRate == nil && st.ToilRate == nil {
			c.add(path, "changes nothing: give incident_rate or toil_rate (multipliers of the scenario's rates)")
		}
		o.Schedule = append(o.Schedule, step)
	}
}

// maxScheduleSteps bounds [[schedule]], so that a generated file cannot
// schedule millions of events before the run starts.
const maxScheduleSteps = 1000

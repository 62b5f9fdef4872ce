package models

import "math"

// Error budgets (SRE workbook, "Implementing SLOs" and its example error
// budget policy): a service's budget is the impaired time its SLO allows
// over a rolling 28-day window, (1 − SLO) × 28 days. Every service's burn,
// the share of that allowance its last 28 days used, is measured whatever
// the policy. Under a freeze policy, a team owning a service that has
// burned its whole budget stops shipping: finished features wait, no new
// feature starts, and every free WIP slot goes to reliability work on its
// most burned service (action items first, when there are any), each item
// lowering that service's rate toward the learning floor, until the
// service's window is back within budget. The SRE preset applies it to the
// critical services, the ones its SRE team runs.

// Freeze policies (BudgetConfig.Freeze).
const (
	FreezeOff      = "off"
	FreezeCritical = "critical" // the services an SRE team runs
	FreezeAll      = "all"
)

// BudgetConfig says what a burned error budget does.
type BudgetConfig struct {
	// Freeze says whose burned budgets freeze their owners' deploys: "" or
	// FreezeOff none, FreezeCritical the critical services, FreezeAll all.
	Freeze string
	// ReliabilityEffort is the effort of one item of reliability work;
	// ReliabilityReduction how much it lowers its service's incident rate.
	ReliabilityEffort, ReliabilityReduction float64
}

// on reports whether burned budgets freeze anything.
func (b *BudgetConfig) on() bool { return b.Freeze != "" && b.Freeze != FreezeOff }

// effort is the effort of an item of reliability work: 0 means a person-day,
// since a frozen team pulls a new item whenever one is done, and items of
// no effort would follow each other without end.
func (b *BudgetConfig) effort() float64 { return orFloat(b.ReliabilityEffort, 8) }

// serviceBudget is a service's error budget: the share of its 28-day
// allowance of impaired time that the trailing window (availability's)
// has burned.
type serviceBudget struct {
	burn float64 // the burn at the last day's end (see service.burn)
}

// teamBudget is a team's freeze.
type teamBudget struct {
	frozen bool
	held   []*feature // finished features waiting for the freeze to lift
	days   int        // days frozen since warm-up
}

// budgetStats are the organisation's error-budget measures since warm-up.
type budgetStats struct {
	burn    float64 // sum over services and days of the window's burn
	samples int
}

// burn is the share of its 28-day allowance the service's last 28 days
// (or the days so far) used, as of the last day's end: 1 is exactly the
// budget. It changes once a day, so it is kept rather than summed again
// each time a frozen team picks its next item of reliability work.
func (s *service) burn() float64 { return s.eb.burn }

// closeDay closes a day of every service's SLO windows and error budget,
// and decides which teams are frozen tomorrow. One pass over the services
// does both: at 1,000 teams the services (about 1 KB each) are out of
// cache by the day's end, and a second pass missed again for each.
func (m *model) closeDay(now float64) {
	m.avail.day.close(now)
	for _, s := range m.services {
		s.av.closeDay(now, s.slo, &m.avail.day)
		// The budget's window is the availability's: the impaired hours of
		// the last 28 days, summed there once a day.
		s.eb.burn = s.av.down / ((1 - s.slo) * sloWindow * day)
		if m.warm {
			m.eb.burn += s.burn()
			m.eb.samples++
		}
	}
	if !m.cfg.Budget.on() {
		return
	}
	for _, t := range m.teams {
		frozen := false
		for _, s := range t.owned {
			if m.budgeted(s) && s.burn() >= 1 {
				frozen = true
			}
		}
		m.setFrozen(t, frozen)
		if frozen && m.warm {
			t.eb.days++
		}
	}
}

// budgeted reports whether the freeze policy covers service s.
func (m *model) budgeted(s *service) bool {
	switch m.cfg.Budget.Freeze {
	case FreezeAll:
		return true
	case FreezeCritical:
		return s.critical
	}
	return false
}

// setFrozen freezes or thaws a team: thawed, it ships what it held and
// goes back to features as slots free.
func (m *model) setFrozen(t *team, frozen bool) {
	if t.eb.frozen == frozen {
		return
	}
	t.eb.frozen = frozen
	if frozen {
		m.pullFeatures(t) // free slots turn to reliability work now
		return
	}
	held := t.eb.held
	t.eb.held = nil
	for _, f := range held {
		m.deploy(t, f)
		m.recycle(f)
	}
	m.pullFeatures(t)
}

// ship deploys a finished feature, or, without a delivery pipeline,
// holds it while its team is frozen; through a pipeline, the freeze is one
// of the gates a batch waits at before production (freezeGate).
func (m *model) ship(t *team, f *feature) {
	if t.eb.frozen && !m.cfg.Pipeline.On() {
		t.eb.held = append(t.eb.held, f)
		return
	}
	m.deploy(t, f)
	m.recycle(f)
}

// freezeGate holds a frozen team's batches before production until the
// daily sample that may thaw it (just after it, so the sample has run).
func (m *model) freezeGate(t *team, now float64) float64 {
	if !t.eb.frozen {
		return 0
	}
	next := m.cfg.Warmup + math.Floor((now-m.cfg.Warmup)/day+1)*day
	return next - now + 1e-9
}

// reliabilityItem is the next item of reliability work of a frozen team:
// on its covered service with the most burned budget.
func (m *model) reliabilityItem(t *team) *improvement {
	var worst *service
	for _, s := range t.owned {
		if m.budgeted(s) && (worst == nil || s.burn() > worst.burn()) {
			worst = s
		}
	}
	if worst == nil {
		return nil
	}
	return &improvement{kind: impReliability, svc: worst}
}

// budgetValues fills the error-budget measures: the mean burn over
// services and days, and, under a freeze policy, the days per year a team
// owning a covered service was frozen.
func (m *model) budgetValues(vals map[string]float64) {
	vals["budget_burn_mean"] = ratio(m.eb.burn, float64(m.eb.samples))
	vals["freeze_days_per_year"] = math.NaN()
	if !m.cfg.Budget.on() || m.days == 0 {
		return
	}
	var days, teams int
	for _, t := range m.teams {
		covered := false
		for _, s := range t.owned {
			covered = covered || m.budgeted(s)
		}
		if covered {
			days += t.eb.days
			teams++
		}
	}
	vals["freeze_days_per_year"] = ratio(float64(days)*365.25/float64(m.days), float64(teams))
}

// budget checks the error-budget keys.
func (c *checker) budget(b *BudgetConfig) {
	if b.Freeze != "" {
		c.oneOf("error_budget.freeze", b.Freeze, FreezeOff, FreezeCritical, FreezeAll)
	}
	c.nonNeg("error_budget.reliability_effort", b.ReliabilityEffort)
	c.prob("error_budget.reliability_reduction", b.ReliabilityReduction)
}

package models

import "math"

// The measures of the feedback mechanisms (prevention, the schedule):
// each is NaN when its mechanism is off, so that a design without it shows
// nothing rather than a zero that reads as a result.

// tipFactor: an organisation has tipped into firefighting when, over the
// last quarter of the horizon, the problems it left open raised its
// incident rate by more than half over what its learning alone would
// give. The rule is ours (Repenning describes the trap, not a threshold);
// in the bundled firefighting scenario replications either stay near 1 or
// climb to the rate ceiling, so the exact threshold decides little.
const tipFactor = 1.5

// recoveryBand: the organisation has recovered from the schedule's load
// when its incident rate is back within 10% of its level before the load
// rose.
const recoveryBand = 1.1

// preWindow is how long before the load rises the organisation's rate is
// averaged, as the level to recover to (4 weeks, or what the horizon has).
const preWindow = 28 // days

// feedbackNames are the feedback measures, in the order runs.csv shows them.
var feedbackNames = []string{
	"open_problems_mean", "action_items_per_week", "automations_per_week", "toil_remaining_frac",
	"recurrence_ratio", "tipped", "post_load_rate_ratio", "rate_recovery_d",
	"budget_burn_mean", "freeze_days_per_year", "change_risk_frac",
	"fatigue_h_per_eng_week", "fatigued_pages_frac", "departures_per_year", "capacity_lost_frac",
}

// feedbackDays are the daily sums behind the rate measures, after warm-up.
type feedbackDays struct {
	rate, learnt []float64 // the organisation's incident rate per week, and without open problems
}

// sampleFeedback closes a day of the feedback measures and series.
func (m *model) sampleFeedback() {
	if !m.dyn {
		return
	}
	var rate, learnt float64
	for _, s := range m.services {
		rate += s.rate * week
		learnt += s.learnt * m.sched.incident * week
	}
	m.fb.rate = append(m.fb.rate, rate)
	m.fb.learnt = append(m.fb.learnt, learnt)
	m.record(seriesRate, rate)
	if m.cfg.Prevention.Recurrence > 0 {
		m.record(seriesProblems, m.pv.open.Value())
	}
}

// feedbackValues fills the feedback measures.
func (m *model) feedbackValues(vals map[string]float64, now float64, perWeek func(float64) float64) {
	for _, n := range feedbackNames {
		vals[n] = math.NaN()
	}
	p := &m.cfg.Prevention
	var actions, automations int
	var toil float64
	toilers := 0
	for _, t := range m.teams {
		actions += t.pv.done[impAction]
		automations += t.pv.done[impAutomation]
		if t.cfg.ToilRate > 0 {
			toil += t.pv.toil
			toilers++
		}
	}
	if p.Recurrence > 0 {
		vals["open_problems_mean"] = m.pv.open.Mean(now)
	}
	if p.ActionItems > 0 {
		vals["action_items_per_week"] = perWeek(float64(actions))
	}
	if p.AutomateEvery > 0 {
		vals["automations_per_week"] = perWeek(float64(automations))
		vals["toil_remaining_frac"] = ratio(toil, float64(toilers))
	}
	if n := len(m.fb.rate); p.Recurrence > 0 && n >= 4 {
		var r, l float64
		for i := n - n/4; i < n; i++ {
			r += m.fb.rate[i]
			l += m.fb.learnt[i]
		}
		vals["recurrence_ratio"] = ratio(r, l)
		vals["tipped"] = 0
		if r > tipFactor*l {
			vals["tipped"] = 1
		}
	}
	m.recoveryValues(vals)
	m.budgetValues(vals)
	m.ownershipValues(vals)
	m.fatigueValues(vals, now, perWeek)
}

// recoveryValues measures how the organisation came back from the
// schedule's load: its mean incident rate after the last change over its
// level in the 4 weeks before the first, and the days until it was back
// within 10% of that level (the rest of the horizon if it never was, a
// lower bound).
func (m *model) recoveryValues(vals map[string]float64) {
	if math.IsNaN(m.sched.loadStart) || len(m.fb.rate) == 0 {
		return
	}
	// Daily samples are taken at the end of each day after warm-up: sample
	// i at warm-up + (i+1) days.
	dayOf := func(t float64) int { return int(math.Floor((t-m.cfg.Warmup)/day+1e-9)) - 1 }
	start, end := dayOf(m.sched.loadStart), dayOf(m.sched.loadEnd)
	n := len(m.fb.rate)
	if start < 0 || end+1 >= n {
		return // no day before the load rose, or none after it ended
	}
	pre := meanOf(m.fb.rate[max(0, start-preWindow+1) : start+1])
	vals["post_load_rate_ratio"] = ratio(meanOf(m.fb.rate[end+1:]), pre)
	vals["rate_recovery_d"] = float64(n - 1 - end)
	for i := end + 1; i < n; i++ {
		if m.fb.rate[i] <= recoveryBand*pre {
			vals["rate_recovery_d"] = float64(i - end)
			break
		}
	}
}

package models

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// Money: what a design costs a year, from rates the scenario gives. Every
// rate is the scenario's own (salaries, on-call pay and outage costs vary
// by company and country by more than any default could cover), so with
// none given no cost is reported (NaN), rather than a made-up one. Costs
// are in the scenario's currency, per year (a Julian year, 365.25 days).

// CostConfig gives the rates that turn what a run measured into money.
type CostConfig struct {
	// EngineerYear is the fully loaded cost of an engineer for a year, per
	// team kind (salary, benefits, equipment, office).
	EngineerYear map[string]float64
	// OnCallHour is paid for every hour an engineer is on call outside
	// working hours (standby), per engineer on call; AfterHoursPage for
	// every page they take then.
	OnCallHour, AfterHoursPage float64
	// OutageMinuteCritical and OutageMinute are the cost of one minute of
	// full impairment of a critical and of any other service (a minute at
	// impact 0.2 costs a fifth).
	OutageMinuteCritical, OutageMinute float64
	// SLA is the availability promised per 28-day window (0: each
	// service's SLO); SLACredit is paid for every service and window that
	// falls short of it (windows one after another, not rolling).
	SLA, SLACredit float64
	// PMHour is the cost of a product-management hour spent on customer
	// escalations.
	PMHour float64
}

// On reports whether the scenario gives any rate.
func (c *CostConfig) On() bool {
	for _, v := range c.EngineerYear {
		if v > 0 {
			return true
		}
	}
	return c.OnCallHour > 0 || c.AfterHoursPage > 0 || c.OutageMinuteCritical > 0 || c.OutageMinute > 0 ||
		c.SLACredit > 0 || c.PMHour > 0
}

// costMetrics are the cost measures, in the order MetricNames lists them.
var costMetrics = []string{
	"cost_per_year", "cost_headcount_per_year", "cost_on_call_per_year",
	"cost_outage_per_year", "cost_sla_per_year", "cost_pm_per_year",
	"headcount",
}

// costValues fills the cost measures: each part per year, and their sum.
func (m *model) costValues(vals map[string]float64, now float64) {
	c := &m.cfg.Costs
	headcount := 0
	for _, t := range m.teams {
		headcount += t.cfg.Engineers
	}
	vals["headcount"] = float64(headcount)
	if !c.On() {
		for _, n := range costMetrics[:6] {
			vals[n] = math.NaN()
		}
		return
	}
	perYear := year / m.cfg.Horizon
	var people, standby, pages float64
	for _, t := range m.teams {
		people += float64(t.cfg.Engineers) * c.EngineerYear[t.cfg.Kind]
		if t.cfg.OnCall && t.cfg.Calendar != AllHours {
			onCall := 1.0
			if t.cfg.Secondary && t.cfg.Engineers > 1 {
				onCall = 2
			}
			standby += onCall * (m.cfg.Horizon - businessHoursBetween(m.cfg.Warmup, m.cfg.Warmup+m.cfg.Horizon))
			for _, n := range t.afterHrs {
				pages += float64(n)
			}
		}
	}
	var outage, breaches float64
	for _, s := range m.services {
		rate := c.OutageMinute
		if s.critical {
			rate = c.OutageMinuteCritical
		}
		outage += s.av.impair.Integral(now) * 60 * rate
		breaches += float64(s.av.slaBreaches)
	}
	parts := map[string]float64{
		"cost_headcount_per_year": people,
		"cost_on_call_per_year":   (standby*c.OnCallHour + pages*c.AfterHoursPage) * perYear,
		"cost_outage_per_year":    outage * perYear,
		"cost_sla_per_year":       breaches * c.SLACredit * perYear,
		"cost_pm_per_year":        m.inc.pmHours * c.PMHour * perYear,
	}
	var total float64
	for _, n := range costMetrics[1:6] {
		vals[n] = parts[n]
		total += parts[n]
	}
	vals["cost_per_year"] = total
}

// slaTarget is the availability the SLA promises a service per window.
func (m *model) slaTarget(s *service) float64 {
	if m.cfg.Costs.SLA > 0 {
		return m.cfg.Costs.SLA
	}
	return s.slo
}

// businessHoursBetween counts the working hours (Monday to Friday, 9 to
// 17) in [a, b].
func businessHoursBetween(a, b float64) float64 {
	var h float64
	for d := math.Floor(a / day); d*day < b; d++ {
		if int(d)%daysAWeek >= workDays {
			continue
		}
		lo, hi := math.Max(a, d*day+dayStart), math.Min(b, d*day+dayEnd)
		h += math.Max(0, hi-lo)
	}
	return h
}

// costs checks the [costs] keys.
func (c *checker) costs(k *CostConfig) {
	for _, kind := range slices.Sorted(maps.Keys(k.EngineerYear)) {
		if !slices.Contains(Kinds, kind) {
			c.add("costs.engineer_year."+kind, "is not a team kind (kinds: %s)", strings.Join(Kinds, ", "))
		}
		c.nonNeg("costs.engineer_year."+kind, k.EngineerYear[kind])
	}
	c.nonNeg("costs.on_call_hour", k.OnCallHour)
	c.nonNeg("costs.after_hours_page", k.AfterHoursPage)
	c.nonNeg("costs.outage_minute_critical", k.OutageMinuteCritical)
	c.nonNeg("costs.outage_minute", k.OutageMinute)
	if k.SLA != 0 && !(k.SLA > 0 && k.SLA < 1) {
		c.add("costs.sla", "is an availability and must be between 0 and 1 (e.g. 0.995), got %v", k.SLA)
	}
	c.nonNeg("costs.sla_credit", k.SLACredit)
	c.nonNeg("costs.pm_hour", k.PMHour)
}

// costTeams checks that headcount has a rate for every kind of team the
// design has, once any rate is given: a design with an unpriced team
// would look cheaper than it is.
func (c *checker) costTeams(cfg *Config) {
	if len(cfg.Costs.EngineerYear) == 0 {
		return
	}
	for _, t := range cfg.Teams {
		if _, ok := cfg.Costs.EngineerYear[t.Kind]; !ok {
			c.add("costs.engineer_year", "has no rate for kind %q (team %q): give one, 0 if it costs nothing", t.Kind, t.Name)
			return
		}
	}
}

package models

import (
	"math"

	"github.com/opsim/opsim/sim"
)

// Metric is one named number a replication measured. Names carry their
// unit as a suffix (_h hours, _d days, _per_week, _frac a share); every
// name is documented in the measures registry (see [LookupMeasure]).
type Metric struct {
	Name  string
	Value float64
}

// Series is a daily time series of one replication, sampled at the end of
// each simulated day after warm-up.
type Series struct {
	Name   string
	Values []float64
}

// TeamResult is one team's share of the work.
type TeamResult struct {
	Name, Kind string
	Engineers  int
	// Utilisation is busy engineer-hours over engineer-hours at work.
	Utilisation float64
	// Shares of the engineer-hours the team was at work; they add up to 1.
	// Work on call at home is AfterHoursPerEngWeek, never part of a share.
	// Release (deploy overhead, pre-production stages), Rework (fixing
	// failed changes) and Coord (communication, onboarding, cross-team
	// incident coordination) are zero unless the scenario turns on the
	// delivery pipeline or coordination costs; Improve (action items,
	// automation, reliability work) unless it turns on prevention or an
	// error-budget freeze.
	Planned, Interrupt, Toil, Learning, Release, Rework, Coord, Improve, Switch, Idle float64
	AfterHoursPerEngWeek                                                              float64 // hours worked on call outside working hours
	QueueMean                                                                         float64 // time-average waiting tasks
	FirstWaitMean                                                                     float64 // hours an incident waits before its first responder starts
	EscalatedWaitMean                                                                 float64 // hours an incident handed to this team waits
	Pages                                                                             int
	PagesPerShift                                                                     float64 // pages per 12-hour on-call shift
	AfterHoursPagesPerEngWeek                                                         float64
	FeaturesPerWeek                                                                   float64
	// PendingGrowthPerWeek is the trend of the team's unfinished tasks over
	// the second half of the horizon; Unstable says the queue grows without
	// bound (see unstableTrend).
	PendingGrowthPerWeek float64
	Unstable             bool
	// Load is the work offered to the team since warm-up over what it
	// could do (for features, over what its WIP limit lets it do), the
	// larger of the two: at 1 or more its queue cannot settle.
	Load float64
}

// ServiceResult is one service's reliability over the horizon.
type ServiceResult struct {
	Name, Owner, Layer string
	Critical           bool
	Dependents         int     // services that depend on it directly
	Incidents          int     // incidents of every cause after warm-up
	Availability       float64 // 1 − time-average impairment, within [0, 1]
	SLO                float64 // the availability target
	// SLOAttainment is the share of the service's rolling 28-day windows
	// that met the SLO (NaN when the horizon is shorter than a window).
	SLOAttainment float64
}

// Result is everything one replication measured after warm-up.
type Result struct {
	Metrics  []Metric
	Series   []Series
	Teams    []TeamResult
	Services []ServiceResult
	// Restore holds every incident's time to restore, in hours, for
	// distribution plots.
	Restore []float64
	// Events is how many events the engine fired, for speed reports.
	Events uint64
	// EventLog holds a record per incident and ticket, when Config.EventLog.
	EventLog []EventRecord
}

// Value returns the named metric, NaN if absent.
func (r *Result) Value(name string) float64 {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m.Value
		}
	}
	return math.NaN()
}

// MetricNames lists the metrics every replication of cfg reports, in
// order. Severity names come from the configuration.
func MetricNames(cfg *Config) []string {
	names := []string{
		"incidents_per_week", "incidents_base_per_week", "incidents_change_per_week", "incidents_cascade_per_week",
	}
	for _, s := range cfg.Incident.Severities {
		names = append(names, "incidents_"+s.Name+"_per_week")
	}
	names = append(names,
		"ttd_mean_h", "ttd_p50_h", "ttd_p90_h", "ttd_p99_h",
		"tta_mean_h", "tta_p50_h", "tta_p90_h", "tta_p99_h",
		"ttr_mean_h", "ttr_p50_h", "ttr_p90_h", "ttr_p99_h",
	)
	for _, s := range cfg.Incident.Severities {
		names = append(names, "ttr_"+s.Name+"_mean_h", "ttr_"+s.Name+"_p90_h")
	}
	names = append(names,
		"handoffs_per_incident", "misroutes_per_incident", "cross_team_incidents_per_week",
		"incident_share_top",
		"availability", "availability_min", "slo_attainment", "customer_availability", "customer_impact_h_per_week",
		"customer_escalations_per_week", "pm_hours_per_week", "postmortems_per_week",
		"features_per_week", "features_per_eng_week", "lead_time_mean_d", "lead_time_p85_d", "cycle_time_mean_d", "cycle_time_p85_d", "wip_mean", "backlog_mean",
		"interruptions_per_week",
		"pages_per_shift", "pages_per_shift_max", "after_hours_pages_per_eng_week", "after_hours_pages_max_eng_week", "after_hours_h_per_eng_week",
		"first_response_wait_h", "first_response_wait_p90_h", "first_response_pwait", "first_response_within_frac", "queue_mean",
		"ticket_turnaround_mean_h", "ticket_turnaround_p90_h",
		"unstable",
	)
	names = append(names, deliveryMetrics...)
	names = append(names, costMetrics...)
	names = append(names, feedbackNames...)
	// Per team kind, the same columns in every design (NaN where a design
	// has no such team), so designs share one table.
	for _, k := range Kinds {
		for _, f := range kindFields {
			names = append(names, k+"_"+f)
		}
	}
	return names
}

// Kinds lists the team kinds, in the order per-kind metrics appear.
var Kinds = []string{KindProduct, KindOps, KindSRE, KindPlatform, KindDesk}

// kindFields are the per-team-kind metrics: each kind's own time split and
// the load on it, pooled over the teams of the kind.
var kindFields = []string{
	"planned_frac", "interrupt_frac", "toil_frac", "learning_frac", "release_frac", "rework_frac", "coord_frac", "improve_frac",
	"switch_frac", "idle_frac", "unplanned_frac",
	"utilisation", "after_hours_h_per_eng_week",
	"queue_mean", "first_response_wait_h", "escalated_wait_h",
	"ticket_turnaround_mean_h", "ticket_turnaround_p90_h", "ticket_queue_mean",
	"handback_frac",
}

// shiftHours is the SRE book's unit of on-call load: at most two
// incidents per 12-hour shift.
const shiftHours = 12.0

func (m *model) result() *Result {
	now := m.env.Now()
	weeks := m.cfg.Horizon / week
	perWeek := func(x float64) float64 {
		if weeks <= 0 {
			return math.NaN()
		}
		return x / weeks
	}
	st := &m.inc
	var total int
	for _, c := range st.count {
		total += c
	}
	vals := map[string]float64{
		"incidents_per_week":            perWeek(float64(total)),
		"incidents_base_per_week":       perWeek(float64(st.count[causeBase])),
		"incidents_change_per_week":     perWeek(float64(st.count[causeChange])),
		"incidents_cascade_per_week":    perWeek(float64(st.count[causeCascade])),
		"handoffs_per_incident":         ratio(float64(st.handoffs), float64(st.restored)),
		"misroutes_per_incident":        ratio(float64(st.misroutes), float64(st.restored)),
		"cross_team_incidents_per_week": perWeek(float64(st.crossTeam)),
		"customer_escalations_per_week": perWeek(float64(st.escalations)),
		"pm_hours_per_week":             perWeek(st.pmHours),
		"postmortems_per_week":          perWeek(float64(st.postmortems)),
	}
	quantiles(vals, "ttd", &st.ttd, 0.5, 0.9, 0.99)
	quantiles(vals, "tta", &st.tta, 0.5, 0.9, 0.99)
	st.ttr.Values() // sorted for Result.Restore below: its quantiles are then read off
	quantiles(vals, "ttr", &st.ttr, 0.5, 0.9, 0.99)
	for i, s := range m.cfg.Incident.Severities {
		vals["incidents_"+s.Name+"_per_week"] = perWeek(float64(st.bySev[i]))
		vals["ttr_"+s.Name+"_mean_h"] = st.ttrSev[i].Mean()
		vals["ttr_"+s.Name+"_p90_h"] = st.ttrSev[i].Quantile(0.9)
	}
	var worst int
	for _, s := range m.services {
		worst = max(worst, s.incidents)
	}
	vals["incident_share_top"] = ratio(float64(worst), float64(total))
	res := &Result{Events: m.env.Fired(), Services: m.serviceResults(vals, now)}
	vals["customer_availability"] = 1 - m.avail.customer.Mean(now)
	vals["customer_impact_h_per_week"] = perWeek(m.avail.customer.Integral(now))
	m.workValues(vals, res, now, perWeek)
	m.kindValues(vals, now, perWeek)
	m.deliveryValues(vals, perWeek)
	m.costValues(vals, now)
	m.feedbackValues(vals, now, perWeek)
	for _, name := range MetricNames(m.cfg) {
		res.Metrics = append(res.Metrics, Metric{Name: name, Value: vals[name]})
	}
	for i, v := range m.series {
		if len(v) > 0 { // recorded: sampled at least once
			res.Series = append(res.Series, Series{Name: seriesNames[i], Values: v})
		}
	}
	res.Restore = append([]float64(nil), st.ttr.Values()...)
	return res
}

// quantiles fills name_mean_h and name_pXX_h from a sample.
func quantiles(vals map[string]float64, name string, s *sim.Samples, ps ...float64) {
	vals[name+"_mean_h"] = s.Mean()
	for _, p := range ps {
		vals[name+"_p"+pct(p)+"_h"] = s.Quantile(p)
	}
}

func pct(p float64) string {
	switch p {
	case 0.5:
		return "50"
	case 0.85:
		return "85"
	case 0.9:
		return "90"
	}
	return "99"
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// serviceResults reports each service's availability and SLO windows, and
// the organisation's means.
func (m *model) serviceResults(vals map[string]float64, now float64) []ServiceResult {
	var out []ServiceResult
	var availSum float64
	availMin := 1.0
	var windows, met int
	for _, s := range m.services {
		a := s.av.of(now)
		availSum += a
		availMin = math.Min(availMin, a)
		windows += s.av.windows
		met += s.av.metSLO
		out = append(out, ServiceResult{Name: s.name, Owner: s.owner.cfg.Name, Layer: s.layer, Critical: s.critical,
			Dependents: len(s.dependents), Incidents: s.incidents, Availability: a, SLO: s.slo, SLOAttainment: s.av.sloAttainment()})
	}
	vals["availability"], vals["availability_min"] = math.NaN(), math.NaN()
	if n := float64(len(m.services)); n > 0 {
		vals["availability"] = availSum / n
		vals["availability_min"] = availMin
	}
	vals["slo_attainment"] = ratio(float64(met), float64(windows))
	return out
}

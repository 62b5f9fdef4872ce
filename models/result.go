package models

import (
	"math"

	"github.com/opsim/opsim/sim"
)

// Metric is one named number a replication measured. Names carry their
// unit as a suffix (_h hours, _d days, _per_week, _frac a fraction).
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
	// Fractions of the engineer-hours the team was at work (on-call work
	// at night counts in its category, so fractions can add up past 1).
	Planned, Interrupt, Toil, Learning, Switch, Idle float64
	QueueMean                                        float64 // time-average waiting tasks
	FirstWaitMean                                    float64 // hours an incident waits before its first responder starts
	Pages                                            int
	AfterHoursPagesPerEngWeek                        float64
	FeaturesPerWeek                                  float64
}

// ServiceResult is one service's reliability over the horizon.
type ServiceResult struct {
	Name, Owner, Layer string
	Critical           bool
	Dependents         int     // services that depend on it directly
	Incidents          int     // incidents of every cause after warm-up
	Availability       float64 // 1 − impact-weighted outage time / horizon
	SLO                float64 // the availability target
	MetSLO             bool
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

// kindValues fills the per-team-kind metrics, pooling the teams of a kind.
func (m *model) kindValues(vals map[string]float64, now float64) {
	for _, k := range kindMetrics {
		var u timeUse
		var queue, wait float64
		var waits, teams int
		for _, t := range m.teams {
			if t.cfg.Kind != k.kind {
				continue
			}
			teams++
			u.add(t.timeUse(now))
			queue += t.res.QueueLength.Mean(now)
			if n := t.firstWait.Count(); n > 0 {
				wait += t.firstWait.Mean() * float64(n)
				waits += n
			}
		}
		present, busy, cat, sw := u.present, u.busy, u.cat, u.switchH
		get := func(f string) float64 {
			if teams == 0 || present == 0 {
				return math.NaN()
			}
			switch f {
			case "planned_frac":
				return cat[catPlanned] / present
			case "interrupt_frac":
				return cat[catInterrupt] / present
			case "toil_frac":
				return cat[catToil] / present
			case "switch_frac":
				return sw / present
			case "idle_frac":
				return math.Max(0, present-busy) / present
			case "utilisation":
				return busy / present
			case "queue_mean":
				return queue
			case "first_response_wait_h":
				if waits == 0 {
					return math.NaN()
				}
				return wait / float64(waits)
			}
			return math.NaN()
		}
		for _, f := range k.fields {
			vals[k.kind+"_"+f] = get(f)
		}
	}
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
		"handoffs_per_incident", "misroutes_per_incident",
		"incident_share_top",
		"availability", "availability_min", "slo_attainment",
		"customer_escalations_per_week", "pm_hours_per_week", "postmortems_per_week",
		"features_per_week", "lead_time_mean_d", "lead_time_p85_d", "wip_mean", "backlog_mean",
		"planned_frac", "interrupt_frac", "toil_frac", "learning_frac", "switch_frac", "idle_frac",
		"interruptions_per_week",
		"pages_per_shift", "after_hours_pages_per_eng_week", "after_hours_pages_max_eng_week",
		"first_response_wait_h", "queue_mean",
	)
	// Per team kind, the same columns in every design (NaN where a design
	// has no such team), so designs share one table.
	for _, k := range kindMetrics {
		for _, f := range k.fields {
			names = append(names, k.kind+"_"+f)
		}
	}
	return names
}

// kindMetrics are the per-team-kind metrics: product teams' time split,
// and the load on the teams that answer for others.
var kindMetrics = []struct {
	kind   string
	fields []string
}{
	{KindProduct, []string{"planned_frac", "interrupt_frac", "toil_frac", "switch_frac", "idle_frac"}},
	{KindOps, []string{"utilisation", "queue_mean", "first_response_wait_h"}},
	{KindSRE, []string{"utilisation", "queue_mean", "first_response_wait_h"}},
	{KindPlatform, []string{"utilisation", "queue_mean", "first_response_wait_h"}},
}

func (m *model) result() *Result {
	now := m.env.Now()
	weeks := m.cfg.Horizon / week
	perWeek := func(x float64) float64 {
		if weeks <= 0 {
			return math.NaN()
		}
		return x / weeks
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
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
		"ttd_mean_h":                    st.ttd.Mean(),
		"ttd_p50_h":                     st.ttd.Quantile(0.5),
		"ttd_p90_h":                     st.ttd.Quantile(0.9),
		"ttd_p99_h":                     st.ttd.Quantile(0.99),
		"tta_mean_h":                    st.tta.Mean(),
		"tta_p50_h":                     st.tta.Quantile(0.5),
		"tta_p90_h":                     st.tta.Quantile(0.9),
		"tta_p99_h":                     st.tta.Quantile(0.99),
		"ttr_mean_h":                    st.ttr.Mean(),
		"ttr_p50_h":                     st.ttr.Quantile(0.5),
		"ttr_p90_h":                     st.ttr.Quantile(0.9),
		"ttr_p99_h":                     st.ttr.Quantile(0.99),
		"handoffs_per_incident":         ratio(float64(st.handoffs), float64(st.restored)),
		"misroutes_per_incident":        ratio(float64(st.misroutes), float64(st.restored)),
		"customer_escalations_per_week": perWeek(float64(st.escalations)),
		"pm_hours_per_week":             perWeek(st.pmHours),
		"postmortems_per_week":          perWeek(float64(st.postmortems)),
	}
	for i, s := range m.cfg.Incident.Severities {
		vals["incidents_"+s.Name+"_per_week"] = perWeek(float64(st.bySev[i]))
	}

	// Availability: impact still running at the end counts up to now.
	for _, in := range m.openIncidents() { // sorted: float sums per service must not depend on map order
		sev := m.cfg.Incident.Severities[in.sev]
		in.svc.impact += (now - in.impactFrom) * sev.Impact
		in.impactFrom = now
	}
	var worst int
	for _, s := range m.services {
		worst = max(worst, s.incidents)
	}
	vals["incident_share_top"] = ratio(float64(worst), float64(total))
	var availSum float64
	availMin := 1.0
	met := 0
	var services []ServiceResult
	for _, s := range m.services {
		a := 1 - s.impact/m.cfg.Horizon
		availSum += a
		availMin = math.Min(availMin, a)
		if a >= s.slo {
			met++
		}
		services = append(services, ServiceResult{Name: s.name, Owner: s.owner.cfg.Name, Layer: s.layer, Critical: s.critical,
			Dependents: len(s.dependents), Incidents: s.incidents, Availability: a, SLO: s.slo, MetSLO: a >= s.slo})
	}
	if n := float64(len(m.services)); n > 0 {
		vals["availability"] = availSum / n
		vals["availability_min"] = availMin
		vals["slo_attainment"] = float64(met) / n
	} else {
		vals["availability"], vals["availability_min"], vals["slo_attainment"] = math.NaN(), math.NaN(), math.NaN()
	}

	// Work and people.
	var features, interruptions, pages, onCallShifts float64
	var lead []float64
	var wipSum, blSum, queueSum float64
	var all timeUse
	var afterHrs []float64
	var firstWait float64
	var firstN int
	res := &Result{Events: m.env.Fired(), Services: services}
	for _, t := range m.teams {
		features += float64(t.features)
		interruptions += float64(t.interrupt)
		lead = append(lead, t.lead.Values()...)
		wipSum += t.wipTW.Mean(now)
		blSum += t.blTW.Mean(now)
		queueSum += t.res.QueueLength.Mean(now)
		// Fractions are of working hours; work done on call at night is
		// counted in its category on top, so idle is what remains.
		u := t.timeUse(now)
		all.add(u)
		frac := func(x float64) float64 { return ratio(x, u.present) }
		tr := TeamResult{Name: t.cfg.Name, Kind: t.cfg.Kind, Engineers: t.cfg.Engineers,
			QueueMean: t.res.QueueLength.Mean(now), FirstWaitMean: t.firstWait.Mean(), Pages: t.pages,
			FeaturesPerWeek: perWeek(float64(t.features)),
			Planned:         frac(u.cat[catPlanned]), Interrupt: frac(u.cat[catInterrupt]), Toil: frac(u.cat[catToil]), Learning: frac(u.cat[catLearning]),
			Switch: frac(u.switchH), Idle: frac(math.Max(0, u.present-u.busy)), Utilisation: frac(u.busy)}
		if n := t.firstWait.Count(); n > 0 {
			firstWait += t.firstWait.Mean() * float64(n)
			firstN += n
		}
		if t.cfg.OnCall {
			var ah int
			for _, n := range t.afterHrs {
				ah += n
				afterHrs = append(afterHrs, float64(n))
			}
			tr.AfterHoursPagesPerEngWeek = perWeek(float64(ah) / float64(t.cfg.Engineers))
			pages += float64(t.pages)
			onCallShifts += m.cfg.Horizon / t.rotation()
		}
		res.Teams = append(res.Teams, tr)
	}
	var leadS sim.Samples
	for _, x := range lead {
		leadS.Add(x / day)
	}
	vals["features_per_week"] = perWeek(features)
	vals["lead_time_mean_d"] = leadS.Mean()
	vals["lead_time_p85_d"] = leadS.Quantile(0.85)
	vals["wip_mean"] = wipSum
	vals["backlog_mean"] = blSum
	vals["planned_frac"] = ratio(all.cat[catPlanned], all.present)
	vals["interrupt_frac"] = ratio(all.cat[catInterrupt], all.present)
	vals["toil_frac"] = ratio(all.cat[catToil], all.present)
	vals["learning_frac"] = ratio(all.cat[catLearning], all.present)
	vals["switch_frac"] = ratio(all.switchH, all.present)
	vals["idle_frac"] = ratio(math.Max(0, all.present-all.busy), all.present)
	vals["interruptions_per_week"] = perWeek(interruptions)
	vals["pages_per_shift"] = ratio(pages, onCallShifts)
	var ahSum, ahMax float64
	for _, n := range afterHrs {
		ahSum += n
		ahMax = math.Max(ahMax, n)
	}
	vals["after_hours_pages_per_eng_week"] = perWeek(ratio(ahSum, float64(len(afterHrs))))
	vals["after_hours_pages_max_eng_week"] = perWeek(ahMax)
	vals["first_response_wait_h"] = ratio(firstWait, float64(firstN))
	vals["queue_mean"] = queueSum

	m.kindValues(vals, now)
	for _, name := range MetricNames(m.cfg) {
		res.Metrics = append(res.Metrics, Metric{Name: name, Value: vals[name]})
	}
	for _, name := range []string{"open_incidents", "backlog", "wip", "queued_work", "ops_queue"} {
		if v, ok := m.series[name]; ok {
			res.Series = append(res.Series, Series{Name: name, Values: v})
		}
	}
	res.Restore = append([]float64(nil), st.ttr.Values()...)
	return res
}

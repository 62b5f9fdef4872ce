package models

import (
	"math"

	"github.com/opsim/opsim/sim"
)

// workValues fills the organisation-wide work and people metrics and each
// team's row.
func (m *model) workValues(vals map[string]float64, res *Result, now float64, perWeek func(float64) float64) {
	var features, interruptions, builders float64
	var lead, cycle, firstWait, turnaround [][]float64 // every team's, pooled below
	var wipSum, blSum, queueSum float64
	var afterHrs []float64
	var pages, shifts, shiftMax float64
	var ahHours, ahEngineers float64
	pageable := m.pageable()
	arrivals := false // some team's features arrive (else lead time and backlog mean nothing)
	unstable := 0.0
	for _, t := range m.teams {
		// Feature measures are the product teams': other teams' planned
		// work is engineering (automation, reliability, platform work),
		// which shows in their time split, not as features.
		if t.cfg.Kind == KindProduct {
			features += float64(t.features)
			builders += float64(t.cfg.Engineers)
			interruptions += float64(t.interrupt)
			cycle = append(cycle, t.cycle.Values())
			wipSum += t.wipTW.Mean(now)
			if !t.cfg.Saturated && t.cfg.FeatureRate > 0 {
				lead = append(lead, t.lead.Values())
				blSum += t.blTW.Mean(now)
				arrivals = true
			}
		}
		firstWait = append(firstWait, t.firstWait.Values())
		turnaround = append(turnaround, t.turnaround.Values())
		queueSum += t.res.QueueLength.Mean(now)
		u := t.ledger.use(now)
		tr := TeamResult{Name: t.cfg.Name, Kind: t.cfg.Kind, Engineers: t.cfg.Engineers,
			QueueMean: t.res.QueueLength.Mean(now), FirstWaitMean: t.firstWait.Mean(), EscalatedWaitMean: t.laterWait.Mean(),
			Pages: t.pages, FeaturesPerWeek: perWeek(float64(t.features)),
			Planned: u.share(catPlanned), Interrupt: u.share(catInterrupt), Toil: u.share(catToil), Learning: u.share(catLearning),
			Release: u.share(catRelease), Rework: u.share(catRework), Coord: u.coordination(), Improve: u.share(catImprove),
			Switch: u.share(stSwitch), Idle: u.idle(), Utilisation: u.utilisation(),
			AfterHoursPerEngWeek: perWeek(u.afterHours() / float64(t.cfg.Engineers)),
			PagesPerShift:        math.NaN(),
		}
		if pageable[t] || t.pages > 0 {
			n := m.cfg.Horizon / shiftHours
			tr.PagesPerShift = ratio(float64(t.pages), n)
			pages += float64(t.pages)
			shifts += n
			shiftMax = math.Max(shiftMax, tr.PagesPerShift)
		}
		if t.cfg.OnCall {
			var ah int
			for _, n := range t.afterHrs {
				ah += n
				afterHrs = append(afterHrs, float64(n))
			}
			tr.AfterHoursPagesPerEngWeek = perWeek(float64(ah) / float64(t.cfg.Engineers))
			ahHours += u.afterHours()
			ahEngineers += float64(t.cfg.Engineers)
		}
		var trend bool
		tr.PendingGrowthPerWeek, trend = unstableTrend(t.pending)
		all, feat := t.load(u)
		tr.Load = math.Max(all, feat)
		tr.Unstable = trend && (all >= minUnstableLoad || feat >= minUnstableLoad || math.IsNaN(feat))
		if tr.Unstable {
			unstable = 1
		}
		res.Teams = append(res.Teams, tr)
	}
	leadD, cycleD, firstH, turnH := pooled(lead, 1/day), pooled(cycle, 1/day), pooled(firstWait, 1), pooled(turnaround, 1)
	vals["features_per_week"] = perWeek(features)
	vals["features_per_eng_week"] = perWeek(ratio(features, builders))
	vals["lead_time_mean_d"] = leadD.Mean()
	vals["lead_time_p85_d"] = leadD.Quantile(0.85)
	vals["cycle_time_mean_d"] = cycleD.Mean()
	vals["cycle_time_p85_d"] = cycleD.Quantile(0.85)
	vals["wip_mean"] = wipSum
	vals["backlog_mean"] = blSum
	if !arrivals {
		vals["backlog_mean"] = math.NaN()
	}
	vals["interruptions_per_week"] = perWeek(interruptions)
	vals["pages_per_shift"] = ratio(pages, shifts)
	vals["pages_per_shift_max"] = math.NaN()
	if shifts > 0 {
		vals["pages_per_shift_max"] = shiftMax
	}
	var ahSum, ahMax float64
	for _, n := range afterHrs {
		ahSum += n
		ahMax = math.Max(ahMax, n)
	}
	vals["after_hours_pages_per_eng_week"] = perWeek(ratio(ahSum, float64(len(afterHrs))))
	vals["after_hours_pages_max_eng_week"] = math.NaN()
	if len(afterHrs) > 0 {
		vals["after_hours_pages_max_eng_week"] = perWeek(ahMax)
	}
	vals["after_hours_h_per_eng_week"] = perWeek(ratio(ahHours, ahEngineers))
	vals["first_response_wait_h"] = firstH.Mean()
	vals["first_response_wait_p90_h"] = firstH.Quantile(0.9)
	vals["first_response_pwait"] = firstH.shareAbove(0)
	vals["first_response_within_frac"] = 1 - firstH.shareAbove(m.cfg.Response.AnswerWithin)
	vals["queue_mean"] = queueSum
	vals["ticket_turnaround_mean_h"] = turnH.Mean()
	vals["ticket_turnaround_p90_h"] = turnH.Quantile(0.9)
	vals["unstable"] = unstable
}

// kindValues fills the per-team-kind metrics, pooling the teams of a kind.
func (m *model) kindValues(vals map[string]float64, now float64, perWeek func(float64) float64) {
	for _, k := range Kinds {
		var u timeUse
		var queue, ticketQueue float64
		var firsts, laters, turnarounds [][]float64 // the kind's teams', pooled below
		engineers, capped := 0, false
		var handback, days int
		for _, t := range m.teams {
			if t.cfg.Kind != k {
				continue
			}
			engineers += t.cfg.Engineers
			u.add(t.ledger.use(now))
			if t.cfg.OpsCap > 0 {
				capped = true
				handback += t.cap.days
				days += m.days
			}
			queue += t.res.QueueLength.Mean(now)
			ticketQueue += t.ticketQueue.Mean(now)
			firsts = append(firsts, t.firstWait.Values())
			laters = append(laters, t.laterWait.Values())
			turnarounds = append(turnarounds, t.turnaround.Values())
		}
		v := map[string]float64{}
		if engineers > 0 && u.present > 0 {
			first, later, turnaround := pooled(firsts, 1), pooled(laters, 1), pooled(turnarounds, 1)
			v = map[string]float64{
				"planned_frac": u.share(catPlanned), "interrupt_frac": u.share(catInterrupt), "toil_frac": u.share(catToil),
				"learning_frac": u.share(catLearning), "release_frac": u.share(catRelease), "rework_frac": u.share(catRework),
				"coord_frac": u.coordination(), "improve_frac": u.share(catImprove), "switch_frac": u.share(stSwitch), "idle_frac": u.idle(),
				"unplanned_frac": u.unplanned(), "utilisation": u.utilisation(),
				"after_hours_h_per_eng_week": perWeek(u.afterHours() / float64(engineers)),
				"queue_mean":                 queue, "first_response_wait_h": first.Mean(), "escalated_wait_h": later.Mean(),
				"ticket_turnaround_mean_h": turnaround.Mean(), "ticket_turnaround_p90_h": turnaround.Quantile(0.9),
				"ticket_queue_mean": ticketQueue,
			}
			if capped {
				v["handback_frac"] = ratio(float64(handback), float64(days))
			}
		}
		for _, f := range kindFields {
			x, ok := v[f]
			if !ok {
				x = math.NaN()
			}
			vals[k+"_"+f] = x
		}
	}
}

// pageable is the set of teams some route pages first or escalates to.
func (m *model) pageable() map[*team]bool {
	out := map[*team]bool{}
	for _, s := range m.services {
		for _, t := range m.chainFor(s) {
			out[t] = true
		}
	}
	return out
}

// pooledSample is every part's observations times scale, part after
// part, read where they are: the Welford mean over them in that order and
// their quantiles by selection across the parts, each sorted. Both are
// what one Samples fed part after part gives, to the bit, without copying
// and sorting a 1,000-team organisation's million values four times at
// the end of every replication.
type pooledSample struct {
	sim.Tally
	runs sim.SortedRuns
}

func pooled(parts [][]float64, scale float64) *pooledSample {
	p := &pooledSample{runs: sim.NewSortedRuns(scale)}
	for _, xs := range parts {
		p.runs.Add(xs)
		for _, x := range xs {
			p.Add(x * scale)
		}
	}
	return p
}

// Quantile is the q-quantile of the pooled observations (type 7).
func (p *pooledSample) Quantile(q float64) float64 { return p.runs.Quantile(q) }

// shareAbove is the share of the pooled observations above x by more than
// 1e-12, NaN for none: the margin absorbs rounding, so that a wait computed
// as a difference of clock times that should equal x is not above it.
func (p *pooledSample) shareAbove(x float64) float64 {
	return ratio(float64(p.runs.CountAbove(x+1e-12)), float64(p.runs.Count()))
}

package models

import (
	"fmt"
	"math"
	"strings"

	"github.com/opsim/opsim/sim"
)

// TeamLoad is the work a team is offered, by kind, against what it can
// do, estimated from a configuration before anything runs.
type TeamLoad struct {
	Team, Kind string
	Offered    []Load  // engineer-hours per week, by kind of work
	Capacity   float64 // engineer-hours per week the team can give that work
}

// Total is the engineer-hours offered per week.
func (l TeamLoad) Total() float64 {
	var s float64
	for _, o := range l.Offered {
		s += o.Hours
	}
	return s
}

// Load is offered work over capacity: at 1 or more the team's queue grows
// without bound.
func (l TeamLoad) Load() float64 { return ratio(l.Total(), l.Capacity) }

// String reads "team ops is offered 350 engineer-hours a week (incidents
// 300, tickets 50) for 336 it can give: load 1.04".
func (l TeamLoad) String() string {
	var parts []string
	for _, o := range l.Offered {
		if o.Hours >= 0.05 {
			parts = append(parts, fmt.Sprintf("%s %.0f", o.Work, o.Hours))
		}
	}
	return fmt.Sprintf("team %s is offered %.0f engineer-hours a week (%s) for %.0f it can give: load %.2f",
		l.Team, l.Total(), strings.Join(parts, ", "), l.Capacity, l.Load())
}

// OfferedLoad estimates each team's offered load from the configuration:
// base incident rates (before learning), change incidents at the mean
// feature size, cascades to first order along the dependency graph (one
// draw of a generated graph), the escalation chain walked with runbook
// chances (misroutes left out), tickets, postmortems and arriving
// features, swarms at their cost in channels, and improvement work (action items for every postmortem,
// automation for every so many tickets), at their mean efforts. Capacity is 40 hours a week per
// engineer of a business-hours team, plus its on-call engineers at night
// for the incidents that arrive then; a 24×7 team has one crew on duty.
// It is a warning before a run, not a result: the run measures the truth.
func OfferedLoad(cfg Config) ([]TeamLoad, error) {
	cfg.Services.RateSpread = 0 // the expected rates, not one draw of their spread
	m, err := newModel(cfg, sim.NewStreams(0, "offered-load"))
	if err != nil {
		return nil, err
	}
	offered := map[*team]*[nCat]float64{}
	for _, t := range m.teams {
		offered[t] = &[nCat]float64{}
	}
	rates := m.incidentRates()
	var pmEffort float64
	l := &m.cfg.Learning
	for _, sv := range m.cfg.Incident.Severities {
		if sv.Postmortem && l.Blameless {
			pmEffort += sv.Share * l.Effort
		}
	}
	triage := 0.0
	if m.cfg.Response.Triage.Kind != "" {
		triage = m.cfg.Response.Triage.MeanOf()
	}
	for _, s := range m.services {
		r := rates[s]
		reach := 1.0
		chain := m.chainFor(s)
		for i, t := range chain {
			effort := m.swarmedEffort(t) // mean mitigation effort, swarm channels included
			if i > 0 {
				offered[t][catInterrupt] += r * reach * m.cfg.Response.Handoff
			}
			last := i == len(chain)-1
			switch {
			case t == s.owner:
				offered[t][catInterrupt] += r * reach * effort
				reach = 0
			case last:
				offered[t][catInterrupt] += r * reach * effort * t.familiarity()
				reach = 0
			default:
				p := t.cfg.Runbooks
				offered[t][catInterrupt] += r * reach * (p*effort*t.familiarity() + (1-p)*triage)
				reach *= 1 - p
			}
			if reach == 0 {
				break
			}
		}
		offered[s.owner][catLearning] += m.ownRate(s) * pmEffort
		m.preventionLoad(offered, s, pmEffort)
	}
	toil := m.toilSize.MeanOf()
	for _, t := range m.teams {
		to := m.ticketsFirst(t)
		if to == t {
			offered[t][catToil] += t.cfg.ToilRate * toil
		} else { // done alone with the runbooks' chance, else triaged and handed to the owners
			p := to.cfg.Runbooks
			offered[to][catToil] += t.cfg.ToilRate * (p*toil + (1-p)*triage)
			offered[t][catToil] += t.cfg.ToilRate * (1 - p) * (toil + m.cfg.Response.Handoff)
		}
		m.automationLoad(offered, t, to)
		if !t.cfg.Saturated { // a saturated team's features fill its slack, whatever that is
			offered[t][catPlanned] += t.cfg.FeatureRate * m.featureSize.MeanOf()
		}
		if len(t.owned) > 0 || t.cfg.FeatureRate > 0 || t.cfg.Saturated {
			release, rework := m.pipelineLoad(t)
			offered[t][catRelease] += release
			offered[t][catRework] += rework
		}
	}
	m.coordinationLoad(offered)
	var out []TeamLoad
	for _, t := range m.teams {
		tl := TeamLoad{Team: t.cfg.Name, Kind: t.cfg.Kind, Capacity: nominalCapacity(t.cfg)}
		o := offered[t]
		if t.cfg.Calendar != AllHours && t.cfg.OnCall {
			night := week - (dayEnd-dayStart)*workDays
			oncall := 1.0
			if t.cfg.Secondary && t.cfg.Engineers > 1 {
				oncall = 2
			}
			tl.Capacity += math.Min(oncall*night, o[catInterrupt]*night) // the incidents that arrive at night
		}
		for _, c := range []int{catInterrupt, catToil, catLearning, catPlanned, catRelease, catRework, catCoord, catImprove} {
			if c < catRelease || o[c] > 0 { // the kinds of work added with the pipeline and prevention show only when asked for
				tl.Offered = append(tl.Offered, Load{Work: workNames[c], Hours: o[c] * week})
			}
		}
		out = append(out, tl)
	}
	return out, nil
}

// ownRate is a service's rate of incidents of its own making: its base
// rate and the changes its owners ship. A saturated team ships what its
// working hours allow.
func (m *model) ownRate(s *service) float64 {
	r := s.baseRate
	if len(s.owner.owned) == 0 {
		return r
	}
	t := s.owner
	return r + m.featureRate(t)*m.changeRisk(t)/float64(len(t.owned))
}

// featureRate is the features a team finishes per hour: those arriving,
// or, saturated, what its working hours allow.
func (m *model) featureRate(t *team) float64 {
	if t.cfg.Saturated {
		slots := math.Min(float64(t.wipLimit), float64(t.cfg.Engineers))
		return slots * (dayEnd - dayStart) * workDays / week / m.featureSize.MeanOf()
	}
	return t.cfg.FeatureRate
}

// changeRisk is the mean number of production incidents a feature causes,
// over the feature sizes (risk grows faster than size, so the mean size
// would understate it): without a pipeline the chance its deploy breaks
// production; with one, its share of its batch's defects that no stage
// or canary catches.
func (m *model) changeRisk(t *team) float64 {
	w := &m.cfg.Work
	if w.ChangeFailure == 0 {
		return 0
	}
	if !m.cfg.Pipeline.On() {
		capped, _ := m.batchRisk(1)
		return capped
	}
	_, perFeature := m.batchRisk(m.batchSize(t))
	escape := 1 - m.cfg.Pipeline.CanaryCatch
	for _, st := range m.cfg.Pipeline.Stages {
		escape *= 1 - st.Catch
	}
	return perFeature * escape
}

// batchRisk estimates, by sampling feature sizes, the mean chance that a
// deploy of one feature breaks production (capped at 1, the old model) and
// the mean number of defects per change in batches of k (the pipeline's
// uncapped Poisson mean, per change).
func (m *model) batchRisk(k float64) (capped, perChange float64) {
	n := max(1, int(math.Round(k)))
	if r, ok := m.riskOf[n]; ok {
		return r[0], r[1]
	}
	w := &m.cfg.Work
	size := m.featureSize.New(m.streams.Stream("offered-load/change-risk"))
	ref := referenceSize(w)
	const draws = 4000
	var c, p float64
	for range draws {
		var total float64
		for range n {
			total += size.Rand()
		}
		r := w.ChangeFailure * math.Pow(total/ref, w.BatchExponent)
		c += math.Min(1, r)
		p += r / float64(n)
	}
	if m.riskOf == nil {
		m.riskOf = map[int][2]float64{}
	}
	m.riskOf[n] = [2]float64{c / draws, p / draws}
	return c / draws, p / draws
}

// batchSize is the changes a team's deploys carry on average: the batch,
// or what a release train finds ready.
func (m *model) batchSize(t *team) float64 {
	p := &m.cfg.Pipeline
	if p.Cadence > 0 {
		return math.Max(1, m.featureRate(t)*p.Cadence)
	}
	return float64(max(1, p.Batch))
}

// pipelineLoad is the release and rework effort per hour a team's deploys
// ask of it: overhead and stage effort per deploy, and a fix for every
// defect, caught or not.
func (m *model) pipelineLoad(t *team) (release, rework float64) {
	p := &m.cfg.Pipeline
	if !p.On() {
		return 0, 0
	}
	features := m.featureRate(t)
	k := m.batchSize(t)
	perDeploy := p.Overhead
	for _, st := range p.Stages {
		perDeploy += st.Effort
	}
	_, defects := m.batchRisk(k)
	return features / k * perDeploy, features * defects * p.Rework * m.featureSize.MeanOf()
}

// incidentRates is each service's incident rate with cascades to first
// order: its own, plus each dependency's total rate times the coupling.
func (m *model) incidentRates() map[*service]float64 {
	deps := map[*service][]edge{} // service -> its dependencies (edge.to is the dependency)
	for _, d := range m.services {
		for _, e := range d.dependents {
			deps[e.to] = append(deps[e.to], edge{to: d, coupling: e.coupling})
		}
	}
	rates := map[*service]float64{}
	var rate func(s *service, depth int) float64
	rate = func(s *service, depth int) float64 {
		if r, ok := rates[s]; ok {
			return r
		}
		r := m.ownRate(s)
		if depth < len(m.services) { // acyclic by validation; the bound is a guard
			for _, e := range deps[s] {
				r += e.coupling * rate(e.to, depth+1)
			}
		}
		rates[s] = r
		return r
	}
	for _, s := range m.services {
		rate(s, 0)
	}
	return rates
}

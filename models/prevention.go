package models

import (
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// Prevention: the work that makes incidents and toil rarer, and how it
// competes with features. With every PreventionConfig field at its zero
// value nothing here runs.
//
//   - Known problems recur. An incident whose severity calls for a
//     postmortem (of the service's own making, not a cascade) leaves its
//     root cause open: until it is fixed, it adds Recurrence times the
//     service's base rate to the service's incident rate (ITIL's problem
//     management: a problem not removed brings its incidents back). A
//     problem is fixed when its postmortem and that postmortem's action
//     items are done; code and traffic also move on, so an open problem
//     goes away by itself after an exponential time of mean ProblemLife.
//   - Postmortems produce ActionItems items of ActionEffort each: planned
//     work of the service's team that, once done, lowers the service's
//     learnt rate by ActionReduction, toward the learning floor.
//   - Toil can be automated: every AutomateEvery tickets a team's
//     services raise give the team that takes those tickets first an
//     automation item of AutomationEffort that, once done, lowers the
//     ticket rate by AutomationReduction, toward ToilFloor of the original.
//   - Improvement work (action items, automation, and reliability work
//     under an error-budget freeze) takes WIP slots like features. A
//     product team reserves Reserve of its slots for it (rounded, at least
//     one when above 0): when a slot frees and improvement work waits, it
//     goes first while fewer than the reserved slots hold improvement work;
//     slots features do not need take it too. Reserve 0 is "features
//     first": under saturated demand a feature always wins. Teams whose
//     planned work is engineering (ops, SRE, platform) take improvement
//     work first, since it is what their engineering is for.
//
// Nothing is scripted: Repenning's firefighting trap ("Understanding fire
// fighting in new product development", Journal of Product Innovation
// Management 18, 2001) emerges when interrupts take the engineers the
// improvement work needs, problems stay open, incident rates climb, and
// the interrupts grow.

// PreventionConfig describes prevention work (the [prevention] table).
type PreventionConfig struct {
	ActionItems     int
	ActionEffort    float64
	ActionReduction float64
	Recurrence      float64
	ProblemLife     float64
	// Ceiling caps a service's incident rate at Ceiling times its base
	// rate (0: no cap), so that a service deep in the trap keeps a finite
	// rate, as a real one does once it is barely changed any more.
	Ceiling             float64
	AutomateEvery       int
	AutomationEffort    float64
	AutomationReduction float64
	ToilFloor           float64
	Reserve             float64
}

// on reports whether any prevention mechanism runs.
func (p *PreventionConfig) on() bool {
	return p.ActionItems > 0 || p.Recurrence > 0 || p.AutomateEvery > 0
}

// Kinds of improvement work.
const (
	impAction      = iota // a postmortem's action item
	impAutomation         // automating a team's toil
	impReliability        // reliability work under an error-budget freeze
	impPostmortem         // the postmortem itself, when a problem waits on it
)

// improvement is one item of improvement work, or a postmortem that a
// problem's fix waits on.
type improvement struct {
	task task
	kind int
	svc  *service // whose rate it lowers (action, reliability, postmortem)
	prob *problem // the problem it helps fix (action, postmortem)
	toil *team    // whose ticket rate it lowers (automation)
}

// problem is a known root cause left open by an incident.
type problem struct {
	svc   *service
	open  bool
	items int // action items not yet done
}

// teamPrevention is a team's improvement work: items waiting for a slot,
// items in progress, and what its toil has been brought down to.
type teamPrevention struct {
	queue    fifo[*improvement]
	wip      int
	reserved int                // WIP slots reserved for improvement work
	tickets  int                // tickets raised since the last automation item
	toil     float64            // ticket-rate multiplier automation has reached (1 at first)
	done     [impPostmortem]int // items finished since warm-up, by kind
}

// preventionStats are the organisation's prevention measures since
// warm-up: problems opened, fixed and gone by themselves, and the open
// problems over time.
type preventionStats struct {
	opened, fixed, aged int
	open                sim.TimeWeighted
}

func newPreventionStats() preventionStats {
	return preventionStats{open: sim.NewTimeWeighted(0, 0)}
}

// reset forgets the warm-up, keeping the problems still open.
func (s *preventionStats) reset(now float64) {
	s.opened, s.fixed, s.aged = 0, 0, 0
	s.open.Reset(now)
}

// initPrevention gives a team its reserved slots and its toil multiplier.
func (m *model) initPrevention(t *team) {
	t.pv.toil = 1
	r := m.cfg.Prevention.Reserve
	switch {
	case t.cfg.Kind != KindProduct:
		t.pv.reserved = t.wipLimit // engineering teams' planned work is improvement work
	case r > 0:
		t.pv.reserved = max(1, int(math.Round(r*float64(t.wipLimit))))
	}
}

// openProblem records a problem left by an incident on s, which recurs
// until fixed or gone by itself; it returns nil when problems are not
// modelled.
func (m *model) openProblem(s *service) *problem {
	p := &m.cfg.Prevention
	if p.Recurrence <= 0 {
		return nil
	}
	pr := &problem{svc: s, open: true}
	s.problems++
	m.pv.open.Add(m.env.Now(), 1)
	if m.warm {
		m.pv.opened++
	}
	m.setRate(s)
	if p.ProblemLife > 0 {
		m.env.AfterFunc(exp(s.problemRng(m), p.ProblemLife), func() { m.closeProblem(pr, false) })
	}
	return pr
}

// problemRng is the service's stream for problems going away by themselves.
func (s *service) problemRng(m *model) *rand.Rand {
	if s.problemDraws == nil {
		s.problemDraws = m.streams.Stream("problems/" + s.name)
	}
	return s.problemDraws
}

// closeProblem ends a problem's recurrence: fixed, or gone by itself.
func (m *model) closeProblem(pr *problem, fixed bool) {
	if pr == nil || !pr.open {
		return
	}
	pr.open = false
	pr.svc.problems--
	m.pv.open.Add(m.env.Now(), -1)
	if m.warm {
		if fixed {
			m.pv.fixed++
		} else {
			m.pv.aged++
		}
	}
	m.setRate(pr.svc)
}

// writePostmortem submits a postmortem whose completion a problem's fix
// or action items wait on.
func (m *model) writePostmortem(s *service, pr *problem, effort float64) {
	imp := &improvement{kind: impPostmortem, svc: s, prob: pr}
	imp.task = task{cat: catLearning, svc: s, imp: imp}
	s.owner.submit(&imp.task, prioLearning, effort)
}

// postmortemWritten follows a written postmortem: its action items join
// the owners' improvement work, or, with none, the problem is fixed.
func (m *model) postmortemWritten(s *service, pr *problem) {
	p := &m.cfg.Prevention
	if p.ActionItems <= 0 {
		m.closeProblem(pr, true)
		return
	}
	if pr != nil {
		pr.items = p.ActionItems
	}
	for range p.ActionItems {
		m.queueImprovement(s.owner, &improvement{kind: impAction, svc: s, prob: pr})
	}
}

// ticketRaised counts a ticket of team t's services, taken first by to;
// every AutomateEvery of them gives to an automation item.
func (m *model) ticketRaised(t, to *team) {
	p := &m.cfg.Prevention
	if p.AutomateEvery <= 0 {
		return
	}
	t.pv.tickets++
	if t.pv.tickets >= p.AutomateEvery {
		t.pv.tickets = 0
		m.queueImprovement(to, &improvement{kind: impAutomation, toil: t})
	}
}

// toilRate is the rate at which team t's services raise tickets now.
func (m *model) toilRate(t *team) float64 {
	return t.cfg.ToilRate * t.pv.toil * m.sched.toil
}

// queueImprovement adds an item to a team's improvement work and lets the
// team pull it if a slot is free.
func (m *model) queueImprovement(t *team, imp *improvement) {
	t.pv.queue.push(imp)
	m.pullFeatures(t)
}

// effort is an improvement item's effort.
func (m *model) effortOf(imp *improvement) float64 {
	switch imp.kind {
	case impAction:
		return m.cfg.Prevention.ActionEffort
	case impAutomation:
		return m.cfg.Prevention.AutomationEffort
	}
	return m.cfg.Budget.effort()
}

// pullImprovement starts improvement work in free WIP slots: in the
// reserved slots first (reserved), then in whatever slots features leave.
// A team frozen by its error budget fills every free slot, with
// reliability work when nothing else waits (errorbudget.go).
func (m *model) pullImprovement(t *team, reserved bool) {
	frozen := t.eb.frozen
	for t.wip+t.pv.wip+t.blocked < t.wipLimit {
		if reserved && t.pv.wip >= t.pv.reserved && !frozen {
			return
		}
		var imp *improvement
		switch {
		case t.pv.queue.len() > 0:
			imp = t.pv.queue.pop()
		case frozen:
			imp = m.reliabilityItem(t)
		}
		if imp == nil {
			return
		}
		t.pv.wip++
		imp.task = task{cat: catImprove, imp: imp}
		t.submit(&imp.task, prioFeature, m.effortOf(imp))
	}
}

// improvementDone credits finished improvement work (or a postmortem a
// problem waited on) and frees its slot.
func (m *model) improvementDone(tk *task) {
	imp, t := tk.imp, tk.team
	if imp.kind == impPostmortem {
		m.postmortemDone(tk)
		m.postmortemWritten(imp.svc, imp.prob)
		return
	}
	t.pv.wip--
	if m.warm {
		t.pv.done[imp.kind]++
	}
	switch imp.kind {
	case impAction:
		m.lowerRate(imp.svc, m.cfg.Prevention.ActionReduction)
		if pr := imp.prob; pr != nil {
			pr.items--
			if pr.items == 0 {
				m.closeProblem(pr, true)
			}
		}
	case impAutomation:
		p := &m.cfg.Prevention
		o := imp.toil
		o.pv.toil = math.Max(p.ToilFloor, o.pv.toil*(1-p.AutomationReduction))
	case impReliability:
		m.lowerRate(imp.svc, m.cfg.Budget.ReliabilityReduction)
	}
	m.pullFeatures(t)
}

// lowerRate lowers a service's learnt rate by the fraction r, down to the
// learning floor.
func (m *model) lowerRate(s *service, r float64) {
	s.learnt = math.Max(m.cfg.Learning.Floor*s.baseRate, s.learnt*(1-r))
	m.setRate(s)
}

// prevention checks the [prevention] keys.
func (c *checker) prevention(p *PreventionConfig) {
	c.nonNegInt("prevention.action_items", p.ActionItems)
	c.nonNegInt("prevention.automate_every", p.AutomateEvery)
	c.nonNeg("prevention.action_effort", p.ActionEffort)
	c.prob("prevention.action_reduction", p.ActionReduction)
	c.nonNeg("prevention.recurrence", p.Recurrence)
	c.nonNeg("prevention.problem_life", p.ProblemLife)
	if p.Ceiling != 0 && !(p.Ceiling >= 1 && finite(p.Ceiling)) {
		c.add("prevention.ceiling", "is a multiple of a service's base rate and must be 1 or more (0: no cap), got %v", p.Ceiling)
	}
	c.nonNeg("prevention.automation_effort", p.AutomationEffort)
	c.prob("prevention.automation_reduction", p.AutomationReduction)
	if p.AutomateEvery > 0 && !(p.ToilFloor > 0 && p.ToilFloor <= 1) {
		c.add("prevention.toil_floor", "is the share of the ticket rate automation cannot remove and must be above 0 and at most 1, got %v", p.ToilFloor)
	}
	c.prob("prevention.reserve", p.Reserve)
}

// preventionLoad adds, for OfferedLoad, the action items the postmortems
// of service s give its owners: pmEffort is the postmortem effort per
// incident, so pmEffort/Effort is the share of incidents written up.
func (m *model) preventionLoad(offered map[*team]*[nCat]float64, s *service, pmEffort float64) {
	p, l := &m.cfg.Prevention, &m.cfg.Learning
	if p.ActionItems <= 0 || !l.Blameless || l.Effort <= 0 {
		return
	}
	offered[s.owner][catImprove] += m.ownRate(s) * pmEffort / l.Effort * float64(p.ActionItems) * p.ActionEffort
}

// automationLoad adds, for OfferedLoad, the automation items team t's
// tickets give the team that takes them first.
func (m *model) automationLoad(offered map[*team]*[nCat]float64, t, to *team) {
	if p := &m.cfg.Prevention; p.AutomateEvery > 0 {
		offered[to][catImprove] += t.cfg.ToilRate / float64(p.AutomateEvery) * p.AutomationEffort
	}
}

package models

import "github.com/opsim/opsim/sim"

// Incident causes.
const (
	causeBase    = iota // the service's own failure rate
	causeChange         // a deploy went wrong
	causeCascade        // a dependency failed and coupling carried it here
	nCause
)

// incident is one production incident, from impact to restore.
type incident struct {
	id       int
	svc      *service
	sev      int
	cause    int
	parent   *incident
	children []*incident

	start     float64 // customer impact begins
	detected  float64 // -1 until detected
	acked     float64 // first acknowledgement, -1 until then
	firstWork float64 // first hands on keyboard, -1 until then
	restored  bool
	customer  bool // reported by customers
	escalated bool // became a customer escalation
	// failover: the dependent of a failed service can degrade gracefully
	// or fail over on its own (drawn when a cascade begins); without it a
	// symptom stays open until its cause is restored.
	failover bool
	waiting  bool // a symptom diagnosed and waiting for its cause

	effort    float64 // diagnosis and mitigation effort, for an owner
	chain     []*team
	step      int
	handoffs  int
	misroutes int
	work      *task   // the task in progress, if any
	parts     []*task // a swarm's parts in progress (swarm.go)
	warm      bool    // began after warm-up: counted in incident metrics
	// fault is the deploy that caused a change incident through the
	// delivery pipeline (pipeline.go), nil otherwise.
	fault *changeFault
	// involved lists the teams that have worked on the incident's family
	// (on the root incident only): each pair coordinates (coordination.go).
	involved []*team

	// What the incident schedules lives in it, so that an incident's life
	// allocates the incident and little else: its detection and
	// customer-escalation events, and room for the first two teams
	// involved. Its tasks come from the model's pool (model.tasks), not
	// from the incident: a task is two thirds of an incident's size, and finished
	// incidents were half the bytes an eight-team year allocates.
	m                    *model
	detectEv, escalateEv incidentEvent
	inv                  [2]*team
}

// incidentEvent is one of an incident's own scheduled events.
type incidentEvent struct {
	in       *incident
	escalate bool
}

// Fire detects the incident, or escalates it if it is still open.
func (e *incidentEvent) Fire() {
	in := e.in
	if !e.escalate {
		in.m.detect(in)
		return
	}
	if !in.restored {
		in.m.escalate(in)
	}
}

// pageEvent is a page on its way to being acknowledged; pages are pooled,
// since every step of every incident makes one.
type pageEvent struct {
	m       *model
	in      *incident
	t       *team
	handoff bool
}

// Fire acknowledges the page, after handing the event back to the pool.
func (e *pageEvent) Fire() {
	m, in, t, handoff := e.m, e.in, e.t, e.handoff
	m.pages.put(e) // the event list let go of it as it fired
	m.ack(in, t, handoff)
}

// impactClass is the incident's column in the availability bookkeeping:
// its severity, or, for a fault only a canary's users met, the same
// severity at the canary's share of the impact (nSev further on).
func (in *incident) impactClass(nSev int) int {
	if in.fault != nil && in.fault.canary {
		return in.sev + nSev
	}
	return in.sev
}

// incidentStats are the incident metrics of one replication.
type incidentStats struct {
	count       [nCause]int
	bySev       []int
	ttd, tta    sim.Samples
	ttr         sim.Samples
	ttrSev      []sim.Samples // per severity
	restored    int
	handoffs    int
	misroutes   int
	escalations int
	crossTeam   int // incident families that involved more than one team
	pmHours     float64
	postmortems int // completed
	open        int // incidents not yet restored, warm-up or not
}

func (s *incidentStats) reset() {
	s.count = [nCause]int{}
	clear(s.bySev)
	s.ttd.Reset(0)
	s.tta.Reset(0)
	s.ttr.Reset(0)
	for i := range s.ttrSev {
		s.ttrSev[i].Reset(0)
	}
	s.restored, s.handoffs, s.misroutes, s.escalations, s.postmortems, s.crossTeam = 0, 0, 0, 0, 0, 0
	s.pmHours = 0
}

// startIncidents runs a service's own incident process: Poisson at the
// service's current rate, which postmortems lower over time.
func (m *model) startIncidents(s *service) {
	if m.inc.bySev == nil {
		n := len(m.cfg.Incident.Severities)
		m.inc.bySev = make([]int, n)
		m.inc.ttrSev = make([]sim.Samples, n)
	}
	if m.dyn {
		m.startMovingIncidents(s)
		return
	}
	if s.rate <= 0 {
		return
	}
	s.arrive = sim.Func(func() {
		m.occur(s, causeBase, nil)
		if s.rate > 0 {
			m.env.After(s.arrivals.ExpFloat64()/s.rate, s.arrive)
		}
	})
	m.env.After(s.arrivals.ExpFloat64()/s.rate, s.arrive)
}

// occur starts an incident's customer impact and its detection; coupling
// may carry it to the services that depend on this one.
func (m *model) occur(s *service, cause int, parent *incident) { m.occurAs(s, cause, parent, nil) }

// occurAs is occur for an incident a deploy caused (fault non-nil): it may
// reach only a canary's users, be mitigated by a toggle, or be rolled back
// automatically.
func (m *model) occurAs(s *service, cause int, parent *incident, fault *changeFault) {
	now := m.env.Now()
	attr := &s.attrs[0]
	if cause != causeBase {
		attr = &s.attrs[1]
	}
	rng := attr.rng
	in := &incident{id: m.nextInc, svc: s, cause: cause, parent: parent, start: now, detected: -1, acked: -1, firstWork: -1, warm: m.warm, fault: fault, m: m}
	in.detectEv = incidentEvent{in: in}
	in.escalateEv = incidentEvent{in: in, escalate: true}
	m.nextInc++
	// Severity: a cascade is never worse than its cause.
	u := rng.Float64()
	for i, sv := range m.cfg.Incident.Severities {
		in.sev = i
		if u < sv.Share {
			break
		}
		u -= sv.Share
	}
	if parent != nil && in.sev < parent.sev {
		in.sev = parent.sev
	}
	in.effort = attr.effort[in.sev].Rand()
	if fault != nil && fault.fast {
		in.effort = m.cfg.Pipeline.Mitigate // flip the toggle; the fix is rework, later
	}
	// Drawn for every incident, so that cascades and the rest keep their
	// draws in step across designs.
	in.failover = rng.Float64() < m.cfg.Services.Failover
	if parent != nil {
		parent.children = append(parent.children, in)
	}
	m.inc.open++
	m.avail.change(now, s, in.impactClass(len(m.effort)), +1)
	m.log.incident(m, in)
	if m.warm {
		m.inc.count[cause]++
		m.inc.bySev[in.sev]++
		s.incidents++
	}
	if fault != nil {
		m.faultOpened(fault)
	}
	if m.inc.open > maxOpenIncidents {
		m.fail(m.overloadError(nil))
		return
	}

	// Cascades to dependents, after a delay, if the cause is still open.
	// A canary's fault reaches too few users to take a dependent down.
	for _, e := range s.dependents {
		if fault != nil && fault.canary {
			break
		}
		if e.coupling > 0 && s.cascade.Float64() < e.coupling {
			dep := e.to
			m.env.AfterFunc(exp(s.cascade, m.cfg.Services.CascadeDelay), func() {
				if !in.restored {
					m.occur(dep, causeCascade, in)
				}
			})
		}
	}

	// Detection: an alert, or customers noticing later. Both delays are
	// drawn either way, so every incident takes the same number of draws.
	ic := &m.cfg.Incident
	seen := rng.Float64() < ic.Monitoring
	alert, report := exp(rng, ic.AlertDelay), exp(rng, ic.CustomerDelay)
	if seen && m.hidden(s) {
		seen = false // caught, and kept quiet until customers complain
	}
	delay := alert
	if !seen {
		in.customer = true
		delay = report
	}
	if !m.autoMitigate(in, delay) {
		m.env.After(delay, &in.detectEv)
	}

	// Customer escalation when the incident outlives its severity's
	// threshold.
	if th := ic.Severities[in.sev].EscalateAfter; th > 0 {
		m.env.After(th, &in.escalateEv)
	}
}

func (m *model) escalate(in *incident) {
	if in.escalated {
		return
	}
	in.escalated = true
	if !in.warm {
		return
	}
	m.inc.escalations++
	w := 1.0
	if m.cfg.Incident.SeverityWeight {
		w = float64(len(m.cfg.Incident.Severities) - in.sev)
	}
	m.inc.pmHours += m.cfg.Incident.PMHours * w
}

// detect routes a detected incident to its first responder.
func (m *model) detect(in *incident) {
	if in.restored {
		return
	}
	in.detected = m.env.Now()
	if in.customer {
		m.escalate(in) // customers had to tell us: product management hears of it
	}
	in.chain = m.chainOf(in.svc)
	in.step = 0
	m.page(in, in.chain[0], false)
}

// chainOf is the service's escalation chain now: fixed for a design
// without an operational cap, so computed once per service; with one, it
// changes as capped teams hand work back. Callers only read it.
func (m *model) chainOf(s *service) []*team {
	if m.capped {
		return m.chainFor(s)
	}
	if s.chain == nil {
		s.chain = m.chainFor(s)
	}
	return s.chain
}

// chainFor applies the design's routes: the first that matches the
// service gives its escalation chain; "owner" stands for the owning team.
func (m *model) chainFor(s *service) []*team {
	for _, r := range m.cfg.Routing.Routes {
		if r.Layer != "" && r.Layer != s.layer {
			continue
		}
		if r.Critical != nil && *r.Critical != s.critical {
			continue
		}
		chain := make([]*team, 0, len(r.Chain))
		for i, n := range r.Chain {
			t := s.owner
			if n != "owner" {
				t = m.byName[n]
			}
			if t.cap.handback && i < len(r.Chain)-1 {
				continue // over its operational cap: the next team takes it
			}
			if len(chain) == 0 || chain[len(chain)-1] != t {
				chain = append(chain, t)
			}
		}
		return chain
	}
	return []*team{s.owner}
}

// page alerts a team about an incident. The on-call engineer acknowledges
// after a delay that is longer when paged at home; a team with nobody on
// call answers when it is next at work.
func (m *model) page(in *incident, t *team, handoff bool) {
	now := m.env.Now()
	rc := &m.cfg.Response
	rng := in.svc.response
	if m.warm {
		t.pages++
		if t.down && t.cfg.OnCall {
			t.afterHrs[t.onCallEngineer(now)]++
		}
	}
	var delay float64
	switch {
	case !t.down:
		delay = exp(rng, rc.AckBusiness)
	case t.cfg.OnCall:
		delay = exp(rng, rc.AckAfterHours) * m.pagedAtHome(t, t.onCallEngineer(now))
	default:
		delay = nextBusinessStart(now) - now + exp(rng, rc.AckBusiness)
	}
	ev := m.pages.get()
	*ev = pageEvent{m: m, in: in, t: t, handoff: handoff}
	m.env.After(delay, ev)
}

// ack starts the responder's work: the whole mitigation if they can do it
// (owners can; others with the chance their runbooks give), else triage
// before escalating to the next team in the chain.
func (m *model) ack(in *incident, t *team, handoff bool) {
	if in.restored {
		return
	}
	now := m.env.Now()
	if in.acked < 0 {
		in.acked = now
	}
	m.involve(in, t)
	m.log.acked(in, t)
	rc := &m.cfg.Response
	rng := in.svc.response
	last := in.step >= len(in.chain)-1
	owner := t == in.svc.owner
	correct := in.step < len(in.chain) && in.chain[in.step] == t
	tk := m.tasks.get()
	*tk = task{cat: catInterrupt, inc: in, first: !handoff}
	var work float64
	switch {
	case !correct: // misrouted: triage, then send it on
		work = in.svc.triage()
	case owner:
		work, tk.final = in.effort, true
	case last || rng.Float64() < t.cfg.Runbooks:
		work, tk.final = in.effort*t.familiarity(), true
	default:
		work = in.svc.triage()
	}
	if t.down && t.cfg.OnCall { // the primary at home, tired or not
		x := m.tiredness(t, t.onCallEngineer(now))
		if m.warm {
			t.fg.extra += work * (x - 1)
		}
		work *= x
	}
	if tk.final && in.cause == causeCascade && in.failover {
		work += m.cfg.Services.FailoverTime // degrade or fail over around the broken dependency
	}
	if handoff {
		work += rc.Handoff // reading the ticket, rebuilding the context
	}
	m.submitIncidentWork(in, t, tk, -len(m.cfg.Incident.Severities)+in.sev, work)
}

// incidentWorkDone either restores service or hands the incident on.
func (m *model) incidentWorkDone(tk *task) {
	in, t, final := tk.inc, tk.team, tk.final
	done := m.partDone(tk)
	m.tasks.put(tk) // nothing below reads it
	if !done {
		return // other responders of the swarm are still at it
	}
	in.work = nil
	if in.restored {
		return
	}
	if final {
		if in.cause == causeCascade && !in.failover && in.parent != nil && !in.parent.restored {
			in.waiting = true // diagnosed: the cause is upstream, and restores it
			return
		}
		m.restoredBy(t, in)
		m.restore(in)
		return
	}
	// Hand off: to the next team in the chain, or back on track after a
	// misroute. Each handoff risks going to the wrong team, more so when
	// the symptom shows in another service than the cause.
	if in.step < len(in.chain) && in.chain[in.step] == t {
		in.step++
	}
	next := in.chain[min(in.step, len(in.chain)-1)]
	in.handoffs++
	rc := &m.cfg.Response
	p := rc.Misroute
	if in.cause == causeCascade {
		p += rc.MisrouteCascade
	}
	rng := in.svc.response
	if rng.Float64() < p && len(m.teams) > 2 {
		wrong := m.teams[rng.IntN(len(m.teams))]
		for wrong == next || wrong == t {
			wrong = m.teams[rng.IntN(len(m.teams))]
		}
		in.misroutes++
		m.handOn(in, wrong)
		return
	}
	m.handOn(in, next)
}

// handOn pages the next team of a handoff, after the hesitation a
// blaming culture adds (culture.go).
func (m *model) handOn(in *incident, t *team) {
	if d := m.hesitation(in.svc); d > 0 {
		m.env.AfterFunc(d, func() {
			if !in.restored {
				m.page(in, t, true)
			}
		})
		return
	}
	m.page(in, t, true)
}

// restore ends customer impact; incidents it caused recover with it.
func (m *model) restore(in *incident) {
	if in.restored {
		return
	}
	now := m.env.Now()
	in.restored = true
	m.log.restored(in, now)
	m.inc.open--
	if in.work != nil {
		in.work.team.withdraw(in.work)
		m.tasks.put(in.work)
		in.work = nil
	}
	m.withdrawParts(in)
	s := in.svc
	m.avail.change(now, s, in.impactClass(len(m.effort)), -1)
	if in.fault != nil {
		m.faultRestored(in)
	}
	if in.warm {
		m.inc.restored++
		m.inc.ttr.Add(now - in.start)
		m.inc.ttrSev[in.sev].Add(now - in.start)
		if in.detected >= 0 {
			m.inc.ttd.Add(in.detected - in.start)
		}
		if in.acked >= 0 {
			m.inc.tta.Add(in.acked - in.detected)
		}
		m.inc.handoffs += in.handoffs
		m.inc.misroutes += in.misroutes
	}
	for _, c := range in.children {
		if !c.restored {
			m.restore(c) // recovers with its cause, seen or not
		}
	}
	if sev := m.cfg.Incident.Severities[in.sev]; sev.Postmortem && in.cause != causeCascade {
		m.postmortem(s)
	}
}

// maxOpenIncidents bounds the incidents open at once: past it the run is
// not a steady state anyone can learn from, and memory would follow.
const maxOpenIncidents = 200_000

package models

import (
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// Tickets: service requests a team's services raise (toil). The design
// decides who takes them first: the owners, or a team such as ops or a
// service desk. A team that is not the owner can do a ticket alone with the
// chance its runbooks give (at the owners' effort: a request the runbooks
// cover is routine); otherwise it triages the ticket and hands it to the owners, who
// do it after reading the handoff. Application requests that only the
// owners can do are why a central team never takes all of a product
// team's toil away.

// ticket is one service request.
type ticket struct {
	task    task
	owner   *team   // whose services raised it
	first   *team   // who takes it first
	arrived float64 // when it was raised
	size    float64 // the owners' effort
	handOn  bool    // the first team triages it and hands it to the owners
	blocks  *team   // a platform request's team, blocked until it is done (coordination.go)
}

// startToil runs the arrival of a team's tickets. Sizes and arrivals draw
// from one stream, the routing (runbook chance and triage effort) from
// another, each draw made for every ticket in every design, so designs see
// the same tickets.
func (m *model) startToil(t *team) {
	rng := m.streams.Stream("toil/" + t.cfg.Name)
	route := m.streams.Stream("toil-route/" + t.cfg.Name)
	size := m.toilSize.New(rng)
	triage := m.triageOn(route)
	to := m.ticketsFirst(t)
	var arrive sim.Handler
	arrive = sim.Func(func() {
		tk := m.newTicket(t, to, size.Rand())
		alone, tri := route.Float64() < to.cfg.Runbooks, draw(triage)
		m.ticketRaised(t, to)
		m.raise(tk, alone, tri)
		m.env.After(rng.ExpFloat64()/m.toilRate(t), arrive)
	})
	m.env.After(rng.ExpFloat64()/m.toilRate(t), arrive)
}

// triageOn is the triage effort distribution bound to a stream, nil when
// the scenario has none.
func (m *model) triageOn(rng *rand.Rand) sim.Dist {
	if spec := m.cfg.Response.Triage; spec.Kind != "" {
		return spec.New(rng)
	}
	return nil
}

// ticketsFirst is the team that takes the tickets of owner's services
// first: the design's ticket desk, or the owner itself.
func (m *model) ticketsFirst(owner *team) *team {
	if dest := m.cfg.Routing.ToilTo; dest != "" && dest != "owner" {
		return m.byName[dest]
	}
	return owner
}

// raise hands a new ticket (from newTicket) to the team that takes it
// first: the owners do it; another team does it alone with the chance its
// runbooks give (alone), or triages it and hands it on.
func (m *model) raise(tk *ticket, alone bool, triage float64) {
	to := tk.first
	m.log.ticket(m, &tk.task, tk.owner, to)
	switch {
	case to == tk.owner:
		to.submit(&tk.task, prioToil, tk.size)
	case alone:
		// A request the runbooks cover is routine for whoever follows
		// them: no familiarity penalty, unlike diagnosing an incident.
		to.submit(&tk.task, prioToil, tk.size)
	default:
		tk.handOn = true
		to.submit(&tk.task, prioToil, triage)
	}
}

// draw is a draw of d, 0 when there is none.
func draw(d sim.Dist) float64 {
	if d == nil {
		return 0
	}
	return d.Rand()
}

// ticketWorkDone finishes a ticket, or hands it from the team that
// triaged it to the owners.
func (m *model) ticketWorkDone(tk *task) {
	t, tick := tk.team, tk.tick
	now := m.env.Now()
	t.ticketsRun--
	t.ticketsOpen--
	t.ticketQueue.Set(now, float64(t.ticketsOpen-t.ticketsRun))
	if tick.handOn {
		tick.handOn = false
		m.log.handedOn(tk, tick.owner)
		tick.owner.submit(tk, prioToil, tick.size+m.cfg.Response.Handoff)
		return
	}
	m.log.done(tk, now)
	if m.warm {
		tick.first.turnaround.Add(now - tick.arrived)
	}
	if tick.blocks != nil {
		m.unblock(tick.blocks)
	}
	m.tickets.put(tick) // nothing refers to a finished ticket: the event log let go of it above
}

// newTicket is a ticket from the model's pool, raised now by owner's
// services and taken first by first. The pool's ticket is zeroed, so only
// the fields a new ticket sets are written here: copying in a whole
// ticket, and then its task again to raise it, wrote seven cache lines a
// ticket, most of them missing in a 1,000-team organisation.
func (m *model) newTicket(owner, first *team, size float64) *ticket {
	tk := m.tickets.get()
	tk.owner, tk.first, tk.arrived, tk.size = owner, first, m.env.Now(), size
	tk.task.cat, tk.task.tick = catToil, tk
	return tk
}

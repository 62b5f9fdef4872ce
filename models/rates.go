package models

import (
	"math"

	"github.com/opsim/opsim/sim"
)

// Incident rates that move during a run. Learning from postmortems has
// always lowered a service's rate; the feedback mechanisms make it move
// both ways and often: a [schedule] of load changes scales it, and known
// problems left unfixed make it recur (prevention.go). A service's rate is
//
//	rate = schedule · (learnt + recurrence · base · open problems)
//
// capped at schedule · ceiling · base, where learnt is the rate learning
// has brought it to (the whole of its rate when nothing else is on).
//
// With none of those mechanisms on, nothing here runs: the rate is the
// learnt rate and a change takes effect from the next arrival, as the
// model always did, so it reproduces its earlier results bit for bit. With
// them on, a rate change reschedules the pending arrival by the time change
// of a Poisson process (the unit-rate hazard left is kept, so a service
// whose rate triples mid-gap does not wait out a gap drawn at the old
// rate, and no extra random number is drawn).

// arrivalClock is a service's pending arrival under moving rates.
type arrivalClock struct {
	handle sim.Handle
	next   float64 // when the pending arrival fires
	hazard float64 // unit-rate hazard left, parked while the rate is 0
	parked bool
}

// dynamicRates reports whether incident rates can move other than by
// learning, so that arrivals must follow them.
func (m *model) dynamicRates() bool {
	return m.cfg.Prevention.Recurrence > 0 || m.sched.moves
}

// setRate recomputes a service's rate from its parts and moves its
// pending arrival to match.
func (m *model) setRate(s *service) {
	if !m.dyn {
		s.rate = s.learnt
		return
	}
	old := s.rate
	p := &m.cfg.Prevention
	r := s.learnt + p.Recurrence*s.baseRate*float64(s.problems)
	if p.Ceiling > 0 {
		r = math.Min(r, p.Ceiling*s.baseRate)
	}
	r *= m.sched.incident
	s.rate = r
	if s.arrive == nil || r == old {
		return
	}
	now := m.env.Now()
	c := &s.clock
	switch {
	case c.parked && r > 0:
		c.parked = false
		c.next = now + c.hazard/r
		c.handle = m.env.Schedule(c.next, sim.Normal, s.arrive)
	case !c.parked && r == 0:
		c.hazard = (c.next - now) * old
		c.parked = true
		m.env.Cancel(c.handle)
	case !c.parked:
		c.next = now + (c.next-now)*old/r
		c.handle = m.env.Reschedule(c.handle, c.next, sim.Normal)
	}
}

// startMovingIncidents is startIncidents for moving rates: the same draws
// from the same stream, with the pending arrival kept so that a rate change
// can move it.
func (m *model) startMovingIncidents(s *service) {
	c := &s.clock
	arm := func() {
		e := s.arrivals.ExpFloat64()
		if s.rate <= 0 {
			c.hazard, c.parked = e, true
			return
		}
		c.next = m.env.Now() + e/s.rate
		c.handle = m.env.Schedule(c.next, sim.Normal, s.arrive)
	}
	s.arrive = sim.Func(func() {
		m.occur(s, causeBase, nil)
		arm()
	})
	arm()
}

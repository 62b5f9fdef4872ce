package models

import (
	"math"

	"github.com/opsim/opsim/sim"
)

const (
	day       = 24.0
	dayStart  = 9.0  // business hours start
	dayEnd    = 17.0 // and end
	shiftLen  = 8.0  // a 24x7 crew's shift
	workDays  = 5    // Monday to Friday
	daysAWeek = 7
)

// weekChanges are the times business hours start or end in a week, in
// hours since Monday 00:00: Mon 9, Mon 17, Tue 33, ..., Fri 113.
var weekChanges = func() (c [2 * workDays]float64) {
	for d := 0; d < workDays; d++ {
		c[2*d], c[2*d+1] = float64(d)*day+dayStart, float64(d)*day+dayEnd
	}
	return c
}()

// inWeek splits t into the start of its week and the hour within it.
// Calendar changes fall on whole hours, where both parts are exact.
func inWeek(t float64) (start, h float64) {
	start = math.Floor(t/week) * week
	return start, t - start
}

// inBusinessHours reports whether t (hours since Monday 00:00) falls in
// Mon–Fri 09:00–17:00. Every team's calendar asks twice a day, so it is
// arithmetic on the week rather than a walk over days.
func inBusinessHours(t float64) bool {
	_, h := inWeek(t)
	for i := 0; i < len(weekChanges); i += 2 {
		if h < weekChanges[i] {
			return false
		}
		if h < weekChanges[i+1] {
			return true
		}
	}
	return false
}

// nextBusinessChange is the first time after t at which business hours
// start or end.
func nextBusinessChange(t float64) float64 {
	start, h := inWeek(t)
	for _, c := range weekChanges {
		if c > h {
			return start + c
		}
	}
	return start + week + weekChanges[0] // Monday 09:00 of the next week
}

// nextBusinessStart is the first time at or after t inside business hours.
func nextBusinessStart(t float64) float64 {
	for !inBusinessHours(t) {
		t = nextBusinessChange(t)
	}
	return t
}

// office is the organisation's business-hours calendar: one event at each
// start and end of business hours changes every business-hours team, in
// the order of the teams, where a team of its own would cost an event
// (and a place in the event list) per team per change: a fifth of the
// events of an eight-team organisation. Each team's first change, at the
// start, is its own event; joining then keeps the teams in the order their
// own events would have fired, and the office's event sits where the first
// team's own next change would have, so the results are the same to the
// bit.
type office struct {
	teams []*team
	tick  sim.Handler
}

// join adds t to the office calendar; the first to join starts it.
func (o *office) join(m *model, t *team) {
	if o.tick == nil {
		o.tick = sim.Func(func() {
			now := m.env.Now()
			open, next := inBusinessHours(now), nextBusinessChange(now)
			for _, t := range o.teams {
				t.changeHours(now, open, next)
			}
			m.env.Schedule(next, sim.Urgent, o.tick)
		})
		m.env.Schedule(nextBusinessChange(m.env.Now()), sim.Urgent, o.tick)
	}
	o.teams = append(o.teams, t)
}

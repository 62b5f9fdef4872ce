package models

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// A schedule of load changes: at given times after the warm-up the
// incident rates or the ticket rates of the whole organisation are scaled,
// at once or along a linear ramp, so that a scenario can push an
// organisation past a tipping point and bring the load back (the
// hysteresis of Repenning's firefighting trap: an organisation that tipped
// stays worse after the load is gone). Multipliers are of the scenario's
// own rates, not of the previous step's.
//
// Incident rates follow each change at once (rates.go); ticket rates from
// the next ticket on, at most a few hours later.

// ScheduleStep is one change of load.
type ScheduleStep struct {
	// At is when the change begins, in hours after the warm-up.
	At float64
	// Ramp is how long the change takes: the multipliers move linearly
	// from their values at At to the new ones, a step a day (0: at once).
	Ramp float64
	// IncidentRate and ToilRate are the new multipliers of every
	// service's incident rate and every team's ticket rate; nil leaves one
	// as it is.
	IncidentRate, ToilRate *float64
}

// scheduleState is the load the schedule has reached.
type scheduleState struct {
	incident, toil float64 // current multipliers
	moves          bool    // some step changes incident rates
	gen            [2]int  // per multiplier: ramps started, so a later step stops an earlier ramp
	// loadStart and loadEnd are when the schedule's first change begins
	// and its last ends (hours since the start of the run; NaN: no
	// schedule), for the measures of recovery after the load.
	loadStart, loadEnd float64
}

func newScheduleState(steps []ScheduleStep, warmup float64) scheduleState {
	s := scheduleState{incident: 1, toil: 1, loadStart: math.NaN(), loadEnd: math.NaN()}
	for i, st := range steps {
		s.moves = s.moves || st.IncidentRate != nil
		if i == 0 || warmup+st.At < s.loadStart {
			s.loadStart = warmup + st.At
		}
		if i == 0 || warmup+st.At+st.Ramp > s.loadEnd {
			s.loadEnd = warmup + st.At + st.Ramp
		}
	}
	return s
}

// startSchedule schedules every step, in order of time.
func (m *model) startSchedule() {
	steps := slices.Clone(m.cfg.Schedule)
	slices.SortStableFunc(steps, func(a, b ScheduleStep) int { return cmp.Compare(a.At, b.At) })
	for _, st := range steps {
		m.env.AfterFunc(m.cfg.Warmup+st.At, func() {
			if st.IncidentRate != nil {
				m.ramp(0, *st.IncidentRate, st.Ramp)
			}
			if st.ToilRate != nil {
				m.ramp(1, *st.ToilRate, st.Ramp)
			}
		})
	}
}

// ramp moves multiplier k (0 incidents, 1 tickets) to v over d hours.
func (m *model) ramp(k int, v, d float64) {
	m.sched.gen[k]++
	gen := m.sched.gen[k]
	from := m.schedValue(k)
	steps := max(1, int(math.Ceil(d/day-1e-9)))
	for i := 1; i <= steps; i++ {
		x := from + (v-from)*float64(i)/float64(steps)
		if i == steps {
			x = v // exactly the target, whatever the rounding on the way
		}
		delay := 0.0
		if d > 0 {
			delay = d * float64(i) / float64(steps)
		}
		m.env.AfterFunc(delay, func() {
			if m.sched.gen[k] == gen {
				m.setSchedValue(k, x)
			}
		})
	}
}

func (m *model) schedValue(k int) float64 {
	if k == 0 {
		return m.sched.incident
	}
	return m.sched.toil
}

// setSchedValue sets multiplier k and moves every incident rate with it.
func (m *model) setSchedValue(k int, v float64) {
	if k == 1 {
		m.sched.toil = v
		return
	}
	m.sched.incident = v
	for _, s := range m.services {
		m.setRate(s)
	}
}

// schedule checks the [[schedule]] steps.
func (c *checker) schedule(steps []ScheduleStep) {
	for i, st := range steps {
		p := fmt.Sprintf("schedule.%d", i)
		c.nonNeg(p+".at", st.At)
		c.nonNeg(p+".ramp", st.Ramp)
		if st.IncidentRate != nil {
			c.nonNeg(p+".incident_rate", *st.IncidentRate)
		}
		if st.ToilRate != nil && !(*st.ToilRate > 0 && finite(*st.ToilRate)) {
			c.add(p+".toil_rate", "is a multiplier of the ticket rates and must be more than 0, got %v", *st.ToilRate)
		}
	}
}

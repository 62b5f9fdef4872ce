package models

import (
	"math"
	"math/bits"

	"github.com/opsim/opsim/sim"
)

// Work categories, for the time split every team reports.
const (
	catPlanned   = iota // features
	catInterrupt        // incident work: triage, diagnosis, mitigation
	catToil             // tickets
	catLearning         // postmortems
	catRelease          // deploy overhead and pre-production stages (pipeline.go)
	catRework           // fixing failed changes (pipeline.go)
	catCoord            // communication, onboarding, cross-team incident coordination (coordination.go)
	catImprove          // improvement work: action items, automation, reliability work (prevention.go)
	nCat
)

// The ledger's extra states, time spent on no task's effort: stSwitch is
// an engineer getting back into a task (a refocus after an interruption,
// or the share of time lost while juggling several tasks); stTalk is the
// share of planned work that goes to talking with teammates as a team
// grows (Brooks; coordination.go), reported with coordination.
const (
	stSwitch = nCat
	stTalk   = nCat + 1
	nState   = nCat + 2
)

// ledger.busy has a bit per state: this fails to compile past 16 states.
const _ = uint16(1<<nState - 1)

// ledger is a team's time accounting. Every engineer at work is idle or in
// exactly one state (a category of work, or switching), so the working-hour
// shares add up to 1 by construction; work done on call at home is booked
// apart, as after-hours hours, and never inflates a share of working time.
//
// Counts are fractional: an engineer working at speed v on a task books v
// to the task's category and 1−v to switching.
type ledger struct {
	down bool // outside working hours; beside cur, which every add reads too
	// busy has bit s set while cur[s] is not 0, so that a calendar change
	// visits only the states someone is in.
	busy  uint16
	cur   [nState]float64
	work  [nState]sim.TimeWeighted // during working hours
	after [nState]sim.TimeWeighted // on call, outside working hours
	// present is the number of engineers at work: the team, or the crew on
	// duty; 0 at night for business-hours teams.
	present sim.TimeWeighted
}

func newLedger(now, present float64) ledger {
	var l ledger
	for s := range l.work {
		l.work[s] = sim.NewTimeWeighted(now, 0)
		l.after[s] = sim.NewTimeWeighted(now, 0)
	}
	l.present = sim.NewTimeWeighted(now, present)
	return l
}

// add moves d engineers into (d > 0) or out of state s.
func (l *ledger) add(now float64, s int, d float64) {
	l.cur[s] += d
	if math.Abs(l.cur[s]) < 1e-12 {
		l.cur[s] = 0 // fractional speeds must not leave a residue when nobody is left
		l.busy &^= 1 << s
	} else {
		l.busy |= 1 << s
	}
	if l.down {
		l.after[s].Set(now, l.cur[s])
	} else {
		l.work[s].Set(now, l.cur[s])
	}
}

// setDown switches between working hours and after hours: from now on the
// engineers busy are booked to the other side.
func (l *ledger) setDown(now float64, down bool, present float64) {
	l.present.Set(now, present)
	if down == l.down {
		return
	}
	l.down = down
	// A state nobody is in has value 0 on both sides already, and setting
	// 0 to 0 adds exactly 0 to the area: skipping it keeps every integral
	// bit for bit, and spares the two calendar changes a day of every team
	// most of its states. The states go in order, lowest first.
	for b := l.busy; b != 0; b &= b - 1 {
		s := bits.TrailingZeros16(b)
		if down {
			l.work[s].Set(now, 0)
			l.after[s].Set(now, l.cur[s])
		} else {
			l.after[s].Set(now, 0)
			l.work[s].Set(now, l.cur[s])
		}
	}
}

// reset forgets the history (end of warm-up), keeping the current state.
func (l *ledger) reset(now float64) {
	for s := range l.work {
		l.work[s].Reset(now)
		l.after[s].Reset(now)
	}
	l.present.Reset(now)
}

// timeUse is how a team's engineer-hours were spent since warm-up.
type timeUse struct {
	present float64         // engineer-hours at work
	work    [nState]float64 // engineer-hours at work in each state
	after   [nState]float64 // engineer-hours on call outside working hours
}

func (l *ledger) use(now float64) timeUse {
	u := timeUse{present: l.present.Integral(now)}
	for s := range l.work {
		u.work[s] = l.work[s].Integral(now)
		u.after[s] = l.after[s].Integral(now)
	}
	return u
}

// add pools another team's time into u.
func (u *timeUse) add(v timeUse) {
	u.present += v.present
	for s := range u.work {
		u.work[s] += v.work[s]
		u.after[s] += v.after[s]
	}
}

// busy is the engineer-hours at work spent on anything.
func (u *timeUse) busy() float64 {
	var b float64
	for _, h := range u.work {
		b += h
	}
	return b
}

// afterHours is the engineer-hours worked on call outside working hours.
func (u *timeUse) afterHours() float64 {
	var b float64
	for _, h := range u.after {
		b += h
	}
	return b
}

// share is a state's share of working hours, NaN when nobody was at work.
func (u *timeUse) share(s int) float64 {
	if u.present <= 0 {
		return math.NaN()
	}
	return unit(u.work[s] / u.present)
}

// utilisation is the share of working hours spent busy.
func (u *timeUse) utilisation() float64 {
	if u.present <= 0 {
		return math.NaN()
	}
	return unit(u.busy() / u.present)
}

// unit clamps a share to [0, 1]: busy time never exceeds time at work, but
// summing fractional engineer counts can overshoot by an ulp, and a share
// of 1.0000000000000002 would read as impossible.
func unit(x float64) float64 { return math.Min(1, math.Max(0, x)) }

// idle is the share of working hours spent on nothing.
func (u *timeUse) idle() float64 {
	if u.present <= 0 {
		return math.NaN()
	}
	return math.Max(0, u.present-u.busy()) / u.present
}

// coordination is the share of working hours spent coordinating: tasks of
// coordination (onboarding, incident bridges) and talk on planned work.
func (u *timeUse) coordination() float64 {
	return unit(u.share(catCoord) + u.share(stTalk))
}

// unplanned is the share of working hours taken by incidents, tickets,
// reworking failed changes and getting back into interrupted work: what
// interrupts cost a team (DORA's "unplanned work and rework").
func (u *timeUse) unplanned() float64 {
	return unit(u.share(catInterrupt) + u.share(catToil) + u.share(catRework) + u.share(stSwitch))
}

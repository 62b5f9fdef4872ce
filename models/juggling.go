package models

import "github.com/opsim/opsim/sim"

// Context switching. Two models, chosen per scenario:
//
//   - a fixed refocus time paid each time an engineer resumes a task that
//     urgent work interrupted (the default, after Parnin and Rugaber 2011:
//     programmers take 10–15 minutes to resume editing after an
//     interruption);
//   - Weinberg's table (Quality Software Management, 1992): an engineer
//     juggling 2, 3, 4, 5 tasks loses 20, 40, 60, 75% of the time. Field
//     data find it overstates the loss (Tregubov et al. 2017 measured 17%
//     of effort for developers on two or more projects), so it is a named
//     choice, not the default.
//
// Weinberg's loss applies to the tasks one person has started and not
// finished. A task interrupted on engineer s is held by s until it runs
// again (on s or anyone else); a calendar change (the team going home, a
// new crew taking over) starts everyone with nothing held, because the
// servers of a team are seats, not people.

// weinberg is the share of time lost when juggling k tasks: 1 task loses
// nothing, 5 lose 75%.
var weinberg = []float64{0, 0, 0.20, 0.40, 0.60, 0.75}

// setupTime is the refocus a task costs when it (re)starts after urgent
// work interrupted it, under the fixed model.
func (t *team) setupTime(j *sim.Job) float64 {
	tk := j.Data.(*task)
	tk.setup = 0
	if w := &t.m.cfg.Work; !w.Weinberg && tk.interrupted && w.ContextSwitch > 0 {
		tk.setup = w.ContextSwitch
	}
	return tk.setup
}

// speed is the pace of a task's work in the segment that starts now: under
// Weinberg's model an engineer who starts a task while holding k−1
// interrupted ones juggles k, and works at 1 − loss(k) of full speed, so
// a page that interrupts a feature takes 25% longer.
func (t *team) speed(j *sim.Job) float64 {
	tk := j.Data.(*task)
	tk.speed = 1
	if t.m.cfg.Work.Weinberg {
		s := j.Server() // the engine places the job before asking its pace
		k := 1 + t.heldBy[s]
		if t.holds(tk) && tk.holder == s {
			k-- // resuming the task it holds juggles nothing new
		}
		tk.speed = 1 - weinberg[min(k, len(weinberg)-1)]
	}
	tk.talk = 0
	if tk.cat == catPlanned && t.talk > 0 {
		tk.talk = tk.speed * t.talk // of the time left after juggling, talk goes to the team
		tk.speed -= tk.talk
	}
	return tk.speed
}

// hold records that engineer s keeps an interrupted task in mind.
func (t *team) hold(tk *task, s int) {
	tk.holder, tk.holdGen = s, t.holdGen
	t.heldBy[s]++
	t.held++
}

// holds reports whether the task is still held by someone: a calendar
// change since it was interrupted lets go of every hold.
func (t *team) holds(tk *task) bool { return tk.holder >= 0 && tk.holdGen == t.holdGen }

// release lets go of a task that resumed or went away.
func (t *team) release(tk *task) {
	if t.holds(tk) {
		t.heldBy[tk.holder]--
		t.held--
	}
	tk.holder = -1
}

// releaseAll starts a new shift with nothing held.
func (t *team) releaseAll() {
	t.holdGen++
	if t.held > 0 { // mostly nothing is held: clearing cost a call per team per change
		clear(t.heldBy)
		t.held = 0
	}
}

package models

import (
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// Work categories, for the time split every team reports.
const (
	catPlanned   = iota // features
	catInterrupt        // incident work: triage, diagnosis, mitigation
	catToil             // tickets
	catLearning         // postmortems
	nCat
)

// Job priorities: smaller is more urgent. Incident work sits below zero
// (SEV1 lowest), so an on-call engineer limited to priority <= onCallLimit
// at night takes incidents and nothing else.
const (
	prioToil     = 1
	prioLearning = 1
	prioFeature  = 2
	onCallLimit  = -1
)

// team is a team of engineers: one multi-server resource whose servers are
// the engineers present.
type team struct {
	m    *model
	idx  int
	cfg  TeamConfig
	res  *sim.Resource
	rng  *rand.Rand
	down bool // outside working hours (business-hours teams)

	// features
	owned    []*service // services this team owns, where its deploys land
	backlog  []*feature
	wip      int
	wipLimit int
	wipTW    sim.TimeWeighted
	blTW     sim.TimeWeighted

	// accounting
	busy      [nCat]sim.TimeWeighted // engineers busy on each category
	present   sim.TimeWeighted       // engineers at work (not on call at home)
	setup     [nCat]float64          // context-switch hours inside busy
	pages     int
	afterHrs  []int // after-hours pages per engineer
	interrupt int   // planned work interrupted by urgent work
	// heldBy counts, per engineer (server), the interrupted tasks that
	// engineer still holds in their head: what they juggle.
	heldBy    []int
	firstWait sim.Tally
	features  int
	lead      sim.Samples
}

// task is what a sim.Job carries: which team does it and why.
type task struct {
	job    sim.Job
	team   *team
	cat    int
	inc    *incident // incident work
	feat   *feature  // feature work
	final  bool      // incident work that restores service (not triage)
	first  bool      // first responder's work (for the first-response wait)
	queued float64   // when it was submitted
	// interrupted is set when urgent work displaced this task; resuming it
	// costs a context switch.
	interrupted bool
	// server is the engineer the task last ran on; holder is the engineer
	// holding it while interrupted (-1: nobody).
	server, holder int
}

func (m *model) newTeam(i int, cfg TeamConfig) *team {
	t := &team{m: m, idx: i, cfg: cfg, rng: m.streams.Stream("team/" + cfg.Name)}
	t.res = sim.NewResource(m.env, cfg.Name, cfg.Engineers)
	t.res.Preemptive = cfg.Interrupts != "shield"
	t.res.SetupTime = t.setupTime
	t.afterHrs = make([]int, cfg.Engineers)
	t.heldBy = make([]int, cfg.Engineers)
	t.wipLimit = cfg.WIPLimit
	if t.wipLimit == 0 {
		t.wipLimit = cfg.Engineers
		if cfg.Interrupts == "shield" && cfg.Engineers > 1 {
			t.wipLimit = cfg.Engineers - 1 // the interrupt handler builds nothing
		}
	}
	now := m.env.Now()
	for c := range t.busy {
		t.busy[c] = sim.NewTimeWeighted(now, 0)
	}
	t.present = sim.NewTimeWeighted(now, float64(cfg.Engineers))
	t.wipTW = sim.NewTimeWeighted(now, 0)
	t.blTW = sim.NewTimeWeighted(now, 0)
	return t
}

// weinberg is the share of time lost when juggling k tasks (Weinberg,
// Quality Software Management): 1 task loses nothing, 5 lose 75%.
var weinberg = []float64{0, 0, 0.20, 0.40, 0.60, 0.75}

// setupTime is the context switch a task costs when it (re)starts.
//
// With Weinberg's table, an engineer who starts work while holding k−1
// interrupted tasks juggles k, and works at 1 − loss(k) of full speed: a
// page that interrupts a feature takes 25% longer. Otherwise a fixed
// penalty is paid to get back into an interrupted task.
func (t *team) setupTime(j *sim.Job) float64 {
	w := &t.m.cfg.Work
	tk := j.Data.(*task)
	if w.Weinberg {
		s := j.Server()
		k := 1 + t.heldBy[s]
		if tk.holder == s {
			k-- // this task is the one it holds: resuming it juggles nothing new
		}
		loss := weinberg[min(k, len(weinberg)-1)]
		d := j.Work * loss / (1 - loss)
		t.setup[tk.cat] += d
		return d
	}
	if tk.interrupted && w.ContextSwitch > 0 {
		t.setup[tk.cat] += w.ContextSwitch
		return w.ContextSwitch
	}
	return 0
}

// hold records that engineer s holds an interrupted task; release that
// the task resumed or went away.
func (t *team) hold(tk *task, s int) {
	tk.holder = s
	t.heldBy[s]++
}

func (t *team) release(tk *task) {
	if tk.holder >= 0 {
		t.heldBy[tk.holder]--
		tk.holder = -1
	}
}

// timeUse is how a team's engineer-hours were spent since warm-up.
type timeUse struct {
	present float64       // engineer-hours at work
	busy    float64       // engineer-hours busy, switching included
	cat     [nCat]float64 // busy hours per category, switching excluded
	switchH float64       // context-switch hours
}

// timeUse splits the team's busy time into categories and switching.
func (t *team) timeUse(now float64) timeUse {
	u := timeUse{present: t.present.Integral(now)}
	for c := 0; c < nCat; c++ {
		h := t.busy[c].Integral(now)
		s := math.Min(t.setup[c], h)
		u.cat[c] = h - s
		u.switchH += s
		u.busy += h
	}
	return u
}

// add pools another team's time into u.
func (u *timeUse) add(v timeUse) {
	u.present += v.present
	u.busy += v.busy
	u.switchH += v.switchH
	for c := range u.cat {
		u.cat[c] += v.cat[c]
	}
}

// rotation is how long a primary stays on call.
func (t *team) rotation() float64 {
	if t.cfg.RotationLength <= 0 {
		return week
	}
	return t.cfg.RotationLength
}

// submit hands a task to the team.
func (t *team) submit(tk *task, prio int, work float64) {
	tk.team = t
	tk.holder = -1
	tk.job.Priority = prio
	tk.job.Work = work
	tk.job.Data = tk
	tk.job.OnStart = t.m.onStart
	tk.job.OnPreempt = t.m.onPreempt
	tk.job.OnDone = t.m.onDone
	tk.queued = t.m.env.Now()
	t.res.Submit(&tk.job)
}

// withdraw takes a task away (its incident was restored another way).
func (t *team) withdraw(tk *task) {
	if tk.job.Running() {
		t.busy[tk.cat].Add(t.m.env.Now(), -1)
	}
	t.release(tk)
	t.res.Remove(&tk.job)
}

// onCallEngineer is the engineer who is primary on call at time now.
func (t *team) onCallEngineer(now float64) int {
	return int(now/t.rotation()) % t.cfg.Engineers
}

// crewSize is the number of engineers of crew k when the team is split
// into crews that take shifts in turn.
func (t *team) crewSize(k int) int {
	c := max(1, t.cfg.Crews)
	n := t.cfg.Engineers / c
	if k < t.cfg.Engineers%c {
		n++
	}
	return n
}

// clock starts the team's calendar: business-hours teams go home at 17:00
// and leave their on-call engineer(s) answering pages only; 24×7 teams
// change crews every 8 hours.
func (t *team) clock() {
	if t.cfg.Calendar == AllHours {
		if t.cfg.Crews <= 1 {
			return // everyone is always on duty
		}
		var shift sim.Handler
		shift = sim.Func(func() {
			now := t.m.env.Now()
			k := int(math.Floor(now/shiftLen+1e-9)) % t.cfg.Crews
			t.res.SetCapacity(t.crewSize(k))
			t.present.Set(now, float64(t.crewSize(k)))
			t.m.env.Schedule(math.Floor(now/shiftLen+1e-9)*shiftLen+shiftLen, sim.Urgent, shift)
		})
		t.m.env.Schedule(0, sim.Urgent, shift)
		return
	}
	var change sim.Handler
	change = sim.Func(func() {
		now := t.m.env.Now()
		if inBusinessHours(now) {
			t.down = false
			t.present.Set(now, float64(t.cfg.Engineers))
			t.res.SetCapacity(t.cfg.Engineers)
			t.res.SetPriorityLimit(math.MaxInt)
		} else {
			t.down = true
			t.present.Set(now, 0)
			n := 0
			if t.cfg.OnCall {
				n = 1
				if t.cfg.Secondary && t.cfg.Engineers > 1 {
					n = 2
				}
			}
			t.res.SetPriorityLimit(onCallLimit)
			t.res.SetCapacity(n)
		}
		t.m.env.Schedule(nextBusinessChange(now), sim.Urgent, change)
	})
	t.m.env.Schedule(0, sim.Urgent, change)
}

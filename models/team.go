package models

import (
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
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
	// What most events read comes first, to share a few cache lines: at
	// 1,000 teams a team is out of cache when its next event comes.
	m        *model
	res      *sim.Resource
	rng      *rand.Rand
	down     bool    // outside working hours (business-hours teams)
	held     int32   // tasks held in mind (heldBy's sum), in down's padding: no field moves
	talk     float64 // share of planned work lost to talking with teammates (coordination.go)
	blocked  int     // WIP slots held by open platform requests (coordination.go)
	wip      int
	wipLimit int
	holdGen  int
	features int
	backlog  fifo[*feature]
	// tickets this team works: open (submitted, not done) and running
	ticketsOpen, ticketsRun int
	// heldBy counts, per engineer (server), the interrupted tasks that
	// engineer still holds in mind: what they juggle; held (above) is
	// their sum. holdGen changes at every calendar change, letting go of
	// every hold at once.
	heldBy []int
	ledger ledger
	// offered is the effort submitted to the team per category since the
	// start, for the overload diagnosis; offeredWarm the effort that
	// arrived since warm-up (features as they join the backlog), for the
	// stability check.
	offered, offeredWarm [nCat]float64
	// riskMult scales the team's change-failure chance: what running its
	// own services has taught it (culture.go), 1 at first.
	riskMult float64

	idx int
	cfg TeamConfig

	// features
	owned    []*service // services this team owns, where its deploys land
	pipe     *pipeline  // changes on their way to production (nil: none yet)
	featureD sim.Dist   // feature sizes, for a saturated team
	wipTW    sim.TimeWeighted
	blTW     sim.TimeWeighted

	// accounting
	pages     int
	afterHrs  []int       // after-hours pages per engineer
	interrupt int         // planned work interrupted by urgent work
	firstWait sim.Samples // queue wait of incidents at their first responder
	laterWait sim.Samples // queue wait of incidents handed to this team
	lead      sim.Samples // feature arrival to done
	cycle     sim.Samples // feature start to done
	// wipHours is the time finished features spent in progress since
	// warm-up: with the time of those still in progress it is the area
	// under WIP (Little's law on the sample path).
	wipHours    float64
	ticketQueue sim.TimeWeighted
	turnaround  sim.Samples
	// pending is the daily series of the team's unfinished tasks (waiting,
	// in service, and features in the backlog), for the growth check.
	pending []float64
	cap     opsCap
	pv      teamPrevention // improvement work (prevention.go)
	eb      teamBudget     // an error-budget freeze (errorbudget.go)
	fg      teamFatigue    // its people's fatigue and departures (fatigue.go)
}

// task is what a sim.Job carries: which team does it and why. The fields
// read each time the task starts or stops (its team, category and pace)
// follow the job, so that they share the job's last cache line; what the
// task is for comes after: at 1,000 teams most tasks are out of cache when
// they start, and this order spared 2% of a year's cache misses.
type task struct {
	job  sim.Job
	team *team
	cat  int
	// The pace of the current segment: a refocus first, then work at speed,
	// of which talk is the share lost to talking with teammates.
	setup, speed, talk float64
	inSetup            bool
	// interrupted is set when urgent work displaced this task; resuming it
	// costs a context switch.
	interrupted bool
	final       bool // incident work that restores service (not triage)
	first       bool // first responder's work (for the first-response wait)
	helper      bool // a swarm's extra responder (swarm.go): no wait of its own
	// server is the engineer the task last ran on; holder the engineer
	// holding it while interrupted (-1: nobody), valid in holdGen.
	server, holder, holdGen int
	setupEnd                sim.Handle
	inc                     *incident    // incident work
	feat                    *feature     // feature work
	svc                     *service     // a postmortem's service
	then                    func()       // pipeline work: what to do once it is done
	tick                    *ticket      // ticket work
	imp                     *improvement // improvement work, or a postmortem a problem waits on
	queued                  float64      // when it was submitted
}

// Fire ends the task's refocus: from now on its engineer works on it.
func (tk *task) Fire() {
	t := tk.team
	now := t.m.env.Now()
	tk.inSetup = false
	t.ledger.add(now, stSwitch, -1)
	t.working(tk, now, +1)
}

func (m *model) newTeam(i int, cfg TeamConfig) *team {
	t := &team{m: m, idx: i, cfg: cfg, rng: m.streams.Stream("team/" + cfg.Name)}
	t.res = sim.NewResource(m.env, cfg.Name, cfg.Engineers)
	t.res.Preemptive = cfg.Interrupts != "shield"
	t.res.SetupTime = t.setupTime
	t.res.Speed = t.speed
	t.afterHrs = make([]int, cfg.Engineers)
	t.heldBy = make([]int, cfg.Engineers)
	t.talk = m.cfg.Coordination.talkShare(cfg.Engineers)
	t.wipLimit = cfg.WIPLimit
	if t.wipLimit == 0 {
		t.wipLimit = cfg.Engineers
		if cfg.Interrupts == "shield" && cfg.Engineers > 1 {
			t.wipLimit = cfg.Engineers - 1 // the interrupt handler builds nothing
		}
	}
	now := m.env.Now()
	t.ledger = newLedger(now, float64(cfg.Engineers))
	t.wipTW = sim.NewTimeWeighted(now, 0)
	t.blTW = sim.NewTimeWeighted(now, 0)
	t.ticketQueue = sim.NewTimeWeighted(now, 0)
	m.initPrevention(t)
	m.initFatigue(t)
	t.riskMult = 1
	return t
}

// working books a task's engineer as working on it (sign +1) or no longer
// (−1): at speed v, v of the engineer goes to the task's category, the
// share talk takes (coordination.go) to talking, and the rest to
// switching.
func (t *team) working(tk *task, now, sign float64) {
	t.ledger.add(now, tk.cat, sign*tk.speed)
	if tk.talk > 0 {
		t.ledger.add(now, stTalk, sign*tk.talk)
		if lost := 1 - tk.speed - tk.talk; lost > 1e-12 {
			t.ledger.add(now, stSwitch, sign*lost)
		}
		return
	}
	if tk.speed < 1 {
		t.ledger.add(now, stSwitch, sign*(1-tk.speed))
	}
}

// started books a task that just started or resumed: refocusing first if
// it needs to, else working.
func (t *team) started(tk *task, now float64) {
	if tk.setup > 0 {
		tk.inSetup = true
		t.ledger.add(now, stSwitch, +1)
		tk.setupEnd = t.m.env.Schedule(now+tk.setup, sim.Normal, tk)
		return
	}
	t.working(tk, now, +1)
}

// stopped books a task that left its engineer (done, interrupted, taken
// away): only the refocus actually spent was switching.
func (t *team) stopped(tk *task, now float64) {
	if tk.inSetup {
		tk.inSetup = false
		t.m.env.Cancel(tk.setupEnd)
		t.ledger.add(now, stSwitch, -1)
		return
	}
	t.working(tk, now, -1)
}

// familiarity is the team's effort multiplier on services it does not own.
func (t *team) familiarity() float64 {
	if t.cfg.Familiarity == 0 {
		return 1
	}
	return t.cfg.Familiarity
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
	m := t.m
	tk.team = t
	tk.holder = -1
	tk.job.Priority = prio
	tk.job.Work = work
	tk.job.Data = tk
	// The callbacks are bound once per model: a method value made here
	// would allocate for every task.
	tk.job.OnStart, tk.job.OnPreempt, tk.job.OnDone = m.onStartFn, m.onPreemptFn, m.onDoneFn
	now := m.env.Now()
	tk.queued = now
	t.offered[tk.cat] += work
	if tk.cat != catPlanned { // features count when they arrive (startFeatures)
		t.offeredWarm[tk.cat] += work
	}
	if tk.cat == catToil {
		t.ticketsOpen++
		t.ticketQueue.Set(now, float64(t.ticketsOpen-t.ticketsRun))
	}
	t.res.Submit(&tk.job)
	m.guard(t)
}

// withdraw takes a task away (its incident was restored another way).
func (t *team) withdraw(tk *task) {
	now := t.m.env.Now()
	if tk.job.Running() {
		t.stopped(tk, now)
	}
	t.release(tk)
	t.res.Remove(&tk.job)
	t.m.setupSpent += tk.job.Setup
	t.m.workWithdrawn += tk.job.Work
}

// onCallEngineer is the engineer who is primary on call at time now: the
// rotation's, or the next one present while that one has left and is not
// yet replaced (fatigue.go).
func (t *team) onCallEngineer(now float64) int {
	p := int(now/t.rotation()) % t.cfg.Engineers
	for k := 0; t.fg.absent > 0 && k < t.cfg.Engineers && t.fg.people[p].absent; k++ {
		p = (p + 1) % t.cfg.Engineers
	}
	return p
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
// change crews every 8 hours. Each change starts people with nothing held
// in mind: the crew coming in did not start the tasks it finds.
func (t *team) clock() {
	if t.cfg.Calendar == AllHours {
		if t.cfg.Crews <= 1 {
			return // everyone is always on duty
		}
		var shift sim.Handler
		shift = sim.Func(func() {
			now := t.m.env.Now()
			k := int(math.Floor(now/shiftLen+1e-9)) % t.cfg.Crews
			n := t.crewSize(k)
			t.releaseAll()
			t.ledger.setDown(now, false, float64(n))
			t.res.SetCapacity(n)
			t.m.env.Schedule(math.Floor(now/shiftLen+1e-9)*shiftLen+shiftLen, sim.Urgent, shift)
		})
		t.m.env.Schedule(0, sim.Urgent, shift)
		return
	}
	// The first change, at the start (Monday 00:00, after hours), is the
	// team's own; from then on the organisation's office calendar changes
	// every business-hours team in one event (calendar.go).
	t.m.env.Schedule(0, sim.Urgent, sim.Func(func() {
		now := t.m.env.Now()
		t.changeHours(now, inBusinessHours(now), nextBusinessChange(now))
		t.m.office.join(t.m, t)
	}))
}

// changeHours sends a business-hours team home or back to work at now:
// to work if open, until the next change at next.
func (t *team) changeHours(now float64, open bool, next float64) {
	t.releaseAll()
	if open {
		t.down = false
		t.ledger.setDown(now, false, float64(t.headcount()))
		// The evening's change stops all but on-call work: the resource
		// need not schedule the end of work that cannot finish today.
		t.res.StopAt(next, onCallLimit)
		t.res.SetCapacity(t.headcount())
		t.res.SetPriorityLimit(math.MaxInt)
		t.atWork(now, true)
		return
	}
	t.down = true
	t.ledger.setDown(now, true, 0)
	n := 0
	if t.cfg.OnCall {
		n = 1
		if t.cfg.Secondary && t.cfg.Engineers > 1 {
			n = 2
		}
	}
	t.res.SetPriorityLimit(onCallLimit)
	t.res.SetCapacity(min(n, t.headcount()))
	t.atWork(now, false)
}

// resetStats forgets the warm-up.
func (t *team) resetStats(now float64) {
	t.res.ResetStats()
	t.ledger.reset(now)
	t.wipTW.Reset(now)
	t.blTW.Reset(now)
	t.ticketQueue.Reset(now)
	t.pages, t.interrupt, t.features = 0, 0, 0
	clear(t.afterHrs)
	t.firstWait.Reset(now)
	t.laterWait.Reset(now)
	t.lead.Reset(now)
	t.cycle.Reset(now)
	t.wipHours = 0
	t.turnaround.Reset(now)
	t.pending = t.pending[:0]
	t.offeredWarm = [nCat]float64{}
	t.cap = opsCap{}
	t.pv.done = [impPostmortem]int{}
	t.fg.reset(now)
}

// load is the work offered to the team since warm-up over what it could
// do: overall (engineer-hours at work, plus those worked on call at
// night), and for features alone (the share of working hours its WIP limit
// lets it spend on features, less the other work done in working hours).
// A queue cannot grow without bound at a load well below 1.
func (t *team) load(u timeUse) (all, features float64) {
	var offered float64
	for _, h := range t.offeredWarm {
		offered += h
	}
	all = ratio(offered, u.present+u.afterHours())
	if t.cfg.Saturated {
		offered -= t.offeredWarm[catPlanned] // features fill the slack by design
		all = ratio(offered, u.present+u.afterHours())
	}
	if t.offeredWarm[catPlanned] == 0 || t.cfg.Saturated {
		return all, 0
	}
	other := u.busy() - u.work[catPlanned]
	slots := math.Min(1, float64(t.wipLimit)/float64(t.cfg.Engineers))
	return all, ratio(t.offeredWarm[catPlanned], math.Max(0, slots*u.present-other))
}

// unfinished is the number of tasks the team has not finished: waiting,
// in service, and features in the backlog.
func (t *team) unfinished() int {
	return t.res.Waiting() + t.res.Busy() + t.backlog.len()
}

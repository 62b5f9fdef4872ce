package models

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/opsim/opsim/sim"
)

// model is one replication of one organisation under one design.
type model struct {
	cfg      *Config
	env      *sim.Env
	streams  sim.Streams
	teams    []*team
	byName   map[string]*team
	services []*service
	warm     bool  // past warm-up: record statistics
	err      error // why the run stopped early

	featureSize, toilSize sim.DistSpec
	effort                []sim.DistSpec // per severity
	nextInc               int
	dyn                   bool          // incident rates move (rates.go)
	sched                 scheduleState // the load the schedule has reached
	pv                    preventionStats
	fb                    feedbackDays
	eb                    budgetStats
	riskOf                map[int][2]float64 // batchRisk by batch size, for OfferedLoad

	// The task callbacks, bound once (see team.submit).
	onStartFn   func(*sim.Job, int)
	onPreemptFn func(j, by *sim.Job)
	onDoneFn    func(*sim.Job)

	office   office // the business-hours teams' calendar (calendar.go)
	inc      incidentStats
	pages    pool[pageEvent] // page events fired
	tickets  pool[ticket]    // tickets done
	features pool[feature]   // features shipped (recycle)
	// tasks holds the tasks of postmortems and incident work that are done
	// or withdrawn: an incident has one task a step (a swarm one a
	// responder), each done or withdrawn before the next step's is
	// submitted, and let go of then (work, parts); its resource holds it no
	// longer, and its setup event, if any, was cancelled when it stopped.
	// Postmortems are never withdrawn, and the event log keeps only
	// tickets and incidents.
	tasks    pool[task]
	capped   bool // some team has an operational cap: chains change as it hands work back
	delivery deliveryStats
	gates    []deployGate // change-management gates before production
	avail    availability
	log      *eventLog // nil unless Config.EventLog
	// Work that left the teams, for the exact accounting check: the setup
	// spent on finished and withdrawn tasks, and the effort withdrawn
	// tasks still had.
	setupSpent, workWithdrawn float64
	// daily series
	series  [nSeries][]float64 // the daily series (record); empty when not recorded
	opsTeam *team              // the ops team, nil if none, for its daily queue
	days0   int                // the days a series makes room for
	days    int                // days sampled since warm-up
}

// Run simulates one replication of cfg. The streams decide every random
// draw; give two designs the same streams and they are compared on common
// random numbers. It honours ctx between simulated days. A run whose work
// piles up past what a machine can hold stops with an *OverloadError
// naming the team and what overloads it.
func Run(ctx context.Context, cfg Config, streams sim.Streams) (*Result, error) {
	m, err := newModel(cfg, streams)
	if err != nil {
		return nil, err
	}
	return m.run(ctx)
}

// newModel builds a replication, ready to run.
func newModel(cfg Config, streams sim.Streams) (*model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &model{cfg: &cfg, env: sim.NewEnv(), streams: streams, byName: map[string]*team{}}
	m.onStartFn, m.onPreemptFn, m.onDoneFn = m.onStart, m.onPreempt, m.onDone
	m.log = newEventLog(cfg.EventLog)
	maxEvents := cfg.MaxEvents
	if maxEvents == 0 {
		maxEvents = 500_000_000
	}
	m.env.SetLimits(maxEvents, math.Inf(1))
	if err := m.build(); err != nil {
		return nil, err
	}
	return m, nil
}

// run simulates warm-up and horizon, a day at a time.
func (m *model) run(ctx context.Context) (*Result, error) {
	cfg := m.cfg
	m.start()
	end := cfg.Warmup + cfg.Horizon
	if err := m.runUntil(cfg.Warmup); err != nil {
		return nil, err
	}
	m.endWarmup()
	// Run a day at a time, so cancellation is prompt and the daily series
	// are sampled at the same instants in every design.
	for t := cfg.Warmup + day; ; t += day {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t = math.Min(t, end)
		if err := m.runUntil(t); err != nil {
			return nil, err
		}
		m.sample()
		if m.err != nil {
			return nil, m.err
		}
		if t >= end {
			break
		}
	}
	res := m.result()
	res.EventLog = m.log.records()
	return res, nil
}

// runUntil runs the engine, reporting why the model stopped it, if it did.
func (m *model) runUntil(t float64) error {
	if err := m.env.RunUntil(t); err != nil {
		return err
	}
	return m.err
}

// fail stops the run with err (the first reason wins).
func (m *model) fail(err error) {
	if m.err == nil {
		m.err = err
	}
	m.env.Stop()
}

func (m *model) build() error {
	w := &m.cfg.Work
	m.featureSize = w.FeatureSize
	if m.featureSize.Kind == "" {
		m.featureSize = sim.DistSpec{Kind: "lognormal", Median: 24, P90: 80}
	}
	m.toilSize = w.ToilSize
	if m.toilSize.Kind == "" {
		m.toilSize = sim.DistSpec{Kind: "exponential", Mean: 2}
	}
	for _, s := range m.cfg.Incident.Severities {
		m.effort = append(m.effort, s.Effort)
	}
	for i, tc := range m.cfg.Teams {
		t := m.newTeam(i, tc)
		m.teams = append(m.teams, t)
		m.byName[tc.Name] = t
	}
	if err := m.buildServices(); err != nil {
		return err
	}
	m.avail = newAvailability(m)
	for _, t := range m.teams {
		m.capped = m.capped || t.cfg.OpsCap > 0
	}
	// Room for every day's sample, so that a series never grows (up to a
	// century's: a longer run's grow as it goes, rather than allocating
	// for days a run stopped by a guard never reaches).
	m.days0 = int(math.Min(math.Ceil((m.cfg.Horizon-m.cfg.Warmup)/day)+1, 100*365))
	m.opsTeam = m.teamOfKind(KindOps)
	m.sched = newScheduleState(m.cfg.Schedule, m.cfg.Warmup)
	m.dyn = m.dynamicRates()
	m.pv = newPreventionStats()
	m.buildGates()
	if m.cfg.Budget.on() {
		m.gates = append(m.gates, m.freezeGate) // an error budget's freeze (errorbudget.go)
	}
	return nil
}

// start schedules the first event of every process.
func (m *model) start() {
	for _, t := range m.teams {
		t.clock()
		switch {
		case t.cfg.Saturated:
			t.featureD = m.featureSize.New(m.streams.Stream("features/" + t.cfg.Name))
			m.pullFeatures(t)
		case t.cfg.FeatureRate > 0:
			m.startFeatures(t)
		}
		if t.cfg.ToilRate > 0 {
			m.startToil(t)
		}
		if t.cfg.Saturated || t.cfg.FeatureRate > 0 {
			m.releaseTrains(t)
		}
		m.startCoordination(t)
	}
	for _, s := range m.services {
		m.startIncidents(s)
	}
	m.startSchedule()
}

func (m *model) endWarmup() {
	m.warm = true
	now := m.env.Now()
	for _, t := range m.teams {
		t.resetStats(now)
	}
	for _, s := range m.services {
		s.incidents = 0
	}
	m.avail.reset(now)
	m.inc.reset()
	m.pv.reset(now)
	m.delivery.reset()
}

// onStart, onPreempt and onDone keep the time accounting of every task.
func (m *model) onStart(j *sim.Job, server int) {
	tk := j.Data.(*task)
	t := tk.team
	now := m.env.Now()
	tk.interrupted = false
	tk.server = server
	t.release(tk)
	t.started(tk, now)
	if tk.cat == catToil {
		t.ticketsRun++
		t.ticketQueue.Set(now, float64(t.ticketsOpen-t.ticketsRun))
	}
	if tk.inc != nil && !tk.helper && j.Preemptions == 0 && m.warm { // never interrupted: this is its first start
		if tk.first {
			t.firstWait.Add(now - tk.queued)
		} else {
			t.laterWait.Add(now - tk.queued)
		}
	}
	if tk.inc != nil && tk.inc.firstWork < 0 {
		tk.inc.firstWork = now
	}
	m.log.started(tk, now)
}

func (m *model) onPreempt(j, by *sim.Job) {
	tk := j.Data.(*task)
	t := tk.team
	now := m.env.Now()
	t.stopped(tk, now)
	if tk.cat == catToil {
		t.ticketsRun--
		t.ticketQueue.Set(now, float64(t.ticketsOpen-t.ticketsRun))
	}
	if by == nil {
		return // going home or a shift change, not an interruption
	}
	tk.interrupted = true
	t.hold(tk, tk.server)
	if tk.cat == catPlanned && m.warm {
		t.interrupt++
	}
}

func (m *model) onDone(j *sim.Job) {
	tk := j.Data.(*task)
	t := tk.team
	now := m.env.Now()
	t.stopped(tk, now)
	m.setupSpent += j.Setup
	switch {
	case tk.feat != nil:
		m.featureDone(t, tk.feat)
	case tk.inc != nil:
		m.incidentWorkDone(tk)
	case tk.imp != nil:
		m.improvementDone(tk)
	case tk.svc != nil:
		m.postmortemDone(tk)
		m.tasks.put(tk)
	case tk.then != nil:
		tk.then()
	case tk.tick != nil:
		m.ticketWorkDone(tk)
	}
}

// feature is one piece of planned work.
type feature struct {
	arrived, started float64
	size             float64
	task             task
}

func (m *model) startFeatures(t *team) {
	rng := m.streams.Stream("features/" + t.cfg.Name)
	size := m.featureSize.New(rng)
	var arrive sim.Handler
	arrive = sim.Func(func() {
		now := m.env.Now()
		f := m.newFeature(now, size.Rand())
		t.offeredWarm[catPlanned] += f.size
		t.backlog.push(f)
		t.blTW.Set(now, float64(t.backlog.len()))
		m.pullFeatures(t)
		m.guard(t)
		m.env.After(rng.ExpFloat64()/t.cfg.FeatureRate, arrive)
	})
	m.env.After(rng.ExpFloat64()/t.cfg.FeatureRate, arrive)
}

// pullFeatures starts backlog items while the WIP limit allows: engineers
// pull work, nobody pushes it.
func (m *model) pullFeatures(t *team) {
	now := m.env.Now()
	m.pullImprovement(t, true)
	for t.wip+t.pv.wip+t.blocked < t.wipLimit && (t.backlog.len() > 0 || t.cfg.Saturated) && !t.eb.frozen {
		var f *feature
		if t.backlog.len() == 0 { // saturated: the next feature is always there
			f = m.newFeature(now, t.featureD.Rand())
		} else {
			f = t.backlog.pop()
		}
		t.wip++
		f.started = now
		f.task = task{cat: catPlanned, feat: f}
		t.submit(&f.task, prioFeature, f.size)
	}
	m.pullImprovement(t, false)
	t.blTW.Set(now, float64(t.backlog.len()))
	t.wipTW.Set(now, float64(t.wip))
}

func (m *model) featureDone(t *team, f *feature) {
	now := m.env.Now()
	t.wip--
	if m.warm {
		t.features++
		t.lead.Add(now - f.arrived)
		t.cycle.Add(now - f.started)
		t.wipHours += now - math.Max(f.started, m.cfg.Warmup)
	}
	m.ship(t, f)
	m.pullFeatures(t)
}

// newFeature is a feature from the pool of shipped ones, or a new one: a
// 1,000-team organisation finishes about 340,000 a year, a quarter of what
// a run allocated when each became garbage the moment it shipped.
func (m *model) newFeature(arrived, size float64) *feature {
	f := m.features.get()
	f.arrived, f.size = arrived, size
	return f
}

// recycle returns a shipped feature to the pool. Nothing refers to it any
// more: deploying copies what it needs (its size), and its task's job is
// idle, its completion fired.
func (m *model) recycle(f *feature) { m.features.put(f) }

// exp draws an exponential with the given mean (0 gives 0).
func exp(rng *rand.Rand, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	return rng.ExpFloat64() * mean
}

// The daily series a result lists, in its order, when recorded.
const (
	seriesOpen = iota
	seriesBacklog
	seriesWIP
	seriesQueued
	seriesOps
	seriesRate
	seriesProblems
	nSeries
)

var seriesNames = [nSeries]string{"open_incidents", "backlog", "wip", "queued_work", "ops_queue", "incident_rate", "open_problems"}

// record appends today's value to daily series i.
func (m *model) record(i int, v float64) {
	if m.series[i] == nil {
		m.series[i] = make([]float64, 0, max(m.days0, 1))
	}
	m.series[i] = append(m.series[i], v)
}

// sample records the daily series.
func (m *model) sample() {
	now := m.env.Now()
	m.days++
	var backlog, wip, queue float64
	for _, t := range m.teams {
		backlog += float64(t.backlog.len())
		wip += float64(t.wip)
		queue += float64(t.res.Waiting())
		if t.pending == nil {
			t.pending = make([]float64, 0, max(m.days0, 1)) // room for every day, as the series have
		}
		t.pending = append(t.pending, float64(t.unfinished()))
		t.cap.sample(t, now)
	}
	m.record(seriesOpen, float64(m.inc.open))
	m.record(seriesBacklog, backlog)
	m.record(seriesWIP, wip)
	m.record(seriesQueued, queue)
	if m.opsTeam != nil {
		m.record(seriesOps, float64(m.opsTeam.res.Waiting()))
	}
	m.closeDay(now)
	m.sampleFatigue(now)
	m.sampleFeedback()
	m.guardAll()
}

func (m *model) String() string { return fmt.Sprintf("model(%s)", m.cfg.Name) }

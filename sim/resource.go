package sim

import (
	"fmt"
	"math"
)

// Job is a unit of work served by a [Resource]: a feature, a page, an
// incident's diagnosis. Its Work is the service it still needs at speed 1,
// so a preempted job resumes where it stopped (preemptive-resume).
type Job struct {
	Priority int // smaller is more urgent; fixed while the job is submitted
	// seq and segStart sit beside Priority: ordering the queue and finding
	// the least urgent running job read only these three of other jobs.
	seq      uint64
	segStart float64
	Work     float64 // remaining work; must be finite and non-negative
	Data     any     // the model's own object, for the callbacks

	// OnStart, if set, is called each time the job starts or resumes
	// service, with the index of the server it landed on.
	OnStart func(j *Job, server int)
	// OnPreempt, if set, is called when the job is interrupted: by is the
	// more urgent job that took its server, or nil when the server went
	// away (a capacity or priority-limit change, such as a shift ending).
	OnPreempt func(j, by *Job)
	// OnDone, if set, is called when the job's work is complete.
	OnDone func(j *Job)

	// Arrived is when the job was submitted.
	Arrived float64
	// FirstStart is when service first began, NaN until then.
	FirstStart float64
	// Delayed reports whether the job had to queue on arrival.
	Delayed bool
	// Preemptions counts the times the job was interrupted.
	Preemptions int
	// Setup is the setup (context-switch) time actually spent on the job:
	// setup cut short by a preemption counts only for the part that ran.
	Setup float64

	res       *Resource
	idx       int
	starts    uint64 // the Env's number of its last start, which tells a live entry in ranks from one gone (victims.go)
	state     jobState
	server    int
	setupLeft float64
	speed     float64 // rate of progress in the current segment
	timer     jobTimer
	done      Handle
}

type jobState uint8

const (
	jobIdle jobState = iota
	jobQueued
	jobRunning
)

// jobTimer is the completion event of a job; it lives inside the Job so
// that scheduling a completion allocates nothing.
type jobTimer struct{ j *Job }

func (t *jobTimer) Fire() { t.j.res.complete(t.j) }

// Queued reports whether the job is waiting for a server.
func (j *Job) Queued() bool { return j.state == jobQueued }

// Running reports whether the job is in service.
func (j *Job) Running() bool { return j.state == jobRunning }

// Server is the index of the server the job runs on, -1 when not running.
func (j *Job) Server() int {
	if j.state != jobRunning {
		return -1
	}
	return j.server
}

// Resource is a multi-server station. Jobs wait in a queue ordered by
// priority, then by arrival, which is FIFO when all priorities are equal.
// With Preemptive set, an arriving job interrupts the least urgent running
// job if that one is strictly less urgent; the interrupted job keeps its
// remaining work and its place ahead of later arrivals of its class.
type Resource struct {
	// Name labels the resource in errors and reports.
	Name string
	// Preemptive turns on preemptive-resume priority.
	Preemptive bool
	// SetupTime, if set, gives the extra work a job needs each time it
	// starts or resumes service: the context switch of a person who was
	// doing something else. Setup cut short by a preemption is lost (the
	// next start pays its own), and only the part spent counts in Job.Setup.
	SetupTime func(j *Job) float64
	// Speed, if set, gives the rate at which a job's work progresses in the
	// service segment that is starting (1: full speed, the default), called
	// after SetupTime. A person juggling several tasks works on each more
	// slowly; unlike a setup, a slowdown loses nothing when the segment is
	// cut short, because the work done so far is kept at the same rate.
	Speed func(j *Job) float64

	// QueueLength is the number of waiting jobs over time.
	QueueLength TimeWeighted
	// BusyServers is the number of servers working over time.
	BusyServers TimeWeighted
	// Capacity is the number of servers over time.
	Capacity TimeWeighted
	// Completed counts jobs finished since the last reset.
	Completed int
	// Preemptions counts interruptions since the last reset.
	Preemptions int

	env      *Env
	capacity int
	limit    int // only jobs with Priority <= limit are served
	running  []*Job
	queue    jobQueue
	seq      uint64
	free     []int  // idle server indices, so OnStart can tell who works
	seats    []bool // scratch for SetCapacity, kept to avoid allocating per shift
	// cutAt and cutPrio are a planned stop (StopAt): at cutAt every job
	// with Priority > cutPrio leaves its server. cutAt is +Inf when none is
	// planned.
	cutAt   float64
	cutPrio int
	// ranks groups the running jobs by priority once the resource has
	// more than bigCrew servers (victims.go); nil for a team of people.
	ranks *ranks
}

// NewResource returns a resource with the given number of servers.
func NewResource(env *Env, name string, capacity int) *Resource {
	if capacity < 0 {
		panic(fmt.Sprintf("sim: resource %q: negative capacity %d", name, capacity))
	}
	r := &Resource{Name: name, env: env, capacity: capacity, limit: math.MaxInt, cutAt: math.Inf(1)}
	now := env.Now()
	r.QueueLength = NewTimeWeighted(now, 0)
	r.BusyServers = NewTimeWeighted(now, 0)
	r.Capacity = NewTimeWeighted(now, float64(capacity))
	for i := capacity - 1; i >= 0; i-- {
		r.free = append(r.free, i)
	}
	r.grow()
	return r
}

// Cap is the current number of servers.
func (r *Resource) Cap() int { return r.capacity }

// Busy is the number of servers working now.
func (r *Resource) Busy() int { return len(r.running) }

// Waiting is the number of jobs in the queue now.
func (r *Resource) Waiting() int { return len(r.queue) }

// Utilisation is the fraction of server capacity that was busy since the
// last reset.
func (r *Resource) Utilisation() float64 {
	now := r.env.Now()
	c := r.Capacity.Integral(now)
	if c == 0 {
		return 0
	}
	return r.BusyServers.Integral(now) / c
}

// ResetStats discards the statistics gathered so far (end of warm-up).
func (r *Resource) ResetStats() {
	now := r.env.Now()
	r.QueueLength.Reset(now)
	r.BusyServers.Reset(now)
	r.Capacity.Reset(now)
	r.Completed = 0
	r.Preemptions = 0
}

// Submit hands a job to the resource. A job must not be submitted again
// before it completes or is removed.
func (r *Resource) Submit(j *Job) {
	if j.state != jobIdle {
		panic(fmt.Sprintf("sim: resource %q: job submitted twice", r.Name))
	}
	if !(j.Work >= 0) || math.IsInf(j.Work, 0) {
		panic(fmt.Sprintf("sim: resource %q: job work %v must be finite and non-negative", r.Name, j.Work))
	}
	now := r.env.Now()
	j.res = r
	j.timer.j = j
	r.seq++
	j.seq = r.seq
	j.Arrived = now
	j.FirstStart = math.NaN()
	j.Delayed = false
	j.Preemptions = 0
	j.Setup = 0
	free := len(r.running) < r.capacity
	if j.Priority > r.limit {
		r.enqueue(j)
		j.Delayed = true
		return
	}
	if free && len(r.queue) == 0 {
		r.start(j)
		return
	}
	if !free && r.Preemptive {
		if v := r.victim(j.Priority); v != nil {
			r.preempt(v, j)
			r.start(j)
			r.enqueue(v)
			return
		}
	}
	// A server can be free while jobs wait only inside an OnDone callback,
	// before the resource refills; queue first so the new job cannot jump
	// ahead of them.
	r.enqueue(j)
	r.fill()
	j.Delayed = j.state == jobQueued
}

// Remove withdraws a queued or running job, for work that is abandoned or
// taken over elsewhere. A running job keeps the work it has left. It
// reports whether the job was at this resource.
func (r *Resource) Remove(j *Job) bool {
	switch {
	case j.res != r:
		return false
	case j.state == jobQueued:
		r.queue.remove(j.idx)
		j.state = jobIdle
		r.QueueLength.Set(r.env.Now(), float64(len(r.queue)))
		return true
	case j.state == jobRunning:
		r.stop(j)
		j.state = jobIdle
		r.fill()
		return true
	}
	return false
}

// SetCapacity changes the number of servers now: a shift starts or ends,
// an engineer leaves to be on call. When capacity drops below the number of
// busy servers, the least urgent running jobs are interrupted and queued
// with their remaining work.
func (r *Resource) SetCapacity(n int) {
	if n < 0 {
		panic(fmt.Sprintf("sim: resource %q: negative capacity %d", r.Name, n))
	}
	now := r.env.Now()
	for len(r.running) > n {
		v := r.least()
		r.preempt(v, nil)
		r.enqueue(v)
	}
	// Keep free server indices below the new capacity, so a server index
	// always names a real seat; they go lowest last, where start takes
	// them. Two calendar changes a day of every team made this a twentieth
	// of an eight-team year's instructions when it appended seat by seat:
	// now it indexes into slices sized once, and most changes, which find
	// nobody at work (a team going home, or coming in with no urgent work
	// running), free every seat without marking the used ones.
	if cap(r.free) < n {
		r.free = make([]int, n)
	}
	free := r.free[:n]
	k := 0
	if len(r.running) == 0 {
		for i := n - 1; i >= 0; i-- {
			free[k] = i
			k++
		}
	} else {
		m := max(n, r.capacity)
		if cap(r.seats) < m {
			r.seats = make([]bool, m)
		}
		used := r.seats[:m]
		clear(used)
		for _, j := range r.running {
			used[j.server] = true
		}
		for i := n - 1; i >= 0; i-- {
			if !used[i] {
				free[k] = i
				k++
			}
		}
	}
	r.free = free[:k]
	for _, j := range r.running {
		if j.server >= n { // move to a free seat below n
			s := r.free[len(r.free)-1]
			r.free = r.free[:len(r.free)-1]
			j.server = s
		}
	}
	r.capacity = n
	r.grow()
	r.Capacity.Set(now, float64(n))
	r.fill()
	r.cut(now)
}

// SetPriorityLimit restricts service to jobs with Priority <= p, for
// servers that take only urgent work for a while (an engineer on call at
// night answers pages, not tickets). Running jobs above the limit are
// interrupted and queued; math.MaxInt lifts the limit.
func (r *Resource) SetPriorityLimit(p int) {
	r.limit = p
	// The victim is the least urgent of all: if it may run, every job may.
	for v := r.victim(p); v != nil; v = r.victim(p) {
		r.preempt(v, nil)
		r.enqueue(v)
	}
	r.fill()
	r.cut(r.env.Now())
}

// StopAt tells the resource that at time t its owner will stop every job
// with Priority > p, by SetPriorityLimit or SetCapacity (the end of a
// working day sends planned work home). Until then a job of that kind
// whose work would end after t gets no completion event, which would only
// be cancelled at t: most of a team's planned work is cut by the evening,
// and scheduling and cancelling it was a third of the event list's
// traffic. What fires, and in what order, is unchanged. Should the stop at
// t leave such a job running, its completion is scheduled then.
func (r *Resource) StopAt(t float64, p int) {
	r.cutAt, r.cutPrio = t, p
}

// cut ends a planned stop once its time has come, scheduling the
// completion of any job it should have stopped and did not.
func (r *Resource) cut(now float64) {
	if now < r.cutAt {
		return
	}
	at := r.cutAt
	r.cutAt = math.Inf(1)
	for _, j := range r.running {
		if j.done != (Handle{}) {
			continue
		}
		end := j.segStart + j.setupLeft + j.Work/j.speed
		if end < now {
			panic(fmt.Sprintf("sim: resource %q: the stop planned at %v came at %v, after a job it kept running should have finished", r.Name, at, now))
		}
		j.done = r.env.Schedule(end, Normal, &j.timer)
	}
}

// Backlog is the work the resource holds now: the number of jobs waiting
// or in service, and their remaining work at full speed (a running job's
// progress in its current segment counted). A queue that grows without
// bound shows here first.
func (r *Resource) Backlog() (jobs int, work float64) {
	now := r.env.Now()
	for _, j := range r.queue {
		work += j.Work
	}
	for _, j := range r.running {
		work += j.remaining(now)
	}
	return len(r.queue) + len(r.running), work
}

// Each calls f for every job waiting or in service, waiting ones first,
// for diagnostics and accounting checks.
func (r *Resource) Each(f func(j *Job)) {
	for _, j := range r.queue {
		f(j)
	}
	for _, j := range r.running {
		f(j)
	}
}

// remaining is a running job's work left at time now.
func (j *Job) remaining(now float64) float64 {
	if elapsed := now - j.segStart; elapsed > j.setupLeft {
		return math.Max(0, j.Work-(elapsed-j.setupLeft)*j.speed)
	}
	return j.Work
}

// PriorityLimit is the current limit set by SetPriorityLimit.
func (r *Resource) PriorityLimit() int { return r.limit }

func (r *Resource) enqueue(j *Job) {
	j.state = jobQueued
	r.queue.push(j)
	r.QueueLength.Set(r.env.Now(), float64(len(r.queue)))
}

func (r *Resource) start(j *Job) {
	now := r.env.Now()
	j.state = jobRunning
	j.idx = len(r.running)
	r.running = append(r.running, j)
	r.env.starts++
	j.starts = r.env.starts
	if r.ranks != nil {
		r.ranks.add(j)
	}
	s := r.free[len(r.free)-1]
	r.free = r.free[:len(r.free)-1]
	j.server = s
	if math.IsNaN(j.FirstStart) {
		j.FirstStart = now
	}
	j.setupLeft = 0
	if r.SetupTime != nil {
		j.setupLeft = r.SetupTime(j)
		j.Setup += j.setupLeft
	}
	j.speed = 1
	if r.Speed != nil {
		j.speed = r.Speed(j)
		if !(j.speed > 0) || math.IsInf(j.speed, 0) {
			panic(fmt.Sprintf("sim: resource %q: speed %v must be positive and finite", r.Name, j.speed))
		}
	}
	j.segStart = now
	j.done = Handle{}
	if end := now + j.setupLeft + j.Work/j.speed; end <= r.cutAt || j.Priority <= r.cutPrio {
		j.done = r.env.Schedule(end, Normal, &j.timer)
	}
	r.BusyServers.Set(now, float64(len(r.running)))
	if j.OnStart != nil {
		j.OnStart(j, s)
	}
}

// stop takes a running job off its server, keeping the work it has left.
func (r *Resource) stop(j *Job) {
	now := r.env.Now()
	r.env.Cancel(j.done)
	elapsed := now - j.segStart
	if elapsed > j.setupLeft {
		j.Work -= (elapsed - j.setupLeft) * j.speed
		if j.Work < 0 {
			j.Work = 0
		}
	} else {
		j.Setup -= j.setupLeft - elapsed // cut short: only what ran was spent
	}
	r.unrun(j)
}

func (r *Resource) unrun(j *Job) {
	last := len(r.running) - 1
	moved := r.running[last]
	r.running[j.idx] = moved
	moved.idx = j.idx
	r.running = r.running[:last]
	if r.ranks != nil {
		r.ranks.remove(j)
	}
	r.free = append(r.free, j.server)
	r.BusyServers.Set(r.env.Now(), float64(len(r.running)))
}

func (r *Resource) preempt(v, by *Job) {
	r.stop(v)
	v.Preemptions++
	r.Preemptions++
	v.state = jobIdle
	if v.OnPreempt != nil {
		v.OnPreempt(v, by)
	}
}

// fill starts queued jobs while servers are free.
func (r *Resource) fill() {
	for len(r.running) < r.capacity && len(r.queue) > 0 && r.queue[0].Priority <= r.limit {
		j := r.queue.pop()
		r.QueueLength.Set(r.env.Now(), float64(len(r.queue)))
		r.start(j)
	}
}

func (r *Resource) complete(j *Job) {
	j.Work = 0
	r.unrun(j)
	j.state = jobIdle
	r.Completed++
	if j.OnDone != nil {
		j.OnDone(j)
	}
	r.fill()
}

// jobQueue is a binary heap of jobs by (Priority, seq) that keeps each
// job's index, so a queued job can be withdrawn in O(log n).
type jobQueue []*Job

func (q jobQueue) less(a, b int) bool {
	return q[a].Priority < q[b].Priority || (q[a].Priority == q[b].Priority && q[a].seq < q[b].seq)
}

func (q jobQueue) swap(a, b int) {
	q[a], q[b] = q[b], q[a]
	q[a].idx = a
	q[b].idx = b
}

func (q *jobQueue) push(j *Job) {
	j.idx = len(*q)
	*q = append(*q, j)
	q.up(j.idx)
}

func (q *jobQueue) pop() *Job {
	return q.remove(0)
}

func (q *jobQueue) remove(i int) *Job {
	s := *q
	n := len(s) - 1
	j := s[i]
	if i != n {
		s.swap(i, n)
	}
	s[n] = nil
	*q = s[:n]
	if i != n {
		if !q.down(i) {
			q.up(i)
		}
	}
	return j
}

func (q jobQueue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.swap(i, p)
		i = p
	}
}

func (q jobQueue) down(i int) bool {
	start := i
	n := len(q)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.less(r, l) {
			m = r
		}
		if !q.less(m, i) {
			break
		}
		q.swap(i, m)
		i = m
	}
	return i > start
}

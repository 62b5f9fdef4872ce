package sim

import (
	"cmp"
	"math"
	"slices"
)

// bigCrew is the number of servers above which a resource keeps its
// running jobs grouped by priority: a central operations team of 1,000
// engineers, whose every ticket that displaced improvement work scanned
// all 1,000 running jobs for the victim (14% of the instructions of a
// 1,000-team year under the centralized design). A team of people has a
// handful of servers, where one scan is cheaper than the bookkeeping.
const bigCrew = 32

// least is the least urgent running job, the latest started among
// equals, and among those started at the same time the last in the
// running list: the maximum of (Priority, segStart, idx), which a scan of
// the running jobs in order finds, and so does a scan of the least urgent
// group alone.
func (r *Resource) least() *Job {
	if r.ranks != nil {
		return r.ranks.least()
	}
	var v *Job
	for _, j := range r.running {
		if v == nil || j.Priority > v.Priority || (j.Priority == v.Priority && j.segStart >= v.segStart) {
			v = j
		}
	}
	return v
}

// victim is the job a job of priority p displaces: the least urgent
// running one if it is less urgent than p, else nil. A grouped resource
// knows that from its groups alone, so a 1,000-engineer team's arriving
// ticket does not scan the 1,000 tickets running to learn that none yields.
func (r *Resource) victim(p int) *Job {
	if r.ranks != nil && r.ranks.top() <= p {
		return nil
	}
	if v := r.least(); v != nil && v.Priority > p {
		return v
	}
	return nil
}

// grow starts grouping the running jobs by priority once the resource has
// more than bigCrew servers; a resource that shrinks back keeps them
// grouped, which is only bookkeeping.
func (r *Resource) grow() {
	if r.ranks != nil || r.capacity <= bigCrew {
		return
	}
	r.ranks = &ranks{}
	// Each group's stack is in start order: the jobs already running join
	// in the order of their segment starts.
	order := slices.Clone(r.running)
	slices.SortStableFunc(order, func(a, b *Job) int { return cmp.Compare(a.segStart, b.segStart) })
	for _, j := range order {
		r.ranks.add(j)
	}
}

// ranks are the running jobs of a resource grouped by priority, each
// group a stack in the order its jobs started. A job's Priority must not
// change while it is submitted.
//
// The least urgent job of a group is the one with the latest segStart,
// and among those the largest index in the running list. Jobs join a
// group as they start, at the clock's time, so the stack is in segStart
// order and its top is the latest: only the jobs that started at that same
// instant need comparing, where a scan of the group read every job (4% of
// a 1,000-team centralized year's instructions, the 1,000-engineer ops
// team's improvement work displaced by every ticket). A job that leaves
// stays in the stack until it comes to the top or the stack is compacted;
// an entry is live while its job runs the start it was pushed for.
type ranks struct {
	prio []int       // the priorities seen, in the order first seen
	jobs [][]started // each priority's stack
	live []int       // each priority's running jobs
}

// started is a job in a group's stack, live while j.starts == n: starts
// are numbered by the Env, so no other start of any job matches, even one
// of a Job value the model has since zeroed and used again.
type started struct {
	j *Job
	n uint64
}

func (e started) live() bool { return e.j.state == jobRunning && e.j.starts == e.n }

func (g *ranks) group(p int) int {
	for k, q := range g.prio {
		if q == p {
			return k
		}
	}
	g.prio = append(g.prio, p)
	g.jobs = append(g.jobs, nil)
	g.live = append(g.live, 0)
	return len(g.prio) - 1
}

// add pushes a job that is starting (j.starts counts this start).
func (g *ranks) add(j *Job) {
	k := g.group(j.Priority)
	g.jobs[k] = append(g.jobs[k], started{j, j.starts})
	g.live[k]++
}

// remove counts a job out of its group; its entry goes lazily, or now if
// the stack holds more than twice its live jobs.
func (g *ranks) remove(j *Job) {
	k := g.group(j.Priority)
	g.live[k]--
	if s := g.jobs[k]; len(s) > 2*g.live[k]+16 {
		keep := s[:0]
		for _, e := range s {
			if e.live() && e.j != j {
				keep = append(keep, e)
			}
		}
		clear(s[len(keep):])
		g.jobs[k] = keep
	}
}

// leastGroup is the index of the least urgent group with a job running,
// -1 when none runs.
func (g *ranks) leastGroup() int {
	best := -1
	for k, n := range g.live {
		if n > 0 && (best < 0 || g.prio[k] > g.prio[best]) {
			best = k
		}
	}
	return best
}

// top is the largest Priority running, math.MinInt when none runs.
func (g *ranks) top() int {
	if k := g.leastGroup(); k >= 0 {
		return g.prio[k]
	}
	return math.MinInt
}

// least is the maximum of (Priority, segStart, idx) over the running jobs.
func (g *ranks) least() *Job {
	k := g.leastGroup()
	if k < 0 {
		return nil
	}
	s := g.jobs[k]
	for !s[len(s)-1].live() { // entries of jobs gone: drop them from the top
		s[len(s)-1] = started{}
		s = s[:len(s)-1]
	}
	g.jobs[k] = s
	// The top is live and started last; below it, the live entries that
	// started at the same instant come first.
	v := s[len(s)-1].j
	for i := len(s) - 2; i >= 0; i-- {
		if !s[i].live() {
			continue // a job gone, whose fields say nothing of this start
		}
		e := s[i].j
		if e.segStart < v.segStart {
			break // started before: so did every live job below
		}
		if e.segStart > v.segStart || e.idx > v.idx {
			v = e
		}
	}
	return v
}

package sim

import "math"

// bigCrew is the number of servers above which a resource keeps its
// running jobs grouped by priority: a central operations team of 1,000
// engineers, whose every ticket that displaced improvement work scanned
// all 1,000 running jobs for the victim (14% of the instructions of a
// 1,000-team year under the centralized design). A team of people has a
// handful of servers, where one scan is cheaper than the bookkeeping.
const bigCrew = 32

// victim is the least urgent running job, the latest started among
// equals, and among those started at the same time the last in the
// running list: the maximum of (Priority, segStart, idx), which a scan of
// the running jobs in order finds, and so does a scan of the least urgent
// group alone.
func (r *Resource) victim() *Job {
	var v *Job
	if r.ranks != nil {
		v = r.ranks.victim()
	} else {
		for _, j := range r.running {
			if v == nil || j.Priority > v.Priority || (j.Priority == v.Priority && j.segStart >= v.segStart) {
				v = j
			}
		}
	}
	r.runMax = math.MinInt
	if v != nil {
		r.runMax = v.Priority
	}
	return v
}

// grow starts grouping the running jobs by priority once the resource has
// more than bigCrew servers; a resource that shrinks back keeps them
// grouped, which is only bookkeeping.
func (r *Resource) grow() {
	if r.ranks != nil || r.capacity <= bigCrew {
		return
	}
	r.ranks = &ranks{}
	for _, j := range r.running {
		r.ranks.add(j)
	}
}

// ranks are the running jobs of a resource grouped by priority, each
// group in no particular order (a job's rank is its index in its group).
// A job's Priority must not change while it is submitted.
type ranks struct {
	prio []int    // the priorities seen, in the order first seen
	jobs [][]*Job // the running jobs of each
}

func (g *ranks) group(p int) int {
	for k, q := range g.prio {
		if q == p {
			return k
		}
	}
	g.prio = append(g.prio, p)
	g.jobs = append(g.jobs, nil)
	return len(g.prio) - 1
}

func (g *ranks) add(j *Job) {
	k := g.group(j.Priority)
	j.rank = len(g.jobs[k])
	g.jobs[k] = append(g.jobs[k], j)
}

func (g *ranks) remove(j *Job) {
	k := g.group(j.Priority)
	s := g.jobs[k]
	last := len(s) - 1
	moved := s[last]
	s[j.rank] = moved
	moved.rank = j.rank
	s[last] = nil
	g.jobs[k] = s[:last]
}

// victim is the maximum of (Priority, segStart, idx) over the running jobs.
func (g *ranks) victim() *Job {
	best := -1
	for k, s := range g.jobs {
		if len(s) > 0 && (best < 0 || g.prio[k] > g.prio[best]) {
			best = k
		}
	}
	if best < 0 {
		return nil
	}
	var v *Job
	for _, j := range g.jobs[best] {
		if v == nil || j.segStart > v.segStart || (j.segStart == v.segStart && j.idx > v.idx) {
			v = j
		}
	}
	return v
}

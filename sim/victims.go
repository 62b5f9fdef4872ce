package sim

import "math"

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

// leastGroup is the index of the least urgent group with a job running,
// -1 when none runs.
func (g *ranks) leastGroup() int {
	best := -1
	for k, s := range g.jobs {
		if len(s) > 0 && (best < 0 || g.prio[k] > g.prio[best]) {
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
	best := g.leastGroup()
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

package sim

import (
	"fmt"
	"math/rand/v2"
)

// qclass is one Poisson arrival class of a test queue.
type qclass struct {
	lambda float64
	prio   int
}

// qstats is what one replication of a test queue measures after warm-up.
type qstats struct {
	Wq, W   []float64 // per class mean wait in queue and sojourn
	Wall    float64   // mean sojourn over all classes
	Pwait   float64   // fraction of customers that queued on arrival
	L       float64   // time-average number in system
	Lq      float64   // time-average number in queue
	Lambda  float64   // observed arrival rate after warm-up
	Served  int
	Preempt int
}

// queue is an M/M/c station with several priority classes, built only on
// the public engine API, as a model would build it.
type queue struct {
	env     *Env
	res     *Resource
	svc     *rand.Rand
	mu      float64
	arrRNG  []*rand.Rand
	classes []qclass
	arrive  []Handler
	pool    []*cust
	onDone  func(*Job)

	warm       bool
	warmAt     float64
	arrivals   int
	inSystem   TimeWeighted
	wq, w      []Tally
	wAll       Tally
	delayed, n int
}

type arrival struct {
	q *queue
	k int
}

func (a *arrival) Fire() { a.q.arrive1(a.k) }

func newQueue(seed uint64, run string, mu float64, c int, classes []qclass, preemptive bool) *queue {
	env := NewEnv()
	st := NewStreams(seed, run)
	q := &queue{env: env, res: NewResource(env, "station", c), svc: st.Stream("service"), mu: mu, classes: classes}
	q.res.Preemptive = preemptive
	q.wq = make([]Tally, len(classes))
	q.w = make([]Tally, len(classes))
	q.onDone = q.done
	for k, cl := range classes {
		q.arrRNG = append(q.arrRNG, st.Stream(fmt.Sprintf("arrivals/%d", k)))
		a := &arrival{q: q, k: k}
		q.arrive = append(q.arrive, a)
		env.After(q.arrRNG[k].ExpFloat64()/cl.lambda, a)
	}
	return q
}

// cust is a customer: the job plus what the harness needs to measure it.
type cust struct {
	Job
	k   int
	svc float64
}

func (q *queue) arrive1(k int) {
	now := q.env.Now()
	var c *cust
	if n := len(q.pool); n > 0 {
		c = q.pool[n-1]
		q.pool = q.pool[:n-1]
	} else {
		c = &cust{}
		c.Data = c
		c.OnDone = q.onDone
	}
	c.k = k
	c.svc = q.svc.ExpFloat64() / q.mu
	c.Priority = q.classes[k].prio
	c.Work = c.svc
	if q.warm {
		q.arrivals++
	}
	q.inSystem.Add(now, 1)
	q.res.Submit(&c.Job)
	q.env.After(q.arrRNG[k].ExpFloat64()/q.classes[k].lambda, q.arrive[k])
}

func (q *queue) done(j *Job) {
	now := q.env.Now()
	c := j.Data.(*cust)
	q.inSystem.Add(now, -1)
	if q.warm && j.Arrived >= q.warmAt {
		q.w[c.k].Add(now - j.Arrived)
		q.wAll.Add(now - j.Arrived)
		q.wq[c.k].Add(now - j.Arrived - c.svc)
		q.n++
		if j.Delayed {
			q.delayed++
		}
	}
	q.pool = append(q.pool, c)
}

func (q *queue) run(warmup, horizon float64) (qstats, error) {
	if err := q.env.RunUntil(warmup); err != nil {
		return qstats{}, err
	}
	q.warm, q.warmAt = true, warmup
	q.res.ResetStats()
	q.inSystem.Reset(warmup)
	if err := q.env.RunUntil(horizon); err != nil {
		return qstats{}, err
	}
	s := qstats{
		L:       q.inSystem.Mean(horizon),
		Lq:      q.res.QueueLength.Mean(horizon),
		Lambda:  float64(q.arrivals) / (horizon - warmup),
		Served:  q.n,
		Preempt: q.res.Preemptions,
		Pwait:   float64(q.delayed) / float64(q.n),
		Wall:    q.wAll.Mean(),
	}
	for k := range q.classes {
		s.Wq = append(s.Wq, q.wq[k].Mean())
		s.W = append(s.W, q.w[k].Mean())
	}
	return s, nil
}

package sim

import (
	"math"
	"reflect"
	"testing"
)

// trace records what happened to jobs, for exact schedule tests.
type trace struct {
	env    *Env
	events []string
}

func (tr *trace) job(name string, prio int, work float64) *Job {
	return &Job{
		Priority:  prio,
		Work:      work,
		Data:      name,
		OnStart:   func(j *Job, s int) { tr.add("start", j) },
		OnPreempt: func(j, _ *Job) { tr.add("preempt", j) },
		OnDone:    func(j *Job) { tr.add("done", j) },
	}
}

func (tr *trace) add(what string, j *Job) {
	tr.events = append(tr.events, what+" "+j.Data.(string)+" @"+ftoa(tr.env.Now()))
}

func ftoa(x float64) string {
	if x == math.Trunc(x) {
		return itoa(int(x))
	}
	return itoa(int(x)) + "." + itoa(int(math.Round((x-math.Trunc(x))*10)))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

func TestResourceSchedules(t *testing.T) {
	type sub struct {
		at   float64
		name string
		prio int
		work float64
	}
	for _, tc := range []struct {
		name       string
		cap        int
		preemptive bool
		setup      float64
		subs       []sub
		want       []string
	}{
		{
			name: "fifo", cap: 1,
			subs: []sub{{0, "a", 0, 2}, {1, "b", 0, 1}, {1, "c", 0, 1}},
			want: []string{"start a @0", "done a @2", "start b @2", "done b @3", "start c @3", "done c @4"},
		},
		{
			name: "non-preemptive priority", cap: 1,
			subs: []sub{{0, "feature", 1, 4}, {1, "f2", 1, 1}, {2, "page", 0, 1}},
			want: []string{"start feature @0", "done feature @4", "start page @4", "done page @5", "start f2 @5", "done f2 @6"},
		},
		{
			name: "preemptive-resume", cap: 1, preemptive: true,
			subs: []sub{{0, "feature", 1, 4}, {1, "page", 0, 2}},
			// the feature keeps its remaining 3 units of work
			want: []string{"start feature @0", "preempt feature @1", "start page @1", "done page @3", "start feature @3", "done feature @6"},
		},
		{
			name: "preemptive with setup after interruption", cap: 1, preemptive: true, setup: 0.5,
			subs: []sub{{0, "feature", 1, 4}, {1, "page", 0, 2}},
			// every start costs 0.5 of setup: 0.5+4 would end at 4.5; preempted at 1 after 0.5 of work
			want: []string{"start feature @0", "preempt feature @1", "start page @1", "done page @3.5", "start feature @3.5", "done feature @7.5"},
		},
		{
			name: "equal priority does not preempt", cap: 1, preemptive: true,
			subs: []sub{{0, "a", 1, 2}, {1, "b", 1, 1}},
			want: []string{"start a @0", "done a @2", "start b @2", "done b @3"},
		},
		{
			name: "two servers, least urgent is preempted", cap: 2, preemptive: true,
			subs: []sub{{0, "low", 2, 5}, {0, "mid", 1, 5}, {1, "page", 0, 1}},
			want: []string{"start low @0", "start mid @0", "preempt low @1", "start page @1", "done page @2", "start low @2", "done mid @5", "done low @6"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := NewEnv()
			tr := &trace{env: env}
			r := NewResource(env, "team", tc.cap)
			r.Preemptive = tc.preemptive
			if tc.setup > 0 {
				r.SetupTime = func(*Job) float64 { return tc.setup }
			}
			for _, s := range tc.subs {
				j := tr.job(s.name, s.prio, s.work)
				env.Schedule(s.at, Normal, Func(func() { r.Submit(j) }))
			}
			if err := env.Run(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tr.events, tc.want) {
				t.Fatalf("got  %v\nwant %v", tr.events, tc.want)
			}
			if r.Busy() != 0 || r.Waiting() != 0 {
				t.Fatalf("busy %d waiting %d at the end", r.Busy(), r.Waiting())
			}
		})
	}
}

func TestCapacityChange(t *testing.T) {
	// Two engineers; one leaves to be on call at t=1 and comes back at t=4.
	env := NewEnv()
	tr := &trace{env: env}
	r := NewResource(env, "team", 2)
	a, b := tr.job("a", 1, 3), tr.job("b", 2, 3)
	r.Submit(a)
	r.Submit(b)
	env.AfterFunc(1, func() { r.SetCapacity(1) })
	env.AfterFunc(4, func() { r.SetCapacity(2) })
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{"start a @0", "start b @0", "preempt b @1", "done a @3", "start b @3", "done b @5"}
	if !reflect.DeepEqual(tr.events, want) {
		t.Fatalf("got  %v\nwant %v", tr.events, want)
	}
	// Capacity 2 on [0,1], 1 on [1,4], 2 on [4,5]: integral 7. Busy 2 on
	// [0,1], then 1 until the end at 5: integral 6.
	if u := r.Utilisation(); math.Abs(u-6.0/7) > 1e-12 {
		t.Fatalf("utilisation %v, want %v", u, 6.0/7)
	}
	if b.Preemptions != 1 || r.Preemptions != 1 {
		t.Fatalf("preemptions job %d resource %d", b.Preemptions, r.Preemptions)
	}
}

func TestServerIndicesStayInRange(t *testing.T) {
	env := NewEnv()
	r := NewResource(env, "team", 3)
	rng := NewStreams(5, "idx").Stream("x")
	seen := map[int]bool{}
	var submit Handler
	n := 0
	submit = Func(func() {
		j := &Job{Priority: rng.IntN(3), Work: rng.ExpFloat64()}
		j.OnStart = func(j *Job, s int) {
			if s < 0 || s >= r.Cap() {
				t.Fatalf("server %d with capacity %d", s, r.Cap())
			}
			for _, o := range r.running {
				if o != j && o.server == s {
					t.Fatalf("two jobs on server %d", s)
				}
			}
			seen[s] = true
		}
		r.Submit(j)
		if n++; n < 2000 {
			env.After(rng.ExpFloat64()/2, submit)
		}
		if n%97 == 0 {
			r.SetCapacity(1 + rng.IntN(4))
		}
	})
	r.Preemptive = true
	env.After(0, submit)
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 3 {
		t.Fatalf("only servers %v used", seen)
	}
}

func TestRemove(t *testing.T) {
	env := NewEnv()
	tr := &trace{env: env}
	r := NewResource(env, "team", 1)
	a, b, c := tr.job("a", 0, 4), tr.job("b", 0, 1), tr.job("c", 0, 1)
	r.Submit(a)
	r.Submit(b)
	r.Submit(c)
	env.AfterFunc(1, func() {
		if !r.Remove(b) { // queued
			t.Error("remove queued job failed")
		}
		if !r.Remove(a) { // running: keeps its remaining work
			t.Error("remove running job failed")
		}
		if r.Remove(a) {
			t.Error("second remove reported true")
		}
	})
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{"start a @0", "start c @1", "done c @2"}
	if !reflect.DeepEqual(tr.events, want) {
		t.Fatalf("got %v, want %v", tr.events, want)
	}
	if a.Work != 3 {
		t.Fatalf("removed job kept %v work, want 3", a.Work)
	}
}

func TestSubmitInvalid(t *testing.T) {
	for name, j := range map[string]*Job{"negative": {Work: -1}, "nan": {Work: math.NaN()}, "inf": {Work: math.Inf(1)}} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			NewResource(NewEnv(), "r", 1).Submit(j)
		})
	}
}

func TestPriorityLimit(t *testing.T) {
	// An engineer goes home at t=2: only pages (priority 0) are served at
	// night; the feature waits until the limit is lifted at t=10.
	env := NewEnv()
	tr := &trace{env: env}
	r := NewResource(env, "on-call", 1)
	r.Preemptive = true
	feature, ticket, page := tr.job("feature", 2, 4), tr.job("ticket", 1, 1), tr.job("page", 0, 1)
	r.Submit(feature)
	env.AfterFunc(2, func() { r.SetPriorityLimit(0) })
	env.AfterFunc(3, func() { r.Submit(ticket) })
	env.AfterFunc(5, func() { r.Submit(page) })
	env.AfterFunc(10, func() { r.SetPriorityLimit(math.MaxInt) })
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{"start feature @0", "preempt feature @2", "start page @5", "done page @6",
		"start ticket @10", "done ticket @11", "start feature @11", "done feature @13"}
	if !reflect.DeepEqual(tr.events, want) {
		t.Fatalf("got  %v\nwant %v", tr.events, want)
	}
	if r.PriorityLimit() != math.MaxInt {
		t.Fatal("limit not lifted")
	}
}

func TestSetCapacityDoesNotAllocateInSteadyState(t *testing.T) {
	env := NewEnv()
	r := NewResource(env, "crew", 4)
	for i := 0; i < 3; i++ {
		r.Submit(&Job{Work: 1e9})
	}
	r.SetCapacity(2)
	r.SetCapacity(4)
	if a := testing.AllocsPerRun(100, func() { r.SetCapacity(2); r.SetCapacity(4) }); a != 0 {
		t.Fatalf("%v allocations per pair of shift changes", a)
	}
}

func TestOnPreemptSaysWhatDisplacedTheJob(t *testing.T) {
	env := NewEnv()
	r := NewResource(env, "engineer", 1)
	r.Preemptive = true
	var got []string
	r.Submit(&Job{Priority: 2, Work: 10, Data: "feature", OnPreempt: func(j, by *Job) {
		if by == nil {
			got = append(got, "server went away")
		} else {
			got = append(got, "displaced by "+by.Data.(string))
		}
	}})
	env.AfterFunc(1, func() { r.Submit(&Job{Priority: 0, Work: 1, Data: "page"}) })
	env.AfterFunc(3, func() { r.SetCapacity(0) })      // a shift ends
	env.AfterFunc(4, func() { r.SetCapacity(1) })      // the next begins
	env.AfterFunc(5, func() { r.SetPriorityLimit(1) }) // on call: urgent work only
	if err := env.RunUntil(6); err != nil {
		t.Fatal(err)
	}
	want := []string{"displaced by page", "server went away", "server went away"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestPreemptiveInvariantsUnderRandomWalk drives a preemptive resource
// through random submissions, removals, completions, capacity and limit
// changes, and checks after each step that no job above the limit runs and
// that no job waits while a less urgent one runs or while a server it may
// use is idle.
func TestPreemptiveInvariantsUnderRandomWalk(t *testing.T) {
	for _, crew := range []int{4, 3 * bigCrew} {
		t.Run(itoa(crew), func(t *testing.T) { randomWalk(t, crew, 11) })
	}
	// 24 servers grow past bigCrew during the walk, with jobs running that
	// started in any order; each walk converts once, so take several.
	for seed := range uint64(40) {
		t.Run("24/"+itoa(int(seed)), func(t *testing.T) { randomWalk(t, 24, seed) })
	}
}

// randomWalk walks a resource of about crew servers (capacity 0 to
// 1.5*crew); at each step the victim must be the one a scan of the running
// jobs in order finds, whether the resource groups them (victims.go) or not.
func randomWalk(t *testing.T, crew int, seed uint64) {
	env := NewEnv()
	r := NewResource(env, "team", crew)
	r.Preemptive = true
	rng := NewStreams(seed, "levels").Stream("x")
	var jobs []*Job
	check := func(when string) {
		want := scanLeast(r)
		if got := r.least(); got != want {
			t.Fatalf("%s: least urgent %p, the scan in order finds %p", when, got, want)
		}
		for p := -1; p <= 4; p++ {
			var yields *Job
			if want != nil && want.Priority > p {
				yields = want
			}
			if got := r.victim(p); got != yields {
				t.Fatalf("%s: a priority %d job would displace %p, want %p", when, p, got, yields)
			}
		}
		least := math.MinInt
		for _, j := range r.running {
			if j.Priority > r.limit {
				t.Fatalf("%s: priority %d runs above limit %d", when, j.Priority, r.limit)
			}
			least = max(least, j.Priority)
		}
		if len(r.queue) > 0 && r.queue[0].Priority <= r.limit && len(r.running) < r.capacity {
			t.Fatalf("%s: a server idles while priority %d waits", when, r.queue[0].Priority)
		}
		if len(r.queue) > 0 && r.queue[0].Priority < least {
			t.Fatalf("%s: priority %d waits while %d runs", when, r.queue[0].Priority, least)
		}
	}
	var step Handler
	n := 0
	step = Func(func() {
		switch op := rng.IntN(10); {
		case op < 6:
			j := &Job{}
			if k := rng.IntN(len(jobs) + 1); k < len(jobs) && !jobs[k].Queued() && !jobs[k].Running() {
				j = jobs[k] // a finished job's value zeroed and used again, as models do
			} else {
				jobs = append(jobs, j)
			}
			*j = Job{Priority: rng.IntN(4), Work: rng.ExpFloat64()}
			r.Submit(j)
			check("submit")
		case op < 7 && len(jobs) > 0:
			r.Remove(jobs[rng.IntN(len(jobs))])
			check("remove")
		case op < 8:
			r.SetCapacity(rng.IntN(crew*3/2 + 2))
			check("capacity")
		case op < 9:
			if rng.IntN(3) == 0 {
				r.SetPriorityLimit(math.MaxInt)
			} else {
				r.SetPriorityLimit(rng.IntN(4))
			}
			check("limit")
		}
		if n++; n < 5000*max(1, crew/8) {
			env.After(rng.ExpFloat64()/float64(crew), step)
		}
	})
	env.After(0, step)
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	check("end")
	if grows := crew*3/2+1 > bigCrew; (r.ranks != nil) != grows {
		t.Fatalf("%d servers, up to %d in the walk: grouped by priority %v", crew, crew*3/2+1, r.ranks != nil)
	}
	if r.Preemptions == 0 || r.Completed == 0 {
		t.Fatalf("preemptions %d, completions %d: the walk did not exercise the resource", r.Preemptions, r.Completed)
	}
}

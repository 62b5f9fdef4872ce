package sim

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// workDays runs a preemptive team through days of business hours (09:00 to
// 17:00 at full capacity, one on-call engineer for priority 0 at night)
// under random work of four priorities, and returns what happened to every
// job, in order, and how many events were scheduled. With plan set, each
// morning tells the resource the evening's stop (StopAt).
func workDays(t *testing.T, plan bool, seed uint64) (log []string, scheduled uint64) {
	t.Helper()
	env := NewEnv()
	r := NewResource(env, "team", 5)
	r.Preemptive = true
	rng := NewStreams(seed, "stopat").Stream("work")
	rec := func(what string) func(j *Job) {
		return func(j *Job) { log = append(log, fmt.Sprintf("%s %v @%v", what, j.Data, env.Now())) }
	}
	var day Handler
	day = Func(func() {
		now := env.Now()
		if math.Mod(now, 24) == 9 {
			if plan {
				r.StopAt(now+8, 0)
			}
			r.SetCapacity(5)
			r.SetPriorityLimit(math.MaxInt)
			env.Schedule(now+8, Urgent, day)
			return
		}
		r.SetPriorityLimit(0)
		r.SetCapacity(1)
		env.Schedule(now+16, Urgent, day)
	})
	env.Schedule(9, Urgent, day)
	r.SetPriorityLimit(0)
	r.SetCapacity(1)
	var arrive Handler
	n := 0
	arrive = Func(func() {
		n++
		j := &Job{Priority: rng.IntN(4), Work: 3 * rng.ExpFloat64(), Data: n,
			OnStart: func(j *Job, s int) { rec("start")(j) }, OnDone: rec("done")}
		j.OnPreempt = func(j, _ *Job) { rec("preempt")(j) }
		r.Submit(j)
		if rem := rng.IntN(40); rem == 0 && n > 1 {
			r.Remove(j) // work abandoned, sometimes while it runs
			log = append(log, fmt.Sprintf("removed %d @%v", n, env.Now()))
		}
		env.After(rng.ExpFloat64()*2, arrive)
	})
	env.After(0, arrive)
	if err := env.RunUntil(24 * 60); err != nil {
		t.Fatal(err)
	}
	return log, env.seq
}

// TestStopAtChangesNothingButTheEvents: a team told each morning that the
// evening stops its planned work does exactly what it did untold, job for
// job and to the bit in time, with fewer events scheduled.
func TestStopAtChangesNothingButTheEvents(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		untold, all := workDays(t, false, seed)
		told, fewer := workDays(t, true, seed)
		if !reflect.DeepEqual(untold, told) {
			for i := range min(len(untold), len(told)) {
				if untold[i] != told[i] {
					t.Fatalf("seed %d: step %d: %s untold, %s told", seed, i, untold[i], told[i])
				}
			}
			t.Fatalf("seed %d: %d steps untold, %d told", seed, len(untold), len(told))
		}
		if len(untold) < 1000 {
			t.Fatalf("seed %d: only %d steps: the days did too little", seed, len(untold))
		}
		// Sixty evenings, each cutting short work that would have ended
		// later: at least one event spared a day.
		if fewer+60 > all {
			t.Errorf("seed %d: %d events scheduled told, %d untold: fewer than one spared a day", seed, fewer, all)
		}
	}
}

// TestStopAtKeepsWorkTheStopSpares: a stop that turns out milder than
// planned leaves work running, whose completion is scheduled then.
func TestStopAtKeepsWorkTheStopSpares(t *testing.T) {
	env := NewEnv()
	tr := &trace{env: env}
	r := NewResource(env, "team", 1)
	r.StopAt(2, 0)
	r.Submit(tr.job("feature", 2, 4))
	env.AfterFunc(2, func() { r.SetPriorityLimit(2) }) // features may go on after all
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"start feature @0", "done feature @4"}; !reflect.DeepEqual(tr.events, want) {
		t.Fatalf("got %v, want %v", tr.events, want)
	}
}

// TestStopAtMissedPanics: a stop made later than planned, after work it
// should have stopped would have finished, is a programming error.
func TestStopAtMissedPanics(t *testing.T) {
	env := NewEnv()
	r := NewResource(env, "team", 1)
	r.StopAt(2, 0)
	r.Submit(&Job{Priority: 2, Work: 4})
	env.AfterFunc(5, func() { r.SetCapacity(1) })
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "planned at 2 came at 5") {
			t.Fatalf("panic %v, want one naming the planned and actual stop", p)
		}
	}()
	_ = env.Run()
}

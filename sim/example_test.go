package sim_test

import (
	"fmt"

	"github.com/opsim/opsim/sim"
)

// An M/M/c queue in about 30 lines: an on-call pool of 3 engineers, pages
// arriving at 2 per hour, each taking an exponential 1 hour to handle.
func Example() {
	env := sim.NewEnv()
	streams := sim.NewStreams(42, "example")
	arrivals := sim.Exponential(2, streams.Source("arrivals"))
	service := sim.Exponential(1, streams.Source("service"))
	pool := sim.NewResource(env, "on-call", 3)

	var wait sim.Tally
	done := func(j *sim.Job) { wait.Add(j.FirstStart - j.Arrived) }
	var arrive sim.Handler
	arrive = sim.Func(func() {
		pool.Submit(&sim.Job{Work: service.Rand(), OnDone: done})
		env.After(arrivals.Rand(), arrive)
	})
	env.After(arrivals.Rand(), arrive)

	if err := env.RunUntil(400_000); err != nil {
		fmt.Println(err)
		return
	}
	// Erlang C gives P(wait) = 4/9 and Wq = 4/9 h here.
	fmt.Printf("pages handled: %d\n", pool.Completed)
	fmt.Printf("mean wait: %.2f h (Erlang C: 0.44 h)\n", wait.Mean())
	fmt.Printf("utilisation: %.2f (offered 2/3)\n", pool.Utilisation())
	// Output:
	// pages handled: 800025
	// mean wait: 0.45 h (Erlang C: 0.44 h)
	// utilisation: 0.67 (offered 2/3)
}

// Preemptive-resume priority: a page interrupts feature work, which later
// resumes with the work it had left plus a context-switch setup.
func ExampleResource_preemption() {
	env := sim.NewEnv()
	eng := sim.NewResource(env, "engineer", 1)
	eng.Preemptive = true
	eng.SetupTime = func(j *sim.Job) float64 {
		if j.Preemptions > 0 {
			return 0.25 // getting back into the feature
		}
		return 0
	}
	report := func(j *sim.Job) { fmt.Printf("%s done at %.2f h\n", j.Data, env.Now()) }
	eng.Submit(&sim.Job{Priority: 1, Work: 4, Data: "feature", OnDone: report})
	env.AfterFunc(1, func() { eng.Submit(&sim.Job{Priority: 0, Work: 0.5, Data: "page", OnDone: report}) })
	if err := env.Run(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// page done at 1.50 h
	// feature done at 4.75 h
}

// A backlog that an engineer pulls from whenever free.
func ExampleStore() {
	env := sim.NewEnv()
	backlog := sim.NewStore[string](env, "backlog", 0)
	// An engineer pulls work when free; features arrive over time.
	var pull func()
	pull = func() {
		backlog.Get(func(f string) {
			fmt.Printf("t=%v start %s\n", env.Now(), f)
			env.AfterFunc(2, pull) // two hours of work, then pull again
		})
	}
	pull()
	env.AfterFunc(1, func() { backlog.Put("login page", nil); backlog.Put("billing fix", nil) })
	_ = env.Run()
	// Output:
	// t=1 start login page
	// t=3 start billing fix
}

// Samples keeps every observation, for quantiles a running mean cannot
// give.
func ExampleSamples() {
	var restores sim.Samples
	for _, h := range []float64{0.5, 2, 1, 4, 0.25, 1.5, 3, 0.75} {
		restores.Add(h)
	}
	fmt.Printf("%d restores, mean %.2f h, median %.2f h, p90 %.2f h\n", restores.Count(), restores.Mean(), restores.Quantile(0.5), restores.Quantile(0.9))
	fmt.Println(restores.Values())
	// Output:
	// 8 restores, mean 1.62 h, median 1.25 h, p90 3.30 h
	// [0.25 0.5 0.75 1 1.5 2 3 4]
}

// SelectKth finds an order statistic without sorting: here the third
// smallest of seven restore times, and a median.
func ExampleSelectKth() {
	hours := []float64{4, 0.5, 3, 1, 2, 0.25, 1.5}
	sim.SelectKth(hours, 2)
	fmt.Println("third shortest:", hours[2])
	sim.SelectKth(hours, len(hours)/2)
	fmt.Println("median:", hours[len(hours)/2])
	// Output:
	// third shortest: 1
	// median: 1.5
}

// SortedRuns pools samples that are each sorted (every team's restore
// times) without copying or merging them: the quantiles are Samples' for
// the same values, to the bit.
func ExampleSortedRuns() {
	teams := [][]float64{{0.5, 1, 2}, {0.25, 4}, {0.75, 1.5, 3}} // each ascending
	days := sim.NewSortedRuns(1.0 / 24)                          // hours to days
	for _, hours := range teams {
		days.Add(hours)
	}
	fmt.Printf("%d restores, median %.4f d, p90 %.4f d, %d over 2 h\n", days.Count(), days.Quantile(0.5), days.Quantile(0.9), days.CountAbove(2.0/24))
	// Output:
	// 8 restores, median 0.0521 d, p90 0.1375 d, 2 over 2 h
}

package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/opsim/opsim/sim"
)

// runDemo simulates an M/M/c on-call pool and sets it beside Erlang C: the
// quickest way to see that the engine is right, and what queueing does as
// load rises.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("demo [flags]", "Simulates an M/M/c queue at several loads and prints the mean wait beside Erlang C.", "opsim demo -c 3 --reps 30", &o, stdout, stderr)
	if pos, err := fs.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fs.wrongArgs("demo takes no arguments")
	}
	if o.servers < 1 || o.reps < 2 {
		return usageError{fmt.Errorf("need --servers >= 1 and --reps >= 2")}
	}
	c := o.servers
	fmt.Fprintf(stdout, "M/M/%d, service 1 h, %d replications of 20,000 h each\n\n", c, o.reps)
	fmt.Fprintf(stdout, "%6s %10s %22s %12s\n", "load", "P(wait)", "mean wait (h) ±95%", "Erlang C")
	for _, rho := range []float64{0.5, 0.7, 0.8, 0.9, 0.95} {
		lambda := rho * float64(c)
		waits, err := sim.Replicate(ctx, o.reps, sim.ReplicateOptions{Workers: o.workers}, func(_ context.Context, i int) ([2]float64, error) {
			return demoRun(o.seed, fmt.Sprintf("rho=%v/rep=%d", rho, i), c, lambda)
		})
		if err != nil {
			return err
		}
		var pw, w sim.Tally
		for _, x := range waits {
			pw.Add(x[0])
			w.Add(x[1])
		}
		half := 1.96 * w.StdDev() / math.Sqrt(float64(w.Count()))
		ec := sim.ErlangC(c, lambda)
		fmt.Fprintf(stdout, "%6.2f %10.3f %14.3f ± %5.3f %12.3f\n", rho, pw.Mean(), w.Mean(), half, ec/(float64(c)-lambda))
	}
	return nil
}

func demoRun(seed uint64, run string, c int, lambda float64) ([2]float64, error) {
	env := sim.NewEnv()
	st := sim.NewStreams(seed, run)
	arr := sim.Exponential(lambda, st.Source("arrivals"))
	svc := sim.Exponential(1, st.Source("service"))
	res := sim.NewResource(env, "pool", c)
	const warmup, horizon = 1000.0, 21000.0
	var wait sim.Tally
	var delayed int
	done := func(j *sim.Job) {
		if j.Arrived >= warmup {
			wait.Add(j.FirstStart - j.Arrived)
			if j.Delayed {
				delayed++
			}
		}
	}
	var arrive sim.Handler
	arrive = sim.Func(func() {
		res.Submit(&sim.Job{Work: svc.Rand(), OnDone: done})
		env.After(arr.Rand(), arrive)
	})
	env.After(arr.Rand(), arrive)
	if err := env.RunUntil(horizon); err != nil {
		return [2]float64{}, err
	}
	return [2]float64{float64(delayed) / float64(wait.Count()), wait.Mean()}, nil
}

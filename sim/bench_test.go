package sim

import (
	"context"
	"fmt"
	"testing"
)

// mmcBench is the M/M/c model of BenchmarkMMc: separate arrival and
// service streams drawn through the engine's Dist, a job pool so that a
// customer allocates nothing in steady state.
type mmcBench struct {
	env       *Env
	res       *Resource
	arr, svc  Dist
	left      int
	served    int
	pool      []*Job
	onDone    func(*Job)
	arrive    Handler
	waitTotal float64
}

func newMMcBench(seed uint64, c int, lambda, mu float64, customers int) *mmcBench {
	env := NewEnv()
	st := NewStreams(seed, "bench")
	m := &mmcBench{env: env, res: NewResource(env, "servers", c), left: customers,
		arr: Exponential(lambda, st.Source("arrivals")), svc: Exponential(mu, st.Source("service"))}
	m.onDone = m.done
	m.arrive = Func(m.arrival)
	env.After(m.arr.Rand(), m.arrive)
	return m
}

func (m *mmcBench) arrival() {
	var j *Job
	if n := len(m.pool); n > 0 {
		j = m.pool[n-1]
		m.pool = m.pool[:n-1]
	} else {
		j = &Job{OnDone: m.onDone}
	}
	j.Work = m.svc.Rand()
	m.res.Submit(j)
	if m.left--; m.left > 0 {
		m.env.After(m.arr.Rand(), m.arrive)
	}
}

func (m *mmcBench) done(j *Job) {
	m.served++
	m.waitTotal += j.FirstStart - j.Arrived
	m.pool = append(m.pool, j)
}

// BenchmarkMMc: M/M/5, λ = 4.5/h, μ = 1/h (ρ = 0.9), 200,000 customers all
// served per iteration.
func BenchmarkMMc(b *testing.B) {
	const customers = 200_000
	b.ReportAllocs()
	var served int
	for i := 0; b.Loop(); i++ {
		m := newMMcBench(uint64(i), 5, 4.5, 1, customers)
		if err := m.env.Run(); err != nil {
			b.Fatal(err)
		}
		if m.served != customers {
			b.Fatalf("served %d of %d", m.served, customers)
		}
		served += m.served
	}
	b.ReportMetric(float64(served)/b.Elapsed().Seconds(), "customers/s")
}

// TestMMcSteadyStateAllocations pins the zero-allocation promise: a run
// with 10x the customers may not allocate more than a short one does.
func TestMMcSteadyStateAllocations(t *testing.T) {
	allocs := func(customers int) float64 {
		return testing.AllocsPerRun(3, func() {
			m := newMMcBench(1, 5, 4.5, 1, customers)
			if err := m.env.Run(); err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := allocs(20_000), allocs(200_000)
	if extra := long - short; extra > 50 {
		t.Fatalf("180,000 more customers cost %.0f more allocations (%.0f vs %.0f): the hot path allocates", extra, long, short)
	}
}

// BenchmarkHold is the classic hold model: 10,000 pending events, each
// firing schedules one more at an exponential increment. One iteration is
// one event through the real Run loop.
func BenchmarkHold(b *testing.B) {
	const pending = 10_000
	env := NewEnv()
	rng := NewStreams(1, "hold").Stream("increments")
	target := 0
	var h Handler
	h = Func(func() {
		if target--; target == 0 {
			env.Stop()
		}
		env.After(rng.ExpFloat64(), h)
	})
	for i := 0; i < pending; i++ {
		env.After(rng.ExpFloat64(), h)
	}
	// Warm the heap into its steady shape before timing.
	target = 5 * pending
	if err := env.Run(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	target = b.N
	if err := env.Run(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if env.Pending() != pending {
		b.Fatalf("pending %d, want %d", env.Pending(), pending)
	}
}

// BenchmarkReplications runs 16 M/M/5 replications of 50,000 customers with
// 1 and with 2 workers; on an idle 2-core machine the second should be
// close to twice the first.
func BenchmarkReplications(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var reps int
			for b.Loop() {
				out, err := Replicate(context.Background(), 16, ReplicateOptions{Workers: workers}, func(_ context.Context, i int) (int, error) {
					m := newMMcBench(uint64(i), 5, 4.5, 1, 50_000)
					return m.served, m.env.Run()
				})
				if err != nil {
					b.Fatal(err)
				}
				reps += len(out)
			}
			b.ReportMetric(float64(reps)/b.Elapsed().Seconds(), "reps/s")
		})
	}
}

// BenchmarkHoldBareHeap is the reference for BenchmarkHold: the same hold
// model on a bare binary heap of float64 times, with no engine at all. The
// engine's overhead is the gap between the two.
func BenchmarkHoldBareHeap(b *testing.B) {
	const pending = 10_000
	rng := NewStreams(1, "hold").Stream("increments")
	h := make([]float64, 0, pending)
	push := func(t float64) {
		h = append(h, t)
		i := len(h) - 1
		for i > 0 {
			p := (i - 1) / 2
			if h[p] <= t {
				break
			}
			h[i] = h[p]
			i = p
		}
		h[i] = t
	}
	pop := func() float64 {
		top := h[0]
		n := len(h) - 1
		last := h[n]
		h = h[:n]
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && h[c+1] < h[c] {
				c++
			}
			if h[c] >= last {
				break
			}
			h[i] = h[c]
			i = c
		}
		if n > 0 {
			h[i] = last
		}
		return top
	}
	for i := 0; i < pending; i++ {
		push(rng.ExpFloat64())
	}
	for i := 0; i < 5*pending; i++ {
		push(pop() + rng.ExpFloat64())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		push(pop() + rng.ExpFloat64())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

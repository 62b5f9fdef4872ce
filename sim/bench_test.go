package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
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

// holdPending is the hold model's event-list size.
const holdPending = 10_000

// holdEngine is the classic hold model on the engine: holdPending events
// pending, each firing schedules one more at an exponential increment.
type holdEngine struct {
	env    *Env
	rng    interface{ ExpFloat64() float64 }
	target int
	h      Handler
}

func newHoldEngine() *holdEngine {
	m := &holdEngine{env: NewEnv(), rng: NewStreams(1, "hold").Stream("increments")}
	m.h = Func(func() {
		if m.target--; m.target == 0 {
			m.env.Stop()
		}
		m.env.After(m.rng.ExpFloat64(), m.h)
	})
	for i := 0; i < holdPending; i++ {
		m.env.After(m.rng.ExpFloat64(), m.h)
	}
	return m
}

// run fires n events through the real Run loop.
func (m *holdEngine) run(n int) error {
	m.target = n
	return m.env.Run()
}

// holdBare is the same hold model on a bare binary heap of float64 times,
// with no engine at all: the reference the engine is measured against.
type holdBare struct {
	h   []float64
	rng interface{ ExpFloat64() float64 }
}

func newHoldBare() *holdBare {
	m := &holdBare{h: make([]float64, 0, holdPending), rng: NewStreams(1, "hold").Stream("increments")}
	for i := 0; i < holdPending; i++ {
		m.push(m.rng.ExpFloat64())
	}
	return m
}

func (m *holdBare) push(t float64) {
	h := append(m.h, t)
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
	m.h = h
}

func (m *holdBare) pop() float64 {
	h := m.h
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
	m.h = h
	return top
}

func (m *holdBare) run(n int) {
	for i := 0; i < n; i++ {
		m.push(m.pop() + m.rng.ExpFloat64())
	}
}

// holdTarget is the engine's hold throughput as a fraction of the bare
// heap's, measured side by side (issue 12).
const holdTarget = 0.85

// BenchmarkHold runs the hold model on the engine and on a bare binary heap
// in the same run, alternating chunks of events so that both see the same
// machine, and reports both rates and their ratio. One iteration is one
// event through each. The ratio is that of the median chunk rates, so that
// a burst of load from another process on a shared machine, which hits
// one chunk of one of them, does not decide it. It fails when the engine
// falls below holdTarget of the bare heap: the engine's overhead per
// event (handler slots, priorities, cancellation, limits) must stay small.
// With 10,000 events pending the engine's far list (far.go) keeps a few
// hundred in its heap, so it runs faster than the bare heap (1.2-1.4).
func BenchmarkHold(b *testing.B) {
	eng, bare := newHoldEngine(), newHoldBare()
	// Warm both event lists into their steady shape before timing.
	if err := eng.run(5 * holdPending); err != nil {
		b.Fatal(err)
	}
	bare.run(5 * holdPending)
	b.ReportAllocs()
	b.ResetTimer()
	const chunk = 20_000
	var engRates, bareRates []float64
	for left := b.N; left > 0; left -= chunk {
		n := min(left, chunk)
		t0 := time.Now()
		if err := eng.run(n); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		bare.run(n)
		t2 := time.Now()
		engRates = append(engRates, float64(n)/t1.Sub(t0).Seconds())
		bareRates = append(bareRates, float64(n)/t2.Sub(t1).Seconds())
	}
	b.StopTimer()
	if eng.env.Pending() != holdPending {
		b.Fatalf("pending %d, want %d", eng.env.Pending(), holdPending)
	}
	engRate, bareRate := median(engRates), median(bareRates)
	b.ReportMetric(engRate, "events/s")
	b.ReportMetric(bareRate, "bare-events/s")
	b.ReportMetric(engRate/bareRate, "ratio")
	if b.N >= 1_000_000 && engRate/bareRate < holdTarget {
		b.Fatalf("the engine runs the hold model at %.2f of a bare binary heap's rate (%.3g vs %.3g events/s), want at least %.2f",
			engRate/bareRate, engRate, bareRate, holdTarget)
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
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

// BenchmarkSortSample sorts samples of the shapes a model's results sort: a
// team's sample in the order it was taken, and a 1,000-team pool of sorted
// samples, one after another; and finds the pool's 90th percentile by
// selection across its runs instead (SortedRuns).
func BenchmarkSortSample(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	team := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.ExpFloat64() * 8
		}
		return xs
	}
	var pool []float64
	for range 1000 {
		xs := team(500)
		slices.Sort(xs)
		pool = append(pool, xs...)
	}
	for _, c := range []struct {
		name string
		xs   []float64
	}{{"team=100", team(100)}, {"team=500", team(500)}, {"team=5000", team(5000)}, {"pool=1000x500", pool}} {
		b.Run(c.name, func(b *testing.B) {
			xs := make([]float64, len(c.xs))
			for b.Loop() {
				copy(xs, c.xs)
				sortSample(xs)
			}
		})
	}
	// The pool's p90 without sorting it: selection across its runs.
	b.Run("pool=1000x500/SortedRuns", func(b *testing.B) {
		for b.Loop() {
			s := NewSortedRuns(1)
			for i := 0; i < len(pool); i += 500 {
				s.Add(pool[i : i+500])
			}
			_ = s.Quantile(0.9)
		}
	})
}

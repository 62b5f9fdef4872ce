package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

func TestStreamsArePureFunctions(t *testing.T) {
	draw := func(seed uint64, run, name string) [4]uint64 {
		r := NewStreams(seed, run).Stream(name)
		return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	base := draw(42, "rep=1", "arrivals")
	if draw(42, "rep=1", "arrivals") != base {
		t.Fatal("same identity gave different numbers")
	}
	for _, other := range [][3]any{{uint64(43), "rep=1", "arrivals"}, {uint64(42), "rep=2", "arrivals"}, {uint64(42), "rep=1", "service"}} {
		if draw(other[0].(uint64), other[1].(string), other[2].(string)) == base {
			t.Fatalf("identity %v collides with the base stream", other)
		}
	}
}

func TestStreamsLookIndependent(t *testing.T) {
	// Neighbouring names and runs must not give correlated streams.
	st := NewStreams(1, "rep=0")
	a, b := st.Stream("team/1"), st.Stream("team/2")
	const n = 20000
	var sab, sa, sb, saa, sbb float64
	for i := 0; i < n; i++ {
		x, y := a.Float64(), b.Float64()
		sab += x * y
		sa += x
		sb += y
		saa += x * x
		sbb += y * y
	}
	cov := sab/n - sa/n*sb/n
	corr := cov / math.Sqrt((saa/n-sa*sa/n/n)*(sbb/n-sb*sb/n/n))
	if math.Abs(corr) > 4/math.Sqrt(n) {
		t.Fatalf("correlation %v between neighbouring streams", corr)
	}
}

func TestSplitMix64KnownValues(t *testing.T) {
	// Reference outputs of SplitMix64 seeded with 0 (Vigna's C code): the
	// state advances by the golden gamma before mixing.
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	var state uint64
	for i, w := range want {
		got := SplitMix64(state)
		state += 0x9e3779b97f4a7c15
		if got != w {
			t.Fatalf("output %d = %#x, want %#x", i, got, w)
		}
	}
}

func TestDistributions(t *testing.T) {
	st := NewStreams(9, "dist")
	for _, tc := range []struct {
		spec DistSpec
		mean float64
		p50  float64 // NaN: not checked
		p90  float64
	}{
		{DistSpec{Kind: "exponential", Mean: 2}, 2, 2 * math.Ln2, 2 * math.Log(10)},
		{DistSpec{Kind: "lognormal", Median: 3, P90: 10}, math.NaN(), 3, 10},
		{DistSpec{Kind: "lognormal", Mean: 5, CV: 0.5}, 5, math.NaN(), math.NaN()},
		{DistSpec{Kind: "gamma", Shape: 2, Scale: 1.5}, 3, math.NaN(), math.NaN()},
		{DistSpec{Kind: "weibull", Shape: 1, Scale: 2}, 2, 2 * math.Ln2, math.NaN()},
		{DistSpec{Kind: "triangular", Min: 1, Mode: 2, Max: 6}, 3, math.NaN(), math.NaN()},
		{DistSpec{Kind: "empirical", Values: []float64{1, 2, 3, 10}}, 4, math.NaN(), math.NaN()},
		{DistSpec{Kind: "deterministic", Mean: 1.25}, 1.25, 1.25, 1.25},
	} {
		t.Run(tc.spec.Kind, func(t *testing.T) {
			if err := tc.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			d := tc.spec.New(st.Source(tc.spec.Kind))
			var s Samples
			for i := 0; i < 100_000; i++ {
				x := d.Rand()
				if x < 0 || math.IsNaN(x) {
					t.Fatalf("sample %v", x)
				}
				s.Add(x)
			}
			check := func(name string, got, want float64) {
				if math.IsNaN(want) {
					return
				}
				if math.Abs(got-want) > 0.02*want+1e-9 {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			check("sample mean", s.Mean(), tc.mean)
			if !math.IsNaN(tc.mean) {
				check("Mean()", d.Mean(), tc.mean)
			}
			check("median", s.Quantile(0.5), tc.p50)
			check("p90", s.Quantile(0.9), tc.p90)
		})
	}
}

func TestDistSpecValidate(t *testing.T) {
	for _, tc := range []struct {
		spec DistSpec
		want string
	}{
		{DistSpec{}, "missing"},
		{DistSpec{Kind: "normal"}, "unknown dist"},
		{DistSpec{Kind: "exponential", Mean: -1}, "mean must be positive"},
		{DistSpec{Kind: "lognormal", Median: 3, P90: 2}, "p90"},
		{DistSpec{Kind: "lognormal"}, "median and p90, or mean and cv"},
		{DistSpec{Kind: "gamma", Shape: 1}, "scale"},
		{DistSpec{Kind: "triangular", Min: 3, Mode: 2, Max: 4}, "min <= mode"},
		{DistSpec{Kind: "empirical"}, "empty"},
		{DistSpec{Kind: "empirical", Values: []float64{1, -2}}, "values[1]"},
		{DistSpec{Kind: "deterministic", Mean: math.Inf(1)}, "finite"},
	} {
		err := tc.spec.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want it to mention %q", tc.spec, err, tc.want)
		}
	}
}

func TestDistSpecScaled(t *testing.T) {
	s := DistSpec{Kind: "lognormal", Median: 2, P90: 5}.Scaled(3)
	if s.Median != 6 || s.P90 != 15 {
		t.Fatalf("scaled %+v", s)
	}
	e := DistSpec{Kind: "empirical", Values: []float64{1, 2}}
	if e.Scaled(2).Values[1] != 4 || e.Values[1] != 2 {
		t.Fatal("Scaled must copy empirical values, not change the original")
	}
	if m := (DistSpec{Kind: "gamma", Shape: 2, Scale: 3}).MeanOf(); m != 6 {
		t.Fatalf("MeanOf = %v", m)
	}
}

func TestCollectors(t *testing.T) {
	var ta Tally
	for _, x := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		ta.Add(x)
	}
	if ta.Mean() != 5 || math.Abs(ta.Variance()-32.0/7) > 1e-12 || ta.Min() != 2 || ta.Max() != 9 || ta.Count() != 8 {
		t.Fatalf("tally mean %v var %v min %v max %v", ta.Mean(), ta.Variance(), ta.Min(), ta.Max())
	}
	ta.Reset(0)
	if !math.IsNaN(ta.Mean()) || ta.Count() != 0 {
		t.Fatal("reset tally not empty")
	}

	w := NewTimeWeighted(0, 0)
	w.Set(1, 2)  // 0 on [0,1]
	w.Set(3, 1)  // 2 on [1,3]
	w.Add(4, -1) // 1 on [3,4], then 0
	if got := w.Mean(5); math.Abs(got-5.0/5) > 1e-12 {
		t.Fatalf("time average %v, want 1", got)
	}
	if w.Max() != 2 || w.Integral(5) != 5 {
		t.Fatalf("max %v integral %v", w.Max(), w.Integral(5))
	}
	w.Reset(5) // warm-up ends: the current value (0) carries on
	w.Set(6, 4)
	if got := w.Mean(7); got != 2 {
		t.Fatalf("after reset: %v, want 2", got)
	}

	var s Samples
	for _, x := range []float64{10, 1, 7, 3, 5} {
		s.Add(x)
	}
	// R: quantile(c(1,3,5,7,10), c(.5,.9,.25)) = 5, 8.8, 3
	for p, want := range map[float64]float64{0.5: 5, 0.9: 8.8, 0.25: 3, 0: 1, 1: 10} {
		if got := s.Quantile(p); math.Abs(got-want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", p, got, want)
		}
	}
	s.Reset(0)
	if !math.IsNaN(s.Quantile(0.5)) {
		t.Fatal("reset samples not empty")
	}
}

func TestReplicateIsDeterministicAcrossWorkers(t *testing.T) {
	run := func(workers int, seed uint64) []qstats {
		out, err := Replicate(context.Background(), 8, ReplicateOptions{Workers: workers}, func(_ context.Context, i int) (qstats, error) {
			return newQueue(seed, fmt.Sprintf("rep=%d", i), 1, 2, []qclass{{1.5, 0}}, false).run(100, 2000)
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, four := run(1, 5), run(4, 5)
	if !reflect.DeepEqual(one, four) {
		t.Fatal("1 and 4 workers gave different results")
	}
	if reflect.DeepEqual(one, run(2, 6)) {
		t.Fatal("different seeds gave identical results")
	}
	if reflect.DeepEqual(one[0], one[1]) {
		t.Fatal("replications 0 and 1 are identical")
	}
}

func TestReplicatePanicsAndErrors(t *testing.T) {
	var progress atomic.Int64
	_, err := Replicate(context.Background(), 6, ReplicateOptions{
		Workers:  2,
		Label:    func(i int) string { return fmt.Sprintf("rep %d (seed %#x)", i, SplitMix64(uint64(i))) },
		Progress: func(done, total int) { progress.Add(1) },
	}, func(_ context.Context, i int) (int, error) {
		if i == 3 {
			var m map[string]int
			//lint:ignore SA5000 a genuine runtime panic, as a model bug would raise
			m["boom"] = 1
		}
		return i, nil
	})
	if err == nil || !strings.Contains(err.Error(), "rep 3 (seed 0x") || !strings.Contains(err.Error(), "panicked") {
		t.Fatalf("panic not turned into a labelled error: %v", err)
	}
	sentinel := errors.New("bad input")
	_, err = Replicate(context.Background(), 4, ReplicateOptions{}, func(_ context.Context, i int) (int, error) {
		if i == 2 {
			return 0, sentinel
		}
		return i, nil
	})
	if !errors.Is(err, sentinel) || !strings.Contains(err.Error(), "replication 2") {
		t.Fatalf("error not wrapped with its replication: %v", err)
	}
	got, err := Replicate(context.Background(), 5, ReplicateOptions{Workers: 3, Progress: func(d, n int) { progress.Add(1) }}, func(_ context.Context, i int) (int, error) { return i * i, nil })
	if err != nil || !reflect.DeepEqual(got, []int{0, 1, 4, 9, 16}) {
		t.Fatalf("results %v, %v", got, err)
	}
	if progress.Load() < 5 {
		t.Fatalf("progress called %d times", progress.Load())
	}
}

var _ rand.Source = (*rand.PCG)(nil)

package sim

import (
	"math"
	"slices"
	"testing"
)

// TestFarListMatchesOneHeap drives two engines with the same random model
// of many arrival streams (rates from one an hour to one a month, as an
// organisation's teams and services have), work that is cancelled, runs
// in daily RunUntil steps and phases that change the load tenfold, so that
// the far list's buckets narrow, widen, jump and turn: one engine with the
// far list, one with every event in its heap. Every firing must match in
// time and identity.
func TestFarListMatchesOneHeap(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		run := func(far bool) ([]float64, []int, []float64) {
			env := NewEnv()
			if far {
				env.startFar() // from the first event, not from farStart pending
			} else {
				env.far.on = true // and never started: every event in the heap
			}
			rng := NewStreams(seed, "far").Stream("model")
			var times []float64
			var ids []int
			var pending []Handle
			var widths []float64 // the far list's, day by day
			scale := 1.0
			streams := 300
			for s := range streams {
				rate := math.Pow(10, -3*float64(s)/float64(streams)) // 1/h down to 1/1000h
				var arrive Handler
				arrive = Func(func() {
					times, ids = append(times, env.Now()), append(ids, s)
					if rng.IntN(4) == 0 { // some work, sometimes withdrawn
						h := env.After(rng.ExpFloat64()*3, Func(func() {
							times, ids = append(times, env.Now()), append(ids, -1-s)
						}))
						pending = append(pending, h)
					}
					if len(pending) > 0 && rng.IntN(3) == 0 {
						env.Cancel(pending[rng.IntN(len(pending))])
					}
					env.After(rng.ExpFloat64()/rate*scale, arrive)
				})
				env.After(rng.ExpFloat64()/rate, arrive)
			}
			for day := 1.0; day <= 400; day++ {
				switch day {
				case 100:
					scale = 0.05 // twenty times the load
				case 200:
					scale = 40 // a lull
				case 300:
					scale = 1
				}
				if err := env.RunUntil(day * 24); err != nil {
					t.Fatal(err)
				}
				widths = append(widths, env.far.width)
			}
			return times, ids, widths
		}
		wt, wi, _ := run(false)
		gt, gi, widths := run(true)
		if lo, hi := slices.Min(widths), slices.Max(widths); lo >= 1 || hi <= 1 {
			t.Errorf("seed %d: the far list's width stayed within [%v, %v]: the test no longer narrows and widens it", seed, lo, hi)
		}
		if len(wt) < 100_000 || !slices.Equal(gt, wt) || !slices.Equal(gi, wi) {
			n := 0
			for n < min(len(gt), len(wt)) && gt[n] == wt[n] && gi[n] == wi[n] {
				n++
			}
			t.Fatalf("seed %d: %d and %d firings, the same up to %d: %v %d vs %v %d", seed, len(gt), len(wt), n, gt[n], gi[n], wt[n], wi[n])
		}
	}
}

// TestFarListTurns pins the far list's moves (far.go) that a random walk
// reaches only by chance: an event scheduled more than a ring's turn ahead
// must fire in its place while a chain of nearer events keeps the ring
// busy the whole way, across several turns, on the hour, and after a jump
// over an empty stretch; an event at +Inf stays pending, as Run leaves it.
func TestFarListTurns(t *testing.T) {
	env := NewEnv()
	env.startFar() // from the first event, not from farStart pending
	var got []float64
	record := func() { got = append(got, env.Now()) }
	for _, at := range []float64{300, 3 * farBuckets, 5*farBuckets + 0.5, 900.25, 50_100} {
		env.Schedule(at, Normal, Func(record))
	}
	var chain Handler
	chain = Func(func() {
		record()
		if env.Now() < 6*farBuckets {
			env.After(10, chain)
		}
	})
	env.Schedule(0, Normal, chain)
	env.Schedule(math.Inf(1), Normal, Func(record))
	env.Schedule(50_000, Late, Func(func() { // after an empty stretch, a jump
		record()
		env.After(farBuckets*7+0.75, Func(record))
	}))
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	want := []float64{300, 3 * farBuckets, 5*farBuckets + 0.5, 900.25, 50_100, 50_000, 50_000 + farBuckets*7 + 0.75}
	for at := 0.0; at <= 6*farBuckets+9; at += 10 {
		want = append(want, at)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("fired at\n%v\nwant\n%v", got, want)
	}
	if env.Pending() != 1 {
		t.Fatalf("%d events pending, want the one at +Inf", env.Pending())
	}
}

// TestFarListStarts: a model with few events pending keeps them all in
// the heap; one with more than farStart turns the far list on, and fires
// the same events in the same order as the heap alone.
func TestFarListStarts(t *testing.T) {
	for _, n := range []int{10, farStart / 2, 4 * farStart} {
		run := func(heapOnly bool) (*Env, []float64) {
			env := NewEnv()
			env.far.on = heapOnly
			rng := NewStreams(5, "start").Stream("t")
			var got []float64
			var h Handler
			h = Func(func() {
				got = append(got, env.Now())
				if len(got) < 20*n {
					env.After(rng.ExpFloat64()*float64(n)/10, h)
				}
			})
			for range n {
				env.After(rng.ExpFloat64()*float64(n)/10, h)
			}
			if err := env.Run(); err != nil {
				t.Fatal(err)
			}
			return env, got
		}
		env, got := run(false)
		_, want := run(true)
		if on := n > farStart; env.far.on != on {
			t.Errorf("%d pending: far list on %v, want %v", n, env.far.on, on)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d pending: the far list changed the firing order", n)
		}
	}
}

package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestEventOrder(t *testing.T) {
	// Time first, then priority, then insertion order: ties are broken the
	// same way on every run.
	env := NewEnv()
	var got []string
	add := func(at float64, prio int, name string) {
		env.Schedule(at, prio, Func(func() { got = append(got, name) }))
	}
	add(2, Normal, "t2-normal-first")
	add(1, Late, "t1-late")
	add(1, Normal, "t1-normal-a")
	add(2, Normal, "t2-normal-second")
	add(1, Urgent, "t1-urgent")
	add(1, Normal, "t1-normal-b")
	add(0.5, Late, "t0.5")
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{"t0.5", "t1-urgent", "t1-normal-a", "t1-normal-b", "t1-late", "t2-normal-first", "t2-normal-second"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	if env.Now() != 2 || env.Fired() != 7 || env.Pending() != 0 {
		t.Fatalf("now %v fired %d pending %d", env.Now(), env.Fired(), env.Pending())
	}
}

func TestHeapOrderRandomised(t *testing.T) {
	// Many events at random times must come out sorted, whatever the
	// interleaving of pushes and pops.
	env := NewEnv()
	rng := NewStreams(1, "heap").Stream("t")
	last := -1.0
	var fired int
	var h Handler
	h = Func(func() {
		if env.Now() < last {
			t.Fatalf("time went backwards: %v after %v", env.Now(), last)
		}
		last = env.Now()
		fired++
		if fired < 50_000 {
			env.After(rng.ExpFloat64(), h)
			if rng.IntN(3) == 0 {
				env.After(rng.Float64()*10, Func(func() {}))
			}
		}
	})
	for i := 0; i < 1000; i++ {
		env.After(rng.Float64()*100, h)
	}
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if fired < 50_000 {
		t.Fatalf("fired %d", fired)
	}
}

func TestCancelAndReschedule(t *testing.T) {
	env := NewEnv()
	var got []string
	a := env.AfterFunc(1, func() { got = append(got, "a") })
	b := env.AfterFunc(2, func() { got = append(got, "b") })
	c := env.AfterFunc(3, func() { got = append(got, "c") })
	if !env.Cancel(a) {
		t.Fatal("cancel of a pending event reported false")
	}
	if env.Cancel(a) {
		t.Fatal("second cancel reported true")
	}
	if env.Scheduled(a) || !env.Scheduled(b) {
		t.Fatal("Scheduled is wrong")
	}
	c = env.Reschedule(c, 0.5, Normal)
	if !env.Scheduled(c) {
		t.Fatal("rescheduled event not pending")
	}
	// A slot freed by a cancel is reused; the stale handle must not cancel
	// the new event that now lives there.
	d := env.AfterFunc(4, func() { got = append(got, "d") })
	if env.Cancel(a) {
		t.Fatal("stale handle cancelled a reused slot")
	}
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"c", "b", "d"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if env.Cancel(d) || env.Cancel(Handle{}) {
		t.Fatal("cancel of fired or zero handle reported true")
	}
	if h := env.Reschedule(d, 9, Normal); h != (Handle{}) {
		t.Fatal("reschedule of a fired event returned a live handle")
	}
}

func TestRunUntilAndStop(t *testing.T) {
	env := NewEnv()
	var n int
	var tick Handler
	tick = Func(func() { n++; env.After(1, tick) })
	env.Schedule(0, Normal, tick)
	if err := env.RunUntil(10); err != nil {
		t.Fatal(err)
	}
	// Events at 0..9 fire; the one at exactly 10 stays pending.
	if n != 10 || env.Now() != 10 || env.Pending() != 1 {
		t.Fatalf("n=%d now=%v pending=%d", n, env.Now(), env.Pending())
	}
	if err := env.RunUntil(5); err == nil {
		t.Fatal("running until the past should fail")
	}
	env.AfterFunc(2.5, func() { env.Stop() })
	if err := env.RunUntil(100); err != nil {
		t.Fatal(err)
	}
	if env.Now() != 12.5 {
		t.Fatalf("stop: now %v, want 12.5", env.Now())
	}
}

func TestLimits(t *testing.T) {
	env := NewEnv()
	var tick Handler
	tick = Func(func() { env.After(0, tick) }) // a zero-delay loop: would never end
	env.After(1, tick)
	env.SetLimits(1000, math.Inf(1))
	err := env.Run()
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("event limit: got %v", err)
	}
	if env.Fired() != 1000 {
		t.Fatalf("fired %d, want 1000", env.Fired())
	}

	env = NewEnv()
	tick = Func(func() { env.After(1, tick) })
	env.After(0, tick)
	env.SetLimits(0, 50)
	if err := env.Run(); !errors.Is(err, ErrLimit) {
		t.Fatalf("time limit: got %v", err)
	}
	if env.Now() != 50 {
		t.Fatalf("now %v, want 50", env.Now())
	}
}

func TestSchedulePastPanics(t *testing.T) {
	env := NewEnv()
	env.AfterFunc(5, func() {})
	_ = env.Run()
	defer func() {
		if recover() == nil {
			t.Fatal("scheduling in the past did not panic")
		}
	}()
	env.Schedule(1, Normal, Func(func() {}))
}

func TestSequenceRenumberKeepsFIFO(t *testing.T) {
	// Force the 34-bit sequence to wrap every few events: events at the
	// same time and priority must still fire in the order scheduled.
	env := NewEnv()
	env.seqCap = 5
	var got []int
	for i := 0; i < 40; i++ {
		env.Schedule(float64(i%3), Normal, Func(func() { got = append(got, i) }))
	}
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	var want []int
	for r := 0; r < 3; r++ {
		for i := r; i < 40; i += 3 {
			want = append(want, i)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order after renumbering %v, want %v", got, want)
	}
}

func TestNegativeZeroTime(t *testing.T) {
	// -0 has the sign bit set; it must still sort as zero, before 1.
	env := NewEnv()
	var got []string
	env.Schedule(1, Normal, Func(func() { got = append(got, "one") }))
	env.Schedule(math.Copysign(0, -1), Normal, Func(func() { got = append(got, "zero") }))
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"zero", "one"}) {
		t.Fatalf("got %v", got)
	}
}

// TestScheduleWhileFiringMatchesReference checks the lazy pop of the
// firing event and the far list (far.go): handlers that schedule none, one
// or several events (some at the current time and Urgent, so they must
// fire next, some within the hour, some days or months ahead, some on the
// hour, past the far list's ring or at +Inf), cancel others and force
// sequence renumbering must see exactly the order of a plain reference
// list sorted by (time, priority, scheduling order), whether the run goes
// in one call or in pieces of RunUntil.
func TestScheduleWhileFiringMatchesReference(t *testing.T) {
	near := func(r *rand.Rand) float64 { return r.ExpFloat64() }
	far := func(r *rand.Rand) float64 {
		switch r.IntN(6) {
		case 0:
			return r.ExpFloat64() / 10
		case 1:
			return math.Floor(r.Float64() * 30) // on the hour, ahead or now
		case 2:
			return r.ExpFloat64() * 100 // days ahead, often past the ring
		case 3:
			return 200 + r.Float64()*2000 // past the ring
		}
		return r.ExpFloat64() * 5
	}
	for _, c := range []struct {
		name   string
		delay  func(*rand.Rand) float64
		pieces float64 // RunUntil steps; 0: one Run
		seqCap uint64  // renumber past this (which also re-files the far list)
		grow   bool    // 1.5 new events a firing, else 1
	}{
		{"near", near, 0, 97, true}, {"far", far, 0, 97, false}, {"far/pieces", far, 37.5, 97, false},
		{"far/short-pieces", far, 0.3, 97, false}, {"far/no-renumber", far, 0, maxSeq, false},
		{"far/no-renumber/pieces", far, 11, maxSeq, false},
	} {
		t.Run(c.name, func(t *testing.T) { lazyWalk(t, c.delay, c.pieces, c.seqCap, c.grow) })
	}
}

func lazyWalk(t *testing.T, delay func(*rand.Rand) float64, pieces float64, seqCap uint64, grow bool) {
	type ev struct {
		t       float64
		prio    int
		seq, id int
		handle  Handle
		dropped bool
	}
	env := NewEnv()
	env.seqCap = seqCap // 97: renumber now and then, also while an event fires
	if !grow {
		env.startFar() // the far list from the first event, not from farStart pending
	}
	rng := NewStreams(3, "lazy").Stream("t")
	var ref []*ev
	var got, want []int
	seq, next := 0, 0
	var schedule func(at float64, prio int)
	fire := func(e *ev) Handler {
		return Func(func() {
			got = append(got, e.id)
			// The reference fires the smallest pending (t, prio, seq).
			best := -1
			for i, r := range ref {
				if !r.dropped && (best < 0 || r.t < ref[best].t || r.t == ref[best].t && (r.prio < ref[best].prio || r.prio == ref[best].prio && r.seq < ref[best].seq)) {
					best = i
				}
			}
			want = append(want, ref[best].id)
			ref[best].dropped = true
			if next >= 3000 {
				return
			}
			// Near, the population grows (1.5 new events a firing); far, it
			// about holds (1.25, less the cancellations), so that the clock
			// runs through many turns of the
			// far list's ring while events are still being scheduled.
			k := rng.IntN(3) + rng.IntN(2)
			if !grow {
				k = 1 + rng.IntN(4)/3
			}
			for ; k > 0; k-- {
				switch rng.IntN(4) {
				case 0:
					schedule(env.Now(), Urgent)
				case 1:
					schedule(env.Now(), Normal)
				default:
					schedule(env.Now()+delay(rng), rng.IntN(3)-1)
				}
			}
			if rng.IntN(5) == 0 {
				for _, r := range ref {
					if !r.dropped {
						env.Cancel(r.handle)
						r.dropped = true
						break
					}
				}
			}
		})
	}
	schedule = func(at float64, prio int) {
		e := &ev{t: at, prio: prio, seq: seq, id: next}
		seq++
		next++
		e.handle = env.Schedule(at, prio, fire(e))
		ref = append(ref, e)
	}
	for i := 0; i < 50; i++ {
		schedule(rng.Float64()*5, Normal)
	}
	schedule(math.Inf(1), Normal)
	if pieces > 0 {
		for until := pieces; env.Pending() > 0 && !math.IsInf(until, 1) && until < 1e6; until += pieces {
			if err := env.RunUntil(until); err != nil {
				t.Fatal(err)
			}
			if env.Now() != until {
				t.Fatalf("RunUntil(%v) left the clock at %v", until, env.Now())
			}
		}
	}
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if len(got) < 1000 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d events fired; order differs from the reference: %v", len(got), firstDiff(got, want))
	}
}

func firstDiff(a, b []int) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("at %d: %d vs %d", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(a), len(b))
}

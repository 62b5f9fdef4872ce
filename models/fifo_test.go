package models

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// TestFifoIsAQueue runs random pushes and pops against a plain slice used
// as a queue, with the queue kept short, long, and swinging between.
func TestFifoIsAQueue(t *testing.T) {
	for _, tc := range []struct {
		name string
		push float64 // chance that a step pushes rather than pops
	}{{"short", 0.5}, {"growing", 0.7}, {"draining", 0.3}} {
		rng := rand.New(rand.NewPCG(1, 2))
		var q fifo[int]
		var ref []int
		for step := range 20_000 {
			if len(ref) == 0 || rng.Float64() < tc.push {
				q.push(step)
				ref = append(ref, step)
			} else {
				if got, want := q.front(), ref[0]; got != want {
					t.Fatalf("%s, step %d: front %d, want %d", tc.name, step, got, want)
				}
				if got, want := q.pop(), ref[0]; got != want {
					t.Fatalf("%s, step %d: pop %d, want %d", tc.name, step, got, want)
				}
				ref = ref[1:]
			}
			if q.len() != len(ref) || !slices.Equal(q.items[q.head:], ref) {
				t.Fatalf("%s, step %d: queue %v, want %v", tc.name, step, q.items[q.head:], ref)
			}
		}
	}
}

// TestFifoReusesItsArray checks the point of fifo: a queue that stays short
// but never empties, as a product team's backlog does, allocates nothing
// once its array has grown, where s = s[1:] then append reallocates every
// few pushes. (testing.AllocsPerRun rounds the mean down, which would hide
// an allocation every fourth push: the totals are compared instead.)
func TestFifoReusesItsArray(t *testing.T) {
	f := &feature{}
	var q fifo[*feature]
	var s []*feature
	for range 4 {
		q.push(f)
		s = append(s, f)
	}
	const runs = 1000
	if n := mallocs(runs, func() { q.push(f); q.pop() }); n > 0 {
		t.Errorf("a steady fifo of four allocated %d times in %d pushes and pops, want 0", n, runs)
	}
	if n := mallocs(runs, func() { s = append(s, f); s[0] = nil; s = s[1:] }); n < runs/10 {
		t.Errorf("the slice queue fifo replaced allocated only %d times in %d pushes and pops: the test shows nothing", n, runs)
	}
}

// mallocs is the number of heap allocations runs calls of f make, after
// ten calls to let f's data grow.
func mallocs(runs int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for range 10 {
		f()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

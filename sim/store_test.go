package sim

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

func TestStoreFIFOAndWaitingGetters(t *testing.T) {
	env := NewEnv()
	s := NewStore[string](env, "inbox", 0)
	var got []string
	take := func(x string) { got = append(got, fmt.Sprintf("%s@%v", x, env.Now())) }
	s.Get(take) // waits: nothing there yet
	env.AfterFunc(1, func() { s.Put("a", nil) })
	env.AfterFunc(2, func() { s.Put("b", nil); s.Put("c", nil) })
	env.AfterFunc(5, func() { s.Get(take); s.Get(take) })
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a@1", "b@5", "c@5"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// b and c each waited 3; a was handed over at once.
	if s.Waited.Count() != 3 || s.Waited.Mean() != 2 {
		t.Fatalf("waits: n=%d mean=%v", s.Waited.Count(), s.Waited.Mean())
	}
	// Length: 0 on [0,2], 2 on [2,5], then 0: area 6 over 5.
	if m := s.Length.Mean(5); math.Abs(m-6.0/5) > 1e-12 {
		t.Fatalf("time-average length %v", m)
	}
}

func TestStoreCapacityBlocksPutters(t *testing.T) {
	env := NewEnv()
	s := NewStore[int](env, "buffer", 2)
	var stored []string
	for i := 1; i <= 4; i++ {
		s.Put(i, func() { stored = append(stored, fmt.Sprintf("%d@%v", i, env.Now())) })
	}
	if s.Len() != 2 {
		t.Fatalf("len %d, want 2", s.Len())
	}
	var got []int
	env.AfterFunc(3, func() { s.Get(func(x int) { got = append(got, x) }) })
	env.AfterFunc(4, func() {
		for s.Len() > 0 {
			s.Get(func(x int) { got = append(got, x) })
		}
	})
	if err := env.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1@0", "2@0", "3@3", "4@4"}; !reflect.DeepEqual(stored, want) {
		t.Fatalf("stored %v, want %v", stored, want)
	}
	if !reflect.DeepEqual(got, []int{1, 2, 3, 4}) {
		t.Fatalf("got %v", got)
	}
}

func TestRingGrowsAndWraps(t *testing.T) {
	var r ring[int]
	next, want := 0, 0
	for round := 0; round < 50; round++ {
		for i := 0; i < round%13+1; i++ {
			r.push(next)
			next++
		}
		for i := 0; i < round%7+1 && r.len() > 0; i++ {
			if x := r.pop(); x != want {
				t.Fatalf("popped %d, want %d", x, want)
			}
			want++
		}
	}
}

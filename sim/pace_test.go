package sim

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// TestSpeedAndSetupSchedules pins slowed-down service and the setup that
// is actually spent, on exact schedules.
func TestSpeedAndSetupSchedules(t *testing.T) {
	for _, tc := range []struct {
		name         string
		setup, speed float64
		want         []string
		wantSetup    float64 // the feature's Job.Setup at the end
	}{
		{
			name: "half speed", speed: 0.5,
			// 4 units at half speed: 1 unit done by t=2; the page's 2 units
			// take 4; the feature's 3 left take 6
			want: []string{"start feature @0", "preempt feature @2", "start page @2", "done page @6", "start feature @6", "done feature @12"},
		},
		{
			name: "setup cut short counts only what ran", setup: 3, speed: 1,
			// the feature's first setup is cut at t=2 (2 of 3 spent), the page pays 3
			// then works 2, the feature pays 3 again and works 4
			want:      []string{"start feature @0", "preempt feature @2", "start page @2", "done page @7", "start feature @7", "done feature @14"},
			wantSetup: 2 + 3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := NewEnv()
			tr := &trace{env: env}
			r := NewResource(env, "team", 1)
			r.Preemptive = true
			r.SetupTime = func(*Job) float64 { return tc.setup }
			r.Speed = func(*Job) float64 { return tc.speed }
			feature, page := tr.job("feature", 1, 4), tr.job("page", 0, 2)
			r.Submit(feature)
			env.AfterFunc(2, func() { r.Submit(page) })
			if err := env.Run(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tr.events, tc.want) {
				t.Fatalf("got  %v\nwant %v", tr.events, tc.want)
			}
			if feature.Setup != tc.wantSetup {
				t.Errorf("feature setup %v, want %v", feature.Setup, tc.wantSetup)
			}
		})
	}
}

// TestBusyTimeIsWorkPlusSetupSpent: under random arrivals, priorities,
// preemptions, setups, slowdowns, capacity changes and withdrawals, every
// busy server-hour is either work progress (at the resource's speed v, so
// progress/v hours) or setup actually spent, to rounding. A setup booked but
// cut short would break it, and so would progress not kept at speed.
func TestBusyTimeIsWorkPlusSetupSpent(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		env := NewEnv()
		rng := rand.New(rand.NewPCG(seed, 7))
		r := NewResource(env, "team", 3)
		r.Preemptive = true
		r.SetupTime = func(*Job) float64 { return rng.Float64() * 0.5 }
		v := 0.3 + 0.7*rng.Float64()
		r.Speed = func(*Job) float64 { return v }
		var jobs []*Job
		var submitted float64
		var arrive Func
		arrive = func() {
			j := &Job{Priority: rng.IntN(4) - 2, Work: rng.ExpFloat64()}
			jobs = append(jobs, j)
			submitted += j.Work
			r.Submit(j)
			env.AfterFunc(rng.ExpFloat64()*0.4, arrive)
		}
		env.AfterFunc(0, arrive)
		var shift Func
		shift = func() {
			r.SetCapacity(1 + rng.IntN(4))
			if rng.Float64() < 0.3 {
				r.Remove(jobs[rng.IntN(len(jobs))])
			}
			env.AfterFunc(rng.ExpFloat64()*3, shift)
		}
		env.AfterFunc(1, shift)
		if err := env.RunUntil(150); err != nil {
			t.Fatal(err)
		}
		now := env.Now()
		n, left := r.Backlog()
		var setup float64
		var held int
		for _, j := range jobs {
			setup += j.Setup
			switch {
			case j.Running():
				held++
				if el := now - j.segStart; el < j.setupLeft {
					setup -= j.setupLeft - el // the running setup counts up to now
				}
			case j.Queued():
				held++
			default:
				left += j.Work // done (0 left) or removed with its work
			}
		}
		if n != held {
			t.Errorf("seed %d: Backlog counts %d jobs, %d are queued or running", seed, n, held)
		}
		busy := r.BusyServers.Integral(now)
		progress := submitted - left
		if d := math.Abs(busy - (progress/v + setup)); d > 1e-9*busy {
			t.Errorf("seed %d: busy %.9f server-hours but progress %.9f at speed %.3f + setup %.9f = %.9f", seed, busy, progress, v, setup, progress/v+setup)
		}
	}
}

// TestCompactionKeepsOrderAndFreesSlots: cancelling most of a large heap
// leaves tombstones that the run sweeps out (the heap shrinks to about the
// live events and their slots are reused), while the live events still
// fire in time order, FIFO among equal times.
func TestCompactionKeepsOrderAndFreesSlots(t *testing.T) {
	env := NewEnv()
	rng := rand.New(rand.NewPCG(3, 4))
	type ev struct {
		at  float64
		seq int
	}
	var fired, want []ev
	var handles []Handle
	for i := range 20000 {
		e := ev{at: float64(rng.IntN(500)), seq: i}
		handles = append(handles, env.Schedule(e.at, Normal, Func(func() { fired = append(fired, e) })))
		want = append(want, e)
	}
	var kept []ev
	for i, h := range handles {
		if i%10 == 0 {
			kept = append(kept, want[i])
			continue
		}
		env.Cancel(h)
	}
	if err := env.RunUntil(0.5); err != nil {
		t.Fatal(err)
	}
	if len(env.heap) > env.pending+minCompact {
		t.Errorf("heap holds %d entries for %d pending events: tombstones were not swept", len(env.heap), env.pending)
	}
	slots := len(env.slots)
	for range 10000 {
		env.After(1000, Func(func() {}))
	}
	if len(env.slots) != slots {
		t.Errorf("slots grew from %d to %d although the swept tombstones freed theirs", slots, len(env.slots))
	}
	if err := env.RunUntil(600); err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].at < kept[j].at })
	if !reflect.DeepEqual(fired, kept) {
		t.Errorf("fired %d events out of order (want %d)", len(fired), len(kept))
	}
}

package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Handler is what an event does when it fires. Long-lived model objects
// implement it, so scheduling them allocates nothing; [Func] adapts a plain
// function.
type Handler interface {
	Fire()
}

// Func adapts a function to a [Handler]. A func value is pointer-shaped, so
// the conversion does not allocate; a closure created per event does.
type Func func()

// Fire calls f.
func (f Func) Fire() { f() }

// Priorities for events that fall at the same instant: smaller fires first.
const (
	Urgent  = -1 // before ordinary events at the same time
	Normal  = 0
	Late    = 1 // after ordinary events at the same time
	maxPrio = 1<<(prioBits-1) - 1
	minPrio = -1 << (prioBits - 1)
)

// Handle names a scheduled event so that it can be cancelled. The zero
// Handle names no event.
type Handle struct {
	slot int32
	gen  uint32
}

type slot struct {
	h   Handler
	gen uint32
}

// ErrLimit is wrapped by the error a run returns when it hits a guard set
// with [Env.SetLimits], so a runaway model fails loudly instead of hanging.
var ErrLimit = errors.New("sim: run limit reached")

// Env is a simulation environment: the clock and the future event list.
// An Env is not safe for concurrent use; run replications in separate Envs.
type Env struct {
	now     float64
	heap    eventHeap // the events due before far.bound (far.go)
	far     farList   // the later ones
	slots   []slot
	free    []int32
	seq     uint64
	fired   uint64
	pending int
	seqCap  uint64 // renumber sequences past this (a variable for tests)
	starts  uint64 // jobs started on its resources, numbering each start (victims.go)

	maxEvents uint64
	maxTime   float64
	stopped   bool
	// firing is set while the handler of the event at the heap's root
	// runs: that entry is popped lazily, so the first event the handler
	// schedules takes its place (see eventHeap.replaceTopDown) and its slot,
	// firingSlot, which is freed only if nothing takes it.
	firing     bool
	firingSlot int32
}

// NewEnv returns an environment whose clock reads 0.
func NewEnv() *Env {
	return &Env{maxTime: math.Inf(1), slots: make([]slot, 1, 64), seqCap: maxSeq, far: newFarList()}
}

// Now is the current simulated time.
func (e *Env) Now() float64 { return e.now }

// Fired is how many events have fired so far.
func (e *Env) Fired() uint64 { return e.fired }

// Pending is how many events are scheduled and not cancelled.
func (e *Env) Pending() int { return e.pending }

// SetLimits guards against runaway runs: a run returns an error wrapping
// [ErrLimit] once more than maxEvents events have fired (0: no limit) or
// an event falls after maxTime (+Inf: no limit).
func (e *Env) SetLimits(maxEvents uint64, maxTime float64) {
	e.maxEvents, e.maxTime = maxEvents, maxTime
}

// Schedule makes h fire at absolute time t with the given priority
// (smaller fires first among events at the same time). Scheduling in the
// past or at a NaN time is a programming error and panics.
func (e *Env) Schedule(t float64, prio int, h Handler) Handle {
	if !(t >= e.now) {
		panic(fmt.Sprintf("sim: schedule at %v before now %v", t, e.now))
	}
	if prio < minPrio || prio > maxPrio {
		panic(fmt.Sprintf("sim: priority %d out of range", prio))
	}
	var s int32
	if e.firing {
		s = e.firingSlot
	} else if n := len(e.free); n > 0 {
		s = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		if len(e.slots) >= maxSlots {
			panic(fmt.Sprintf("sim: more than %d events pending", maxSlots-1))
		}
		e.slots = append(e.slots, slot{})
		s = int32(len(e.slots) - 1)
	}
	sl := &e.slots[s]
	sl.h = h
	if e.seq >= e.seqCap {
		e.renumber()
	}
	e.seq++
	e.pending++
	ent := entry{tb: timeBits(t), key: uint64(prio-minPrio)<<(seqBits+slotBits) | e.seq<<slotBits | uint64(s)}
	switch {
	case t >= e.far.bound:
		if e.firing { // the fired event leaves the heap now: its slot is taken
			e.firing = false
			e.heap.pop()
		}
		e.far.add(ent)
	case e.firing:
		e.firing = false
		e.heap.replaceTopDown(ent)
	default:
		e.heap.push(ent)
	}
	return Handle{slot: s, gen: sl.gen}
}

// renumber gives the pending events fresh sequence numbers 1..n in their
// current order, so the 34-bit sequence can wrap without ever reordering
// events that fall at the same time (once per 17 billion events).
func (e *Env) renumber() {
	h := e.heap
	slices.SortFunc(h, compareEntries)
	far := e.far.drain() // all due after the heap's
	slices.SortFunc(far, compareEntries)
	const low = 1<<slotBits - 1
	n := uint64(0)
	for _, s := range [][]entry{h, far} {
		for i := range s {
			n++
			prio := s[i].key >> (seqBits + slotBits)
			s[i].key = prio<<(seqBits+slotBits) | n<<slotBits | s[i].key&low
		}
	}
	for _, en := range far {
		e.far.add(en)
	}
	e.seq = n // a sorted slice is a valid heap
}

// After makes h fire delay time units from now, at normal priority.
func (e *Env) After(delay float64, h Handler) Handle {
	return e.Schedule(e.now+delay, Normal, h)
}

// AfterFunc is After for a plain function.
func (e *Env) AfterFunc(delay float64, f func()) Handle {
	return e.Schedule(e.now+delay, Normal, Func(f))
}

// minCompact is how many cancelled entries the heap may hold before they
// are swept out, once they also outnumber the live ones.
const minCompact = 1024

// compact drops the cancelled entries (tombstones) from the heap and frees
// their slots. Cancel leaves tombstones to be O(1); a model that cancels
// much (every team's work interrupted each evening, its completion events
// cancelled) would otherwise keep a heap mostly of the dead, a level
// deeper and twice the memory. Keys are unique, so the order of the live
// events, and every result, is unchanged; the cost is amortised over the
// cancellations that made it worth it.
func (e *Env) compact() {
	e.sweepFar()
	e.heap = e.keepLive(e.heap)
	e.heap.heapify()
}

// Cancel removes a scheduled event. It reports whether the event was still
// pending; cancelling a fired or already cancelled event is a no-op. The
// heap entry stays as a tombstone until its time, which makes Cancel O(1).
func (e *Env) Cancel(h Handle) bool {
	if !e.Scheduled(h) {
		return false
	}
	sl := &e.slots[h.slot]
	sl.h = nil
	sl.gen++
	e.pending--
	return true
}

// Scheduled reports whether h names an event that has not fired or been
// cancelled.
func (e *Env) Scheduled(h Handle) bool {
	return h.slot > 0 && int(h.slot) < len(e.slots) && e.slots[h.slot].gen == h.gen && e.slots[h.slot].h != nil
}

// Reschedule moves a pending event to a new time and priority, keeping its
// handler; it returns the new handle, or a zero Handle if h was not pending.
func (e *Env) Reschedule(h Handle, t float64, prio int) Handle {
	if !e.Scheduled(h) {
		return Handle{}
	}
	hd := e.slots[h.slot].h
	e.Cancel(h)
	return e.Schedule(t, prio, hd)
}

// Stop ends the current run after the event being processed.
func (e *Env) Stop() { e.stopped = true }

// Run fires events until none is left or Stop is called.
func (e *Env) Run() error { return e.run(math.Inf(1)) }

// RunUntil fires every event scheduled strictly before t, then sets the
// clock to t (unless Stop ended the run earlier). Events at t stay pending,
// so a later call can continue the run.
func (e *Env) RunUntil(t float64) error {
	if t < e.now {
		return fmt.Errorf("sim: run until %v before now %v", t, e.now)
	}
	if err := e.run(t); err != nil {
		return err
	}
	if !e.stopped {
		e.now = t
	}
	return nil
}

func (e *Env) run(until float64) error {
	e.stopped = false
	for !e.stopped {
		if dead := len(e.heap) + e.far.len() - e.pending; dead > minCompact && dead > e.pending {
			e.compact()
		}
		if !e.far.on && len(e.heap) > farStart {
			e.startFar()
		}
		for len(e.heap) == 0 {
			if !e.advance() {
				return nil
			}
		}
		top := &e.heap[0]
		if top.time() >= until {
			break
		}
		s := top.slot()
		sl := &e.slots[s]
		if sl.h == nil { // cancelled: the slot is free only now
			e.heap.pop()
			e.free = append(e.free, s)
			continue
		}
		t := top.time()
		if t > e.maxTime {
			return fmt.Errorf("%w: next event at t=%v is past the time limit %v", ErrLimit, t, e.maxTime)
		}
		if e.maxEvents > 0 && e.fired >= e.maxEvents {
			return fmt.Errorf("%w: %d events fired by t=%v", ErrLimit, e.fired, e.now)
		}
		// The entry stays at the root while h fires: if h schedules an
		// event, the first one replaces it (most handlers schedule their
		// successor); otherwise it is popped after.
		h := sl.h
		sl.h = nil
		sl.gen++
		e.pending--
		e.now = t
		e.fired++
		e.firing, e.firingSlot = true, s
		h.Fire()
		if e.firing {
			e.firing = false
			e.heap.pop()
			e.free = append(e.free, s)
		}
	}
	return nil
}

package sim

import "math"

// The future event list has two tiers. Events due before bound are in the
// binary heap (heap.go); later ones wait unsorted in the far list, a
// bucket per width of time for farBuckets widths ahead and one overflow
// bucket beyond, and move into the heap a bucket at a time as the clock
// comes to them. Every event in the heap is due before every event in the
// far list, so the heap's root is the next event of all and the order in
// which events fire is the heap's alone: exactly what one heap of every
// event gives.
//
// Why: a model of an organisation keeps an arrival event pending for every
// service and team (the next incident, the next ticket), most of them days
// ahead. A 1,000-team year held 5,300-5,800 pending events, of which only
// 430-620 were due within the hour; every event scheduled or fired walked
// all 13 levels of a heap of them, and the heap and its slots, a quarter
// of a megabyte, did not stay in cache. Now an event days ahead costs an
// append, and one push into the heap of the hour's events when its hour
// comes.
//
// The far list starts once the heap holds more than farStart entries, so
// that a small model keeps all its events in the heap, as before. Its width
// then adapts by halves and doubles: a turn of the ring whose buckets
// brought more than farFull events each to the heap on average, or one
// bucket that brought four times that, makes it narrower, and a turn that
// brought fewer than farSparse makes it wider, so that a dense model (the
// hold benchmark's 10,000 events due within a time unit or two) gets
// buckets finer than its unit. Widths are powers of two, so a time's
// bucket, t/width, is exact and the heap's window ends exactly where its
// bucket does.
type farList struct {
	width float64 // a bucket's span of time, a power of two
	cur   int64   // the heap holds every event due before (cur+1)*width
	bound float64 // (cur+1)*width; +Inf once everything is in the heap
	// ring[i%farBuckets] holds the events due in [i, i+1)*width for each i
	// in (cur, cur+farBuckets], in no order; n counts them.
	ring [farBuckets][]entry
	n    int
	// over holds the events due at or after (redis+farBuckets+1)*width,
	// moved to the ring at each turn (redis is cur then).
	over  []entry
	redis int64
	moved int  // entries the ring brought to the heap this turn
	on    bool // off (bound +Inf) until the heap first holds farStart entries
}

const (
	farStart   = 1024 // heap entries from which the far list is used
	farBuckets = 256  // buckets in the ring
	farFull    = 64   // a bucket's mean load above which the width halves
	farSparse  = 2    // and below which it doubles
	minWidth   = 1.0 / (1 << 30)
	maxWidth   = 1 << 30
)

func newFarList() farList { return farList{width: 1, bound: math.Inf(1)} }

// startFar turns the far list on once the heap holds more than farStart
// entries (or from the start, in tests): a model with few events pending
// keeps them all in the heap, where the far list's buckets would cost more
// than they save. The heap keeps the events due within the first bucket
// (an hour, at width 1); the width adapts from there (resize).
func (e *Env) startFar() {
	f := &e.far
	f.on = true
	if !(e.now/f.width < 1<<62) {
		return // a clock past what buckets count: the heap alone
	}
	f.cur = int64(e.now / f.width)
	f.bound = float64(f.cur+1) * f.width
	f.redis, f.moved = f.cur, 0
	keep := e.heap[:0]
	for _, en := range e.heap {
		if en.time() < f.bound {
			keep = append(keep, en)
		} else {
			f.add(en)
		}
	}
	e.heap = keep
	e.heap.heapify()
}

// len is the number of entries in the far list, cancelled ones included.
func (f *farList) len() int { return f.n + len(f.over) }

// reach is where the ring ends: later entries go to the overflow.
func (f *farList) reach() float64 { return float64(f.cur+1+farBuckets) * f.width }

// add puts an entry due at or after bound in its bucket.
func (f *farList) add(en entry) {
	if t := en.time(); t < f.reach() {
		b := &f.ring[int64(t/f.width)%farBuckets] // t >= 0: the clock starts at 0
		*b = append(*b, en)
		f.n++
		return
	}
	f.over = append(f.over, en)
}

// redistribute moves the overflow entries due within the ring's reach into
// the ring, starting a turn.
func (f *farList) redistribute() {
	f.redis, f.moved = f.cur, 0
	keep := f.over[:0]
	for _, en := range f.over {
		if en.time() < f.reach() {
			f.add(en)
		} else {
			keep = append(keep, en)
		}
	}
	f.over = keep
}

// advance moves the heap's window on by a bucket, or to the next event in
// the overflow when the ring is empty, and pushes the events of the bucket
// it comes to into the heap, freeing the slots of cancelled ones. It
// reports false when the far list is empty. The heap must be empty.
func (e *Env) advance() bool {
	f := &e.far
	if f.len() == 0 {
		return false
	}
	if f.n == 0 { // nothing in reach: jump to the earliest overflow event
		first := f.over[0].time()
		for _, en := range f.over[1:] {
			first = min(first, en.time())
		}
		if !(first/f.width < 1<<62) { // past what buckets count (+Inf): one heap from here on
			f.bound = math.Inf(1)
			for _, en := range f.over {
				e.toHeap(en)
			}
			f.over = f.over[:0]
			return true
		}
		if c := int64(first/f.width) - 1; c > f.cur {
			f.cur = c
		}
		f.redistribute()
	}
	f.cur++
	f.bound = float64(f.cur+1) * f.width
	b := &f.ring[f.cur%farBuckets]
	f.n -= len(*b)
	f.moved += len(*b)
	full := len(*b) > 4*farFull
	// The heap is empty: the bucket's live entries become the heap in one
	// O(n) heapify rather than a push each.
	e.heap = append(e.heap, e.keepLive(*b)...)
	e.heap.heapify()
	*b = (*b)[:0]
	switch {
	case full && f.width > minWidth: // much too coarse: narrow at once
		e.resize(f.width / 2)
	case f.cur-f.redis >= farBuckets: // a turn's end
		load := float64(f.moved) / farBuckets
		switch {
		case load > farFull && f.width > minWidth:
			e.resize(f.width / 2)
		case load < farSparse && f.width < maxWidth:
			e.resize(f.width * 2)
		default:
			f.redistribute()
		}
	}
	return true
}

// resize sets the buckets' width to w, half or twice what it was, and
// files the far list again, starting a turn. Doubling moves the heap's
// window to the end of the wider bucket it falls in, bringing the entries
// due before it to the heap.
func (e *Env) resize(w float64) {
	f := &e.far
	// The overflow is filed again too: at a turn's end the window reaches
	// the overflow's earliest possible entry, and a wider bucket passes it.
	all := f.drain()
	f.width = w
	f.cur = int64(math.Ceil(f.bound/w)) - 1 // halving: the same bound; doubling: the bucket's end
	f.bound = float64(f.cur+1) * w
	for _, en := range all {
		if en.time() < f.bound {
			e.toHeap(en)
		} else {
			f.add(en)
		}
	}
	f.redistribute()
}

// toHeap pushes a far entry into the heap, unless it was cancelled.
func (e *Env) toHeap(en entry) {
	if !e.gone(en) {
		e.heap.push(en)
	}
}

// gone reports whether an entry's event was cancelled, and frees its slot
// if so: the slot is free only once its entry leaves the event list.
func (e *Env) gone(en entry) bool {
	if s := en.slot(); e.slots[s].h == nil {
		e.free = append(e.free, s)
		return true
	}
	return false
}

// keepLive drops the cancelled entries of s in place (gone), returning
// the live ones.
func (e *Env) keepLive(s []entry) []entry {
	keep := s[:0]
	for _, en := range s {
		if !e.gone(en) {
			keep = append(keep, en)
		}
	}
	return keep
}

// sweepFar drops the cancelled entries of the far list (Env.compact).
func (e *Env) sweepFar() {
	f := &e.far
	f.n = 0
	for i := range f.ring {
		f.ring[i] = e.keepLive(f.ring[i])
		f.n += len(f.ring[i])
	}
	f.over = e.keepLive(f.over)
}

// drain empties the far list into one slice, in no order (Env.renumber,
// Env.resize).
func (f *farList) drain() []entry {
	var all []entry
	for i := range f.ring {
		all = append(all, f.ring[i]...)
		f.ring[i] = f.ring[i][:0]
	}
	all = append(all, f.over...)
	f.over = f.over[:0]
	f.n = 0
	return all
}

package sim

import "fmt"

// Store is a FIFO queue of work items between processes: a backlog, an
// inbox, a ticket queue. Get hands the oldest item to a callback, at once
// if one is there or later when one is put; with a finite capacity, Put
// waits for room the same way. Waiting getters and putters are served in
// the order they arrived. Callbacks run inside Put and Get, at the current
// time, so a store adds no events of its own.
type Store[T any] struct {
	// Name labels the store in errors and reports.
	Name string
	// Length is the number of stored items over time.
	Length TimeWeighted
	// Waited is how long items stayed in the store before a Get took them.
	Waited Tally

	env      *Env
	capacity int // 0: unbounded
	items    ring[stored[T]]
	getters  ring[func(T)]
	putters  ring[pendingPut[T]]
}

type stored[T any] struct {
	item T
	at   float64
}

type pendingPut[T any] struct {
	item T
	done func()
}

// NewStore returns an empty store holding at most capacity items (0: no
// limit).
func NewStore[T any](env *Env, name string, capacity int) *Store[T] {
	if capacity < 0 {
		panic(fmt.Sprintf("sim: store %q: negative capacity %d", name, capacity))
	}
	return &Store[T]{Name: name, env: env, capacity: capacity, Length: NewTimeWeighted(env.Now(), 0)}
}

// Len is the number of items in the store now.
func (s *Store[T]) Len() int { return s.items.len() }

// Getters is the number of Get calls waiting for an item.
func (s *Store[T]) Getters() int { return s.getters.len() }

// Put adds an item. If the store is full, the item waits and done (if not
// nil) is called once it is stored; otherwise done is called at once.
func (s *Store[T]) Put(item T, done func()) {
	if s.getters.len() > 0 { // someone is waiting: hand it over directly
		s.Waited.Add(0)
		get := s.getters.pop()
		if done != nil {
			done()
		}
		get(item)
		return
	}
	if s.capacity > 0 && s.items.len() >= s.capacity {
		s.putters.push(pendingPut[T]{item, done})
		return
	}
	s.store(item)
	if done != nil {
		done()
	}
}

// Get takes the oldest item and passes it to f, now or when one arrives.
func (s *Store[T]) Get(f func(T)) {
	if s.items.len() == 0 {
		s.getters.push(f)
		return
	}
	it := s.items.pop()
	now := s.env.Now()
	s.Length.Set(now, float64(s.items.len()))
	s.Waited.Add(now - it.at)
	if s.putters.len() > 0 { // room again: admit the longest-waiting put
		p := s.putters.pop()
		s.store(p.item)
		if p.done != nil {
			p.done()
		}
	}
	f(it.item)
}

func (s *Store[T]) store(item T) {
	now := s.env.Now()
	s.items.push(stored[T]{item, now})
	s.Length.Set(now, float64(s.items.len()))
}

// ResetStats discards the statistics gathered so far (end of warm-up).
func (s *Store[T]) ResetStats() {
	now := s.env.Now()
	s.Length.Reset(now)
	s.Waited.Reset(now)
}

// ring is a growable FIFO ring buffer: amortised O(1) and, once grown to
// its working size, free of allocations.
type ring[T any] struct {
	buf        []T
	head, size int
}

func (r *ring[T]) len() int { return r.size }

func (r *ring[T]) push(x T) {
	if r.size == len(r.buf) {
		n := max(8, 2*len(r.buf))
		buf := make([]T, n)
		for i := 0; i < r.size; i++ {
			buf[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = buf, 0
	}
	r.buf[(r.head+r.size)%len(r.buf)] = x
	r.size++
}

func (r *ring[T]) pop() T {
	var zero T
	x := r.buf[r.head]
	r.buf[r.head] = zero // let the item be collected
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return x
}

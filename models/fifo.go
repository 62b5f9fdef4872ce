package models

// fifo is a first-in, first-out queue on a slice whose array it reuses.
// Taking from the front of a plain slice (s = s[1:]) gives up the front
// of its array for good, so a queue that stays short but never empty
// reallocates every few appends: a product team's backlog so made 15% of
// an eight-team year's allocations. The zero value is an empty queue.
type fifo[T any] struct {
	items []T // items[head:] are queued, oldest first
	head  int
}

// len is the number of items queued.
func (q *fifo[T]) len() int { return len(q.items) - q.head }

// push queues x last. When the array is full and at least half of it lies
// before the head, the queue moves to its front instead of growing, which
// keeps both push and pop O(1) amortised.
func (q *fifo[T]) push(x T) {
	if len(q.items) == cap(q.items) && q.head > 0 && 2*q.head >= len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	q.items = append(q.items, x)
}

// front is the oldest item; the queue must not be empty.
func (q *fifo[T]) front() T { return q.items[q.head] }

// pop takes the oldest item off the queue, which must not be empty.
func (q *fifo[T]) pop() T {
	x := q.items[q.head]
	var zero T
	q.items[q.head] = zero // let the garbage collector have what was queued
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	}
	return x
}

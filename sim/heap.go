package sim

import "math"

// entry is one scheduled event in the future event list: 16 bytes, so the
// four children of a node share one cache line. key packs, from the top,
// the priority (8 bits), the insertion sequence (34 bits) and the slot of
// the event's handler (22 bits); comparing keys compares priority, then
// sequence, and the slot never decides because sequences are unique.
//
// The time is kept as its IEEE-754 bits: for non-negative floats these
// order exactly as unsigned integers, and an integer comparison gives both
// "less" and "equal" from one instruction, where a float comparison needs
// two branches.
type entry struct {
	tb  uint64
	key uint64
}

func timeBits(t float64) uint64 { return math.Float64bits(t + 0) } // +0 turns -0 into 0

func (a *entry) time() float64 { return math.Float64frombits(a.tb) }

const (
	slotBits = 22
	seqBits  = 34
	prioBits = 8
	slotMask = 1<<slotBits - 1
	maxSeq   = 1<<seqBits - 1
	maxSlots = 1 << slotBits
)

func (a *entry) slot() int32 { return int32(a.key & slotMask) }

func (a *entry) before(b *entry) bool {
	return a.tb < b.tb || (a.tb == b.tb && a.key < b.key)
}

// eventHeap is a binary min-heap of entries. Popping uses Floyd's
// bottom-up variant: the hole left at the root walks down to a leaf
// comparing children only, and the last entry, which almost always belongs
// near the bottom, then sifts up from there. That halves the comparisons of
// the textbook sift-down; with one child comparison per level it beat a
// 4-ary heap here, whose three comparisons per level mispredict more.
type eventHeap []entry

func (h *eventHeap) push(e entry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) >> 1
		if !e.before(&s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

func (h *eventHeap) pop() entry {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	*h = s[:n]
	if n > 0 {
		(*h).replaceTop(last)
	}
	return top
}

// replaceTopDown puts e in place of the root and sifts it down from the
// top. The engine calls it when a firing event schedules the next one (the
// fired entry is still at the root, so one walk replaces a pop and a
// push). A newly scheduled event is often soon (a setup's end, the next
// step of the same work) and stops near the root, where replaceTop's
// bottom-up walk always goes to a leaf and back: BenchmarkModel runs about
// 6% faster this way, and BenchmarkHold, whose new events land anywhere,
// the same.
func (h eventHeap) replaceTopDown(e entry) {
	h[0] = e
	h.down(0)
}

// heapify puts h in heap order in O(n) (Floyd).
func (h eventHeap) heapify() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// compareEntries orders entries as they fire, for sorting.
func compareEntries(a, b entry) int {
	switch {
	case a.before(&b):
		return -1
	case b.before(&a):
		return 1
	}
	return 0
}

// down sifts the entry at i down to its place (for heapify and
// replaceTopDown), moving the hole rather than swapping at each level.
func (h eventHeap) down(i int) {
	e := h[i]
	n := len(h)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].before(&h[c]) {
			c++
		}
		if !h[c].before(&e) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = e
}

// replaceTop puts e, the heap's last entry, in place of the root and
// restores the heap order bottom-up (see eventHeap): pop's half.
func (h eventHeap) replaceTop(e entry) {
	s := h
	n := len(s)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s[c+1].before(&s[c]) {
			c++
		}
		s[i] = s[c]
		i = c
	}
	for i > 0 {
		p := (i - 1) >> 1
		if !e.before(&s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

package sim

// entry is one scheduled event in the future event list. It is a value,
// not a pointer, so the heap moves 24-byte records and never boxes them.
type entry struct {
	t    float64
	key  uint64 // priority in the high 16 bits, insertion sequence below
	slot int32
	gen  uint32
}

func (a *entry) before(b *entry) bool {
	return a.t < b.t || (a.t == b.t && a.key < b.key)
}

// eventHeap is a 4-ary min-heap: shallower than a binary heap, so a pop
// touches fewer cache lines, which is where the event list spends its time.
type eventHeap []entry

func (h *eventHeap) push(e entry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) >> 2
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
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if s[j].before(&s[m]) {
				m = j
			}
		}
		if !s[m].before(&last) {
			break
		}
		s[i] = s[m]
		i = m
	}
	s[i] = last
	return top
}

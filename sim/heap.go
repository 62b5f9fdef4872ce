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

// pop removes the earliest entry. It uses Floyd's bottom-up variant: the
// hole left at the root walks down to a leaf comparing children only, and
// the last entry, which almost always belongs near the bottom, then sifts up
// from there. That halves the comparisons of the textbook sift-down.
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
		if c+3 < n {
			m := c
			if s[c+1].before(&s[m]) {
				m = c + 1
			}
			if s[c+2].before(&s[m]) {
				m = c + 2
			}
			if s[c+3].before(&s[m]) {
				m = c + 3
			}
			s[i] = s[m]
			i = m
			continue
		}
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < n; j++ {
			if s[j].before(&s[m]) {
				m = j
			}
		}
		s[i] = s[m]
		i = m
	}
	for i > 0 {
		p := (i - 1) >> 2
		if !last.before(&s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = last
	return top
}

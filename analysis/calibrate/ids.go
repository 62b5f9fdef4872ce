package calibrate

import (
	"container/heap"
	"slices"
)

// idSet remembers every row's id, as a 64-bit FNV-1a hash with its line,
// to find duplicates without keeping the ids: 16 bytes a row, in chunks
// of fixed size so that growing never copies what is already stored. Two
// different ids collide with probability about n²/2^65 (3e-8 for a million
// rows), which would be reported as a duplicate.
type idSet struct {
	chunks [][]idLine
}

// idLine is a row's id hash and line.
type idLine struct {
	hash uint64
	line int
}

const idChunk = 1 << 15

func (s *idSet) add(id string, line int) {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	if n := len(s.chunks); n == 0 || len(s.chunks[n-1]) == idChunk {
		s.chunks = append(s.chunks, make([]idLine, 0, idChunk))
	}
	last := &s.chunks[len(s.chunks)-1]
	*last = append(*last, idLine{h, line})
}

func cmpIDLine(x, y idLine) int {
	switch {
	case x.hash < y.hash:
		return -1
	case x.hash > y.hash:
		return 1
	}
	return x.line - y.line
}

// cursors merges sorted chunks in (hash, line) order.
type cursors [][]idLine

func (c cursors) Len() int           { return len(c) }
func (c cursors) Less(i, j int) bool { return cmpIDLine(c[i][0], c[j][0]) < 0 }
func (c cursors) Swap(i, j int)      { c[i], c[j] = c[j], c[i] }
func (c *cursors) Push(x any)        { *c = append(*c, x.([]idLine)) }
func (c *cursors) Pop() any {
	old := *c
	x := old[len(old)-1]
	*c = old[:len(old)-1]
	return x
}

// firstDuplicate finds the earliest row whose id an earlier row had, and
// that earlier row's line. It sorts each chunk in place and merges them.
func (s *idSet) firstDuplicate() (first, dup int, found bool) {
	var c cursors
	for _, ch := range s.chunks {
		slices.SortFunc(ch, cmpIDLine)
		if len(ch) > 0 {
			c = append(c, ch)
		}
	}
	heap.Init(&c)
	var prev idLine
	runFirst, started := 0, false
	for c.Len() > 0 {
		x := c[0][0]
		if c[0] = c[0][1:]; len(c[0]) == 0 {
			heap.Pop(&c)
		} else {
			heap.Fix(&c, 0)
		}
		switch {
		case !started || x.hash != prev.hash:
			runFirst = x.line
		case !found || x.line < dup:
			first, dup, found = runFirst, x.line, true
		}
		prev, started = x, true
	}
	return first, dup, found
}

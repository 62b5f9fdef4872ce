package models

// attachment draws services in proportion to their weight, one more than
// the number of services that depend on them (preferential attachment,
// which makes the dependency graph scale-free). It is a Fenwick tree of the
// integer weights, so a draw and an update cost O(log n) where scanning
// the candidates cost O(n): building a 1,000-team organisation's graph
// read every candidate service for each of its ~2,500 edges, 1% of a
// year's instructions and 5% of its cache misses.
//
// A draw gives the candidate that scanning in order picks, to the bit: the
// scan subtracts each integer weight in turn from u = Float64()*total and
// takes the first candidate that takes u below 0. While u stays at or above
// 0 each subtraction is exact (u and the integers are multiples of u's last
// bit, and the result is no larger than u), and the first result below 0
// is below 0 however it rounds; so the scan picks the first i whose exact
// prefix sum of weights exceeds u, which is what the tree's descent finds,
// comparing integer prefix sums (exact as float64 below 2^53) with u.
type attachment struct {
	tree []int // tree[k] sums the weights of (k - k&-k, k], 1-based
	log  int   // the largest power of two <= len(tree)-1
}

// newAttachment returns the weights w as a tree.
func newAttachment(w []int) *attachment {
	n := len(w)
	a := &attachment{tree: make([]int, n+1), log: 1}
	for a.log*2 <= n {
		a.log *= 2
	}
	for i, x := range w {
		a.add(i, x)
	}
	return a
}

// add adds d to the weight of candidate i (0-based).
func (a *attachment) add(i, d int) {
	for k := i + 1; k < len(a.tree); k += k & -k {
		a.tree[k] += d
	}
}

// prefix is the total weight of candidates [0, i).
func (a *attachment) prefix(i int) int {
	s := 0
	for k := i; k > 0; k -= k & -k {
		s += a.tree[k]
	}
	return s
}

// search is the first candidate whose prefix sum, its own weight included,
// exceeds u; ok is false when none does (u at or above the total).
func (a *attachment) search(u float64) (i int, ok bool) {
	pos, acc := 0, 0 // acc is the weight of candidates [0, pos)
	for step := a.log; step > 0; step /= 2 {
		if next := pos + step; next < len(a.tree) && float64(acc+a.tree[next]) <= u {
			pos, acc = next, acc+a.tree[next]
		}
	}
	return pos, pos < len(a.tree)-1
}

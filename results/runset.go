package results

// addedRuns records which runs of a manifest's run list a Writer was
// given, a bit per run rather than a map of ids: runs come in the list's
// order (a campaign's plan order), each found by scanning on from the one
// before, so the scans add up to one pass over the list; the first run out
// of that order indexes the list once.
type addedRuns struct {
	ids  []string
	bits []uint64
	next int            // ids[next:] are after the last run found by scanning
	pos  map[string]int // nil until a run comes out of order
}

func newAddedRuns(ids []string) *addedRuns {
	return &addedRuns{ids: ids, bits: make([]uint64, (len(ids)+63)/64)}
}

// find is the position of id in the list, -1 if it is not there.
func (a *addedRuns) find(id string) int {
	if a.pos == nil {
		for k := a.next; k < len(a.ids); k++ {
			if a.ids[k] == id {
				a.next = k + 1
				return k
			}
		}
		a.pos = make(map[string]int, len(a.ids))
		for k, s := range a.ids {
			a.pos[s] = k
		}
	}
	if k, ok := a.pos[id]; ok {
		return k
	}
	return -1
}

// add marks run id added; it reports false if it was added before, or is
// not in the list ("in" false).
func (a *addedRuns) add(id string) (in, first bool) {
	k := a.find(id)
	if k < 0 {
		return false, false
	}
	word, bit := k/64, uint64(1)<<(k%64)
	first = a.bits[word]&bit == 0
	a.bits[word] |= bit
	return true, first
}

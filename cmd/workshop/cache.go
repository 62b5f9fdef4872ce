package workshop

import (
	"slices"
	"sync"

	"github.com/opsim/opsim/results"
)

// result is a finished run: the last update the page got, and what an
// export writes.
type result struct {
	final []byte // the "done" event's data
	set   *results.Set
	rows  []results.SummaryRow
}

// cache keeps the last finished results, so that a room asking for the
// same state (a shared link, a lever moved back) gets them at once, and
// an export writes what the page showed without running it again. Sets
// are kept without their series and samples, a few hundred kilobytes each.
type cache struct {
	mu    sync.Mutex
	max   int
	keys  []string // least recently used first
	items map[string]*result
}

func newCache(max int) *cache { return &cache{max: max, items: map[string]*result{}} }

func (c *cache) get(key string) *result {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.items[key]
	if r != nil {
		c.touch(key)
	}
	return r
}

func (c *cache) put(key string, r *result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; !ok && len(c.keys) >= c.max {
		delete(c.items, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.items[key] = r
	c.touch(key)
}

func (c *cache) touch(key string) {
	c.keys = slices.DeleteFunc(c.keys, func(k string) bool { return k == key })
	c.keys = append(c.keys, key)
}

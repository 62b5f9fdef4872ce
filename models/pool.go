package models

// pool keeps finished objects of one kind for reuse, last in first out, so
// that what comes back is the likeliest still in cache. A model makes page
// events, tickets, features and tasks all run long, and each would
// otherwise be garbage the moment it is done: hundreds of thousands a year
// at 1,000 teams. An object goes back zeroed, so get hands out what
// new(T) would; whoever puts one back must know that nothing refers to it
// any more (each put says why).
type pool[T any] struct{ free []*T }

// get is a finished object, zeroed, or a new one.
func (p *pool[T]) get() *T {
	if n := len(p.free); n > 0 {
		x := p.free[n-1]
		p.free = p.free[:n-1]
		return x
	}
	return new(T)
}

// put zeroes x and keeps it for the next get.
func (p *pool[T]) put(x *T) {
	var zero T
	*x = zero
	p.free = append(p.free, x)
}

package sim

import "math/rand/v2"

// SplitMix64 is one step of Vigna's SplitMix64 mixer. It turns structured
// inputs (a seed, a hash of a name) into well-spread 64-bit words, which
// is what a PCG seed needs.
func SplitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString is FNV-1a: stable across Go versions and platforms, unlike
// the runtime's map hash, so stream seeds never change under our feet.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Streams derives the random streams of one run. Every stochastic source
// in a model asks for its own stream by name, so adding a source never
// shifts the numbers another source sees, and two designs run with the same
// identity see the same numbers (common random numbers).
type Streams struct {
	seed uint64
}

// NewStreams returns the streams of the run with the given identity under
// a master seed. The identity is any stable string, such as "point=3/rep=17".
func NewStreams(master uint64, run string) Streams {
	return Streams{seed: SplitMix64(SplitMix64(master) ^ hashString(run))}
}

// Seed is the run's derived seed; reports print it so that a failing run
// can be reproduced on its own.
func (s Streams) Seed() uint64 { return s.seed }

// Source returns the named stream as a PCG source, a pure function of
// (master seed, run identity, name).
func (s Streams) Source(name string) *rand.PCG {
	return rand.NewPCG(s.seeds(name))
}

// seeds are the named stream's PCG seeds.
func (s Streams) seeds(name string) (a, b uint64) {
	a = SplitMix64(s.seed ^ hashString(name))
	return a, SplitMix64(a ^ 0xda942042e4dd58b5)
}

// Stream returns the named stream as a *rand.Rand. The generator and its
// source share one allocation: a model takes hundreds of streams (one per
// service and purpose) for every replication.
func (s Streams) Stream(name string) *rand.Rand {
	st := new(stream)
	st.pcg = *rand.NewPCG(s.seeds(name))
	st.r = *rand.New(&st.pcg)
	return &st.r
}

// stream is a generator with its source.
type stream struct {
	pcg rand.PCG
	r   rand.Rand
}

package sim

// ErlangC is the probability that an arrival must wait in an M/M/c queue
// with c servers and offered load a = λ/μ (a < c). It is the closed form the
// engine and the models are validated against, and what `opsim demo`
// prints beside its simulations; the mean wait in queue is
// ErlangC(c, a) / (cμ − λ).
func ErlangC(c int, a float64) float64 {
	term, sum := 1.0, 1.0 // a^k/k! for k = 0
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	top := term * a / float64(c) * float64(c) / (float64(c) - a) // a^c/c! · c/(c−a)
	return top / (sum + top)
}

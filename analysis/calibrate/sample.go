package calibrate

import (
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultReservoir is how many values of each fitted quantity are kept for
// the fits that need the values themselves (Weibull, the Kolmogorov-Smirnov
// distance, quantiles and the plots). Counts, means, the lognormal and the
// gamma fits use exact running sums over every row, so memory stays bounded
// however long the export is.
const DefaultReservoir = 1 << 14

// sample accumulates one positive-valued quantity (a duration in hours):
// exact running sums for the moments and sufficient statistics, and a
// uniform reservoir sample of fixed size (Vitter's algorithm R) for the rest.
// The reservoir's random stream is seeded from nothing but the data order,
// so the same export always gives the same report.
type sample struct {
	n       int // positive values seen
	zero    int // values <= 0, left out (a log or a shape fit cannot use them)
	mean    float64
	m2      float64 // Welford's running mean and sum of squared deviations of x
	logMean float64 // and of log x
	logM2   float64
	min     float64
	max     float64
	cap     int
	res     []float64
	rng     *rand.Rand
}

func newSample(capacity int) *sample {
	return &sample{cap: capacity, min: math.Inf(1), max: math.Inf(-1), rng: rand.New(rand.NewPCG(0x6f7073696d, 14))}
}

// add records x hours.
func (s *sample) add(x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		s.zero++
		return
	}
	s.n++
	s.mean, s.m2 = welford(s.n, s.mean, s.m2, x)
	s.logMean, s.logM2 = welford(s.n, s.logMean, s.logM2, math.Log(x))
	s.min = math.Min(s.min, x)
	s.max = math.Max(s.max, x)
	if len(s.res) < s.cap {
		s.res = append(s.res, x)
		return
	}
	if j := s.rng.IntN(s.n); j < s.cap {
		s.res[j] = x
	}
}

// welford is one step of Welford's running mean and sum of squares, which
// stays accurate where summing squares would cancel.
func welford(n int, mean, m2, x float64) (float64, float64) {
	d := x - mean
	mean += d / float64(n)
	return mean, m2 + d*(x-mean)
}

// sd is the sample standard deviation of the values.
func (s *sample) sd() float64 {
	if s.n < 2 {
		return math.NaN()
	}
	return math.Sqrt(s.m2 / float64(s.n-1))
}

// logSD is the sample standard deviation of the logs.
func (s *sample) logSD() float64 {
	if s.n < 2 {
		return math.NaN()
	}
	return math.Sqrt(s.logM2 / float64(s.n-1))
}

// exact reports whether the reservoir holds every value.
func (s *sample) exact() bool { return s.n <= s.cap }

// sorted returns the reservoir in ascending order.
func (s *sample) sorted() []float64 {
	v := slices.Clone(s.res)
	slices.Sort(v)
	return v
}

package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dist is a distribution bound to its random stream. Every constructor
// here sets the gonum Src explicitly: a nil Src would silently draw from
// the global, unseeded generator and break reproducibility.
type Dist interface {
	Rand() float64
	Mean() float64
}

// z90 is the standard normal 90th percentile, used to turn a practitioner's
// (median, p90) estimate into lognormal parameters.
const z90 = 1.2815515655446004

// Exponential returns an exponential distribution with the given rate.
func Exponential(rate float64, src rand.Source) Dist {
	return &exponential{rate: rate, rng: randOf(src)}
}

// LogNormal returns a lognormal distribution whose logarithm has mean mu
// and standard deviation sigma.
func LogNormal(mu, sigma float64, src rand.Source) Dist {
	return &logNormal{mu: mu, sigma: sigma, rng: randOf(src)}
}

// exponential and logNormal are gonum's distuv.Exponential and
// distuv.LogNormal, draw for draw (TestDistsDrawAsGonum): the model's two
// most drawn shapes (every ticket's, feature's and incident's size). Gonum
// wraps its Src in a new rand.Rand at every draw, which costs an indirect
// call for every number the draw takes from the stream.
type exponential struct {
	rate float64
	rng  *rand.Rand
}

func (e *exponential) Rand() float64 { return e.rng.ExpFloat64() / e.rate }
func (e *exponential) Mean() float64 { return 1 / e.rate }

type logNormal struct {
	mu, sigma float64
	rng       *rand.Rand
}

func (l *logNormal) Rand() float64 { return math.Exp(l.rng.NormFloat64()*l.sigma + l.mu) }
func (l *logNormal) Mean() float64 { return math.Exp(l.mu + 0.5*l.sigma*l.sigma) }

// randOf is src as a generator: itself when it is one (a named stream),
// else one wrapped around it once. Either way a draw takes the same
// numbers from src as gonum's rand.New(src) at every draw does.
func randOf(src rand.Source) *rand.Rand {
	if r, ok := src.(*rand.Rand); ok {
		return r
	}
	return rand.New(src)
}

// LogNormalMedianP90 returns the lognormal with the given median and 90th
// percentile, the way people estimate durations ("usually 3 days, 1 in 10
// takes more than 10"). It panics unless 0 < median < p90.
func LogNormalMedianP90(median, p90 float64, src rand.Source) Dist {
	if !(median > 0 && p90 > median) {
		panic(fmt.Sprintf("sim: lognormal needs 0 < median < p90, got %v, %v", median, p90))
	}
	return LogNormal(math.Log(median), math.Log(p90/median)/z90, src)
}

// Gamma returns a gamma distribution with the given shape and rate.
func Gamma(shape, rate float64, src rand.Source) Dist {
	return distuv.Gamma{Alpha: shape, Beta: rate, Src: src}
}

// Weibull returns a Weibull distribution with shape k and scale lambda.
func Weibull(k, lambda float64, src rand.Source) Dist {
	return distuv.Weibull{K: k, Lambda: lambda, Src: src}
}

// Triangular returns a triangular distribution on [min, max] with the
// given mode.
func Triangular(min, mode, max float64, src rand.Source) Dist {
	return distuv.NewTriangle(min, max, mode, src)
}

// Deterministic always returns v.
type Deterministic float64

// Rand returns the constant.
func (d Deterministic) Rand() float64 { return float64(d) }

// Mean returns the constant.
func (d Deterministic) Mean() float64 { return float64(d) }

// Empirical resamples observed values with equal weight, for when a team
// has data and no reason to trust a parametric shape.
type Empirical struct {
	values []float64
	rng    *rand.Rand
	mean   float64
}

// NewEmpirical returns the empirical distribution of values (copied).
func NewEmpirical(values []float64, src rand.Source) *Empirical {
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	var sum float64
	for _, x := range v {
		sum += x
	}
	return &Empirical{values: v, rng: rand.New(src), mean: sum / float64(len(v))}
}

// Rand draws one of the observed values.
func (d *Empirical) Rand() float64 { return d.values[d.rng.IntN(len(d.values))] }

// Mean is the mean of the observed values.
func (d *Empirical) Mean() float64 { return d.mean }

// DistSpec describes a distribution as data, so that scenario files can
// name one and models can bind it to a stream later. Which fields matter
// depends on Kind; Validate says which are missing.
type DistSpec struct {
	Kind   string    // exponential, lognormal, gamma, weibull, triangular, empirical, deterministic
	Mean   float64   // exponential, deterministic; lognormal with CV
	CV     float64   // lognormal given by mean and coefficient of variation
	Median float64   // lognormal given by median and p90
	P90    float64   //
	Shape  float64   // gamma, weibull
	Scale  float64   // gamma (1/rate), weibull (lambda)
	Min    float64   // triangular
	Mode   float64   //
	Max    float64   //
	Values []float64 // empirical
}

// DistKinds lists the kinds a DistSpec may name.
var DistKinds = []string{"exponential", "lognormal", "gamma", "weibull", "triangular", "empirical", "deterministic"}

// Validate reports the first thing wrong with the spec, naming the field.
func (s DistSpec) Validate() error {
	pos := func(name string, v float64) error {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%s must be positive and finite, got %v", name, v)
		}
		return nil
	}
	switch s.Kind {
	case "exponential":
		return pos("mean", s.Mean)
	case "deterministic":
		if !(s.Mean >= 0) || math.IsInf(s.Mean, 0) {
			return fmt.Errorf("mean must be non-negative and finite, got %v", s.Mean)
		}
		return nil
	case "lognormal":
		if s.Median != 0 || s.P90 != 0 {
			if err := pos("median", s.Median); err != nil {
				return err
			}
			if !(s.P90 > s.Median) {
				return fmt.Errorf("p90 (%v) must be greater than median (%v)", s.P90, s.Median)
			}
			return nil
		}
		if err := pos("mean", s.Mean); err != nil {
			return fmt.Errorf("lognormal needs median and p90, or mean and cv: %w", err)
		}
		return pos("cv", s.CV)
	case "gamma", "weibull":
		if err := pos("shape", s.Shape); err != nil {
			return err
		}
		return pos("scale", s.Scale)
	case "triangular":
		if !(s.Min >= 0 && s.Min <= s.Mode && s.Mode <= s.Max && s.Min < s.Max) || math.IsInf(s.Max, 0) {
			return fmt.Errorf("triangular needs 0 <= min <= mode <= max and min < max, got %v, %v, %v", s.Min, s.Mode, s.Max)
		}
		return nil
	case "empirical":
		if len(s.Values) == 0 {
			return errors.New("values must not be empty")
		}
		for i, v := range s.Values {
			if !(v >= 0) || math.IsInf(v, 0) {
				return fmt.Errorf("values[%d] must be non-negative and finite, got %v", i, v)
			}
		}
		return nil
	case "":
		return errors.New("dist is missing")
	}
	return fmt.Errorf("unknown dist %q (want one of %v)", s.Kind, DistKinds)
}

// New binds the spec to a random source. It panics on an invalid spec:
// call Validate first.
func (s DistSpec) New(src rand.Source) Dist {
	if err := s.Validate(); err != nil {
		panic("sim: " + err.Error())
	}
	switch s.Kind {
	case "exponential":
		return Exponential(1/s.Mean, src)
	case "deterministic":
		return Deterministic(s.Mean)
	case "lognormal":
		if s.Median != 0 {
			return LogNormalMedianP90(s.Median, s.P90, src)
		}
		sigma2 := math.Log1p(s.CV * s.CV)
		return LogNormal(math.Log(s.Mean)-sigma2/2, math.Sqrt(sigma2), src)
	case "gamma":
		return Gamma(s.Shape, 1/s.Scale, src)
	case "weibull":
		return Weibull(s.Shape, s.Scale, src)
	case "triangular":
		return Triangular(s.Min, s.Mode, s.Max, src)
	default: // empirical
		return NewEmpirical(s.Values, src)
	}
}

// MeanOf is the spec's mean without drawing anything.
func (s DistSpec) MeanOf() float64 {
	return s.New(rand.NewPCG(0, 0)).Mean()
}

// Scaled returns the spec with every time-like parameter multiplied by f,
// so a model can stretch a distribution (a generalist takes longer) without
// changing its shape.
func (s DistSpec) Scaled(f float64) DistSpec {
	s.Mean *= f
	s.Median *= f
	s.P90 *= f
	s.Scale *= f
	s.Min *= f
	s.Mode *= f
	s.Max *= f
	if s.Values != nil {
		v := make([]float64, len(s.Values))
		for i, x := range s.Values {
			v[i] = x * f
		}
		s.Values = v
	}
	return s
}

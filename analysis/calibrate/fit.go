package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Distribution kinds a duration is fitted with. All three have two
// parameters, so comparing their AIC is comparing their likelihood.
const (
	LogNormal = "lognormal"
	Gamma     = "gamma"
	Weibull   = "weibull"
)

// aicMargin is how much lower another shape's AIC must be before it
// replaces the lognormal, opsim's default for durations: a difference
// under 2 is no real support for one model over the other (Burnham and
// Anderson, Model Selection and Multimodel Inference, 2002, section 2.6).
const aicMargin = 2

// Param is a fitted parameter with its confidence interval.
type Param struct {
	Name          string
	Value, Lo, Hi float64
}

// DistFit is one distribution fitted to a duration by maximum likelihood.
type DistFit struct {
	Kind string
	// Params: lognormal mu and sigma of log hours; gamma and Weibull shape
	// and scale (hours). Intervals are exact for the lognormal (Student t
	// and chi-square) and from the Fisher information for the others.
	Params [2]Param
	LogLik float64
	AIC    float64
	// KS is the Kolmogorov-Smirnov distance between the fitted CDF and the
	// data's ECDF (on the reservoir sample when the data are larger).
	KS float64
}

// OK reports whether the fit succeeded (it fails on fewer than two
// distinct values).
func (f DistFit) OK() bool { return !math.IsNaN(f.LogLik) }

func (f DistFit) dist() interface {
	CDF(float64) float64
	Quantile(float64) float64
} {
	a, b := f.Params[0].Value, f.Params[1].Value
	switch f.Kind {
	case LogNormal:
		return distuv.LogNormal{Mu: a, Sigma: b}
	case Gamma:
		return distuv.Gamma{Alpha: a, Beta: 1 / b}
	default:
		return distuv.Weibull{K: a, Lambda: b}
	}
}

// CDF is the fitted probability of a value at most x hours.
func (f DistFit) CDF(x float64) float64 { return f.dist().CDF(x) }

// Quantile is the fitted p-quantile in hours.
func (f DistFit) Quantile(p float64) float64 { return f.dist().Quantile(p) }

func failed(kind string) DistFit {
	nan := math.NaN()
	return DistFit{Kind: kind, LogLik: nan, AIC: nan, KS: nan, Params: [2]Param{{Value: nan, Lo: nan, Hi: nan}, {Value: nan, Lo: nan, Hi: nan}}}
}

// fitLogNormal is closed form from the running sums of log x.
func fitLogNormal(s *sample, level float64) DistFit {
	n := float64(s.n)
	if s.n < 2 || s.logM2 <= 0 {
		return failed(LogNormal)
	}
	mu := s.logMean
	sigma := math.Sqrt(s.logM2 / n) // the MLE
	sd := s.logSD()
	a := (1 - level) / 2
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - a)
	chi := distuv.ChiSquared{K: n - 1}
	f := DistFit{Kind: LogNormal, Params: [2]Param{
		{"mu", mu, mu - t*sd/math.Sqrt(n), mu + t*sd/math.Sqrt(n)},
		{"sigma", sigma, math.Sqrt(s.logM2 / chi.Quantile(1-a)), math.Sqrt(s.logM2 / chi.Quantile(a))},
	}}
	// Sum of log densities at the MLE: the squared deviations add to n/2.
	f.LogLik = -n*mu - n*math.Log(sigma) - n/2*math.Log(2*math.Pi) - n/2
	return f
}

// fitGamma solves log k - digamma(k) = log(mean) - mean(log) by Newton's
// method from Minka's approximation; both sums are exact over all values.
func fitGamma(s *sample, level float64) DistFit {
	n := float64(s.n)
	d := math.Log(s.mean) - s.logMean
	if s.n < 2 || !(d > 1e-12) {
		return failed(Gamma)
	}
	k := (3 - d + math.Sqrt((d-3)*(d-3)+24*d)) / (12 * d)
	for i := 0; i < 50; i++ {
		step := (math.Log(k) - mathext.Digamma(k) - d) / (1/k - trigamma(k))
		next := k - step
		if next <= 0 {
			next = k / 2
		}
		if math.Abs(next-k) < 1e-12*k {
			k = next
			break
		}
		k = next
	}
	theta := s.mean / k
	// Fisher information per value in (k, theta): [[psi1(k), 1/theta], [1/theta, k/theta^2]].
	det := k*trigamma(k) - 1
	seK := math.Sqrt(k / (det * n))
	seT := math.Sqrt(trigamma(k) * theta * theta / (det * n))
	z := zq(level)
	lgk, _ := math.Lgamma(k)
	f := DistFit{Kind: Gamma, Params: [2]Param{logInterval("shape", k, seK, z), logInterval("scale", theta, seT, z)}}
	f.LogLik = (k-1)*n*s.logMean - n*k - n*k*math.Log(theta) - n*lgk
	return f
}

// fitWeibull solves the shape equation
//
//	sum(x^k log x) / sum(x^k) - 1/k - mean(log x) = 0
//
// by safeguarded Newton on the reservoir (every value when the data fit in
// it), with values scaled by their geometric mean so x^k cannot overflow.
func fitWeibull(s *sample, level float64) DistFit {
	xs := s.res
	if s.n < 2 || s.logM2 <= 0 || len(xs) < 2 {
		return failed(Weibull)
	}
	m := float64(len(xs))
	var meanLog float64
	for _, x := range xs {
		meanLog += math.Log(x)
	}
	meanLog /= m
	g := math.Exp(meanLog)
	ys := make([]float64, len(xs))
	top := math.Inf(-1)
	for i, x := range xs {
		ys[i] = math.Log(x / g) // log of the scaled value; its mean is 0
		top = math.Max(top, ys[i])
	}
	// Powers are taken relative to the largest value, exp(k(ly-top)) <= 1,
	// which cannot overflow for any k; the ratios below do not change.
	sums := func(k float64) (a, b, c float64) { // sums of y^k, y^k log y, y^k log^2 y
		for _, ly := range ys {
			p := math.Exp(k * (ly - top))
			a += p
			b += p * ly
			c += p * ly * ly
		}
		return a, b, c
	}
	lo, hi := 1e-3, 1e3
	k := math.Min(hi, math.Max(lo, 1.2/s.logSD()))
	for i := 0; i < 200; i++ {
		a, b, c := sums(k)
		v, dv := b/a-1/k, (c*a-b*b)/(a*a)+1/(k*k)
		if v > 0 {
			hi = k
		} else {
			lo = k
		}
		next := k - v/dv
		if !(next > lo && next < hi) {
			next = math.Sqrt(lo * hi) // bisect on the log scale
		}
		if math.Abs(next-k) < 1e-10*k {
			k = next
			break
		}
		k = next
	}
	a, _, _ := sums(k)
	lambda := g * math.Exp(top) * math.Pow(a/m, 1/k)
	n := float64(s.n)
	// Fisher information (per value) inverted in closed form:
	// var(k) = 6k^2/pi^2, var(lambda) = ((1-gamma)^2 + pi^2/6) 6 lambda^2 / (pi^2 k^2).
	const euler = 0.5772156649015329
	seK := k * math.Sqrt(6/n) / math.Pi
	seL := lambda / k * math.Sqrt(6*((1-euler)*(1-euler)+math.Pi*math.Pi/6)/n) / math.Pi
	z := zq(level)
	f := DistFit{Kind: Weibull, Params: [2]Param{logInterval("shape", k, seK, z), logInterval("scale", lambda, seL, z)}}
	// sum((x/lambda)^k) is n at the MLE; the sum of logs is exact.
	f.LogLik = n*math.Log(k) - n*k*math.Log(lambda) + (k-1)*n*s.logMean - n
	return f
}

// finish computes the AIC and the KS distance (on sorted reservoir values).
func finish(f DistFit, sorted []float64) DistFit {
	if f.OK() {
		f.AIC = 4 - 2*f.LogLik
		f.KS = ksDistance(sorted, f.CDF)
	}
	return f
}

// logInterval is a Wald interval on the log scale, which keeps a positive
// parameter's bounds positive.
func logInterval(name string, v, se, z float64) Param {
	r := math.Exp(z * se / v)
	return Param{name, v, v / r, v * r}
}

func zq(level float64) float64 { return distuv.UnitNormal.Quantile(1 - (1-level)/2) }

// trigamma is psi'(k), the Hurwitz zeta function at 2.
func trigamma(k float64) float64 { return mathext.Zeta(2, k) }

// ksDistance is sup |ECDF - F| over sorted values.
func ksDistance(sorted []float64, cdf func(float64) float64) float64 {
	m := float64(len(sorted))
	var d float64
	for i, x := range sorted {
		f := cdf(x)
		d = math.Max(d, math.Max(float64(i+1)/m-f, f-float64(i)/m))
	}
	return d
}

// fitAll fits the three shapes and picks the best: the lognormal unless
// another's AIC is lower by aicMargin or more.
func fitAll(s *sample, level float64) (fits []DistFit, best int) {
	sorted := s.sorted()
	fits = []DistFit{fitLogNormal(s, level), fitGamma(s, level), fitWeibull(s, level)}
	for i := range fits {
		fits[i] = finish(fits[i], sorted)
	}
	alt := -1
	for i := 1; i < len(fits); i++ {
		if fits[i].OK() && (alt < 0 || fits[i].AIC < fits[alt].AIC) {
			alt = i
		}
	}
	if alt >= 0 && (!fits[0].OK() || fits[alt].AIC <= fits[0].AIC-aicMargin) {
		return fits, alt
	}
	return fits, 0
}

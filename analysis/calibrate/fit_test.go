package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestFitsRecoverTheirOwnShape: 4000 draws of each shape are fitted back
// within their 99% intervals, and the right shape wins by AIC.
func TestFitsRecoverTheirOwnShape(t *testing.T) {
	src := rand.NewPCG(1, 2)
	for _, tc := range []struct {
		kind string
		a, b float64
		rand func() float64
	}{
		{LogNormal, 0.3, 0.9, distuv.LogNormal{Mu: 0.3, Sigma: 0.9, Src: src}.Rand},
		{Gamma, 2.5, 0.8, distuv.Gamma{Alpha: 2.5, Beta: 1 / 0.8, Src: src}.Rand},
		{Weibull, 1.6, 3, distuv.Weibull{K: 1.6, Lambda: 3, Src: src}.Rand},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			s := newSample(DefaultReservoir)
			for i := 0; i < 4000; i++ {
				s.add(tc.rand())
			}
			fits, best := fitAll(s, 0.99)
			if fits[best].Kind != tc.kind {
				t.Errorf("best fit %s (AIC %v), want %s", fits[best].Kind, aics(fits), tc.kind)
			}
			for _, f := range fits {
				if f.Kind != tc.kind {
					continue
				}
				for i, want := range []float64{tc.a, tc.b} {
					p := f.Params[i]
					if !(p.Lo <= want && want <= p.Hi) || !(p.Lo < p.Value && p.Value < p.Hi) {
						t.Errorf("%s %s = %v [%v, %v], true %v", f.Kind, p.Name, p.Value, p.Lo, p.Hi, want)
					}
					if w := (p.Hi - p.Lo) / p.Value; w > 0.25 {
						t.Errorf("%s %s interval %.0f%% of the value: too wide to mean anything", f.Kind, p.Name, 100*w)
					}
				}
				if f.KS > 0.03 {
					t.Errorf("%s KS distance %v to its own data", f.Kind, f.KS)
				}
			}
		})
	}
}

func aics(fits []DistFit) []float64 {
	var out []float64
	for _, f := range fits {
		out = append(out, f.AIC)
	}
	return out
}

// TestFitsOnTheReservoir: past the reservoir's size the lognormal and the
// gamma still use every value exactly, and the Weibull, fitted on the
// reservoir, lands close to the exact fit.
func TestFitsOnTheReservoir(t *testing.T) {
	src := rand.NewPCG(3, 4)
	w := distuv.Weibull{K: 0.8, Lambda: 2, Src: src}
	all, small := newSample(1<<20), newSample(2000)
	for i := 0; i < 50000; i++ {
		x := w.Rand()
		all.add(x)
		small.add(x)
	}
	if len(small.res) != 2000 || small.exact() || !all.exact() {
		t.Fatalf("reservoir holds %d of %d", len(small.res), small.n)
	}
	for _, f := range []func(*sample, float64) DistFit{fitLogNormal, fitGamma} {
		a, b := f(all, 0.95), f(small, 0.95)
		if a.Params != b.Params || a.LogLik != b.LogLik {
			t.Errorf("%s differs with a smaller reservoir: %+v vs %+v", a.Kind, a.Params, b.Params)
		}
	}
	a, b := fitWeibull(all, 0.95), fitWeibull(small, 0.95)
	if math.Abs(a.Params[0].Value/b.Params[0].Value-1) > 0.05 || math.Abs(a.Params[1].Value/b.Params[1].Value-1) > 0.08 {
		t.Errorf("Weibull on 2000 of 50000 values: %+v, on all: %+v", b.Params, a.Params)
	}
}

func TestFitsDegenerate(t *testing.T) {
	for _, xs := range [][]float64{nil, {1}, {2, 2, 2}, {0, -1, math.NaN()}} {
		s := newSample(10)
		for _, x := range xs {
			s.add(x)
		}
		fits, best := fitAll(s, 0.95)
		for _, f := range fits {
			if f.OK() {
				t.Errorf("%v: %s fitted %+v", xs, f.Kind, f.Params)
			}
		}
		if best != 0 {
			t.Errorf("%v: best %d", xs, best)
		}
	}
	s := newSample(10)
	for _, x := range []float64{0, -1, 2, 3} {
		s.add(x)
	}
	if s.n != 2 || s.zero != 2 {
		t.Errorf("kept %d, left out %d; want 2 and 2", s.n, s.zero)
	}
}

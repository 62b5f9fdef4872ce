package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestDistsDrawAsGonum checks that Exponential and LogNormal give gonum's
// distuv draws bit for bit, from a named stream (a *rand.Rand, as models
// pass) and from a bare PCG source, and the same means: the model's
// results were made with gonum's, and golden files hold them to the bit.
func TestDistsDrawAsGonum(t *testing.T) {
	streams := NewStreams(7, "dists")
	for _, tc := range []struct {
		name      string
		ours, ref func(src rand.Source) Dist
	}{
		{"exponential", func(src rand.Source) Dist { return Exponential(0.7, src) },
			func(src rand.Source) Dist { return distuv.Exponential{Rate: 0.7, Src: src} }},
		{"lognormal", func(src rand.Source) Dist { return LogNormal(1.2, 0.8, src) },
			func(src rand.Source) Dist { return distuv.LogNormal{Mu: 1.2, Sigma: 0.8, Src: src} }},
		{"lognormal median p90", func(src rand.Source) Dist { return LogNormalMedianP90(3, 10, src) },
			func(src rand.Source) Dist {
				return distuv.LogNormal{Mu: math.Log(3), Sigma: math.Log(10.0/3) / z90, Src: src}
			}},
	} {
		for _, kind := range []string{"stream", "pcg"} {
			src := func() rand.Source {
				if kind == "stream" {
					return streams.Stream(tc.name)
				}
				return streams.Source(tc.name)
			}
			ours, ref := tc.ours(src()), tc.ref(src())
			if a, b := ours.Mean(), ref.Mean(); a != b {
				t.Errorf("%s: mean %v, gonum's %v", tc.name, a, b)
			}
			for i := range 100_000 {
				if a, b := ours.Rand(), ref.Rand(); math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("%s from a %s, draw %d: %v, gonum's %v", tc.name, kind, i, a, b)
				}
			}
		}
	}
}

package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestQuantileSelectIsTheSortedQuantile checks Samples' quantile of an
// unsorted sample, found by selection, against the quantile of the sorted
// sample, bit for bit, over shapes that trouble quickselect (sorted,
// reversed, all equal, few distinct values, organ pipes) and the values it
// must leave to a sort (NaN, -0 beside +0).
func TestQuantileSelectIsTheSortedQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := []struct {
		name string
		gen  func(n int) []float64
	}{
		{"lognormal", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = math.Exp(rng.NormFloat64())
			}
			return xs
		}},
		{"sorted", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i) / 7
			}
			return xs
		}},
		{"reversed", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n - i)
			}
			return xs
		}},
		{"equal", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = 2.5
			}
			return xs
		}},
		{"few values", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(3)) - 1
			}
			return xs
		}},
		{"organ pipe", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(min(i, n-i))
			}
			return xs
		}},
		{"NaN", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.Float64()
			}
			xs[n/2] = math.NaN()
			return xs
		}},
		{"signed zeros", func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(3) - 1)
			}
			xs[0], xs[n-1] = math.Copysign(0, -1), 0
			return xs
		}},
	}
	ps := []float64{math.Inf(-1), -0.5, 0, 0.01, 0.25, 0.5, 0.85, 0.9, 0.99, 0.999, 1, 1.5, math.NaN()}
	for _, sh := range shapes {
		for _, n := range []int{1, 2, 3, 16, 17, 18, 19, 100, 1001, 20000} {
			base := sh.gen(n)
			sorted := slices.Clone(base)
			sortSample(sorted)
			for _, p := range ps {
				xs := slices.Clone(base)
				got, want := (&Samples{xs: xs}).Quantile(p), QuantileSorted(sorted, p)
				if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Errorf("%s, n=%d, p=%v: selection gives %v, the sorted sample %v", sh.name, n, p, got, want)
				}
			}
		}
	}
	if got := (&Samples{}).Quantile(0.5); !math.IsNaN(got) {
		t.Errorf("quantile of no values: got %v, want NaN", got)
	}
}

// TestSelectKthPlacesTheKth checks SelectKth's promise for every k of
// random samples, and with its partition budget spent at once or after
// one partition, which makes it sort what is left (the path an
// adversarial order would take).
func TestSelectKthPlacesTheKth(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 5, 17, 40, 300} {
		base := make([]float64, n)
		for i := range base {
			base[i] = float64(rng.IntN(n/2 + 1))
		}
		sorted := slices.Clone(base)
		sort.Float64s(sorted)
		for _, budget := range []int{0, 1, -1} {
			for k := 0; k < n; k++ {
				xs := slices.Clone(base)
				if budget < 0 {
					SelectKth(xs, k)
				} else {
					selectKthWithin(xs, k, budget)
				}
				if xs[k] != sorted[k] {
					t.Fatalf("n=%d, budget %d: xs[%d] = %v, want %v", n, budget, k, xs[k], sorted[k])
				}
				for i, x := range xs {
					if (i < k && x > xs[k]) || (i > k && x < xs[k]) {
						t.Fatalf("n=%d, budget %d, k=%d: xs[%d] = %v is on the wrong side of %v", n, budget, k, i, x, xs[k])
					}
				}
				if slices.Sort(xs); !slices.Equal(xs, sorted) {
					t.Fatalf("n=%d, budget %d, k=%d: selection lost or made up values", n, budget, k)
				}
			}
		}
	}
}

// TestSamplesQuantileUnsortedAndSorted asks Samples for quantiles in
// ascending, descending and random order, with observations added between
// some of them, and requires each to be the sorted sample's to the bit:
// every selection after the first reuses the last one's cut, on whichever
// side the new quantile falls, and an Add must forget it. Then Values
// must still sort.
func TestSamplesQuantileUnsortedAndSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ps := []float64{0.5, 0.9, 0.99, 0.85, 0.1, 0, 1, 0.5, 0.25, 0.999, 0.001}
	for _, order := range []string{"ascending", "descending", "random", "with adds"} {
		for _, n := range []int{1, 2, 3, 20, 21, 750, 5000} {
			var s Samples
			var ref []float64
			for range n {
				x := math.Round(rng.ExpFloat64()*50) / 10 // ties, as clock times give
				s.Add(x)
				ref = append(ref, x)
			}
			qs := slices.Clone(ps)
			switch order {
			case "ascending":
				slices.Sort(qs)
			case "descending":
				slices.Sort(qs)
				slices.Reverse(qs)
			default:
				rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
			}
			for k, p := range qs {
				if order == "with adds" && k%3 == 2 {
					x := rng.ExpFloat64() * 5
					s.Add(x)
					ref = append(ref, x)
				}
				sorted := slices.Clone(ref)
				slices.Sort(sorted)
				if got, want := s.Quantile(p), QuantileSorted(sorted, p); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s, n=%d, quantile %d (p=%v): %v, the sorted sample's %v", order, n, k, p, got, want)
				}
			}
			if v := s.Values(); !slices.IsSorted(v) || len(v) != len(ref) {
				t.Fatalf("%s, n=%d: Values after Quantile is not the sorted sample", order, n)
			}
		}
	}
}

// BenchmarkQuantiles compares the p50, p90 and p99 of a lognormal sample
// found by sorting it (sortSample, then QuantileSorted) and by Samples'
// selections, each reusing the last one's cut.
func BenchmarkQuantiles(b *testing.B) {
	for _, n := range []int{100, 750, 10000} {
		rng := rand.New(rand.NewPCG(7, 8))
		base := make([]float64, n)
		for i := range base {
			base[i] = math.Exp(rng.NormFloat64())
		}
		xs := make([]float64, n)
		b.Run(fmt.Sprintf("sort/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(xs, base)
				sortSample(xs)
				for _, p := range []float64{0.5, 0.9, 0.99} {
					QuantileSorted(xs, p)
				}
			}
		})
		b.Run(fmt.Sprintf("select/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(xs, base)
				s := Samples{xs: xs} // as the model asks: three quantiles of one sample
				for _, p := range []float64{0.5, 0.9, 0.99} {
					s.Quantile(p)
				}
			}
		})
	}
}

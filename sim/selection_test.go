package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestQuantileSelectIsTheSortedQuantile checks quantileSelect against the
// quantile of the sorted sample, bit for bit, over shapes that trouble
// quickselect (sorted, reversed, all equal, few distinct values, organ
// pipes) and the values it must leave to a sort (NaN, -0 beside +0).
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
				got, want := quantileSelect(xs, p), QuantileSorted(sorted, p)
				if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Errorf("%s, n=%d, p=%v: selection gives %v, the sorted sample %v", sh.name, n, p, got, want)
				}
			}
		}
	}
	if got := quantileSelect(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("quantile of no values: got %v, want NaN", got)
	}
}

// TestSelectKthPlacesTheKth checks selectKth's promise for every k of
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
					selectKth(xs, k)
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

// TestSamplesQuantileUnsortedAndSorted checks that Samples gives the same
// quantiles whether asked before or after its values were sorted, and
// that asking does not stop Values from sorting.
func TestSamplesQuantileUnsortedAndSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var a, b Samples
	for range 5000 {
		x := rng.ExpFloat64()
		a.Add(x)
		b.Add(x)
	}
	b.Values()
	for _, p := range []float64{0.5, 0.9, 0.99} {
		if qa, qb := a.Quantile(p), b.Quantile(p); qa != qb {
			t.Errorf("p=%v: unsorted sample gives %v, sorted %v", p, qa, qb)
		}
	}
	if !slices.IsSorted(a.Values()) {
		t.Error("Values after Quantile is not sorted")
	}
}

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
				for _, p := range []float64{0.5, 0.9, 0.99} {
					quantileSelect(xs, p)
				}
			}
		})
	}
}

package sim

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// merged is what Samples holds for the same observations: every run's
// values times scale, sorted.
func merged(runs [][]float64, scale float64) []float64 {
	var all []float64
	for _, r := range runs {
		for _, x := range r {
			all = append(all, x*scale)
		}
	}
	sort.Float64s(all)
	return all
}

// sameFloat is equality to the bit, NaN included, but for the sign of a
// zero, which sorting leaves to chance.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a == 0 && b == 0)
}

// checkSortedRuns compares every quantile the model asks for, and the
// extremes, and CountAbove at every value and between, with what the
// merged sample gives.
func checkSortedRuns(t *testing.T, name string, runs [][]float64, scale float64) {
	t.Helper()
	s := NewSortedRuns(scale)
	for _, r := range runs {
		s.Add(r)
	}
	all := merged(runs, scale)
	if s.Count() != len(all) {
		t.Fatalf("%s: Count() = %d, want %d", name, s.Count(), len(all))
	}
	for _, p := range []float64{0, 0.01, 0.25, 0.5, 0.85, 0.9, 0.99, 1, math.NaN(), -1, 2} {
		if got, want := s.Quantile(p), QuantileSorted(all, p); !sameFloat(got, want) {
			t.Fatalf("%s: Quantile(%v) = %v, want %v", name, p, got, want)
		}
	}
	for _, x := range append(slices.Clone(all[:min(len(all), 50)]), -1, 0, 0.5, 1e9) {
		want := 0
		for _, v := range all {
			if v > x {
				want++
			}
		}
		if got := s.CountAbove(x); got != want {
			t.Fatalf("%s: CountAbove(%v) = %d, want %d", name, x, got, want)
		}
	}
}

func sortedRun(r *rand.Rand, n int, tie bool) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.ExpFloat64() * 3
		if tie {
			xs[i] = math.Round(xs[i]*4) / 4
		}
	}
	slices.Sort(xs)
	return xs
}

func TestSortedRunsMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	many := func(k, n int, tie bool) [][]float64 {
		var runs [][]float64
		for range k {
			runs = append(runs, sortedRun(r, r.IntN(n+1), tie))
		}
		return runs
	}
	cases := []struct {
		name  string
		runs  [][]float64
		scale float64
	}{
		{"empty", nil, 1},
		{"empty runs", [][]float64{{}, {}}, 1},
		{"one value", [][]float64{{2}}, 1},
		{"two runs", [][]float64{{1, 3, 5}, {2, 4}}, 1},
		{"all equal", [][]float64{{1, 1, 1}, {1, 1}}, 1},
		{"zeros and negatives", [][]float64{{-3, 0, 0, 2}, {-1, 0}}, 1},
		{"a NaN", [][]float64{{1, 2}, {math.NaN(), 3}}, 1},
		{"days from hours", many(20, 40, false), 1.0 / 24},
		{"a thousand teams with ties", many(1000, 60, true), 1},
		{"a thousand teams, hours to days", many(1000, 60, false), 1.0 / 24},
		{"one long run among short", append(many(50, 5, true), sortedRun(r, 5000, true)), 1},
	}
	for _, c := range cases {
		checkSortedRuns(t, c.name, c.runs, c.scale)
	}
}

// FuzzSortedRuns checks SortedRuns against sorting on any runs: the input's
// bytes are little-endian float64s, cut into runs by cuts, each run sorted.
func FuzzSortedRuns(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6}, uint8(1), uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}, uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, cuts, scaleSel uint8) {
		var xs []float64
		for len(data) >= 8 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if !math.IsInf(x, 0) && math.Abs(x) < 1e300 { // x*scale stays finite
				xs = append(xs, x)
			}
		}
		k := int(cuts)%7 + 1
		runs := make([][]float64, k)
		for i, x := range xs {
			runs[i%k] = append(runs[i%k], x)
		}
		for _, r := range runs {
			sort.Float64s(r)
		}
		scale := []float64{1, 1.0 / 24, 3, 0.1}[int(scaleSel)%4]
		checkSortedRuns(t, "fuzz", runs, scale)
	})
}

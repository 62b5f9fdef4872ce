package sim

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestSamplesValuesSorts checks that Values sorts whatever was added, in
// the shapes a pooled sample takes: sorted parts one after another (which
// sortRuns merges), shuffled values (which it hands to sort.Float64s),
// ties, and a NaN.
func TestSamplesValuesSorts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sortedPart := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Round(r.ExpFloat64()*10) / 10 // ties, as durations rounded
		}
		sort.Float64s(xs)
		return xs
	}
	cases := []struct {
		name string
		xs   []float64
	}{
		{"empty", nil},
		{"one", []float64{3}},
		{"sorted", sortedPart(500)},
		{"two parts", slices.Concat(sortedPart(300), sortedPart(200))},
		{"three parts, odd merge", slices.Concat(sortedPart(300), sortedPart(7), sortedPart(250))},
		{"eight parts", slices.Concat(sortedPart(100), sortedPart(90), sortedPart(80), sortedPart(70), sortedPart(60), sortedPart(50), sortedPart(40), sortedPart(30))},
		{"descending", []float64{5, 4, 3, 2, 1}},
		{"shuffled", func() []float64 {
			xs := sortedPart(1000)
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			return xs
		}()},
		{"NaN", []float64{3, 1, math.NaN(), 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s Samples
			for _, x := range c.xs {
				s.Add(x)
			}
			want := slices.Clone(c.xs)
			sort.Float64s(want)
			got := s.Values()
			if !slices.EqualFunc(got, want, func(a, b float64) bool { return a == b || (a != a && b != b) }) {
				t.Fatalf("Values() = %v, want %v", got, want)
			}
		})
	}
}

// FuzzSortRuns checks sortRuns against sort.Float64s on any input, read as
// two sorted halves (the shape it merges) and as it comes.
func FuzzSortRuns(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		var xs []float64
		for len(data) >= 8 {
			xs = append(xs, math.Float64frombits(binary.LittleEndian.Uint64(data)))
			data = data[8:]
		}
		half := slices.Clone(xs)
		sort.Float64s(half[:len(half)/2])
		sort.Float64s(half[len(half)/2:])
		for _, in := range [][]float64{xs, half} {
			got, want := slices.Clone(in), slices.Clone(in)
			sortRuns(got)
			sort.Float64s(want)
			for i := range got {
				a, b := got[i], want[i]
				if !(a == b || (a != a && b != b)) {
					t.Fatalf("sortRuns(%v) = %v, want %v", in, got, want)
				}
			}
		}
	})
}

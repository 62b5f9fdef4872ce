package sim

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestSamplesValuesSorts checks that Values sorts whatever was added:
// values in order, sorted parts one after another, shuffled values, large
// samples (radix sorted, but for one holding -0), ties, and NaNs.
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
		{"three parts, odd sizes", slices.Concat(sortedPart(300), sortedPart(7), sortedPart(250))},
		{"eight parts", slices.Concat(sortedPart(100), sortedPart(90), sortedPart(80), sortedPart(70), sortedPart(60), sortedPart(50), sortedPart(40), sortedPart(30))},
		{"descending", []float64{5, 4, 3, 2, 1}},
		{"shuffled", func() []float64 {
			xs := sortedPart(1000)
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			return xs
		}()},
		{"NaN", []float64{3, 1, math.NaN(), 2}},
		{"NaN in a run", []float64{1, 2, math.NaN(), 3}},
		{"seventeen parts", func() []float64 {
			var xs []float64
			for range 17 {
				xs = append(xs, sortedPart(40)...)
			}
			return xs
		}()},
		{"shuffled, negatives, +0 (radix)", func() []float64 {
			xs := sortedPart(9000)
			for i := range xs {
				if i%3 == 0 {
					xs[i] = -xs[i] - 1
				}
			}
			xs = append(xs, 0, 0, math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.SmallestNonzeroFloat64)
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			return xs
		}()},
		{"shuffled with -0 (no radix)", func() []float64 {
			xs := append(sortedPart(9000), math.Copysign(0, -1), 0)
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			return xs
		}()},
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

// FuzzRadixSort checks radixSort against sort.Float64s bit for bit on any
// input without NaN or -0 (which sortSample keeps from it), read as
// little-endian float64s and repeated so that inputs of a few values reach
// the sizes the radix sort is used for.
func FuzzRadixSort(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6}, uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf}, uint8(200))
	f.Fuzz(func(t *testing.T, data []byte, reps uint8) {
		var xs []float64
		for len(data) >= 8 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if x == x && !(x == 0 && math.Signbit(x)) {
				xs = append(xs, x)
			}
		}
		var in []float64
		for i := 0; i <= int(reps); i++ {
			for _, x := range xs {
				in = append(in, x*float64(i%5+1))
			}
		}
		in = slices.DeleteFunc(in, func(x float64) bool { return x == 0 && math.Signbit(x) })
		got, want := slices.Clone(in), slices.Clone(in)
		radixSort(got)
		sort.Float64s(want)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("radixSort: element %d is %v, want %v", i, got[i], want[i])
			}
		}
	})
}

// FuzzSortSample checks sortSample against sort.Float64s on any input, read as
// two sorted halves (a pooled sample's shape) and as it comes.
func FuzzSortSample(f *testing.F) {
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
			sortSample(got)
			sort.Float64s(want)
			for i := range got {
				a, b := got[i], want[i]
				if !(a == b || (a != a && b != b)) {
					t.Fatalf("sortSample(%v) = %v, want %v", in, got, want)
				}
			}
		}
	})
}

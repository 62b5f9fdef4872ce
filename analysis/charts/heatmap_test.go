package charts

import (
	"bytes"
	"testing"
)

// TestHeatMapAnnotatesSmallGrids checks the cell-value threshold: values
// are printed on an 8×8 grid and not on a 9×9 one.
func TestHeatMapAnnotatesSmallGrids(t *testing.T) {
	for _, n := range []int{8, 9} {
		g := Grid{XLabel: "x", YLabel: "y"}
		for i := range n {
			g.X = append(g.X, float64(i))
			g.Y = append(g.Y, float64(i))
		}
		for range n {
			row := make([]float64, n)
			for j := range row {
				row[j] = 123.456
			}
			g.Z = append(g.Z, row)
		}
		var b bytes.Buffer
		f := HeatMap("Heat", "z", g)
		if err := f.Encode(&b, "svg"); err != nil {
			t.Fatal(err)
		}
		texts := checkSVG(t, b.Bytes(), "Heat")
		got := 0
		for _, s := range texts {
			if s == "123" {
				got++
			}
		}
		want := 0
		if n <= annotateMax {
			want = n * n
		}
		if got != want {
			t.Errorf("%d×%d grid: %d cell labels, want %d", n, n, got, want)
		}
	}
}

package charts_test

import (
	"bytes"
	"fmt"
	"math"

	"github.com/opsim/opsim/analysis/charts"
	"gonum.org/v1/plot/vg"
)

// A scaling chart: time to resolve against organisation size for two
// designs, written as PNG. Report code would call charts.Save with a path
// ending in .png or .svg instead of encoding to a buffer.
func ExampleScaling() {
	ci := func(m float64) charts.Interval { return charts.Interval{Mean: m, Lo: m * 0.9, Hi: m * 1.1} }
	teams := []float64{5, 10, 20, 40}
	fig := charts.Scaling("Time to resolve vs organisation size", "Teams", "Time to resolve (minutes)", []charts.Curve{
		{Label: "central NOC", X: teams, Y: []charts.Interval{ci(20), ci(26), ci(45), ci(110)}},
		{Label: "team-owned", X: teams, Y: []charts.Interval{ci(30), ci(31), ci(33), ci(36)}},
	})

	var buf bytes.Buffer
	if err := fig.Encode(&buf, "png"); err != nil {
		fmt.Println("error:", err)
		return
	}
	w, h := fig.Size()
	fmt.Println("PNG header:", bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG\r\n\x1a\n")))
	fmt.Printf("size: %.0f×%.0f px at %d dpi\n",
		math.Round(float64(w/vg.Inch)*charts.DPI), math.Round(float64(h/vg.Inch)*charts.DPI), charts.DPI)
	// Output:
	// PNG header: true
	// size: 768×480 px at 96 dpi
}

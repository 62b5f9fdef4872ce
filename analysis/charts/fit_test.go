package charts

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// FitCheck draws the data and every fit in both panels, keeps a large
// sample's SVG small, and says "no data" for nothing to draw.
func TestFitCheck(t *testing.T) {
	src := rand.NewPCG(5, 6)
	d := distuv.LogNormal{Mu: 0, Sigma: 1, Src: src}
	sample := make([]float64, 100000)
	for i := range sample {
		sample[i] = d.Rand()
	}
	sample = append(sample, 0, -1, math.NaN(), math.Inf(1)) // dropped, not drawn
	fits := []FitCurve{
		{Label: "lognormal (chosen)", CDF: d.CDF, Quantile: d.Quantile},
		{Label: "exponential", CDF: distuv.Exponential{Rate: 1 / d.Mean()}.CDF, Quantile: distuv.Exponential{Rate: 1 / d.Mean()}.Quantile},
	}
	var svg bytes.Buffer
	if err := FitCheck("Fit of work, SEV1", "hours", sample, fits).Encode(&svg, "svg"); err != nil {
		t.Fatal(err)
	}
	s := svg.String()
	for _, want := range []string{"ECDF and fitted CDFs", "QQ plot", "lognormal (chosen)", "exponential", "perfect fit", "n=100000", "hours (log scale)"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if svg.Len() > 400_000 {
		t.Errorf("SVG of a 100,000-value sample is %d bytes: points are not thinned", svg.Len())
	}
	var png bytes.Buffer
	if err := FitCheck("t", "hours", sample, fits).Encode(&png, "png"); err != nil || png.Len() == 0 {
		t.Fatalf("png: %v", err)
	}
	for _, empty := range [][]float64{nil, {3}, {2, 2, 2}, {0, -1}} {
		var b bytes.Buffer
		if err := FitCheck("empty", "hours", empty, fits).Encode(&b, "svg"); err != nil || !strings.Contains(b.String(), "no data") {
			t.Errorf("%v: %v, no-data message missing", empty, err)
		}
	}
}

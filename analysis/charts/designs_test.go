package charts

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDesignsDifferBeyondColour(t *testing.T) {
	for i := range 3 {
		for j := i + 1; j < 3; j++ {
			if slices.Equal(designLine(i).Dashes, designLine(j).Dashes) {
				t.Errorf("designs %d and %d share a dash pattern", i, j)
			}
			if designGlyph(i).Shape == designGlyph(j).Shape {
				t.Errorf("designs %d and %d share a marker", i, j)
			}
		}
	}
	ts := func(off float64) Band {
		b := Band{Label: fmt.Sprint(off)}
		for i := range 40 {
			b.T = append(b.T, float64(i))
			b.Mean = append(b.Mean, off+math.Sin(float64(i)/5))
			b.Lo = append(b.Lo, off-1+math.Sin(float64(i)/5))
			b.Hi = append(b.Hi, off+1+math.Sin(float64(i)/5))
		}
		return b
	}
	var buf bytes.Buffer
	if err := TimeSeries("Overlap", "t", "y", []Band{ts(0), ts(0.5)}).Encode(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	// The second design's mean line and its two band edges are dashed.
	if n := strings.Count(buf.String(), "stroke-dasharray"); n < 3 {
		t.Errorf("%d dashed strokes in two overlapping bands, want the second design's line and both its edges", n)
	}
}

// TestTradeoffChangesShareOneRange: both axes of a trade-off of changes
// span one range through zero, so a 0.13% change is not stretched to the
// height of a 35% one.
func TestTradeoffChangesShareOneRange(t *testing.T) {
	pts := []TradeoffPoint{
		{Label: "base", X: Interval{}, Y: Interval{}},
		{Label: "alt", X: Interval{Mean: -34.5, Lo: -35.2, Hi: -33.7}, Y: Interval{Mean: -0.13, Lo: -0.18, Hi: -0.07}},
	}
	xs, ys, n := tradeoffSpans(pts, true)
	if n != 2 || xs != ys || xs.lo != -35.2 || xs.hi != 0 {
		t.Errorf("spans %v and %v, want one range [-35.2, 0]", xs, ys)
	}
	_, ys, _ = tradeoffSpans(pts, false)
	if ys.lo != -0.18 || ys.hi != 0 {
		t.Errorf("levels: y span %v", ys)
	}
}

package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TradeoffPoint is one design placed on two metrics, each with its CI.
type TradeoffPoint struct {
	Label string
	X, Y  Interval
}

// Tradeoff draws one point per design with CI error bars in both
// directions, each labelled with its design name next to the point: with a
// handful of designs, a label at the point is quicker to read than a legend
// lookup. Points with a NaN mean on either axis are left out; a NaN bound
// only drops that direction's error bar.
func Tradeoff(title, xLabel, yLabel string, pts []TradeoffPoint) Figure {
	return tradeoff(title, xLabel, yLabel, pts, false)
}

// TradeoffChanges is Tradeoff for changes against a baseline, in percent:
// both axes span one range that includes zero, with a line at zero on
// each, so the baseline sits where the lines cross and a 0.1% change is
// drawn 0.1% from it, never stretched to the height of the plot.
func TradeoffChanges(title, xLabel, yLabel string, pts []TradeoffPoint) Figure {
	return tradeoff(title, xLabel, yLabel, pts, true)
}

func tradeoff(title, xLabel, yLabel string, pts []TradeoffPoint, changes bool) Figure {
	xs, ys, n := tradeoffSpans(pts, changes)
	if n == 0 {
		return noData(title, chartW, chartH)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		p := newPlot(title, xLabel, yLabel)
		addGrid(p, true)
		if changes {
			p.Add(zeroLine{}, zeroLineY{})
		}
		xlo, xhi := xs.padded(0.08)
		for i, q := range pts {
			if !finite(q.X.Mean) || !finite(q.Y.Mean) {
				continue
			}
			xy := plotter.XYs{{X: q.X.Mean, Y: q.Y.Mean}}
			es := draw.LineStyle{Color: DesignColor(i), Width: vg.Points(1.3)}
			if q.X.ok() {
				p.Add(&plotter.XErrorBars{XYs: xy, CapWidth: vg.Points(7), LineStyle: es,
					XErrors: plotter.XErrors{{Low: q.X.Mean - q.X.Lo, High: q.X.Hi - q.X.Mean}}})
			}
			if q.Y.ok() {
				p.Add(&plotter.YErrorBars{XYs: xy, CapWidth: vg.Points(7), LineStyle: es,
					YErrors: plotter.YErrors{{Low: q.Y.Mean - q.Y.Lo, High: q.Y.Hi - q.Y.Mean}}})
			}
			g := designGlyph(i)
			g.Radius = vg.Points(5)
			p.Add(&plotter.Scatter{XYs: xy, GlyphStyle: g})

			// Put the name on the side of the point facing the middle of
			// the plot, so labels near the right edge do not run off it.
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: []string{q.Label}})
			if err != nil {
				continue
			}
			sty := textStyle(labelSize - 1)
			sty.YAlign = draw.YBottom
			sty.XAlign = draw.XLeft
			l.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(4)}
			if (q.X.Mean-xlo)/(xhi-xlo) > 0.7 {
				sty.XAlign = draw.XRight
				l.Offset.X = -l.Offset.X
			}
			l.TextStyle[0] = sty
			p.Add(l)
		}
		p.X.Min, p.X.Max = xlo, xhi
		p.Y.Min, p.Y.Max = ys.padded(0.08)
		p.Draw(dc)
	}}
}

// tradeoffSpans are the data ranges of the points that can be drawn (n of
// them). For changes, both are one range that includes zero.
func tradeoffSpans(pts []TradeoffPoint, changes bool) (xs, ys span, n int) {
	xs, ys = newSpan(), newSpan()
	for _, q := range pts {
		if !finite(q.X.Mean) || !finite(q.Y.Mean) {
			continue
		}
		n++
		xs.add(q.X.Mean)
		ys.add(q.Y.Mean)
		if q.X.ok() {
			xs.add(q.X.Lo, q.X.Hi)
		}
		if q.Y.ok() {
			ys.add(q.Y.Lo, q.Y.Hi)
		}
	}
	if changes && n > 0 {
		xs.add(0, ys.lo, ys.hi)
		ys = xs
	}
	return xs, ys, n
}

// zeroLineY marks zero on the Y axis across the data area.
type zeroLineY struct{}

func (zeroLineY) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(0)
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x30}, Width: vg.Points(1.2)}, c.Min.X, y, c.Max.X, y)
}

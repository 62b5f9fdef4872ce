package charts

import (
	"image/color"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BoxPlots draws one Tukey box plot per design (box = quartiles, whiskers
// to the last point within 1.5 IQR, outliers as rings). samples[i] belongs
// to designs[i]; NaN and ±Inf samples are dropped, and each axis label shows
// how many samples remained, because a box over three points should not be
// read like one over three thousand.
func BoxPlots(title, unit string, designs []string, samples [][]float64) Figure {
	if len(designs) == 0 {
		return noData(title, chartW, chartH)
	}
	clean := make([][]float64, len(designs))
	some := false
	for i := range designs {
		if i < len(samples) {
			clean[i] = finiteOnly(samples[i])
		}
		some = some || len(clean[i]) > 0
	}
	if !some {
		return noData(title, chartW, chartH)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		yl := unit
		if yl == "" {
			yl = "value"
		}
		p := newPlot(title, "", yl)
		addGrid(p, false)
		slot := (chartW - 1.2*vg.Inch) / vg.Length(len(designs))
		bw := min(vg.Points(60), slot/2)
		s := newSpan()
		names := make([]string, len(designs))
		for i, d := range designs {
			names[i] = d + "\nn=" + strconv.Itoa(len(clean[i]))
			if len(clean[i]) == 0 {
				continue
			}
			s.add(clean[i]...)
			b, err := plotter.NewBoxPlot(bw, float64(i), plotter.Values(clean[i]))
			if err != nil {
				continue
			}
			col := DesignColor(i)
			b.FillColor = fade(col, 0x90)
			b.BoxStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
			b.MedianStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(2.2)}
			b.WhiskerStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
			b.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.RingGlyph{}}
			p.Add(b)
		}
		nominalX(p, names, chartW-1.2*vg.Inch)
		setY(p, s, false)
		p.Draw(dc)
	}}
}

// ECDF draws the empirical cumulative distribution of each design's
// samples as a step line. Unlike box plots it shows every sample, so
// multi-modal outcomes (e.g. incidents that are either caught at once or
// missed for a shift) stay visible. The X axis is linear and spans all data;
// each curve is extended flat to the common range so curves that end early
// still read as "all samples below here".
func ECDF(title, unit string, designs []string, samples [][]float64) Figure {
	clean := make([][]float64, len(designs))
	s := newSpan()
	for i := range designs {
		if i < len(samples) {
			clean[i] = finiteOnly(samples[i])
			sort.Float64s(clean[i])
			s.add(clean[i]...)
		}
	}
	if s.empty() {
		return noData(title, chartW, chartH)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		xl := unit
		if xl == "" {
			xl = "value"
		}
		p := newPlot(title, xl, "Cumulative fraction of samples")
		addGrid(p, true)
		leg := newLegend()
		xlo, xhi := s.padded(0.03)
		for i, d := range designs {
			v := clean[i]
			if len(v) == 0 {
				continue
			}
			n := float64(len(v))
			xys := make(plotter.XYs, 0, len(v)+3)
			xys = append(xys, plotter.XY{X: xlo, Y: 0}, plotter.XY{X: v[0], Y: 0})
			for j, x := range v {
				xys = append(xys, plotter.XY{X: x, Y: float64(j+1) / n})
			}
			xys = append(xys, plotter.XY{X: xhi, Y: 1})
			l, err := plotter.NewLine(xys)
			if err != nil {
				continue
			}
			l.StepStyle = plotter.PostStep
			l.LineStyle = designLine(i)
			p.Add(l)
			leg.Add(d+" (n="+strconv.Itoa(len(v))+")", l)
		}
		p.X.Min, p.X.Max = xlo, xhi
		p.Y.Min, p.Y.Max = 0, 1.02
		p.Y.Tick.Marker = plot.ConstantTicks{
			{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"},
			{Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"},
		}
		outsideLegend(dc, p, leg)
	}}
}

// finiteOnly copies the finite values: gonum's box plot and our ECDF both
// need NaN-free input, and the caller's slice must not be reordered.
func finiteOnly(vs []float64) []float64 {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		if finite(v) {
			out = append(out, v)
		}
	}
	return out
}

package charts

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is one design's metric over a sweep parameter (e.g. number of
// teams). X and Y are parallel; points need not be sorted.
type Curve struct {
	Label string
	X     []float64
	Y     []Interval
}

// ScalingPanel is one metric of a ScalingPanels figure.
type ScalingPanel struct {
	Title, XLabel, YLabel string
	Curves                []Curve
	// Marks are drawn as labelled vertical lines, e.g. where a design
	// breaks.
	Marks []Mark
}

// Mark is a labelled vertical line at X in a design's colour and dash
// pattern; the label names it, so the colour is not the only cue.
type Mark struct {
	Design string
	X      float64
	Label  string
}

// Scaling draws a metric against a sweep parameter: per design a line
// through the means, a CI band and a marker at every measured point — the
// "works at 5 teams, breaks at 40" picture. When the sweep has few values
// the X ticks sit exactly on them, so the reader sees what was run rather
// than interpolated round numbers.
func Scaling(title, xLabel, yLabel string, curves []Curve) Figure {
	idx := designIndex{}
	p, ok := scalingPlot(title, xLabel, yLabel, curves, idx)
	if !ok {
		return noData(title, chartW, chartH)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		outsideLegend(dc, p(), scalingLegend(curves, idx))
	}}
}

// ScalingPanels puts several scaling metrics side by side with aligned data
// areas and one shared legend, since the designs are the same in every
// panel and repeating the legend would only steal space. Up to four panels
// stand in one row, so that the curves are read against one sweep axis
// and the figure fits a screen's width without its height; more wrap
// three to a row. A design keeps its colour across panels by first
// appearance.
func ScalingPanels(title string, panels []ScalingPanel) Figure {
	if len(panels) == 0 {
		return noData(title, chartW, chartH)
	}
	idx := designIndex{}
	var all []Curve
	for _, pn := range panels {
		for _, c := range pn.Curves {
			idx.of(c.Label)
			all = append(all, c)
		}
	}
	builders := make([]func() *plot.Plot, len(panels))
	some := false
	for i, pn := range panels {
		b, ok := scalingPlot(pn.Title, pn.XLabel, pn.YLabel, pn.Curves, idx)
		if ok && len(pn.Marks) > 0 {
			b = withMarks(b, pn.Marks, idx)
		}
		if ok {
			some = true
			builders[i] = b
		} else {
			t := pn.Title
			builders[i] = func() *plot.Plot { return noDataPlot(t) }
		}
	}
	if !some {
		return noData(title, chartW, chartH)
	}
	cols := len(panels)
	if cols > 4 {
		cols = 3
	}
	rows := (len(panels) + cols - 1) / cols
	w := vg.Length(cols)*stripW + 1.8*vg.Inch
	h := vg.Length(rows)*stripH + 0.5*vg.Inch
	return &fig{w: w, h: h, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		plots := make([]*plot.Plot, len(builders))
		for i, b := range builders {
			plots[i] = b()
			plots[i].Title.TextStyle.Font.Size = labelSize + 1
		}
		leg := scalingLegend(all, idx)
		panelsBesideLegend(dc, plots, cols, leg)
	}}
}

// scalingPlot validates the curves up front (so an all-NaN input becomes a
// "no data" figure) and returns a builder, because a plot.Plot is consumed
// by drawing and each Encode needs a fresh one.
func scalingPlot(title, xLabel, yLabel string, curves []Curve, idx designIndex) (func() *plot.Plot, bool) {
	xs, ys := newSpan(), newSpan()
	var allX []float64
	for _, c := range curves {
		idx.of(c.Label)
		for j, x := range c.X {
			if j >= len(c.Y) || !finite(x) || !finite(c.Y[j].Mean) {
				continue
			}
			xs.add(x)
			ys.add(c.Y[j].Mean)
			if c.Y[j].ok() {
				ys.add(c.Y[j].Lo, c.Y[j].Hi)
			}
			allX = append(allX, x)
		}
	}
	if xs.empty() {
		return nil, false
	}
	return func() *plot.Plot {
		p := newPlot(title, xLabel, yLabel)
		addGrid(p, true)
		for _, c := range curves {
			addCurve(p, idx.of(c.Label), c)
		}
		setX(p, xs)
		setY(p, ys, false)
		sweepTicks(p, allX)
		return p
	}, true
}

// addCurve draws one design: band where consecutive points both have a CI,
// an error bar where a point's CI stands alone, the mean line, and markers.
func addCurve(p *plot.Plot, di int, c Curve) {
	type pt struct {
		x  float64
		iv Interval
	}
	var pts []pt
	for j, x := range c.X {
		if j < len(c.Y) && finite(x) && finite(c.Y[j].Mean) {
			pts = append(pts, pt{x, c.Y[j]})
		}
	}
	if len(pts) == 0 {
		return
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	n := len(pts)
	x := make([]float64, n)
	m := make([]float64, n)
	lo := make([]float64, n)
	hi := make([]float64, n)
	for j, q := range pts {
		x[j], m[j] = q.x, q.iv.Mean
		lo[j], hi[j] = nan, nan
		if q.iv.ok() {
			lo[j], hi[j] = q.iv.Lo, q.iv.Hi
		}
	}
	addBandAndLine(p, di, x, m, lo, hi)
	var lone plotter.XYs
	var loneErr plotter.YErrors
	for _, run := range runs(n, func(j int) bool { return finite(lo[j]) }) {
		if len(run) == 1 {
			j := run[0]
			lone = append(lone, plotter.XY{X: x[j], Y: m[j]})
			loneErr = append(loneErr, struct{ Low, High float64 }{m[j] - lo[j], hi[j] - m[j]})
		}
	}
	if len(lone) > 0 {
		eb := &plotter.YErrorBars{XYs: lone, YErrors: loneErr, CapWidth: vg.Points(6),
			LineStyle: draw.LineStyle{Color: DesignColor(di), Width: vg.Points(1.2)}}
		p.Add(eb)
	}
	xys := make(plotter.XYs, n)
	for j := range x {
		xys[j] = plotter.XY{X: x[j], Y: m[j]}
	}
	sc, err := plotter.NewScatter(xys)
	if err == nil {
		sc.GlyphStyle = designGlyph(di)
		p.Add(sc)
	}
}

// scalingLegend has one entry per design (first appearance), showing band,
// line and marker together as they appear in the plot.
func scalingLegend(curves []Curve, idx designIndex) plot.Legend {
	leg := newLegend()
	seen := map[string]bool{}
	for _, c := range curves {
		if seen[c.Label] {
			continue
		}
		seen[c.Label] = true
		i := idx.of(c.Label)
		band := &plotter.Polygon{Color: fade(DesignColor(i), 0x48)}
		line := &plotter.Line{LineStyle: designLine(i)}
		mark := &plotter.Scatter{GlyphStyle: designGlyph(i)}
		leg.Add(c.Label, band, line, mark)
	}
	return leg
}

// The size of one scaling panel: narrower and lower than a comparison
// panel, so that four stand in a row across a screen.
const (
	stripW = 3.1 * vg.Inch
	stripH = 3.0 * vg.Inch
)

// withMarks adds vertical marks to the plots a builder makes.
func withMarks(b func() *plot.Plot, marks []Mark, idx designIndex) func() *plot.Plot {
	return func() *plot.Plot {
		p := b()
		for i, m := range marks {
			p.Add(markLine{m: m, di: idx.of(m.Design), row: i})
		}
		return p
	}
}

// markLine draws a Mark across the data area with its label at the top,
// in the design's colour and its line's dash pattern.
type markLine struct {
	m   Mark
	di  int
	row int // the mark's place among its panel's marks: labels stack, never overlap
}

// DataRange makes the panel's X axis reach the mark, so a mark past a
// curve's last point (a design that has no steady state from there on)
// stays inside its panel; it leaves the Y axis alone.
func (ml markLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	return ml.m.X, ml.m.X, math.Inf(1), math.Inf(-1)
}

func (ml markLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(ml.m.X)
	ls := designLine(ml.di)
	ls.Width = vg.Points(1.2)
	ls.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
	if ml.m.Label == "" {
		return
	}
	sty := textStyle(noteSize)
	sty.Color = DesignColor(ml.di)
	sty.YAlign = draw.YTop
	// The label sits on the side of the line with room for it, so that it
	// runs neither off the panel nor over the axis.
	w := sty.Width(ml.m.Label)
	at := vg.Point{X: x + vg.Points(3), Y: c.Max.Y - vg.Points(2) - vg.Length(ml.row)*(sty.Height(ml.m.Label)+vg.Points(2))}
	if at.X+w > c.Max.X {
		at.X = x - vg.Points(3) - w
	}
	sty.XAlign = draw.XLeft
	// A white patch under the label keeps it legible over the curves.
	pad := vg.Points(1.5)
	box := vg.Rectangle{Min: vg.Point{X: at.X - pad, Y: at.Y - sty.Height(ml.m.Label) - pad}, Max: vg.Point{X: at.X + w + pad, Y: at.Y + pad}}
	c.SetColor(fade(color.White, 0xE0))
	c.Fill(box.Path())
	c.FillText(sty, at, ml.m.Label)
}

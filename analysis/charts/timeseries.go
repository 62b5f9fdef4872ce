package charts

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Band is one design's time series across replications: the mean at each
// time and a lo..hi band (a CI or a percentile range — the chart does not
// care). T, Mean, Lo and Hi are parallel; a missing or NaN entry breaks the
// line or band there instead of drawing a false straight segment across
// the gap.
type Band struct {
	Label           string
	T, Mean, Lo, Hi []float64
}

// TimeSeries draws one mean line plus a translucent band per design, with
// the legend beside the plot so it never hides a band.
func TimeSeries(title, xLabel, yLabel string, bands []Band) Figure {
	xs, ys := newSpan(), newSpan()
	for _, b := range bands {
		bandSpan(b, &xs, &ys)
	}
	if xs.empty() {
		return noData(title, chartW, chartH)
	}
	return &fig{w: chartW, h: chartH, draw: func(dc draw.Canvas) {
		p := newPlot(title, xLabel, yLabel)
		addGrid(p, true)
		leg := newLegend()
		for i, b := range bands {
			thumbs := addBandAndLine(p, i, b.T, b.Mean, b.Lo, b.Hi)
			if len(thumbs) > 0 {
				leg.Add(b.Label, thumbs...)
			}
		}
		p.X.Min, p.X.Max = xs.lo, xs.hi
		if xs.lo == xs.hi {
			setX(p, xs)
		}
		setY(p, ys, false)
		outsideLegend(dc, p, leg)
	}}
}

// SeriesPanel is one panel of a TimeSeriesPanels figure, e.g. one sweep
// point.
type SeriesPanel struct {
	Title string
	Bands []Band
}

// TimeSeriesPanels draws small multiples of TimeSeries, one panel per
// entry (up to three to a row), with one shared Y axis range so that panels
// compare by height, and one legend for the designs, which are the same in
// every panel. A design keeps its colour, dash and marker across panels by
// its position in each panel's bands.
func TimeSeriesPanels(title, xLabel, yLabel string, panels []SeriesPanel) Figure {
	xs, ys := newSpan(), newSpan()
	for _, pn := range panels {
		for _, b := range pn.Bands {
			bandSpan(b, &xs, &ys)
		}
	}
	if xs.empty() {
		return noData(title, chartW, chartH)
	}
	cols, rows := gridShape(len(panels))
	w := vg.Length(cols)*stripW + 1.8*vg.Inch
	h := vg.Length(rows)*stripH + 0.5*vg.Inch
	return &fig{w: w, h: h, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		leg := newLegend()
		plots := make([]*plot.Plot, len(panels))
		for k, pn := range panels {
			p := newPlot(pn.Title, xLabel, yLabel)
			p.Title.TextStyle.Font.Size = labelSize + 1
			addGrid(p, true)
			for i, b := range pn.Bands {
				thumbs := addBandAndLine(p, i, b.T, b.Mean, b.Lo, b.Hi)
				if k == 0 && len(thumbs) > 0 {
					leg.Add(b.Label, thumbs...)
				}
			}
			p.X.Min, p.X.Max = xs.lo, xs.hi
			if xs.lo == xs.hi {
				setX(p, xs)
			}
			setY(p, ys, false)
			plots[k] = p
		}
		panelsBesideLegend(dc, plots, cols, leg)
	}}
}

// bandSpan adds a band's finite times and values to the spans.
func bandSpan(b Band, xs, ys *span) {
	for i, t := range b.T {
		if !finite(t) {
			continue
		}
		m, lo, hi := at(b.Mean, i), at(b.Lo, i), at(b.Hi, i)
		if finite(m) {
			xs.add(t)
			ys.add(m)
		}
		if finite(lo) && finite(hi) {
			xs.add(t)
			ys.add(lo, hi)
		}
	}
}

// at reads vs[i], treating a short slice as missing data rather than a bug
// worth a panic.
func at(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return nan
}

// addBandAndLine adds design i's band (as polygons over runs where lo and
// hi are known) and mean line (as runs where the mean is known) and
// returns what its legend entry should show.
func addBandAndLine(p *plot.Plot, i int, x, mean, lo, hi []float64) []plot.Thumbnailer {
	var thumbs []plot.Thumbnailer
	var bandThumb, lineThumb plot.Thumbnailer
	for _, run := range runs(len(x), func(j int) bool { return finite(x[j]) && finite(at(lo, j)) && finite(at(hi, j)) }) {
		ring := make(plotter.XYs, 0, 2*len(run))
		for _, j := range run {
			ring = append(ring, plotter.XY{X: x[j], Y: lo[j]})
		}
		for k := len(run) - 1; k >= 0; k-- {
			j := run[k]
			ring = append(ring, plotter.XY{X: x[j], Y: hi[j]})
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			continue
		}
		poly.Color = fade(DesignColor(i), 0x38)
		poly.LineStyle.Width = 0
		p.Add(poly)
		bandThumb = poly
		// Edges in the design's dash pattern: where two bands overlap
		// their blended fill says nothing about which is which, but the
		// edges still do.
		for _, edge := range [][]float64{lo, hi} {
			xys := make(plotter.XYs, len(run))
			for k, j := range run {
				xys[k] = plotter.XY{X: x[j], Y: edge[j]}
			}
			if l, err := plotter.NewLine(xys); err == nil {
				l.LineStyle = designLine(i)
				l.LineStyle.Width = vg.Points(0.7)
				l.LineStyle.Color = fade(DesignColor(i), 0xB0)
				p.Add(l)
			}
		}
	}
	for _, run := range runs(len(x), func(j int) bool { return finite(x[j]) && finite(at(mean, j)) }) {
		xys := make(plotter.XYs, len(run))
		for k, j := range run {
			xys[k] = plotter.XY{X: x[j], Y: mean[j]}
		}
		if len(xys) == 1 {
			// A lone point has no segment to draw; show it as a marker.
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				continue
			}
			sc.GlyphStyle = designGlyph(i)
			p.Add(sc)
			if lineThumb == nil {
				lineThumb = sc
			}
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			continue
		}
		l.LineStyle = designLine(i)
		p.Add(l)
		lineThumb = l
		if sc := sparseMarkers(xys, i); sc != nil {
			p.Add(sc)
			lineThumb = thumbs2{l, sc}
		}
	}
	if bandThumb != nil {
		thumbs = append(thumbs, bandThumb)
	}
	if lineThumb != nil {
		thumbs = append(thumbs, lineThumb)
	}
	return thumbs
}

// runs splits 0..n-1 into maximal runs of consecutive indices where ok
// holds.
func runs(n int, ok func(int) bool) [][]int {
	var out [][]int
	var cur []int
	for j := 0; j < n; j++ {
		if ok(j) {
			cur = append(cur, j)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// sparseMarkers puts design i's marker on every so many points of a long
// line (about ten per line, offset per design so two designs' markers do
// not sit on each other), a cue that survives greyscale and overlapping
// colours. Short lines get none: their points are few enough to read.
func sparseMarkers(xys plotter.XYs, i int) *plotter.Scatter {
	const perLine = 10
	if len(xys) < 3*perLine {
		return nil
	}
	every := len(xys) / perLine
	var at plotter.XYs
	for j := (i*every/3 + every/2) % every; j < len(xys); j += every {
		at = append(at, xys[j])
	}
	sc, err := plotter.NewScatter(at)
	if err != nil {
		return nil
	}
	sc.GlyphStyle = designGlyph(i)
	return sc
}

// thumbs2 shows two plotters in one legend entry (a line and its markers).
type thumbs2 [2]plot.Thumbnailer

func (t thumbs2) Thumbnail(c *draw.Canvas) {
	t[0].Thumbnail(c)
	t[1].Thumbnail(c)
}

package charts

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
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
		poly.Color = fade(DesignColor(i), 0x48)
		poly.LineStyle.Width = 0
		p.Add(poly)
		bandThumb = poly
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

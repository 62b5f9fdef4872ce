package charts

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FitCurve is a distribution fitted to a sample, given by its CDF and
// quantile function so that any family can be drawn.
type FitCurve struct {
	Label    string
	CDF      func(float64) float64
	Quantile func(float64) float64
}

// Points drawn at most per curve: a QQ plot of 200 quantiles and an ECDF
// of 1000 steps show every feature a reader can see, and keep the SVG of a
// million-row sample small.
const (
	qqPoints   = 200
	ecdfPoints = 1000
)

// FitCheck shows how well distributions fit a positive sample (durations,
// say): on the left the sample's ECDF with each fitted CDF, on the right a
// QQ plot of the sample's quantiles against each fit's, with the line on
// which a perfect fit would lie. Both X axes, and the QQ plot's Y axis, are
// logarithmic, because durations span orders of magnitude and the tail is
// where fits differ. Values that are not positive and finite are dropped.
func FitCheck(title, unit string, sample []float64, fits []FitCurve) Figure {
	var v []float64
	for _, x := range sample {
		if x > 0 && finite(x) {
			v = append(v, x)
		}
	}
	slices.Sort(v)
	const w, h = 11 * vg.Inch, 4.6 * vg.Inch
	if len(v) < 2 || v[0] == v[len(v)-1] {
		return noData(title, w, h)
	}
	if unit == "" {
		unit = "value"
	}
	return &fig{w: w, h: h, draw: func(dc draw.Canvas) {
		dc = figureTitle(dc, title)
		left := draw.Crop(dc, 0, -(dc.Max.X-dc.Min.X)/2, 0, 0)
		right := draw.Crop(dc, (dc.Max.X-dc.Min.X)/2, 0, 0, 0)
		ecdfPanel(v, unit, fits).Draw(left)
		qqPanel(v, unit, fits).Draw(right)
	}}
}

// thin picks at most k order statistics of sorted v, evenly spaced.
func thin(v []float64, k int) (xs, ps []float64) {
	n := len(v)
	m := min(n, k)
	for i := 0; i < m; i++ {
		j := i * (n - 1) / max(1, m-1)
		xs = append(xs, v[j])
		ps = append(ps, float64(j+1)/float64(n))
	}
	return xs, ps
}

func logAxis(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = plot.LogTicks{Prec: -1}
}

func ecdfPanel(v []float64, unit string, fits []FitCurve) *plot.Plot {
	p := newPlot("ECDF and fitted CDFs", unit+" (log scale)", "Cumulative fraction")
	addGrid(p, true)
	xs, ps := thin(v, ecdfPoints)
	data := make(plotter.XYs, len(xs))
	for i := range xs {
		data[i] = plotter.XY{X: xs[i], Y: ps[i]}
	}
	if l, err := plotter.NewLine(data); err == nil {
		l.StepStyle = plotter.PostStep
		l.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(2.5)}
		p.Add(l)
		p.Legend.Add("data (n="+strconv.Itoa(len(v))+")", l)
	}
	lo, hi := v[0], v[len(v)-1]
	for i, f := range fits {
		const steps = 120
		curve := make(plotter.XYs, 0, steps+1)
		for k := 0; k <= steps; k++ {
			x := lo * math.Pow(hi/lo, float64(k)/steps)
			if y := f.CDF(x); finite(y) {
				curve = append(curve, plotter.XY{X: x, Y: y})
			}
		}
		if len(curve) < 2 {
			continue
		}
		if l, err := plotter.NewLine(curve); err == nil {
			l.LineStyle = designLine(i)
			l.LineStyle.Width = vg.Points(1.6)
			p.Add(l)
			p.Legend.Add(f.Label, l)
		}
	}
	logAxis(&p.X)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 1.02
	p.Legend.Left, p.Legend.Top = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(6)
	return p
}

func qqPanel(v []float64, unit string, fits []FitCurve) *plot.Plot {
	p := newPlot("QQ plot", "Fitted quantile, "+unit, "Observed quantile, "+unit)
	addGrid(p, true)
	m := min(len(v), qqPoints)
	s := newSpan()
	s.add(v[0], v[len(v)-1])
	for i, f := range fits {
		pts := make(plotter.XYs, 0, m)
		for k := 0; k < m; k++ {
			q := (float64(k) + 0.5) / float64(m)
			x, y := f.Quantile(q), stat.Quantile(q, stat.LinInterp, v, nil)
			if x > 0 && finite(x) {
				pts = append(pts, plotter.XY{X: x, Y: y})
				s.add(x)
			}
		}
		if len(pts) == 0 {
			continue
		}
		if sc, err := plotter.NewScatter(pts); err == nil {
			sc.GlyphStyle = designGlyph(i)
			sc.GlyphStyle.Radius = vg.Points(2.2)
			p.Add(sc)
			p.Legend.Add(f.Label, sc)
		}
	}
	if l, err := plotter.NewLine(plotter.XYs{{X: s.lo, Y: s.lo}, {X: s.hi, Y: s.hi}}); err == nil {
		l.LineStyle = draw.LineStyle{Color: color.Gray{0x60}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(l)
		p.Legend.Add("perfect fit", l)
	}
	logAxis(&p.X)
	logAxis(&p.Y)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = s.lo, s.hi, s.lo, s.hi
	p.Legend.Left, p.Legend.Top = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), -vg.Points(6)
	return p
}
